//! The flow shared by every screen: the [`Route`] it is on, its state
//! ([`Flow`]), and the small helpers the screens share (links, texts).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::options::AuthenticatorOptions;
use crate::browser::client::ClientError;
use crate::browser::cognito::{ChallengeAnswer, CognitoApi, PendingChallenge, SignInStep};
use crate::core::cognito::{Challenge, SoftwareTokenAssociation};
use crate::ui::auth::{use_auth, Auth, AuthFailure};
use crate::ui::theme_provider::use_texts;

/// The screens.
#[derive(Clone, Debug)]
pub(super) enum Route {
    SignIn,
    SignUp,
    ConfirmSignUp {
        username: String,
    },
    ForgotPassword,
    ConfirmResetPassword {
        username: String,
    },
    Challenge(PendingChallenge),
    SetupTotp(PendingChallenge, SoftwareTokenAssociation),
    /// Signed in: the offer to set up an authenticator app ([`TotpSetup`](super::TotpSetup)).
    Account,
    /// Signed in: setting up an authenticator app.
    SetupTotpSignedIn(SoftwareTokenAssociation),
}

impl Route {
    pub(super) fn name(&self) -> &'static str {
        match self {
            Route::SignIn => "sign-in",
            Route::SignUp => "sign-up",
            Route::ConfirmSignUp { .. } => "confirm-sign-up",
            Route::ForgotPassword => "forgot-password",
            Route::ConfirmResetPassword { .. } => "confirm-reset-password",
            Route::Challenge(p) => match p.challenge {
                Challenge::NewPasswordRequired { .. } => "force-new-password",
                Challenge::SelectMfaType { .. } | Challenge::MfaSetup { .. } => "select-mfa-type",
                _ => "confirm-sign-in",
            },
            Route::SetupTotp(..) | Route::SetupTotpSignedIn(..) => "setup-totp",
            Route::Account => "account",
        }
    }
}

/// The flow's state. The [`Auth`](crate::ui::Auth) handle and the texts are
/// captured when the flow is created: after an `await` there is no reactive
/// owner to look them up from.
#[derive(Clone, Copy)]
pub(super) struct Flow {
    pub(super) auth: Auth,
    pub(super) texts: Signal<crate::theme::Texts>,
    pub(super) route: RwSignal<Route, LocalStorage>,
    pub(super) error: RwSignal<Option<AuthFailure>>,
    pub(super) notice: RwSignal<Option<String>>,
    pub(super) busy: RwSignal<bool>,
    pub(super) api: StoredValue<Option<CognitoApi>, LocalStorage>,
    pub(super) options: StoredValue<AuthenticatorOptions>,
}

impl Flow {
    /// A flow starting at `route`, provided as context to the screens below.
    pub(super) fn provide(
        auth: Auth,
        api: Option<CognitoApi>,
        route: Route,
        options: AuthenticatorOptions,
    ) -> Flow {
        let flow = Flow {
            auth,
            texts: use_texts(),
            route: RwSignal::new_local(route),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            busy: RwSignal::new(false),
            api: StoredValue::new_local(api),
            options: StoredValue::new(options),
        };
        provide_context(flow);
        flow
    }

    pub(super) fn go(&self, route: Route) {
        self.error.set(None);
        self.route.set(route);
    }

    fn fail(&self, e: &ClientError) {
        self.error.set(Some(AuthFailure::from(e)));
    }

    /// Runs one API step with the busy state and error handling.
    pub(super) fn run<F, Fut>(&self, step: F)
    where
        F: FnOnce(CognitoApi) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<(), ClientError>> + 'static,
    {
        let Some(api) = self.api.get_value() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        let flow = *self;
        flow.busy.set(true);
        flow.error.set(None);
        spawn_local(async move {
            if let Err(e) = step(api).await {
                flow.fail(&e);
            }
            flow.busy.set(false);
        });
    }

    pub(super) fn sign_in_step(&self, step: SignInStep) {
        match step {
            SignInStep::SignedIn(session) => self.auth.session_established(*session),
            SignInStep::Challenge(pending) => self.go(Route::Challenge(pending)),
        }
    }

    /// Answers the sign-in challenge held in `pending`, then goes on to the
    /// next step.
    pub(super) fn answer_challenge(
        &self,
        pending: StoredValue<PendingChallenge, LocalStorage>,
        answer: ChallengeAnswer,
    ) {
        let flow = *self;
        let p = pending.get_value();
        flow.run(move |api| async move {
            let step = api.respond(&p, answer).await?;
            flow.sign_in_step(step);
            Ok(())
        });
    }
}

pub(super) fn expect_flow() -> Flow {
    // Every screen is rendered by `Authenticator`, which provides the flow
    // before rendering any of them; a screen used alone gets an inert flow.
    use_context::<Flow>().unwrap_or_else(|| Flow {
        auth: use_auth(),
        texts: use_texts(),
        route: RwSignal::new_local(Route::SignIn),
        error: RwSignal::new(None),
        notice: RwSignal::new(None),
        busy: RwSignal::new(false),
        api: StoredValue::new_local(None),
        options: StoredValue::new(AuthenticatorOptions::default()),
    })
}

/// "Back to sign in".
pub(super) fn back_link(flow: Flow) -> AnyView {
    link(text(|t| t.back_to_sign_in.clone()), "sign-in", move || {
        flow.go(Route::SignIn)
    })
}

pub(super) fn link(
    label: Signal<String>,
    action: &'static str,
    go: impl Fn() + 'static,
) -> AnyView {
    view! {
        <button type="button" class="lha-link" data-lha-action=action on:click=move |_| go()>
            {label}
        </button>
    }
    .into_any()
}

pub(super) fn text(
    f: impl Fn(&crate::theme::Texts) -> String + Send + Sync + 'static,
) -> Signal<String> {
    let texts = use_texts();
    Signal::derive(move || texts.with(&f))
}

/// "We sent a code to a***@e***." in the catalog's words.
pub(super) fn describe_delivery(
    d: &crate::core::cognito::CodeDelivery,
    t: crate::theme::Texts,
) -> String {
    match &d.destination {
        Some(dest) => format!("{} {dest}.", t.code_sent_to),
        None => t.code_resent,
    }
}
