//! The answers, one parser per response shape.
//!
//! Every parser first turns a non-2xx response into a [`CognitoError`]
//! ([`parse_error`]), then reads the JSON object of a 2xx response. Cognito
//! answers `application/x-amz-json-1.1`; `application/json` and the 1.0 type
//! are accepted too, a missing content type is not
//! ([`HttpResponse::json_body`]). A body is never quoted in an
//! error: it may hold tokens.

use super::super::http::HttpResponse;
use super::super::secret::{AccessToken, IdToken, RefreshToken};
use super::super::srp::PasswordVerifierChallenge;
use super::super::time::integral_f64_to_u64;
use super::super::token::TokenResponse;
use super::super::types::shorten;
use super::error::{parse_error, CognitoError};
use super::types::{
    ChallengeSession, CodeDelivery, DeliveryMedium, MfaType, SecretBlock, TotpSecret, UserAttribute,
};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What `InitiateAuth` or `RespondToAuthChallenge` answered.
#[derive(Debug)]
pub enum AuthStep {
    /// Signed in: the `AuthenticationResult`, as the crate's token response
    /// (`scope` is always `None`; `refresh_token` is `None` after a refresh).
    Done(TokenResponse),
    /// Another challenge to answer.
    Challenge {
        /// The challenge and its parameters.
        challenge: Challenge,
        /// The `Session` to send with the answer (none with Cognito's
        /// `PASSWORD_VERIFIER`).
        session: Option<ChallengeSession>,
        /// The `USER_ID_FOR_SRP` (else `USERNAME`) challenge parameter when
        /// Cognito sent one: the `USERNAME` to answer with.
        username: Option<String>,
    },
}

/// A challenge (`ChallengeName` and `ChallengeParameters`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Challenge {
    /// `PASSWORD_VERIFIER`: compute the SRP password claim.
    PasswordVerifier {
        /// `SALT`, hex.
        salt: String,
        /// `SRP_B`, hex.
        srp_b: String,
        /// `SECRET_BLOCK`, base64, signed into the claim and sent back.
        secret_block: SecretBlock,
        /// `USER_ID_FOR_SRP`: the name the password key is derived from and
        /// the `USERNAME` to answer with.
        user_id_for_srp: String,
        /// `USERNAME` (the same as `USER_ID_FOR_SRP` when absent).
        username: String,
    },
    /// `SMS_MFA`: a code was sent by text message.
    SmsMfa {
        /// `CODE_DELIVERY_DESTINATION`, masked (`+*******1234`).
        destination: Option<String>,
    },
    /// `SOFTWARE_TOKEN_MFA`: ask for the authenticator app's code.
    SoftwareTokenMfa,
    /// `EMAIL_OTP`: a code was sent by email.
    EmailOtp {
        /// `CODE_DELIVERY_DESTINATION`, masked (`a***@e***`).
        destination: Option<String>,
    },
    /// `SELECT_MFA_TYPE`: the user picks a second factor.
    SelectMfaType {
        /// `MFAS_CAN_CHOOSE`.
        options: Vec<MfaType>,
    },
    /// `NEW_PASSWORD_REQUIRED`: the user signed in with a temporary password
    /// and must choose a new one.
    NewPasswordRequired {
        /// `requiredAttributes`, without their `userAttributes.` prefix: the
        /// attributes the user must fill in.
        required_attributes: Vec<String>,
        /// `userAttributes`: what the user has now.
        user_attributes: BTreeMap<String, String>,
    },
    /// `MFA_SETUP`: the pool requires a second factor the user has not set up.
    MfaSetup {
        /// `MFAS_CAN_SETUP`.
        options: Vec<MfaType>,
    },
    /// A challenge this crate does not handle (`CUSTOM_CHALLENGE`,
    /// `DEVICE_SRP_AUTH`, `SELECT_CHALLENGE`, `WEB_AUTHN`, ...).
    Other(String),
}

impl Challenge {
    /// The `ChallengeName`.
    #[must_use]
    pub fn name(&self) -> &str {
        match self {
            Challenge::PasswordVerifier { .. } => "PASSWORD_VERIFIER",
            Challenge::SmsMfa { .. } => "SMS_MFA",
            Challenge::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            Challenge::EmailOtp { .. } => "EMAIL_OTP",
            Challenge::SelectMfaType { .. } => "SELECT_MFA_TYPE",
            Challenge::NewPasswordRequired { .. } => "NEW_PASSWORD_REQUIRED",
            Challenge::MfaSetup { .. } => "MFA_SETUP",
            Challenge::Other(name) => name,
        }
    }

    /// For [`Challenge::PasswordVerifier`], the parameters the SRP module
    /// ([`SrpClient`](super::super::SrpClient)) answers.
    #[must_use]
    pub fn password_verifier(&self) -> Option<PasswordVerifierChallenge> {
        match self {
            Challenge::PasswordVerifier {
                salt,
                srp_b,
                secret_block,
                user_id_for_srp,
                username,
            } => Some(PasswordVerifierChallenge {
                salt: salt.clone(),
                srp_b: srp_b.clone(),
                secret_block: secret_block.secret().to_owned(),
                user_id_for_srp: user_id_for_srp.clone(),
                username: Some(username.clone()),
            }),
            _ => None,
        }
    }
}

