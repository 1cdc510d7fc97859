//! Hostile input, table-driven: every row names an attack, asserts the exact
//! typed error (the variant, never a message), and asserts that storage is
//! exactly as it was, apart from the single-use pending sign-in, which a
//! callback consumes whatever the outcome (DESIGN.md).
//!
//! How this runs natively: `browser::storage::{MemoryStore, KeyValueStore}`
//! compile and work off the browser (`MemoryStore` is a thread-local map), so
//! the rows go through a real `MemoryStore`. The sequences below are those of
//! `src/browser/client.rs` (`handle_callback`, `refresh`, `read_stored`), step
//! for step, minus the network (responses are given) and minus the signature:
//! WebCrypto is a browser API, so the signature step is
//! `InsecureSkipSignatureVerification` here. Everything the core refuses before
//! the signature (the algorithm, `crit`, malformed tokens) and after it (the
//! claims, `at_hash`) is the real code. Signatures themselves are tested in
//! headless Chromium (tests/jose_browser.rs, tests/e2e/signatures.test.mjs).
//!
//! Sources: RFC 6749 §4.1.2, §5.1, §10.12; RFC 7515 §4.1.11; RFC 7519;
//! RFC 9207 §2.4; OpenID Connect Core 1.0 §3.1.3.7, §3.1.3.8, §5.3.2, §12.2;
//! OpenID Connect Discovery 1.0 §4.3; OAuth 2.0 Multiple Response Type
//! Encoding Practices §2.1; the OpenID Foundation RP conformance test names
//! (rp-id_token-iss, rp-nonce-invalid, rp-userinfo-bad-sub-claim, ...).

use std::collections::BTreeMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use leptos_hosted_auth::browser::storage::{KeyValueStore, MemoryStore, PENDING_KEY, SESSION_KEY};
use leptos_hosted_auth::core::{
    apply_refresh, begin, callback, classify_refresh_error, id_token, parse_token_response,
    parse_userinfo_response, AccessToken, AuthConfig, AuthError, CallbackError, DecodedIdToken,
    DiscoveryError, EndpointUrl, HttpResponse, IdToken, IdTokenClaims, IdTokenError,
    IdTokenSignatureVerifier, IdTokenValidation, InsecureSkipSignatureVerification, IssuerUrl,
    PendingAuthorization, ProviderMetadata, RefreshError, RefreshFailure, ResponseRefused, Session,
    SignInOptions, SignOutReason, StorageError, TokenError, UnixTime, UserinfoError,
    MAX_CALLBACK_URL_BYTES, MAX_RESPONSE_BYTES,
};
use serde_json::{json, Value};

const NOW: u64 = 1_700_000_000;
const ISSUER: &str = "https://op.example";
const CLIENT: &str = "my-client";
const CB: &str = "https://app.example/callback";
/// OpenID Connect Core 1.0 Appendix A.3: this access token's RS256 `at_hash`
/// is 77QmUPtjPfzWtF2AnpK9RQ (recomputed with python3 hashlib, see
/// src/core/id_token.rs).
const SPEC_AT: &str = "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y";
const SPEC_AT_HASH: &str = "77QmUPtjPfzWtF2AnpK9RQ";

// ---------------------------------------------------------------------------
// Fixtures

fn config(extra: Value) -> AuthConfig {
    let mut c = json!({"issuer": ISSUER, "client_id": CLIENT, "redirect_uri": CB});
    if let (Some(map), Value::Object(more)) = (c.as_object_mut(), extra) {
        map.extend(more);
    }
    AuthConfig::from_json(&c.to_string(), "https://app.example").unwrap()
}

fn metadata_for(issuer: &str, iss_supported: bool) -> ProviderMetadata {
    let ep = |path: &str| EndpointUrl::parse(&format!("{issuer}{path}")).unwrap();
    ProviderMetadata {
        issuer: IssuerUrl::parse(issuer).unwrap(),
        authorization_endpoint: ep("/authorize"),
        token_endpoint: ep("/token"),
        userinfo_endpoint: Some(ep("/me")),
        end_session_endpoint: None,
        revocation_endpoint: None,
        jwks_uri: Some(ep("/jwks")),
        authorization_response_iss_parameter_supported: iss_supported,
        code_challenge_methods_supported: vec!["S256".into()],
        is_cognito: false,
    }
}

