//! Setting up an authenticator app: during sign-in, when the pool requires a
//! second factor ([`SetupTotpScreen`]), and for a signed-in user
//! ([`TotpSetup`]).

use leptos::prelude::*;

use crate::browser::split::split_point;
use crate::ui::lazy::lazy_view;

use super::flow::{back_link, expect_flow, link, text, Flow, Route};
use super::form::{code_spec, Screen};
use super::options::AuthenticatorOptions;
use crate::browser::cognito::{ChallengeAnswer, CognitoApi, PasswordAuth, PendingChallenge};
use crate::core::cognito::SoftwareTokenAssociation;
use crate::core::AccessToken;
use crate::ui::auth::{use_auth, AuthFailure};
use crate::ui::theme_provider::use_texts;

/// Set up an authenticator app during sign-in: the secret as a QR code and
/// as text, then the first code.
#[component]
pub fn SetupTotpScreen(
    pending: PendingChallenge,
    association: SoftwareTokenAssociation,
) -> impl IntoView {
    let flow = expect_flow();
    let account = pending.username.clone();
    let stored = StoredValue::new_local((pending, association.clone()));
    let back = back_link(flow);
    let on_code = move |code: String| {
        let (p, a) = stored.get_value();
        flow.run(move |api| async move {
            let verified = api.verify_totp(&a, &code).await?;
            let step = api
                .respond(&p, ChallengeAnswer::MfaSetupDone(verified))
                .await?;
            flow.sign_in_step(step);
            Ok(())
        });
    };
    totp_form(&association, &account, on_code, back)
}

/// The authenticator set-up form: the secret as a QR code (rendered here, as
/// SVG) and as text, then the first code, handed to `on_code`.
fn totp_form(
    association: &SoftwareTokenAssociation,
    account: &str,
    on_code: impl Fn(String) + 'static,
    after: AnyView,
) -> AnyView {
    let texts = use_texts().get_untracked();
    let uri = association.secret.otpauth_uri(&texts.title, account);
    let qr = crate::ui::qr::QrSvg {
        text: uri,
        label: texts.qr_code_label.clone(),
    };
    let secret_text = association.secret.secret().to_owned();
    let code = code_spec("setup_totp", texts.authenticator_code.clone());
    let c = code.value;
    let before = view! {
        <div class="lha-totp">
            <p class="lha-auth__hint">{texts.scan_qr}</p>
            {qr.view()}
            <p class="lha-auth__hint">{texts.or_enter_key}</p>
            <code class="lha-totp__secret" data-lha-totp-secret="">{secret_text}</code>
        </div>
    }
    .into_any();
    view! {
        <Screen
            heading=text(|t| t.setup_totp_heading.clone())
            submit=text(|t| t.confirm.clone())
            fields=vec![code]
            on_submit=move || on_code(c.get_untracked().trim().to_owned())
            before
            after
        />
    }
    .into_any()
}

/// For a signed-in user of a Cognito user pool: a "Set up authenticator app"
/// button that leads to the QR code and the first code
/// (`AssociateSoftwareToken`, `VerifySoftwareToken`, then
/// `SetUserMFAPreference` to make the app the preferred second factor).
/// Afterwards the pool asks for a code at every sign-in (with MFA
/// `OPTIONAL` or `ON`). Put it inside [`Authenticated`](crate::ui::Authenticated);
/// the hosted page shows it when `authenticator.totp_setup` is `true`.
///
/// Its code (the QR encoder included) is a chunk of its own, fetched when it
/// is first shown.
#[component]
pub fn TotpSetup(
    /// The same options as the [`Authenticator`](super::Authenticator)'s (`password_auth` and the
    /// `setup_totp` field settings are used).
    #[prop(optional)]
    options: AuthenticatorOptions,
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    lazy_view(move || account_view(options.clone(), class))
}

split_point! {
    /// [`TotpSetup`]'s content. A split point (chunk `totp`).
    fn account_view(options: AuthenticatorOptions, class: MaybeProp<String>) -> AnyView,
    chunk = totp, preload = preload_account
    { account(options, class) }
}

fn account(options: AuthenticatorOptions, class: MaybeProp<String>) -> AnyView {
    let auth = use_auth();
    let api = auth
        .browser_client()
        .and_then(|c| CognitoApi::new(c, PasswordAuth::Srp));
    // Without a `cognito` user pool there is nothing to offer.
    let available = api.is_some();
    let flow = Flow::provide(auth, api, Route::Account, options);
    let done = RwSignal::new(false);
    let class = move || match class.get() {
        Some(c) if !c.is_empty() => format!("lha-auth lha-auth--account {c}"),
        _ => "lha-auth lha-auth--account".to_owned(),
    };
    // The session's access token, renewed first when due; a sign-out
    // meanwhile is reported like any other failure.
    let access_token = move || async move {
        flow.auth
            .get_access_token()
            .await
            .map(AccessToken::new)
            .map_err(|e| AuthFailure {
                code: "signed_out".into(),
                message: e.to_string(),
                provider_error: None,
            })
    };
    let start = move || {
        flow.run(move |api| async move {
            match access_token().await {
                Ok(token) => {
                    let association = api.associate_totp_signed_in(&token).await?;
                    flow.go(Route::SetupTotpSignedIn(association));
                }
                Err(failure) => flow.error.set(Some(failure)),
            }
            Ok(())
        });
    };
    let screen = move || match flow.route.get() {
        Route::SetupTotpSignedIn(association) => {
            let account = flow
                .auth
                .user()
                .get_untracked()
                .map(|u| u.display_name().to_owned())
                .unwrap_or_default();
            let cancel = link(text(|t| t.cancel.clone()), "cancel", move || {
                flow.go(Route::Account)
            });
            let on_code = move |code: String| {
                flow.run(move |api| async move {
                    match access_token().await {
                        Ok(token) => {
                            api.enable_totp(&token, &code).await?;
                            done.set(true);
                            flow.notice
                                .set(Some(flow.texts.get_untracked().totp_enabled));
                            flow.go(Route::Account);
                        }
                        Err(failure) => flow.error.set(Some(failure)),
                    }
                    Ok(())
                });
            };
            totp_form(&association, &account, on_code, cancel)
        }
        _ => view! {
            {move || flow.notice.get().map(|n| view! {
                <p class="lha-notice" role="status" data-lha-notice="">{n}</p>
            })}
            {move || flow.error.get().map(|e| view! {
                <div class="lha-error" role="alert" data-lha-error-code=e.code.clone()>
                    <p class="lha-error__message">{e.message.clone()}</p>
                </div>
            })}
            {move || (available && !done.get()).then(|| view! {
                <button
                    type="button"
                    class="lha-button lha-button--secondary lha-auth__setup-totp"
                    data-lha-action="setup-totp"
                    aria-busy=move || flow.busy.get().to_string()
                    disabled=move || flow.busy.get()
                    on:click=move |_| start()
                >
                    {move || flow.texts.get().setup_totp_action}
                </button>
            })}
        }
        .into_any(),
    };
    view! {
        <div class=class data-lha-route=move || flow.route.with(Route::name)>
            {screen}
        </div>
    }
    .into_any()
}

split_point! {
    /// The set-up screen during sign-in, as the router shows it.
    /// A split point (chunk `totp`).
    pub(super) fn setup_totp_view(pending: PendingChallenge, association: SoftwareTokenAssociation) -> AnyView,
    chunk = totp, preload = preload_setup_totp
    {
    view! { <SetupTotpScreen pending association/> }.into_any()
    }
}
