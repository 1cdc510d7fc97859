//! The session keeper: carries out the core's expiry decisions in a browser.
//!
//! It polls [`decide`] once a second and on every wake-up (`focus`,
//! `visibilitychange`, another tab's message), so timers survive sleep and
//! background-tab throttling. A refresh runs inside a Web Lock; after taking
//! the lock the keeper re-reads storage and adopts a session another tab has
//! already renewed. The tab that refreshed hands the new session to the other
//! tabs over a BroadcastChannel and holds the lock a little longer, because a
//! `localStorage` write reaches the other tabs asynchronously
//! (`docs/browser-facts.md`): a stale read would send a rotated refresh token
//! twice, and reuse detection would then end the session everywhere.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use futures::future::{FutureExt, LocalBoxFuture, Shared};

use crate::core::{
    decide, retry_delay_ms, RefreshFailure, Session, SessionDecision, SignOutReason, StorageKind,
    UnixTime,
};

use super::client::BrowserClient;
use super::storage::SESSION_KEY;
use super::tabs::{self, TabEvents, TabMessage};

/// How long the refreshing tab keeps the lock after storing new tokens, so
/// that the next holder reads them (20 ms sufficed in measurements; this
/// leaves a wide margin and costs nothing the user sees).
const LOCK_HOLD_AFTER_WRITE_MS: u32 = 150;
/// How often the keeper checks the session (cheap: no I/O).
const POLL_MS: i32 = 1000;

/// The live status of a signed-in session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionStatus {
    /// The access token is valid.
    Active,
    /// A refresh is under way.
    Refreshing,
    /// Refreshing failed for a passing reason (network, 5xx); retrying with
    /// backoff. The access token may still be valid.
    Reconnecting,
    /// The access token has expired; a refresh may still renew it.
    Expired,
}

impl SessionStatus {
    /// A stable name (`active`, `refreshing`, `reconnecting`, `expired`),
    /// used as `data-lha-session-status`.
    pub fn name(self) -> &'static str {
        match self {
            SessionStatus::Active => "active",
            SessionStatus::Refreshing => "refreshing",
            SessionStatus::Reconnecting => "reconnecting",
            SessionStatus::Expired => "expired",
        }
    }
}

/// Something that happened to the session, for apps to react to.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthEvent {
    /// A user signed in (here or in another tab).
    SignedIn,
    /// The tokens were renewed; the access token now expires at this time.
    Refreshed {
        /// The new expiry, if known.
        expires_at: Option<UnixTime>,
    },
    /// The access token is about to expire and a refresh is due.
    Expiring {
        /// The expiry, if known.
        expires_at: Option<UnixTime>,
    },
    /// The access token expired (a refresh may still renew the session).
    Expired,
    /// The session ended.
    SignedOut(SignOutReason),
    /// A passing failure (the session is kept), in words.
    Error(String),
}

/// Receives the keeper's news. Implemented by the UI layer.
pub trait KeeperListener {
    /// The session changed (signed in, refreshed, adopted from another tab)
    /// or ended (`None`).
    fn session_changed(&self, session: Option<&Session>);
    /// The status changed.
    fn status_changed(&self, status: SessionStatus);
    /// An event happened.
    fn event(&self, event: &AuthEvent);
}

/// Why an access token cannot be handed out.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum AccessTokenError {
    /// Nobody is signed in.
    #[error("Nobody is signed in.")]
    SignedOut,
    /// The access token expired and could not be renewed (yet).
    #[error("The session has expired and could not be renewed: {0}")]
    Expired(String),
}

type RefreshFuture = Shared<LocalBoxFuture<'static, Result<(), String>>>;

/// Keeps one session alive. Cheap to clone.
#[derive(Clone)]
pub struct SessionKeeper {
    inner: Rc<Inner>,
}

