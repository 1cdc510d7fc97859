//! The protocol words that the configuration and the flows share: the
//! authorization request's own parameter names, the token type hints of a
//! revocation request, the ID-token algorithms a configuration may allow.
//!
//! They sit here, below both, so that the configuration reader does not
//! import the flows that read the configuration.

use super::jwks::JwsAlgorithm;
use serde::{Deserialize, Serialize};

/// Parameters the flow sets itself; extra parameters with these names
/// (ASCII case-insensitive) are skipped. `request` and `request_uri` are
/// included because a request object would override all the others.
pub(crate) const RESERVED_PARAMS: &[&str] = &[
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "nonce",
    "code_challenge",
    "code_challenge_method",
    "prompt",
    "login_hint",
    "max_age",
    "ui_locales",
    "identity_provider",
    "idp_identifier",
    "response_mode",
    "request",
    "request_uri",
];

/// The ID-token algorithms allowed by default, and the only ones the
/// configuration key `id_token_signing_alg_values` may name: RS256 (the one
/// OpenID Connect Core 1.0 §15.1 requires providers to support), PS256 and
/// ES256.
pub const DEFAULT_ID_TOKEN_ALGORITHMS: &[JwsAlgorithm] = &[
    JwsAlgorithm::Rs256,
    JwsAlgorithm::Ps256,
    JwsAlgorithm::Es256,
];

/// Which kind of token a revocation request names (RFC 7009 §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenTypeHint {
    /// `refresh_token`: revoking it ends the grant, and with most providers
    /// the access tokens issued from it.
    RefreshToken,
    /// `access_token` (Cognito's revocation endpoint refuses these).
    AccessToken,
}

impl TokenTypeHint {
    /// The `token_type_hint` value: `refresh_token` or `access_token`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            TokenTypeHint::RefreshToken => "refresh_token",
            TokenTypeHint::AccessToken => "access_token",
        }
    }
}
