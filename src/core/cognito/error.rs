//! Cognito's errors, with messages fit for the user.
//!
//! An AWS JSON 1.1 error is a 4xx or 5xx response whose body carries the
//! exception name in `__type` (sometimes as `namespace#Name`) and a `message`
//! (Amazon Cognito API Reference, "Common Errors" and each operation's
//! "Errors" section). The name picks the [`CognitoError`] variant; Cognito's
//! message is kept for developers ([`CognitoError::provider_message`]) but
//! never shown: it may echo what the user typed.
//!
//! The messages do not tell whether an account exists where Cognito hides it
//! (`PreventUserExistenceErrors`): `NotAuthorizedException` and
//! `UserNotFoundException` both read "Incorrect username or password.".

use super::super::http::HttpResponse;
use super::super::types::shorten;
use serde_json::Value;

/// The one message for a refused sign-in, whoever the user is.
const INCORRECT_CREDENTIALS: &str = "Incorrect username or password.";

/// A failed user-pool API call.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CognitoError {
    /// `NotAuthorizedException`: wrong password, disabled user, expired
    /// session, revoked token, ... ([`CognitoError::not_authorized_reason`]).
    #[error("{}", not_authorized_message(.message))]
    NotAuthorized {
        /// Cognito's message.
        message: String,
    },
    /// `UserNotConfirmedException`: the account still needs its code.
    #[error(
        "This account is not confirmed yet. Enter the code we sent you, or ask for a new one."
    )]
    UserNotConfirmed {
        /// Cognito's message.
        message: String,
    },
    /// `UsernameExistsException` (sign-up).
    #[error("An account with this username already exists.")]
    UsernameExists {
        /// Cognito's message.
        message: String,
    },
    /// `UserNotFoundException`. Shown exactly like a wrong password.
    #[error("{}", INCORRECT_CREDENTIALS)]
    UserNotFound {
        /// Cognito's message.
        message: String,
    },
    /// `CodeMismatchException`: a wrong confirmation, reset or MFA code.
    #[error("The code is not correct. Check it and try again.")]
    CodeMismatch {
        /// Cognito's message.
        message: String,
    },
    /// `ExpiredCodeException`.
    #[error("The code has expired. Ask for a new one.")]
    ExpiredCode {
        /// Cognito's message.
        message: String,
    },
    /// `InvalidPasswordException`: the password breaks the pool's policy.
    #[error("{}", invalid_password_message(.message))]
    InvalidPassword {
        /// Cognito's message.
        message: String,
    },
    /// `InvalidParameterException`.
    #[error("Some of the information entered is not valid. Check it and try again.")]
    InvalidParameter {
        /// Cognito's message.
        message: String,
    },
    /// `LimitExceededException`.
    #[error("Too many attempts. Wait a while, then try again.")]
    LimitExceeded {
        /// Cognito's message.
        message: String,
    },
    /// `TooManyRequestsException`.
    #[error("Too many requests. Wait a moment, then try again.")]
    TooManyRequests {
        /// Cognito's message.
        message: String,
    },
    /// `TooManyFailedAttemptsException`.
    #[error("Too many failed attempts. Wait a while, then try again.")]
    TooManyFailedAttempts {
        /// Cognito's message.
        message: String,
    },
    /// `PasswordResetRequiredException`.
    #[error("You need to reset your password before you can sign in.")]
    PasswordResetRequired {
        /// Cognito's message.
        message: String,
    },
    /// `CodeDeliveryFailureException`.
    #[error("The code could not be sent. Try again later.")]
    CodeDeliveryFailure {
        /// Cognito's message.
        message: String,
    },
    /// `AliasExistsException`: the email or phone number belongs to another
    /// account.
    #[error("An account with this email address or phone number already exists.")]
    AliasExists {
        /// Cognito's message.
        message: String,
    },
    /// `EnableSoftwareTokenMFAException`: the authenticator code did not
    /// match during setup.
    #[error("The code from your authenticator app is not correct. Check it and try again.")]
    EnableSoftwareTokenMfa {
        /// Cognito's message.
        message: String,
    },
    /// Any other exception (`ResourceNotFoundException`,
    /// `InternalErrorException`, `UserLambdaValidationException`, ...).
    #[error("The sign-in service refused the request ({}).", shorten(.error_type, 100))]
    Other {
        /// The exception name, without namespace.
        error_type: String,
        /// Cognito's message.
        message: String,
    },
    /// An error status without a Cognito error body (a proxy, a gateway).
    #[error("The sign-in service failed with HTTP status {status}.")]
    Http {
        /// The HTTP status.
        status: u16,
    },
    /// A success status with a body this crate cannot read.
    #[error("The sign-in service's response is invalid: {0}")]
    InvalidResponse(String),
}

