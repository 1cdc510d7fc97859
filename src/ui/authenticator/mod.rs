//! The Cognito `Authenticator`: sign in (SRP), sign up, confirm sign-up,
//! forgot and reset password, new password required, MFA (code and factor
//! choice) and authenticator-app set-up, each screen its own component, all
//! themed through `--lha-*` tokens, with stable `lha-auth__*` classes and
//! `data-lha-*` hooks. It talks to the user pool's API directly and ends in
//! the same session the PKCE flow delivers (refresh, logout and tabs alike).
//!
//! This module is the router: [`Authenticator`] shows the screen of the
//! flow's route, and reaches each screen through one function of the screen's
//! own file (`sign_in::sign_in_view`, `sign_up::sign_up_view`, ...), so that
//! a screen's code stays out of the others' way. What the screens share sits
//! below them: the settings (`options`), the flow and its route (`flow`), the
//! form pieces (`form`).

mod confirm;
mod flow;
mod form;
mod mfa;
mod new_password;
mod options;
mod reset;
mod sign_in;
mod sign_up;
#[cfg(test)]
mod tests;
mod totp_setup;

use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::browser::split::split_point;
use crate::ui::lazy::lazy_view;

use crate::browser::cognito::{CognitoApi, PasswordAuth, PendingChallenge};
use crate::core::cognito::Challenge;
use crate::ui::auth::use_auth;
use crate::ui::theme_provider::use_texts;
use flow::{back_link, expect_flow, Flow, Route};

pub use confirm::ConfirmSignUpScreen;
pub use form::PasswordChecklist;
pub use options::{
    AuthenticatorOptions, FederatedProvider, FieldSettings, LoginMechanism, PasswordAuthSetting,
};
pub use reset::{ConfirmResetPasswordScreen, ForgotPasswordScreen};
pub use sign_in::SignInScreen;
pub use sign_up::SignUpScreen;
pub use totp_setup::{SetupTotpScreen, TotpSetup};

/// The Cognito sign-in and sign-up flow. Put it inside an
/// [`AuthProvider`](super::AuthProvider) configured with a `cognito` user
/// pool. Once signed in, it renders nothing: show your app with
/// [`Authenticated`](super::Authenticated).
#[component]
pub fn Authenticator(
    /// Screens, fields and federated buttons.
    #[prop(optional)]
    options: AuthenticatorOptions,
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let auth = use_auth();
    let api = auth.browser_client().and_then(|c| {
        let mode = match options.password_auth {
            PasswordAuthSetting::Srp => PasswordAuth::Srp,
            PasswordAuthSetting::Password => PasswordAuth::Plain,
        };
        CognitoApi::new(c, mode)
    });
    let missing_pool = api.is_none();
    let flow = Flow::provide(auth, api, Route::SignIn, options);
    let class = move || match class.get() {
        Some(c) if !c.is_empty() => format!("lha-auth {c}"),
        _ => "lha-auth".to_owned(),
    };
    // Each screen is a split point: its code is fetched when the flow first
    // goes there (browser/split.rs, ui/lazy.rs).
    let screen = move || match flow.route.get() {
        Route::SignIn => lazy_view(sign_in::sign_in_view).into_any(),
        Route::SignUp => lazy_view(sign_up::sign_up_view).into_any(),
        Route::ConfirmSignUp { username } => {
            lazy_view(move || confirm::confirm_sign_up_view(username.clone())).into_any()
        }
        Route::ForgotPassword => lazy_view(reset::forgot_password_view).into_any(),
        Route::ConfirmResetPassword { username } => {
            lazy_view(move || reset::confirm_reset_password_view(username.clone())).into_any()
        }
        Route::Challenge(pending) => {
            let pending = SendWrapper::new(pending);
            lazy_view(move || challenge_view((*pending).clone())).into_any()
        }
        Route::SetupTotp(pending, association) => {
            let args = SendWrapper::new((pending, association));
            lazy_view(move || {
                let (pending, association) = (*args).clone();
                totp_setup::setup_totp_view(pending, association)
            })
            .into_any()
        }
        // Only `TotpSetup` routes there.
        Route::Account | Route::SetupTotpSignedIn(..) => ().into_any(),
    };
    // The password sign-in (its round trips and the SRP arithmetic) are
    // chunks too: fetched when the user starts on a form, so they are there by
    // the time the password is sent.
    let sign_in_prefetched = StoredValue::new(false);
    let prefetch_sign_in = move |_| {
        if !sign_in_prefetched.get_value() {
            sign_in_prefetched.set_value(true);
            leptos::task::spawn_local(async {
                let _ = crate::browser::preload_password_sign_in().await;
                let _ = crate::browser::preload_srp().await;
            });
        }
    };
    view! {
        <div class=class data-lha-route=move || flow.route.with(Route::name) on:focusin=prefetch_sign_in>
            {missing_pool.then(|| view! {
                <div class="lha-error" role="alert" data-lha-error-code="config_invalid">
                    <p class="lha-error__message">
                        "The Authenticator needs a `cognito` user pool in the configuration."
                    </p>
                </div>
            })}
            {screen}
        </div>
    }
}

/// Every sign-in challenge: MFA code (SMS, e-mail, app), factor choice, new
/// password with required attributes, and the start of authenticator set-up.
#[component]
pub fn ChallengeScreen(pending: PendingChallenge) -> impl IntoView {
    let flow = expect_flow();
    match pending.challenge.clone() {
        Challenge::SmsMfa { .. } | Challenge::EmailOtp { .. } | Challenge::SoftwareTokenMfa => {
            mfa::mfa_code_view(flow, pending)
        }
        Challenge::SelectMfaType { options } | Challenge::MfaSetup { options } => {
            mfa::choose_mfa_view(flow, pending, options)
        }
        Challenge::NewPasswordRequired {
            required_attributes,
            ..
        } => new_password::new_password_view(flow, pending, required_attributes),
        other => {
            let texts = use_texts().get_untracked();
            let back = back_link(flow);
            view! {
                <div class="lha-error" role="alert" data-lha-error-code="unsupported_challenge">
                    <p class="lha-error__message">
                        {format!("{} ({})", texts.unsupported_challenge, other.name())}
                    </p>
                </div>
                {back}
            }
            .into_any()
        }
    }
}

split_point! {
    /// The challenge screen, as the router shows it.
    /// A split point (chunk `challenge`).
    fn challenge_view(pending: PendingChallenge) -> AnyView,
    chunk = challenge, preload = preload_challenge
    { view! { <ChallengeScreen pending/> }.into_any() }
}
