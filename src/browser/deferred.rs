//! The browser client's flows that a page does not run at start, each behind
//! a split point ([`super::split`]): the sign-in redirect (on a click), the
//! callback (on the redirect URI only), the refresh (when a token is due),
//! revocation and logout (on "Sign out"), and the Cognito password sign-in
//! (fetched when the sign-in form gets focus). A page that shows a "Sign in"
//! button or a restored session downloads none of them; the ID-token checks
//! and the token-response parsing they share land in a chunk of their own.
//!
//! Each split point returns the flow's future, whose code lives in the chunk;
//! [`BrowserClient`]'s public methods of the same names await it.

use std::future::Future;
use std::pin::Pin;

use crate::core::{IdToken, Password, RefreshFailure, Session, SignInOptions};

use super::client::{BrowserClient, ClientError, SignedIn};
use super::cognito::{CognitoApi, SignInStep};
use super::split::split_point;

impl CognitoApi {
    /// Signs in with a password (SRP by default). Returns the session, or the
    /// next challenge (MFA, new password, ...).
    ///
    /// The round trips and the SRP arithmetic are chunks of their own
    /// (browser/deferred.rs, browser/srp.rs): a page fetches them when a user
    /// is about to sign in, not with the form.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &Password,
    ) -> Result<SignInStep, ClientError> {
        // The chunk's future owns what it needs; this copy of the password
        // lives as long as the sign-in.
        let password = Password::new(password.secret().to_owned());
        password_sign_in(self.clone(), username.to_owned(), password)
            .await?
            .await
    }
}

// The public flows of the browser client are defined here, above the split
// points they await; their bodies (`*_now`) stay in client.rs and cognito.rs.
impl BrowserClient {
    /// One refresh-token grant for `session` (no lock: the caller holds it).
    /// A refreshed ID token is checked like the first one (without nonce)
    /// and must name the same user (OpenID Connect Core 12.2).
    pub async fn refresh(&self, session: &Session) -> Result<Session, RefreshFailure> {
        refresh(self.clone(), session.clone())
            .await
            .map_err(|e| RefreshFailure::Retry(e.to_string()))?
            .await
    }

    /// Revokes the session's tokens (RFC 7009) of the configured types.
    /// Failures are returned, never raised: they must not block a sign-out.
    pub async fn revoke(&self, session: &Session) -> Vec<String> {
        match revoke(self.clone(), session.clone()).await {
            Ok(revoking) => revoking.await,
            Err(e) => vec![e.to_string()],
        }
    }

    /// The provider's logout URL (RP-initiated logout, or Cognito's
    /// `/logout`), with the pending logout state stored in `sessionStorage`.
    /// `None` when the provider has no logout endpoint or is unreachable.
    pub async fn end_session_url(
        &self,
        id_token_hint: Option<&crate::core::IdToken>,
    ) -> Option<String> {
        end_session_url(self.clone(), id_token_hint.cloned())
            .await
            .ok()?
            .await
    }

    /// Starts a sign-in: stores the pending authorization in `sessionStorage`
    /// and sends the browser to the provider. Returns only on failure or once
    /// the navigation has been requested.
    pub async fn sign_in(&self, options: SignInOptions) -> Result<(), ClientError> {
        sign_in(self.clone(), options).await?.await
    }

    /// Handles a callback URL: consumes the pending authorization (whatever
    /// the outcome), cleans the address bar, exchanges the code, validates
    /// the ID token and stores the session. On any failure nothing is stored.
    pub async fn handle_callback(&self, url: &str) -> Result<SignedIn, ClientError> {
        handle_callback(self.clone(), url.to_owned()).await?.await
    }
}

/// A flow's future, run on the page's one thread.
pub(super) type Flow<T> = Pin<Box<dyn Future<Output = T>>>;

split_point! {
    /// [`BrowserClient::sign_in`].
    pub(super) fn sign_in(client: BrowserClient, options: SignInOptions)
        -> Flow<Result<(), ClientError>>,
    chunk = redirect, preload = preload_redirect
    { Box::pin(async move { client.sign_in_now(options).await }) }
}

split_point! {
    /// [`BrowserClient::handle_callback`].
    pub(super) fn handle_callback(client: BrowserClient, url: String)
        -> Flow<Result<SignedIn, ClientError>>,
    chunk = callback, preload = preload_callback
    { Box::pin(async move { client.handle_callback_now(&url).await }) }
}

split_point! {
    /// [`BrowserClient::refresh`].
    pub(super) fn refresh(client: BrowserClient, session: Session)
        -> Flow<Result<Session, RefreshFailure>>,
    chunk = refresh, preload = preload_refresh
    { Box::pin(async move { client.refresh_now(&session).await }) }
}

split_point! {
    /// [`BrowserClient::revoke`].
    pub(super) fn revoke(client: BrowserClient, session: Session) -> Flow<Vec<String>>,
    chunk = sign_out, preload = preload_revoke
    { Box::pin(async move { client.revoke_now(&session).await }) }
}

split_point! {
    /// [`BrowserClient::end_session_url`].
    pub(super) fn end_session_url(client: BrowserClient, id_token_hint: Option<IdToken>)
        -> Flow<Option<String>>,
    chunk = sign_out, preload = preload_end_session
    { Box::pin(async move { client.end_session_url_now(id_token_hint.as_ref()).await }) }
}

split_point! {
    /// [`CognitoApi::sign_in`].
    pub(crate) fn password_sign_in(api: CognitoApi, username: String, password: Password)
        -> Flow<Result<SignInStep, ClientError>>,
    chunk = password_sign_in, preload = preload_password_sign_in
    { Box::pin(async move { api.sign_in_now(&username, &password).await }) }
}
