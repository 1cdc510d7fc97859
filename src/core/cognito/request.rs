//! The requests, one method per user-pool action.
//!
//! Field names are exactly those of the Cognito API Reference (`ClientId`,
//! `Username`, `AuthParameters`, `ChallengeResponses`, ...); optional fields
//! are left out rather than sent empty. `ClientMetadata`, `AnalyticsMetadata`,
//! `UserContextData` and `SECRET_HASH` are never sent (see the
//! [module documentation](super) for `SECRET_HASH`).

use super::super::config::{CognitoConfig, ConfigError};
use super::super::http::HttpRequest;
use super::super::secret::{AccessToken, Password, RefreshToken};
use super::super::srp::PasswordVerifierResponse;
use super::super::types::ClientId;
use super::endpoint::{api_request, CognitoAction, CognitoEndpoint};
use super::types::{ChallengeSession, MfaType, UserAttribute};
use serde::Serialize;
use std::collections::BTreeMap;

/// Builds the user-pool API requests of one app client.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CognitoClient {
    endpoint: CognitoEndpoint,
    client_id: ClientId,
}

/// How `InitiateAuth` authenticates.
#[derive(Debug)]
#[non_exhaustive]
pub enum AuthFlow<'a> {
    /// `USER_SRP_AUTH`: the password never leaves the browser. Cognito answers
    /// with a `PASSWORD_VERIFIER` challenge.
    UserSrp {
        /// The username (or an alias: email, phone number).
        username: &'a str,
        /// `SRP_A`, the client's public SRP value, in hex.
        srp_a: &'a str,
    },
    /// `USER_PASSWORD_AUTH`: the password goes to Cognito over TLS. The app
    /// client must allow `ALLOW_USER_PASSWORD_AUTH`.
    UserPassword {
        /// The username (or an alias).
        username: &'a str,
        /// The password.
        password: &'a Password,
    },
    /// `REFRESH_TOKEN_AUTH`: new access and ID tokens. Cognito returns no new
    /// refresh token unless rotation is on; keep the old one.
    RefreshToken {
        /// The refresh token.
        refresh_token: &'a RefreshToken,
    },
}

impl AuthFlow<'_> {
    /// The `AuthFlow` name on the wire.
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            AuthFlow::UserSrp { .. } => "USER_SRP_AUTH",
            AuthFlow::UserPassword { .. } => "USER_PASSWORD_AUTH",
            AuthFlow::RefreshToken { .. } => "REFRESH_TOKEN_AUTH",
        }
    }
}

/// An answer to a challenge, for `RespondToAuthChallenge`.
///
/// `username` is the name Cognito knows the user by: for a
/// `PASSWORD_VERIFIER` the challenge's `USERNAME` (else `USER_ID_FOR_SRP`),
/// and afterwards the [`AuthStep::Challenge`](super::AuthStep::Challenge)
/// `username` when it has one (it may differ from the alias the user typed).
#[derive(Debug)]
#[non_exhaustive]
pub enum ChallengeResponse<'a> {
    /// `PASSWORD_VERIFIER`: the SRP password claim, usually made from a
    /// [`PasswordVerifierResponse`] (`From`).
    PasswordVerifier {
        /// `USERNAME`: the challenge's `USERNAME`, else its `USER_ID_FOR_SRP`.
        username: &'a str,
        /// `PASSWORD_CLAIM_SECRET_BLOCK`: the challenge's `SECRET_BLOCK`.
        secret_block: &'a str,
        /// `PASSWORD_CLAIM_SIGNATURE`, base64.
        signature: &'a str,
        /// `TIMESTAMP`, as signed (`Tue Nov 25 09:05:03 UTC 2026`).
        timestamp: &'a str,
    },
    /// `SMS_MFA`: the code from the text message.
    SmsMfa {
        /// `USERNAME`
        username: &'a str,
        /// `SMS_MFA_CODE`
        code: &'a str,
    },
    /// `SOFTWARE_TOKEN_MFA`: the code from the authenticator app.
    SoftwareTokenMfa {
        /// `USERNAME`
        username: &'a str,
        /// `SOFTWARE_TOKEN_MFA_CODE`
        code: &'a str,
    },
    /// `EMAIL_OTP`: the code from the email.
    EmailOtp {
        /// `USERNAME`
        username: &'a str,
        /// `EMAIL_OTP_CODE`
        code: &'a str,
    },
    /// `SELECT_MFA_TYPE`: the factor the user picked.
    SelectMfaType {
        /// `USERNAME`
        username: &'a str,
        /// `ANSWER`
        choice: &'a MfaType,
    },
    /// `NEW_PASSWORD_REQUIRED`: the new password and the required
    /// attributes. Send only attributes the app client may write (not
    /// `email_verified`, `phone_number_verified`, `sub`).
    NewPasswordRequired {
        /// `USERNAME`
        username: &'a str,
        /// `NEW_PASSWORD`
        new_password: &'a Password,
        /// Sent as `userAttributes.<name>`.
        attributes: &'a [UserAttribute],
    },
    /// `MFA_SETUP`: the authenticator is set up. Send it with the `Session`
    /// that `VerifySoftwareToken` returned.
    MfaSetup {
        /// `USERNAME`
        username: &'a str,
    },
}

