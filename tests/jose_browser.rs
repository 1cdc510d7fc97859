//! ID-token signature verification with WebCrypto, in headless Chromium.
//!
//! Run with `cargo test --target wasm32-unknown-unknown --test jose_browser`
//! (scripts/test.sh does). Known-answer vectors: RFC 7515 Appendix A.2
//! (RS256) and A.3 (ES256), with their public keys. PS256, key rotation and
//! forged tokens against a real provider are in tests/e2e/signatures.test.mjs.
#![cfg(target_arch = "wasm32")]

use leptos_hosted_auth::browser::jose::{JwksCache, WebCryptoVerifier};
use leptos_hosted_auth::browser::storage::{KeyValueStore, WebStorageArea, WebStore, JWKS_KEY};
use leptos_hosted_auth::core::{
    DecodedIdToken, EndpointUrl, IdTokenError, IdTokenSignatureVerifier, JoseHeader, JwsAlgorithm,
};
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A key-set address nothing listens on: a refetch fails, so only the stored
/// set can be used.
const JWKS_URI: &str = "http://127.0.0.1:9/jwks";

// RFC 7515 A.2.1: the RSA public key.
const A2_N: &str = "ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ";
// RFC 7515 A.2.1: the JWS Signing Input and the signature.
const A2_INPUT: &str = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A2_SIG: &str = "cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw";
// RFC 7515 A.3.1: the P-256 public key, the signing input and the signature.
const A3_X: &str = "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU";
const A3_Y: &str = "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0";
const A3_INPUT: &str = "eyJhbGciOiJFUzI1NiJ9.eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
const A3_SIG: &str =
    "DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q";

fn b64(s: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(s)
        .unwrap()
}

fn rsa_key(kid: &str) -> serde_json::Value {
    json!({"kty": "RSA", "kid": kid, "n": A2_N, "e": "AQAB"})
}

fn ec_key(kid: &str) -> serde_json::Value {
    json!({"kty": "EC", "crv": "P-256", "kid": kid, "x": A3_X, "y": A3_Y})
}

/// Puts `keys` in sessionStorage as the cached set for [`JWKS_URI`].
fn store_keys(keys: serde_json::Value) {
    let now = (js_sys::Date::now() / 1000.0) as u64;
    let stored = json!({
        "v": 1,
        "uri": JWKS_URI,
        "fetched_at": now,
        "jwks": json!({"keys": keys}).to_string(),
    });
    WebStore::new(WebStorageArea::Session)
        .unwrap()
        .set(JWKS_KEY, &stored.to_string())
        .unwrap();
}

fn token(alg: &str, kid: Option<&str>, input: &str, signature: Vec<u8>) -> DecodedIdToken {
    DecodedIdToken {
        header: JoseHeader {
            alg: alg.into(),
            kid: kid.map(str::to_owned),
            typ: None,
        },
        claims: serde_json::from_value(json!({
            "iss": "joe", "sub": "joe", "aud": "client", "exp": 1300819380u64, "iat": 0
        }))
        .unwrap(),
        signing_input: input.into(),
        signature,
    }
}

async fn verify(token: &DecodedIdToken, allowed: &[JwsAlgorithm]) -> Result<(), IdTokenError> {
    let cache = JwksCache::new();
    let uri = EndpointUrl::parse(JWKS_URI).unwrap();
    WebCryptoVerifier {
        cache: &cache,
        jwks_uri: Some(&uri),
        allowed,
    }
    .verify(token)
    .await
}

const DEFAULT: &[JwsAlgorithm] = &[
    JwsAlgorithm::Rs256,
    JwsAlgorithm::Ps256,
    JwsAlgorithm::Es256,
];

#[wasm_bindgen_test]
async fn rfc7515_a2_rs256_verifies_with_its_key() {
    store_keys(json!([rsa_key("a2"), ec_key("a3")]));
    let t = token("RS256", Some("a2"), A2_INPUT, b64(A2_SIG));
    assert_eq!(verify(&t, DEFAULT).await, Ok(()));
    // Without a kid, the one RSA key in the set is found by type.
    let t = token("RS256", None, A2_INPUT, b64(A2_SIG));
    assert_eq!(verify(&t, DEFAULT).await, Ok(()));
}

#[wasm_bindgen_test]
async fn rfc7515_a3_es256_verifies_with_its_key() {
    store_keys(json!([rsa_key("a2"), ec_key("a3")]));
    let t = token("ES256", Some("a3"), A3_INPUT, b64(A3_SIG));
    assert_eq!(verify(&t, DEFAULT).await, Ok(()));
}

