//! The browser client: the core's decisions carried out with real I/O.
//!
//! [`BrowserClient`] owns the configuration, the token store and a cache of
//! the provider's metadata. The UI layer calls it and renders what it returns;
//! it never talks to storage or the network itself.

use std::cell::RefCell;
use std::rc::Rc;

use crate::core::{
    authorization, callback, discovery_request, id_token, parse_token_response, AuthConfig,
    AuthError, DecodedIdToken, IdTokenSignatureVerifier, IdTokenValidation,
    InsecureSkipSignatureVerification, MetadataSource, PendingAuthorization, ProviderMetadata,
    ReturnPath, Session, SignInOptions,
};

use super::http::{self, NetworkError};
use super::location::{self, LocationError};
use super::storage::{KeyValueStore, StoreError, TokenStore, WebStorageArea, WebStore};
use super::storage::{PENDING_KEY, SESSION_KEY};

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
    /// The browser's random source failed.
    #[error("The browser's secure random number generator is not available.")]
    Random,
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
    verifier: Box<dyn IdTokenSignatureVerifier>,
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
                verifier: Box::new(InsecureSkipSignatureVerification),
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

    /// The stored session, if there is a valid, unexpired one. Corrupt,
    /// foreign or expired data is deleted.
    pub fn restore(&self) -> Option<Session> {
        let stored = self.inner.tokens.get(SESSION_KEY)?;
        let config = &self.inner.config;
        let issuer = config.issuer();
        match Session::from_storage_string(&stored, &issuer, &config.client_id) {
            Ok(session) if !session.is_expired(super::now()) => Some(session),
            _ => {
                self.inner.tokens.remove(SESSION_KEY);
                None
            }
        }
    }

    /// Starts a sign-in: stores the pending authorization in `sessionStorage`
    /// and sends the browser to the provider. Returns only on failure or once
    /// the navigation has been requested.
    pub async fn sign_in(&self, options: SignInOptions) -> Result<(), ClientError> {
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

    /// Handles a callback URL: consumes the pending authorization (whatever
    /// the outcome), cleans the address bar, exchanges the code, validates
    /// the ID token and stores the session. On any failure nothing is stored.
    pub async fn handle_callback(&self, url: &str) -> Result<SignedIn, ClientError> {
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
        let decoded = DecodedIdToken::decode(raw_id_token).map_err(AuthError::from)?;
        self.inner
            .verifier
            .verify(&decoded)
            .await
            .map_err(AuthError::from)?;
        let now = super::now();
        id_token::validate_claims(
            &decoded.claims,
            &IdTokenValidation {
                issuer: &exchange.issuer,
                client_id: &exchange.client_id,
                nonce: Some(&exchange.nonce),
                now,
                clock_skew_secs: self.inner.config.clock_skew_secs,
                max_age: exchange.max_age,
            },
        )
        .map_err(AuthError::from)?;

        let return_path = exchange.return_path.clone();
        let session = Session::establish(&exchange, tokens, decoded.claims, now);
        self.inner
            .tokens
            .set(SESSION_KEY, &session.to_storage_string())?;
        location::replace_url(return_path.as_str())?;
        Ok(SignedIn {
            session,
            return_path,
        })
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