/// What a `NotAuthorizedException` is about, read from its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NotAuthorizedReason {
    /// Wrong username or password, an unknown or disabled user, or a message
    /// this crate does not know.
    IncorrectCredentials,
    /// `Password attempts exceeded`.
    PasswordAttemptsExceeded,
    /// The challenge `Session` expired (`Invalid session for the user,
    /// session is expired.`): start the sign-in again.
    SessionExpired,
    /// A refresh or access token was revoked, expired or is invalid: sign in
    /// again.
    TokenInvalid,
    /// `Access Token does not have required scopes`: the call needs the
    /// `aws.cognito.signin.user.admin` scope, which tokens from the hosted UI
    /// only carry when the app client allows and requests it.
    InsufficientScope,
    /// `SignUp is not permitted for this user pool`.
    SignUpDisabled,
    /// `User cannot be confirmed. Current status is CONFIRMED`.
    AlreadyConfirmed,
    /// An administrator's temporary password expired.
    TemporaryPasswordExpired,
}

impl NotAuthorizedReason {
    fn of(message: &str) -> Self {
        let m = message.to_ascii_lowercase();
        if m.contains("password attempts exceeded") {
            NotAuthorizedReason::PasswordAttemptsExceeded
        } else if m.contains("invalid session") || m.contains("session has expired") {
            NotAuthorizedReason::SessionExpired
        } else if m.contains("required scopes") {
            NotAuthorizedReason::InsufficientScope
        } else if m.contains("refresh token") || m.contains("access token") {
            NotAuthorizedReason::TokenInvalid
        } else if m.contains("signup is not permitted") {
            NotAuthorizedReason::SignUpDisabled
        } else if m.contains("current status is confirmed") {
            NotAuthorizedReason::AlreadyConfirmed
        } else if m.contains("temporary password has expired") {
            NotAuthorizedReason::TemporaryPasswordExpired
        } else {
            // "Incorrect username or password.", "User is disabled." (which
            // would reveal that the account exists), and anything unknown.
            NotAuthorizedReason::IncorrectCredentials
        }
    }
}

fn not_authorized_message(message: &str) -> &'static str {
    match NotAuthorizedReason::of(message) {
        NotAuthorizedReason::IncorrectCredentials => INCORRECT_CREDENTIALS,
        NotAuthorizedReason::PasswordAttemptsExceeded => {
            "Too many failed sign-in attempts. Wait a while, then try again."
        }
        NotAuthorizedReason::SessionExpired => {
            "This sign-in took too long and has expired. Please start again."
        }
        NotAuthorizedReason::TokenInvalid => "Your session has ended. Please sign in again.",
        NotAuthorizedReason::InsufficientScope => "This session does not allow that action.",
        NotAuthorizedReason::SignUpDisabled => {
            "Sign-up is not available here. Ask an administrator for an account."
        }
        NotAuthorizedReason::AlreadyConfirmed => {
            "This account is already confirmed. You can sign in."
        }
        NotAuthorizedReason::TemporaryPasswordExpired => {
            "Your temporary password has expired. Ask an administrator for a new one."
        }
    }
}

/// "Password did not conform with policy: Password must have uppercase
/// characters" names the broken rule and never the password: keep that part.
fn invalid_password_message(message: &str) -> String {
    const LEAD: &str = "The password does not meet the requirements";
    let detail = message
        .split_once(':')
        .filter(|(head, _)| {
            head.trim()
                .eq_ignore_ascii_case("password did not conform with policy")
        })
        .map(|(_, rule)| rule.trim())
        .filter(|rule| !rule.is_empty());
    match detail {
        Some(rule) => {
            let rule = shorten(rule, 200);
            let end = if rule.ends_with('.') { "" } else { "." };
            format!("{LEAD}: {rule}{end}")
        }
        None => format!("{LEAD}."),
    }
}

