//! `AuthProvider`, the `Auth` handle and `use_auth()`.

use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::client::{BrowserClient, ClientError};
use crate::browser::keeper::{
    AccessTokenError, AuthEvent, KeeperListener, SessionKeeper, SessionStatus,
};
use crate::browser::location;
use crate::core::{AuthConfig, ReturnPath, Session, SignInOptions, SignOutReason, UnixTime, User};

/// What the UI shows. Components render from this alone.
#[derive(Clone, Debug, PartialEq)]
pub enum AuthState {
    /// Restoring the session or handling a callback.
    Loading,
    /// No session.
    SignedOut,
    /// A valid session.
    SignedIn(SignedInUser),
    /// The last operation failed; nothing was stored.
    Error(AuthFailure),
}

impl AuthState {
    /// A stable name for the state (`loading`, `signed-out`, `signed-in`,
    /// `error`), used as the `data-lha-state` attribute.
    pub fn name(&self) -> &'static str {
        match self {
            AuthState::Loading => "loading",
            AuthState::SignedOut => "signed-out",
            AuthState::SignedIn(_) => "signed-in",
            AuthState::Error(_) => "error",
        }
    }
}

/// The signed-in user as the UI sees it: claims, no tokens. (The expiry and
/// the live status are separate signals: [`Auth::expires_at`],
/// [`Auth::status`].)
#[derive(Clone, Debug, PartialEq)]
pub struct SignedInUser {
    /// The user's claims from the ID token.
    pub user: User,
}

/// A failure, in words, ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthFailure {
    /// A stable snake_case code (`state_mismatch`, `provider_error`, ...).
    pub code: String,
    /// A sentence for people. Never contains a secret.
    pub message: String,
    /// The provider's own `error` code (`access_denied`, ...), if any.
    pub provider_error: Option<String>,
}

impl From<&ClientError> for AuthFailure {
    fn from(e: &ClientError) -> Self {
        AuthFailure {
            code: e.code().to_owned(),
            message: e.to_string(),
            provider_error: e.provider_error().map(str::to_owned),
        }
    }
}

type Subscriber = Rc<dyn Fn(&AuthEvent)>;

/// The handle [`use_auth`] returns. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Auth {
    state: RwSignal<AuthState>,
    status: RwSignal<SessionStatus>,
    expires_at: RwSignal<Option<UnixTime>>,
    signed_out_reason: RwSignal<Option<SignOutReason>>,
    last_event: RwSignal<Option<AuthEvent>>,
    client: StoredValue<Option<BrowserClient>, LocalStorage>,
    keeper: StoredValue<Option<SessionKeeper>, LocalStorage>,
    subscribers: StoredValue<Vec<Subscriber>, LocalStorage>,
}

/// Forwards the keeper's news into the handle's signals.
struct UiListener(Auth);

impl KeeperListener for UiListener {
    fn session_changed(&self, session: Option<&Session>) {
        let auth = self.0;
        match session {
            Some(s) => {
                auth.expires_at.set(s.expires_at);
                auth.signed_out_reason.set(None);
                let next = AuthState::SignedIn(SignedInUser {
                    user: s.user.clone(),
                });
                if auth.state.with_untracked(|current| *current != next) {
                    auth.state.set(next);
                }
            }
            None => {
                auth.expires_at.set(None);
                auth.state.set(AuthState::SignedOut);
            }
        }
    }

    fn status_changed(&self, status: SessionStatus) {
        self.0.status.set(status);
    }

    fn event(&self, event: &AuthEvent) {
        let auth = self.0;
        if let AuthEvent::SignedOut(reason) = event {
            auth.signed_out_reason.set(Some(reason.clone()));
        }
        auth.last_event.set(Some(event.clone()));
        let subscribers = auth.subscribers.get_value();
        for subscriber in subscribers {
            subscriber(event);
        }
    }
}