fn metadata() -> ProviderMetadata {
    metadata_for(ISSUER, false)
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// An ID token with this header and these claims, and a dummy signature
/// (signatures are the browser's; see the header of this file).
fn jwt(header: &Value, claims: &Value) -> String {
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(claims.to_string().as_bytes()),
        b64(b"signature")
    )
}

fn rs256() -> Value {
    json!({"alg": "RS256", "kid": "k1", "typ": "JWT"})
}

/// The nonce `begin` derives from the fixed random source below.
fn nonce() -> String {
    pending(&config(json!({})), &SignInOptions::default())
        .nonce
        .secret()
        .to_owned()
}

fn claims() -> Value {
    json!({
        "iss": ISSUER,
        "sub": "248289761001",
        "aud": CLIENT,
        "exp": NOW + 600,
        "iat": NOW - 10,
        "nonce": nonce(),
        "auth_time": NOW - 100,
        "at_hash": SPEC_AT_HASH,
    })
}

fn claims_with(f: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut c = claims();
    if let Some(map) = c.as_object_mut() {
        f(map);
    }
    c
}

fn http(status: u16, content_type: Option<&str>, body: &str) -> HttpResponse {
    HttpResponse {
        status,
        content_type: content_type.map(str::to_owned),
        body: body.to_owned(),
    }
}

fn token_json(id_token: Option<&str>) -> Value {
    let mut body = json!({
        "access_token": SPEC_AT,
        "token_type": "Bearer",
        "expires_in": 3600,
        "refresh_token": "rt-1",
    });
    if let Some(t) = id_token {
        body["id_token"] = json!(t);
    }
    body
}

fn token_ok(id_token: &str) -> HttpResponse {
    http(
        200,
        Some("application/json;charset=UTF-8"),
        &token_json(Some(id_token)).to_string(),
    )
}

fn pending(config: &AuthConfig, options: &SignInOptions) -> PendingAuthorization {
    let mut random = |buf: &mut [u8]| buf.fill(1);
    begin(
        config,
        &metadata(),
        options,
        &mut random,
        UnixTime(NOW - 30),
    )
    .1
}

fn state() -> String {
    pending(&config(json!({})), &SignInOptions::default())
        .state
        .secret()
        .to_owned()
}

fn good_url() -> String {
    format!("{CB}?code=SplxlOBeZQQYbYS6WxSbIA&state={}", state())
}

// ---------------------------------------------------------------------------
// The client's sequences, over a MemoryStore

/// Everything a sequence can fail with.
#[derive(Debug, Clone, PartialEq)]
enum Failure {
    Auth(AuthError),
    Refresh(RefreshFailure),
    RefreshApply(RefreshError),
    Userinfo(UserinfoError),
    Storage(StorageError),
}

impl<E: Into<AuthError>> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure::Auth(e.into())
    }
}

fn store() -> MemoryStore {
    MemoryStore
}

fn snapshot() -> BTreeMap<String, String> {
    let s = store();
    s.keys_with_prefix("")
        .into_iter()
        .filter_map(|k| s.get(&k).map(|v| (k, v)))
        .collect()
}

fn reset() {
    let s = store();
    for k in s.keys_with_prefix("") {
        s.remove(&k);
    }
}

fn poll<T>(f: std::pin::Pin<Box<dyn std::future::Future<Output = T> + '_>>) -> T {
    let mut f = f;
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    match f.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(v) => v,
        std::task::Poll::Pending => panic!("the insecure verifier is always ready"),
    }
}

/// `BrowserClient::checked_claims`: decode with the allow list (the
/// algorithm before anything else), signature, then `id_token::validate`.
fn checked_claims(
    config: &AuthConfig,
    raw: &IdToken,
    access_token: Option<&AccessToken>,
    nonce: Option<&leptos_hosted_auth::core::Nonce>,
    max_age: Option<u64>,
) -> Result<IdTokenClaims, Failure> {
    let allowed = config.id_token_signing_alg_values.clone();
    let decoded = DecodedIdToken::decode_with(raw, &allowed)?;
    poll(InsecureSkipSignatureVerification.verify(&decoded))?;
    id_token::validate(
        &decoded,
        &IdTokenValidation {
            allowed_algorithms: &allowed,
            access_token,
            issuer: &config.issuer(),
            client_id: &config.client_id,
            nonce,
            now: UnixTime(NOW),
            clock_skew_secs: config.clock_skew_secs,
            max_age,
        },
    )?;
    Ok(decoded.claims)
}

