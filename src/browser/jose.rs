//! ID-token signatures checked with the provider's JSON Web Key Set and the
//! browser's WebCrypto (`crypto.subtle.importKey` + `verify`).
//!
//! The key set is fetched from `jwks_uri` on first use and kept in memory and
//! in `sessionStorage` (`lha/v1/jwks`, public data, at most a day old), so a
//! sign-in after a redirect does not fetch it again. A token whose `kid` is not in the cached set makes the set be
//! fetched again, once for that token (the provider rotated its keys,
//! OpenID Connect Core 1.0 §10.1.1); a token without `kid` whose signature no
//! cached key verifies does the same. Never more than one refetch per token,
//! so a hostile token cannot make the page loop on the provider.
//!
//! The algorithm is checked against the allowed list before any key is looked
//! at: `none` and HMAC never reach this code (the core refuses them when it
//! decodes the header), and an allowed-but-unlisted one is refused here.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::{
    jwks_request, DecodedIdToken, EndpointUrl, IdTokenError, IdTokenSignatureVerifier,
    JsonWebKeySet, JwsAlgorithm, KeyLookup, PublicJwk, PublicKeyParameters, SignatureFamily,
};

use super::http;
use super::storage::{KeyValueStore, WebStorageArea, WebStore, JWKS_KEY};

/// How long a stored key set is trusted before it is fetched again.
const STORED_JWKS_MAX_AGE_SECS: u64 = 24 * 3600;

/// The provider's key set, cached for the life of the page. Cheap to clone.
#[derive(Clone, Default)]
pub struct JwksCache {
    inner: Rc<RefCell<Option<CachedSet>>>,
}

#[derive(Clone)]
struct CachedSet {
    uri: String,
    set: Rc<JsonWebKeySet>,
}

impl std::fmt::Debug for JwksCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = self.inner.borrow().as_ref().map(|c| c.set.keys().len());
        f.debug_struct("JwksCache").field("keys", &keys).finish()
    }
}

impl JwksCache {
    /// An empty cache.
    pub fn new() -> JwksCache {
        JwksCache::default()
    }

    fn cached(&self, uri: &str) -> Option<Rc<JsonWebKeySet>> {
        let in_memory = self
            .inner
            .borrow()
            .as_ref()
            .filter(|c| c.uri == uri)
            .map(|c| c.set.clone());
        if in_memory.is_some() {
            return in_memory;
        }
        let set = Rc::new(read_stored(uri)?);
        *self.inner.borrow_mut() = Some(CachedSet {
            uri: uri.to_owned(),
            set: set.clone(),
        });
        Some(set)
    }

    /// Fetches the set from `uri` and caches it. A failed fetch keeps the
    /// previous set.
    ///
    /// Not reaching the set (network, an HTTP error status, a body that is
    /// not JSON, such as a proxy's page) is
    /// [`IdTokenError::SigningKeysUnavailable`], a passing failure; a JSON
    /// document that is not a usable key set is the provider's mistake and
    /// refuses the token.
    pub async fn fetch(&self, uri: &EndpointUrl) -> Result<Rc<JsonWebKeySet>, IdTokenError> {
        let unavailable = |why: String| IdTokenError::SigningKeysUnavailable(why);
        let response = http::send(&jwks_request(uri), http::DEFAULT_TIMEOUT)
            .await
            .map_err(|e| unavailable(e.to_string()))?;
        if !response.is_success() {
            return Err(unavailable(format!("HTTP {}", response.status)));
        }
        let body = response.json_body().map_err(|why| {
            unavailable(format!(
                "the answer was refused: {}",
                why.to_string().trim_end_matches('.')
            ))
        })?;
        let set = JsonWebKeySet::from_json(body)
            .map(Rc::new)
            .map_err(|e| IdTokenError::SignatureUnverifiable(e.to_string()))?;
        *self.inner.borrow_mut() = Some(CachedSet {
            uri: uri.as_str().to_owned(),
            set: set.clone(),
        });
        write_stored(uri.as_str(), body);
        Ok(set)
    }
}

/// The stored form: `{"v":1,"uri":…,"fetched_at":…,"jwks":"<the document>"}`.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredJwks {
    v: u32,
    uri: String,
    fetched_at: u64,
    jwks: String,
}