impl CognitoError {
    /// Builds the error for a Cognito exception name (with or without a
    /// `namespace#` prefix or `:` suffix) and its message.
    #[must_use]
    pub fn from_type(error_type: &str, message: &str) -> Self {
        let name = bare_type(error_type);
        let message = shorten(message, 500);
        match name {
            "NotAuthorizedException" => CognitoError::NotAuthorized { message },
            "UserNotConfirmedException" => CognitoError::UserNotConfirmed { message },
            "UsernameExistsException" => CognitoError::UsernameExists { message },
            "UserNotFoundException" => CognitoError::UserNotFound { message },
            "CodeMismatchException" => CognitoError::CodeMismatch { message },
            "ExpiredCodeException" => CognitoError::ExpiredCode { message },
            "InvalidPasswordException" => CognitoError::InvalidPassword { message },
            "InvalidParameterException" => CognitoError::InvalidParameter { message },
            "LimitExceededException" => CognitoError::LimitExceeded { message },
            "TooManyRequestsException" => CognitoError::TooManyRequests { message },
            "TooManyFailedAttemptsException" => CognitoError::TooManyFailedAttempts { message },
            "PasswordResetRequiredException" => CognitoError::PasswordResetRequired { message },
            "CodeDeliveryFailureException" => CognitoError::CodeDeliveryFailure { message },
            "AliasExistsException" => CognitoError::AliasExists { message },
            "EnableSoftwareTokenMFAException" => CognitoError::EnableSoftwareTokenMfa { message },
            other => CognitoError::Other {
                error_type: shorten(other, 200),
                message,
            },
        }
    }

    /// A stable snake_case code, used as `data-lha-error-code`.
    #[must_use]
    pub fn code(&self) -> &'static str {
        match self {
            CognitoError::NotAuthorized { .. } => "not_authorized",
            CognitoError::UserNotConfirmed { .. } => "user_not_confirmed",
            CognitoError::UsernameExists { .. } => "username_exists",
            CognitoError::UserNotFound { .. } => "user_not_found",
            CognitoError::CodeMismatch { .. } => "code_mismatch",
            CognitoError::ExpiredCode { .. } => "expired_code",
            CognitoError::InvalidPassword { .. } => "invalid_password",
            CognitoError::InvalidParameter { .. } => "invalid_parameter",
            CognitoError::LimitExceeded { .. } => "limit_exceeded",
            CognitoError::TooManyRequests { .. } => "too_many_requests",
            CognitoError::TooManyFailedAttempts { .. } => "too_many_failed_attempts",
            CognitoError::PasswordResetRequired { .. } => "password_reset_required",
            CognitoError::CodeDeliveryFailure { .. } => "code_delivery_failure",
            CognitoError::AliasExists { .. } => "alias_exists",
            CognitoError::EnableSoftwareTokenMfa { .. } => "enable_software_token_mfa",
            CognitoError::Other { .. } => "cognito_error",
            CognitoError::Http { .. } => "cognito_http_error",
            CognitoError::InvalidResponse(_) => "cognito_invalid_response",
        }
    }

    /// The Cognito exception name (`NotAuthorizedException`, ...), when
    /// Cognito sent one.
    #[must_use]
    pub fn error_type(&self) -> Option<&str> {
        Some(match self {
            CognitoError::NotAuthorized { .. } => "NotAuthorizedException",
            CognitoError::UserNotConfirmed { .. } => "UserNotConfirmedException",
            CognitoError::UsernameExists { .. } => "UsernameExistsException",
            CognitoError::UserNotFound { .. } => "UserNotFoundException",
            CognitoError::CodeMismatch { .. } => "CodeMismatchException",
            CognitoError::ExpiredCode { .. } => "ExpiredCodeException",
            CognitoError::InvalidPassword { .. } => "InvalidPasswordException",
            CognitoError::InvalidParameter { .. } => "InvalidParameterException",
            CognitoError::LimitExceeded { .. } => "LimitExceededException",
            CognitoError::TooManyRequests { .. } => "TooManyRequestsException",
            CognitoError::TooManyFailedAttempts { .. } => "TooManyFailedAttemptsException",
            CognitoError::PasswordResetRequired { .. } => "PasswordResetRequiredException",
            CognitoError::CodeDeliveryFailure { .. } => "CodeDeliveryFailureException",
            CognitoError::AliasExists { .. } => "AliasExistsException",
            CognitoError::EnableSoftwareTokenMfa { .. } => "EnableSoftwareTokenMFAException",
            CognitoError::Other { error_type, .. } => error_type,
            CognitoError::Http { .. } | CognitoError::InvalidResponse(_) => return None,
        })
    }

    /// Cognito's own message, for developers' logs. It is English, may echo
    /// what the user typed, and may tell whether an account exists: do not
    /// show it to the user.
    #[must_use]
    pub fn provider_message(&self) -> Option<&str> {
        match self {
            CognitoError::NotAuthorized { message }
            | CognitoError::UserNotConfirmed { message }
            | CognitoError::UsernameExists { message }
            | CognitoError::UserNotFound { message }
            | CognitoError::CodeMismatch { message }
            | CognitoError::ExpiredCode { message }
            | CognitoError::InvalidPassword { message }
            | CognitoError::InvalidParameter { message }
            | CognitoError::LimitExceeded { message }
            | CognitoError::TooManyRequests { message }
            | CognitoError::TooManyFailedAttempts { message }
            | CognitoError::PasswordResetRequired { message }
            | CognitoError::CodeDeliveryFailure { message }
            | CognitoError::AliasExists { message }
            | CognitoError::EnableSoftwareTokenMfa { message }
            | CognitoError::Other { message, .. } => Some(message),
            CognitoError::Http { .. } | CognitoError::InvalidResponse(_) => None,
        }
    }

    /// For [`CognitoError::NotAuthorized`], what it is about.
    #[must_use]
    pub fn not_authorized_reason(&self) -> Option<NotAuthorizedReason> {
        match self {
            CognitoError::NotAuthorized { message } => Some(NotAuthorizedReason::of(message)),
            _ => None,
        }
    }

    /// Whether trying the same call again later may succeed: throttling and
    /// server-side failures.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            CognitoError::TooManyRequests { .. } | CognitoError::LimitExceeded { .. } => true,
            CognitoError::Http { status } => *status >= 500 || *status == 429,
            CognitoError::Other { error_type, .. } => error_type == "InternalErrorException",
            _ => false,
        }
    }
}

