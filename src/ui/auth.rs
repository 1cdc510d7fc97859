//! `AuthProvider`, the `Auth` handle and `use_auth()`.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser::client::{BrowserClient, ClientError};
use crate::browser::location;
use crate::core::{AuthConfig, ReturnPath, Session, SignInOptions, UnixTime, User};

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

/// The signed-in user as the UI sees it: claims, no tokens.
#[derive(Clone, Debug, PartialEq)]
pub struct SignedInUser {
    /// The user's claims from the ID token.
    pub user: User,
    /// When the access token expires, if the provider said.
    pub expires_at: Option<UnixTime>,
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

/// The handle [`use_auth`] returns. `Copy`, so closures can capture it freely.
#[derive(Clone, Copy)]
pub struct Auth {
    state: RwSignal<AuthState>,
    client: StoredValue<Option<BrowserClient>, LocalStorage>,
    session: StoredValue<Option<Session>, LocalStorage>,
}

impl Auth {
    fn new(client: Option<BrowserClient>, initial: AuthState) -> Auth {
        Auth {
            state: RwSignal::new(initial),
            client: StoredValue::new_local(client),
            session: StoredValue::new_local(None),
        }
    }

    /// The current state, reactively.
    pub fn state(&self) -> Signal<AuthState> {
        self.state.into()
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

    /// The current access token, to call an API with. `None` when signed out.
    pub fn access_token(&self) -> Option<String> {
        self.session
            .with_value(|s| s.as_ref().map(|s| s.access_token.secret().to_owned()))
    }

    /// Starts a sign-in, coming back to the current path afterwards.
    pub fn sign_in(&self) {
        let return_path = location::current_path_and_query().unwrap_or_default();
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

    /// Signs out locally: every key this crate wrote is deleted. (Token
    /// revocation and the provider's logout come with the session issue.)
    pub fn sign_out(&self) {
        if let Some(client) = self.client.get_value() {
            client.sign_out_local();
        }
        self.session.set_value(None);
        self.state.set(AuthState::SignedOut);
    }

    fn fail(&self, e: &ClientError) {
        self.session.set_value(None);
        self.state.set(AuthState::Error(AuthFailure::from(e)));
    }

    fn signed_in(&self, session: Session) {
        let view = SignedInUser {
            user: session.user.clone(),
            expires_at: session.expires_at,
        };
        self.session.set_value(Some(session));
        self.state.set(AuthState::SignedIn(view));
    }

    /// Restores the stored session, or handles the callback when the page was
    /// loaded on the redirect URI.
    fn start(&self) {
        let Some(client) = self.client.get_value() else {
            return;
        };
        let this = *self;
        let url = location::current_url().unwrap_or_default();
        if client.is_callback(&url) {
            spawn_local(async move {
                match client.handle_callback(&url).await {
                    Ok(done) => this.signed_in(done.session),
                    Err(e) => this.fail(&e),
                }
            });
        } else {
            match client.restore() {
                Some(session) => this.signed_in(session),
                None => this.state.set(AuthState::SignedOut),
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
/// handles the callback when the page is loaded on the redirect URI, and
/// provides the [`Auth`] handle ([`use_auth`]).
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
    children()
}
