//! A forgotten password: asking for a reset code, then setting a new
//! password with it.

use leptos::prelude::*;

use crate::browser::split::split_point;

use super::flow::{back_link, describe_delivery, expect_flow, text, Route};
use super::form::{checklist_for, code_spec, username_spec, FieldSpec, Screen};
use crate::core::Password;
use crate::ui::theme_provider::use_texts;

/// Ask for a reset code.
#[component]
pub fn ForgotPasswordScreen() -> impl IntoView {
    let flow = expect_flow();
    let username = username_spec("forgot_password", 1);
    let u = username.value;
    let after = back_link(flow);
    let on_submit = move || {
        let name = u.get_untracked().trim().to_owned();
        flow.run(move |api| async move {
            let delivery = api.forgot_password(&name).await?;
            flow.notice
                .set(delivery.map(|d| describe_delivery(&d, flow.texts.get_untracked())));
            flow.go(Route::ConfirmResetPassword { username: name });
            Ok(())
        });
    };
    view! {
        <Screen
            heading=text(|t| t.forgot_password_heading.clone())
            submit=text(|t| t.send_code.clone())
            fields=vec![username]
            on_submit
            after
        />
    }
}

/// Enter the reset code and a new password.
#[component]
pub fn ConfirmResetPasswordScreen(username: String) -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let code = code_spec("confirm_reset_password", texts.confirmation_code.clone());
    let password = FieldSpec::new(
        "confirm_reset_password",
        "password",
        texts.new_password,
        "password",
        "new-password",
        2,
    );
    let (c, pw) = (code.value, password.value);
    let checklist = checklist_for(flow, pw);
    let name = StoredValue::new(username);
    let after = back_link(flow);
    let on_submit = move || {
        let (n, code, password) = (
            name.get_value(),
            c.get_untracked(),
            Password::new(pw.get_untracked()),
        );
        flow.run(move |api| async move {
            api.confirm_forgot_password(&n, &code, &password).await?;
            flow.notice
                .set(Some(flow.texts.get_untracked().password_changed));
            flow.go(Route::SignIn);
            Ok(())
        });
    };
    view! {
        <Screen
            heading=text(|t| t.reset_password_heading.clone())
            submit=text(|t| t.change_password.clone())
            fields=vec![code, password]
            on_submit
            after_fields=checklist
            after
        />
    }
}

split_point! {
    /// The forgot-password screen, as the router shows it.
    /// A split point (chunk `reset_password`).
    pub(super) fn forgot_password_view() -> AnyView,
    chunk = reset_password, preload = preload_forgot_password
    {
    view! { <ForgotPasswordScreen/> }.into_any()
    }
}

split_point! {
    /// The confirm-reset-password screen for `username`, as the router shows it.
    /// A split point (chunk `reset_password`).
    pub(super) fn confirm_reset_password_view(username: String) -> AnyView,
    chunk = reset_password, preload = preload_confirm_reset_password
    {
    view! { <ConfirmResetPasswordScreen username/> }.into_any()
    }
}
