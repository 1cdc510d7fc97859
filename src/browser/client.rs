//! The browser client: the core's decisions carried out with real I/O.
//!
//! [`BrowserClient`] owns the configuration, the token store and a cache of
//! the provider's metadata. The UI layer calls it and renders what it returns;
//! it never talks to storage or the network itself.

use std::cell::RefCell;
use std::rc::Rc;

use std::time::Duration;

use crate::core::cognito::{
    parse_auth_response, parse_empty_response, AuthFlow, AuthStep, CognitoClient,
};

use crate::core::{
    apply_refresh, apply_refresh_keeping_id_token, authorization, callback,
    check_revocation_response, classify_refresh_error, complete_logout, decide, discovery_request,
    end_session, id_token, is_logout_callback, parse_token_response, refresh_request,
    revocation_request, AuthConfig, AuthError, DecodedIdToken, IdTokenClaims, IdTokenError,
    IdTokenSignatureVerifier, IdTokenValidation, InsecureSkipSignatureVerification, MetadataSource,
    PendingAuthorization, PendingLogout, ProviderConfig, ProviderMetadata, RefreshFailure,
    ReturnPath, Session, SessionDecision, SignInOptions, SignOutReason, StorageKind, TokenTypeHint,
};
use crate::core::{parse_userinfo_response, userinfo_request, UserInfo};

use super::http::{self, NetworkError};
use super::jose::{JwksCache, WebCryptoVerifier};
use super::location::{self, LocationError};
use super::storage::{KeyValueStore, StoreError, TokenStore, WebStorageArea, WebStore};
use super::storage::{PENDING_KEY, PENDING_LOGOUT_KEY, SESSION_KEY};

/// How long a revocation request may take before the sign-out goes on without it.
const REVOCATION_TIMEOUT: Duration = Duration::from_secs(5);