/// What `SignUp` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignUpOutcome {
    /// `UserConfirmed`: whether the user can sign in right away (a pre-sign-up
    /// trigger confirmed them); otherwise a code was sent.
    pub user_confirmed: bool,
    /// `UserSub`: the new user's `sub`.
    pub user_sub: String,
    /// `CodeDeliveryDetails`: where the confirmation code went.
    pub code_delivery: Option<CodeDelivery>,
}

/// What `AssociateSoftwareToken` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoftwareTokenAssociation {
    /// `SecretCode`: the TOTP secret, to show as a QR code
    /// ([`TotpSecret::otpauth_uri`]) and as text.
    pub secret: TotpSecret,
    /// `Session`: send it to `VerifySoftwareToken` when setting up during
    /// sign-in.
    pub session: Option<ChallengeSession>,
}

/// What `GetUser` answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CognitoUser {
    /// `Username`: the user's name in the pool (a UUID when the pool signs
    /// in by email or phone number).
    pub username: String,
    /// `UserAttributes`.
    pub attributes: Vec<UserAttribute>,
    /// `PreferredMfaSetting`.
    pub preferred_mfa: Option<MfaType>,
    /// `UserMFASettingList`: the factors the user has turned on.
    pub mfa_settings: Vec<MfaType>,
}

impl CognitoUser {
    /// The value of the attribute `name`, if the user has it.
    #[must_use]
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_str())
    }
}

/// Reads the answer of `InitiateAuth` or `RespondToAuthChallenge`.
///
/// An `AuthenticationResult` becomes [`AuthStep::Done`]; otherwise
/// `ChallengeName`, `ChallengeParameters` and `Session` become
/// [`AuthStep::Challenge`].
pub fn parse_auth_response(response: &HttpResponse) -> Result<AuthStep, CognitoError> {
    let map = json_object(response)?;
    if let Some(result) = map.get("AuthenticationResult").filter(|v| !v.is_null()) {
        let Value::Object(result) = result else {
            return Err(invalid("`AuthenticationResult` is not an object."));
        };
        return tokens(result).map(AuthStep::Done);
    }
    let name = match opt_string(&map, "ChallengeName")? {
        Some(name) if !name.is_empty() => name,
        _ => {
            return Err(invalid(
                "it has neither `AuthenticationResult` nor `ChallengeName`.",
            ))
        }
    };
    let params = challenge_parameters(&map)?;
    let session = opt_string(&map, "Session")?
        .filter(|s| !s.is_empty())
        .map(ChallengeSession::new);
    let username = param(&params, "USER_ID_FOR_SRP")
        .or_else(|| param(&params, "USERNAME"))
        .map(str::to_owned);
    Ok(AuthStep::Challenge {
        challenge: challenge(&name, &params)?,
        session,
        username,
    })
}

/// Reads the answer of `SignUp`.
pub fn parse_sign_up(response: &HttpResponse) -> Result<SignUpOutcome, CognitoError> {
    let map = json_object(response)?;
    let user_confirmed = match map.get("UserConfirmed") {
        Some(Value::Bool(b)) => *b,
        None | Some(Value::Null) => false,
        Some(_) => return Err(invalid("`UserConfirmed` is not a boolean.")),
    };
    let user_sub = match opt_string(&map, "UserSub")? {
        Some(sub) if !sub.is_empty() => sub,
        _ => return Err(invalid("it has no `UserSub`.")),
    };
    Ok(SignUpOutcome {
        user_confirmed,
        user_sub,
        code_delivery: code_delivery(&map)?,
    })
}

/// Reads the answer of `ResendConfirmationCode` or `ForgotPassword`: where
/// the code went, if Cognito said.
///
/// With `PreventUserExistenceErrors`, `ForgotPassword` answers the same for
/// an unknown user, so the screen should read the same either way.
pub fn parse_code_delivery(response: &HttpResponse) -> Result<Option<CodeDelivery>, CognitoError> {
    code_delivery(&json_object(response)?)
}

/// Reads an answer with nothing in it: `ConfirmSignUp`,
/// `ConfirmForgotPassword`, `GlobalSignOut`, `RevokeToken`. Any 2xx is
/// success (the body is `{}`, or empty behind some proxies).
pub fn parse_empty_response(response: &HttpResponse) -> Result<(), CognitoError> {
    if !response.is_success() {
        return Err(parse_error(response));
    }
    Ok(())
}

/// Reads the answer of `AssociateSoftwareToken`.
pub fn parse_associate_software_token(
    response: &HttpResponse,
) -> Result<SoftwareTokenAssociation, CognitoError> {
    let map = json_object(response)?;
    let secret = match opt_string(&map, "SecretCode")? {
        Some(s) if !s.is_empty() => TotpSecret::new(s),
        _ => return Err(invalid("it has no `SecretCode`.")),
    };
    Ok(SoftwareTokenAssociation {
        secret,
        session: session(&map)?,
    })
}

