//! An error page instead of a frozen one when the WebAssembly code panics.
//!
//! On `wasm32-unknown-unknown` a panic always aborts (`unreachable`): the
//! instance is dead afterwards, every Leptos handler with it, and the page
//! would stay frozen on whatever it showed. [`install_panic_page`] sets a panic
//! hook that runs *before* the abort (in release builds with `panic = "abort"`
//! too) and, with plain DOM calls only (no reactive system, no closures back
//! into Rust), replaces the page's `<body>` with an accessible error page:
//!
//! ```html
//! <main class="lha-page lha-panic" data-lha-state="panic">
//!   <section class="lha-card" role="alert" aria-labelledby="lha-panic-title">
//!     <h1 id="lha-panic-title" class="lha-card__title" tabindex="-1">Something went wrong</h1>
//!     <p class="lha-panic__message">…</p>
//!     <a class="lha-button lha-button--primary lha-panic__reload" href="/current/path">Reload</a>
//!   </section>
//! </main>
//! ```
//!
//! "Reload" is an ordinary link to the current path (query and fragment
//! dropped, so a callback's `code` and `state` are never loaded again): it
//! works without the dead wasm instance and without inline script, so it is
//! allowed by the strict Content-Security-Policy. The `--lha-*` theme
//! properties live on `<html>`, so the page keeps the configured theme.
//!
//! The console gets one line: where the panic happened and its message with
//! anything that looks like a token, code or key replaced by `[redacted]`.

use std::sync::atomic::{AtomicBool, Ordering};

use wasm_bindgen::{JsCast, JsValue};

/// Whether [`install_panic_page`] already ran (it installs the hook once).
static INSTALLED: AtomicBool = AtomicBool::new(false);

/// The fixed words of the error page.
const HEADING: &str = "Something went wrong";
const MESSAGE: &str = "This page stopped because of an internal error. Reload the page to \
                       start again.";
const RELOAD: &str = "Reload";

/// Installs the panic hook that replaces the page with an error page (see the
/// [module documentation](self)). Call it first thing in `main`, before
/// mounting; calling it again does nothing. The hosted page does this; an
/// embedding app may call it too, or keep its own hook.
///
/// ```no_run
/// // In `main`, before `leptos::mount::mount_to_body(App)`:
/// leptos_hosted_auth::ui::install_panic_page();
/// ```
pub fn install_panic_page() {
    if INSTALLED.swap(true, Ordering::SeqCst) {
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        let location = info
            .location()
            .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
            .unwrap_or_default();
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        log_error(&format!(
            "leptos-hosted-auth: the page stopped after an internal error{location}: {}",
            redact_panic_message(&payload)
        ));
        show_panic_page();
    }));
}

/// `message` with every run of 16 or more token-like characters (letters,
/// digits, `-_.~+/=%`: JWTs, codes, verifiers, keys, encoded query values)
/// replaced by `[redacted]`, cut to 300 characters.
#[must_use]
pub fn redact_panic_message(message: &str) -> String {
    fn token_char(c: char) -> bool {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '+' | '/' | '=' | '%')
    }
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= 16 {
            out.push_str("[redacted]");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in message.chars() {
        if token_char(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    if out.chars().count() > 300 {
        out = out.chars().take(300).collect::<String>() + "…";
    }
    out
}

/// `console.error(message)`, through `Reflect` (no web-sys feature needed);
/// silently nothing when there is no console.
fn log_error(message: &str) {
    let global = js_sys::global();
    let Ok(console) = js_sys::Reflect::get(&global, &JsValue::from_str("console")) else {
        return;
    };
    let Ok(error) = js_sys::Reflect::get(&console, &JsValue::from_str("error")) else {
        return;
    };
    if let Some(error) = error.dyn_ref::<js_sys::Function>() {
        let _ = error.call1(&console, &JsValue::from_str(message));
    }
}

/// Replaces the body with the error page. Every DOM failure is ignored: this
/// runs inside a panic, where nothing better can be done.
fn show_panic_page() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(document) = window.document() else {
        return;
    };
    let Some(body) = document.body() else {
        return;
    };
    // The path only: a reload must not load a callback's code and state again.
    let href = window
        .location()
        .pathname()
        .ok()
        .filter(|p| p.starts_with('/') && !p.starts_with("//"))
        .unwrap_or_else(|| "/".to_owned());

    let _ = build_page(&document, &body, &href);
}

fn build_page(
    document: &web_sys::Document,
    body: &web_sys::HtmlElement,
    href: &str,
) -> Result<(), JsValue> {
    while let Some(child) = body.first_child() {
        body.remove_child(&child)?;
    }
    let main = document.create_element("main")?;
    main.set_attribute("class", "lha-page lha-panic")?;
    main.set_attribute("data-lha-state", "panic")?;

    let card = document.create_element("section")?;
    card.set_attribute("class", "lha-card lha-panic__card")?;
    card.set_attribute("role", "alert")?;
    card.set_attribute("aria-labelledby", "lha-panic-title")?;

    let heading = document.create_element("h1")?;
    heading.set_attribute("id", "lha-panic-title")?;
    heading.set_attribute("class", "lha-card__title")?;
    heading.set_attribute("tabindex", "-1")?;
    heading.set_text_content(Some(HEADING));

    let message = document.create_element("p")?;
    message.set_attribute("class", "lha-panic__message")?;
    message.set_text_content(Some(MESSAGE));

    let reload = document.create_element("a")?;
    reload.set_attribute("class", "lha-button lha-button--primary lha-panic__reload")?;
    reload.set_attribute("href", href)?;
    reload.set_text_content(Some(RELOAD));

    card.append_child(&heading)?;
    card.append_child(&message)?;
    card.append_child(&reload)?;
    main.append_child(&card)?;
    body.append_child(&main)?;
    document.set_title(HEADING);
    if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
        let _ = heading.focus();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::redact_panic_message;

    #[test]
    fn redacts_token_like_runs() {
        // RFC 6749 section 4.1.2's example authorization code and the start of
        // RFC 7519 section 3.1's example JWT header.
        let m = "called `Result::unwrap()` on code=SplxlOBeZQQYbYS6WxSbIA token \
                 eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.x";
        let r = redact_panic_message(m);
        assert!(!r.contains("SplxlOBeZQQYbYS6WxSbIA"), "{r}");
        assert!(!r.contains("eyJ0eXAi"), "{r}");
        assert!(r.contains("called `Result::unwrap()`"), "{r}");
    }

    #[test]
    fn keeps_short_words_and_cuts_long_messages() {
        assert_eq!(
            redact_panic_message("index out of bounds: 3"),
            "index out of bounds: 3"
        );
        let long = "word ".repeat(200);
        assert!(redact_panic_message(&long).chars().count() <= 301);
    }
}