struct Inner {
    client: BrowserClient,
    listener: Box<dyn KeeperListener>,
    session: RefCell<Option<Session>>,
    status: Cell<SessionStatus>,
    /// Failed attempts since the last success.
    attempt: Cell<u32>,
    /// No new attempt before this time (ms since the epoch).
    retry_at_ms: Cell<f64>,
    /// Whether `Expiring` / `Expired` were already announced for this token.
    announced: Cell<(bool, bool)>,
    in_flight: RefCell<Option<RefreshFuture>>,
    tabs: RefCell<Option<TabEvents>>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl SessionKeeper {
    /// A keeper for `client`, starting with `session`. Call [`start`](Self::start)
    /// to begin polling and listening to other tabs.
    pub fn new(
        client: BrowserClient,
        session: Option<Session>,
        listener: impl KeeperListener + 'static,
    ) -> SessionKeeper {
        SessionKeeper {
            inner: Rc::new(Inner {
                client,
                listener: Box::new(listener),
                session: RefCell::new(session),
                status: Cell::new(SessionStatus::Active),
                attempt: Cell::new(0),
                retry_at_ms: Cell::new(0.0),
                announced: Cell::new((false, false)),
                in_flight: RefCell::new(None),
                tabs: RefCell::new(None),
            }),
        }
    }

    /// Starts the poll and the cross-tab listeners, then checks at once.
    pub fn start(&self) {
        let channel = format!("lha/v1/{}", self.inner.client.config().client_id.as_str());
        let (on_msg, on_storage, on_wake) = (
            Rc::downgrade(&self.inner),
            Rc::downgrade(&self.inner),
            Rc::downgrade(&self.inner),
        );
        let events = TabEvents::listen(
            &channel,
            POLL_MS,
            move |msg| with(&on_msg, |inner| inner.on_tab_message(msg)),
            move |key, value| with(&on_storage, |inner| inner.on_storage(&key, value)),
            move || with(&on_wake, Inner::tick),
        );
        *self.inner.tabs.borrow_mut() = Some(events);
        self.inner.tick();
    }

    /// The current session.
    pub fn session(&self) -> Option<Session> {
        self.inner.session.borrow().clone()
    }

    /// A session was established in this tab (after a callback).
    pub fn signed_in(&self, session: Session) {
        self.inner
            .broadcast(&TabMessage::Session(session.to_storage_string()));
        self.inner.adopt(session, AuthEvent::SignedIn);
    }

    /// Checks the session now (also done every second).
    pub fn check(&self) {
        self.inner.tick();
    }

    /// A valid access token: the current one, or a renewed one when it is
    /// due. Concurrent callers share one refresh.
    pub async fn access_token(&self) -> Result<String, AccessTokenError> {
        let inner = &self.inner;
        let decision = {
            let session = inner.session.borrow();
            let Some(session) = session.as_ref() else {
                return Err(AccessTokenError::SignedOut);
            };
            decide(session, &inner.client.config().refresh, super::now())
        };
        if !matches!(decision, SessionDecision::Valid { .. }) {
            let outcome = inner.refresh().await;
            let session = inner.session.borrow();
            let Some(session) = session.as_ref() else {
                return Err(AccessTokenError::SignedOut);
            };
            if let SessionDecision::Expired { .. } =
                decide(session, &inner.client.config().refresh, super::now())
            {
                return Err(AccessTokenError::Expired(
                    outcome
                        .err()
                        .unwrap_or_else(|| "the token is still expired".into()),
                ));
            }
        }
        inner
            .session
            .borrow()
            .as_ref()
            .map(|s| s.access_token.secret().to_owned())
            .ok_or(AccessTokenError::SignedOut)
    }

    /// Signs out: revokes the tokens (inside the refresh lock, so no other
    /// tab rotates them meanwhile), wipes every key this crate wrote, tells
    /// the other tabs, and returns the provider's logout URL to navigate to
    /// (`None`: the provider has none or cannot be reached; the local
    /// sign-out is complete either way). Revocation failures never block it.
    pub async fn sign_out(&self) -> Option<String> {
        let inner = self.inner.clone();
        let session = inner.session.borrow().clone();
        if let Some(session) = &session {
            let client = inner.client.clone();
            let revoke_session = session.clone();
            let problems = tabs::with_lock(&inner.lock_name(), move || async move {
                client.revoke(&revoke_session).await
            })
            .await
            .unwrap_or_default();
            for problem in problems {
                inner.listener.event(&AuthEvent::Error(format!(
                    "The provider could not revoke the session's token: {problem}"
                )));
            }
        }
        inner.end(SignOutReason::UserSignedOut, true);
        let hint = session.as_ref().and_then(|s| s.id_token.as_ref());
        inner.client.end_session_url(hint).await
    }

    /// Signs out in this browser only: wipes the keys and tells the other
    /// tabs; the provider's session and the tokens stay valid there.
    pub fn sign_out_local(&self) {
        self.inner.end(SignOutReason::UserSignedOut, true);
    }
}

fn with(weak: &Weak<Inner>, f: impl FnOnce(&Rc<Inner>)) {
    if let Some(inner) = weak.upgrade() {
        f(&inner);
    }
}

enum LockedOutcome {
    Adopted(Session),
    Refreshed(Session),
    Failed(RefreshFailure),
    NothingToDo,
}

impl Inner {
    fn lock_name(&self) -> String {
        format!("lha/v1/refresh/{}", self.client.config().client_id.as_str())
    }

