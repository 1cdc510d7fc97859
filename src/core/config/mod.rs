//! Configuration: the embedder's Rust [`AuthConfig`] and the hosted page's JSON.
//!
//! The hosted page reads `config.json` at run time and turns it into an
//! [`AuthConfig`] with [`AuthConfig::from_json`]. Every mistake is reported as a
//! [`ConfigError`] that names the key and says what is wrong, because the site
//! owner reads it in the page. Unknown keys are refused, so a typo never
//! silently falls back to a default.

mod id_token;
mod json;
mod provider;
mod redirect;
mod request;
pub(crate) mod session;
#[cfg(test)]
mod tests;

pub use super::config_error::ConfigError;
use super::jwks::JwsAlgorithm;
use super::types::{quoted, ClientId, IssuerUrl, RedirectUrl, Scope};
use super::vocab::{TokenTypeHint, DEFAULT_ID_TOKEN_ALGORITHMS};
use id_token::{check_id_token_algorithms, parse_id_token_algorithms};
use json::{check_keys, expect_str, get, opt_bool_at, opt_object, opt_str, opt_u64};
use provider::{parse_cognito, parse_endpoints};
pub use provider::{CognitoConfig, ExplicitEndpoints, ProviderConfig};
use redirect::resolve_redirect;
use request::{check_extra_name, parse_params, parse_scopes};
pub use request::{AuthorizationParams, ResponseMode};
use serde_json::Value;
use session::{parse_revoke_token_types, RefreshPolicy};
pub use session::{StorageKind, DEFAULT_CLOCK_SKEW_SECS};

/// Everything the sign-in flow needs to know.
#[derive(Clone, Debug, PartialEq)]
pub struct AuthConfig {
    /// The provider.
    pub provider: ProviderConfig,
    /// The OAuth client id (a public client: there is no secret).
    pub client_id: ClientId,
    /// Where the provider sends the browser back.
    pub redirect_uri: RedirectUrl,
    /// Where the provider sends the browser after logout.
    pub post_logout_redirect_uri: Option<RedirectUrl>,
    /// Requested scopes; must include `openid`.
    pub scopes: Vec<Scope>,
    /// Where the browser layer stores state.
    pub storage: StorageKind,
    /// Default authorization request parameters.
    pub params: AuthorizationParams,
    /// Tolerated clock difference with the provider, in seconds.
    pub clock_skew_secs: u64,
    /// Which tokens to revoke at sign-out, in order (RFC 7009). Default:
    /// the refresh token only, since Cognito's `/oauth2/revoke` accepts only
    /// refresh tokens, and revoking one ends its access tokens with most
    /// providers. Empty: revoke nothing.
    pub revoke_token_types: Vec<TokenTypeHint>,
    /// When to refresh the access token, and how to retry.
    pub refresh: RefreshPolicy,
    /// The hosted page's theme (passed through to the theme module).
    pub theme: Option<Value>,
    /// The hosted page's text overrides (passed through to the theme module).
    pub texts: Option<Value>,
    /// The hosted page's `authenticator` key: the Cognito sign-in and sign-up
    /// screens' settings, passed through to the UI layer, which checks them.
    pub authenticator: Option<Value>,
    /// `cognito.global_sign_out`: with a Cognito user pool, "Sign out" also
    /// calls `GlobalSignOut` with the access token (before `RevokeToken`),
    /// ending every session of the user on every device. Default `false`.
    pub cognito_global_sign_out: bool,
    /// `id_token_signing_alg_values`: the JWS algorithms an ID token may be
    /// signed with. Default RS256, PS256 and ES256 (a subset of
    /// [`DEFAULT_ID_TOKEN_ALGORITHMS`] is the only choice: `none`, the HMAC
    /// family and the rest are refused when the configuration loads). An ID
    /// token whose header names another algorithm is refused before any
    /// signature work.
    pub id_token_signing_alg_values: Vec<JwsAlgorithm>,
    /// `insecure_skip_id_token_signature_verification`: INSECURE. When `true`,
    /// ID-token signatures are not checked against the provider's keys (the
    /// algorithm and every claim still are), so anyone who can inject a token
    /// response, or a provider-side key compromise, goes unnoticed. Default
    /// `false`. Only for providers whose keys cannot be fetched by the page.
    pub insecure_skip_id_token_signature_verification: bool,
}

