//! Browser tests: `wasm-bindgen-test` in headless Chromium.
//!
//! Run with `CHROMEDRIVER=$(command -v chromedriver) cargo test --target
//! wasm32-unknown-unknown --test browser` (scripts/test.sh does). They cover
//! the storage adapters, the redirect handler's refusals (with real storage
//! and the real address bar), and the components mounted in a real DOM.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos_hosted_auth::browser::client::BrowserClient;
use leptos_hosted_auth::browser::location;
use leptos_hosted_auth::browser::storage::{
    wipe_everywhere, KeyValueStore, MemoryStore, WebStorageArea, WebStore, PENDING_KEY, SESSION_KEY,
};
use leptos_hosted_auth::core::{
    authorization, callback, parse_token_response, AuthConfig, HttpResponse, IdTokenClaims,
    PendingAuthorization, ProviderMetadata, Session, SignInOptions, StorageKind, UnixTime,
};
use leptos_hosted_auth::ui::{
    AuthErrorMessage, AuthProvider, Authenticated, SignInButton, SignOutButton, UserSummary,
};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// An issuer nothing listens on: these tests never reach a provider (the
/// end-to-end tests in tests/e2e do).
const ISSUER: &str = "http://127.0.0.1:9";

fn origin() -> String {
    location::origin().unwrap()
}

fn session_store() -> WebStore {
    WebStore::new(WebStorageArea::Session).unwrap()
}

fn local_store() -> WebStore {
    WebStore::new(WebStorageArea::Local).unwrap()
}

/// A config with explicit endpoints (no discovery), redirecting to this
/// test page's own origin.
fn config(storage: &str) -> AuthConfig {
    let json = serde_json::json!({
        "issuer": ISSUER,
        "endpoints": {
            "authorization_endpoint": format!("{ISSUER}/auth"),
            "token_endpoint": format!("{ISSUER}/token"),
        },
        "client_id": "lha-test",
        "redirect_uri": "/callback",
        "storage": storage,
    });
    AuthConfig::from_json(&json.to_string(), &origin()).unwrap()
}

fn metadata(config: &AuthConfig) -> ProviderMetadata {
    match config.metadata_source() {
        leptos_hosted_auth::core::MetadataSource::Static(m) => m,
        _ => panic!("expected explicit endpoints"),
    }
}

fn pending(config: &AuthConfig) -> PendingAuthorization {
    let mut counter = 0u8;
    let mut random = |buf: &mut [u8]| {
        for b in buf {
            counter = counter.wrapping_add(1);
            *b = counter;
        }
    };
    authorization::begin(
        config,
        &metadata(config),
        &SignInOptions::default(),
        &mut random,
        UnixTime(1_700_000_000),
    )
    .1
}

/// A session built through the core exactly as a real callback builds one.
fn session(config: &AuthConfig, name: &str) -> Session {
    let pending = pending(config);
    let url = format!(
        "{}/callback?code=c0de&state={}&iss={}",
        origin(),
        pending.state.secret(),
        ISSUER.replace(':', "%3A").replace('/', "%2F")
    );
    let exchange = callback::complete(&url, Some(pending), &metadata(config)).unwrap();
    let tokens = parse_token_response(&HttpResponse {
        status: 200,
        content_type: Some("application/json".into()),
        body: r#"{"access_token":"at-123","token_type":"Bearer","expires_in":3600,"id_token":"x.y.z"}"#.into(),
    })
    .unwrap();
    let claims: IdTokenClaims = serde_json::from_value(serde_json::json!({
        "iss": ISSUER, "sub": "user-42", "aud": "lha-test",
        "exp": 4_000_000_000u64, "iat": 1_700_000_000u64,
        "name": name, "email": "ada@example.test",
    }))
    .unwrap();
    let now = leptos_hosted_auth::browser::now();
    Session::establish(&exchange, tokens, claims, now)
}

fn clean() {
    wipe_everywhere();
    location::replace_url("/").unwrap();
}

// ---------------------------------------------------------------- storage

#[wasm_bindgen_test]
fn memory_store_round_trips_and_wipes_only_its_keys() {
    clean();
    let m = MemoryStore;
    m.set("lha/v1/a", "1").unwrap();
    m.set("other", "2").unwrap();
    assert_eq!(m.get("lha/v1/a").as_deref(), Some("1"));
    assert_eq!(m.keys_with_prefix("lha/"), vec!["lha/v1/a".to_owned()]);
    m.wipe();
    assert_eq!(m.get("lha/v1/a"), None);
    assert_eq!(m.get("other").as_deref(), Some("2"));
    m.remove("other");
}

