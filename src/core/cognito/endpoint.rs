//! Where the user-pool API lives and how a call to it looks on the wire.
//!
//! Cognito's user-pool API speaks the AWS JSON 1.1 protocol: every action is a
//! `POST` to the service root with the action in `X-Amz-Target` and a JSON
//! body (Amazon Cognito API Reference, "Making API requests"; the operations
//! an app calls for its own users need no AWS signature).

use super::super::config::{CognitoConfig, ConfigError};
use super::super::http::{HttpMethod, HttpRequest};
use super::super::types::{quoted, split_url, EndpointUrl};
use serde::Serialize;

/// The `Content-Type` of every request: the AWS JSON 1.1 protocol.
pub const AMZ_JSON_CONTENT_TYPE: &str = "application/x-amz-json-1.1";

/// The service prefix of `X-Amz-Target`.
const TARGET_PREFIX: &str = "AWSCognitoIdentityProviderService.";

/// The user-pool API base URL, ending in `/`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CognitoEndpoint(String);

impl CognitoEndpoint {
    /// The regional endpoint `https://cognito-idp.<region>.amazonaws.com/`.
    /// The region must be lowercase letters, digits and dashes (`eu-west-1`).
    pub fn for_region(region: &str) -> Result<Self, ConfigError> {
        let ok = region.starts_with(|c: char| c.is_ascii_lowercase())
            && !region.ends_with('-')
            && region
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !ok {
            return Err(ConfigError::invalid(
                "cognito.region",
                format!(
                    "must be an AWS region such as \"us-east-1\", but got {}.",
                    quoted(region)
                ),
            ));
        }
        Ok(Self(format!("https://cognito-idp.{region}.amazonaws.com/")))
    }

    /// Another base URL, for an emulator or a proxy: https, or http on a
    /// loopback host. A URL without a path gets `/`.
    pub fn custom(url: &str) -> Result<Self, ConfigError> {
        EndpointUrl::parse(url).map_err(|e| e.with_key("cognito.endpoint"))?;
        let no_path = split_url(url).is_ok_and(|parts| parts.path.is_empty());
        if no_path && !url.contains('?') {
            Ok(Self(format!("{url}/")))
        } else {
            Ok(Self(url.to_owned()))
        }
    }

    /// The endpoint of a Cognito preset: its `endpoint` override if set, else
    /// the regional endpoint.
    pub fn from_config(config: &CognitoConfig) -> Result<Self, ConfigError> {
        match &config.endpoint {
            Some(url) => Self::custom(url),
            None => Self::for_region(&config.region),
        }
    }

    /// The URL requests are sent to.
    #[must_use]
    pub fn url(&self) -> &str {
        &self.0
    }
}

/// The user-pool API actions this crate calls. The names are the operation
/// names of the Cognito API Reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CognitoAction {
    /// `SignUp`
    SignUp,
    /// `ConfirmSignUp`
    ConfirmSignUp,
    /// `ResendConfirmationCode`
    ResendConfirmationCode,
    /// `InitiateAuth`
    InitiateAuth,
    /// `RespondToAuthChallenge`
    RespondToAuthChallenge,
    /// `ForgotPassword`
    ForgotPassword,
    /// `ConfirmForgotPassword`
    ConfirmForgotPassword,
    /// `AssociateSoftwareToken`
    AssociateSoftwareToken,
    /// `VerifySoftwareToken`
    VerifySoftwareToken,
    /// `GetUser`
    GetUser,
    /// `GlobalSignOut`
    GlobalSignOut,
    /// `RevokeToken`
    RevokeToken,
    /// `SetUserMFAPreference`
    SetUserMfaPreference,
}

impl CognitoAction {
    /// The operation name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            CognitoAction::SignUp => "SignUp",
            CognitoAction::ConfirmSignUp => "ConfirmSignUp",
            CognitoAction::ResendConfirmationCode => "ResendConfirmationCode",
            CognitoAction::InitiateAuth => "InitiateAuth",
            CognitoAction::RespondToAuthChallenge => "RespondToAuthChallenge",
            CognitoAction::ForgotPassword => "ForgotPassword",
            CognitoAction::ConfirmForgotPassword => "ConfirmForgotPassword",
            CognitoAction::AssociateSoftwareToken => "AssociateSoftwareToken",
            CognitoAction::VerifySoftwareToken => "VerifySoftwareToken",
            CognitoAction::GetUser => "GetUser",
            CognitoAction::GlobalSignOut => "GlobalSignOut",
            CognitoAction::RevokeToken => "RevokeToken",
            CognitoAction::SetUserMfaPreference => "SetUserMFAPreference",
        }
    }

    /// The `X-Amz-Target` header value,
    /// `AWSCognitoIdentityProviderService.<Action>`.
    #[must_use]
    pub fn target(self) -> String {
        format!("{TARGET_PREFIX}{}", self.name())
    }
}

