//! Leptos components and hooks.
//!
//! - [`AuthProvider`] runs the sign-in protocol (through the
//!   [`BrowserClient`](crate::browser::client::BrowserClient)) and puts an
//!   [`Auth`] handle in context; [`use_auth`] reads it.
//! - [`Authenticated`] shows its children only to a signed-in user.
//! - [`SignInButton`], [`SignOutButton`], [`AuthErrorMessage`] and
//!   [`UserSummary`] are themed building blocks; [`ThemeProvider`] writes a
//!   [`Theme`](crate::theme::Theme) out as `--lha-*` custom properties.
//!
//! Components only read an [`AuthState`] and dispatch intents.

mod auth;
mod authenticator;
mod components;
pub(crate) mod lazy;
mod panic_page;
mod qr;
mod theme_provider;

pub use crate::browser::keeper::{AccessTokenError, AuthEvent, SessionStatus};
pub use auth::{use_auth, Auth, AuthFailure, AuthProvider, AuthState, SignedInUser};
pub use authenticator::{
    Authenticator, AuthenticatorOptions, ChallengeScreen, ConfirmResetPasswordScreen,
    ConfirmSignUpScreen, FederatedProvider, FieldSettings, ForgotPasswordScreen, LoginMechanism,
    PasswordAuthSetting, PasswordChecklist, SetupTotpScreen, SignInScreen, SignUpScreen, TotpSetup,
};
pub use components::{
    format_duration, AuthErrorMessage, Authenticated, SessionInfo, SignInButton, SignOutButton,
    SignedOutNotice, UserSummary,
};
pub use panic_page::{install_panic_page, redact_panic_message};
pub use theme_provider::{apply_theme, use_texts, ThemeProvider};