/// `BrowserClient::handle_callback`, with the provider's token response given.
fn handle_callback(
    config: &AuthConfig,
    metadata: &ProviderMetadata,
    url: &str,
    token_response: &HttpResponse,
) -> Result<Session, Failure> {
    let s = store();
    // take_pending(): removed whatever happens next; corrupt counts as none.
    let raw_pending = s.get(PENDING_KEY);
    s.remove(PENDING_KEY);
    let pending = raw_pending.and_then(|p| PendingAuthorization::from_storage_string(&p).ok());
    let exchange = callback::complete(url, pending, metadata)?;
    let tokens = parse_token_response(token_response)?;
    let raw = tokens
        .id_token
        .as_ref()
        .ok_or(IdTokenError::MissingIdToken)?;
    let claims = checked_claims(
        config,
        raw,
        Some(&tokens.access_token),
        Some(&exchange.nonce),
        exchange.max_age,
    )?;
    let session = Session::establish(&exchange, tokens, claims, UnixTime(NOW));
    s.set(SESSION_KEY, &session.to_storage_string()).unwrap();
    Ok(session)
}

/// `BrowserClient::read_stored`: corrupt or foreign data is deleted.
fn read_stored(config: &AuthConfig) -> Result<Session, Failure> {
    let s = store();
    let stored = s
        .get(SESSION_KEY)
        .ok_or(Failure::Storage(StorageError::Corrupt))?;
    Session::from_storage_string(&stored, &config.issuer(), &config.client_id).map_err(|e| {
        s.remove(SESSION_KEY);
        Failure::Storage(e)
    })
}

/// `BrowserClient::refresh` (issuer branch) and the store write after it.
/// Returns the core's own reason rather than the client's summary, so each
/// row can assert which check fired; the client's summary is asserted too.
fn refresh(config: &AuthConfig, response: &HttpResponse) -> Result<Session, Failure> {
    let session = read_stored(config)?;
    let tokens =
        parse_token_response(response).map_err(|e| Failure::Refresh(classify_refresh_error(&e)))?;
    let claims = match &tokens.id_token {
        Some(raw) => Some(
            checked_claims(config, raw, Some(&tokens.access_token), None, None)
                .inspect_err(|_| { /* the client maps this to SignOut(IdTokenMismatch) */ })?,
        ),
        None => None,
    };
    let renewed =
        apply_refresh(&session, tokens, claims, UnixTime(NOW)).map_err(Failure::RefreshApply)?;
    store()
        .set(SESSION_KEY, &renewed.to_storage_string())
        .unwrap();
    Ok(renewed)
}

/// Signs in with a good callback and returns the stored session.
fn signed_in(config: &AuthConfig) -> Session {
    reset();
    let p = pending(config, &SignInOptions::default());
    store().set(PENDING_KEY, &p.to_storage_string()).unwrap();
    handle_callback(
        config,
        &metadata(),
        &good_url(),
        &token_ok(&jwt(&rs256(), &claims())),
    )
    .unwrap()
}

// ---------------------------------------------------------------------------
// The rows

struct CallbackRow {
    /// The attack.
    attack: &'static str,
    config: AuthConfig,
    /// The pending sign-in in storage, if any (its options).
    pending: Option<SignInOptions>,
    /// Sign in successfully first (for replays).
    signed_in_before: bool,
    metadata: ProviderMetadata,
    url: String,
    token_response: HttpResponse,
    expected: Failure,
}