/// The stored set for `uri`, if it is there, readable, fresh and parses.
/// Anything else is removed (corrupt or foreign data is never trusted).
fn read_stored(uri: &str) -> Option<JsonWebKeySet> {
    let store = WebStore::new(WebStorageArea::Session).ok()?;
    let raw = store.get(JWKS_KEY)?;
    let now = super::now().as_secs();
    let usable = serde_json::from_str::<StoredJwks>(&raw)
        .ok()
        .filter(|s| s.v == 1 && s.uri == uri)
        .filter(|s| s.fetched_at <= now && now - s.fetched_at < STORED_JWKS_MAX_AGE_SECS)
        .and_then(|s| JsonWebKeySet::from_json(&s.jwks).ok());
    if usable.is_none() {
        store.remove(JWKS_KEY);
    }
    usable
}

/// Best effort: a full or disabled storage only costs a fetch later.
fn write_stored(uri: &str, body: &str) {
    let Ok(store) = WebStore::new(WebStorageArea::Session) else {
        return;
    };
    let stored = StoredJwks {
        v: 1,
        uri: uri.to_owned(),
        fetched_at: super::now().as_secs(),
        jwks: body.to_owned(),
    };
    if let Ok(text) = serde_json::to_string(&stored) {
        // Ignored on purpose: the set is cached in memory anyway.
        let _ = store.set(JWKS_KEY, &text);
    }
}

/// Verifies ID-token signatures with the keys at `jwks_uri`.
#[derive(Debug)]
pub struct WebCryptoVerifier<'a> {
    /// The key-set cache shared by every verification on this page.
    pub cache: &'a JwksCache,
    /// The provider's `jwks_uri` (`None`: the provider publishes no keys, so
    /// nothing can be verified).
    pub jwks_uri: Option<&'a EndpointUrl>,
    /// The algorithms the configuration allows.
    pub allowed: &'a [JwsAlgorithm],
}

impl IdTokenSignatureVerifier for WebCryptoVerifier<'_> {
    fn verify<'b>(
        &'b self,
        token: &'b DecodedIdToken,
    ) -> Pin<Box<dyn Future<Output = Result<(), IdTokenError>> + 'b>> {
        Box::pin(self.check(token))
    }
}

impl WebCryptoVerifier<'_> {
    async fn check(&self, token: &DecodedIdToken) -> Result<(), IdTokenError> {
        let alg = JwsAlgorithm::from_name(&token.header.alg)
            .filter(|a| self.allowed.contains(a))
            .ok_or_else(|| {
                IdTokenError::UnsupportedAlgorithm(crate::core::types::shorten(
                    &token.header.alg,
                    20,
                ))
            })?;
        // RFC 7518 §3.4: an ECDSA signature is exactly r || s.
        if alg
            .ecdsa_signature_len()
            .is_some_and(|len| token.signature.len() != len)
        {
            return Err(IdTokenError::SignatureInvalid);
        }
        let uri = self.jwks_uri.ok_or_else(|| {
            IdTokenError::SignatureUnverifiable(
                "the provider publishes no signing keys (no jwks_uri)".into(),
            )
        })?;
        let subtle = subtle()?;
        let kid = token.header.kid.as_deref();
        let (mut set, mut fresh) = match self.cache.cached(uri.as_str()) {
            Some(set) => (set, false),
            None => (self.cache.fetch(uri).await?, true),
        };
        loop {
            match set.lookup(alg, kid) {
                KeyLookup::Candidates(keys) => {
                    for key in keys {
                        if verify_with(&subtle, key, alg, token).await? {
                            return Ok(());
                        }
                    }
                    // A named key that does not verify is a forgery; without
                    // a kid the signer may be a key published since.
                    if kid.is_some() || fresh {
                        return Err(IdTokenError::SignatureInvalid);
                    }
                }
                KeyLookup::UnknownKid => {
                    if fresh {
                        return Err(IdTokenError::SignatureUnverifiable(format!(
                            "the provider publishes no key with id \"{}\"",
                            crate::core::types::shorten(kid.unwrap_or_default(), 40)
                        )));
                    }
                }
                KeyLookup::NoFittingKey => {
                    if kid.is_some() || fresh {
                        return Err(IdTokenError::SignatureUnverifiable(format!(
                            "the provider publishes no {alg} key{}",
                            kid.map(|k| format!(
                                " with id \"{}\"",
                                crate::core::types::shorten(k, 40)
                            ))
                            .unwrap_or_default()
                        )));
                    }
                }
            }
            // Only reached with a set cached before this token arrived: fetch
            // it again, once.
            set = self.cache.fetch(uri).await?;
            fresh = true;
        }
    }
}