impl ChallengeResponse<'_> {
    /// The `ChallengeName` this answers.
    #[must_use]
    pub fn challenge_name(&self) -> &'static str {
        match self {
            ChallengeResponse::PasswordVerifier { .. } => "PASSWORD_VERIFIER",
            ChallengeResponse::SmsMfa { .. } => "SMS_MFA",
            ChallengeResponse::SoftwareTokenMfa { .. } => "SOFTWARE_TOKEN_MFA",
            ChallengeResponse::EmailOtp { .. } => "EMAIL_OTP",
            ChallengeResponse::SelectMfaType { .. } => "SELECT_MFA_TYPE",
            ChallengeResponse::NewPasswordRequired { .. } => "NEW_PASSWORD_REQUIRED",
            ChallengeResponse::MfaSetup { .. } => "MFA_SETUP",
        }
    }

    /// `ChallengeResponses`.
    fn responses(&self) -> BTreeMap<String, &str> {
        let pairs: Vec<(String, &str)> = match self {
            ChallengeResponse::PasswordVerifier {
                username,
                secret_block,
                signature,
                timestamp,
            } => vec![
                ("USERNAME".into(), username),
                ("PASSWORD_CLAIM_SECRET_BLOCK".into(), secret_block),
                ("PASSWORD_CLAIM_SIGNATURE".into(), signature),
                ("TIMESTAMP".into(), timestamp),
            ],
            ChallengeResponse::SmsMfa { username, code } => {
                vec![("USERNAME".into(), username), ("SMS_MFA_CODE".into(), code)]
            }
            ChallengeResponse::SoftwareTokenMfa { username, code } => vec![
                ("USERNAME".into(), username),
                ("SOFTWARE_TOKEN_MFA_CODE".into(), code),
            ],
            ChallengeResponse::EmailOtp { username, code } => vec![
                ("USERNAME".into(), username),
                ("EMAIL_OTP_CODE".into(), code),
            ],
            ChallengeResponse::SelectMfaType { username, choice } => vec![
                ("USERNAME".into(), username),
                ("ANSWER".into(), choice.as_str()),
            ],
            ChallengeResponse::NewPasswordRequired {
                username,
                new_password,
                attributes,
            } => {
                let mut pairs = vec![
                    ("USERNAME".into(), *username),
                    ("NEW_PASSWORD".into(), new_password.secret()),
                ];
                pairs.extend(
                    attributes
                        .iter()
                        .map(|a| (format!("userAttributes.{}", a.name), a.value.as_str())),
                );
                pairs
            }
            ChallengeResponse::MfaSetup { username } => vec![("USERNAME".into(), username)],
        };
        pairs.into_iter().collect()
    }
}