#[wasm_bindgen_test]
fn web_stores_write_real_browser_storage_and_wipe_only_their_keys() {
    clean();
    for (store, raw) in [
        (
            session_store(),
            web_sys::window()
                .unwrap()
                .session_storage()
                .unwrap()
                .unwrap(),
        ),
        (
            local_store(),
            web_sys::window().unwrap().local_storage().unwrap().unwrap(),
        ),
    ] {
        store.set("lha/v1/x", "value").unwrap();
        raw.set_item("app-key", "keep me").unwrap();
        // Visible through the browser's own Storage object.
        assert_eq!(raw.get_item("lha/v1/x").unwrap().as_deref(), Some("value"));
        assert_eq!(store.get("lha/v1/x").as_deref(), Some("value"));
        store.wipe();
        assert_eq!(raw.get_item("lha/v1/x").unwrap(), None);
        assert_eq!(raw.get_item("app-key").unwrap().as_deref(), Some("keep me"));
        raw.remove_item("app-key").unwrap();
    }
}

#[wasm_bindgen_test]
fn corrupt_stored_session_is_discarded_without_panic() {
    clean();
    let cfg = config("session");
    for junk in ["", "{", "null", "[1,2]", r#"{"v":99}"#, "\u{0}\u{1}binary"] {
        session_store().set(SESSION_KEY, junk).unwrap();
        let client = BrowserClient::new(cfg.clone()).unwrap();
        assert!(client.restore().is_none(), "restored {junk:?}");
        assert_eq!(session_store().get(SESSION_KEY), None, "kept {junk:?}");
    }
}

#[wasm_bindgen_test]
fn stored_session_is_restored_from_the_configured_storage() {
    clean();
    let cfg = config("local");
    local_store()
        .set(SESSION_KEY, &session(&cfg, "Ada").to_storage_string())
        .unwrap();
    let restored = BrowserClient::new(cfg).unwrap().restore().unwrap();
    assert_eq!(restored.user.sub, "user-42");
    // Another storage kind does not see it.
    assert!(BrowserClient::new(config("session"))
        .unwrap()
        .restore()
        .is_none());
    clean();
}

// ------------------------------------------------------- redirect handler

async fn callback_error(url: &str) -> (String, Option<String>) {
    let client = BrowserClient::new(config("session")).unwrap();
    assert!(client.is_callback(url), "not seen as a callback: {url}");
    let err = client
        .handle_callback(url)
        .await
        .expect_err("callback accepted");
    (
        err.code().to_owned(),
        err.provider_error().map(str::to_owned),
    )
}

fn assert_nothing_stored_and_bar_clean() {
    assert_eq!(session_store().get(SESSION_KEY), None);
    assert_eq!(local_store().get(SESSION_KEY), None);
    assert_eq!(
        session_store().get(PENDING_KEY),
        None,
        "pending not consumed"
    );
    let href = location::current_url().unwrap();
    assert!(
        !href.contains("code=") && !href.contains("state="),
        "{href}"
    );
}

#[wasm_bindgen_test]
async fn callback_without_pending_authorization_is_refused() {
    clean();
    let url = format!("{}/callback?code=abc&state=xyz", origin());
    location::replace_url(&url).unwrap();
    let (code, _) = callback_error(&url).await;
    assert_eq!(code, "no_pending_authorization");
    assert_nothing_stored_and_bar_clean();
    clean();
}

#[wasm_bindgen_test]
async fn callback_with_unknown_state_is_refused_and_consumes_the_pending_state() {
    clean();
    let cfg = config("session");
    session_store()
        .set(PENDING_KEY, &pending(&cfg).to_storage_string())
        .unwrap();
    let url = format!(
        "{}/callback?code=abc&state=forged&iss=http%3A%2F%2F127.0.0.1%3A9",
        origin()
    );
    location::replace_url(&url).unwrap();
    let (code, _) = callback_error(&url).await;
    assert_eq!(code, "state_mismatch");
    assert_nothing_stored_and_bar_clean();
    clean();
}

