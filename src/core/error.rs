//! The crate-wide error and stable error codes.
//!
//! Each concern has its own error type ([`ConfigError`], [`DiscoveryError`],
//! [`CallbackError`], [`TokenError`], [`IdTokenError`], [`RefreshError`],
//! [`LogoutError`], [`RevocationError`], [`CognitoError`], [`StorageError`]);
//! [`AuthError`] gathers them for the browser and UI layers, with a stable
//! [`AuthError::code`] for `data-lha-error-code`.

use super::callback::CallbackError;
use super::cognito::CognitoError;
use super::config::ConfigError;
use super::id_token::IdTokenError;
use super::logout::{LogoutError, RevocationError};
use super::metadata::DiscoveryError;
use super::refresh::RefreshError;
pub use super::storage_format::StorageError;
use super::token::TokenError;
use super::userinfo::UserinfoError;

/// Any error of the sign-in flow.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AuthError {
    /// A configuration mistake.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Discovery failed.
    #[error(transparent)]
    Discovery(#[from] DiscoveryError),
    /// The callback was refused.
    #[error(transparent)]
    Callback(#[from] CallbackError),
    /// The token request failed.
    #[error(transparent)]
    Token(#[from] TokenError),
    /// The ID token was refused.
    #[error(transparent)]
    IdToken(#[from] IdTokenError),
    /// A refresh response could not be applied.
    #[error(transparent)]
    Refresh(#[from] RefreshError),
    /// The logout callback was refused.
    #[error(transparent)]
    Logout(#[from] LogoutError),
    /// Token revocation failed.
    #[error(transparent)]
    Revocation(#[from] RevocationError),
    /// Stored data could not be used.
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A Cognito user-pool API call failed.
    #[error(transparent)]
    Cognito(#[from] CognitoError),
    /// The UserInfo endpoint's answer was refused (OpenID Connect Core 5.3).
    #[error(transparent)]
    Userinfo(#[from] UserinfoError),
    /// The provider could not be reached (reported by the browser layer).
    #[error("The sign-in service could not be reached: {0}")]
    Network(String),
}

impl AuthError {
    /// A stable snake_case code, used as `data-lha-error-code` by the UI and
    /// by end-to-end tests.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::Config(_) => "config_invalid",
            AuthError::Discovery(_) => "discovery_failed",
            AuthError::Callback(e) => match e {
                CallbackError::NoPendingAuthorization => "no_pending_authorization",
                CallbackError::MissingState => "missing_state",
                CallbackError::StateMismatch => "state_mismatch",
                CallbackError::IssuerMismatch { .. } => "issuer_mismatch",
                CallbackError::MissingIssuer => "missing_issuer",
                CallbackError::Provider { .. } => "provider_error",
                CallbackError::MissingCode => "missing_code",
                CallbackError::DuplicateParameter(_)
                | CallbackError::TooLarge
                | CallbackError::WrongResponseMode => "callback_invalid",
            },
            AuthError::Token(_) => "token_error",
            AuthError::IdToken(IdTokenError::SigningKeysUnavailable(_)) => {
                "signing_keys_unavailable"
            }
            AuthError::IdToken(_) => "id_token_invalid",
            AuthError::Refresh(e) => match e {
                RefreshError::IdTokenMismatch(_) | RefreshError::AccessTokenHashMismatch => {
                    "id_token_mismatch"
                }
                RefreshError::ClaimsWithoutIdToken => "refresh_failed",
            },
            AuthError::Logout(e) => match e {
                LogoutError::NoPendingLogout => "no_pending_logout",
                LogoutError::StateMismatch => "logout_state_mismatch",
            },
            AuthError::Revocation(_) => "revocation_failed",
            AuthError::Storage(_) => "storage",
            AuthError::Cognito(e) => e.code(),
            AuthError::Userinfo(UserinfoError::UserinfoSubjectMismatch) => {
                "userinfo_subject_mismatch"
            }
            AuthError::Userinfo(_) => "userinfo_failed",
            AuthError::Network(_) => "network",
        }
    }

    /// The provider's own `error` code (`access_denied`, `invalid_grant`, ...)
    /// when the provider reported one, in the callback, at the token endpoint
    /// or at the revocation endpoint; for Cognito's API, its exception name
    /// (`NotAuthorizedException`, ...).
    #[must_use]
    pub fn provider_error_code(&self) -> Option<&str> {
        match self {
            AuthError::Callback(CallbackError::Provider { error, .. })
            | AuthError::Token(TokenError::OAuth { error, .. })
            | AuthError::Revocation(RevocationError::OAuth { error, .. }) => Some(error),
            AuthError::Cognito(e) => e.error_type(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_stable() {
        // (error, code)
        let cases: Vec<(AuthError, &str)> = vec![
            (ConfigError::MissingProvider.into(), "config_invalid"),
            (
                DiscoveryError::Http { status: 404 }.into(),
                "discovery_failed",
            ),
            (
                CallbackError::NoPendingAuthorization.into(),
                "no_pending_authorization",
            ),
            (CallbackError::MissingState.into(), "missing_state"),
            (
                UserinfoError::UserinfoSubjectMismatch.into(),
                "userinfo_subject_mismatch",
            ),
            (UserinfoError::NoEndpoint.into(), "userinfo_failed"),
            (CallbackError::StateMismatch.into(), "state_mismatch"),
            (
                CallbackError::IssuerMismatch {
                    expected: "a".into(),
                    found: "b".into(),
                }
                .into(),
                "issuer_mismatch",
            ),
            (CallbackError::MissingIssuer.into(), "missing_issuer"),
            (
                CallbackError::Provider {
                    error: "access_denied".into(),
                    description: None,
                    uri: None,
                }
                .into(),
                "provider_error",
            ),
            (CallbackError::MissingCode.into(), "missing_code"),
            (
                CallbackError::DuplicateParameter("code".into()).into(),
                "callback_invalid",
            ),
            (TokenError::Http { status: 500 }.into(), "token_error"),
            (IdTokenError::Expired.into(), "id_token_invalid"),
            (
                IdTokenError::SignatureUnverifiable("no fitting key".into()).into(),
                "id_token_invalid",
            ),
            (
                IdTokenError::SigningKeysUnavailable("HTTP 503".into()).into(),
                "signing_keys_unavailable",
            ),
            (
                RefreshError::IdTokenMismatch("sub".into()).into(),
                "id_token_mismatch",
            ),
            (RefreshError::ClaimsWithoutIdToken.into(), "refresh_failed"),
            (LogoutError::NoPendingLogout.into(), "no_pending_logout"),
            (LogoutError::StateMismatch.into(), "logout_state_mismatch"),
            (RevocationError::Unavailable.into(), "revocation_failed"),
            (
                RevocationError::OAuth {
                    error: "unsupported_token_type".into(),
                    description: None,
                }
                .into(),
                "revocation_failed",
            ),
            (
                RevocationError::Http { status: 500 }.into(),
                "revocation_failed",
            ),
            (StorageError::Corrupt.into(), "storage"),
            (
                CognitoError::from_type("NotAuthorizedException", "x").into(),
                "not_authorized",
            ),
            (
                CognitoError::from_type("UserNotFoundException", "x").into(),
                "user_not_found",
            ),
            (
                CognitoError::from_type("ResourceNotFoundException", "x").into(),
                "cognito_error",
            ),
            (
                CognitoError::Http { status: 500 }.into(),
                "cognito_http_error",
            ),
            (AuthError::Network("offline".into()), "network"),
        ];
        // The README's table of codes is the public promise: it names each.
        let readme = include_str!("../../README.md");
        for (error, code) in cases {
            assert_eq!(error.code(), code, "{error:?}");
            assert!(
                readme.contains(&format!("`{code}`")),
                "README.md does not document the error code `{code}`"
            );
            let message = error.to_string();
            assert!(
                message.ends_with('.') || message.ends_with(')') || message.contains(": "),
                "{message}"
            );
            assert!(
                message.chars().next().is_some_and(char::is_uppercase),
                "{message}"
            );
        }
    }

    #[test]
    fn provider_error_codes() {
        let e: AuthError = CallbackError::Provider {
            error: "access_denied".into(),
            description: None,
            uri: None,
        }
        .into();
        assert_eq!(e.provider_error_code(), Some("access_denied"));
        let e: AuthError = TokenError::OAuth {
            error: "invalid_grant".into(),
            description: None,
            uri: None,
        }
        .into();
        assert_eq!(e.provider_error_code(), Some("invalid_grant"));
        assert_eq!(
            AuthError::from(CallbackError::StateMismatch).provider_error_code(),
            None
        );
        let e: AuthError = RevocationError::OAuth {
            error: "unsupported_token_type".into(),
            description: None,
        }
        .into();
        assert_eq!(e.provider_error_code(), Some("unsupported_token_type"));
        let e: AuthError = CognitoError::from_type(
            "com.amazonaws.cognito.identity.idp.model#CodeMismatchException",
            "Invalid code",
        )
        .into();
        assert_eq!(e.provider_error_code(), Some("CodeMismatchException"));
        assert_eq!(e.code(), "code_mismatch");
        let e: AuthError = CognitoError::Http { status: 502 }.into();
        assert_eq!(e.provider_error_code(), None);
    }

    #[test]
    fn transparent_display() {
        let e = AuthError::from(CallbackError::StateMismatch);
        assert_eq!(e.to_string(), CallbackError::StateMismatch.to_string());
    }
}