/// `com.amazonaws...#NotAuthorizedException:http://...` → `NotAuthorizedException`.
fn bare_type(error_type: &str) -> &str {
    let after_hash = error_type.rsplit('#').next().unwrap_or(error_type);
    after_hash.split(':').next().unwrap_or(after_hash).trim()
}

/// Reads the error from a response that is not a success: the `__type` and
/// `message` (or `Message`) of its JSON body, else [`CognitoError::Http`].
#[must_use]
pub fn parse_error(response: &HttpResponse) -> CognitoError {
    // The core's error-body check: bounded size, a JSON content type or none.
    let Some(map) = response.error_object() else {
        return CognitoError::Http {
            status: response.status,
        };
    };
    let text = |key: &str| map.get(key).and_then(Value::as_str);
    match text("__type").map(bare_type).filter(|t| !t.is_empty()) {
        Some(error_type) => {
            let message = text("message").or_else(|| text("Message")).unwrap_or("");
            CognitoError::from_type(error_type, message)
        }
        None => CognitoError::Http {
            status: response.status,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::http::{ResponseRefused, MAX_RESPONSE_BYTES};
    use super::*;

    fn error_response(status: u16, body: &str) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/x-amz-json-1.1".into()),
            body: body.into(),
        }
    }

    #[test]
    fn maps_every_exception() {
        // (__type, code, message shown to the user); the names are those of
        // the operations' "Errors" sections in the Cognito API Reference.
        let cases = [
            ("NotAuthorizedException", "not_authorized", "Incorrect username or password."),
            ("UserNotConfirmedException", "user_not_confirmed", "This account is not confirmed yet. Enter the code we sent you, or ask for a new one."),
            ("UsernameExistsException", "username_exists", "An account with this username already exists."),
            ("UserNotFoundException", "user_not_found", "Incorrect username or password."),
            ("CodeMismatchException", "code_mismatch", "The code is not correct. Check it and try again."),
            ("ExpiredCodeException", "expired_code", "The code has expired. Ask for a new one."),
            ("InvalidPasswordException", "invalid_password", "The password does not meet the requirements."),
            ("InvalidParameterException", "invalid_parameter", "Some of the information entered is not valid. Check it and try again."),
            ("LimitExceededException", "limit_exceeded", "Too many attempts. Wait a while, then try again."),
            ("TooManyRequestsException", "too_many_requests", "Too many requests. Wait a moment, then try again."),
            ("TooManyFailedAttemptsException", "too_many_failed_attempts", "Too many failed attempts. Wait a while, then try again."),
            ("PasswordResetRequiredException", "password_reset_required", "You need to reset your password before you can sign in."),
            ("CodeDeliveryFailureException", "code_delivery_failure", "The code could not be sent. Try again later."),
            ("AliasExistsException", "alias_exists", "An account with this email address or phone number already exists."),
            ("EnableSoftwareTokenMFAException", "enable_software_token_mfa", "The code from your authenticator app is not correct. Check it and try again."),
            ("ResourceNotFoundException", "cognito_error", "The sign-in service refused the request (ResourceNotFoundException)."),
        ];
        for (error_type, code, shown) in cases {
            let body = format!(r#"{{"__type":"{error_type}","message":"SECRET-ECHO"}}"#);
            let e = parse_error(&error_response(400, &body));
            assert_eq!(e.code(), code, "{error_type}");
            assert_eq!(e.to_string(), shown, "{error_type}");
            assert_eq!(e.error_type(), Some(error_type));
            assert_eq!(e.provider_message(), Some("SECRET-ECHO"));
            assert!(!e.to_string().contains("SECRET"));
        }
    }

    #[test]
    fn type_forms() {
        // (__type as sent, name understood)
        let cases = [
            ("NotAuthorizedException", "NotAuthorizedException"),
            // namespace prefix, as the AWS JSON protocol allows
            (
                "com.amazonaws.cognito.identity.idp.model#NotAuthorizedException",
                "NotAuthorizedException",
            ),
            // the x-amzn-errortype form with a `:` suffix
            (
                "NotAuthorizedException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
                "NotAuthorizedException",
            ),
            (
                "aws.protocoltests#UserNotFoundException:http://x/",
                "UserNotFoundException",
            ),
        ];
        for (sent, name) in cases {
            let body = format!(r#"{{"__type":"{sent}","message":"m"}}"#);
            assert_eq!(
                parse_error(&error_response(400, &body)).error_type(),
                Some(name)
            );
        }
        // `Message` with a capital M is read too.
        let e = parse_error(&error_response(
            400,
            r#"{"__type":"CodeMismatchException","Message":"Invalid code"}"#,
        ));
        assert_eq!(e.provider_message(), Some("Invalid code"));
    }

    #[test]
    fn without_a_cognito_body() {
        // (status, body): all Http { status }
        let cases = [
            (403, "<html>Forbidden</html>"),         // a WAF or proxy page
            (500, ""),                               // nothing
            (400, r#"{"message":"no type"}"#),       // JSON without __type
            (400, r#"{"__type":"","message":"m"}"#), // empty __type
            (502, r#"["NotAuthorizedException"]"#),  // not an object
            (400, r#"{"__type":5}"#),                // __type not a string
        ];
        for (status, body) in cases {
            assert_eq!(
                parse_error(&error_response(status, body)),
                CognitoError::Http { status },
                "{body}"
            );
        }
        let huge = format!(
            r#"{{"__type":"NotAuthorizedException","message":"{}"}}"#,
            "x".repeat(MAX_RESPONSE_BYTES)
        );
        assert_eq!(
            parse_error(&error_response(400, &huge)),
            CognitoError::Http { status: 400 }
        );
    }

    #[test]
    fn anti_enumeration() {
        // Whether the user exists, is disabled or typed a wrong password, the
        // sign-in screen reads the same.
        let messages = [
            ("NotAuthorizedException", "Incorrect username or password."),
            ("NotAuthorizedException", "User is disabled."),
            ("UserNotFoundException", "User does not exist."),
            ("NotAuthorizedException", "Something new from Cognito"),
            ("NotAuthorizedException", ""),
        ];
        for (t, m) in messages {
            let e = CognitoError::from_type(t, m);
            assert_eq!(e.to_string(), "Incorrect username or password.", "{t} {m}");
            assert!(!e.to_string().contains("exist"));
        }
    }

    #[test]
    fn not_authorized_reasons() {
        // (Cognito's message, reason)
        let cases = [
            (
                "Incorrect username or password.",
                NotAuthorizedReason::IncorrectCredentials,
            ),
            (
                "User is disabled.",
                NotAuthorizedReason::IncorrectCredentials,
            ),
            (
                "Password attempts exceeded",
                NotAuthorizedReason::PasswordAttemptsExceeded,
            ),
            (
                "Invalid session for the user, session is expired.",
                NotAuthorizedReason::SessionExpired,
            ),
            ("Session has expired", NotAuthorizedReason::SessionExpired),
            (
                "Refresh Token has been revoked",
                NotAuthorizedReason::TokenInvalid,
            ),
            ("Invalid Refresh Token", NotAuthorizedReason::TokenInvalid),
            (
                "Access Token has been revoked",
                NotAuthorizedReason::TokenInvalid,
            ),
            ("Invalid Access Token", NotAuthorizedReason::TokenInvalid),
            (
                "Access Token does not have required scopes",
                NotAuthorizedReason::InsufficientScope,
            ),
            (
                "SignUp is not permitted for this user pool",
                NotAuthorizedReason::SignUpDisabled,
            ),
            (
                "User cannot be confirmed. Current status is CONFIRMED",
                NotAuthorizedReason::AlreadyConfirmed,
            ),
            (
                "Temporary password has expired and must be reset by an administrator.",
                NotAuthorizedReason::TemporaryPasswordExpired,
            ),
        ];
        for (message, reason) in cases {
            let e = CognitoError::from_type("NotAuthorizedException", message);
            assert_eq!(e.not_authorized_reason(), Some(reason), "{message}");
            assert_eq!(e.code(), "not_authorized");
            let shown = e.to_string();
            assert!(shown.ends_with('.'), "{shown}");
        }
        assert_eq!(
            CognitoError::from_type("UserNotFoundException", "x").not_authorized_reason(),
            None
        );
    }

    #[test]
    fn invalid_password_keeps_the_rule() {
        // (Cognito's message, shown)
        let cases = [
            (
                "Password did not conform with policy: Password must have uppercase characters",
                "The password does not meet the requirements: Password must have uppercase characters.",
            ),
            (
                "Password did not conform with policy: Password not long enough.",
                "The password does not meet the requirements: Password not long enough.",
            ),
            // an unknown shape is not quoted
            (
                "Value 'hunter2' failed to satisfy constraint",
                "The password does not meet the requirements.",
            ),
            ("", "The password does not meet the requirements."),
        ];
        for (message, shown) in cases {
            let e = CognitoError::from_type("InvalidPasswordException", message);
            assert_eq!(e.to_string(), shown);
        }
    }

    #[test]
    fn other_and_transport_errors() {
        let e = CognitoError::from_type("UserLambdaValidationException", "PreSignUp failed");
        assert_eq!(
            e,
            CognitoError::Other {
                error_type: "UserLambdaValidationException".into(),
                message: "PreSignUp failed".into()
            }
        );
        assert!(!e.is_retryable());
        assert!(CognitoError::from_type("InternalErrorException", "").is_retryable());
        assert!(CognitoError::from_type("TooManyRequestsException", "").is_retryable());
        assert!(CognitoError::Http { status: 503 }.is_retryable());
        assert!(!CognitoError::Http { status: 403 }.is_retryable());
        assert!(!CognitoError::from_type("NotAuthorizedException", "").is_retryable());

        let e = CognitoError::Http { status: 502 };
        assert_eq!(e.code(), "cognito_http_error");
        assert_eq!(e.error_type(), None);
        assert_eq!(e.provider_message(), None);
        assert_eq!(
            e.to_string(),
            "The sign-in service failed with HTTP status 502."
        );
        let e = CognitoError::InvalidResponse("it is not a JSON object.".into());
        assert_eq!(e.code(), "cognito_invalid_response");
        assert_eq!(
            e.to_string(),
            "The sign-in service's response is invalid: it is not a JSON object."
        );
        assert_eq!(
            CognitoError::InvalidResponse(ResponseRefused::TooLarge.to_string()).to_string(),
            "The sign-in service's response is invalid: it is larger than 256 KiB."
        );
    }
}