/// Everything that can go wrong in the browser client.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ClientError {
    /// A protocol error from the core (callback, token, ID token, config...).
    #[error(transparent)]
    Auth(#[from] AuthError),
    /// No HTTP response.
    #[error("Could not talk to the sign-in provider: {0}.")]
    Network(#[from] NetworkError),
    /// Browser storage refused access or a write.
    #[error("Could not save the sign-in: {0}.")]
    Store(#[from] StoreError),
    /// The address bar could not be read or changed.
    #[error("{0}.")]
    Location(#[from] LocationError),
    /// The SRP computation refused the server's values or the input.
    #[error("Could not prove the password: {0}")]
    Srp(#[from] crate::core::SrpError),
    /// The browser's random source failed.
    #[error("The browser's secure random number generator is not available.")]
    Random,
    /// A part of the page that loads on demand could not be fetched.
    #[error("A part of the page could not be loaded; check the connection and try again.")]
    Chunk(#[from] super::split::ChunkError),
}

impl ClientError {
    /// A stable, snake_case code for this error (used as `data-lha-error-code`).
    pub fn code(&self) -> &'static str {
        match self {
            ClientError::Auth(e) => e.code(),
            ClientError::Network(_) => "network",
            ClientError::Store(_) => "storage",
            ClientError::Location(_) => "browser",
            ClientError::Random => "browser",
            ClientError::Srp(_) => "srp_failed",
            ClientError::Chunk(_) => "chunk_load_failed",
        }
    }

    /// The provider's own `error` code, when the provider reported one.
    pub fn provider_error(&self) -> Option<&str> {
        match self {
            ClientError::Auth(e) => e.provider_error_code(),
            _ => None,
        }
    }
}

/// Where a successful callback leaves the user.
#[derive(Debug)]
pub struct SignedIn {
    /// The new session (already stored).
    pub session: Session,
    /// Where the user started the sign-in (already in the address bar).
    pub return_path: ReturnPath,
}

/// Performs the sign-in protocol in a browser. Cheap to clone (shared state).
#[derive(Clone)]
pub struct BrowserClient {
    inner: Rc<Inner>,
}

struct Inner {
    config: AuthConfig,
    tokens: TokenStore,
    metadata: RefCell<Option<ProviderMetadata>>,
    jwks: JwksCache,
}

impl BrowserClient {
    /// A client for `config`. Fails when the configuration is invalid or the
    /// configured token storage is unavailable in this browser.
    pub fn new(config: AuthConfig) -> Result<BrowserClient, ClientError> {
        config.validate().map_err(AuthError::from)?;
        let tokens = TokenStore::open(config.storage)?;
        Ok(BrowserClient {
            inner: Rc::new(Inner {
                config,
                tokens,
                metadata: RefCell::new(None),
                jwks: JwksCache::new(),
            }),
        })
    }

    /// The configuration.
    pub fn config(&self) -> &AuthConfig {
        &self.inner.config
    }

    /// The provider's metadata: from the configuration, or discovered once
    /// and then cached for the life of the page.
    pub async fn metadata(&self) -> Result<ProviderMetadata, ClientError> {
        if let Some(m) = self.inner.metadata.borrow().as_ref() {
            return Ok(m.clone());
        }
        let metadata = match self.inner.config.metadata_source() {
            MetadataSource::Static(m) => m,
            MetadataSource::Discover(issuer) => {
                let response =
                    http::send(&discovery_request(&issuer), http::DEFAULT_TIMEOUT).await?;
                ProviderMetadata::from_discovery_response(&issuer, &response)
                    .map_err(AuthError::from)?
            }
        };
        *self.inner.metadata.borrow_mut() = Some(metadata.clone());
        Ok(metadata)
    }

    /// Whether `url` is a response to our redirect URI.
    pub fn is_callback(&self, url: &str) -> bool {
        callback::is_callback(url, &self.inner.config.redirect_uri)
    }

    /// The stored session, if there is one that is still usable or can be
    /// renewed with its refresh token. Corrupt, foreign or dead data is
    /// deleted.
    pub fn restore(&self) -> Option<Session> {
        let session = self.read_stored()?;
        match decide(&session, &self.inner.config.refresh, super::now()) {
            SessionDecision::Expired { can_refresh: false } => {
                self.inner.tokens.remove(SESSION_KEY);
                None
            }
            _ => Some(session),
        }
    }

    /// The session in storage as it is (possibly expired); corrupt or foreign
    /// data is deleted.
    pub fn read_stored(&self) -> Option<Session> {
        let stored = self.inner.tokens.get(SESSION_KEY)?;
        self.decode_session(&stored).or_else(|| {
            self.inner.tokens.remove(SESSION_KEY);
            None
        })
    }

    /// Decodes a session in its storage format, refusing one for another
    /// issuer or client.
    pub fn decode_session(&self, stored: &str) -> Option<Session> {
        let config = &self.inner.config;
        Session::from_storage_string(stored, &config.issuer(), &config.client_id).ok()
    }

    /// Stores `session` in the configured storage.
    pub fn store_session(&self, session: &Session) -> Result<(), StoreError> {
        self.inner
            .tokens
            .set(SESSION_KEY, &session.to_storage_string())
    }

    /// Where the tokens live.
    pub fn storage_kind(&self) -> StorageKind {
        self.inner.config.storage
    }

    /// [`refresh`](Self::refresh), run by its chunk (browser/deferred.rs).
    pub(super) async fn refresh_now(&self, session: &Session) -> Result<Session, RefreshFailure> {
        let Some(refresh_token) = session.refresh_token.as_ref() else {
            return Err(RefreshFailure::SignOut(SignOutReason::Expired));
        };
        // Without metadata (provider unreachable at start-up) nothing can be
        // refreshed yet: a passing failure.
        let metadata = self
            .metadata()
            .await
            .map_err(|e| RefreshFailure::Retry(e.to_string()))?;
        let config = &self.inner.config;
        let tokens = match &config.provider {
            // A user pool renews through its API (REFRESH_TOKEN_AUTH), which
            // accepts refresh tokens from the API flows and the hosted UI alike.
            ProviderConfig::Cognito(pool) => {
                let api = CognitoClient::from_config(pool, &config.client_id)
                    .map_err(|e| RefreshFailure::Retry(e.to_string()))?;
                let request = api.initiate_auth(&AuthFlow::RefreshToken { refresh_token });
                let response = http::send(&request, http::DEFAULT_TIMEOUT)
                    .await
                    .map_err(|e| {
                        RefreshFailure::Retry(format!("Could not renew the session: {e}."))
                    })?;
                match parse_auth_response(&response) {
                    Ok(AuthStep::Done(tokens)) => tokens,
                    Ok(AuthStep::Challenge { challenge, .. }) => {
                        return Err(RefreshFailure::SignOut(
                            SignOutReason::RefreshTokenRejected {
                                error: challenge.name().to_owned(),
                                description: Some("Cognito asked for a new sign-in.".into()),
                            },
                        ))
                    }
                    Err(e) if e.is_retryable() => return Err(RefreshFailure::Retry(e.to_string())),
                    Err(e) => {
                        return Err(RefreshFailure::SignOut(
                            SignOutReason::RefreshTokenRejected {
                                error: e.error_type().unwrap_or("rejected").to_owned(),
                                description: Some(e.to_string()),
                            },
                        ))
                    }
                }
            }
            ProviderConfig::Issuer { .. } => {
                let request = refresh_request(&metadata, &config.client_id, refresh_token);
                let response = http::send(&request, http::DEFAULT_TIMEOUT)
                    .await
                    .map_err(|e| {
                        RefreshFailure::Retry(format!("Could not renew the session: {e}."))
                    })?;
                parse_token_response(&response).map_err(|e| classify_refresh_error(&e))?
            }
        };
        let now = super::now();
        let claims = match &tokens.id_token {
            Some(raw) => match self
                .checked_claims(&metadata, raw, Some(&tokens.access_token), None, None, now)
                .await
            {
                Ok(claims) => Some(claims),
                // The provider's keys are out of reach: the tokens it has
                // just issued are kept (the old refresh token may be spent),
                // the unchecked ID token is not.
                Err(AuthError::IdToken(IdTokenError::SigningKeysUnavailable(why))) => {
                    web_sys::console::warn_1(
                        &format!(
                            "leptos-hosted-auth: session renewed; its new ID token is not used \
                             (the provider's signing keys could not be fetched: {why}), the \
                             previous one is kept"
                        )
                        .into(),
                    );
                    return apply_refresh_keeping_id_token(
                        session,
                        tokens,
                        &config.id_token_signing_alg_values,
                        now,
                    )
                    .map_err(|e| RefreshFailure::SignOut(e.sign_out_reason()));
                }
                Err(_) => return Err(RefreshFailure::SignOut(SignOutReason::IdTokenMismatch)),
            },
            None => None,
        };
        apply_refresh(session, tokens, claims, now)
            .map_err(|e| RefreshFailure::SignOut(e.sign_out_reason()))
    }

    /// Checks an ID token obtained without a nonce (Cognito's API flows):
    /// signature through the verifier, then the claims.
    pub async fn check_id_token(
        &self,
        raw: &crate::core::IdToken,
        now: crate::core::UnixTime,
    ) -> Result<IdTokenClaims, ClientError> {
        let metadata = self.metadata().await?;
        Ok(self
            .checked_claims(&metadata, raw, None, None, None, now)
            .await?)
    }

    /// Decodes an ID token, verifies its signature with the provider's keys
    /// (unless the configuration turned that off, insecurely) and checks its
    /// claims.
    async fn checked_claims(
        &self,
        metadata: &ProviderMetadata,
        raw: &crate::core::IdToken,
        access_token: Option<&crate::core::AccessToken>,
        nonce: Option<&crate::core::Nonce>,
        max_age: Option<u64>,
        now: crate::core::UnixTime,
    ) -> Result<IdTokenClaims, AuthError> {
        let config = &self.inner.config;
        let allowed = config.id_token_signing_alg_values.as_slice();
        // The algorithm is checked while decoding, before any signature work.
        let decoded = DecodedIdToken::decode_with(raw, allowed)?;
        if config.insecure_skip_id_token_signature_verification {
            InsecureSkipSignatureVerification.verify(&decoded).await?;
        } else {
            WebCryptoVerifier {
                cache: &self.inner.jwks,
                jwks_uri: metadata.jwks_uri.as_ref(),
                allowed,
            }
            .verify(&decoded)
            .await?;
        }
        id_token::validate(
            &decoded,
            &IdTokenValidation {
                allowed_algorithms: allowed,
                access_token,
                issuer: &config.issuer(),
                client_id: &config.client_id,
                nonce,
                now,
                clock_skew_secs: config.clock_skew_secs,
                max_age,
            },
        )?;
        Ok(decoded.claims)
    }

    /// [`revoke`](Self::revoke), run by its chunk (browser/deferred.rs).
    pub(super) async fn revoke_now(&self, session: &Session) -> Vec<String> {
        let mut problems = Vec::new();
        let metadata = match self.metadata().await {
            Ok(m) => m,
            Err(e) => return vec![e.to_string()],
        };
        let config = &self.inner.config;
        // A user pool revokes through its API (RevokeToken: refresh tokens only).
        if let ProviderConfig::Cognito(pool) = &config.provider {
            let api = match CognitoClient::from_config(pool, &config.client_id) {
                Ok(api) => api,
                Err(e) => return vec![e.to_string()],
            };
            // `cognito.global_sign_out`: end every session of the user first
            // (the access token is still valid only before RevokeToken).
            if config.cognito_global_sign_out {
                let request = api.global_sign_out(&session.access_token);
                match http::send(&request, REVOCATION_TIMEOUT).await {
                    Ok(response) => {
                        if let Err(e) = parse_empty_response(&response) {
                            problems.push(format!("GlobalSignOut: {e}"));
                        }
                    }
                    Err(e) => problems.push(format!("GlobalSignOut: {e}")),
                }
            }
            let Some(refresh_token) = session.refresh_token.as_ref() else {
                return problems;
            };
            let request = api.revoke_token(refresh_token);
            match http::send(&request, REVOCATION_TIMEOUT).await {
                Ok(response) => {
                    if let Err(e) = parse_empty_response(&response) {
                        problems.push(e.to_string());
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
            return problems;
        }
        for hint in &config.revoke_token_types {
            let token = match hint {
                TokenTypeHint::RefreshToken => session.refresh_token.as_ref().map(|t| t.secret()),
                TokenTypeHint::AccessToken => Some(session.access_token.secret()),
            };
            let Some(token) = token else { continue };
            let Some(request) = revocation_request(&metadata, &config.client_id, token, *hint)
            else {
                continue;
            };
            match http::send(&request, REVOCATION_TIMEOUT).await {
                Ok(response) => {
                    if let Err(e) = check_revocation_response(&response) {
                        problems.push(e.to_string());
                    }
                }
                Err(e) => problems.push(e.to_string()),
            }
        }
        problems
    }

    /// [`end_session_url`](Self::end_session_url), run by its chunk
    /// (browser/deferred.rs).
    pub(super) async fn end_session_url_now(
        &self,
        id_token_hint: Option<&crate::core::IdToken>,
    ) -> Option<String> {
        let metadata = self.metadata().await.ok()?;
        let mut random_failed = false;
        let mut random = |buf: &mut [u8]| {
            if super::random_bytes(buf).is_err() {
                random_failed = true;
            }
        };
        let (url, pending) = end_session(
            &metadata,
            &self.inner.config,
            id_token_hint,
            &mut random,
            super::now(),
        )?;
        if random_failed {
            return None;
        }
        if !metadata.is_cognito {
            pending_store()
                .ok()?
                .set(PENDING_LOGOUT_KEY, &pending.to_storage_string())
                .ok()?;
        }
        Some(url)
    }

    /// Whether `url` is the provider sending the user back after logout.
    pub fn is_logout_callback(&self, url: &str) -> bool {
        is_logout_callback(url, &self.inner.config)
    }

    /// Checks the `state` the provider returned after logout against the one
    /// sent, consuming it, and cleans the address bar.
    pub fn handle_logout_callback(&self, url: &str) -> Result<(), ClientError> {
        let pending = pending_store().ok().and_then(|store| {
            let raw = store.get(PENDING_LOGOUT_KEY);
            store.remove(PENDING_LOGOUT_KEY);
            PendingLogout::from_storage_string(&raw?).ok()
        });
        location::replace_url(&location::strip_callback_params(url))?;
        complete_logout(url, pending).map_err(AuthError::from)?;
        Ok(())
    }

    /// [`sign_in`](Self::sign_in), run by its chunk (browser/deferred.rs).
    pub(super) async fn sign_in_now(&self, options: SignInOptions) -> Result<(), ClientError> {
        let metadata = self.metadata().await?;
        let mut random_failed = false;
        let mut random = |buf: &mut [u8]| {
            if super::random_bytes(buf).is_err() {
                random_failed = true;
            }
        };
        let (url, pending) = authorization::begin(
            &self.inner.config,
            &metadata,
            &options,
            &mut random,
            super::now(),
        );
        if random_failed {
            return Err(ClientError::Random);
        }
        pending_store()?.set(PENDING_KEY, &pending.to_storage_string())?;
        location::navigate(&url)?;
        Ok(())
    }

    /// [`handle_callback`](Self::handle_callback), run by its chunk
    /// (browser/deferred.rs).
    pub(super) async fn handle_callback_now(&self, url: &str) -> Result<SignedIn, ClientError> {
        // Take the single-use state out of storage before anything else, so a
        // failure half-way cannot leave it behind for a replay.
        let pending = take_pending();
        // The code and state must not stay in the address bar or the history.
        location::replace_url(&location::strip_callback_params(url))?;

        let metadata = self.metadata().await?;
        let exchange = callback::complete(url, pending, &metadata).map_err(AuthError::from)?;
        let response = http::send(&exchange.token_request, http::DEFAULT_TIMEOUT).await?;
        let tokens = parse_token_response(&response).map_err(AuthError::from)?;

        let raw_id_token = tokens
            .id_token
            .as_ref()
            .ok_or(AuthError::from(id_token::IdTokenError::MissingIdToken))?;
        let now = super::now();
        let claims = self
            .checked_claims(
                &metadata,
                raw_id_token,
                Some(&tokens.access_token),
                Some(&exchange.nonce),
                exchange.max_age,
                now,
            )
            .await?;

        let return_path = exchange.return_path.clone();
        let session = Session::establish(&exchange, tokens, claims, now);
        self.inner
            .tokens
            .set(SESSION_KEY, &session.to_storage_string())?;
        location::replace_url(return_path.as_str())?;
        Ok(SignedIn {
            session,
            return_path,
        })
    }

    /// The signed-in user's claims from the provider's UserInfo endpoint
    /// (OpenID Connect Core 5.3), refused unless its `sub` is the session's
    /// (§5.3.2: a response for another user is a substitution attack).
    pub async fn userinfo(&self, session: &Session) -> Result<UserInfo, ClientError> {
        let metadata = self.metadata().await?;
        let request =
            userinfo_request(&metadata, &session.access_token).map_err(AuthError::from)?;
        let response = http::send(&request, http::DEFAULT_TIMEOUT).await?;
        Ok(parse_userinfo_response(&response, &session.user.sub).map_err(AuthError::from)?)
    }

    /// Signs out locally: deletes the session and any pending sign-in from
    /// every storage this crate uses. The provider's session is not ended.
    pub fn sign_out_local(&self) {
        self.inner.tokens.remove(SESSION_KEY);
        if let Ok(store) = pending_store() {
            store.remove(PENDING_KEY);
        }
        super::storage::wipe_everywhere();
    }
}

fn pending_store() -> Result<WebStore, StoreError> {
    WebStore::new(WebStorageArea::Session)
}

/// Removes and returns the pending authorization. Corrupt data counts as none.
fn take_pending() -> Option<PendingAuthorization> {
    let store = pending_store().ok()?;
    let raw = store.get(PENDING_KEY);
    store.remove(PENDING_KEY);
    PendingAuthorization::from_storage_string(&raw?).ok()
}
