//! The protocol core: OAuth 2.0 authorization code + PKCE and OpenID Connect,
//! sans-IO.
//!
//! Nothing in this module performs I/O, reads a clock or draws randomness on
//! its own. Functions take plain inputs and return plain outputs, and the
//! browser layer does the rest:
//!
//! 1. [`AuthConfig::from_json`] reads the hosted page's configuration;
//!    [`AuthConfig::metadata_source`] says whether to fetch
//!    [`discovery_request`] (read with
//!    [`ProviderMetadata::from_discovery_response`]) or use static metadata.
//! 2. [`begin`] returns the authorization URL and a [`PendingAuthorization`],
//!    which the browser layer stores
//!    ([`PendingAuthorization::to_storage_string`]) before navigating.
//! 3. On return, [`is_callback`] recognizes the redirect; the browser layer
//!    takes the pending state out of storage and hands it to [`complete`],
//!    which consumes it and returns a [`CodeExchange`] holding the token
//!    [`HttpRequest`].
//! 4. [`parse_token_response`] reads the token endpoint's [`HttpResponse`];
//!    [`DecodedIdToken::decode`], an [`IdTokenSignatureVerifier`] and
//!    [`validate_claims`] check the ID token; [`Session::establish`] builds the
//!    session, with its expiry on the local clock ([`access_token_expiry`],
//!    [`clock_drift_secs`]).
//! 5. While signed in, the browser layer polls [`decide`] (on a timer from
//!    [`next_decision_at`], on `visibilitychange` and `focus`, before handing
//!    out the access token), which answers with a [`SessionDecision`] under
//!    the configured [`RefreshPolicy`].
//! 6. To refresh, it sends [`refresh_request`], reads the answer with
//!    [`parse_token_response`] and applies it with [`apply_refresh`]; a failure
//!    goes to [`classify_refresh_error`]: [`RefreshFailure::SignOut`] with a
//!    [`SignOutReason`], or [`RefreshFailure::Retry`] after
//!    [`retry_delay_ms`].
//! 7. To sign out, it forgets the session, revokes the tokens listed in
//!    [`AuthConfig::revoke_token_types`] ([`revocation_request`],
//!    [`check_revocation_response`]), and navigates to the provider's logout
//!    page from [`end_session`], keeping the [`PendingLogout`]. On return,
//!    [`is_logout_callback`] recognizes the redirect and [`complete_logout`]
//!    checks it.
//!
//! Randomness comes in as `&mut dyn FnMut(&mut [u8])` and time as
//! [`UnixTime`], so tests are exact. Secrets are wrapped in types that never
//! print themselves ([`secret`]). Each concern has its own error type, gathered
//! in [`AuthError`] with a stable [`AuthError::code`].
//!
//! This module depends on no browser crate, so it builds and tests natively.

pub mod authorization;
pub mod callback;
pub mod cognito;
pub mod config;
mod config_error;
pub mod error;
mod expiry;
pub mod http;
pub mod id_token;
pub mod jwks;
pub mod lifetime;
pub mod logout;
pub mod metadata;
pub mod pkce;
pub mod refresh;
pub mod return_path;
pub mod secret;
pub mod session;
pub mod srp;
mod storage_format;
pub mod time;
pub mod token;
pub mod types;
pub mod userinfo;
mod vocab;

pub use authorization::{begin, PendingAuthorization, SignInOptions};
pub use callback::{
    complete, is_callback, CallbackError, CallbackResponse, CodeExchange, MAX_CALLBACK_URL_BYTES,
};
pub use cognito::{
    AuthStep, Challenge, CognitoClient, CognitoEndpoint, CognitoError, PasswordPolicy,
};
pub use config::{
    AuthConfig, AuthorizationParams, CognitoConfig, ConfigError, ExplicitEndpoints, ProviderConfig,
    ResponseMode, StorageKind,
};
pub use error::{AuthError, StorageError};
pub use http::{HttpMethod, HttpRequest, HttpResponse, ResponseRefused, MAX_RESPONSE_BYTES};
pub use id_token::{
    access_token_hash, check_access_token_hash, check_algorithm, validate, validate_claims,
    DecodedIdToken, IdTokenClaims, IdTokenError, IdTokenSignatureVerifier, IdTokenValidation,
    InsecureSkipSignatureVerification, JoseHeader, DEFAULT_ID_TOKEN_ALGORITHMS,
};
pub use jwks::{
    jwks_request, EcCurve, JsonWebKeySet, JwksError, JwsAlgorithm, KeyLookup, PublicJwk,
    PublicKeyParameters, SignatureFamily, MAX_JWKS_KEYS,
};
pub use lifetime::{
    access_token_expiry, clock_drift_secs, decide, next_decision_at, retry_delay_ms, RefreshPolicy,
    SessionDecision, DEFAULT_REFRESH_LEAD_SECS,
};
pub use logout::{
    check_revocation_response, complete_logout, end_session, is_logout_callback,
    revocation_request, LogoutError, PendingLogout, RevocationError, TokenTypeHint,
};
pub use metadata::{discovery_request, DiscoveryError, MetadataSource, ProviderMetadata};
pub use pkce::PkceCodeChallenge;
pub use refresh::{
    apply_refresh, apply_refresh_keeping_id_token, classify_refresh_error, RefreshError,
    RefreshFailure, SignOutReason,
};
pub use return_path::ReturnPath;
pub use secret::{
    AccessToken, AuthorizationCode, CsrfToken, IdToken, Nonce, Password, PkceCodeVerifier,
    RefreshToken,
};
pub use session::{Session, User};
pub use srp::{
    cognito_timestamp, PasswordVerifierChallenge, PasswordVerifierResponse, SrpClient, SrpError,
};
pub use time::UnixTime;
pub use token::{parse_token_response, refresh_request, TokenError, TokenResponse};
pub use types::{ClientId, EndpointUrl, IssuerUrl, RedirectUrl, Scope};
pub use userinfo::{parse_userinfo_response, userinfo_request, UserInfo, UserinfoError};