fn callback_rows() -> Vec<CallbackRow> {
    let s = state();
    let good = || token_ok(&jwt(&rs256(), &claims()));
    let row =
        |attack: &'static str, url: String, token_response: HttpResponse, expected: Failure| {
            CallbackRow {
                attack,
                config: config(json!({})),
                pending: Some(SignInOptions::default()),
                signed_in_before: false,
                metadata: metadata(),
                url,
                token_response,
                expected,
            }
        };
    let id = |e: IdTokenError| Failure::Auth(AuthError::IdToken(e));
    let cb = |e: CallbackError| Failure::Auth(AuthError::Callback(e));
    let tok = |e: TokenError| Failure::Auth(AuthError::Token(e));
    let refused = |r: ResponseRefused| tok(TokenError::Refused(r));
    let with_token = |claims: Value| token_ok(&jwt(&rs256(), &claims));
    let json_ct = Some("application/json");
    let max_age = || SignInOptions {
        params: leptos_hosted_auth::core::AuthorizationParams {
            max_age: Some(60),
            ..Default::default()
        },
        ..SignInOptions::default()
    };

    vec![
        // --- the callback URL (RFC 6749 §4.1.2, §10.12; RFC 9207) ---
        // CSRF: a response without state
        row(
            "missing state",
            format!("{CB}?code=c"),
            good(),
            cb(CallbackError::MissingState),
        ),
        // parameter pollution: two states, one of them ours
        row(
            "duplicated state",
            format!("{CB}?code=c&state={s}&state=evil"),
            good(),
            cb(CallbackError::DuplicateParameter("state".into())),
        ),
        // parameter pollution on the code
        row(
            "duplicated code",
            format!("{CB}?code=c&code=d&state={s}"),
            good(),
            cb(CallbackError::DuplicateParameter("code".into())),
        ),
        // CSRF / code injection: another sign-in's state
        row(
            "state mismatch",
            format!("{CB}?code=c&state=AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQX"),
            good(),
            cb(CallbackError::StateMismatch),
        ),
        // memory and comparison abuse: an 8 KiB state that starts with ours
        row(
            "oversized state",
            format!("{CB}?code=c&state={s}{}", "A".repeat(8 * 1024)),
            good(),
            cb(CallbackError::StateMismatch),
        ),
        // invalid UTF-8 after percent-decoding in the state
        row(
            "non-UTF-8 percent-encoding",
            format!("{CB}?code=c&state=%FF%FE{s}"),
            good(),
            cb(CallbackError::StateMismatch),
        ),
        // a URL far beyond any real response
        row(
            "huge callback URL",
            format!("{CB}?code={}&state={s}", "c".repeat(MAX_CALLBACK_URL_BYTES)),
            good(),
            cb(CallbackError::TooLarge),
        ),
        // implicit-style injection: code in the fragment of a query-mode sign-in
        row(
            "code in the fragment when the query was expected",
            format!("{CB}#code=c&state={s}"),
            good(),
            cb(CallbackError::WrongResponseMode),
        ),
        // an error and a code together: the error wins, no code is exchanged
        row(
            "error and code both present",
            format!("{CB}?error=access_denied&code=c&state={s}"),
            good(),
            cb(CallbackError::Provider {
                error: "access_denied".into(),
                description: None,
                uri: None,
            }),
        ),
        // a state but no code
        row(
            "missing code",
            format!("{CB}?state={s}"),
            good(),
            cb(CallbackError::MissingCode),
        ),
        // mix-up (RFC 9207 §2.4): another issuer's iss
        row(
            "iss of another provider",
            format!("{CB}?code=c&state={s}&iss=https%3A%2F%2Fevil.example"),
            good(),
            cb(CallbackError::IssuerMismatch {
                expected: ISSUER.into(),
                found: "https://evil.example".into(),
            }),
        ),
        // mix-up: iss stripped although the provider promises it
        CallbackRow {
            metadata: metadata_for(ISSUER, true),
            ..row(
                "iss missing when the provider promises it",
                good_url(),
                good(),
                cb(CallbackError::MissingIssuer),
            )
        },
        // cross-provider: the sign-in went to op.example, the metadata at hand is another's
        CallbackRow {
            metadata: metadata_for("https://other.example", false),
            ..row(
                "callback handled with another provider's metadata",
                good_url(),
                good(),
                cb(CallbackError::IssuerMismatch {
                    expected: ISSUER.into(),
                    found: "https://other.example".into(),
                }),
            )
        },
        // login CSRF: a callback with nothing pending in this tab
        CallbackRow {
            pending: None,
            ..row(
                "no pending sign-in",
                good_url(),
                good(),
                cb(CallbackError::NoPendingAuthorization),
            )
        },
        // replay: the same callback URL a second time after a sign-in
        CallbackRow {
            pending: None,
            signed_in_before: true,
            ..row(
                "replayed callback",
                good_url(),
                good(),
                cb(CallbackError::NoPendingAuthorization),
            )
        },
        // --- the token response (RFC 6749 §5.1) ---
        // a MAC / DPoP token the client cannot use as Bearer
        row(
            "wrong token_type",
            good_url(),
            http(
                200,
                json_ct,
                &json!({"access_token": SPEC_AT, "token_type": "mac"}).to_string(),
            ),
            tok(TokenError::UnsupportedTokenType("mac".into())),
        ),
        // no access token at all
        row(
            "missing access_token",
            good_url(),
            http(
                200,
                json_ct,
                &json!({"token_type": "Bearer", "id_token": "x"}).to_string(),
            ),
            tok(TokenError::MissingField("access_token".into())),
        ),
        // a form-encoded body labelled JSON
        row(
            "non-JSON body",
            good_url(),
            http(200, json_ct, "access_token=abc&token_type=Bearer"),
            refused(ResponseRefused::NotJson),
        ),
        // a captive portal or proxy page with status 200
        row(
            "HTML with status 200",
            good_url(),
            http(200, Some("text/html"), "<html><body>Login</body></html>"),
            refused(ResponseRefused::WrongContentType),
        ),
        // JSON served as text/plain (content sniffing)
        row(
            "JSON with a text/plain content type",
            good_url(),
            http(200, Some("text/plain"), &token_json(None).to_string()),
            refused(ResponseRefused::WrongContentType),
        ),
        // a success response that does not say what it is
        row(
            "no content type",
            good_url(),
            http(200, None, &token_json(None).to_string()),
            refused(ResponseRefused::MissingContentType),
        ),
        // a JSON array instead of an object
        row(
            "JSON array",
            good_url(),
            http(200, json_ct, "[]"),
            refused(ResponseRefused::NotAnObject),
        ),
        // memory exhaustion
        row(
            "oversized token response",
            good_url(),
            http(
                200,
                json_ct,
                &format!("{{\"pad\":\"{}\"}}", "x".repeat(MAX_RESPONSE_BYTES)),
            ),
            refused(ResponseRefused::TooLarge),
        ),
        // the provider's server error
        row(
            "HTTP 500",
            good_url(),
            http(500, Some("text/html"), "<h1>oops</h1>"),
            tok(TokenError::Http { status: 500 }),
        ),
        // the code was already redeemed (a replay that reached the provider)
        row(
            "code already used",
            good_url(),
            http(400, json_ct, r#"{"error":"invalid_grant"}"#),
            tok(TokenError::OAuth {
                error: "invalid_grant".into(),
                description: None,
                uri: None,
            }),
        ),
        // an OAuth 2.0-only answer to an openid request
        row(
            "id_token missing although openid was requested",
            good_url(),
            http(200, json_ct, &token_json(None).to_string()),
            id(IdTokenError::MissingIdToken),
        ),
        // --- the ID token (OpenID Connect Core 1.0 §3.1.3.7) ---
        // unsigned token (RFC 7518 §3.6)
        row(
            "alg none",
            good_url(),
            token_ok(&jwt(&json!({"alg": "none"}), &claims())),
            id(IdTokenError::UnsupportedAlgorithm("none".into())),
        ),
        // HMAC keyed with the public client id
        row(
            "HS256 with the client id as key",
            good_url(),
            token_ok(&jwt(&json!({"alg": "HS256"}), &claims())),
            id(IdTokenError::UnsupportedAlgorithm("HS256".into())),
        ),
        // algorithm downgrade outside the configured list
        CallbackRow {
            config: config(json!({"id_token_signing_alg_values": ["RS256"]})),
            ..row(
                "alg not in the configured list",
                good_url(),
                token_ok(&jwt(&json!({"alg": "ES256"}), &claims())),
                id(IdTokenError::AlgorithmNotAllowed("ES256".into())),
            )
        },
        // a critical extension we do not implement (RFC 7515 §4.1.11)
        row(
            "unknown crit header",
            good_url(),
            token_ok(&jwt(
                &json!({"alg": "RS256", "crit": ["exp"], "exp": 1}),
                &claims(),
            )),
            id(IdTokenError::UnsupportedCriticalHeader),
        ),
        // not base64url
        row(
            "bad base64 in the payload",
            good_url(),
            token_ok(&format!("{}.@@@.c2ln", b64(rs256().to_string().as_bytes()))),
            id(IdTokenError::Malformed(
                "its payload is not valid base64url.".into(),
            )),
        ),
        // signature stripped
        row(
            "two segments",
            good_url(),
            token_ok(&format!(
                "{}.{}",
                b64(rs256().to_string().as_bytes()),
                b64(claims().to_string().as_bytes())
            )),
            id(IdTokenError::Malformed(
                "it does not have three dot-separated parts.".into(),
            )),
        ),
        // an extra segment smuggled in
        row(
            "four segments",
            good_url(),
            token_ok(&format!("{}.x", jwt(&rs256(), &claims()))),
            id(IdTokenError::Malformed(
                "it does not have three dot-separated parts.".into(),
            )),
        ),
        // rp-id_token-iss: another issuer
        row(
            "iss mismatch",
            good_url(),
            with_token(claims_with(|c| {
                c.insert("iss".into(), json!("https://evil.example"));
            })),
            id(IdTokenError::IssuerMismatch {
                expected: ISSUER.into(),
                found: "https://evil.example".into(),
            }),
        ),
        // rp-id_token-aud: a token for another client
        row(
            "aud mismatch",
            good_url(),
            with_token(claims_with(|c| {
                c.insert("aud".into(), json!("other-client"));
            })),
            id(IdTokenError::AudienceMismatch),
        ),
        // several audiences and no azp (step 4)
        row(
            "multiple aud without azp",
            good_url(),
            with_token(claims_with(|c| {
                c.insert("aud".into(), json!([CLIENT, "api"]));
            })),
            id(IdTokenError::MissingAzp),
        ),
        // azp of another party (step 5)
        row(
            "azp mismatch",
            good_url(),
            with_token(claims_with(|c| {
                c.insert("aud".into(), json!([CLIENT, "api"]));
                c.insert("azp".into(), json!("api"));
            })),
            id(IdTokenError::AzpMismatch),
        ),
        // an old token replayed
        row(
            "exp in the past",
            good_url(),
            with_token(claims_with(|c| {
                c.insert("exp".into(), json!(NOW - 301));
            })),
            id(IdTokenError::Expired),
        ),
        // rp-id_token-iat: issued beyond the skew in the future
        row(
            "iat in the future beyond the skew",
            good_url(),
            with_token(claims_with(|c| {
                c.insert("iat".into(), json!(NOW + 301));
            })),
            id(IdTokenError::IssuedInFuture),
        ),
        // not valid yet
        row(
            "nbf in the future",
            good_url(),
            with_token(claims_with(|c| {
                c.insert("nbf".into(), json!(NOW + 3600));
            })),
            id(IdTokenError::NotYetValid),
        ),
        // token injection: no nonce
        row(
            "nonce missing",
            good_url(),
            with_token(claims_with(|c| {
                c.remove("nonce");
            })),
            id(IdTokenError::MissingNonce),
        ),
        // rp-nonce-invalid: another sign-in's token
        row(
            "nonce mismatch",
            good_url(),
            with_token(claims_with(|c| {
                c.insert("nonce".into(), json!("another-sign-in"));
            })),
            id(IdTokenError::NonceMismatch),
        ),
        // rp-id_token-sub: no user named
        row(
            "sub empty",
            good_url(),
            with_token(claims_with(|c| {
                c.insert("sub".into(), json!(""));
            })),
            id(IdTokenError::MissingSubject),
        ),
        // max_age: a stale provider session
        CallbackRow {
            pending: Some(max_age()),
            ..row(
                "max_age exceeded",
                good_url(),
                with_token(claims_with(|c| {
                    c.insert("auth_time".into(), json!(NOW - 60 - 301));
                })),
                id(IdTokenError::AuthTooOld),
            )
        },
        // max_age requested, auth_time withheld
        CallbackRow {
            pending: Some(max_age()),
            ..row(
                "auth_time missing with max_age",
                good_url(),
                with_token(claims_with(|c| {
                    c.remove("auth_time");
                })),
                id(IdTokenError::AuthTimeMissing),
            )
        },
        // access token substitution (OIDC Core §3.1.3.8)
        row(
            "at_hash mismatch",
            good_url(),
            http(
                200,
                json_ct,
                &json!({
                    "access_token": "a-swapped-access-token",
                    "token_type": "Bearer",
                    "id_token": jwt(&rs256(), &claims()),
                })
                .to_string(),
            ),
            id(IdTokenError::AccessTokenHashMismatch),
        ),
    ]
}

