//! The provider's signing keys: a JSON Web Key Set (RFC 7517) parsed into
//! public keys the browser can hand to WebCrypto, and the rules that pick the
//! key an ID token names.
//!
//! Parsing follows RFC 7517 §5: keys of a type this crate does not verify
//! with, keys missing a member, keys out of range, keys for encryption
//! (`use: "enc"`) and keys carrying private material are skipped, not fatal;
//! a set with no usable key at all is an error. Key selection follows OpenID
//! Connect Core 1.0 §10.1.1: by `kid` when the header has one (an unknown
//! `kid` means the provider rotated its keys: refetch the set once), and by
//! type when it has none.

use std::fmt;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::{Map, Value};

use super::http::{HttpMethod, HttpRequest};
use super::types::{shorten, EndpointUrl};

/// The most keys a set may hold. Real providers publish two to four; a set
/// with hundreds is an attack on the time spent trying them.
pub const MAX_JWKS_KEYS: usize = 64;

/// The JWS algorithms (RFC 7518 §3.1) whose signatures can be verified with
/// WebCrypto. `none` and the HMAC family are absent on purpose: a public
/// client has no secret, and an unsigned token proves nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JwsAlgorithm {
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    Rs256,
    /// RSASSA-PKCS1-v1_5 with SHA-384.
    Rs384,
    /// RSASSA-PKCS1-v1_5 with SHA-512.
    Rs512,
    /// RSASSA-PSS with SHA-256 and MGF1 with SHA-256.
    Ps256,
    /// RSASSA-PSS with SHA-384.
    Ps384,
    /// RSASSA-PSS with SHA-512.
    Ps512,
    /// ECDSA with P-256 and SHA-256.
    Es256,
    /// ECDSA with P-384 and SHA-384.
    Es384,
    /// ECDSA with P-521 and SHA-512.
    Es512,
}

impl JwsAlgorithm {
    /// The algorithm named by a JOSE header's `alg`, if it is one of these.
    #[must_use]
    pub fn from_name(alg: &str) -> Option<JwsAlgorithm> {
        Some(match alg {
            "RS256" => JwsAlgorithm::Rs256,
            "RS384" => JwsAlgorithm::Rs384,
            "RS512" => JwsAlgorithm::Rs512,
            "PS256" => JwsAlgorithm::Ps256,
            "PS384" => JwsAlgorithm::Ps384,
            "PS512" => JwsAlgorithm::Ps512,
            "ES256" => JwsAlgorithm::Es256,
            "ES384" => JwsAlgorithm::Es384,
            "ES512" => JwsAlgorithm::Es512,
            _ => return None,
        })
    }

