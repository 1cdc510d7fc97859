//! The Cognito user-pool API from the browser: the core's requests
//! (`core::cognito`) and SRP (`core::srp`) carried out with `fetch`, ending
//! in the same [`Session`] the PKCE flow stores.

use crate::core::cognito::{
    establish_session, parse_associate_software_token, parse_auth_response, parse_code_delivery,
    parse_empty_response, parse_sign_up, parse_verify_software_token, AuthFlow, AuthStep,
    Challenge, ChallengeResponse, ChallengeSession, CodeDelivery, CognitoClient, CognitoError,
    MfaType, SignUpOutcome, SoftwareTokenAssociation, SoftwareTokenAuth, UserAttribute,
};
use crate::core::{
    AccessToken, AuthError, CognitoConfig, HttpRequest, HttpResponse, Password, ProviderConfig,
    Session, TokenResponse,
};

use super::client::{BrowserClient, ClientError};
use super::http;

/// How the password proves itself at sign-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PasswordAuth {
    /// `USER_SRP_AUTH`: the password never leaves the browser (default).
    #[default]
    Srp,
    /// `USER_PASSWORD_AUTH`: the password is sent to Cognito over TLS.
    Plain,
}

/// A challenge waiting for the user's answer.
#[derive(Debug, Clone)]
pub struct PendingChallenge {
    /// What Cognito asks for.
    pub challenge: Challenge,
    session: Option<ChallengeSession>,
    /// The name Cognito knows the user by (may differ from the alias typed).
    pub username: String,
}

/// The user's answer to a [`PendingChallenge`].
#[derive(Debug)]
pub enum ChallengeAnswer {
    /// A code (SMS, e-mail or authenticator app, per the challenge).
    Code(String),
    /// The chosen second factor.
    SelectMfa(MfaType),
    /// A new password and the attributes Cognito requires.
    NewPassword(Password, Vec<UserAttribute>),
    /// The authenticator was set up and verified (`MFA_SETUP`), with the
    /// session `VerifySoftwareToken` returned.
    MfaSetupDone(Option<ChallengeSession>),
}

/// Where a sign-in step leads.
#[derive(Debug)]
pub enum SignInStep {
    /// Signed in; the session is stored.
    SignedIn(Box<Session>),
    /// Cognito wants more.
    Challenge(PendingChallenge),
}

/// Cognito API calls for one configured user pool and app client.
#[derive(Clone)]
pub struct CognitoApi {
    api: CognitoClient,
    pool: CognitoConfig,
    client: BrowserClient,
    password_auth: PasswordAuth,
}

fn cognito(e: CognitoError) -> ClientError {
    ClientError::Auth(AuthError::from(e))
}

impl CognitoApi {
    /// The API for `client`'s configuration; `None` unless it names a
    /// Cognito user pool.
    pub fn new(client: BrowserClient, password_auth: PasswordAuth) -> Option<CognitoApi> {
        let config = client.config();
        let ProviderConfig::Cognito(pool) = &config.provider else {
            return None;
        };
        let api = CognitoClient::from_config(pool, &config.client_id).ok()?;
        Some(CognitoApi {
            api,
            pool: pool.clone(),
            client,
            password_auth,
        })
    }

    /// The browser client (storage, session, metadata).
    pub fn client(&self) -> &BrowserClient {
        &self.client
    }

    async fn send(&self, request: &HttpRequest) -> Result<HttpResponse, ClientError> {
        Ok(http::send(request, http::DEFAULT_TIMEOUT).await?)
    }

    /// `SignUp`.
    pub async fn sign_up(
        &self,
        username: &str,
        password: &Password,
        attributes: &[UserAttribute],
    ) -> Result<SignUpOutcome, ClientError> {
        let response = self
            .send(&self.api.sign_up(username, password, attributes))
            .await?;
        parse_sign_up(&response).map_err(cognito)
    }

    /// `ConfirmSignUp` with the code that was sent.
    pub async fn confirm_sign_up(&self, username: &str, code: &str) -> Result<(), ClientError> {
        let response = self
            .send(&self.api.confirm_sign_up(username, code.trim()))
            .await?;
        parse_empty_response(&response).map_err(cognito)
    }

