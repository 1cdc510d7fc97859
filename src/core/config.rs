//! Configuration: the embedder's Rust [`AuthConfig`] and the hosted page's JSON.
//!
//! The hosted page reads `config.json` at run time and turns it into an
//! [`AuthConfig`] with [`AuthConfig::from_json`]. Every mistake is reported as a
//! [`ConfigError`] that names the key and says what is wrong, because the site
//! owner reads it in the page. Unknown keys are refused, so a typo never
//! silently falls back to a default.

pub use super::config_error::ConfigError;
use super::jwks::JwsAlgorithm;
use super::types::{quoted, split_url, ClientId, EndpointUrl, IssuerUrl, RedirectUrl, Scope};
use super::vocab::{TokenTypeHint, DEFAULT_ID_TOKEN_ALGORITHMS, RESERVED_PARAMS};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Where the browser layer keeps sign-in state and the session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// In memory only: lost on reload, invisible to other tabs.
    Memory,
    /// `sessionStorage`: survives reloads, per tab.
    #[default]
    Session,
    /// `localStorage`: shared by all tabs of the origin, survives restarts.
    Local,
}

/// How the provider returns the authorization response (OAuth 2.0 Multiple
/// Response Type Encoding Practices §2.1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseMode {
    /// In the query string (the default for `response_type=code`).
    #[default]
    Query,
    /// In the fragment, which never reaches the web server's logs.
    Fragment,
}

impl ResponseMode {
    /// The `response_mode` value: `query` or `fragment`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ResponseMode::Query => "query",
            ResponseMode::Fragment => "fragment",
        }
    }
}

/// The AWS Cognito user-pool preset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CognitoConfig {
    /// The AWS region, such as `eu-west-1`.
    pub region: String,
    /// The user pool id, `<region>_<letters and digits>`.
    pub user_pool_id: String,
    /// The hosted UI domain: a host (`myapp.auth.eu-west-1.amazoncognito.com`,
    /// `auth.example.com`, which means https) or a full http(s) URL for a local
    /// emulator.
    pub domain: String,
    /// Overrides `https://cognito-idp.<region>.amazonaws.com` (for emulators).
    pub endpoint: Option<String>,
}

impl CognitoConfig {
    /// Checks every field; errors name `cognito.<field>`.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !is_region(&self.region) {
            return Err(ConfigError::invalid(
                "cognito.region",
                format!(
                    "must be an AWS region such as \"us-east-1\", but got {}.",
                    quoted(&self.region)
                ),
            ));
        }
        let pool_ok = self
            .user_pool_id
            .split_once('_')
            .is_some_and(|(prefix, id)| {
                prefix == self.region
                    && !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !pool_ok {
            return Err(ConfigError::invalid(
                "cognito.user_pool_id",
                format!(
                    "must look like \"{}_AbC123xyz\" (the region, an underscore, then letters and \
                     digits), but got {}.",
                    self.region,
                    quoted(&self.user_pool_id)
                ),
            ));
        }
        check_cognito_domain(&self.domain)?;
        if let Some(endpoint) = &self.endpoint {
            IssuerUrl::parse(endpoint).map_err(|e| e.with_key("cognito.endpoint"))?;
        }
        Ok(())
    }

    /// The issuer of the pool's tokens:
    /// `https://cognito-idp.<region>.amazonaws.com/<user_pool_id>`. This never
    /// follows `endpoint`, because the tokens carry this value.
    #[must_use]
    pub fn issuer(&self) -> IssuerUrl {
        IssuerUrl::from_trusted(format!(
            "https://cognito-idp.{}.amazonaws.com/{}",
            self.region, self.user_pool_id
        ))
    }

    /// The hosted UI base URL without trailing slash (`https://<domain>` for a
    /// bare host).
    #[must_use]
    pub fn domain_url(&self) -> String {
        let domain = self.domain.trim_end_matches('/');
        if domain.contains("://") {
            domain.to_owned()
        } else {
            format!("https://{domain}")
        }
    }

    /// The user-pool API base URL without trailing slash: `endpoint`, or
    /// `https://cognito-idp.<region>.amazonaws.com`.
    #[must_use]
    pub fn idp_endpoint(&self) -> String {
        match &self.endpoint {
            Some(endpoint) => endpoint.trim_end_matches('/').to_owned(),
            None => format!("https://cognito-idp.{}.amazonaws.com", self.region),
        }
    }
}

/// `us-east-1`, `us-gov-west-1`, `ap-southeast-2`: two letters, one or more
/// lowercase words, a number.
fn is_region(region: &str) -> bool {
    let mut parts = region.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_lowercase()));
    let rest: Vec<&str> = parts.collect();
    let Some((last, middle)) = rest.split_last() else {
        return false;
    };
    first_ok
        && !middle.is_empty()
        && middle
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && !last.is_empty()
        && last.chars().all(|c| c.is_ascii_digit())
}

fn check_cognito_domain(domain: &str) -> Result<(), ConfigError> {
    const KEY: &str = "cognito.domain";
    if domain.contains("://") {
        return IssuerUrl::parse(domain)
            .map(|_| ())
            .map_err(|e| e.with_key(KEY));
    }
    let as_url = format!("https://{domain}");
    let ok = split_url(&as_url).is_ok_and(|p| {
        p.path.is_empty() && p.query.is_none() && p.fragment.is_none() && p.port.is_none()
    });
    if ok {
        Ok(())
    } else {
        Err(ConfigError::invalid(
            KEY,
            format!(
                "must be a host name such as \"myapp.auth.eu-west-1.amazoncognito.com\" or \
                 \"auth.example.com\", or a full http(s) URL for a local emulator, but got {}.",
                quoted(domain)
            ),
        ))
    }
}

