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