    fn set_status(&self, status: SessionStatus) {
        if self.status.replace(status) != status {
            self.listener.status_changed(status);
        }
    }

    fn broadcast(&self, message: &TabMessage) {
        if let Some(tabs) = self.tabs.borrow().as_ref() {
            tabs.broadcast(message);
        }
    }

    fn adopt(&self, session: Session, event: AuthEvent) {
        *self.session.borrow_mut() = Some(session);
        self.attempt.set(0);
        self.retry_at_ms.set(0.0);
        self.announced.set((false, false));
        if let Some(s) = self.session.borrow().as_ref() {
            self.listener.session_changed(Some(s));
        }
        self.set_status(SessionStatus::Active);
        self.listener.event(&event);
    }

    /// Ends the session here: wipes storage, optionally tells the other tabs.
    fn end(&self, reason: SignOutReason, tell_others: bool) {
        self.client.sign_out_local();
        let had_session = self.session.borrow_mut().take().is_some();
        if tell_others {
            self.broadcast(&TabMessage::SignedOut);
        }
        self.set_status(SessionStatus::Active);
        if had_session || tell_others {
            self.listener.session_changed(None);
            self.listener.event(&AuthEvent::SignedOut(reason));
        }
    }

    fn tick(self: &Rc<Self>) {
        let decision = match self.session.borrow().as_ref() {
            Some(session) => decide(session, &self.client.config().refresh, super::now()),
            None => return,
        };
        match decision {
            SessionDecision::Valid { .. } => {
                if self.in_flight.borrow().is_none() {
                    self.set_status(SessionStatus::Active);
                }
            }
            SessionDecision::RefreshNow { expires_at } => {
                let (expiring, expired) = self.announced.get();
                if !expiring {
                    self.announced.set((true, expired));
                    self.listener.event(&AuthEvent::Expiring { expires_at });
                }
                self.refresh_when_due();
            }
            SessionDecision::Expired { can_refresh: true } => {
                let (expiring, expired) = self.announced.get();
                if !expired {
                    self.announced.set((expiring, true));
                    self.listener.event(&AuthEvent::Expired);
                }
                if self.in_flight.borrow().is_none() {
                    self.set_status(SessionStatus::Expired);
                }
                self.refresh_when_due();
            }
            SessionDecision::Expired { can_refresh: false } => {
                self.end(SignOutReason::Expired, false);
            }
        }
    }

    fn refresh_when_due(self: &Rc<Self>) {
        if self.in_flight.borrow().is_some() || now_ms() < self.retry_at_ms.get() {
            return;
        }
        let future = self.refresh();
        leptos::task::spawn_local(async move {
            let _ = future.await;
        });
    }

    /// The refresh in flight, or a new one. Resolves to `Err(message)` on a
    /// passing failure.
    fn refresh(self: &Rc<Self>) -> RefreshFuture {
        if let Some(f) = self.in_flight.borrow().as_ref() {
            return f.clone();
        }
        let inner = self.clone();
        let future = async move {
            let result = inner.clone().refresh_locked().await;
            *inner.in_flight.borrow_mut() = None;
            result
        }
        .boxed_local()
        .shared();
        *self.in_flight.borrow_mut() = Some(future.clone());
        future
    }

    async fn refresh_locked(self: Rc<Self>) -> Result<(), String> {
        if self.status.get() != SessionStatus::Reconnecting {
            self.set_status(SessionStatus::Refreshing);
        }
        let inner = self.clone();
        let outcome = tabs::with_lock(&self.lock_name(), move || async move {
            inner.refresh_inside_lock().await
        })
        .await
        .unwrap_or(LockedOutcome::Failed(RefreshFailure::Retry(
            "the browser's lock manager failed".into(),
        )));
        match outcome {
            LockedOutcome::Adopted(session) => {
                let expires_at = session.expires_at;
                self.adopt(session, AuthEvent::Refreshed { expires_at });
                Ok(())
            }
            LockedOutcome::Refreshed(session) => {
                let expires_at = session.expires_at;
                self.adopt(session, AuthEvent::Refreshed { expires_at });
                Ok(())
            }
            LockedOutcome::NothingToDo => {
                if self.session.borrow().is_some() {
                    self.set_status(SessionStatus::Active);
                }
                Ok(())
            }
            LockedOutcome::Failed(RefreshFailure::SignOut(reason)) => {
                let message = reason.to_string();
                self.end(reason, true);
                Err(message)
            }
            LockedOutcome::Failed(RefreshFailure::Retry(message)) => {
                let attempt = self.attempt.get();
                self.attempt.set(attempt.saturating_add(1));
                let mut jitter = [0u8; 2];
                let unit = if super::random_bytes(&mut jitter).is_ok() {
                    f64::from(u16::from_le_bytes(jitter)) / 65536.0
                } else {
                    0.5
                };
                let delay = retry_delay_ms(attempt, unit, &self.client.config().refresh);
                self.retry_at_ms.set(now_ms() + delay as f64);
                let expired = self.session.borrow().as_ref().is_some_and(|s| {
                    matches!(
                        decide(s, &self.client.config().refresh, super::now()),
                        SessionDecision::Expired { .. }
                    )
                });
                self.set_status(if expired {
                    SessionStatus::Expired
                } else {
                    SessionStatus::Reconnecting
                });
                self.listener.event(&AuthEvent::Error(message.clone()));
                Err(message)
            }
        }
    }