/// Endpoints given explicitly instead of discovered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplicitEndpoints {
    /// The authorization endpoint (RFC 6749 §3.1).
    pub authorization_endpoint: EndpointUrl,
    /// The token endpoint (RFC 6749 §3.2).
    pub token_endpoint: EndpointUrl,
    /// The userinfo endpoint (OpenID Connect Core 1.0 §5.3).
    pub userinfo_endpoint: Option<EndpointUrl>,
    /// The end-session (logout) endpoint (OpenID Connect RP-Initiated Logout 1.0).
    pub end_session_endpoint: Option<EndpointUrl>,
    /// The revocation endpoint (RFC 7009).
    pub revocation_endpoint: Option<EndpointUrl>,
    /// The JSON Web Key Set URL.
    pub jwks_uri: Option<EndpointUrl>,
}

/// Which provider to talk to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProviderConfig {
    /// Any OpenID Connect provider, by issuer.
    Issuer {
        /// The issuer identifier.
        issuer: IssuerUrl,
        /// Explicit endpoints; when given there is no discovery.
        endpoints: Option<ExplicitEndpoints>,
    },
    /// An AWS Cognito user pool.
    Cognito(CognitoConfig),
}

/// Optional authorization request parameters (OpenID Connect Core 1.0
/// §3.1.2.1, plus Cognito's `identity_provider` and `idp_identifier`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthorizationParams {
    /// `prompt`: `none`, `login`, `consent`, `select_account`.
    pub prompt: Option<String>,
    /// `login_hint`: a user name or email to prefill.
    pub login_hint: Option<String>,
    /// `max_age`: the longest acceptable time since the user last authenticated.
    pub max_age: Option<u64>,
    /// `ui_locales`: preferred languages, space separated.
    pub ui_locales: Option<String>,
    /// `identity_provider` (Cognito): go straight to this federated provider.
    pub identity_provider: Option<String>,
    /// `idp_identifier` (Cognito): pick a federated provider by identifier.
    pub idp_identifier: Option<String>,
    /// `response_mode`; `None` means the default, [`ResponseMode::Query`].
    pub response_mode: Option<ResponseMode>,
    /// Other parameters. They never override the protocol parameters.
    pub extra: Vec<(String, String)>,
}

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

/// Default [`RefreshPolicy::lead_secs`]: refresh a minute before expiry.
pub const DEFAULT_REFRESH_LEAD_SECS: u64 = 60;

/// When to refresh, and how to back off after a failed refresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RefreshPolicy {
    /// Refresh this many seconds before the access token expires (default 60),
    /// within the bounds below.
    pub lead_secs: u64,
    /// The lead is at most this share of the granted lifetime, in percent
    /// (default 25; values above 100 count as 100), so that a 20 s token is
    /// refreshed after 15 s rather than immediately and forever.
    pub max_lead_fraction_percent: u8,
    /// The lead is at least this many seconds (default 2), even when the share
    /// above is smaller.
    pub min_lead_secs: u64,
    /// A token with fewer seconds left than this counts as expired for use
    /// (default 5), so it does not expire on its way to an API. For short
    /// tokens it is clamped to half of the lead's share of the lifetime, so a
    /// token is still usable while it is being refreshed.
    pub leeway_secs: u64,
    /// The first retry delay after a failed refresh, in milliseconds (default
    /// 1000).
    pub retry_base_ms: u64,
    /// The longest retry delay, in milliseconds (default 30000).
    pub retry_max_ms: u64,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            lead_secs: DEFAULT_REFRESH_LEAD_SECS,
            max_lead_fraction_percent: 25,
            min_lead_secs: 2,
            leeway_secs: 5,
            retry_base_ms: 1000,
            retry_max_ms: 30_000,
        }
    }
}

/// Default tolerated clock difference, in seconds.
pub const DEFAULT_CLOCK_SKEW_SECS: u64 = 300;

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
const COGNITO_KEYS: &[&str] = &[
    "region",
    "user_pool_id",
    "domain",
    "endpoint",
    "global_sign_out",
];

/// An optional boolean (`false` when absent), its error naming `path`.
fn opt_bool_at(map: &Map<String, Value>, path: &str, key: &str) -> Result<bool, ConfigError> {
    match get(map, key) {
        None => Ok(false),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| ConfigError::invalid(path, "must be true or false.")),
    }
}
const ENDPOINT_KEYS: &[&str] = &[
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "end_session_endpoint",
    "revocation_endpoint",
    "jwks_uri",
];

/// `prefix.key` or `key`.
fn key_path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

fn check_keys(
    map: &Map<String, Value>,
    prefix: &str,
    accepted: &[&str],
) -> Result<(), ConfigError> {
    match map.keys().find(|k| !accepted.contains(&k.as_str())) {
        Some(unknown) => Err(ConfigError::UnknownKey {
            key: key_path(prefix, unknown),
            accepted: accepted.join(", "),
        }),
        None => Ok(()),
    }
}

/// The value of `key`; `null` counts as absent.
fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

fn expect_str<'a>(value: &'a Value, key: &str) -> Result<&'a str, ConfigError> {
    value
        .as_str()
        .ok_or_else(|| ConfigError::invalid(key, "must be a string."))
}

fn opt_str<'a>(map: &'a Map<String, Value>, key: &str) -> Result<Option<&'a str>, ConfigError> {
    get(map, key).map(|v| expect_str(v, key)).transpose()
}