#[wasm_bindgen_test]
async fn provider_error_is_reported_with_its_code() {
    clean();
    let cfg = config("session");
    let p = pending(&cfg);
    let url = format!(
        "{}/callback?error=access_denied&error_description=User%20cancelled&state={}&iss=http%3A%2F%2F127.0.0.1%3A9",
        origin(),
        p.state.secret()
    );
    session_store()
        .set(PENDING_KEY, &p.to_storage_string())
        .unwrap();
    location::replace_url(&url).unwrap();
    let (code, provider) = callback_error(&url).await;
    assert_eq!(code, "provider_error");
    assert_eq!(provider.as_deref(), Some("access_denied"));
    assert_nothing_stored_and_bar_clean();
    clean();
}

#[wasm_bindgen_test]
async fn unreachable_token_endpoint_stores_nothing() {
    clean();
    let cfg = config("local");
    let p = pending(&cfg);
    let url = format!(
        "{}/callback?code=abc&state={}&iss=http%3A%2F%2F127.0.0.1%3A9",
        origin(),
        p.state.secret()
    );
    session_store()
        .set(PENDING_KEY, &p.to_storage_string())
        .unwrap();
    location::replace_url(&url).unwrap();
    let client = BrowserClient::new(cfg).unwrap();
    let err = client.handle_callback(&url).await.expect_err("accepted");
    assert_eq!(err.code(), "network");
    assert!(err.to_string().contains("127.0.0.1:9"), "{err}");
    assert_nothing_stored_and_bar_clean();
    clean();
}

// ------------------------------------------------------------- components

fn mount(view: impl FnOnce() -> AnyView + 'static) -> web_sys::HtmlElement {
    let document = web_sys::window().unwrap().document().unwrap();
    let host: web_sys::HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&host).unwrap();
    let handle = leptos::mount::mount_to(host.clone(), view);
    std::mem::forget(handle);
    host
}

fn button(host: &web_sys::HtmlElement, name: &str) -> Option<web_sys::HtmlElement> {
    let buttons = host.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == name)
}

fn text_of(host: &web_sys::HtmlElement, selector: &str) -> Option<String> {
    host.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

/// Polls `condition` for up to two seconds.
async fn wait_for(condition: impl Fn() -> bool) -> bool {
    for _ in 0..100 {
        if condition() {
            return true;
        }
        leptos_hosted_auth::browser::tabs::sleep(20).await;
    }
    condition()
}

fn app(cfg: AuthConfig) -> AnyView {
    view! {
        <AuthProvider config=cfg>
            <AuthErrorMessage/>
            <Authenticated fallback=|| view! { <SignInButton/> }>
                <UserSummary/>
                <SignOutButton/>
            </Authenticated>
        </AuthProvider>
    }
    .into_any()
}

#[wasm_bindgen_test]
async fn signed_out_app_shows_a_sign_in_button() {
    clean();
    let host = mount(|| app(config("session")));
    leptos::task::tick().await;
    assert!(button(&host, "Sign in").is_some(), "{}", host.inner_html());
    assert!(button(&host, "Sign out").is_none());
    assert!(text_of(&host, "[data-lha-user-sub]").is_none());
    host.remove();
}

#[wasm_bindgen_test]
async fn stored_session_shows_the_user_and_sign_out_wipes_every_key() {
    clean();
    let cfg = config("session");
    session_store()
        .set(
            SESSION_KEY,
            &session(&cfg, "Ada Lovelace").to_storage_string(),
        )
        .unwrap();
    local_store().set("lha/v1/leftover", "x").unwrap();
    let host = mount(move || app(cfg));
    leptos::task::tick().await;
    assert_eq!(
        text_of(&host, "[data-lha-user-name]").as_deref(),
        Some("Ada Lovelace")
    );
    assert_eq!(
        text_of(&host, "[data-lha-user-sub]").as_deref(),
        Some("user-42")
    );

    button(&host, "Sign out")
        .expect("no Sign out button")
        .click();
    // Signing out is asynchronous (revocation runs first, inside the refresh
    // lock); this config has no revocation or logout endpoint.
    let signed_out = wait_for(|| button(&host, "Sign in").is_some()).await;
    assert!(signed_out, "{}", host.inner_html());
    assert_eq!(session_store().get(SESSION_KEY), None);
    assert!(local_store().keys_with_prefix("lha/").is_empty());
    host.remove();
}

#[wasm_bindgen_test]
async fn failed_callback_is_shown_in_words_with_its_code() {
    clean();
    location::replace_url("/callback?code=abc&state=replayed").unwrap();
    let host = mount(|| app(config("session")));
    // The handler runs asynchronously: wait until it has rendered the error.
    for _ in 0..50 {
        leptos::task::tick().await;
        if host.query_selector("[role=alert]").unwrap().is_some() {
            break;
        }
    }
    let alert = host
        .query_selector("[role=alert]")
        .unwrap()
        .expect("no alert");
    assert_eq!(
        alert.get_attribute("data-lha-error-code").as_deref(),
        Some("no_pending_authorization")
    );
    assert!(alert.text_content().unwrap_or_default().len() > 20);
    assert!(!location::current_url().unwrap().contains("code="));
    host.remove();
    clean();
}

#[wasm_bindgen_test]
fn memory_storage_kind_keeps_nothing_in_web_storage() {
    clean();
    let cfg = config("memory");
    assert_eq!(cfg.storage, StorageKind::Memory);
    let client = BrowserClient::new(cfg).unwrap();
    assert!(client.restore().is_none());
    assert!(session_store().keys_with_prefix("lha/").is_empty());
    assert!(local_store().keys_with_prefix("lha/").is_empty());
}

// ------------------------------------------------------------- tabs

#[wasm_bindgen_test]
async fn web_lock_runs_one_task_at_a_time() {
    use leptos_hosted_auth::browser::tabs::{has_web_locks, sleep, with_lock};
    use std::cell::RefCell;
    use std::rc::Rc;

    assert!(has_web_locks(), "Chromium has navigator.locks");
    let log = Rc::new(RefCell::new(Vec::new()));
    let task = |name: &'static str, log: Rc<RefCell<Vec<String>>>| {
        with_lock("lha/test/lock", move || async move {
            log.borrow_mut().push(format!("{name} in"));
            sleep(30).await;
            log.borrow_mut().push(format!("{name} out"));
            name
        })
    };
    // Both start before either finishes; the lock must serialise them.
    let (a, b) = futures::join!(task("a", log.clone()), task("b", log.clone()));
    assert_eq!((a, b), (Some("a"), Some("b")));
    assert_eq!(*log.borrow(), ["a in", "a out", "b in", "b out"]);
}