    /// Inside the lock: adopt what another tab stored, or refresh.
    async fn refresh_inside_lock(self: Rc<Self>) -> LockedOutcome {
        let Some(current) = self.session.borrow().clone() else {
            return LockedOutcome::NothingToDo;
        };
        if self.client.storage_kind() != StorageKind::Memory {
            match self.client.read_stored() {
                Some(stored) if stored.access_token != current.access_token => {
                    let policy = &self.client.config().refresh;
                    if matches!(
                        decide(&stored, policy, super::now()),
                        SessionDecision::Valid { .. }
                    ) {
                        return LockedOutcome::Adopted(stored);
                    }
                }
                Some(_) => {}
                // Shared storage emptied under us: another tab signed out.
                None if self.client.storage_kind() == StorageKind::Local => {
                    return LockedOutcome::Failed(RefreshFailure::SignOut(
                        SignOutReason::SignedOutInAnotherTab,
                    ));
                }
                None => {}
            }
        }
        // Another tab may have handed this one its renewed session (over the
        // BroadcastChannel) while it waited for the lock: then nothing is due
        // any more, and refreshing again would only spend a refresh token.
        // Seen in Firefox: two refreshes in one cycle before this check.
        if matches!(
            decide(&current, &self.client.config().refresh, super::now()),
            SessionDecision::Valid { .. }
        ) {
            return LockedOutcome::NothingToDo;
        }
        match self.client.refresh(&current).await {
            Ok(renewed) => {
                if let Err(e) = self.client.store_session(&renewed) {
                    self.listener.event(&AuthEvent::Error(e.to_string()));
                }
                self.broadcast(&TabMessage::Session(renewed.to_storage_string()));
                tabs::sleep(LOCK_HOLD_AFTER_WRITE_MS).await;
                LockedOutcome::Refreshed(renewed)
            }
            Err(failure) => LockedOutcome::Failed(failure),
        }
    }

    fn on_tab_message(self: &Rc<Self>, message: TabMessage) {
        match message {
            TabMessage::SignedOut => {
                if self.session.borrow().is_some() {
                    self.end(SignOutReason::SignedOutInAnotherTab, false);
                }
            }
            TabMessage::Session(stored) => self.offer(&stored),
        }
    }

    fn on_storage(self: &Rc<Self>, key: &str, value: Option<String>) {
        if key != SESSION_KEY || self.client.storage_kind() != StorageKind::Local {
            return;
        }
        match value {
            Some(stored) => self.offer(&stored),
            None => {
                if self.session.borrow().is_some() {
                    self.end(SignOutReason::SignedOutInAnotherTab, false);
                }
            }
        }
    }

    /// Another tab's session: adopt it when it is newer than ours.
    fn offer(self: &Rc<Self>, stored: &str) {
        let Some(offered) = self.client.decode_session(stored) else {
            return;
        };
        let (newer, signed_in) = match self.session.borrow().as_ref() {
            Some(current) => (
                offered.access_token != current.access_token
                    && offered.issued_at >= current.issued_at,
                false,
            ),
            None => (true, true),
        };
        if !newer {
            return;
        }
        // Per-tab storage keeps its own copy, so a reload of this tab keeps it.
        if self.client.storage_kind() == StorageKind::Session {
            let _ = self.client.store_session(&offered);
        }
        let event = if signed_in {
            AuthEvent::SignedIn
        } else {
            AuthEvent::Refreshed {
                expires_at: offered.expires_at,
            }
        };
        self.adopt(offered, event);
    }
}