impl Auth {
    fn new(client: Option<BrowserClient>, initial: AuthState) -> Auth {
        Auth {
            state: RwSignal::new(initial),
            status: RwSignal::new(SessionStatus::Active),
            expires_at: RwSignal::new(None),
            signed_out_reason: RwSignal::new(None),
            last_event: RwSignal::new(None),
            client: StoredValue::new_local(client),
            keeper: StoredValue::new_local(None),
            subscribers: StoredValue::new_local(Vec::new()),
        }
    }

    /// The current state, reactively.
    pub fn state(&self) -> Signal<AuthState> {
        self.state.into()
    }

    /// The live session status (active, refreshing, reconnecting, expired).
    pub fn status(&self) -> Signal<SessionStatus> {
        self.status.into()
    }

    /// When the access token expires (local clock), if known.
    pub fn expires_at(&self) -> Signal<Option<UnixTime>> {
        self.expires_at.into()
    }

    /// Why the last session ended, when it did (to show "you were signed
    /// out because ...").
    pub fn signed_out_reason(&self) -> Signal<Option<SignOutReason>> {
        self.signed_out_reason.into()
    }

    /// The last event, reactively.
    pub fn last_event(&self) -> Signal<Option<AuthEvent>> {
        self.last_event.into()
    }

    /// Calls `handler` on every event (refreshed, expiring, expired, signed
    /// out with its reason, passing errors) for the life of the provider.
    pub fn on_event(&self, handler: impl Fn(&AuthEvent) + 'static) {
        self.subscribers
            .update_value(|subs| subs.push(Rc::new(handler)));
    }

    /// The signed-in user, reactively.
    pub fn user(&self) -> Signal<Option<User>> {
        let state = self.state;
        Signal::derive(move || match state.get() {
            AuthState::SignedIn(s) => Some(s.user),
            _ => None,
        })
    }

    /// Whether a user is signed in, reactively.
    pub fn is_signed_in(&self) -> Signal<bool> {
        let state = self.state;
        Signal::derive(move || matches!(state.get(), AuthState::SignedIn(_)))
    }

    /// The current access token, without renewing it. `None` when signed
    /// out. Prefer [`get_access_token`](Self::get_access_token) before a call.
    pub fn access_token(&self) -> Option<String> {
        self.keeper
            .with_value(|k| k.as_ref().and_then(SessionKeeper::session))
            .map(|s| s.access_token.secret().to_owned())
    }

    /// A valid access token, refreshed first when it is due or expired.
    /// Concurrent callers share one refresh.
    pub async fn get_access_token(&self) -> Result<String, AccessTokenError> {
        match self.keeper.get_value() {
            Some(keeper) => keeper.access_token().await,
            None => Err(AccessTokenError::SignedOut),
        }
    }

    /// Starts a sign-in, coming back to the current path afterwards (or to
    /// `/` when the current page is the callback).
    pub fn sign_in(&self) {
        let mut return_path = location::current_path_and_query().unwrap_or_default();
        let on_callback = self.client.with_value(|c| {
            c.as_ref().is_some_and(|c| {
                let path = return_path.split(['?', '#']).next().unwrap_or("");
                path == c.config().redirect_uri.path()
            })
        });
        if on_callback {
            return_path = "/".into();
        }
        self.sign_in_with(SignInOptions {
            return_path: ReturnPath::sanitize(&return_path),
            ..SignInOptions::default()
        });
    }

    /// Starts a sign-in with per-call options (return path, `prompt`,
    /// `login_hint`, `identity_provider`, ...).
    pub fn sign_in_with(&self, options: SignInOptions) {
        let Some(client) = self.client.get_value() else {
            return;
        };
        let this = *self;
        this.state.set(AuthState::Loading);
        spawn_local(async move {
            if let Err(e) = client.sign_in(options).await {
                this.fail(&e);
            }
        });
    }