/// A string parameter; an empty string counts as absent.
fn opt_param(map: &Map<String, Value>, key: &str) -> Result<Option<String>, ConfigError> {
    Ok(opt_str(map, key)?
        .filter(|s| !s.is_empty())
        .map(str::to_owned))
}

fn opt_u64(map: &Map<String, Value>, key: &str) -> Result<Option<u64>, ConfigError> {
    get(map, key)
        .map(|v| {
            v.as_u64().ok_or_else(|| {
                ConfigError::invalid(key, "must be a whole number of seconds (0 or more).")
            })
        })
        .transpose()
}

fn opt_object(map: &Map<String, Value>, key: &str) -> Result<Option<Value>, ConfigError> {
    match get(map, key) {
        None => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v.clone())),
        Some(_) => Err(ConfigError::invalid(key, "must be a JSON object.")),
    }
}

fn expect_object<'a>(value: &'a Value, key: &str) -> Result<&'a Map<String, Value>, ConfigError> {
    value
        .as_object()
        .ok_or_else(|| ConfigError::invalid(key, "must be a JSON object."))
}

fn required_str<'a>(
    map: &'a Map<String, Value>,
    prefix: &str,
    key: &str,
) -> Result<&'a str, ConfigError> {
    let path = key_path(prefix, key);
    match get(map, key) {
        Some(v) => expect_str(v, &path),
        None => Err(ConfigError::MissingKey { key: path }),
    }
}

fn parse_cognito(value: &Value) -> Result<CognitoConfig, ConfigError> {
    let map = expect_object(value, "cognito")?;
    check_keys(map, "cognito", COGNITO_KEYS)?;
    let cognito = CognitoConfig {
        region: required_str(map, "cognito", "region")?.to_owned(),
        user_pool_id: required_str(map, "cognito", "user_pool_id")?.to_owned(),
        domain: required_str(map, "cognito", "domain")?.to_owned(),
        endpoint: match get(map, "endpoint") {
            Some(v) => Some(expect_str(v, "cognito.endpoint")?.to_owned()),
            None => None,
        },
    };
    cognito.validate()?;
    Ok(cognito)
}

fn parse_endpoints(value: &Value) -> Result<ExplicitEndpoints, ConfigError> {
    let map = expect_object(value, "endpoints")?;
    check_keys(map, "endpoints", ENDPOINT_KEYS)?;
    let endpoint = |key: &str| -> Result<Option<EndpointUrl>, ConfigError> {
        let path = key_path("endpoints", key);
        match get(map, key) {
            Some(v) => EndpointUrl::parse(expect_str(v, &path)?)
                .map(Some)
                .map_err(|e| e.with_key(&path)),
            None => Ok(None),
        }
    };
    let required = |key: &str| -> Result<EndpointUrl, ConfigError> {
        endpoint(key)?.ok_or_else(|| ConfigError::MissingKey {
            key: key_path("endpoints", key),
        })
    };
    Ok(ExplicitEndpoints {
        authorization_endpoint: required("authorization_endpoint")?,
        token_endpoint: required("token_endpoint")?,
        userinfo_endpoint: endpoint("userinfo_endpoint")?,
        end_session_endpoint: endpoint("end_session_endpoint")?,
        revocation_endpoint: endpoint("revocation_endpoint")?,
        jwks_uri: endpoint("jwks_uri")?,
    })
}

fn parse_scopes(value: &Value) -> Result<Vec<Scope>, ConfigError> {
    let items = value.as_array().ok_or_else(|| {
        ConfigError::invalid(
            "scopes",
            "must be an array of strings such as [\"openid\", \"email\"].",
        )
    })?;
    let mut scopes: Vec<Scope> = Vec::with_capacity(items.len());
    for item in items {
        let scope = Scope::parse(expect_str(item, "scopes").map_err(|_| {
            ConfigError::invalid(
                "scopes",
                "must be an array of strings such as [\"openid\", \"email\"].",
            )
        })?)?;
        if !scopes.contains(&scope) {
            scopes.push(scope);
        }
    }
    Ok(scopes)
}

/// `["refresh_token", "access_token"]`: any of the two, in order, duplicates
/// dropped; `[]` revokes nothing.
fn parse_revoke_token_types(value: &Value) -> Result<Vec<TokenTypeHint>, ConfigError> {
    const KEY: &str = "revoke_token_types";
    let items = value.as_array().ok_or_else(|| {
        ConfigError::invalid(
            KEY,
            "must be an array such as [\"refresh_token\"] or [\"refresh_token\", \"access_token\"].",
        )
    })?;
    let mut types = Vec::with_capacity(items.len());
    for item in items {
        let hint = match item.as_str() {
            Some("refresh_token") => TokenTypeHint::RefreshToken,
            Some("access_token") => TokenTypeHint::AccessToken,
            Some(other) => {
                return Err(ConfigError::invalid(
                    KEY,
                    format!(
                        "entries must be \"refresh_token\" or \"access_token\", but got {}.",
                        quoted(other)
                    ),
                ))
            }
            None => {
                return Err(ConfigError::invalid(
                    KEY,
                    "entries must be the strings \"refresh_token\" or \"access_token\".",
                ))
            }
        };
        if !types.contains(&hint) {
            types.push(hint);
        }
    }
    Ok(types)
}

const ALG_KEY: &str = "id_token_signing_alg_values";

