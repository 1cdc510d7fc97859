//! The sign-up screen: the account's username, password and attributes.

use leptos::prelude::*;

use crate::browser::split::split_point;

use super::flow::{back_link, describe_delivery, expect_flow, text, Route};
use super::form::{attribute_defaults, username_spec, FieldSpec, PasswordChecklist, Screen};
use super::options::LoginMechanism;
use crate::core::cognito::UserAttribute;
use crate::core::Password;
use crate::ui::auth::AuthFailure;
use crate::ui::theme_provider::use_texts;

/// Create an account; the password policy is shown as a live checklist.
#[component]
pub fn SignUpScreen() -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let options = flow.options.get_value();
    let mechanism = options.login_mechanism;
    let mut fields = vec![username_spec("sign_up", 1)];
    let password = FieldSpec::new(
        "sign_up",
        "password",
        texts.password.clone(),
        "password",
        "new-password",
        50,
    );
    let pw = password.value;
    fields.push(password);
    let mut attributes = Vec::new();
    for (i, name) in options.sign_up_attributes.iter().enumerate() {
        // With e-mail sign-in, the username field is the e-mail already.
        if mechanism == LoginMechanism::Email && name == "email" {
            continue;
        }
        let (label, kind, autocomplete) = attribute_defaults(name, &texts);
        let order = 2 + i32::try_from(i).unwrap_or(0);
        let spec = FieldSpec::new("sign_up", name, label, kind, autocomplete, order);
        attributes.push((name.clone(), spec.value, spec.required));
        fields.push(spec);
    }
    let username = fields
        .first()
        .map(|f| f.value)
        .unwrap_or_else(|| RwSignal::new(String::new()));
    let policy = options.password_policy;
    let checklist = view! { <PasswordChecklist policy password=pw/> }.into_any();
    let after = back_link(flow);
    let on_submit = move || {
        let name = username.get_untracked().trim().to_owned();
        let password = Password::new(pw.get_untracked());
        if !policy.accepts(password.secret()) {
            flow.error.set(Some(AuthFailure {
                code: "invalid_password".into(),
                message: flow.texts.get_untracked().password_policy_unmet,
                provider_error: None,
            }));
            return;
        }
        let mut attrs: Vec<UserAttribute> = attributes
            .iter()
            .filter_map(|(n, v, _)| {
                let v = v.get_untracked().trim().to_owned();
                (!v.is_empty()).then(|| UserAttribute::new(n.clone(), v))
            })
            .collect();
        if mechanism == LoginMechanism::Email {
            attrs.push(UserAttribute::new("email", name.clone()));
        }
        flow.run(move |api| async move {
            let outcome = api.sign_up(&name, &password, &attrs).await?;
            if outcome.user_confirmed {
                flow.notice
                    .set(Some(flow.texts.get_untracked().account_ready));
                flow.go(Route::SignIn);
            } else {
                flow.notice.set(
                    outcome
                        .code_delivery
                        .map(|d| describe_delivery(&d, flow.texts.get_untracked())),
                );
                flow.go(Route::ConfirmSignUp { username: name });
            }
            Ok(())
        });
    };
    view! {
        <Screen
            heading=text(|t| t.sign_up_heading.clone())
            submit=text(|t| t.create_account.clone())
            fields
            on_submit
            after_fields=checklist
            after
        />
    }
}

split_point! {
    /// The sign-up screen, as the router shows it.
    /// A split point (chunk `sign_up`).
    pub(super) fn sign_up_view() -> AnyView,
    chunk = sign_up, preload = preload_sign_up
    {
    view! { <SignUpScreen/> }.into_any()
    }
}