/// Reads the answer of `VerifySoftwareToken`: the `Session` for the
/// `MFA_SETUP` answer, if any. `"Status": "ERROR"` is a wrong code
/// ([`CognitoError::EnableSoftwareTokenMfa`]).
pub fn parse_verify_software_token(
    response: &HttpResponse,
) -> Result<Option<ChallengeSession>, CognitoError> {
    let map = json_object(response)?;
    match opt_string(&map, "Status")?.as_deref() {
        Some("SUCCESS") | None => session(&map),
        Some(status) => Err(CognitoError::EnableSoftwareTokenMfa {
            message: format!("Status {}", shorten(status, 50)),
        }),
    }
}

/// Reads the answer of `GetUser`.
pub fn parse_get_user(response: &HttpResponse) -> Result<CognitoUser, CognitoError> {
    let map = json_object(response)?;
    let username = match opt_string(&map, "Username")? {
        Some(u) if !u.is_empty() => u,
        _ => return Err(invalid("it has no `Username`.")),
    };
    let attributes = match map.get("UserAttributes") {
        None | Some(Value::Null) => Vec::new(),
        Some(v) => serde_json::from_value::<Vec<UserAttribute>>(v.clone())
            .map_err(|_| invalid("`UserAttributes` is not a list of names and values."))?,
    };
    let mfa_settings = match map.get("UserMFASettingList") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(MfaType::parse))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| invalid("`UserMFASettingList` is not a list of names."))?,
        Some(_) => return Err(invalid("`UserMFASettingList` is not a list of names.")),
    };
    Ok(CognitoUser {
        username,
        attributes,
        preferred_mfa: opt_string(&map, "PreferredMfaSetting")?
            .filter(|s| !s.is_empty())
            .map(|s| MfaType::parse(&s)),
        mfa_settings,
    })
}

// ---------------------------------------------------------------------------

fn invalid(detail: &str) -> CognitoError {
    CognitoError::InvalidResponse(detail.to_owned())
}

/// The JSON object of a 2xx response; any other status is Cognito's error.
fn json_object(response: &HttpResponse) -> Result<Map<String, Value>, CognitoError> {
    if !response.is_success() {
        return Err(parse_error(response));
    }
    // The core's one response check (size, content type, JSON object).
    response
        .json_object()
        .map_err(|refused| CognitoError::InvalidResponse(refused.to_string()))
}

/// A string field; `null` counts as absent; another type is an error that
/// names the field but not the value.
fn opt_string(map: &Map<String, Value>, key: &str) -> Result<Option<String>, CognitoError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(CognitoError::InvalidResponse(format!(
            "`{key}` is not a string."
        ))),
    }
}

fn session(map: &Map<String, Value>) -> Result<Option<ChallengeSession>, CognitoError> {
    Ok(opt_string(map, "Session")?
        .filter(|s| !s.is_empty())
        .map(ChallengeSession::new))
}

/// `AuthenticationResult` → [`TokenResponse`].
fn tokens(result: &Map<String, Value>) -> Result<TokenResponse, CognitoError> {
    let access_token = match opt_string(result, "AccessToken")? {
        Some(t) if !t.is_empty() => AccessToken::new(t),
        _ => return Err(invalid("`AuthenticationResult` has no `AccessToken`.")),
    };
    // Cognito always says "Bearer"; a missing type means the same.
    let token_type = opt_string(result, "TokenType")?.unwrap_or_else(|| "Bearer".to_owned());
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(CognitoError::InvalidResponse(format!(
            "the token type is \"{}\", not Bearer.",
            shorten(&token_type, 50)
        )));
    }
    let expires_in = match result.get("ExpiresIn") {
        None | Some(Value::Null) => None,
        Some(Value::Number(n)) => Some(
            n.as_u64()
                .or_else(|| n.as_f64().and_then(integral_f64_to_u64))
                .ok_or_else(|| invalid("`ExpiresIn` is not a number of seconds."))?,
        ),
        Some(_) => return Err(invalid("`ExpiresIn` is not a number of seconds.")),
    };
    Ok(TokenResponse {
        access_token,
        token_type,
        expires_in,
        refresh_token: opt_string(result, "RefreshToken")?
            .filter(|t| !t.is_empty())
            .map(RefreshToken::new),
        id_token: opt_string(result, "IdToken")?
            .filter(|t| !t.is_empty())
            .map(IdToken::new),
        scope: None,
    })
}

/// `ChallengeParameters`: a map of strings (absent or `null` is empty).
fn challenge_parameters(
    map: &Map<String, Value>,
) -> Result<BTreeMap<String, String>, CognitoError> {
    match map.get("ChallengeParameters") {
        None | Some(Value::Null) => Ok(BTreeMap::new()),
        Some(Value::Object(params)) => params
            .iter()
            .map(|(k, v)| match v {
                Value::String(s) => Ok((k.clone(), s.clone())),
                _ => Err(CognitoError::InvalidResponse(format!(
                    "the challenge parameter `{}` is not a string.",
                    shorten(k, 50)
                ))),
            })
            .collect(),
        Some(_) => Err(invalid("`ChallengeParameters` is not an object.")),
    }
}

