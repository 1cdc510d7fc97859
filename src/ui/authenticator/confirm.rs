//! Confirming a sign-up with the code the pool sent.

use leptos::prelude::*;

use crate::browser::split::split_point;

use super::flow::{back_link, describe_delivery, expect_flow, link, text, Route};
use super::form::{code_spec, Screen};
use crate::ui::theme_provider::use_texts;

/// Enter the code sent at sign-up; resend it.
#[component]
pub fn ConfirmSignUpScreen(username: String) -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let code = code_spec("confirm_sign_up", texts.confirmation_code.clone());
    let c = code.value;
    let name = StoredValue::new(username);
    let resend = move || {
        let n = name.get_value();
        flow.run(move |api| async move {
            let delivery = api.resend_code(&n).await?;
            flow.notice.set(Some(
                delivery
                    .map(|d| describe_delivery(&d, flow.texts.get_untracked()))
                    .unwrap_or_else(|| flow.texts.get_untracked().code_resent),
            ));
            Ok(())
        });
    };
    let after = view! {
        <div class="lha-auth__links">
            {link(text(|t| t.resend_code.clone()), "resend-code", resend)}
            {back_link(flow)}
        </div>
    }
    .into_any();
    let on_submit = move || {
        let (n, code) = (name.get_value(), c.get_untracked());
        flow.run(move |api| async move {
            api.confirm_sign_up(&n, &code).await?;
            flow.notice
                .set(Some(flow.texts.get_untracked().account_confirmed));
            flow.go(Route::SignIn);
            Ok(())
        });
    };
    view! {
        <Screen
            heading=text(|t| t.confirm_sign_up_heading.clone())
            submit=text(|t| t.confirm.clone())
            fields=vec![code]
            on_submit
            after
        />
    }
}

split_point! {
    /// The confirm-sign-up screen for `username`, as the router shows it.
    /// A split point (chunk `confirm_sign_up`).
    pub(super) fn confirm_sign_up_view(username: String) -> AnyView,
    chunk = confirm_sign_up, preload = preload_confirm_sign_up
    {
    view! { <ConfirmSignUpScreen username/> }.into_any()
    }
}