// -------------------------------------------------------------- SRP in wasm

/// Cognito's SRP step as compiled to wasm: the same answer as pycognito
/// 2024.5.1 (vector set 1 of `src/core/srp.rs`, produced by
/// `tests/vectors/srp_pycognito.py`), and what it costs in this browser
/// (printed, not asserted: speed lives in figures, not in timed tests).
#[wasm_bindgen_test]
fn srp_password_verifier_matches_pycognito_and_prints_its_cost() {
    use leptos_hosted_auth::core::{Password, PasswordVerifierChallenge, SrpClient};
    let a: Vec<u8> = (0..128)
        .map(|i| u8::from_str_radix(&"2f504274f618cf190b81685964b46a1b0329e2abb1e4575b170ffec25d80dd485aa09a67d2cb8c2aca2c39d53d5bcf07667d8cc67d88344520d25e4276d554d2eeaaecbe0bbe3da806403c1f812c4e7fd637679579534c18395b667650c77a37b09ec4e7ebd9dd3c4f1e797ba680df3dedab8870919e9f025e74985d42c6e353"[2 * i..2 * i + 2], 16).unwrap())
        .collect();
    let challenge = PasswordVerifierChallenge {
        salt: "3f2a9c81d7e6b5a4039281706f5e4d3c".into(),
        srp_b: "86d9097a336dde2b576d69ac32e922ead0364e91abdda3277b3a8760433d9a87df766d28afc6ecad79e7468ade813d0196f72da559ec788a740eba3653c97bd11ac2aed266a3be6a20f7664cecf8f43c8450237d08cb35a740a34fbff9b8ba35921a68f4274b1a7bb5ee4dd1422d5ebd75bea3ec84128e1e176406408c0ac6370f54d51edace1266912070461f30270164fc91d958490234119bdde99f256973ae1d1e4b5a9ba23920c9a6fc03a2a567b64b018716849f4d5029a42f25ddd88fe93aeb7213d6e47a2dc11e96d0597d1492c1d556554973d102577dc031b4cfe030f71bcefc6d5beb438ec94df6cc48704de153e0746b97366d2364b4505407ea5db514c946661fead598908279ae69d3edbd6d0d13c78fd5f8cf140efb72862c029c01f4c43156232473058c6269a1ea774cd6f404ae320179b5bb6ef2bbaab3cecb1a65cdd0d7451f417c54c8b878c0e1ba82bb9bdf72949fac73e68c2eae7d3b73b820a0ad09eea961c1524e7812ec1157facc27cc255a65431261cd5f8ae2".into(),
        secret_block: "LKleTt/YjZsHK/+m+IIG9R43GnuiZ+BKgYYbr+7dDOdK0ZbZ5ad/77MGGxRFwcoW13+00I4YcIjyCis2DMMbyaPcbTTcPaRkBrHtquEanRykb/BKtJR7CRdl/hG1NdEq".into(),
        user_id_for_srp: "alice".into(),
        username: Some("alice".into()),
    };
    let password = Password::new("Correct Horse Battery Staple 1!".into());
    let runs = 5;
    let start = js_sys::Date::now();
    let mut signature = String::new();
    for _ in 0..runs {
        let client = SrpClient::with_private_key(&a).unwrap();
        assert_eq!(client.srp_a_hex().len() % 2, 0);
        let response = client
            .respond_to_password_verifier(
                "us-east-1_ExAmPlE12",
                &password,
                &challenge,
                UnixTime(1_793_865_789),
            )
            .unwrap();
        signature = response.password_claim_signature;
        assert_eq!(response.timestamp, "Thu Nov 5 08:03:09 UTC 2026");
    }
    let per_run = (js_sys::Date::now() - start) / f64::from(runs);
    assert_eq!(signature, "b/PBj8LiaXAyTxnaO10oACjVAqXyEK7rnC9/xKgf8wk=");
    let profile = if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    };
    wasm_bindgen_test::console_log!(
        "SRP: SRP_A + PASSWORD_VERIFIER in this browser ({profile} build): {per_run:.1} ms per sign-in"
    );
}

