//! [`ConfigError`]: a configuration mistake, named by its key.
//!
//! It sits below the configuration reader and the protocol value types
//! ([`ClientId`](super::types::ClientId), [`IssuerUrl`](super::types::IssuerUrl), ...),
//! which both report it.

/// A configuration mistake. The message names the key and says what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The configuration is not JSON at all.
    #[error("config.json is not valid JSON: {0}.")]
    InvalidJson(String),
    /// The configuration is JSON but not an object.
    #[error("config.json must contain a JSON object such as {{\"issuer\": \"...\", \"client_id\": \"...\"}}.")]
    NotAnObject,
    /// A key that this version does not know (often a typo).
    #[error("config.json has an unknown key `{key}`. Accepted keys here: {accepted}.")]
    UnknownKey {
        /// The unknown key, with its parent (`cognito.regoin`).
        key: String,
        /// The keys accepted at that place, comma separated.
        accepted: String,
    },
    /// A required key is missing.
    #[error("`{key}` is required.")]
    MissingKey {
        /// The missing key.
        key: String,
    },
    /// A key has a value of the wrong type or shape.
    #[error("`{key}` {problem}")]
    InvalidValue {
        /// The key.
        key: String,
        /// What is wrong, as the end of a sentence that starts with the key.
        problem: String,
    },
    /// Neither `issuer` nor `cognito` is set.
    #[error("Set `issuer` (for any OpenID Connect provider) or `cognito` (for an AWS Cognito user pool).")]
    MissingProvider,
    /// Both `issuer` and `cognito` are set.
    #[error("Set either `issuer` or `cognito`, not both.")]
    ProviderConflict,
    /// `scopes` does not include `openid`.
    #[error("`scopes` must include \"openid\": sign-in uses OpenID Connect, which requires it.")]
    MissingOpenIdScope,
}

impl ConfigError {
    pub(crate) fn invalid(key: &str, problem: impl Into<String>) -> Self {
        ConfigError::InvalidValue {
            key: key.to_owned(),
            problem: problem.into(),
        }
    }

    /// The same error about another key. Value types report a generic key
    /// (`endpoint`, `redirect_uri`); callers that know the real key rename it.
    #[must_use]
    pub fn with_key(self, key: &str) -> Self {
        match self {
            ConfigError::InvalidValue { problem, .. } => ConfigError::InvalidValue {
                key: key.to_owned(),
                problem,
            },
            ConfigError::MissingKey { .. } => ConfigError::MissingKey {
                key: key.to_owned(),
            },
            other => other,
        }
    }

    /// The key the error is about, if it is about a single key.
    #[must_use]
    pub fn key(&self) -> Option<&str> {
        match self {
            ConfigError::UnknownKey { key, .. }
            | ConfigError::MissingKey { key }
            | ConfigError::InvalidValue { key, .. } => Some(key),
            ConfigError::MissingOpenIdScope => Some("scopes"),
            _ => None,
        }
    }
}