#[test]
fn hostile_callbacks_store_nothing() {
    let rows = callback_rows();
    let mut seen = Vec::new();
    for row in rows {
        assert!(!seen.contains(&row.attack), "duplicate row {}", row.attack);
        seen.push(row.attack);
        reset();
        if row.signed_in_before {
            signed_in(&row.config);
        }
        if let Some(options) = &row.pending {
            let p = pending(&row.config, options);
            store().set(PENDING_KEY, &p.to_storage_string()).unwrap();
        }
        let mut before = snapshot();
        let got = handle_callback(&row.config, &row.metadata, &row.url, &row.token_response);
        assert_eq!(got.as_ref().err(), Some(&row.expected), "{}", row.attack);
        // Nothing stored; the pending sign-in is gone (single use).
        before.remove(PENDING_KEY);
        assert_eq!(snapshot(), before, "{}: storage changed", row.attack);
        assert!(store().get(PENDING_KEY).is_none(), "{}", row.attack);
        // The reason shown holds no token.
        let shown = format!("{:?}", got.err());
        assert!(!shown.contains(SPEC_AT), "{}: {shown}", row.attack);
    }
    assert!(seen.len() >= 45, "{} rows", seen.len());
}

#[test]
fn the_good_callback_signs_in_once() {
    // The control for the table above: the same fixtures sign in.
    let config = config(json!({}));
    let session = signed_in(&config);
    assert_eq!(session.claims.sub, "248289761001");
    assert_eq!(session.access_token.secret(), SPEC_AT);
    assert_eq!(read_stored(&config).unwrap(), session);
    assert!(store().get(PENDING_KEY).is_none());
}