/// `id_token_signing_alg_values`: a non-empty array of names among
/// [`DEFAULT_ID_TOKEN_ALGORITHMS`]; duplicates are dropped.
fn parse_id_token_algorithms(value: &Value) -> Result<Vec<JwsAlgorithm>, ConfigError> {
    let items = value.as_array().ok_or_else(|| {
        ConfigError::invalid(
            ALG_KEY,
            "must be an array such as [\"RS256\"] or [\"RS256\", \"PS256\", \"ES256\"].",
        )
    })?;
    let mut algs = Vec::with_capacity(items.len());
    for item in items {
        let Some(name) = item.as_str() else {
            return Err(ConfigError::invalid(
                ALG_KEY,
                "entries must be the strings \"RS256\", \"PS256\" or \"ES256\".",
            ));
        };
        let alg = JwsAlgorithm::from_name(name)
            .filter(|a| DEFAULT_ID_TOKEN_ALGORITHMS.contains(a))
            .ok_or_else(|| unsupported_algorithm(name))?;
        if !algs.contains(&alg) {
            algs.push(alg);
        }
    }
    check_id_token_algorithms(&algs)?;
    Ok(algs)
}

fn unsupported_algorithm(name: &str) -> ConfigError {
    ConfigError::invalid(
        ALG_KEY,
        format!(
            "entries must be \"RS256\", \"PS256\" or \"ES256\", but got {} (`none` and the \
             HMAC algorithms are never accepted: a public client has no secret).",
            quoted(name)
        ),
    )
}

/// The allowed ID-token algorithms are a non-empty subset of
/// [`DEFAULT_ID_TOKEN_ALGORITHMS`].
fn check_id_token_algorithms(algs: &[JwsAlgorithm]) -> Result<(), ConfigError> {
    if algs.is_empty() {
        return Err(ConfigError::invalid(
            ALG_KEY,
            "must name at least one algorithm; an empty list would refuse every ID token.",
        ));
    }
    match algs
        .iter()
        .find(|a| !DEFAULT_ID_TOKEN_ALGORITHMS.contains(a))
    {
        Some(a) => Err(unsupported_algorithm(a.name())),
        None => Ok(()),
    }
}

fn parse_params(root: &Map<String, Value>) -> Result<AuthorizationParams, ConfigError> {
    let response_mode = match opt_str(root, "response_mode")? {
        None => None,
        Some("query") => Some(ResponseMode::Query),
        Some("fragment") => Some(ResponseMode::Fragment),
        Some(other) => {
            return Err(ConfigError::invalid(
                "response_mode",
                format!(
                    "must be \"query\" or \"fragment\", but got {}.",
                    quoted(other)
                ),
            ))
        }
    };
    let mut extra = Vec::new();
    if let Some(value) = get(root, "extra_params") {
        let map = expect_object(value, "extra_params")?;
        for (name, value) in map {
            let path = key_path("extra_params", name);
            check_extra_name(name).map_err(|e| e.with_key(&path))?;
            let value = value
                .as_str()
                .ok_or_else(|| ConfigError::invalid(&path, "must be a string."))?;
            extra.push((name.clone(), value.to_owned()));
        }
    }
    Ok(AuthorizationParams {
        prompt: opt_param(root, "prompt")?,
        login_hint: opt_param(root, "login_hint")?,
        max_age: opt_u64(root, "max_age")?,
        ui_locales: opt_param(root, "ui_locales")?,
        identity_provider: opt_param(root, "identity_provider")?,
        idp_identifier: opt_param(root, "idp_identifier")?,
        response_mode,
        extra,
    })
}

fn check_extra_name(name: &str) -> Result<(), ConfigError> {
    let key = key_path("extra_params", name);
    if name.is_empty() {
        return Err(ConfigError::invalid(
            "extra_params",
            "must not contain an empty parameter name.",
        ));
    }
    if RESERVED_PARAMS.iter().any(|r| r.eq_ignore_ascii_case(name)) {
        return Err(ConfigError::invalid(
            &key,
            "cannot be set here: it is a protocol parameter that the sign-in flow sets itself \
             (use the dedicated key if there is one).",
        ));
    }
    Ok(())
}

/// The page origin without trailing slash, if it is an http(s) origin.
fn checked_origin(page_origin: &str) -> Option<&str> {
    let parts = split_url(page_origin).ok()?;
    let is_origin = (parts.is_http() || parts.is_https())
        && (parts.path.is_empty() || parts.path == "/")
        && parts.query.is_none()
        && parts.fragment.is_none();
    is_origin.then(|| page_origin.trim_end_matches('/'))
}