    /// The `alg` name.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            JwsAlgorithm::Rs256 => "RS256",
            JwsAlgorithm::Rs384 => "RS384",
            JwsAlgorithm::Rs512 => "RS512",
            JwsAlgorithm::Ps256 => "PS256",
            JwsAlgorithm::Ps384 => "PS384",
            JwsAlgorithm::Ps512 => "PS512",
            JwsAlgorithm::Es256 => "ES256",
            JwsAlgorithm::Es384 => "ES384",
            JwsAlgorithm::Es512 => "ES512",
        }
    }

    /// The WebCrypto hash name (`"SHA-256"`, ...).
    #[must_use]
    pub const fn hash_name(self) -> &'static str {
        match self {
            JwsAlgorithm::Rs256 | JwsAlgorithm::Ps256 | JwsAlgorithm::Es256 => "SHA-256",
            JwsAlgorithm::Rs384 | JwsAlgorithm::Ps384 | JwsAlgorithm::Es384 => "SHA-384",
            JwsAlgorithm::Rs512 | JwsAlgorithm::Ps512 | JwsAlgorithm::Es512 => "SHA-512",
        }
    }

    /// The hash output length in bytes (the RSA-PSS salt length, RFC 7518 §3.5).
    #[must_use]
    pub const fn hash_len(self) -> u32 {
        match self {
            JwsAlgorithm::Rs256 | JwsAlgorithm::Ps256 | JwsAlgorithm::Es256 => 32,
            JwsAlgorithm::Rs384 | JwsAlgorithm::Ps384 | JwsAlgorithm::Es384 => 48,
            JwsAlgorithm::Rs512 | JwsAlgorithm::Ps512 | JwsAlgorithm::Es512 => 64,
        }
    }

    /// The key family this algorithm verifies with.
    #[must_use]
    pub const fn family(self) -> SignatureFamily {
        match self {
            JwsAlgorithm::Rs256 | JwsAlgorithm::Rs384 | JwsAlgorithm::Rs512 => {
                SignatureFamily::RsaPkcs1
            }
            JwsAlgorithm::Ps256 | JwsAlgorithm::Ps384 | JwsAlgorithm::Ps512 => {
                SignatureFamily::RsaPss
            }
            JwsAlgorithm::Es256 => SignatureFamily::Ecdsa(EcCurve::P256),
            JwsAlgorithm::Es384 => SignatureFamily::Ecdsa(EcCurve::P384),
            JwsAlgorithm::Es512 => SignatureFamily::Ecdsa(EcCurve::P521),
        }
    }

    /// The exact signature length for ECDSA (`r || s`, RFC 7518 §3.4);
    /// `None` for RSA, whose length is the modulus length.
    #[must_use]
    pub const fn ecdsa_signature_len(self) -> Option<usize> {
        match self.family() {
            SignatureFamily::Ecdsa(curve) => Some(2 * curve.coordinate_len()),
            _ => None,
        }
    }
}

impl fmt::Display for JwsAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How a signature is computed, as WebCrypto names the families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SignatureFamily {
    /// `RSASSA-PKCS1-v1_5`
    RsaPkcs1,
    /// `RSA-PSS`
    RsaPss,
    /// `ECDSA` on a curve.
    Ecdsa(EcCurve),
}

impl SignatureFamily {
    /// The WebCrypto algorithm name.
    #[must_use]
    pub const fn webcrypto_name(self) -> &'static str {
        match self {
            SignatureFamily::RsaPkcs1 => "RSASSA-PKCS1-v1_5",
            SignatureFamily::RsaPss => "RSA-PSS",
            SignatureFamily::Ecdsa(_) => "ECDSA",
        }
    }
}

/// The elliptic curves of RFC 7518 §6.2.1.1.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EcCurve {
    /// `P-256`
    P256,
    /// `P-384`
    P384,
    /// `P-521`
    P521,
}

impl EcCurve {
    fn from_name(crv: &str) -> Option<EcCurve> {
        match crv {
            "P-256" => Some(EcCurve::P256),
            "P-384" => Some(EcCurve::P384),
            "P-521" => Some(EcCurve::P521),
            _ => None,
        }
    }

    /// The `crv` name, which is also WebCrypto's `namedCurve`.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            EcCurve::P256 => "P-256",
            EcCurve::P384 => "P-384",
            EcCurve::P521 => "P-521",
        }
    }

    /// The length of one coordinate in bytes (RFC 7518 §6.2.1.2).
    #[must_use]
    pub const fn coordinate_len(self) -> usize {
        match self {
            EcCurve::P256 => 32,
            EcCurve::P384 => 48,
            EcCurve::P521 => 66,
        }
    }
}

/// A public key's parameters, base64url as published (WebCrypto imports the
/// JWK members as they are). Each was checked to decode to a sane length.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PublicKeyParameters {
    /// An RSA key (RFC 7518 §6.3.1).
    Rsa {
        /// The modulus.
        n: String,
        /// The public exponent.
        e: String,
    },
    /// An elliptic-curve key (RFC 7518 §6.2.1).
    Ec {
        /// The curve.
        crv: EcCurve,
        /// The x coordinate.
        x: String,
        /// The y coordinate.
        y: String,
    },
}

/// One usable signature-verification key from the set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PublicJwk {
    /// `kid`, if the key has one.
    pub kid: Option<String>,
    /// `alg`, if the key is restricted to one algorithm.
    pub alg: Option<String>,
    /// The key itself.
    pub params: PublicKeyParameters,
}