#[test]
fn hostile_discovery_documents() {
    let issuer = IssuerUrl::parse(ISSUER).unwrap();
    let doc = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
        let mut d = json!({
            "issuer": ISSUER,
            "authorization_endpoint": format!("{ISSUER}/authorize"),
            "token_endpoint": format!("{ISSUER}/token"),
            "jwks_uri": format!("{ISSUER}/jwks"),
            "code_challenge_methods_supported": ["S256"],
        });
        if let Some(map) = d.as_object_mut() {
            f(map);
        }
        http(200, Some("application/json"), &d.to_string())
    };
    // (attack, response, expected)
    let rows: Vec<(&str, HttpResponse, DiscoveryError)> = vec![
        // Discovery §4.3: a document naming another issuer (mix-up)
        (
            "issuer mismatch",
            doc(&|d| {
                d.insert("issuer".into(), json!("https://evil.example"));
            }),
            DiscoveryError::IssuerMismatch {
                expected: ISSUER.into(),
                found: "https://evil.example".into(),
            },
        ),
        // a cleartext token endpoint for an https issuer
        (
            "http token endpoint",
            doc(&|d| {
                d.insert("token_endpoint".into(), json!("http://op.example/token"));
            }),
            DiscoveryError::InvalidField {
                field: "token_endpoint".into(),
                reason: String::new(),
            },
        ),
        // a JSON array
        (
            "non-object JSON",
            http(200, Some("application/json"), "[]"),
            DiscoveryError::Refused(ResponseRefused::NotAnObject),
        ),
        // PKCE downgrade: S256 not offered
        (
            "no S256",
            doc(&|d| {
                d.insert("code_challenge_methods_supported".into(), json!(["plain"]));
            }),
            DiscoveryError::PkceS256Unsupported,
        ),
    ];
    reset();
    let before = snapshot();
    for (attack, response, expected) in rows {
        let got = ProviderMetadata::from_discovery_response(&issuer, &response);
        match (&got, &expected) {
            // The reason is worded by the URL parser; the variant and field are the point.
            (
                Err(DiscoveryError::InvalidField { field, .. }),
                DiscoveryError::InvalidField { field: want, .. },
            ) => assert_eq!(field, want, "{attack}"),
            _ => assert_eq!(got.as_ref().err(), Some(&expected), "{attack}"),
        }
        assert_eq!(snapshot(), before, "{attack}");
    }
}

