//! The authorization request section of `config.json`: `scopes`, `prompt`,
//! `login_hint`, `max_age`, `ui_locales`, `identity_provider`,
//! `idp_identifier`, `response_mode` and `extra_params`.

use super::super::config_error::ConfigError;
use super::super::types::{quoted, Scope};
use super::super::vocab::RESERVED_PARAMS;
use super::json::{expect_object, expect_str, get, key_path, opt_param, opt_str, opt_u64};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

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

pub(super) fn parse_scopes(value: &Value) -> Result<Vec<Scope>, ConfigError> {
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

pub(super) fn parse_params(root: &Map<String, Value>) -> Result<AuthorizationParams, ConfigError> {
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

pub(super) fn check_extra_name(name: &str) -> Result<(), ConfigError> {
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