impl PublicJwk {
    /// Whether this key can verify a signature made with `alg`.
    #[must_use]
    pub fn fits(&self, alg: JwsAlgorithm) -> bool {
        if self.alg.as_deref().is_some_and(|a| a != alg.name()) {
            return false;
        }
        match (&self.params, alg.family()) {
            (PublicKeyParameters::Rsa { .. }, SignatureFamily::RsaPkcs1)
            | (PublicKeyParameters::Rsa { .. }, SignatureFamily::RsaPss) => true,
            (PublicKeyParameters::Ec { crv, .. }, SignatureFamily::Ecdsa(want)) => *crv == want,
            _ => false,
        }
    }
}

/// Why a key set was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JwksError {
    /// The document is not a JSON object with a `keys` array.
    #[error("The provider's signing keys (JWKS) are not a JSON Web Key Set: {0}")]
    Malformed(String),
    /// More keys than [`MAX_JWKS_KEYS`].
    #[error(
        "The provider's signing keys (JWKS) hold {0} keys, more than the {MAX_JWKS_KEYS} accepted."
    )]
    TooManyKeys(usize),
    /// No key in the set can verify signatures here.
    #[error("The provider publishes no signing key this page can use ({0} skipped).")]
    NoUsableKey(usize),
}

/// A parsed JSON Web Key Set: only the usable public signing keys.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonWebKeySet {
    keys: Vec<PublicJwk>,
    skipped: usize,
}

/// What the set offers for one ID token.
#[derive(Debug, PartialEq, Eq)]
pub enum KeyLookup<'a> {
    /// These keys may have signed it: try each (usually exactly one).
    Candidates(Vec<&'a PublicJwk>),
    /// The header names a `kid` the set does not have: the provider may have
    /// rotated its keys, so the set is worth fetching again (once).
    UnknownKid,
    /// No key of the right type: refetching will not help if the `kid` is
    /// known (its key is of another type), so this is final.
    NoFittingKey,
}

impl JsonWebKeySet {
    /// Parses a JWK Set document (RFC 7517 §5).
    pub fn from_json(body: &str) -> Result<JsonWebKeySet, JwksError> {
        let value: Value = serde_json::from_str(body)
            .map_err(|_| JwksError::Malformed("the body is not JSON.".into()))?;
        let Value::Object(doc) = value else {
            return Err(JwksError::Malformed(
                "the body is not a JSON object.".into(),
            ));
        };
        let Some(Value::Array(entries)) = doc.get("keys") else {
            return Err(JwksError::Malformed("it has no `keys` array.".into()));
        };
        if entries.len() > MAX_JWKS_KEYS {
            return Err(JwksError::TooManyKeys(entries.len()));
        }
        let mut keys = Vec::new();
        let mut skipped = 0;
        for entry in entries {
            match entry.as_object().and_then(parse_key) {
                Some(key) => keys.push(key),
                None => skipped += 1,
            }
        }
        if keys.is_empty() {
            return Err(JwksError::NoUsableKey(skipped));
        }
        Ok(JsonWebKeySet { keys, skipped })
    }

    /// The usable keys.
    #[must_use]
    pub fn keys(&self) -> &[PublicJwk] {
        &self.keys
    }

    /// How many entries were skipped (unknown type, encryption keys, private
    /// material, bad values).
    #[must_use]
    pub fn skipped(&self) -> usize {
        self.skipped
    }

    /// The keys that may have signed a token with this `alg` and `kid`.
    #[must_use]
    pub fn lookup(&self, alg: JwsAlgorithm, kid: Option<&str>) -> KeyLookup<'_> {
        let candidates: Vec<&PublicJwk> = match kid {
            Some(kid) => {
                let named: Vec<&PublicJwk> = self
                    .keys
                    .iter()
                    .filter(|k| k.kid.as_deref() == Some(kid))
                    .collect();
                if named.is_empty() {
                    return KeyLookup::UnknownKid;
                }
                named.into_iter().filter(|k| k.fits(alg)).collect()
            }
            // No kid: every key of the right type (OpenID Connect Core
            // §10.1: a kid is only required when the set has several keys;
            // trying each fitting one is what the rp-id_token-kid-absent-*
            // conformance tests allow).
            None => self.keys.iter().filter(|k| k.fits(alg)).collect(),
        };
        if candidates.is_empty() {
            KeyLookup::NoFittingKey
        } else {
            KeyLookup::Candidates(candidates)
        }
    }
}