#[test]
fn hostile_refreshes_keep_the_session() {
    let config = config(json!({}));
    let refreshed = |f: &dyn Fn(&mut serde_json::Map<String, Value>)| {
        let mut c = claims();
        if let Some(map) = c.as_object_mut() {
            map.remove("nonce");
            f(map);
        }
        token_ok(&jwt(&rs256(), &c))
    };
    // (attack, response, expected)
    let rows: Vec<(&str, HttpResponse, Failure)> = vec![
        // OIDC Core §12.2: a refreshed ID token for another user
        (
            "refreshed ID token with another sub",
            refreshed(&|c| {
                c.insert("sub".into(), json!("someone-else"));
            }),
            Failure::RefreshApply(RefreshError::IdTokenMismatch("sub".into())),
        ),
        // a refreshed ID token from another issuer
        (
            "refreshed ID token with another iss",
            refreshed(&|c| {
                c.insert("iss".into(), json!("https://evil.example"));
            }),
            Failure::Auth(AuthError::IdToken(IdTokenError::IssuerMismatch {
                expected: ISSUER.into(),
                found: "https://evil.example".into(),
            })),
        ),
        // the refresh token was revoked
        (
            "refresh error JSON",
            http(
                400,
                Some("application/json"),
                r#"{"error":"invalid_grant","error_description":"revoked"}"#,
            ),
            Failure::Refresh(RefreshFailure::SignOut(
                SignOutReason::RefreshTokenRejected {
                    error: "invalid_grant".into(),
                    description: Some("revoked".into()),
                },
            )),
        ),
        // access token substitution at refresh
        (
            "refresh at_hash mismatch",
            http(
                200,
                Some("application/json"),
                &json!({
                    "access_token": "a-swapped-access-token",
                    "token_type": "Bearer",
                    "id_token": jwt(&rs256(), &claims()),
                })
                .to_string(),
            ),
            Failure::Auth(AuthError::IdToken(IdTokenError::AccessTokenHashMismatch)),
        ),
    ];
    for (attack, response, expected) in rows {
        signed_in(&config);
        let before = snapshot();
        let got = refresh(&config, &response);
        assert_eq!(got.err(), Some(expected), "{attack}");
        assert_eq!(snapshot(), before, "{attack}: storage changed");
    }
}

