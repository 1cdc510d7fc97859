//! Themed building blocks. Class names (`lha-*`) and `data-lha-*` attributes
//! are stable hooks for styling and tests.

use leptos::prelude::*;

use super::auth::{use_auth, AuthState};
use super::theme_provider::use_texts;

fn classes(base: &'static str, extra: &MaybeProp<String>) -> impl Fn() -> String + Send + Sync {
    let extra = *extra;
    move || match extra.get() {
        Some(c) if !c.is_empty() => format!("{base} {c}"),
        _ => base.to_owned(),
    }
}

/// Shows `children` to a signed-in user and `fallback` to everyone else
/// (while loading, signed out, or after an error).
#[component]
pub fn Authenticated(
    /// What a signed-in user sees.
    children: ChildrenFn,
    /// What everyone else sees. Defaults to nothing.
    #[prop(optional, into)]
    fallback: ViewFn,
) -> impl IntoView {
    let signed_in = use_auth().is_signed_in();
    view! { <Show when=move || signed_in.get() fallback=fallback>{children()}</Show> }
}

/// A button that starts the sign-in and comes back to the current page.
/// Its accessible name is the `sign_in` text ("Sign in").
#[component]
pub fn SignInButton(
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Overrides the label.
    #[prop(optional, into)]
    label: MaybeProp<String>,
) -> impl IntoView {
    let auth = use_auth();
    let texts = use_texts();
    let state = auth.state();
    let busy = move || matches!(state.get(), AuthState::Loading);
    view! {
        <button
            type="button"
            class=classes("lha-button lha-button--primary lha-sign-in-button", &class)
            data-lha-action="sign-in"
            aria-busy=move || busy().to_string()
            disabled=busy
            on:click=move |_| auth.sign_in()
        >
            {move || label.get().unwrap_or_else(|| texts.get().sign_in)}
        </button>
    }
}

/// A button that signs out. Its accessible name is the `sign_out` text
/// ("Sign out").
#[component]
pub fn SignOutButton(
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// Overrides the label.
    #[prop(optional, into)]
    label: MaybeProp<String>,
) -> impl IntoView {
    let auth = use_auth();
    let texts = use_texts();
    view! {
        <button
            type="button"
            class=classes("lha-button lha-button--secondary lha-sign-out-button", &class)
            data-lha-action="sign-out"
            on:click=move |_| auth.sign_out()
        >
            {move || label.get().unwrap_or_else(|| texts.get().sign_out)}
        </button>
    }
}

/// The last failure, in words, in a live region (`role="alert"`), with the
/// provider's own error code when it gave one. Renders nothing otherwise.
#[component]
pub fn AuthErrorMessage(
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let state = use_auth().state();
    let texts = use_texts();
    let class = classes("lha-error", &class);
    move || match state.get() {
        AuthState::Error(failure) => {
            let provider = failure.provider_error.clone().map(|code| {
                view! {
                    <p class="lha-error__provider">
                        {move || texts.get().provider_said} " " <code>{code}</code>
                    </p>
                }
            });
            Some(view! {
                <div class=class() role="alert" data-lha-error-code=failure.code.clone()>
                    <p class="lha-error__title">{move || texts.get().error_title}</p>
                    <p class="lha-error__message">{failure.message.clone()}</p>
                    {provider}
                </div>
            })
        }
        _ => None,
    }
}

/// The signed-in user's name (or e-mail) and subject identifier.
#[component]
pub fn UserSummary(
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let user = use_auth().user();
    let texts = use_texts();
    let class = classes("lha-user", &class);
    move || {
        user.get().map(|u| {
            let name = u.display_name().to_owned();
            let email = u.email.clone().filter(|e| *e != name);
            view! {
                <div class=class()>
                    <p class="lha-user__greeting">
                        {move || texts.get().signed_in_as} " "
                        <strong class="lha-user__name" data-lha-user-name="">{name}</strong>
                    </p>
                    <dl class="lha-user__details">
                        {email.map(|email| view! {
                            <dt>{move || texts.get().email}</dt>
                            <dd data-lha-user-email="">{email}</dd>
                        })}
                        <dt>{move || texts.get().subject}</dt>
                        <dd><code data-lha-user-sub="">{u.sub.clone()}</code></dd>
                    </dl>
                </div>
            }
        })
    }
}