impl AuthConfig {
    /// A configuration with defaults: scopes `openid profile email`, session
    /// storage, 300 seconds of clock skew, no extra parameters, revocation of
    /// the refresh token at sign-out, the default [`RefreshPolicy`].
    #[must_use]
    pub fn new(provider: ProviderConfig, client_id: ClientId, redirect_uri: RedirectUrl) -> Self {
        AuthConfig {
            provider,
            client_id,
            redirect_uri,
            post_logout_redirect_uri: None,
            scopes: vec![
                Scope::openid(),
                Scope::from_static("profile"),
                Scope::from_static("email"),
            ],
            storage: StorageKind::default(),
            params: AuthorizationParams::default(),
            clock_skew_secs: DEFAULT_CLOCK_SKEW_SECS,
            revoke_token_types: vec![TokenTypeHint::RefreshToken],
            refresh: RefreshPolicy::default(),
            theme: None,
            texts: None,
            authenticator: None,
            cognito_global_sign_out: false,
            id_token_signing_alg_values: DEFAULT_ID_TOKEN_ALGORITHMS.to_vec(),
            insecure_skip_id_token_signature_verification: false,
        }
    }

    /// The issuer the ID tokens must carry: the configured one, or Cognito's
    /// `https://cognito-idp.<region>.amazonaws.com/<pool-id>`.
    pub fn issuer(&self) -> IssuerUrl {
        match &self.provider {
            ProviderConfig::Issuer { issuer, .. } => issuer.clone(),
            ProviderConfig::Cognito(cognito) => cognito.issuer(),
        }
    }

    /// Replaces the scopes; refuses a list without `openid`.
    pub fn with_scopes(mut self, scopes: Vec<Scope>) -> Result<Self, ConfigError> {
        self.scopes = scopes;
        self.validate()?;
        Ok(self)
    }