/// A call to the user-pool API: `POST` to `endpoint` with `X-Amz-Target`,
/// `Content-Type: application/x-amz-json-1.1` and `body` as JSON.
///
/// [`CognitoClient`](super::CognitoClient) uses this for every action; it is
/// public for actions the crate does not wrap (`ChangePassword`,
/// `SetUserMFAPreference`, ...).
pub fn api_request<B: Serialize + ?Sized>(
    endpoint: &CognitoEndpoint,
    action: CognitoAction,
    body: &B,
) -> HttpRequest {
    // The bodies are this module's own structs and maps with string keys,
    // whose serialization cannot fail; an empty body would be refused by the
    // service as a serialization error rather than sent half-built.
    let body = serde_json::to_string(body).unwrap_or_default();
    HttpRequest {
        method: HttpMethod::Post,
        url: endpoint.url().to_owned(),
        headers: vec![
            ("X-Amz-Target".to_owned(), action.target()),
            ("Content-Type".to_owned(), AMZ_JSON_CONTENT_TYPE.to_owned()),
        ],
        body: Some(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn regional_endpoint() {
        let e = CognitoEndpoint::for_region("eu-west-1").unwrap();
        assert_eq!(e.url(), "https://cognito-idp.eu-west-1.amazonaws.com/");
        let e = CognitoEndpoint::for_region("us-gov-west-1").unwrap();
        assert_eq!(e.url(), "https://cognito-idp.us-gov-west-1.amazonaws.com/");
        // (region): all refused
        let bad = [
            "",                    // empty
            "EU-WEST-1",           // uppercase
            "eu-west-1.evil.com/", // would change the host
            "eu-west-1-",          // trailing dash
            "1eu",                 // starts with a digit
            "eu west",             // space
        ];
        for region in bad {
            let err = CognitoEndpoint::for_region(region).unwrap_err();
            assert_eq!(err.key(), Some("cognito.region"), "{region}");
        }
    }

    #[test]
    fn custom_endpoint() {
        // (override, URL used)
        let cases = [
            ("http://127.0.0.1:4566", "http://127.0.0.1:4566/"),
            ("http://127.0.0.1:4566/", "http://127.0.0.1:4566/"),
            (
                "https://idp.example/cognito/",
                "https://idp.example/cognito/",
            ),
            ("http://localhost:9229", "http://localhost:9229/"),
        ];
        for (given, used) in cases {
            assert_eq!(CognitoEndpoint::custom(given).unwrap().url(), used);
        }
        // (override): all refused
        let bad = [
            "http://idp.example",   // http off loopback
            "ftp://127.0.0.1",      // another scheme
            "https://a.example/#x", // fragment
            "cognito-idp",          // not a URL
        ];
        for url in bad {
            let err = CognitoEndpoint::custom(url).unwrap_err();
            assert_eq!(err.key(), Some("cognito.endpoint"), "{url}");
        }
    }

    #[test]
    fn from_config() {
        let mut config = CognitoConfig {
            region: "us-east-1".into(),
            user_pool_id: "us-east-1_AbC".into(),
            domain: "http://127.0.0.1:4566".into(),
            endpoint: None,
        };
        assert_eq!(
            CognitoEndpoint::from_config(&config).unwrap().url(),
            "https://cognito-idp.us-east-1.amazonaws.com/"
        );
        config.endpoint = Some("http://127.0.0.1:4566".into());
        assert_eq!(
            CognitoEndpoint::from_config(&config).unwrap().url(),
            "http://127.0.0.1:4566/"
        );
    }

    #[test]
    fn request_shape() {
        let e = CognitoEndpoint::for_region("us-east-1").unwrap();
        let req = api_request(
            &e,
            CognitoAction::GetUser,
            &json!({"AccessToken": "SECRET"}),
        );
        assert_eq!(req.method, HttpMethod::Post);
        assert_eq!(req.url, "https://cognito-idp.us-east-1.amazonaws.com/");
        assert_eq!(
            req.headers,
            vec![
                (
                    "X-Amz-Target".to_owned(),
                    "AWSCognitoIdentityProviderService.GetUser".to_owned()
                ),
                (
                    "Content-Type".to_owned(),
                    "application/x-amz-json-1.1".to_owned()
                ),
            ]
        );
        assert_eq!(req.body.as_deref(), Some(r#"{"AccessToken":"SECRET"}"#));
        assert!(!format!("{req:?}").contains("SECRET"));
    }

    #[test]
    fn targets() {
        // (action, X-Amz-Target)
        let cases = [
            (CognitoAction::SignUp, "SignUp"),
            (CognitoAction::ConfirmSignUp, "ConfirmSignUp"),
            (
                CognitoAction::ResendConfirmationCode,
                "ResendConfirmationCode",
            ),
            (CognitoAction::InitiateAuth, "InitiateAuth"),
            (
                CognitoAction::RespondToAuthChallenge,
                "RespondToAuthChallenge",
            ),
            (CognitoAction::ForgotPassword, "ForgotPassword"),
            (
                CognitoAction::ConfirmForgotPassword,
                "ConfirmForgotPassword",
            ),
            (
                CognitoAction::AssociateSoftwareToken,
                "AssociateSoftwareToken",
            ),
            (CognitoAction::VerifySoftwareToken, "VerifySoftwareToken"),
            (CognitoAction::GetUser, "GetUser"),
            (CognitoAction::GlobalSignOut, "GlobalSignOut"),
            (CognitoAction::RevokeToken, "RevokeToken"),
            (CognitoAction::SetUserMfaPreference, "SetUserMFAPreference"),
        ];
        for (action, name) in cases {
            assert_eq!(
                action.target(),
                format!("AWSCognitoIdentityProviderService.{name}")
            );
        }
    }
}