impl<'a> From<&'a PasswordVerifierResponse> for ChallengeResponse<'a> {
    fn from(r: &'a PasswordVerifierResponse) -> Self {
        ChallengeResponse::PasswordVerifier {
            username: &r.username,
            secret_block: &r.password_claim_secret_block,
            signature: &r.password_claim_signature,
            timestamp: &r.timestamp,
        }
    }
}

/// Who `AssociateSoftwareToken` and `VerifySoftwareToken` are for.
#[derive(Clone, Copy, Debug)]
pub enum SoftwareTokenAuth<'a> {
    /// A signed-in user adding an authenticator.
    AccessToken(&'a AccessToken),
    /// A user in the middle of signing in, answering `MFA_SETUP`.
    Session(&'a ChallengeSession),
}

// The request bodies, in the field order of the API Reference.

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SignUpBody<'a> {
    client_id: &'a str,
    username: &'a str,
    password: &'a str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    user_attributes: &'a [UserAttribute],
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct UserCodeBody<'a> {
    client_id: &'a str,
    username: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    confirmation_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    password: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct InitiateAuthBody<'a> {
    auth_flow: &'static str,
    client_id: &'a str,
    auth_parameters: BTreeMap<&'static str, &'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RespondBody<'a> {
    challenge_name: &'static str,
    client_id: &'a str,
    challenge_responses: BTreeMap<String, &'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct SoftwareTokenBody<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    access_token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    friendly_device_name: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct AccessTokenBody<'a> {
    access_token: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MfaPreferenceBody<'a> {
    access_token: &'a str,
    software_token_mfa_settings: MfaSettings,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct MfaSettings {
    enabled: bool,
    preferred_mfa: bool,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct RevokeTokenBody<'a> {
    token: &'a str,
    client_id: &'a str,
}

impl CognitoClient {
    /// A client for the app client `client_id` at `endpoint`.
    #[must_use]
    pub fn new(endpoint: CognitoEndpoint, client_id: ClientId) -> Self {
        Self {
            endpoint,
            client_id,
        }
    }

    /// A client for a Cognito preset and its app client.
    pub fn from_config(config: &CognitoConfig, client_id: &ClientId) -> Result<Self, ConfigError> {
        Ok(Self::new(
            CognitoEndpoint::from_config(config)?,
            client_id.clone(),
        ))
    }

    /// The endpoint.
    #[must_use]
    pub fn endpoint(&self) -> &CognitoEndpoint {
        &self.endpoint
    }

    /// The app client id.
    #[must_use]
    pub fn client_id(&self) -> &ClientId {
        &self.client_id
    }

    fn call<B: Serialize>(&self, action: CognitoAction, body: &B) -> HttpRequest {
        api_request(&self.endpoint, action, body)
    }

    /// `SignUp`: registers a user with a password and attributes (`email`,
    /// `name`, ...). Read the answer with [`parse_sign_up`](super::parse_sign_up).
    #[must_use]
    pub fn sign_up(
        &self,
        username: &str,
        password: &Password,
        attributes: &[UserAttribute],
    ) -> HttpRequest {
        self.call(
            CognitoAction::SignUp,
            &SignUpBody {
                client_id: self.client_id.as_str(),
                username,
                password: password.secret(),
                user_attributes: attributes,
            },
        )
    }

    /// `ConfirmSignUp`: the code sent at sign-up.
    #[must_use]
    pub fn confirm_sign_up(&self, username: &str, code: &str) -> HttpRequest {
        self.call(
            CognitoAction::ConfirmSignUp,
            &UserCodeBody {
                client_id: self.client_id.as_str(),
                username,
                confirmation_code: Some(code),
                password: None,
            },
        )
    }

    /// `ResendConfirmationCode`.
    #[must_use]
    pub fn resend_confirmation_code(&self, username: &str) -> HttpRequest {
        self.call(
            CognitoAction::ResendConfirmationCode,
            &UserCodeBody {
                client_id: self.client_id.as_str(),
                username,
                confirmation_code: None,
                password: None,
            },
        )
    }

    /// `InitiateAuth`. Read the answer with
    /// [`parse_auth_response`](super::parse_auth_response).
    #[must_use]
    pub fn initiate_auth(&self, flow: &AuthFlow<'_>) -> HttpRequest {
        let auth_parameters: BTreeMap<&'static str, &str> = match flow {
            AuthFlow::UserSrp { username, srp_a } => {
                [("USERNAME", *username), ("SRP_A", *srp_a)].into()
            }
            AuthFlow::UserPassword { username, password } => {
                [("USERNAME", *username), ("PASSWORD", password.secret())].into()
            }
            AuthFlow::RefreshToken { refresh_token } => {
                [("REFRESH_TOKEN", refresh_token.secret())].into()
            }
        };
        self.call(
            CognitoAction::InitiateAuth,
            &InitiateAuthBody {
                auth_flow: flow.name(),
                client_id: self.client_id.as_str(),
                auth_parameters,
            },
        )
    }

    /// `RespondToAuthChallenge`, with the `Session` of the challenge (Cognito
    /// sends none with `PASSWORD_VERIFIER`; pass what came). Read the answer
    /// with [`parse_auth_response`](super::parse_auth_response).
    #[must_use]
    pub fn respond_to_auth_challenge(
        &self,
        session: Option<&ChallengeSession>,
        response: &ChallengeResponse<'_>,
    ) -> HttpRequest {
        self.call(
            CognitoAction::RespondToAuthChallenge,
            &RespondBody {
                challenge_name: response.challenge_name(),
                client_id: self.client_id.as_str(),
                challenge_responses: response.responses(),
                session: session.map(ChallengeSession::secret),
            },
        )
    }

    /// `ForgotPassword`: Cognito sends a reset code. Read the answer with
    /// [`parse_code_delivery`](super::parse_code_delivery).
    #[must_use]
    pub fn forgot_password(&self, username: &str) -> HttpRequest {
        self.call(
            CognitoAction::ForgotPassword,
            &UserCodeBody {
                client_id: self.client_id.as_str(),
                username,
                confirmation_code: None,
                password: None,
            },
        )
    }

    /// `ConfirmForgotPassword`: the reset code and the new password.
    #[must_use]
    pub fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        new_password: &Password,
    ) -> HttpRequest {
        self.call(
            CognitoAction::ConfirmForgotPassword,
            &UserCodeBody {
                client_id: self.client_id.as_str(),
                username,
                confirmation_code: Some(code),
                password: Some(new_password.secret()),
            },
        )
    }

    /// `AssociateSoftwareToken`: a new TOTP secret for an authenticator app.
    #[must_use]
    pub fn associate_software_token(&self, auth: SoftwareTokenAuth<'_>) -> HttpRequest {
        self.call(
            CognitoAction::AssociateSoftwareToken,
            &software_token_body(auth, None, None),
        )
    }

    /// `VerifySoftwareToken`: the first code from the authenticator app, and
    /// an optional name for the device.
    #[must_use]
    pub fn verify_software_token(
        &self,
        auth: SoftwareTokenAuth<'_>,
        user_code: &str,
        friendly_device_name: Option<&str>,
    ) -> HttpRequest {
        self.call(
            CognitoAction::VerifySoftwareToken,
            &software_token_body(auth, Some(user_code), friendly_device_name),
        )
    }

    /// `GetUser`: the signed-in user's attributes.
    #[must_use]
    pub fn get_user(&self, access_token: &AccessToken) -> HttpRequest {
        self.call(
            CognitoAction::GetUser,
            &AccessTokenBody {
                access_token: access_token.secret(),
            },
        )
    }

    /// `GlobalSignOut`: ends every session of the user, on every device.
    #[must_use]
    pub fn global_sign_out(&self, access_token: &AccessToken) -> HttpRequest {
        self.call(
            CognitoAction::GlobalSignOut,
            &AccessTokenBody {
                access_token: access_token.secret(),
            },
        )
    }

    /// `SetUserMFAPreference` for the authenticator app (TOTP): turns it on
    /// (or off) for the signed-in user and makes it the preferred factor
    /// when on. Cognito needs this after `VerifySoftwareToken` before it asks
    /// for a code at sign-in; SMS and e-mail settings are left as they are.
    #[must_use]
    pub fn set_software_token_mfa_preference(
        &self,
        access_token: &AccessToken,
        enabled: bool,
    ) -> HttpRequest {
        self.call(
            CognitoAction::SetUserMfaPreference,
            &MfaPreferenceBody {
                access_token: access_token.secret(),
                software_token_mfa_settings: MfaSettings {
                    enabled,
                    preferred_mfa: enabled,
                },
            },
        )
    }

    /// `RevokeToken`: revokes a refresh token and the access and ID tokens
    /// issued from it.
    #[must_use]
    pub fn revoke_token(&self, refresh_token: &RefreshToken) -> HttpRequest {
        self.call(
            CognitoAction::RevokeToken,
            &RevokeTokenBody {
                token: refresh_token.secret(),
                client_id: self.client_id.as_str(),
            },
        )
    }
}