    /// `ResendConfirmationCode`.
    pub async fn resend_code(&self, username: &str) -> Result<Option<CodeDelivery>, ClientError> {
        let response = self
            .send(&self.api.resend_confirmation_code(username))
            .await?;
        parse_code_delivery(&response).map_err(cognito)
    }

    /// `ForgotPassword`: Cognito sends a reset code.
    pub async fn forgot_password(
        &self,
        username: &str,
    ) -> Result<Option<CodeDelivery>, ClientError> {
        let response = self.send(&self.api.forgot_password(username)).await?;
        parse_code_delivery(&response).map_err(cognito)
    }

    /// `ConfirmForgotPassword`: the code and the new password.
    pub async fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        new_password: &Password,
    ) -> Result<(), ClientError> {
        let response = self
            .send(
                &self
                    .api
                    .confirm_forgot_password(username, code.trim(), new_password),
            )
            .await?;
        parse_empty_response(&response).map_err(cognito)
    }

    /// [`sign_in`](Self::sign_in), run by its chunk.
    pub(super) async fn sign_in_now(
        &self,
        username: &str,
        password: &Password,
    ) -> Result<SignInStep, ClientError> {
        match self.password_auth {
            PasswordAuth::Plain => {
                let request = self
                    .api
                    .initiate_auth(&AuthFlow::UserPassword { username, password });
                let step = parse_auth_response(&self.send(&request).await?).map_err(cognito)?;
                self.next(step, username).await
            }
            PasswordAuth::Srp => {
                // The arithmetic is a chunk of its own (browser/srp.rs).
                let srp = super::srp::srp_client().await??;
                let request = self.api.initiate_auth(&AuthFlow::UserSrp {
                    username,
                    srp_a: srp.srp_a_hex(),
                });
                let step = parse_auth_response(&self.send(&request).await?).map_err(cognito)?;
                let AuthStep::Challenge {
                    challenge, session, ..
                } = &step
                else {
                    return self.next(step, username).await;
                };
                let Some(verifier) = challenge.password_verifier() else {
                    return self.next(step, username).await;
                };
                let claim = super::srp::password_claim(
                    srp,
                    &self.pool.user_pool_id,
                    password,
                    &verifier,
                    super::now(),
                )
                .await??;
                let request = self
                    .api
                    .respond_to_auth_challenge(session.as_ref(), &ChallengeResponse::from(&claim));
                let step = parse_auth_response(&self.send(&request).await?).map_err(cognito)?;
                self.next(step, &claim.username).await
            }
        }
    }

    /// Answers a challenge.
    pub async fn respond(
        &self,
        pending: &PendingChallenge,
        answer: ChallengeAnswer,
    ) -> Result<SignInStep, ClientError> {
        let username = pending.username.as_str();
        let mut session = pending.session.clone();
        let response = match (&pending.challenge, &answer) {
            (Challenge::SmsMfa { .. }, ChallengeAnswer::Code(code)) => {
                ChallengeResponse::SmsMfa { username, code }
            }
            (Challenge::SoftwareTokenMfa, ChallengeAnswer::Code(code)) => {
                ChallengeResponse::SoftwareTokenMfa { username, code }
            }
            (Challenge::EmailOtp { .. }, ChallengeAnswer::Code(code)) => {
                ChallengeResponse::EmailOtp { username, code }
            }
            (Challenge::SelectMfaType { .. }, ChallengeAnswer::SelectMfa(choice)) => {
                ChallengeResponse::SelectMfaType { username, choice }
            }
            (
                Challenge::NewPasswordRequired { .. },
                ChallengeAnswer::NewPassword(new_password, attributes),
            ) => ChallengeResponse::NewPasswordRequired {
                username,
                new_password,
                attributes,
            },
            (Challenge::MfaSetup { .. }, ChallengeAnswer::MfaSetupDone(verified)) => {
                if verified.is_some() {
                    session = verified.clone();
                }
                ChallengeResponse::MfaSetup { username }
            }
            _ => {
                return Err(cognito(CognitoError::from_type(
                    "InvalidParameterException",
                    "This answer does not fit the question Cognito asked.",
                )))
            }
        };
        let request = self
            .api
            .respond_to_auth_challenge(session.as_ref(), &response);
        let step = parse_auth_response(&self.send(&request).await?).map_err(cognito)?;
        self.next(step, username).await
    }

    /// `AssociateSoftwareToken` during sign-in (`MFA_SETUP`).
    pub async fn associate_totp(
        &self,
        pending: &PendingChallenge,
    ) -> Result<SoftwareTokenAssociation, ClientError> {
        let Some(session) = pending.session.as_ref() else {
            return Err(cognito(CognitoError::from_type(
                "InvalidParameterException",
                "Cognito sent no session to set up the authenticator with.",
            )));
        };
        let request = self
            .api
            .associate_software_token(SoftwareTokenAuth::Session(session));
        parse_associate_software_token(&self.send(&request).await?).map_err(cognito)
    }

    /// `VerifySoftwareToken` during sign-in: the first code from the app.
    pub async fn verify_totp(
        &self,
        association: &SoftwareTokenAssociation,
        code: &str,
    ) -> Result<Option<ChallengeSession>, ClientError> {
        let Some(session) = association.session.as_ref() else {
            return Err(cognito(CognitoError::from_type(
                "InvalidParameterException",
                "Cognito sent no session to verify the authenticator with.",
            )));
        };
        let request =
            self.api
                .verify_software_token(SoftwareTokenAuth::Session(session), code.trim(), None);
        parse_verify_software_token(&self.send(&request).await?).map_err(cognito)
    }

    /// `AssociateSoftwareToken` for a signed-in user: a new authenticator
    /// secret, not active until [`enable_totp`](Self::enable_totp).
    pub async fn associate_totp_signed_in(
        &self,
        access_token: &AccessToken,
    ) -> Result<SoftwareTokenAssociation, ClientError> {
        let request = self
            .api
            .associate_software_token(SoftwareTokenAuth::AccessToken(access_token));
        parse_associate_software_token(&self.send(&request).await?).map_err(cognito)
    }

    /// For a signed-in user: `VerifySoftwareToken` with the first code from
    /// the app, then `SetUserMFAPreference` to turn the authenticator on as
    /// the preferred factor (Cognito asks for it at sign-in only then).
    pub async fn enable_totp(
        &self,
        access_token: &AccessToken,
        code: &str,
    ) -> Result<(), ClientError> {
        let request = self.api.verify_software_token(
            SoftwareTokenAuth::AccessToken(access_token),
            code.trim(),
            None,
        );
        parse_verify_software_token(&self.send(&request).await?).map_err(cognito)?;
        let request = self
            .api
            .set_software_token_mfa_preference(access_token, true);
        parse_empty_response(&self.send(&request).await?).map_err(cognito)
    }

    async fn next(&self, step: AuthStep, username: &str) -> Result<SignInStep, ClientError> {
        match step {
            AuthStep::Done(tokens) => {
                Ok(SignInStep::SignedIn(Box::new(self.finish(tokens).await?)))
            }
            AuthStep::Challenge {
                challenge,
                session,
                username: cognito_name,
            } => Ok(SignInStep::Challenge(PendingChallenge {
                challenge,
                session,
                username: cognito_name.unwrap_or_else(|| username.to_owned()),
            })),
        }
    }

    /// Checks the ID token and stores the session, as the code flow does.
    async fn finish(&self, tokens: TokenResponse) -> Result<Session, ClientError> {
        let raw = tokens
            .id_token
            .as_ref()
            .ok_or(ClientError::Auth(AuthError::from(
                crate::core::IdTokenError::MissingIdToken,
            )))?;
        let now = super::now();
        let claims = self.client.check_id_token(raw, now).await?;
        let config = self.client.config();
        let session = establish_session(&config.issuer(), &config.client_id, tokens, claims, now);
        self.client.store_session(&session)?;
        Ok(session)
    }
}