    /// Signs out everywhere: revokes the refresh token at the provider
    /// (RFC 7009), deletes every key this crate wrote, tells the other tabs,
    /// then ends the provider's session (RP-initiated logout) when the
    /// provider supports it. A failed revocation never blocks the sign-out.
    pub fn sign_out(&self) {
        let Some(keeper) = self.keeper.get_value() else {
            self.sign_out_local();
            return;
        };
        spawn_local(async move {
            if let Some(url) = keeper.sign_out().await {
                let _ = location::navigate(&url);
            }
        });
    }

    /// Signs out of this browser only: every key this crate wrote is deleted
    /// and the other tabs follow; the provider's session stays.
    pub fn sign_out_local(&self) {
        match self.keeper.get_value() {
            Some(keeper) => keeper.sign_out_local(),
            None => {
                if let Some(client) = self.client.get_value() {
                    client.sign_out_local();
                }
                self.state.set(AuthState::SignedOut);
            }
        }
    }

    /// The browser client, for components that call the provider's API
    /// themselves (the Cognito [`Authenticator`](super::Authenticator)).
    pub(crate) fn browser_client(&self) -> Option<BrowserClient> {
        self.client.get_value()
    }

    /// A session established outside the redirect flow (Cognito's API): kept
    /// alive and shared with the other tabs like any other.
    pub(crate) fn session_established(&self, session: Session) {
        match self.keeper.get_value() {
            Some(keeper) => keeper.signed_in(session),
            None => UiListener(*self).session_changed(Some(&session)),
        }
    }

    fn fail(&self, e: &ClientError) {
        self.state.set(AuthState::Error(AuthFailure::from(e)));
    }

    /// Restores the stored session, or handles the callback (sign-in or
    /// logout) when the page was loaded on one, then keeps the session alive.
    fn start(&self) {
        let Some(client) = self.client.get_value() else {
            return;
        };
        let this = *self;
        let keeper = SessionKeeper::new(client.clone(), None, UiListener(this));
        self.keeper.set_value(Some(keeper.clone()));
        let url = location::current_url().unwrap_or_default();
        if client.is_callback(&url) {
            keeper.start();
            spawn_local(async move {
                match client.handle_callback(&url).await {
                    Ok(done) => keeper.signed_in(done.session),
                    Err(e) => this.fail(&e),
                }
            });
            return;
        }
        if client.is_logout_callback(&url) {
            if let Err(e) = client.handle_logout_callback(&url) {
                this.last_event.set(Some(AuthEvent::Error(e.to_string())));
            }
        }
        match client.restore() {
            Some(session) => {
                let restored = SessionKeeper::new(client, Some(session.clone()), UiListener(this));
                this.keeper.set_value(Some(restored.clone()));
                UiListener(this).session_changed(Some(&session));
                restored.start();
            }
            None => {
                this.state.set(AuthState::SignedOut);
                keeper.start();
            }
        }
    }
}

/// The [`Auth`] handle of the nearest [`AuthProvider`]. Outside a provider it
/// returns a handle in the error state (and never panics).
pub fn use_auth() -> Auth {
    use_context::<Auth>().unwrap_or_else(|| {
        Auth::new(
            None,
            AuthState::Error(AuthFailure {
                code: "no_auth_provider".into(),
                message: "use_auth() was called outside an <AuthProvider>.".into(),
                provider_error: None,
            }),
        )
    })
}

/// Runs the sign-in protocol for its children: restores the stored session,
/// handles the callback when the page is loaded on the redirect URI, keeps
/// the session alive (refresh ahead of expiry, across tabs), and provides the
/// [`Auth`] handle ([`use_auth`]).
#[component]
pub fn AuthProvider(
    /// The provider, client and storage configuration.
    config: AuthConfig,
    /// The app.
    children: Children,
) -> impl IntoView {
    let auth = match BrowserClient::new(config) {
        Ok(client) => Auth::new(Some(client), AuthState::Loading),
        Err(e) => Auth::new(None, AuthState::Error(AuthFailure::from(&e))),
    };
    provide_context(auth);
    auth.start();
    on_cleanup(move || auth.keeper.set_value(None));
    children()
}
