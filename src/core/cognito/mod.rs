//! The Amazon Cognito user-pool API, sans-IO: the calls a single-page app makes
//! for its own sign-in screens (sign-up, confirmation, SRP and password
//! sign-in, challenges, password reset, TOTP setup, sign-out).
//!
//! Every call is a JSON `POST` to the user-pool endpoint ([`CognitoEndpoint`])
//! with `X-Amz-Target: AWSCognitoIdentityProviderService.<Action>` and
//! `Content-Type: application/x-amz-json-1.1`, unsigned, as the Cognito API
//! Reference describes for these "public" operations. [`CognitoClient`]
//! builds each request as an [`HttpRequest`](super::HttpRequest); the browser
//! layer sends it and hands the [`HttpResponse`](super::HttpResponse) to the
//! matching parser in [`response`]:
//!
//! | step | request | parser |
//! | --- | --- | --- |
//! | sign up | [`CognitoClient::sign_up`] | [`parse_sign_up`] |
//! | confirm the account | [`CognitoClient::confirm_sign_up`] | [`parse_empty_response`] |
//! | send the code again | [`CognitoClient::resend_confirmation_code`] | [`parse_code_delivery`] |
//! | sign in (SRP, password, refresh) | [`CognitoClient::initiate_auth`] | [`parse_auth_response`] |
//! | answer a challenge | [`CognitoClient::respond_to_auth_challenge`] | [`parse_auth_response`] |
//! | forgot password | [`CognitoClient::forgot_password`] | [`parse_code_delivery`] |
//! | set the new password | [`CognitoClient::confirm_forgot_password`] | [`parse_empty_response`] |
//! | TOTP secret | [`CognitoClient::associate_software_token`] | [`parse_associate_software_token`] |
//! | TOTP check | [`CognitoClient::verify_software_token`] | [`parse_verify_software_token`] |
//! | the user | [`CognitoClient::get_user`] | [`parse_get_user`] |
//! | sign out everywhere | [`CognitoClient::global_sign_out`] | [`parse_empty_response`] |
//! | revoke the refresh token | [`CognitoClient::revoke_token`] | [`parse_empty_response`] |
//!
//! [`parse_auth_response`] answers with an [`AuthStep`]: tokens, as the
//! crate's [`TokenResponse`](super::TokenResponse), or the next [`Challenge`]
//! with its [`ChallengeSession`]. With the tokens and the validated ID token claims,
//! [`establish_session`] builds the same [`Session`](super::Session) the
//! authorization code flow builds. Every failure is a [`CognitoError`], whose
//! message is fit to show to the user and never tells whether an account
//! exists where Cognito itself does not.
//!
//! [`PasswordPolicy`] mirrors the user pool's password policy for a live
//! checklist on the sign-up and new-password screens.
//!
//! # No `SECRET_HASH`
//! An app client with a client secret must send
//! `SECRET_HASH = Base64(HMAC-SHA256(client_secret, username + client_id))` on
//! every call. A page that runs in the browser cannot keep a secret: anything
//! it could use to compute the hash is readable by every visitor. Cognito's
//! guidance for single-page apps is an app client *without* a secret, and that
//! is the only kind this module supports; it never sends `SECRET_HASH`.
//!
//! The SRP arithmetic (`SRP_A`, the password claim signature) lives in
//! [`SrpClient`](super::SrpClient): [`Challenge::password_verifier`] hands it
//! the challenge, and its answer becomes a [`ChallengeResponse`] with `From`.

pub mod endpoint;
pub mod error;
pub mod password;
pub mod request;
pub mod response;
pub mod session;
pub mod types;

pub use endpoint::{api_request, CognitoAction, CognitoEndpoint, AMZ_JSON_CONTENT_TYPE};
pub use error::{parse_error, CognitoError, NotAuthorizedReason};
pub use password::{PasswordPolicy, PasswordRule, MAX_PASSWORD_CHARS, SYMBOLS};
pub use request::{AuthFlow, ChallengeResponse, CognitoClient, SoftwareTokenAuth};
pub use response::{
    parse_associate_software_token, parse_auth_response, parse_code_delivery, parse_empty_response,
    parse_get_user, parse_sign_up, parse_verify_software_token, AuthStep, Challenge, CognitoUser,
    SignUpOutcome, SoftwareTokenAssociation,
};
pub use session::establish_session;
pub use types::{
    ChallengeSession, CodeDelivery, DeliveryMedium, MfaType, SecretBlock, TotpSecret, UserAttribute,
};