fn param<'a>(params: &'a BTreeMap<String, String>, key: &str) -> Option<&'a str> {
    params
        .get(key)
        .map(String::as_str)
        .filter(|s| !s.is_empty())
}

fn required_hex(params: &BTreeMap<String, String>, key: &str) -> Result<String, CognitoError> {
    match param(params, key) {
        Some(v) if v.bytes().all(|b| b.is_ascii_hexdigit()) => Ok(v.to_owned()),
        Some(_) => Err(CognitoError::InvalidResponse(format!(
            "the challenge parameter `{key}` is not hexadecimal."
        ))),
        None => Err(CognitoError::InvalidResponse(format!(
            "the challenge has no `{key}`."
        ))),
    }
}

fn challenge(name: &str, params: &BTreeMap<String, String>) -> Result<Challenge, CognitoError> {
    let destination = || param(params, "CODE_DELIVERY_DESTINATION").map(str::to_owned);
    Ok(match name {
        "PASSWORD_VERIFIER" => {
            let user_id_for_srp = param(params, "USER_ID_FOR_SRP")
                .ok_or_else(|| invalid("the challenge has no `USER_ID_FOR_SRP`."))?
                .to_owned();
            let secret_block = param(params, "SECRET_BLOCK")
                .ok_or_else(|| invalid("the challenge has no `SECRET_BLOCK`."))?;
            Challenge::PasswordVerifier {
                salt: required_hex(params, "SALT")?,
                srp_b: required_hex(params, "SRP_B")?,
                secret_block: SecretBlock::new(secret_block.to_owned()),
                username: param(params, "USERNAME")
                    .unwrap_or(&user_id_for_srp)
                    .to_owned(),
                user_id_for_srp,
            }
        }
        "SMS_MFA" => Challenge::SmsMfa {
            destination: destination(),
        },
        "SOFTWARE_TOKEN_MFA" => Challenge::SoftwareTokenMfa,
        "EMAIL_OTP" => Challenge::EmailOtp {
            destination: destination(),
        },
        "SELECT_MFA_TYPE" => Challenge::SelectMfaType {
            options: mfa_list(params, "MFAS_CAN_CHOOSE")?,
        },
        "MFA_SETUP" => Challenge::MfaSetup {
            options: mfa_list(params, "MFAS_CAN_SETUP")?,
        },
        "NEW_PASSWORD_REQUIRED" => Challenge::NewPasswordRequired {
            required_attributes: string_list(params, "requiredAttributes")?
                .into_iter()
                .map(|a| match a.strip_prefix("userAttributes.") {
                    Some(bare) => bare.to_owned(),
                    None => a,
                })
                .collect(),
            user_attributes: attribute_map(params, "userAttributes")?,
        },
        other => Challenge::Other(shorten(other, 100)),
    })
}

/// A challenge parameter holding a JSON array of strings, such as
/// `"[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\"]"`; absent is empty.
fn string_list(params: &BTreeMap<String, String>, key: &str) -> Result<Vec<String>, CognitoError> {
    match param(params, key) {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str::<Vec<String>>(text).map_err(|_| {
            CognitoError::InvalidResponse(format!(
                "the challenge parameter `{key}` is not a JSON list of names."
            ))
        }),
    }
}

fn mfa_list(params: &BTreeMap<String, String>, key: &str) -> Result<Vec<MfaType>, CognitoError> {
    Ok(string_list(params, key)?
        .iter()
        .map(|name| MfaType::parse(name))
        .collect())
}

/// `userAttributes`: a JSON object in a string. Non-string values (a stray
/// boolean) are kept as their JSON text; `null` values are dropped.
fn attribute_map(
    params: &BTreeMap<String, String>,
    key: &str,
) -> Result<BTreeMap<String, String>, CognitoError> {
    let Some(text) = param(params, key) else {
        return Ok(BTreeMap::new());
    };
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(text) else {
        return Err(CognitoError::InvalidResponse(format!(
            "the challenge parameter `{key}` is not a JSON object."
        )));
    };
    Ok(map
        .into_iter()
        .filter_map(|(k, v)| match v {
            Value::Null => None,
            Value::String(s) => Some((k, s)),
            other => Some((k, other.to_string())),
        })
        .collect())
}

