//! The sign-in screen: username (or e-mail) and password, and the federated
//! sign-in buttons.

use leptos::prelude::*;

use crate::browser::split::split_point;

use super::flow::{expect_flow, link, text, Route};
use super::form::{username_spec, FieldSpec, Screen};
use crate::core::{AuthorizationParams, Password, ReturnPath, SignInOptions};
use crate::ui::auth::use_auth;
use crate::ui::theme_provider::use_texts;

/// Sign in with username (or e-mail) and password; federated buttons.
#[component]
pub fn SignInScreen() -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let username = username_spec("sign_in", 1);
    let password = FieldSpec::new(
        "sign_in",
        "password",
        texts.password,
        "password",
        "current-password",
        2,
    );
    let (u, p) = (username.value, password.value);
    let options = flow.options.get_value();
    let federated = (!options.federated.is_empty()).then(|| {
        let auth = use_auth();
        view! {
            <div class="lha-auth__federated" role="group" aria-label=texts.federated_group.clone()>
                {options.federated.into_iter().map(|p| {
                    let idp = p.identity_provider.clone();
                    view! {
                        <button
                            type="button"
                            class="lha-button lha-button--secondary lha-auth__federated-button"
                            data-lha-identity-provider=p.identity_provider.clone()
                            on:click=move |_| auth.sign_in_with(SignInOptions {
                                return_path: ReturnPath::root(),
                                params: AuthorizationParams {
                                    identity_provider: Some(idp.clone()),
                                    ..AuthorizationParams::default()
                                },
                            })
                        >
                            {format!("{} {}", texts.sign_in_with, p.label)}
                        </button>
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    });
    let hide_sign_up = options.hide_sign_up;
    let after = view! {
        <div class="lha-auth__links">
            {link(text(|t| t.forgot_password.clone()), "forgot-password", move || flow.go(Route::ForgotPassword))}
            {(!hide_sign_up).then(|| link(text(|t| t.create_account.clone()), "sign-up", move || flow.go(Route::SignUp)))}
        </div>
    }
    .into_any();
    let on_submit = move || {
        let (name, pw) = (
            u.get_untracked().trim().to_owned(),
            Password::new(p.get_untracked()),
        );
        flow.run(move |api| async move {
            match api.sign_in(&name, &pw).await {
                Ok(step) => {
                    flow.sign_in_step(step);
                    Ok(())
                }
                Err(e) if e.code() == "user_not_confirmed" => {
                    flow.go(Route::ConfirmSignUp { username: name });
                    Err(e)
                }
                Err(e) => Err(e),
            }
        });
    };
    view! {
        <Screen
            heading=text(|t| t.sign_in_heading.clone())
            submit=text(|t| t.sign_in.clone())
            fields=vec![username, password]
            on_submit
            before=federated.unwrap_or_else(|| ().into_any())
            after
        />
    }
}

split_point! {
    /// The sign-in screen, as the router shows it.
    /// A split point (chunk `sign_in`).
    pub(super) fn sign_in_view() -> AnyView,
    chunk = sign_in, preload = preload_sign_in
    {
    view! { <SignInScreen/> }.into_any()
    }
}