#[wasm_bindgen_test]
async fn a_changed_bit_or_input_is_refused() {
    store_keys(json!([rsa_key("a2"), ec_key("a3")]));
    let mut sig = b64(A2_SIG);
    sig[10] ^= 1;
    let t = token("RS256", Some("a2"), A2_INPUT, sig);
    assert_eq!(
        verify(&t, DEFAULT).await,
        Err(IdTokenError::SignatureInvalid)
    );
    // The ES256 signature over the RS256 input (payload swap).
    let t = token("ES256", Some("a3"), A2_INPUT, b64(A3_SIG));
    assert_eq!(
        verify(&t, DEFAULT).await,
        Err(IdTokenError::SignatureInvalid)
    );
    // A truncated ECDSA signature never reaches WebCrypto.
    let t = token("ES256", Some("a3"), A3_INPUT, b64(A3_SIG)[..63].to_vec());
    assert_eq!(
        verify(&t, DEFAULT).await,
        Err(IdTokenError::SignatureInvalid)
    );
}

#[wasm_bindgen_test]
async fn an_rs256_signature_relabelled_ps256_is_refused() {
    // Algorithm confusion on the same RSA key: PKCS#1 v1.5 is not PSS.
    store_keys(json!([rsa_key("a2")]));
    let t = token("PS256", Some("a2"), A2_INPUT, b64(A2_SIG));
    assert_eq!(
        verify(&t, DEFAULT).await,
        Err(IdTokenError::SignatureInvalid)
    );
}

#[wasm_bindgen_test]
async fn an_rsa_kid_in_an_es256_header_is_refused() {
    store_keys(json!([rsa_key("a2"), ec_key("a3")]));
    let t = token("ES256", Some("a2"), A3_INPUT, b64(A3_SIG));
    assert!(matches!(
        verify(&t, DEFAULT).await,
        Err(IdTokenError::SignatureUnverifiable(_))
    ));
}

#[wasm_bindgen_test]
async fn an_algorithm_the_configuration_does_not_allow_is_refused() {
    store_keys(json!([rsa_key("a2"), ec_key("a3")]));
    let t = token("ES256", Some("a3"), A3_INPUT, b64(A3_SIG));
    assert_eq!(
        verify(&t, &[JwsAlgorithm::Rs256]).await,
        Err(IdTokenError::UnsupportedAlgorithm("ES256".into()))
    );
    let t = token("HS256", None, A3_INPUT, b64(A3_SIG));
    assert_eq!(
        verify(&t, DEFAULT).await,
        Err(IdTokenError::UnsupportedAlgorithm("HS256".into()))
    );
}

#[wasm_bindgen_test]
async fn an_unknown_kid_refetches_once_then_gives_up_in_words() {
    // The stored set lacks the kid; the refetch cannot reach anything.
    store_keys(json!([rsa_key("a2")]));
    let t = token("RS256", Some("rotated"), A2_INPUT, b64(A2_SIG));
    // Keys out of reach are a passing failure (a refresh keeps the session),
    // told apart from a token no published key can verify.
    match verify(&t, DEFAULT).await {
        Err(e @ IdTokenError::SigningKeysUnavailable(_)) => {
            assert!(e.is_retryable());
            assert!(e.to_string().contains("could not be fetched"), "{e}");
        }
        other => panic!("expected unavailable signing keys, got {other:?}"),
    }
}

#[wasm_bindgen_test]
async fn a_corrupt_or_foreign_stored_set_is_removed_not_trusted() {
    let store = WebStore::new(WebStorageArea::Session).unwrap();
    for corrupt in [
        "\u{0}\u{ff}garbage".to_owned(),
        "{\"v\":1}".to_owned(),
        json!({"v": 2, "uri": JWKS_URI, "fetched_at": 0, "jwks": "{}"}).to_string(),
        json!({"v": 1, "uri": "http://elsewhere/jwks", "fetched_at": 0, "jwks": "{}"}).to_string(),
    ] {
        store.set(JWKS_KEY, &corrupt).unwrap();
        let t = token("RS256", Some("a2"), A2_INPUT, b64(A2_SIG));
        // Not trusted: the set is fetched again (unreachable here).
        assert!(matches!(
            verify(&t, DEFAULT).await,
            Err(IdTokenError::SigningKeysUnavailable(_))
        ));
        assert_eq!(store.get(JWKS_KEY), None, "{corrupt}");
    }
}