fn subtle() -> Result<web_sys::SubtleCrypto, IdTokenError> {
    let unavailable = || {
        IdTokenError::SignatureUnverifiable(
            "this browser offers no WebCrypto here (the page must be served over HTTPS or from localhost)"
                .into(),
        )
    };
    let window = web_sys::window().ok_or_else(unavailable)?;
    let crypto = window.crypto().map_err(|_| unavailable())?;
    // `crypto.subtle` is undefined outside secure contexts.
    let subtle = Reflect::get(&crypto, &JsValue::from_str("subtle")).map_err(|_| unavailable())?;
    if subtle.is_undefined() || subtle.is_null() {
        return Err(unavailable());
    }
    subtle
        .dyn_into::<web_sys::SubtleCrypto>()
        .map_err(|_| unavailable())
}

/// Whether `key` verifies the token's signature. An import failure (a key
/// WebCrypto refuses) counts as "does not verify", so another candidate can
/// still be tried; a `verify` that throws is reported.
async fn verify_with(
    subtle: &web_sys::SubtleCrypto,
    key: &PublicJwk,
    alg: JwsAlgorithm,
    token: &DecodedIdToken,
) -> Result<bool, IdTokenError> {
    let family = alg.family();
    let jwk = match &key.params {
        PublicKeyParameters::Rsa { n, e } => {
            object(&[("kty", "RSA".into()), ("n", n.into()), ("e", e.into())])
        }
        PublicKeyParameters::Ec { crv, x, y } => object(&[
            ("kty", "EC".into()),
            ("crv", crv.name().into()),
            ("x", x.into()),
            ("y", y.into()),
        ]),
    }?;
    let import_algorithm = match family {
        SignatureFamily::RsaPkcs1 | SignatureFamily::RsaPss => object(&[
            ("name", family.webcrypto_name().into()),
            ("hash", alg.hash_name().into()),
        ]),
        SignatureFamily::Ecdsa(curve) => object(&[
            ("name", family.webcrypto_name().into()),
            ("namedCurve", curve.name().into()),
        ]),
    }?;
    let verify_algorithm = match family {
        SignatureFamily::RsaPkcs1 => object(&[("name", family.webcrypto_name().into())]),
        SignatureFamily::RsaPss => object(&[
            ("name", family.webcrypto_name().into()),
            ("saltLength", alg.hash_len().into()),
        ]),
        SignatureFamily::Ecdsa(_) => object(&[
            ("name", family.webcrypto_name().into()),
            ("hash", alg.hash_name().into()),
        ]),
    }?;
    let usages = js_sys::Array::of1(&JsValue::from_str("verify"));
    let Ok(promise) = subtle.import_key_with_object("jwk", &jwk, &import_algorithm, false, &usages)
    else {
        return Ok(false);
    };
    let Ok(crypto_key) = JsFuture::from(promise).await else {
        return Ok(false);
    };
    let Ok(crypto_key) = crypto_key.dyn_into::<web_sys::CryptoKey>() else {
        return Ok(false);
    };
    let verdict = subtle
        .verify_with_object_and_u8_array_and_u8_array(
            &verify_algorithm,
            &crypto_key,
            &token.signature,
            token.signing_input.as_bytes(),
        )
        .map_err(|e| webcrypto_failed(&e))?;
    let verdict = JsFuture::from(verdict)
        .await
        .map_err(|e| webcrypto_failed(&e))?;
    Ok(verdict.as_bool() == Some(true))
}

fn webcrypto_failed(e: &JsValue) -> IdTokenError {
    let what = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "an unknown error".into());
    IdTokenError::SignatureUnverifiable(format!(
        "WebCrypto could not check it ({})",
        crate::core::types::shorten(&what, 120)
    ))
}

fn object(entries: &[(&str, JsValue)]) -> Result<Object, IdTokenError> {
    let obj = Object::new();
    for (name, value) in entries {
        Reflect::set(&obj, &JsValue::from_str(name), value).map_err(|e| webcrypto_failed(&e))?;
    }
    Ok(obj)
}