// ------------------------------------------------- hostile storage (issue 5)

/// Writes `value` under `key` through the browser's own `Storage.setItem`, so
/// that it can hold what a Rust `&str` cannot (lone UTF-16 surrogates).
fn raw_set(area: &web_sys::Storage, key: &str, value: &js_sys::JsString) {
    let set = js_sys::Reflect::get(area, &"setItem".into()).unwrap();
    set.unchecked_into::<js_sys::Function>()
        .call2(area, &key.into(), value)
        .unwrap();
}

#[wasm_bindgen_test]
fn session_with_lone_surrogates_or_another_issuer_is_discarded_without_panic() {
    clean();
    let cfg = config("session");
    let raw = web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap();
    // Lone surrogates (0xD800, 0xDFFF) inside JSON: what "random bytes" become
    // in web storage. wasm-bindgen decodes them lossily; the decoder refuses.
    let junk = js_sys::JsString::from_char_code(&[0x7B, 0xD800, 0x22, 0xDFFF, 0x00, 0x7D]);
    raw_set(&raw, SESSION_KEY, &junk);
    let client = BrowserClient::new(cfg.clone()).unwrap();
    assert!(client.restore().is_none());
    assert_eq!(
        session_store().get(SESSION_KEY),
        None,
        "corrupt session kept"
    );

    // A well-formed session of another issuer: refused as foreign and removed.
    let mut foreign: serde_json::Value =
        serde_json::from_str(&session(&cfg, "Eve").to_storage_string()).unwrap();
    let issuer_fields: Vec<String> = foreign
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, v)| v.as_str() == Some(ISSUER))
        .map(|(k, _)| k.clone())
        .collect();
    assert!(!issuer_fields.is_empty(), "the session names its issuer");
    for k in issuer_fields {
        foreign[k.as_str()] = "http://127.0.0.1:10".into();
    }
    session_store()
        .set(SESSION_KEY, &foreign.to_string())
        .unwrap();
    assert!(BrowserClient::new(cfg).unwrap().restore().is_none());
    assert_eq!(
        session_store().get(SESSION_KEY),
        None,
        "foreign session kept"
    );
    clean();
}

#[wasm_bindgen_test]
async fn callback_with_corrupt_pending_authorization_is_refused_and_removes_it() {
    for junk in ["{", "[]", r#"{"v":0}"#, r#"{"v":1,"state":5}"#, "\u{0}"] {
        clean();
        session_store().set(PENDING_KEY, junk).unwrap();
        let url = format!("{}/callback?code=abc&state=xyz", origin());
        location::replace_url(&url).unwrap();
        let (code, _) = callback_error(&url).await;
        assert_eq!(code, "no_pending_authorization", "pending {junk:?}");
        assert_nothing_stored_and_bar_clean();
    }
    clean();
}
