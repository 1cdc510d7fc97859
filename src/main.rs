//! The hosted sign-in page.
//!
//! It reads `config.json` from its own origin at run time, so one build serves
//! any provider, client and theme. Every failure, a missing or invalid config
//! included, is shown in the page in words.

use leptos::prelude::*;
use leptos::task::spawn_local;

use leptos_hosted_auth::browser::{http, location};
use leptos_hosted_auth::core::{AuthConfig, HttpMethod, HttpRequest};
use leptos_hosted_auth::theme::{Texts, Theme};
use leptos_hosted_auth::ui::{
    apply_theme, use_auth, use_texts, AuthErrorMessage, AuthProvider, AuthState, Authenticator,
    AuthenticatorOptions, SessionInfo, SignInButton, SignOutButton, SignedOutNotice, ThemeProvider,
    TotpSetup, UserSummary,
};

/// Where the page finds its configuration.
const CONFIG_PATH: &str = "/config.json";

/// The parsed `config.json`.
#[derive(Clone)]
struct HostedConfig {
    auth: AuthConfig,
    /// The Cognito screens, when the config has an `authenticator` key.
    authenticator: Option<AuthenticatorOptions>,
    theme: Theme,
    texts: Texts,
}

fn main() {
    // First: a panic anywhere below shows an error page instead of a frozen one.
    leptos_hosted_auth::ui::install_panic_page();
    leptos::mount::mount_to_body(HostedPage);
}

/// Panics inside the WebAssembly instance, from a spawned task, as a real bug
/// would. Only script already running in the page can call it
/// (`window.wasmBindings.lhaDebugPanic()`, which the start script written
/// by scripts/assemble.mjs exposes), and such script could break the page
/// anyway; the end-to-end tests use it to
/// prove that the panic page appears in the release build (`panic = "abort"`).
#[wasm_bindgen::prelude::wasm_bindgen(js_name = lhaDebugPanic)]
pub fn debug_panic() {
    spawn_local(async {
        // The point of this function: a deliberate panic. Its message carries
        // the example authorization code of RFC 6749 section 4.1.2, which the
        // panic hook must not log.
        #[allow(clippy::panic)]
        {
            panic!("deliberate test panic (lhaDebugPanic) with code=SplxlOBeZQQYbYS6WxSbIA");
        }
    });
}

async fn load_config() -> Result<HostedConfig, String> {
    let origin = location::origin().map_err(|e| e.to_string())?;
    let request = HttpRequest {
        method: HttpMethod::Get,
        url: format!("{origin}{CONFIG_PATH}"),
        headers: vec![("Accept".into(), "application/json".into())],
        body: None,
    };
    let response = http::send(&request, http::DEFAULT_TIMEOUT)
        .await
        .map_err(|e| format!("Could not load {CONFIG_PATH}: {e}."))?;
    if response.status != 200 {
        return Err(format!(
            "Could not load {CONFIG_PATH}: the server answered HTTP {}.",
            response.status
        ));
    }
    let auth = AuthConfig::from_json(&response.body, &origin).map_err(|e| e.to_string())?;
    let theme = match &auth.theme {
        Some(value) => Theme::from_json(value).map_err(|e| e.to_string())?,
        None => Theme::default(),
    };
    let texts = match &auth.texts {
        Some(value) => Texts::from_json(value)
            .map_err(|e| format!("The texts in the configuration are invalid: {e}."))?,
        None => Texts::default(),
    };
    let authenticator = match &auth.authenticator {
        Some(value) => Some(AuthenticatorOptions::from_json(value)?),
        None => None,
    };
    Ok(HostedConfig {
        auth,
        authenticator,
        theme,
        texts,
    })
}

/// Loads the configuration, then mounts the themed sign-in card.
#[component]
fn HostedPage() -> impl IntoView {
    let config = RwSignal::new(None::<Result<HostedConfig, String>>);
    spawn_local(async move {
        let loaded = load_config().await;
        let theme = loaded.as_ref().map(|c| c.theme.clone()).unwrap_or_default();
        // The page background follows the theme too, so the tokens go on <html>.
        if let Some(root) = document().document_element() {
            use wasm_bindgen::JsCast;
            if let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() {
                apply_theme(&root, &theme);
            }
        }
        config.set(Some(loaded));
    });

    move || match config.get() {
        None => view! { <main class="lha-page" data-lha-state="loading"></main> }.into_any(),
        Some(Err(message)) => view! {
            <main class="lha-page" data-lha-state="error">
                <section class="lha-card" aria-labelledby="lha-title">
                    <h1 id="lha-title" class="lha-card__title">"Configuration error"</h1>
                    <div class="lha-error" role="alert" data-lha-error-code="config_invalid">
                        <p class="lha-error__message">{message}</p>
                    </div>
                </section>
            </main>
        }
        .into_any(),
        Some(Ok(cfg)) => view! {
            <ThemeProvider theme=cfg.theme.clone() texts=cfg.texts.clone()>
                <AuthProvider config=cfg.auth.clone()>
                    <Card logo=cfg.theme.logo_url.clone() authenticator=cfg.authenticator.clone()/>
                </AuthProvider>
            </ThemeProvider>
        }
        .into_any(),
    }
}

/// The sign-in card: its content follows the [`AuthState`].
#[component]
fn Card(logo: Option<String>, authenticator: Option<AuthenticatorOptions>) -> impl IntoView {
    let auth = use_auth();
    let state = auth.state();
    let texts = use_texts();
    let heading = NodeRef::<leptos::html::H1>::new();
    // Move focus to the heading whenever the state changes, so screen reader
    // users hear where they are.
    Effect::new(move |prev: Option<&'static str>| {
        let name = state.with(|s| s.name());
        if prev.is_some() && prev != Some(name) {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        }
        name
    });

    let body = move || match state.get() {
        AuthState::Loading => view! {
            <p class="lha-status" role="status">{move || texts.get().loading}</p>
        }
        .into_any(),
        AuthState::SignedOut => match authenticator.clone() {
            Some(options) => view! {
                <SignedOutNotice/>
                <Authenticator options/>
            }
            .into_any(),
            None => view! {
                <SignedOutNotice/>
                <p class="lha-card__intro">{move || texts.get().signed_out_intro}</p>
                <SignInButton/>
            }
            .into_any(),
        },
        AuthState::SignedIn(_) => view! {
            <UserSummary/>
            <SessionInfo/>
            // `authenticator.totp_setup`: offer an authenticator app.
            {authenticator.clone().filter(|o| o.totp_setup).map(|options| view! {
                <TotpSetup options/>
            })}
            <SignOutButton/>
        }
        .into_any(),
        AuthState::Error(_) => view! {
            <AuthErrorMessage/>
            <SignInButton label=Signal::derive(move || Some(texts.get().try_again))/>
        }
        .into_any(),
    };

    view! {
        <main class="lha-page" data-lha-state=move || state.with(|s| s.name())>
            <section class="lha-card" aria-labelledby="lha-title">
                {logo.map(|src| view! { <img class="lha-card__logo" src=src alt=""/> })}
                <h1 id="lha-title" class="lha-card__title" tabindex="-1" node_ref=heading>
                    {move || texts.get().title}
                </h1>
                {body}
            </section>
        </main>
    }
}
