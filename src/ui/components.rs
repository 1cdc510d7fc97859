//! Themed building blocks. Class names (`lha-*`) and `data-lha-*` attributes
//! are stable hooks for styling and tests.

use leptos::prelude::*;

use super::auth::{use_auth, AuthState};
use super::theme_provider::use_texts;
use crate::browser::keeper::SessionStatus;
use crate::core::SignOutReason;

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

/// Formats a number of seconds for people: `42 s`, `3 min 5 s`, `2 h 4 min`.
pub fn format_duration(secs: u64) -> String {
    match secs {
        0..=59 => format!("{secs} s"),
        60..=3599 => match secs % 60 {
            0 => format!("{} min", secs / 60),
            s => format!("{} min {s} s", secs / 60),
        },
        _ => format!("{} h {} min", secs / 3600, (secs % 3600) / 60),
    }
}

/// The live session status and the access token's remaining lifetime, so a
/// person can watch the session work. `data-lha-session-status` carries the
/// status name, `data-lha-expires-at` the expiry (Unix seconds, local clock).
#[component]
pub fn SessionInfo(
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let auth = use_auth();
    let texts = use_texts();
    let status = auth.status();
    let expires_at = auth.expires_at();
    let now = RwSignal::new(crate::browser::now());
    if let Ok(handle) = set_interval_with_handle(
        move || now.set(crate::browser::now()),
        std::time::Duration::from_millis(500),
    ) {
        on_cleanup(move || handle.clear());
    }
    let class = classes("lha-session", &class);
    let status_text = move || {
        let t = texts.get();
        match status.get() {
            SessionStatus::Active => t.session_active,
            SessionStatus::Refreshing => t.session_refreshing,
            SessionStatus::Reconnecting => t.session_reconnecting,
            SessionStatus::Expired => t.session_expired,
        }
    };
    let expiry_text = move || match expires_at.get() {
        Some(at) => {
            let left = at.as_secs().saturating_sub(now.get().as_secs());
            if left == 0 {
                texts.get().token_expired
            } else {
                format!("{} {}", texts.get().token_expires_in, format_duration(left))
            }
        }
        None => texts.get().token_expiry_unknown,
    };
    view! {
        <p class=class data-lha-session-status=move || status.get().name()>
            <span class="lha-session__status" role="status">{status_text}</span>
            <span
                class="lha-session__expiry"
                data-lha-expires-at=move || expires_at.get().map(|t| t.as_secs().to_string())
            >
                {expiry_text}
            </span>
        </p>
    }
}

/// Why the last session ended, when it ended by itself (expired, rejected by
/// the provider, signed out in another tab). Nothing after a deliberate
/// sign-out here. `data-lha-signout-reason` carries the reason's code.
#[component]
pub fn SignedOutNotice(
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let reason = use_auth().signed_out_reason();
    let class = classes("lha-notice", &class);
    move || {
        reason
            .get()
            .filter(|r| *r != SignOutReason::UserSignedOut)
            .map(|r| {
                view! {
                    <p class=class() role="status" data-lha-signout-reason=r.code()>
                        {r.to_string()}
                    </p>
                }
            })
    }
}