/// The request for the key set.
#[must_use]
pub fn jwks_request(jwks_uri: &EndpointUrl) -> HttpRequest {
    HttpRequest {
        method: HttpMethod::Get,
        url: jwks_uri.as_str().to_owned(),
        headers: vec![("Accept".into(), "application/json".into())],
        body: None,
    }
}

/// Private-key members of RFC 7518 §6.2.2 and §6.3.2: a published key with
/// any of them is a leaked key, never imported.
const PRIVATE_MEMBERS: &[&str] = &["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

fn parse_key(map: &Map<String, Value>) -> Option<PublicJwk> {
    let text = |name: &str| match map.get(name) {
        None => Some(None),
        Some(Value::String(s)) => Some(Some(s.as_str())),
        Some(_) => None,
    };
    if PRIVATE_MEMBERS.iter().any(|m| map.contains_key(*m)) {
        return None;
    }
    // RFC 7517 §4.2: only signature keys.
    if text("use")?.is_some_and(|u| u != "sig") {
        return None;
    }
    // RFC 7517 §4.3: when key_ops is present it must allow "verify".
    if let Some(ops) = map.get("key_ops") {
        let Value::Array(ops) = ops else { return None };
        if !ops.iter().any(|op| op.as_str() == Some("verify")) {
            return None;
        }
    }
    let alg = text("alg")?;
    if alg.is_some_and(|a| JwsAlgorithm::from_name(a).is_none()) {
        return None;
    }
    let params = match text("kty")?? {
        "RSA" => {
            let n = text("n")??;
            let e = text("e")??;
            let n_len = unsigned_len(n)?;
            let e_len = unsigned_len(e)?;
            // 2048 to 8192 bits (RFC 7518 §3.3: at least 2048), exponent up
            // to 64 bits and odd-sized ones are WebCrypto's to refuse.
            if !(256..=1024).contains(&n_len) || !(1..=8).contains(&e_len) {
                return None;
            }
            PublicKeyParameters::Rsa {
                n: n.to_owned(),
                e: e.to_owned(),
            }
        }
        "EC" => {
            let crv = EcCurve::from_name(text("crv")??)?;
            let x = text("x")??;
            let y = text("y")??;
            // RFC 7518 §6.2.1.2: full-length coordinates.
            if decoded_len(x)? != crv.coordinate_len() || decoded_len(y)? != crv.coordinate_len() {
                return None;
            }
            PublicKeyParameters::Ec {
                crv,
                x: x.to_owned(),
                y: y.to_owned(),
            }
        }
        _ => return None,
    };
    Some(PublicJwk {
        kid: text("kid")?.map(|k| shorten(k, 200)),
        alg: alg.map(str::to_owned),
        params,
    })
}

fn decoded_len(b64: &str) -> Option<usize> {
    URL_SAFE_NO_PAD.decode(b64).ok().map(|v| v.len())
}

/// The length of a base64url big-endian unsigned integer without leading
/// zero bytes; `None` when it does not decode or is zero.
fn unsigned_len(b64: &str) -> Option<usize> {
    let bytes = URL_SAFE_NO_PAD.decode(b64).ok()?;
    let first = bytes.iter().position(|b| *b != 0)?;
    Some(bytes.len() - first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    // RFC 7517 Appendix A.1: the example public keys (an EC P-256 key with
    // kid "1" and a 2048-bit RSA key with kid "2011-04-29").
    const RFC7517_A1: &str = r#"{"keys":
       [
         {"kty":"EC",
          "crv":"P-256",
          "x":"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
          "y":"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
          "use":"enc",
          "kid":"1"},

         {"kty":"RSA",
          "n": "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw",
          "e":"AQAB",
          "alg":"RS256",
          "kid":"2011-04-29"}
       ]
     }"#;

    fn set(keys: Value) -> Result<JsonWebKeySet, JwksError> {
        JsonWebKeySet::from_json(&json!({ "keys": keys }).to_string())
    }

    fn ec_p256(kid: Option<&str>) -> Value {
        let mut key = json!({
            "kty": "EC", "crv": "P-256",
            "x": "MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4",
            "y": "4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM",
        });
        if let Some(kid) = kid {
            key["kid"] = json!(kid);
        }
        key
    }

    fn rsa(kid: Option<&str>) -> Value {
        let doc: Value = serde_json::from_str(RFC7517_A1).unwrap();
        let mut key = doc["keys"][1].clone();
        key.as_object_mut().unwrap().remove("alg");
        match kid {
            Some(kid) => key["kid"] = json!(kid),
            None => {
                key.as_object_mut().unwrap().remove("kid");
            }
        }
        key
    }

    #[test]
    fn rfc7517_example_keeps_the_rsa_signing_key_and_skips_the_encryption_key() {
        let jwks = JsonWebKeySet::from_json(RFC7517_A1).unwrap();
        assert_eq!(jwks.keys().len(), 1);
        assert_eq!(jwks.skipped(), 1);
        let key = &jwks.keys()[0];
        assert_eq!(key.kid.as_deref(), Some("2011-04-29"));
        assert_eq!(key.alg.as_deref(), Some("RS256"));
        assert!(matches!(&key.params, PublicKeyParameters::Rsa { e, .. } if e == "AQAB"));
    }

    #[test]
    fn selects_by_kid() {
        let jwks = set(json!([rsa(Some("a")), rsa(Some("b")), ec_p256(Some("c"))])).unwrap();
        let KeyLookup::Candidates(keys) = jwks.lookup(JwsAlgorithm::Rs256, Some("b")) else {
            panic!("key b is in the set");
        };
        assert_eq!(keys.len(), 1);
        assert_eq!(keys[0].kid.as_deref(), Some("b"));
        let KeyLookup::Candidates(keys) = jwks.lookup(JwsAlgorithm::Es256, Some("c")) else {
            panic!("key c is in the set");
        };
        assert_eq!(keys[0].kid.as_deref(), Some("c"));
    }

    #[test]
    fn unknown_kid_asks_for_a_refetch() {
        // OpenID RP conformance rp-key-rotation-op-sign-key: a new kid.
        let jwks = set(json!([rsa(Some("a"))])).unwrap();
        assert_eq!(
            jwks.lookup(JwsAlgorithm::Rs256, Some("rotated")),
            KeyLookup::UnknownKid
        );
    }

    #[test]
    fn known_kid_of_the_wrong_type_is_final() {
        // An attacker relabels an RSA key's kid in an ES256 header.
        let jwks = set(json!([rsa(Some("a"))])).unwrap();
        assert_eq!(
            jwks.lookup(JwsAlgorithm::Es256, Some("a")),
            KeyLookup::NoFittingKey
        );
    }

    #[test]
    fn key_restricted_to_another_alg_does_not_fit() {
        // RFC 7517 §4.4: a key with alg RS256 is not used for PS256.
        let jwks = JsonWebKeySet::from_json(RFC7517_A1).unwrap();
        assert_eq!(
            jwks.lookup(JwsAlgorithm::Ps256, Some("2011-04-29")),
            KeyLookup::NoFittingKey
        );
        assert!(matches!(
            jwks.lookup(JwsAlgorithm::Rs256, Some("2011-04-29")),
            KeyLookup::Candidates(_)
        ));
    }

    #[test]
    fn kid_absent_single_key_is_selected_by_type() {
        // rp-id_token-kid-absent-single-jwks.
        let jwks = set(json!([rsa(None)])).unwrap();
        let KeyLookup::Candidates(keys) = jwks.lookup(JwsAlgorithm::Rs256, None) else {
            panic!("the single RSA key fits");
        };
        assert_eq!(keys.len(), 1);
        assert_eq!(
            jwks.lookup(JwsAlgorithm::Es256, None),
            KeyLookup::NoFittingKey
        );
    }

    #[test]
    fn kid_absent_multiple_keys_offers_every_fitting_one() {
        // rp-id_token-kid-absent-multiple-jwks: try the fitting keys only.
        let jwks = set(json!([rsa(Some("a")), rsa(Some("b")), ec_p256(Some("c"))])).unwrap();
        let KeyLookup::Candidates(keys) = jwks.lookup(JwsAlgorithm::Ps256, None) else {
            panic!("two RSA keys fit");
        };
        assert_eq!(keys.len(), 2);
    }

    #[test]
    fn skips_private_keys_unknown_types_and_bad_values() {
        let mut private = rsa(Some("leaked"));
        private["d"] = json!("AQAB");
        let mut short = rsa(Some("short"));
        short["n"] = json!("AQAB");
        let mut bad_b64 = rsa(Some("bad"));
        bad_b64["n"] = json!("***");
        let mut short_x = ec_p256(Some("x"));
        short_x["x"] = json!("AQAB");
        let mut ops = ec_p256(Some("ops"));
        ops["key_ops"] = json!(["encrypt"]);
        let mut none_alg = ec_p256(Some("none"));
        none_alg["alg"] = json!("none");
        let jwks = set(json!([
            private,
            short,
            bad_b64,
            short_x,
            ops,
            none_alg,
            {"kty": "oct", "k": "c2VjcmV0", "kid": "hmac"},
            {"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"},
            {"kty": "EC", "crv": "secp256k1", "x": "a", "y": "b"},
            "not an object",
            {"kty": 1},
            rsa(Some("good")),
        ]))
        .unwrap();
        assert_eq!(jwks.keys().len(), 1);
        assert_eq!(jwks.keys()[0].kid.as_deref(), Some("good"));
        assert_eq!(jwks.skipped(), 11);
    }

    #[test]
    fn refuses_documents_that_are_not_key_sets() {
        for body in ["", "[]", "null", "{\"keys\": {}}", "{\"k\": []}", "<html>"] {
            assert!(
                matches!(JsonWebKeySet::from_json(body), Err(JwksError::Malformed(_))),
                "{body}"
            );
        }
        assert_eq!(set(json!([])), Err(JwksError::NoUsableKey(0)));
        assert_eq!(
            set(json!([{"kty": "oct", "k": "c2VjcmV0"}])),
            Err(JwksError::NoUsableKey(1))
        );
        let many: Vec<Value> = (0..=MAX_JWKS_KEYS).map(|_| rsa(None)).collect();
        assert_eq!(
            set(Value::Array(many)),
            Err(JwksError::TooManyKeys(MAX_JWKS_KEYS + 1))
        );
    }

    #[test]
    fn algorithm_names_round_trip_and_none_and_hmac_are_absent() {
        for name in [
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
        ] {
            assert_eq!(
                JwsAlgorithm::from_name(name).map(JwsAlgorithm::name),
                Some(name)
            );
        }
        for name in ["none", "HS256", "HS384", "HS512", "rs256", "EdDSA", ""] {
            assert_eq!(JwsAlgorithm::from_name(name), None, "{name}");
        }
        assert_eq!(JwsAlgorithm::Es256.ecdsa_signature_len(), Some(64));
        assert_eq!(JwsAlgorithm::Es512.ecdsa_signature_len(), Some(132));
        assert_eq!(JwsAlgorithm::Ps384.hash_len(), 48);
    }

    #[test]
    fn request_is_a_plain_get() {
        let uri = EndpointUrl::from_trusted("https://op.example/jwks".into());
        let request = jwks_request(&uri);
        assert_eq!(request.method, HttpMethod::Get);
        assert_eq!(request.url, "https://op.example/jwks");
        assert!(request.body.is_none());
    }
}