fn software_token_body<'a>(
    auth: SoftwareTokenAuth<'a>,
    user_code: Option<&'a str>,
    friendly_device_name: Option<&'a str>,
) -> SoftwareTokenBody<'a> {
    let (access_token, session) = match auth {
        SoftwareTokenAuth::AccessToken(t) => (Some(t.secret()), None),
        SoftwareTokenAuth::Session(s) => (None, Some(s.secret())),
    };
    SoftwareTokenBody {
        access_token,
        session,
        user_code,
        friendly_device_name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn client() -> CognitoClient {
        CognitoClient::new(
            CognitoEndpoint::for_region("us-east-1").unwrap(),
            ClientId::parse("3n4b5urk1ft4fl3mg5e62d9ado").unwrap(),
        )
    }

    /// Checks the method, URL and headers, and returns the body as JSON.
    fn sent(req: &HttpRequest, action: &str) -> Value {
        assert_eq!(req.method.as_str(), "POST");
        assert_eq!(req.url, "https://cognito-idp.us-east-1.amazonaws.com/");
        assert_eq!(
            req.header("x-amz-target"),
            Some(format!("AWSCognitoIdentityProviderService.{action}").as_str())
        );
        assert_eq!(
            req.header("content-type"),
            Some("application/x-amz-json-1.1")
        );
        assert_eq!(req.headers.len(), 2, "unsigned: no other header");
        let body = req.body.as_deref().unwrap();
        assert!(!format!("{req:?}").contains(body));
        serde_json::from_str(body).unwrap()
    }

    const CID: &str = "3n4b5urk1ft4fl3mg5e62d9ado";

    // The expected bodies follow the request syntax of each operation in the
    // Amazon Cognito API Reference (API_SignUp.html, API_InitiateAuth.html,
    // API_RespondToAuthChallenge.html, ...), minus the optional fields this
    // crate does not send.

    #[test]
    fn sign_up() {
        let req = client().sign_up(
            "alice",
            &Password::new("Corr3ct-horse".into()),
            &[
                UserAttribute::new("email", "alice@example.com"),
                UserAttribute::new("name", "Alice"),
            ],
        );
        assert_eq!(
            sent(&req, "SignUp"),
            json!({
                "ClientId": CID,
                "Username": "alice",
                "Password": "Corr3ct-horse",
                "UserAttributes": [
                    {"Name": "email", "Value": "alice@example.com"},
                    {"Name": "name", "Value": "Alice"}
                ]
            })
        );
        // Exact text, field order included.
        assert_eq!(
            req.body.as_deref(),
            Some(
                r#"{"ClientId":"3n4b5urk1ft4fl3mg5e62d9ado","Username":"alice","Password":"Corr3ct-horse","UserAttributes":[{"Name":"email","Value":"alice@example.com"},{"Name":"name","Value":"Alice"}]}"#
            )
        );
        // No attributes: the field is left out.
        let req = client().sign_up("bob", &Password::new("pw".into()), &[]);
        assert_eq!(
            sent(&req, "SignUp"),
            json!({"ClientId": CID, "Username": "bob", "Password": "pw"})
        );
    }

    #[test]
    fn confirm_and_resend() {
        assert_eq!(
            sent(
                &client().confirm_sign_up("alice", "123456"),
                "ConfirmSignUp"
            ),
            json!({"ClientId": CID, "Username": "alice", "ConfirmationCode": "123456"})
        );
        assert_eq!(
            sent(
                &client().resend_confirmation_code("alice"),
                "ResendConfirmationCode"
            ),
            json!({"ClientId": CID, "Username": "alice"})
        );
    }

    #[test]
    fn initiate_auth_flows() {
        let password = Password::new("Corr3ct-horse".into());
        let refresh = RefreshToken::new("eyJjdHkiOiJKV1QiLCJlbmMi.refresh".into());
        // (flow, AuthFlow, AuthParameters)
        let cases = [
            (
                AuthFlow::UserSrp {
                    username: "alice",
                    srp_a: "a1b2c3",
                },
                "USER_SRP_AUTH",
                json!({"USERNAME": "alice", "SRP_A": "a1b2c3"}),
            ),
            (
                AuthFlow::UserPassword {
                    username: "alice",
                    password: &password,
                },
                "USER_PASSWORD_AUTH",
                json!({"USERNAME": "alice", "PASSWORD": "Corr3ct-horse"}),
            ),
            (
                AuthFlow::RefreshToken {
                    refresh_token: &refresh,
                },
                "REFRESH_TOKEN_AUTH",
                json!({"REFRESH_TOKEN": "eyJjdHkiOiJKV1QiLCJlbmMi.refresh"}),
            ),
        ];
        for (flow, name, params) in cases {
            assert_eq!(flow.name(), name);
            assert_eq!(
                sent(&client().initiate_auth(&flow), "InitiateAuth"),
                json!({"AuthFlow": name, "ClientId": CID, "AuthParameters": params})
            );
            assert!(!format!("{flow:?}").contains("Corr3ct"));
            assert!(!format!("{flow:?}").contains("eyJ"));
        }
        // Exact text of one.
        let req = client().initiate_auth(&AuthFlow::UserSrp {
            username: "alice",
            srp_a: "a1b2c3",
        });
        assert_eq!(
            req.body.as_deref(),
            Some(
                r#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"3n4b5urk1ft4fl3mg5e62d9ado","AuthParameters":{"SRP_A":"a1b2c3","USERNAME":"alice"}}"#
            )
        );
    }

    #[test]
    fn challenge_responses() {
        let new_password = Password::new("N3w-password!".into());
        let attributes = [
            UserAttribute::new("name", "Alice"),
            UserAttribute::new("custom:team", "blue"),
        ];
        let choice = MfaType::SoftwareTokenMfa;
        // (response, ChallengeName, ChallengeResponses)
        let cases = [
            (
                ChallengeResponse::PasswordVerifier {
                    username: "7f3c-uuid",
                    secret_block: "c2VjcmV0LWJsb2Nr",
                    signature: "c2lnbmF0dXJl",
                    timestamp: "Tue Nov 25 09:05:03 UTC 2026",
                },
                "PASSWORD_VERIFIER",
                json!({
                    "USERNAME": "7f3c-uuid",
                    "PASSWORD_CLAIM_SECRET_BLOCK": "c2VjcmV0LWJsb2Nr",
                    "PASSWORD_CLAIM_SIGNATURE": "c2lnbmF0dXJl",
                    "TIMESTAMP": "Tue Nov 25 09:05:03 UTC 2026"
                }),
            ),
            (
                ChallengeResponse::SmsMfa {
                    username: "alice",
                    code: "123456",
                },
                "SMS_MFA",
                json!({"USERNAME": "alice", "SMS_MFA_CODE": "123456"}),
            ),
            (
                ChallengeResponse::SoftwareTokenMfa {
                    username: "alice",
                    code: "654321",
                },
                "SOFTWARE_TOKEN_MFA",
                json!({"USERNAME": "alice", "SOFTWARE_TOKEN_MFA_CODE": "654321"}),
            ),
            (
                ChallengeResponse::EmailOtp {
                    username: "alice",
                    code: "12345678",
                },
                "EMAIL_OTP",
                json!({"USERNAME": "alice", "EMAIL_OTP_CODE": "12345678"}),
            ),
            (
                ChallengeResponse::SelectMfaType {
                    username: "alice",
                    choice: &choice,
                },
                "SELECT_MFA_TYPE",
                json!({"USERNAME": "alice", "ANSWER": "SOFTWARE_TOKEN_MFA"}),
            ),
            (
                ChallengeResponse::NewPasswordRequired {
                    username: "alice",
                    new_password: &new_password,
                    attributes: &attributes,
                },
                "NEW_PASSWORD_REQUIRED",
                json!({
                    "USERNAME": "alice",
                    "NEW_PASSWORD": "N3w-password!",
                    "userAttributes.name": "Alice",
                    "userAttributes.custom:team": "blue"
                }),
            ),
            (
                ChallengeResponse::MfaSetup { username: "alice" },
                "MFA_SETUP",
                json!({"USERNAME": "alice"}),
            ),
        ];
        let session = ChallengeSession::new("AYABeC-session".into());
        for (response, name, responses) in cases {
            assert_eq!(response.challenge_name(), name);
            let req = client().respond_to_auth_challenge(Some(&session), &response);
            assert_eq!(
                sent(&req, "RespondToAuthChallenge"),
                json!({
                    "ChallengeName": name,
                    "ClientId": CID,
                    "ChallengeResponses": responses,
                    "Session": "AYABeC-session"
                })
            );
            let printed = format!("{response:?}");
            assert!(!printed.contains("N3w-password"));
        }
        // No session: the field is left out.
        let req = client()
            .respond_to_auth_challenge(None, &ChallengeResponse::MfaSetup { username: "alice" });
        assert_eq!(
            req.body.as_deref(),
            Some(
                r#"{"ChallengeName":"MFA_SETUP","ClientId":"3n4b5urk1ft4fl3mg5e62d9ado","ChallengeResponses":{"USERNAME":"alice"}}"#
            )
        );
    }

    #[test]
    fn from_the_srp_module() {
        let r = PasswordVerifierResponse {
            timestamp: "Tue Nov 25 09:05:03 UTC 2026".into(),
            password_claim_signature: "c2lnbmF0dXJl".into(),
            password_claim_secret_block: "c2VjcmV0LWJsb2Nr".into(),
            username: "7f3c-uuid".into(),
        };
        let req = client().respond_to_auth_challenge(None, &ChallengeResponse::from(&r));
        assert_eq!(
            sent(&req, "RespondToAuthChallenge"),
            json!({
                "ChallengeName": "PASSWORD_VERIFIER",
                "ClientId": CID,
                "ChallengeResponses": {
                    "USERNAME": "7f3c-uuid",
                    "PASSWORD_CLAIM_SECRET_BLOCK": "c2VjcmV0LWJsb2Nr",
                    "PASSWORD_CLAIM_SIGNATURE": "c2lnbmF0dXJl",
                    "TIMESTAMP": "Tue Nov 25 09:05:03 UTC 2026"
                }
            })
        );
    }

    #[test]
    fn password_reset() {
        assert_eq!(
            sent(&client().forgot_password("alice"), "ForgotPassword"),
            json!({"ClientId": CID, "Username": "alice"})
        );
        let req = client().confirm_forgot_password(
            "alice",
            "654321",
            &Password::new("N3w-password!".into()),
        );
        assert_eq!(
            sent(&req, "ConfirmForgotPassword"),
            json!({
                "ClientId": CID,
                "Username": "alice",
                "ConfirmationCode": "654321",
                "Password": "N3w-password!"
            })
        );
    }

    #[test]
    fn software_token() {
        let at = AccessToken::new("eyJ.access.token".into());
        let session = ChallengeSession::new("mfa-setup-session".into());
        assert_eq!(
            sent(
                &client().associate_software_token(SoftwareTokenAuth::AccessToken(&at)),
                "AssociateSoftwareToken"
            ),
            json!({"AccessToken": "eyJ.access.token"})
        );
        assert_eq!(
            sent(
                &client().associate_software_token(SoftwareTokenAuth::Session(&session)),
                "AssociateSoftwareToken"
            ),
            json!({"Session": "mfa-setup-session"})
        );
        assert_eq!(
            sent(
                &client().verify_software_token(
                    SoftwareTokenAuth::Session(&session),
                    "123456",
                    Some("Phone")
                ),
                "VerifySoftwareToken"
            ),
            json!({"Session": "mfa-setup-session", "UserCode": "123456", "FriendlyDeviceName": "Phone"})
        );
        assert_eq!(
            sent(
                &client().verify_software_token(
                    SoftwareTokenAuth::AccessToken(&at),
                    "123456",
                    None
                ),
                "VerifySoftwareToken"
            ),
            json!({"AccessToken": "eyJ.access.token", "UserCode": "123456"})
        );
    }

    #[test]
    fn token_calls() {
        let at = AccessToken::new("eyJ.access.token".into());
        assert_eq!(
            sent(&client().get_user(&at), "GetUser"),
            json!({"AccessToken": "eyJ.access.token"})
        );
        assert_eq!(
            sent(&client().global_sign_out(&at), "GlobalSignOut"),
            json!({"AccessToken": "eyJ.access.token"})
        );
        // API_SetUserMFAPreference.html: `SoftwareTokenMfaSettings` is
        // `{"Enabled": boolean, "PreferredMfa": boolean}`; the SMS and e-mail
        // settings are optional and left out so they stay as they are.
        assert_eq!(
            sent(
                &client().set_software_token_mfa_preference(&at, true),
                "SetUserMFAPreference"
            ),
            json!({"AccessToken": "eyJ.access.token",
                   "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}})
        );
        assert_eq!(
            sent(
                &client().set_software_token_mfa_preference(&at, false),
                "SetUserMFAPreference"
            ),
            json!({"AccessToken": "eyJ.access.token",
                   "SoftwareTokenMfaSettings": {"Enabled": false, "PreferredMfa": false}})
        );
        let rt = RefreshToken::new("eyJ.refresh".into());
        assert_eq!(
            sent(&client().revoke_token(&rt), "RevokeToken"),
            json!({"Token": "eyJ.refresh", "ClientId": CID})
        );
    }

    #[test]
    fn from_config() {
        let config = CognitoConfig {
            region: "us-east-1".into(),
            user_pool_id: "us-east-1_AbC".into(),
            domain: "http://127.0.0.1:4566".into(),
            endpoint: Some("http://127.0.0.1:4566".into()),
        };
        let c = CognitoClient::from_config(&config, &ClientId::parse("abc").unwrap()).unwrap();
        assert_eq!(c.endpoint().url(), "http://127.0.0.1:4566/");
        assert_eq!(c.client_id().as_str(), "abc");
        assert_eq!(c.forgot_password("x").url, "http://127.0.0.1:4566/");
    }
}
