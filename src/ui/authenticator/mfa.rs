//! The second factor at sign-in: a code (sent by SMS or e-mail, or from the
//! authenticator app), or the choice of a factor to use or to set up.

use leptos::prelude::*;

use super::flow::{back_link, text, Flow, Route};
use super::form::{code_spec, Screen};
use crate::browser::cognito::{ChallengeAnswer, PendingChallenge};
use crate::core::cognito::{Challenge, MfaType};
use crate::ui::theme_provider::use_texts;

/// A code sent by SMS or e-mail (with where it went), or one from the
/// authenticator app: `SMS_MFA`, `EMAIL_OTP`, `SOFTWARE_TOKEN_MFA`.
pub(super) fn mfa_code_view(flow: Flow, pending: PendingChallenge) -> AnyView {
    let texts = use_texts().get_untracked();
    let back = back_link(flow);
    let stored = StoredValue::new_local(pending.clone());
    let (label, destination) = match pending.challenge {
        Challenge::SmsMfa { destination } | Challenge::EmailOtp { destination } => {
            (texts.confirmation_code.clone(), destination)
        }
        _ => (texts.authenticator_code.clone(), None),
    };
    let code = code_spec("confirm_sign_in", label);
    let c = code.value;
    let before = match destination {
        Some(d) => view! {
            <p class="lha-auth__hint">{format!("{} {d}", texts.code_sent_to)}</p>
        }
        .into_any(),
        None => ().into_any(),
    };
    view! {
        <Screen
            heading=text(|t| t.confirm_sign_in_heading.clone())
            submit=text(|t| t.confirm.clone())
            fields=vec![code]
            on_submit=move || flow.answer_challenge(stored, ChallengeAnswer::Code(c.get_untracked().trim().to_owned()))
            before
            after=back
        />
    }
    .into_any()
}

/// The choice of a second factor (`SELECT_MFA_TYPE`), or of one to set up
/// (`MFA_SETUP`, which leads to the authenticator-app set-up).
pub(super) fn choose_mfa_view(
    flow: Flow,
    pending: PendingChallenge,
    options: Vec<MfaType>,
) -> AnyView {
    let texts = use_texts().get_untracked();
    let back = back_link(flow);
    let setup = matches!(pending.challenge, Challenge::MfaSetup { .. });
    let stored = StoredValue::new_local(pending);
    let choice = RwSignal::new(options.first().cloned());
    let radios = options
        .into_iter()
        .map(|o| {
            let label = mfa_label(&o, &texts);
            let value = o.as_str().to_owned();
            let o2 = o.clone();
            view! {
                <label class="lha-radio">
                    <input
                        type="radio"
                        name="mfa"
                        value=value
                        prop:checked=move || choice.get().as_ref() == Some(&o)
                        on:change=move |_| choice.set(Some(o2.clone()))
                    />
                    {label}
                </label>
            }
        })
        .collect_view();
    let group_label = if setup {
        texts.setup_mfa_heading.clone()
    } else {
        texts.select_mfa_heading.clone()
    };
    let radios = view! {
        <div class="lha-auth__choices" role="radiogroup" aria-label=group_label>
            {radios}
        </div>
    }
    .into_any();
    let on_submit = move || {
        let Some(c) = choice.get_untracked() else {
            return;
        };
        if setup {
            // Only an authenticator app can be set up from here.
            let p = stored.get_value();
            flow.run(move |api| async move {
                let association = api.associate_totp(&p).await?;
                flow.go(Route::SetupTotp(p, association));
                Ok(())
            });
            let _ = c;
        } else {
            flow.answer_challenge(stored, ChallengeAnswer::SelectMfa(c));
        }
    };
    view! {
        <Screen
            heading=text(move |t| if setup { t.setup_mfa_heading.clone() } else { t.select_mfa_heading.clone() })
            submit=text(|t| t.continue_.clone())
            fields=vec![]
            on_submit
            before=radios
            after=back
        />
    }
    .into_any()
}

fn mfa_label(mfa: &MfaType, t: &crate::theme::Texts) -> String {
    match mfa.as_str() {
        "SOFTWARE_TOKEN_MFA" => t.mfa_totp.clone(),
        "SMS_MFA" => t.mfa_sms.clone(),
        "EMAIL_OTP" => t.mfa_email.clone(),
        other => other.to_owned(),
    }
}