/// An absolute URL, or a path (`/callback`) resolved against the page origin.
fn resolve_redirect(value: &str, page_origin: &str, key: &str) -> Result<RedirectUrl, ConfigError> {
    if !value.starts_with('/') {
        return RedirectUrl::parse(value).map_err(|e| e.with_key(key));
    }
    if value.starts_with("//") || value.starts_with("/\\") {
        return Err(ConfigError::invalid(
            key,
            format!(
                "must be an absolute URL or a path starting with a single `/`, but got {}.",
                quoted(value)
            ),
        ));
    }
    let origin = checked_origin(page_origin).ok_or_else(|| {
        ConfigError::invalid(
            key,
            format!(
                "is the path {} but the page origin {} is not an http(s) origin to resolve it \
                 against; set an absolute URL instead.",
                quoted(value),
                quoted(page_origin)
            ),
        )
    })?;
    RedirectUrl::parse(&format!("{origin}{value}")).map_err(|e| e.with_key(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const ORIGIN: &str = "https://auth.example.com";

    fn parse(v: Value) -> Result<AuthConfig, ConfigError> {
        AuthConfig::from_json(&v.to_string(), ORIGIN)
    }

    #[test]
    fn minimal_issuer_config_gets_defaults() {
        let c = parse(json!({"issuer": "https://op.example", "client_id": "app"})).unwrap();
        assert_eq!(
            c.provider,
            ProviderConfig::Issuer {
                issuer: IssuerUrl::parse("https://op.example").unwrap(),
                endpoints: None
            }
        );
        assert_eq!(c.client_id.as_str(), "app");
        assert_eq!(c.redirect_uri.as_str(), "https://auth.example.com/callback");
        assert_eq!(c.post_logout_redirect_uri, None);
        let scopes: Vec<&str> = c.scopes.iter().map(Scope::as_str).collect();
        assert_eq!(scopes, ["openid", "profile", "email"]);
        assert_eq!(c.storage, StorageKind::Session);
        assert_eq!(c.clock_skew_secs, 300);
        assert_eq!(c.params, AuthorizationParams::default());
        assert_eq!(c.theme, None);
        assert_eq!(c.revoke_token_types, [TokenTypeHint::RefreshToken]);
        assert_eq!(c.refresh, RefreshPolicy::default());
        assert_eq!(c.refresh.lead_secs, 60);
    }

    #[test]
    fn revocation_and_refresh_keys() {
        let with = |key: &str, value: Value| {
            let mut config = json!({"issuer": "https://op.example", "client_id": "a"});
            config[key] = value;
            parse(config)
        };
        // (revoke_token_types value, parsed)
        let cases = [
            (json!(["refresh_token"]), vec![TokenTypeHint::RefreshToken]),
            (
                json!(["access_token", "refresh_token"]),
                vec![TokenTypeHint::AccessToken, TokenTypeHint::RefreshToken],
            ), // order kept
            (
                json!(["refresh_token", "refresh_token"]),
                vec![TokenTypeHint::RefreshToken],
            ), // duplicates dropped
            (json!([]), vec![]),                              // revoke nothing
            (json!(null), vec![TokenTypeHint::RefreshToken]), // null means the default
        ];
        for (value, expected) in cases {
            let c = with("revoke_token_types", value.clone()).unwrap();
            assert_eq!(c.revoke_token_types, expected, "{value}");
        }
        let c = with("refresh_lead_seconds", json!(120)).unwrap();
        assert_eq!(c.refresh.lead_secs, 120);
        assert_eq!(
            c.refresh,
            RefreshPolicy {
                lead_secs: 120,
                ..RefreshPolicy::default()
            }
        );
        assert_eq!(
            with("refresh_lead_seconds", json!(0))
                .unwrap()
                .refresh
                .lead_secs,
            0
        );

        // (key, value, words in the message)
        let bad = [
            (
                "revoke_token_types",
                json!("refresh_token"),
                "must be an array",
            ), // a string, not an array
            ("revoke_token_types", json!(["id_token"]), "\"id_token\""), // not revocable
            (
                "revoke_token_types",
                json!(["Refresh_Token"]),
                "\"refresh_token\" or",
            ), // case matters
            (
                "revoke_token_types",
                json!([1]),
                "entries must be the strings",
            ), // not a string
            ("refresh_lead_seconds", json!(-1), "whole number"),         // negative
            ("refresh_lead_seconds", json!(1.5), "whole number"),        // fractional
            ("refresh_lead_seconds", json!("60"), "whole number"),       // a string
        ];
        for (key, value, words) in bad {
            let err = with(key, value.clone()).unwrap_err();
            assert_eq!(err.key(), Some(key), "{value}: {err}");
            assert!(err.to_string().contains(words), "{value}: {err}");
        }
        // A misspelled key is refused, as everywhere.
        let err = with("refresh_lead_secs", json!(60)).unwrap_err();
        assert_eq!(err.key(), Some("refresh_lead_secs"));
        assert!(err.to_string().contains("refresh_lead_seconds"), "{err}");
    }

    #[test]
    fn full_issuer_config() {
        let c = AuthConfig::from_json(
            &json!({
                "issuer": "http://127.0.0.1:5556/dex",
                "endpoints": {
                    "authorization_endpoint": "http://127.0.0.1:5556/dex/auth",
                    "token_endpoint": "http://127.0.0.1:5556/dex/token",
                    "jwks_uri": "http://127.0.0.1:5556/dex/keys",
                    "userinfo_endpoint": null
                },
                "client_id": "spa",
                "redirect_uri": "/auth/cb",
                "post_logout_redirect_uri": "http://127.0.0.1:8080/bye",
                "scopes": ["openid", "email", "openid", "groups"],
                "storage": "local",
                "prompt": "login",
                "login_hint": "ada@example.com",
                "max_age": 600,
                "ui_locales": "fr en",
                "identity_provider": "Google",
                "idp_identifier": "",
                "response_mode": "fragment",
                "extra_params": {"audience": "api", "kc_idp_hint": "github"},
                "clock_skew_seconds": 60,
                "theme": {"colors": {"accent": "#0af"}},
                "texts": {"en": {"sign_in": "Go"}}
            })
            .to_string(),
            "http://127.0.0.1:8080",
        )
        .unwrap();
        let ProviderConfig::Issuer {
            issuer,
            endpoints: Some(e),
        } = &c.provider
        else {
            panic!("{:?}", c.provider)
        };
        assert_eq!(issuer.as_str(), "http://127.0.0.1:5556/dex");
        assert_eq!(e.token_endpoint.as_str(), "http://127.0.0.1:5556/dex/token");
        assert_eq!(e.userinfo_endpoint, None);
        assert_eq!(
            e.jwks_uri.as_ref().map(EndpointUrl::as_str),
            Some("http://127.0.0.1:5556/dex/keys")
        );
        assert_eq!(c.redirect_uri.as_str(), "http://127.0.0.1:8080/auth/cb");
        assert_eq!(
            c.post_logout_redirect_uri.as_ref().map(RedirectUrl::as_str),
            Some("http://127.0.0.1:8080/bye")
        );
        let scopes: Vec<&str> = c.scopes.iter().map(Scope::as_str).collect();
        assert_eq!(
            scopes,
            ["openid", "email", "groups"],
            "duplicates dropped, order kept"
        );
        assert_eq!(c.storage, StorageKind::Local);
        assert_eq!(
            c.params,
            AuthorizationParams {
                prompt: Some("login".into()),
                login_hint: Some("ada@example.com".into()),
                max_age: Some(600),
                ui_locales: Some("fr en".into()),
                identity_provider: Some("Google".into()),
                idp_identifier: None,
                response_mode: Some(ResponseMode::Fragment),
                extra: vec![
                    ("audience".into(), "api".into()),
                    ("kc_idp_hint".into(), "github".into())
                ],
            }
        );
        assert_eq!(c.clock_skew_secs, 60);
        assert_eq!(c.theme, Some(json!({"colors": {"accent": "#0af"}})));
        assert_eq!(c.texts, Some(json!({"en": {"sign_in": "Go"}})));
    }

    #[test]
    fn cognito_global_sign_out() {
        let pool = |extra: Value| {
            let mut cognito = json!({
                "region": "eu-west-1",
                "user_pool_id": "eu-west-1_AbC123",
                "domain": "auth.example.com"
            });
            if let (Some(map), Value::Object(more)) = (cognito.as_object_mut(), extra) {
                map.extend(more);
            }
            parse(json!({ "cognito": cognito, "client_id": "abc" }))
        };
        assert!(
            !pool(json!({})).unwrap().cognito_global_sign_out,
            "off by default"
        );
        assert!(
            !pool(json!({"global_sign_out": false}))
                .unwrap()
                .cognito_global_sign_out
        );
        assert!(
            pool(json!({"global_sign_out": true}))
                .unwrap()
                .cognito_global_sign_out
        );
        let err = pool(json!({"global_sign_out": "yes"}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("cognito.global_sign_out"), "{err}");
        let err = pool(json!({"global_signout": true}))
            .unwrap_err()
            .to_string();
        assert!(err.contains("cognito.global_signout"), "{err}");
        assert!(
            err.contains("global_sign_out"),
            "the accepted keys are named: {err}"
        );
    }

    #[test]
    fn id_token_algorithms_and_insecure_switch() {
        let base = |extra: Value| {
            let mut c = json!({"issuer": "https://op.example", "client_id": "app"});
            if let (Some(map), Value::Object(more)) = (c.as_object_mut(), extra) {
                map.extend(more);
            }
            parse(c)
        };
        let c = base(json!({})).unwrap();
        assert_eq!(
            c.id_token_signing_alg_values,
            [
                JwsAlgorithm::Rs256,
                JwsAlgorithm::Ps256,
                JwsAlgorithm::Es256
            ]
        );
        assert!(!c.insecure_skip_id_token_signature_verification);
        let c = base(json!({
            "id_token_signing_alg_values": ["ES256", "RS256", "ES256"],
            "insecure_skip_id_token_signature_verification": true
        }))
        .unwrap();
        assert_eq!(
            c.id_token_signing_alg_values,
            [JwsAlgorithm::Es256, JwsAlgorithm::Rs256],
            "order kept, duplicates dropped"
        );
        assert!(c.insecure_skip_id_token_signature_verification);
        // (value, words in the message)
        let bad = [
            (json!({"id_token_signing_alg_values": []}), "at least one"), // empty list
            (json!({"id_token_signing_alg_values": ["none"]}), "\"none\""), // unsigned tokens
            (
                json!({"id_token_signing_alg_values": ["HS256"]}),
                "\"HS256\"",
            ), // HMAC
            (
                json!({"id_token_signing_alg_values": ["RS512"]}),
                "\"RS512\"",
            ), // supported, not configurable
            (
                json!({"id_token_signing_alg_values": ["rs256"]}),
                "\"rs256\"",
            ), // names are case-sensitive
            (
                json!({"id_token_signing_alg_values": "RS256"}),
                "must be an array",
            ), // not a list
            (json!({"id_token_signing_alg_values": [256]}), "strings"),   // not a string
            (
                json!({"insecure_skip_id_token_signature_verification": "yes"}),
                "true or false",
            ),
        ];
        for (extra, words) in bad {
            let err = base(extra.clone()).unwrap_err();
            assert!(
                matches!(&err, ConfigError::InvalidValue { key, problem }
                    if key.starts_with("id_token_signing_alg_values")
                        || key == "insecure_skip_id_token_signature_verification"
                        && problem.contains(words))
                    && err.to_string().contains(words),
                "{extra}: {err}"
            );
        }
        // Built in Rust, validate() applies the same rule.
        let mut c = base(json!({})).unwrap();
        c.id_token_signing_alg_values = vec![JwsAlgorithm::Rs384];
        assert!(c.validate().is_err());
        c.id_token_signing_alg_values.clear();
        assert!(c.validate().is_err());
    }

    #[test]
    fn cognito_config() {
        let c = parse(json!({
            "cognito": {
                "region": "eu-west-1",
                "user_pool_id": "eu-west-1_AbC123",
                "domain": "myapp.auth.eu-west-1.amazoncognito.com"
            },
            "client_id": "abc"
        }))
        .unwrap();
        let ProviderConfig::Cognito(cognito) = &c.provider else {
            panic!()
        };
        assert_eq!(
            cognito.domain_url(),
            "https://myapp.auth.eu-west-1.amazoncognito.com"
        );
        assert_eq!(
            cognito.idp_endpoint(),
            "https://cognito-idp.eu-west-1.amazonaws.com"
        );
        assert_eq!(
            cognito.issuer().as_str(),
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
        );

        let c = parse(json!({
            "cognito": {
                "region": "us-gov-west-1",
                "user_pool_id": "us-gov-west-1_x9",
                "domain": "http://localhost:9229/",
                "endpoint": "http://127.0.0.1:9229/"
            },
            "client_id": "abc"
        }))
        .unwrap();
        let ProviderConfig::Cognito(cognito) = &c.provider else {
            panic!()
        };
        assert_eq!(cognito.domain_url(), "http://localhost:9229");
        assert_eq!(cognito.idp_endpoint(), "http://127.0.0.1:9229");
    }

    #[test]
    fn invalid_configs_name_the_key() {
        let issuer = "https://op.example";
        let cognito = |region: &str, pool: &str, domain: &str| json!({"cognito": {"region": region, "user_pool_id": pool, "domain": domain}, "client_id": "a"});
        // (config, expected key, words in the message)
        let cases: Vec<(Value, Option<&str>, &str)> = vec![
            // a JSON array is not a config
            (json!([1]), None, "JSON object"),
            // misspelled top-level key
            (
                json!({"issuer": issuer, "client_id": "a", "clientid": "a"}),
                Some("clientid"),
                "unknown key `clientid`",
            ),
            // misspelled nested key
            (
                json!({"cognito": {"regoin": "x"}, "client_id": "a"}),
                Some("cognito.regoin"),
                "unknown key",
            ),
            // misspelled endpoints key
            (
                json!({"issuer": issuer, "client_id": "a", "endpoints": {"token": "x"}}),
                Some("endpoints.token"),
                "Accepted keys here: authorization_endpoint",
            ),
            // no provider at all
            (json!({"client_id": "a"}), None, "Set `issuer`"),
            // both providers
            (
                json!({"issuer": issuer, "cognito": {}, "client_id": "a"}),
                None,
                "not both",
            ),
            // plain http issuer
            (
                json!({"issuer": "http://op.example", "client_id": "a"}),
                Some("issuer"),
                "`issuer` must be an https URL",
            ),
            // issuer not a string
            (
                json!({"issuer": 5, "client_id": "a"}),
                Some("issuer"),
                "must be a string",
            ),
            // missing client_id
            (
                json!({"issuer": issuer}),
                Some("client_id"),
                "`client_id` is required",
            ),
            // empty client_id
            (
                json!({"issuer": issuer, "client_id": ""}),
                Some("client_id"),
                "must not be empty",
            ),
            // endpoints with cognito
            (
                json!({"cognito": {}, "endpoints": {}, "client_id": "a"}),
                Some("endpoints"),
                "only be used with `issuer`",
            ),
            // endpoints missing the token endpoint
            (
                json!({"issuer": issuer, "client_id": "a", "endpoints": {"authorization_endpoint": "https://op.example/a"}}),
                Some("endpoints.token_endpoint"),
                "is required",
            ),
            // endpoint with a fragment
            (
                json!({"issuer": issuer, "client_id": "a", "endpoints": {"authorization_endpoint": "https://op.example/a#x", "token_endpoint": "https://op.example/t"}}),
                Some("endpoints.authorization_endpoint"),
                "fragment",
            ),
            // redirect_uri with a fragment
            (
                json!({"issuer": issuer, "client_id": "a", "redirect_uri": "https://app.example/cb#x"}),
                Some("redirect_uri"),
                "fragment",
            ),
            // scheme-relative redirect path
            (
                json!({"issuer": issuer, "client_id": "a", "redirect_uri": "//evil.example/cb"}),
                Some("redirect_uri"),
                "single `/`",
            ),
            // relative redirect that is not a path
            (
                json!({"issuer": issuer, "client_id": "a", "post_logout_redirect_uri": "bye"}),
                Some("post_logout_redirect_uri"),
                "absolute",
            ),
            // scopes without openid
            (
                json!({"issuer": issuer, "client_id": "a", "scopes": ["email"]}),
                Some("scopes"),
                "must include \"openid\"",
            ),
            // empty scopes
            (
                json!({"issuer": issuer, "client_id": "a", "scopes": []}),
                Some("scopes"),
                "openid",
            ),
            // scopes as one string
            (
                json!({"issuer": issuer, "client_id": "a", "scopes": "openid email"}),
                Some("scopes"),
                "array of strings",
            ),
            // scope with a space
            (
                json!({"issuer": issuer, "client_id": "a", "scopes": ["openid email"]}),
                Some("scopes"),
                "no spaces",
            ),
            // scope that is a number
            (
                json!({"issuer": issuer, "client_id": "a", "scopes": ["openid", 3]}),
                Some("scopes"),
                "array of strings",
            ),
            // unknown storage
            (
                json!({"issuer": issuer, "client_id": "a", "storage": "cookie"}),
                Some("storage"),
                "\"memory\", \"session\" or \"local\"",
            ),
            // unknown response mode
            (
                json!({"issuer": issuer, "client_id": "a", "response_mode": "form_post"}),
                Some("response_mode"),
                "\"query\" or \"fragment\"",
            ),
            // negative max_age
            (
                json!({"issuer": issuer, "client_id": "a", "max_age": -1}),
                Some("max_age"),
                "whole number",
            ),
            // fractional skew
            (
                json!({"issuer": issuer, "client_id": "a", "clock_skew_seconds": 1.5}),
                Some("clock_skew_seconds"),
                "whole number",
            ),
            // extra param overriding state
            (
                json!({"issuer": issuer, "client_id": "a", "extra_params": {"state": "x"}}),
                Some("extra_params.state"),
                "protocol parameter",
            ),
            // extra param overriding redirect_uri, differently cased
            (
                json!({"issuer": issuer, "client_id": "a", "extra_params": {"Redirect_URI": "x"}}),
                Some("extra_params.Redirect_URI"),
                "protocol parameter",
            ),
            // extra param that is not a string
            (
                json!({"issuer": issuer, "client_id": "a", "extra_params": {"a": 1}}),
                Some("extra_params.a"),
                "must be a string",
            ),
            // theme that is not an object
            (
                json!({"issuer": issuer, "client_id": "a", "theme": "dark"}),
                Some("theme"),
                "JSON object",
            ),
            // texts that is not an object
            (
                json!({"issuer": issuer, "client_id": "a", "texts": ["x"]}),
                Some("texts"),
                "JSON object",
            ),
            // cognito missing domain
            (
                json!({"cognito": {"region": "eu-west-1", "user_pool_id": "eu-west-1_a"}, "client_id": "a"}),
                Some("cognito.domain"),
                "is required",
            ),
            // cognito region malformed
            (
                cognito("europe", "europe_a", "d.example"),
                Some("cognito.region"),
                "AWS region",
            ),
            // cognito region with upper case
            (
                cognito("EU-west-1", "EU-west-1_a", "d.example"),
                Some("cognito.region"),
                "AWS region",
            ),
            // pool id from another region
            (
                cognito("eu-west-1", "us-east-1_abc", "d.example"),
                Some("cognito.user_pool_id"),
                "eu-west-1_AbC123xyz",
            ),
            // pool id without underscore
            (
                cognito("eu-west-1", "eu-west-1abc", "d.example"),
                Some("cognito.user_pool_id"),
                "underscore",
            ),
            // pool id with a path separator
            (
                cognito("eu-west-1", "eu-west-1_a/b", "d.example"),
                Some("cognito.user_pool_id"),
                "letters and digits",
            ),
            // domain with a path
            (
                cognito("eu-west-1", "eu-west-1_a", "d.example/x"),
                Some("cognito.domain"),
                "host name",
            ),
            // domain with userinfo
            (
                cognito("eu-west-1", "eu-west-1_a", "a@d.example"),
                Some("cognito.domain"),
                "host name",
            ),
            // plain http domain off loopback
            (
                cognito("eu-west-1", "eu-west-1_a", "http://d.example"),
                Some("cognito.domain"),
                "https URL",
            ),
            // emulator endpoint with a query
            (
                json!({"cognito": {"region": "eu-west-1", "user_pool_id": "eu-west-1_a", "domain": "d.example", "endpoint": "http://localhost:9229?x"}, "client_id": "a"}),
                Some("cognito.endpoint"),
                "query",
            ),
        ];
        for (config, key, words) in cases {
            let err = parse(config.clone()).unwrap_err();
            assert_eq!(err.key(), key, "{config}: {err}");
            let message = err.to_string();
            assert!(message.contains(words), "{config}: {message}");
        }
    }

    #[test]
    fn invalid_json_and_origins() {
        let err = AuthConfig::from_json("{\"issuer\": ", ORIGIN).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("config.json is not valid JSON: "),
            "{err}"
        );
        // A path cannot be resolved against an opaque origin ("null" for file: pages).
        let config = json!({"issuer": "https://op.example", "client_id": "a"}).to_string();
        for origin in [
            "null",
            "",
            "https://auth.example.com/sub",
            "ftp://auth.example.com",
        ] {
            let err = AuthConfig::from_json(&config, origin).unwrap_err();
            assert_eq!(err.key(), Some("redirect_uri"), "{origin}: {err}");
        }
        // An absolute redirect_uri does not need the origin.
        let config = json!({"issuer": "https://op.example", "client_id": "a", "redirect_uri": "https://app.example/cb"});
        assert!(AuthConfig::from_json(&config.to_string(), "null").is_ok());
        // A trailing slash on the origin is tolerated.
        let c = AuthConfig::from_json(
            &json!({"issuer": "https://op.example", "client_id": "a"}).to_string(),
            "https://auth.example.com/",
        )
        .unwrap();
        assert_eq!(c.redirect_uri.as_str(), "https://auth.example.com/callback");
    }

    #[test]
    fn rust_side_validation() {
        let config = AuthConfig::new(
            ProviderConfig::Issuer {
                issuer: IssuerUrl::parse("https://op.example").unwrap(),
                endpoints: None,
            },
            ClientId::parse("a").unwrap(),
            RedirectUrl::parse("https://app.example/cb").unwrap(),
        );
        assert!(config.validate().is_ok());
        let err = config
            .clone()
            .with_scopes(vec![Scope::parse("email").unwrap()])
            .unwrap_err();
        assert_eq!(err, ConfigError::MissingOpenIdScope);
        let mut bad = config;
        bad.params.extra.push(("nonce".into(), "x".into()));
        assert!(bad.validate().is_err());
    }

    #[test]
    fn enums_use_lowercase_names() {
        assert_eq!(
            serde_json::to_string(&StorageKind::Local).unwrap(),
            "\"local\""
        );
        assert_eq!(
            serde_json::from_str::<StorageKind>("\"memory\"").unwrap(),
            StorageKind::Memory
        );
        assert_eq!(StorageKind::default(), StorageKind::Session);
        assert_eq!(
            serde_json::to_string(&ResponseMode::Fragment).unwrap(),
            "\"fragment\""
        );
        assert_eq!(ResponseMode::default().as_str(), "query");
    }
}