#[test]
fn userinfo_for_another_user_is_refused() {
    // rp-userinfo-bad-sub-claim (OIDC Core §5.3.2)
    let config = config(json!({}));
    let session = signed_in(&config);
    let before = snapshot();
    let got = parse_userinfo_response(
        &http(
            200,
            Some("application/json"),
            r#"{"sub":"someone-else","email":"x@evil.example"}"#,
        ),
        &session.claims.sub,
    )
    .map_err(Failure::Userinfo);
    assert_eq!(
        got.err(),
        Some(Failure::Userinfo(UserinfoError::UserinfoSubjectMismatch))
    );
    assert_eq!(snapshot(), before);
}

#[test]
fn corrupt_storage_reads_as_signed_out() {
    let config = config(json!({}));
    let good = signed_in(&config).to_storage_string();
    let other_issuer = good.replace(ISSUER, "https://evil.example");
    // (attack, stored session value, expected)
    let rows: Vec<(&str, String, StorageError)> = vec![
        // random bytes in the session key
        (
            "random bytes",
            String::from_utf8_lossy(&[0x9f, 0x00, 0xff, 0x13, 0x37, 0xc3]).into_owned(),
            StorageError::Corrupt,
        ),
        // valid JSON of the wrong shape
        (
            "wrong JSON",
            r#"{"v":1,"access_token":42}"#.into(),
            StorageError::Corrupt,
        ),
        // a session written by an older page
        (
            "old version",
            good.replace("\"v\":1", "\"v\":0"),
            StorageError::UnsupportedVersion { found: Some(0) },
        ),
        // a session for another provider planted in storage
        ("foreign issuer", other_issuer, StorageError::Foreign),
    ];
    for (attack, stored, expected) in rows {
        reset();
        store().set(SESSION_KEY, &stored).unwrap();
        assert_eq!(
            read_stored(&config).err(),
            Some(Failure::Storage(expected)),
            "{attack}"
        );
        // Signed out: the corrupt value is deleted, nothing else written.
        assert!(snapshot().is_empty(), "{attack}");
    }
    // A corrupt pending sign-in counts as none: the callback is refused.
    reset();
    store().set(PENDING_KEY, "{\"v\":1,\"state\":[]}").unwrap();
    assert_eq!(
        handle_callback(&config, &metadata(), &good_url(), &token_ok("x")).err(),
        Some(Failure::Auth(AuthError::Callback(
            CallbackError::NoPendingAuthorization
        )))
    );
    assert!(snapshot().is_empty());
}