fn code_delivery(map: &Map<String, Value>) -> Result<Option<CodeDelivery>, CognitoError> {
    match map.get("CodeDeliveryDetails") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(details)) => Ok(Some(CodeDelivery {
            destination: opt_string(details, "Destination")?,
            medium: opt_string(details, "DeliveryMedium")?.map(|m| DeliveryMedium::parse(&m)),
            attribute_name: opt_string(details, "AttributeName")?,
        })),
        Some(_) => Err(invalid("`CodeDeliveryDetails` is not an object.")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::http::MAX_RESPONSE_BYTES;
    use super::*;
    use serde_json::json;

    fn ok(body: Value) -> HttpResponse {
        HttpResponse {
            status: 200,
            content_type: Some("application/x-amz-json-1.1".into()),
            body: body.to_string(),
        }
    }

    fn challenge_of(body: Value) -> (Challenge, Option<ChallengeSession>, Option<String>) {
        match parse_auth_response(&ok(body)).unwrap() {
            AuthStep::Challenge {
                challenge,
                session,
                username,
            } => (challenge, session, username),
            AuthStep::Done(t) => panic!("tokens instead of a challenge: {t:?}"),
        }
    }

    // Response shapes: Amazon Cognito API Reference, InitiateAuth and
    // RespondToAuthChallenge, "Response Syntax" and the ChallengeParameters
    // each challenge carries (PASSWORD_VERIFIER: SALT, SECRET_BLOCK, SRP_B,
    // USERNAME, USER_ID_FOR_SRP; SMS_MFA / EMAIL_OTP:
    // CODE_DELIVERY_DELIVERY_MEDIUM, CODE_DELIVERY_DESTINATION;
    // SELECT_MFA_TYPE: MFAS_CAN_CHOOSE; MFA_SETUP: MFAS_CAN_SETUP;
    // NEW_PASSWORD_REQUIRED: requiredAttributes, userAttributes).

    #[test]
    fn authentication_result() {
        let step = parse_auth_response(&ok(json!({
            "AuthenticationResult": {
                "AccessToken": "eyJraWQiOi.access.sig",
                "ExpiresIn": 3600,
                "IdToken": "eyJraWQiOi.id.sig",
                "RefreshToken": "eyJjdHkiOi.refresh",
                "TokenType": "Bearer"
            },
            "ChallengeParameters": {}
        })))
        .unwrap();
        let AuthStep::Done(t) = step else {
            panic!("expected tokens");
        };
        assert_eq!(t.access_token.secret(), "eyJraWQiOi.access.sig");
        assert_eq!(t.token_type, "Bearer");
        assert_eq!(t.expires_in, Some(3600));
        assert_eq!(t.id_token.unwrap().secret(), "eyJraWQiOi.id.sig");
        assert_eq!(t.refresh_token.unwrap().secret(), "eyJjdHkiOi.refresh");
        assert_eq!(t.scope, None);

        // REFRESH_TOKEN_AUTH: no new refresh token.
        let step = parse_auth_response(&ok(json!({
            "AuthenticationResult": {
                "AccessToken": "a", "ExpiresIn": 300, "IdToken": "i", "TokenType": "Bearer"
            }
        })))
        .unwrap();
        let AuthStep::Done(t) = step else {
            panic!("expected tokens");
        };
        assert!(t.refresh_token.is_none());
        assert_eq!(t.expires_in, Some(300));
        assert!(!format!("{t:?}").contains("\"a\""));
    }

    #[test]
    fn password_verifier() {
        let (c, session, username) = challenge_of(json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {
                "SALT": "a3f1c2",
                "SECRET_BLOCK": "c2VjcmV0LWJsb2Nr",
                "SRP_B": "DEADbeef01",
                "USERNAME": "alice@example.com",
                "USER_ID_FOR_SRP": "9e1f-uuid"
            }
        }));
        assert_eq!(
            c,
            Challenge::PasswordVerifier {
                salt: "a3f1c2".into(),
                srp_b: "DEADbeef01".into(),
                secret_block: SecretBlock::new("c2VjcmV0LWJsb2Nr".into()),
                user_id_for_srp: "9e1f-uuid".into(),
                username: "alice@example.com".into(),
            }
        );
        assert_eq!(c.name(), "PASSWORD_VERIFIER");
        assert_eq!(
            c.password_verifier(),
            Some(PasswordVerifierChallenge {
                salt: "a3f1c2".into(),
                srp_b: "DEADbeef01".into(),
                secret_block: "c2VjcmV0LWJsb2Nr".into(),
                user_id_for_srp: "9e1f-uuid".into(),
                username: Some("alice@example.com".into()),
            })
        );
        assert_eq!(Challenge::SoftwareTokenMfa.password_verifier(), None);
        assert_eq!(session, None);
        assert_eq!(username.as_deref(), Some("9e1f-uuid"));
        assert!(!format!("{c:?}").contains("c2VjcmV0"));

        // USERNAME absent: USER_ID_FOR_SRP stands in.
        let (c, _, _) = challenge_of(json!({
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeParameters": {
                "SALT": "01", "SECRET_BLOCK": "b", "SRP_B": "02", "USER_ID_FOR_SRP": "bob"
            }
        }));
        let Challenge::PasswordVerifier { username, .. } = c else {
            panic!()
        };
        assert_eq!(username, "bob");
    }

    #[test]
    fn mfa_challenges() {
        let session = "AYABeDnN3pQ-session";
        // (ChallengeName, ChallengeParameters, expected challenge)
        let cases = [
            (
                "SMS_MFA",
                json!({"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******1234", "USER_ID_FOR_SRP": "alice"}),
                Challenge::SmsMfa {
                    destination: Some("+*******1234".into()),
                },
            ),
            (
                "SOFTWARE_TOKEN_MFA",
                json!({"USER_ID_FOR_SRP": "alice", "FRIENDLY_DEVICE_NAME": "Phone"}),
                Challenge::SoftwareTokenMfa,
            ),
            (
                "EMAIL_OTP",
                json!({"CODE_DELIVERY_DELIVERY_MEDIUM": "EMAIL", "CODE_DELIVERY_DESTINATION": "a***@e***", "USER_ID_FOR_SRP": "alice"}),
                Challenge::EmailOtp {
                    destination: Some("a***@e***".into()),
                },
            ),
            (
                "SELECT_MFA_TYPE",
                json!({"MFAS_CAN_CHOOSE": "[\"SMS_MFA\",\"SOFTWARE_TOKEN_MFA\",\"EMAIL_OTP\"]", "USER_ID_FOR_SRP": "alice"}),
                Challenge::SelectMfaType {
                    options: vec![
                        MfaType::SmsMfa,
                        MfaType::SoftwareTokenMfa,
                        MfaType::EmailOtp,
                    ],
                },
            ),
            (
                "MFA_SETUP",
                json!({"MFAS_CAN_SETUP": "[\"SOFTWARE_TOKEN_MFA\"]", "USER_ID_FOR_SRP": "alice"}),
                Challenge::MfaSetup {
                    options: vec![MfaType::SoftwareTokenMfa],
                },
            ),
            (
                "CUSTOM_CHALLENGE",
                json!({"USERNAME": "alice", "question": "2+2?"}),
                Challenge::Other("CUSTOM_CHALLENGE".into()),
            ),
        ];
        for (name, params, expected) in cases {
            let (c, s, username) = challenge_of(json!({
                "ChallengeName": name,
                "ChallengeParameters": params,
                "Session": session
            }));
            assert_eq!(c, expected, "{name}");
            assert_eq!(c.name(), name);
            assert_eq!(s.unwrap().secret(), session);
            assert_eq!(username.as_deref(), Some("alice"), "{name}");
        }
        // No destination, no parameters at all.
        let (c, s, u) = challenge_of(json!({"ChallengeName": "SMS_MFA", "Session": ""}));
        assert_eq!(c, Challenge::SmsMfa { destination: None });
        assert_eq!((s, u), (None, None));
    }

    #[test]
    fn new_password_required() {
        let (c, _, username) = challenge_of(json!({
            "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "ChallengeParameters": {
                "USER_ID_FOR_SRP": "alice",
                "requiredAttributes": "[\"userAttributes.name\",\"userAttributes.custom:team\"]",
                "userAttributes": "{\"email_verified\":\"true\",\"email\":\"alice@example.com\",\"phone_number_verified\":false,\"gone\":null}"
            },
            "Session": "s"
        }));
        assert_eq!(username.as_deref(), Some("alice"));
        assert_eq!(
            c,
            Challenge::NewPasswordRequired {
                required_attributes: vec!["name".into(), "custom:team".into()],
                user_attributes: BTreeMap::from([
                    ("email".into(), "alice@example.com".into()),
                    ("email_verified".into(), "true".into()),
                    ("phone_number_verified".into(), "false".into()),
                ]),
            }
        );
        // As ministack sends it: an empty list.
        let (c, _, _) = challenge_of(json!({
            "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "ChallengeParameters": {"requiredAttributes": "[]", "userAttributes": "{}"},
            "Session": "s"
        }));
        assert_eq!(
            c,
            Challenge::NewPasswordRequired {
                required_attributes: vec![],
                user_attributes: BTreeMap::new()
            }
        );
    }

    #[test]
    fn refuses_bad_auth_responses() {
        let raw = |ct: Option<&str>, body: &str| HttpResponse {
            status: 200,
            content_type: ct.map(str::to_owned),
            body: body.into(),
        };
        let inv = |s: &str| CognitoError::InvalidResponse(s.into());
        // (response, expected error)
        let cases: Vec<(HttpResponse, CognitoError)> = vec![
            (
                ok(json!({})),
                inv("it has neither `AuthenticationResult` nor `ChallengeName`."),
            ),
            (
                ok(json!({"ChallengeName": ""})),
                inv("it has neither `AuthenticationResult` nor `ChallengeName`."),
            ),
            (
                ok(json!({"ChallengeName": 7})),
                inv("`ChallengeName` is not a string."),
            ),
            (
                ok(json!({"AuthenticationResult": "TOPSECRET"})),
                inv("`AuthenticationResult` is not an object."),
            ),
            (
                ok(json!({"AuthenticationResult": {"IdToken": "TOPSECRET"}})),
                inv("`AuthenticationResult` has no `AccessToken`."),
            ),
            (
                ok(
                    json!({"AuthenticationResult": {"AccessToken": "TOPSECRET", "TokenType": "DPoP"}}),
                ),
                inv("the token type is \"DPoP\", not Bearer."),
            ),
            (
                ok(
                    json!({"AuthenticationResult": {"AccessToken": "TOPSECRET", "ExpiresIn": "3600"}}),
                ),
                inv("`ExpiresIn` is not a number of seconds."),
            ),
            (
                ok(json!({"AuthenticationResult": {"AccessToken": "TOPSECRET", "ExpiresIn": -5}})),
                inv("`ExpiresIn` is not a number of seconds."),
            ),
            (
                ok(json!({"ChallengeName": "SMS_MFA", "ChallengeParameters": ["TOPSECRET"]})),
                inv("`ChallengeParameters` is not an object."),
            ),
            (
                ok(json!({"ChallengeName": "SMS_MFA", "ChallengeParameters": {"X": 1}})),
                inv("the challenge parameter `X` is not a string."),
            ),
            (
                ok(
                    json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"SALT": "01", "SRP_B": "02", "SECRET_BLOCK": "b"}}),
                ),
                inv("the challenge has no `USER_ID_FOR_SRP`."),
            ),
            (
                ok(
                    json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"SALT": "01", "SRP_B": "02", "USER_ID_FOR_SRP": "u"}}),
                ),
                inv("the challenge has no `SECRET_BLOCK`."),
            ),
            (
                ok(
                    json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"SALT": "0x1", "SRP_B": "02", "SECRET_BLOCK": "b", "USER_ID_FOR_SRP": "u"}}),
                ),
                inv("the challenge parameter `SALT` is not hexadecimal."),
            ),
            (
                ok(
                    json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"SALT": "01", "SECRET_BLOCK": "b", "USER_ID_FOR_SRP": "u"}}),
                ),
                inv("the challenge has no `SRP_B`."),
            ),
            (
                ok(
                    json!({"ChallengeName": "SELECT_MFA_TYPE", "ChallengeParameters": {"MFAS_CAN_CHOOSE": "SMS_MFA"}}),
                ),
                inv("the challenge parameter `MFAS_CAN_CHOOSE` is not a JSON list of names."),
            ),
            (
                ok(
                    json!({"ChallengeName": "NEW_PASSWORD_REQUIRED", "ChallengeParameters": {"userAttributes": "[]"}}),
                ),
                inv("the challenge parameter `userAttributes` is not a JSON object."),
            ),
            (
                raw(Some("text/html"), "<html>TOPSECRET</html>"),
                inv("its content type is not JSON."),
            ),
            (
                raw(None, "TOPSECRET"),
                inv("it has no content type (JSON was expected)."),
            ),
            (
                raw(Some("application/x-amz-json-1.1"), "TOPSECRET"),
                inv("it is not JSON."),
            ),
            (
                raw(Some("application/json"), "[]"),
                inv("it is not a JSON object."),
            ),
            (
                raw(
                    Some("application/json"),
                    &" ".repeat(MAX_RESPONSE_BYTES + 1),
                ),
                inv("it is larger than 256 KiB."),
            ),
        ];
        for (response, expected) in cases {
            let err = parse_auth_response(&response).unwrap_err();
            assert!(!err.to_string().contains("TOPSECRET"), "{err}");
            assert_eq!(err, expected, "{}", response.body);
        }
    }

    #[test]
    fn errors_come_from_the_body() {
        let response = HttpResponse {
            status: 400,
            content_type: Some("application/x-amz-json-1.1".into()),
            body:
                r#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#
                    .into(),
        };
        let err = parse_auth_response(&response).unwrap_err();
        assert_eq!(err.code(), "not_authorized");
        assert_eq!(parse_empty_response(&response).unwrap_err(), err);
        assert_eq!(parse_sign_up(&response).unwrap_err(), err);
        assert_eq!(parse_get_user(&response).unwrap_err(), err);
    }

    #[test]
    fn content_types() {
        // (content type, accepted)
        let cases = [
            (Some("application/x-amz-json-1.1"), true), // what Cognito and ministack send
            (Some("application/x-amz-json-1.0"), true), // the JSON 1.0 protocol
            (Some("application/json; charset=utf-8"), true),
            (None, false), // a success response must say it is JSON
            (Some("text/plain"), false),
            (Some("application/x-amz-json-1.1x"), false),
        ];
        for (ct, accepted) in cases {
            let r = HttpResponse {
                status: 200,
                content_type: ct.map(str::to_owned),
                body: "{}".into(),
            };
            assert_eq!(parse_code_delivery(&r).is_ok(), accepted, "{ct:?}");
        }
    }

    #[test]
    fn sign_up_outcome() {
        // API_SignUp.html response syntax
        let outcome = parse_sign_up(&ok(json!({
            "CodeDeliveryDetails": {
                "AttributeName": "email",
                "DeliveryMedium": "EMAIL",
                "Destination": "a***@e***"
            },
            "UserConfirmed": false,
            "UserSub": "5d7d2b1e-1b7a-4a8c-9c1a-0ad1e3a6f0b7"
        })))
        .unwrap();
        assert_eq!(
            outcome,
            SignUpOutcome {
                user_confirmed: false,
                user_sub: "5d7d2b1e-1b7a-4a8c-9c1a-0ad1e3a6f0b7".into(),
                code_delivery: Some(CodeDelivery {
                    destination: Some("a***@e***".into()),
                    medium: Some(DeliveryMedium::Email),
                    attribute_name: Some("email".into()),
                }),
            }
        );
        let outcome = parse_sign_up(&ok(json!({"UserConfirmed": true, "UserSub": "s"}))).unwrap();
        assert!(outcome.user_confirmed);
        assert_eq!(outcome.code_delivery, None);
        // (body, error)
        let bad = [
            (json!({"UserConfirmed": false}), "it has no `UserSub`."),
            (
                json!({"UserConfirmed": "no", "UserSub": "s"}),
                "`UserConfirmed` is not a boolean.",
            ),
            (
                json!({"UserSub": "s", "CodeDeliveryDetails": "email"}),
                "`CodeDeliveryDetails` is not an object.",
            ),
        ];
        for (body, detail) in bad {
            assert_eq!(
                parse_sign_up(&ok(body)).unwrap_err(),
                CognitoError::InvalidResponse(detail.into())
            );
        }
    }

    #[test]
    fn code_delivery_and_empty() {
        // API_ForgotPassword.html / API_ResendConfirmationCode.html
        let d = parse_code_delivery(&ok(json!({
            "CodeDeliveryDetails": {"AttributeName": "phone_number", "DeliveryMedium": "SMS", "Destination": "+*******1234"}
        })))
        .unwrap()
        .unwrap();
        assert_eq!(d.medium, Some(DeliveryMedium::Sms));
        assert_eq!(d.destination.as_deref(), Some("+*******1234"));
        assert_eq!(parse_code_delivery(&ok(json!({}))).unwrap(), None);

        assert_eq!(parse_empty_response(&ok(json!({}))), Ok(()));
        let empty = HttpResponse {
            status: 200,
            content_type: None,
            body: String::new(),
        };
        assert_eq!(parse_empty_response(&empty), Ok(()));
        let gateway = HttpResponse {
            status: 504,
            content_type: Some("text/html".into()),
            body: "<html>".into(),
        };
        assert_eq!(
            parse_empty_response(&gateway),
            Err(CognitoError::Http { status: 504 })
        );
    }

    #[test]
    fn software_token_answers() {
        // API_AssociateSoftwareToken.html
        let a = parse_associate_software_token(&ok(json!({
            "SecretCode": "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ",
            "Session": "next-session"
        })))
        .unwrap();
        assert_eq!(a.secret.secret(), "HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ");
        assert_eq!(a.session.unwrap().secret(), "next-session");
        assert_eq!(
            parse_associate_software_token(&ok(json!({"Session": "s"}))).unwrap_err(),
            CognitoError::InvalidResponse("it has no `SecretCode`.".into())
        );

        // API_VerifySoftwareToken.html
        let s = parse_verify_software_token(&ok(json!({"Status": "SUCCESS", "Session": "s2"})))
            .unwrap();
        assert_eq!(s.unwrap().secret(), "s2");
        assert_eq!(
            parse_verify_software_token(&ok(json!({"Status": "SUCCESS"}))).unwrap(),
            None
        );
        let err = parse_verify_software_token(&ok(json!({"Status": "ERROR"}))).unwrap_err();
        assert_eq!(err.code(), "enable_software_token_mfa");
    }

    #[test]
    fn get_user() {
        // API_GetUser.html
        let u = parse_get_user(&ok(json!({
            "Username": "9e1f-uuid",
            "UserAttributes": [
                {"Name": "sub", "Value": "9e1f-uuid"},
                {"Name": "email", "Value": "alice@example.com"}
            ],
            "MFAOptions": [],
            "PreferredMfaSetting": "SOFTWARE_TOKEN_MFA",
            "UserMFASettingList": ["SOFTWARE_TOKEN_MFA", "SMS_MFA"]
        })))
        .unwrap();
        assert_eq!(u.username, "9e1f-uuid");
        assert_eq!(u.attribute("email"), Some("alice@example.com"));
        assert_eq!(u.attribute("name"), None);
        assert_eq!(u.preferred_mfa, Some(MfaType::SoftwareTokenMfa));
        assert_eq!(
            u.mfa_settings,
            vec![MfaType::SoftwareTokenMfa, MfaType::SmsMfa]
        );
        let u = parse_get_user(&ok(json!({"Username": "bob"}))).unwrap();
        assert!(u.attributes.is_empty() && u.mfa_settings.is_empty());
        // (body, error)
        let bad = [
            (json!({}), "it has no `Username`."),
            (
                json!({"Username": "b", "UserAttributes": [{"Name": "x"}]}),
                "`UserAttributes` is not a list of names and values.",
            ),
            (
                json!({"Username": "b", "UserMFASettingList": [1]}),
                "`UserMFASettingList` is not a list of names.",
            ),
        ];
        for (body, detail) in bad {
            assert_eq!(
                parse_get_user(&ok(body)).unwrap_err(),
                CognitoError::InvalidResponse(detail.into())
            );
        }
    }
}