    /// Checks what the field types cannot: `openid` is among the scopes, the
    /// Cognito preset is well formed, extra parameters do not override
    /// protocol parameters. [`AuthConfig::from_json`] always calls it; embedders
    /// who build or change an `AuthConfig` in Rust should call it too.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !self.scopes.iter().any(|s| s.as_str() == "openid") {
            return Err(ConfigError::MissingOpenIdScope);
        }
        if let ProviderConfig::Cognito(cognito) = &self.provider {
            cognito.validate()?;
        }
        for (name, _) in &self.params.extra {
            check_extra_name(name)?;
        }
        check_id_token_algorithms(&self.id_token_signing_alg_values)?;
        Ok(())
    }

    /// Reads the hosted page's `config.json`.
    ///
    /// `page_origin` is the page's origin (`location.origin`, such as
    /// `https://auth.example.com`); it resolves `redirect_uri` and
    /// `post_logout_redirect_uri` given as paths, and the default redirect URI
    /// `<page_origin>/callback`.
    pub fn from_json(json: &str, page_origin: &str) -> Result<AuthConfig, ConfigError> {
        let value: Value =
            serde_json::from_str(json).map_err(|e| ConfigError::InvalidJson(e.to_string()))?;
        let Value::Object(root) = value else {
            return Err(ConfigError::NotAnObject);
        };
        check_keys(&root, "", TOP_KEYS)?;

        let provider = match (get(&root, "issuer"), get(&root, "cognito")) {
            (Some(_), Some(_)) => return Err(ConfigError::ProviderConflict),
            (None, None) => return Err(ConfigError::MissingProvider),
            (Some(issuer), None) => {
                let issuer = IssuerUrl::parse(expect_str(issuer, "issuer")?)?;
                let endpoints = match get(&root, "endpoints") {
                    Some(v) => Some(parse_endpoints(v)?),
                    None => None,
                };
                ProviderConfig::Issuer { issuer, endpoints }
            }
            (None, Some(cognito)) => {
                if get(&root, "endpoints").is_some() {
                    return Err(ConfigError::invalid(
                        "endpoints",
                        "can only be used with `issuer`; the `cognito` preset already knows its \
                         endpoints.",
                    ));
                }
                ProviderConfig::Cognito(parse_cognito(cognito)?)
            }
        };

        let client_id = match get(&root, "client_id") {
            Some(v) => ClientId::parse(expect_str(v, "client_id")?)?,
            None => {
                return Err(ConfigError::MissingKey {
                    key: "client_id".to_owned(),
                })
            }
        };
        let redirect_uri = resolve_redirect(
            opt_str(&root, "redirect_uri")?.unwrap_or("/callback"),
            page_origin,
            "redirect_uri",
        )?;
        let post_logout_redirect_uri = match opt_str(&root, "post_logout_redirect_uri")? {
            Some(v) => Some(resolve_redirect(
                v,
                page_origin,
                "post_logout_redirect_uri",
            )?),
            None => None,
        };

        let cognito_global_sign_out = match get(&root, "cognito").and_then(Value::as_object) {
            Some(map) => opt_bool_at(map, "cognito.global_sign_out", "global_sign_out")?,
            None => false,
        };
        let mut config = AuthConfig::new(provider, client_id, redirect_uri);
        config.cognito_global_sign_out = cognito_global_sign_out;
        config.post_logout_redirect_uri = post_logout_redirect_uri;
        if let Some(scopes) = get(&root, "scopes") {
            config.scopes = parse_scopes(scopes)?;
        }
        if let Some(storage) = opt_str(&root, "storage")? {
            config.storage = match storage {
                "memory" => StorageKind::Memory,
                "session" => StorageKind::Session,
                "local" => StorageKind::Local,
                other => {
                    return Err(ConfigError::invalid(
                        "storage",
                        format!(
                            "must be \"memory\", \"session\" or \"local\", but got {}.",
                            quoted(other)
                        ),
                    ))
                }
            };
        }
        config.params = parse_params(&root)?;
        if let Some(skew) = opt_u64(&root, "clock_skew_seconds")? {
            config.clock_skew_secs = skew;
        }
        if let Some(types) = get(&root, "revoke_token_types") {
            config.revoke_token_types = parse_revoke_token_types(types)?;
        }
        if let Some(lead) = opt_u64(&root, "refresh_lead_seconds")? {
            config.refresh.lead_secs = lead;
        }
        config.theme = opt_object(&root, "theme")?;
        config.texts = opt_object(&root, "texts")?;
        config.authenticator = opt_object(&root, "authenticator")?;
        if let Some(algs) = get(&root, "id_token_signing_alg_values") {
            config.id_token_signing_alg_values = parse_id_token_algorithms(algs)?;
        }
        if let Some(v) = get(&root, "insecure_skip_id_token_signature_verification") {
            config.insecure_skip_id_token_signature_verification =
                v.as_bool().ok_or_else(|| {
                    ConfigError::invalid(
                        "insecure_skip_id_token_signature_verification",
                        "must be true or false.",
                    )
                })?;
        }
        config.validate()?;
        Ok(config)
    }
}

const TOP_KEYS: &[&str] = &[
    "issuer",
    "cognito",
    "endpoints",
    "client_id",
    "redirect_uri",
    "post_logout_redirect_uri",
    "scopes",
    "storage",
    "prompt",
    "login_hint",
    "max_age",
    "ui_locales",
    "identity_provider",
    "idp_identifier",
    "response_mode",
    "extra_params",
    "clock_skew_seconds",
    "revoke_token_types",
    "refresh_lead_seconds",
    "theme",
    "texts",
    "authenticator",
    "id_token_signing_alg_values",
    "insecure_skip_id_token_signature_verification",
];
