//! ID tokens: decoding and claim validation (OpenID Connect Core 1.0
//! §3.1.3.7).
//!
//! Signature verification sits behind [`IdTokenSignatureVerifier`]; the core
//! decodes the token and checks its claims, the browser layer verifies the
//! signature with WebCrypto.

use super::jwks::JwsAlgorithm;
use super::secret::{AccessToken, IdToken, Nonce};
use super::time::{integral_f64_to_u64, UnixTime};
use super::types::{shorten, ClientId, IssuerUrl};
pub use super::vocab::DEFAULT_ID_TOKEN_ALGORITHMS;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest as _, Sha256, Sha384, Sha512};
use std::fmt;
use std::future::Future;
use std::pin::Pin;

/// The largest ID token accepted, in bytes (64 KiB).
pub const MAX_ID_TOKEN_BYTES: usize = 64 * 1024;

/// Signature algorithms [`DecodedIdToken::decode`] lets through (the names of
/// [`JwsAlgorithm`]). All are asymmetric: a public client has no secret to
/// check an HMAC with, and `none` is never accepted. The configuration narrows
/// this further ([`DEFAULT_ID_TOKEN_ALGORITHMS`]).
pub const SUPPORTED_ALGORITHMS: &[&str] = &[
    "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512",
];

/// Why an ID token was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum IdTokenError {
    /// The provider returned no ID token.
    #[error("The provider did not return an ID token.")]
    MissingIdToken,
    /// The token cannot be decoded.
    #[error("The ID token is malformed: {0}")]
    Malformed(String),
    /// The header names an algorithm that is not accepted (including `none`).
    #[error("The ID token uses the unsupported signature algorithm \"{0}\".")]
    UnsupportedAlgorithm(String),
    /// The header names a supported algorithm that the configuration
    /// (`id_token_signing_alg_values`) does not allow.
    #[error(
        "The ID token is signed with \"{0}\", which this application does not allow \
         (see `id_token_signing_alg_values`)."
    )]
    AlgorithmNotAllowed(String),
    /// The header lists critical extensions (`crit`, RFC 7515 §4.1.11); none
    /// is understood here, so the token must be refused.
    #[error(
        "The ID token requires header extensions this application does not understand (`crit`)."
    )]
    UnsupportedCriticalHeader,
    /// `at_hash` does not match the access token issued with the ID token
    /// (OpenID Connect Core 1.0 §3.1.3.8, §3.3.2.11, §12.2): the access token
    /// may have been swapped.
    #[error(
        "The access token does not belong to the ID token issued with it (`at_hash` mismatch). \
         Please sign in again."
    )]
    AccessTokenHashMismatch,
    /// `iss` is not the expected issuer.
    #[error("The ID token was issued by \"{found}\", but \"{expected}\" was expected.")]
    IssuerMismatch {
        /// The expected issuer.
        expected: String,
        /// The token's `iss`.
        found: String,
    },
    /// `aud` does not contain the client id.
    #[error("The ID token was not issued for this application (audience mismatch).")]
    AudienceMismatch,
    /// `azp` is not the client id.
    #[error("The ID token was issued to another application (authorized party mismatch).")]
    AzpMismatch,
    /// Several audiences and no `azp`.
    #[error("The ID token has several audiences but no authorized party (`azp`).")]
    MissingAzp,
    /// `exp` has passed.
    #[error("The ID token has expired. If this keeps happening, check this device's clock.")]
    Expired,
    /// `iat` is in the future.
    #[error("The ID token was issued in the future. Check this device's clock.")]
    IssuedInFuture,
    /// `nbf` is in the future.
    #[error("The ID token is not valid yet. Check this device's clock.")]
    NotYetValid,
    /// `nonce` differs from the one sent.
    #[error(
        "The ID token does not belong to this sign-in (nonce mismatch). Please sign in again."
    )]
    NonceMismatch,
    /// `nonce` is missing although one was sent.
    #[error("The ID token has no nonce, although this sign-in sent one.")]
    MissingNonce,
    /// `sub` is empty.
    #[error("The ID token does not name a user (empty `sub`).")]
    MissingSubject,
    /// `max_age` was requested and `auth_time` is missing.
    #[error("The ID token has no `auth_time`, which is required when `max_age` is requested.")]
    AuthTimeMissing,
    /// The last authentication is older than `max_age` allows.
    #[error(
        "Your last sign-in at the provider is too old for this application. Please sign in again."
    )]
    AuthTooOld,
    /// The signature does not verify.
    #[error("The ID token's signature is invalid.")]
    SignatureInvalid,
    /// The signature could not be checked (no fitting key, no `jwks_uri`,
    /// a key set that does not parse, ...).
    #[error("The ID token's signature could not be checked: {0}")]
    SignatureUnverifiable(String),
    /// The provider's key set could not be fetched (network error, an HTTP
    /// error status, a body that is not a JSON document): a passing failure,
    /// unlike [`SignatureUnverifiable`](Self::SignatureUnverifiable). A
    /// refresh keeps the session (see
    /// [`apply_refresh_keeping_id_token`](super::refresh::apply_refresh_keeping_id_token)).
    #[error(
        "The ID token could not be checked because the provider's signing keys could not be \
         fetched ({0}). Please try again."
    )]
    SigningKeysUnavailable(String),
}

impl IdTokenError {
    /// Whether trying again later may succeed: only when the provider's keys
    /// could not be fetched. Every other refusal is about the token itself.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        matches!(self, IdTokenError::SigningKeysUnavailable(_))
    }
}

/// The JOSE header of an ID token (RFC 7515 §4).
///
/// Only `alg`, `kid` and `typ` are read. Headers that carry or point at a
/// key (`jwk`, `jku`, `x5u`, `x5c`) are ignored and never followed: the keys
/// come from the provider's `jwks_uri` only, or a forger would sign with a
/// key of his own and name it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoseHeader {
    /// The signature algorithm, one of [`SUPPORTED_ALGORITHMS`].
    pub alg: String,
    /// The key id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kid: Option<String>,
    /// The token type.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub typ: Option<String>,
}

/// The claims of an ID token (OpenID Connect Core 1.0 §2, §5.1).
///
/// `aud` is read from a string or an array; times are JSON numbers, and
/// integral floats (`1.7e9`) are accepted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdTokenClaims {
    /// Issuer.
    pub iss: String,
    /// Subject: the user's id at the issuer.
    pub sub: String,
    /// Audiences.
    #[serde(deserialize_with = "de_audience")]
    pub aud: Vec<String>,
    /// Expiry (seconds since the epoch).
    #[serde(deserialize_with = "de_seconds")]
    pub exp: u64,
    /// Issue time (seconds since the epoch).
    #[serde(deserialize_with = "de_seconds")]
    pub iat: u64,
    /// Not before (seconds since the epoch).
    #[serde(
        default,
        deserialize_with = "de_opt_seconds",
        skip_serializing_if = "Option::is_none"
    )]
    pub nbf: Option<u64>,
    /// The nonce sent in the authorization request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nonce: Option<String>,
    /// Authorized party.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azp: Option<String>,
    /// When the user last authenticated (seconds since the epoch).
    #[serde(
        default,
        deserialize_with = "de_opt_seconds",
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_time: Option<u64>,
    /// Access token hash.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_hash: Option<String>,
    /// Full name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Given name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// Family name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub family_name: Option<String>,
    /// Preferred user name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preferred_username: Option<String>,
    /// Email address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// Whether the email address is verified (`"true"` / `"false"` strings are
    /// accepted too).
    #[serde(
        default,
        deserialize_with = "de_opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub email_verified: Option<bool>,
    /// Profile picture URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub picture: Option<String>,
    /// Every other claim (`cognito:groups`, `roles`, ...).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn seconds(value: &Value) -> Option<u64> {
    let n = value.as_number()?;
    n.as_u64()
        .or_else(|| n.as_f64().and_then(integral_f64_to_u64))
}

fn de_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    let value = Value::deserialize(d)?;
    seconds(&value).ok_or_else(|| D::Error::custom("a time claim is not a whole number of seconds"))
}

fn de_opt_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        value => seconds(&value)
            .map(Some)
            .ok_or_else(|| D::Error::custom("a time claim is not a whole number of seconds")),
    }
}

fn de_audience<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    let invalid = || D::Error::custom("`aud` is not a string or an array of strings");
    match Value::deserialize(d)? {
        Value::String(s) => Ok(vec![s]),
        Value::Array(items) => items
            .into_iter()
            .map(|item| match item {
                Value::String(s) => Ok(s),
                _ => Err(invalid()),
            })
            .collect(),
        _ => Err(invalid()),
    }
}

fn de_opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        Value::String(s) if s == "true" => Ok(Some(true)),
        Value::String(s) if s == "false" => Ok(Some(false)),
        _ => Err(D::Error::custom("`email_verified` is not a boolean")),
    }
}

/// A decoded, not yet verified, ID token.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodedIdToken {
    /// The header.
    pub header: JoseHeader,
    /// The claims.
    pub claims: IdTokenClaims,
    /// `BASE64URL(header) . BASE64URL(payload)`: what the signature covers.
    pub signing_input: String,
    /// The decoded signature.
    pub signature: Vec<u8>,
}

impl fmt::Debug for DecodedIdToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodedIdToken")
            .field("header", &self.header)
            .field("claims", &self.claims)
            .field(
                "signing_input",
                &format_args!("[{} bytes]", self.signing_input.len()),
            )
            .field(
                "signature",
                &format_args!("[{} bytes]", self.signature.len()),
            )
            .finish()
    }
}

fn b64_part(part: &str, what: &str) -> Result<Vec<u8>, IdTokenError> {
    URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| IdTokenError::Malformed(format!("its {what} is not valid base64url.")))
}

impl DecodedIdToken {
    /// Decodes a JWS compact serialization (RFC 7515 §7.1): three base64url
    /// parts, a JSON header with an accepted `alg` and no `crit`, and a JSON
    /// object of claims. Does not verify the signature.
    pub fn decode(token: &IdToken) -> Result<Self, IdTokenError> {
        Self::decode_inner(token, None)
    }

    /// As [`DecodedIdToken::decode`], and the header's `alg` must also be one
    /// of `allowed` ([`IdTokenError::AlgorithmNotAllowed`]). The header is
    /// read and its algorithm checked before the payload or the signature is
    /// even decoded.
    pub fn decode_with(token: &IdToken, allowed: &[JwsAlgorithm]) -> Result<Self, IdTokenError> {
        Self::decode_inner(token, Some(allowed))
    }

    fn decode_inner(
        token: &IdToken,
        allowed: Option<&[JwsAlgorithm]>,
    ) -> Result<Self, IdTokenError> {
        let raw = token.secret();
        if raw.len() > MAX_ID_TOKEN_BYTES {
            return Err(IdTokenError::Malformed(format!(
                "it is larger than {} KiB.",
                MAX_ID_TOKEN_BYTES / 1024
            )));
        }
        let mut parts = raw.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(IdTokenError::Malformed(
                "it does not have three dot-separated parts.".to_owned(),
            ));
        };

        let header = parse_header(&b64_part(h, "header")?)?;
        if let Some(allowed) = allowed {
            check_algorithm(&header, allowed)?;
        }
        let payload: Value = serde_json::from_slice(&b64_part(p, "payload")?)
            .map_err(|_| IdTokenError::Malformed("its payload is not JSON.".to_owned()))?;
        if !payload.is_object() {
            return Err(IdTokenError::Malformed(
                "its payload is not a JSON object.".to_owned(),
            ));
        }
        let claims = IdTokenClaims::deserialize(payload).map_err(|e| {
            IdTokenError::Malformed(format!(
                "its claims cannot be read ({}).",
                shorten(&e.to_string(), 200)
            ))
        })?;
        let signature = b64_part(s, "signature")?;
        Ok(DecodedIdToken {
            header,
            claims,
            signing_input: format!("{h}.{p}"),
            signature,
        })
    }
}

fn parse_header(bytes: &[u8]) -> Result<JoseHeader, IdTokenError> {
    let malformed = |what: &str| IdTokenError::Malformed(format!("its header {what}."));
    let Ok(Value::Object(map)) = serde_json::from_slice::<Value>(bytes) else {
        return Err(malformed("is not a JSON object"));
    };
    let text = |key: &str| match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(malformed(&format!("has a non-string `{key}`"))),
    };
    let alg = text("alg")?.ok_or_else(|| malformed("has no `alg`"))?;
    if !SUPPORTED_ALGORITHMS.contains(&alg.as_str()) {
        return Err(IdTokenError::UnsupportedAlgorithm(shorten(&alg, 20)));
    }
    // RFC 7515 §4.1.11: a recipient must refuse a token whose `crit` names
    // an extension it does not understand; none is understood here.
    if map.contains_key("crit") {
        return Err(IdTokenError::UnsupportedCriticalHeader);
    }
    Ok(JoseHeader {
        alg,
        kid: text("kid")?,
        typ: text("typ")?,
    })
}

/// The header's algorithm, if `allowed` lists it. Call it before any
/// signature work: an algorithm the configuration does not allow is refused
/// whatever the signature.
pub fn check_algorithm(
    header: &JoseHeader,
    allowed: &[JwsAlgorithm],
) -> Result<JwsAlgorithm, IdTokenError> {
    let alg = JwsAlgorithm::from_name(&header.alg)
        .ok_or_else(|| IdTokenError::UnsupportedAlgorithm(shorten(&header.alg, 20)))?;
    if allowed.contains(&alg) {
        Ok(alg)
    } else {
        Err(IdTokenError::AlgorithmNotAllowed(alg.name().to_owned()))
    }
}

/// `BASE64URL(left half of HASH(access_token))`, the `at_hash` of OpenID
/// Connect Core 1.0 §3.1.3.6 / §3.2.2.9, with the hash of `alg` (SHA-256 for
/// RS256, PS256 and ES256).
#[must_use]
pub fn access_token_hash(alg: JwsAlgorithm, access_token: &AccessToken) -> String {
    let input = access_token.secret().as_bytes();
    let digest: Vec<u8> = match alg.hash_len() {
        48 => Sha384::digest(input).to_vec(),
        64 => Sha512::digest(input).to_vec(),
        _ => Sha256::digest(input).to_vec(),
    };
    let half = digest.get(..digest.len() / 2).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(half)
}

/// OpenID Connect Core 1.0 §3.1.3.8 and §3.3.2.11: when the ID token has an
/// `at_hash` and an access token came with it, they must match.
pub fn check_access_token_hash(
    alg: JwsAlgorithm,
    claims: &IdTokenClaims,
    access_token: Option<&AccessToken>,
) -> Result<(), IdTokenError> {
    match (claims.at_hash.as_deref(), access_token) {
        (Some(expected), Some(token)) => {
            let computed = access_token_hash(alg, token);
            // Not secret (it is in the token), but compare in constant time
            // anyway: it costs nothing.
            if subtle::ConstantTimeEq::ct_eq(computed.as_bytes(), expected.as_bytes()).into() {
                Ok(())
            } else {
                Err(IdTokenError::AccessTokenHashMismatch)
            }
        }
        _ => Ok(()),
    }
}

/// Every check on a decoded ID token except its signature: the algorithm is
/// allowed ([`check_algorithm`]), the claims ([`validate_claims`]) and
/// `at_hash` against `v.access_token` ([`check_access_token_hash`]). The
/// browser layer calls it after the signature verified.
pub fn validate(token: &DecodedIdToken, v: &IdTokenValidation<'_>) -> Result<(), IdTokenError> {
    let alg = check_algorithm(&token.header, v.allowed_algorithms)?;
    validate_claims(&token.claims, v)?;
    check_access_token_hash(alg, &token.claims, v.access_token)
}

/// What the claims are checked against.
#[derive(Clone, Copy, Debug)]
pub struct IdTokenValidation<'a> {
    /// The algorithms the configuration allows
    /// (`id_token_signing_alg_values`); checked by [`validate`].
    pub allowed_algorithms: &'a [JwsAlgorithm],
    /// The access token issued with the ID token, if any; its hash must match
    /// `at_hash` when the token has one. Checked by [`validate`].
    pub access_token: Option<&'a AccessToken>,
    /// The expected issuer (exact match).
    pub issuer: &'a IssuerUrl,
    /// This client: it must be an audience.
    pub client_id: &'a ClientId,
    /// The nonce sent; `None` when none was (refresh).
    pub nonce: Option<&'a Nonce>,
    /// The current time.
    pub now: UnixTime,
    /// Tolerated clock difference, in seconds.
    pub clock_skew_secs: u64,
    /// The `max_age` requested, if any.
    pub max_age: Option<u64>,
}

/// Checks the claims as OpenID Connect Core 1.0 §3.1.3.7 asks (steps 2, 3, 4,
/// 5, 9, 10, 11 and 13; the signature steps 6 to 8 belong to
/// [`IdTokenSignatureVerifier`]). It sees no header, so neither the algorithm
/// nor `at_hash` is checked here: [`validate`] does both and calls this.
pub fn validate_claims(
    claims: &IdTokenClaims,
    v: &IdTokenValidation<'_>,
) -> Result<(), IdTokenError> {
    // Step 2: iss exactly equals the issuer.
    if claims.iss != v.issuer.as_str() {
        return Err(IdTokenError::IssuerMismatch {
            expected: v.issuer.as_str().to_owned(),
            found: shorten(&claims.iss, 200),
        });
    }
    // Step 3: aud contains client_id.
    let client_id = v.client_id.as_str();
    if !claims.aud.iter().any(|a| a == client_id) {
        return Err(IdTokenError::AudienceMismatch);
    }
    // Steps 4 and 5: azp with several audiences, and azp equals client_id.
    match claims.azp.as_deref() {
        None if claims.aud.len() > 1 => return Err(IdTokenError::MissingAzp),
        Some(azp) if azp != client_id => return Err(IdTokenError::AzpMismatch),
        _ => {}
    }
    // §2: sub is a non-empty identifier.
    if claims.sub.is_empty() {
        return Err(IdTokenError::MissingSubject);
    }
    let skew = v.clock_skew_secs;
    // Step 9: the current time is before exp.
    if claims.exp.saturating_add(skew) <= v.now.as_secs() {
        return Err(IdTokenError::Expired);
    }
    // Step 10: iat is not in the future.
    if claims.iat > v.now.plus(skew).as_secs() {
        return Err(IdTokenError::IssuedInFuture);
    }
    // RFC 7519 §4.1.5: nbf.
    if claims
        .nbf
        .is_some_and(|nbf| nbf > v.now.plus(skew).as_secs())
    {
        return Err(IdTokenError::NotYetValid);
    }
    // Step 11: nonce equals the one sent.
    if let Some(expected) = v.nonce {
        let found = claims.nonce.as_ref().ok_or(IdTokenError::MissingNonce)?;
        if Nonce::new(found.clone()) != *expected {
            return Err(IdTokenError::NonceMismatch);
        }
    }
    // Step 13: auth_time with max_age.
    if let Some(max_age) = v.max_age {
        let auth_time = claims.auth_time.ok_or(IdTokenError::AuthTimeMissing)?;
        if auth_time.saturating_add(max_age).saturating_add(skew) < v.now.as_secs() {
            return Err(IdTokenError::AuthTooOld);
        }
    }
    Ok(())
}

/// Verifies an ID token's signature. The browser layer implements it with the
/// provider's JWKS and WebCrypto; the future is not `Send` because WebCrypto's
/// are not.
pub trait IdTokenSignatureVerifier {
    /// Resolves to `Ok(())` when `token.signature` is a valid signature of
    /// `token.signing_input` by one of the provider's keys.
    fn verify<'a>(
        &'a self,
        token: &'a DecodedIdToken,
    ) -> Pin<Box<dyn Future<Output = Result<(), IdTokenError>> + 'a>>;
}

/// Accepts every signature without looking at it. INSECURE: a forged ID token
/// passes. The token still arrives straight from the token endpoint over TLS
/// (OpenID Connect Core 1.0 §3.1.3.7 step 6 allows TLS server validation in
/// place of the signature check in this case), but verification with the JWKS
/// and WebCrypto arrives in a later issue and should replace this.
#[derive(Clone, Copy, Debug, Default)]
pub struct InsecureSkipSignatureVerification;

impl IdTokenSignatureVerifier for InsecureSkipSignatureVerification {
    fn verify<'a>(
        &'a self,
        _token: &'a DecodedIdToken,
    ) -> Pin<Box<dyn Future<Output = Result<(), IdTokenError>> + 'a>> {
        Box::pin(std::future::ready(Ok(())))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    pub(crate) fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// An unsigned JWT with the given header and claims.
    pub(crate) fn jwt(header: &Value, claims: &Value) -> IdToken {
        IdToken::new(format!(
            "{}.{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes()),
            b64(b"not-a-real-signature")
        ))
    }

    pub(crate) const NOW: u64 = 1_700_000_000;

    pub(crate) fn good_claims() -> Value {
        json!({
            "iss": "https://op.example",
            "sub": "248289761001",
            "aud": "my-client",
            "exp": NOW + 600,
            "iat": NOW - 10,
            "nonce": "n-0S6_WzA2Mj",
            "auth_time": NOW - 100,
            "name": "Jane Doe",
            "email": "janedoe@example.com",
            "email_verified": true,
            "cognito:groups": ["admins"]
        })
    }

    fn header() -> Value {
        json!({"alg": "RS256", "kid": "1e9gdk7", "typ": "JWT"})
    }

    #[test]
    fn only_unreachable_keys_are_worth_a_retry() {
        assert!(IdTokenError::SigningKeysUnavailable("HTTP 503".into()).is_retryable());
        for refused in [
            IdTokenError::SignatureInvalid,
            IdTokenError::SignatureUnverifiable("no fitting key".into()),
            IdTokenError::UnsupportedAlgorithm("none".into()),
            IdTokenError::Expired,
        ] {
            assert!(!refused.is_retryable(), "{refused:?}");
        }
    }

    #[test]
    fn decodes_a_token() {
        let token = jwt(&header(), &good_claims());
        let d = DecodedIdToken::decode(&token).unwrap();
        assert_eq!(
            d.header,
            JoseHeader {
                alg: "RS256".into(),
                kid: Some("1e9gdk7".into()),
                typ: Some("JWT".into())
            }
        );
        assert_eq!(d.claims.sub, "248289761001");
        assert_eq!(d.claims.aud, ["my-client"]);
        assert_eq!(d.claims.exp, NOW + 600);
        assert_eq!(d.claims.email_verified, Some(true));
        assert_eq!(
            d.claims.extra.get("cognito:groups"),
            Some(&json!(["admins"]))
        );
        assert!(
            !d.claims.extra.contains_key("sub"),
            "known claims are not repeated in extra"
        );
        assert_eq!(d.signature, b"not-a-real-signature");
        let (h, rest) = token.secret().split_once('.').unwrap();
        let (p, _) = rest.split_once('.').unwrap();
        assert_eq!(d.signing_input, format!("{h}.{p}"));
        assert!(!format!("{d:?}").contains(h));
        // The claims survive storage as JSON.
        let stored = serde_json::to_string(&d.claims).unwrap();
        assert_eq!(
            serde_json::from_str::<IdTokenClaims>(&stored).unwrap(),
            d.claims
        );
    }

    #[test]
    fn lenient_claim_forms() {
        let mut claims = good_claims();
        claims["aud"] = json!(["other", "my-client"]);
        claims["exp"] = json!(1.7e9);
        claims["email_verified"] = json!("false");
        claims["nbf"] = json!(null);
        let d = DecodedIdToken::decode(&jwt(&header(), &claims)).unwrap();
        assert_eq!(d.claims.aud, ["other", "my-client"]);
        assert_eq!(d.claims.exp, 1_700_000_000);
        assert_eq!(d.claims.email_verified, Some(false));
        assert_eq!(d.claims.nbf, None);
    }

    #[test]
    fn refuses_malformed_tokens() {
        let good_h = b64(header().to_string().as_bytes());
        let good_p = b64(good_claims().to_string().as_bytes());
        let with_claim = |key: &str, value: Value| {
            let mut c = good_claims();
            c[key] = value;
            jwt(&header(), &c).secret().to_owned()
        };
        let without_claim = |key: &str| {
            let mut c = good_claims();
            c.as_object_mut().unwrap().remove(key);
            jwt(&header(), &c).secret().to_owned()
        };
        let alg = |a: Value| jwt(&json!({"alg": a}), &good_claims()).secret().to_owned();
        let huge = format!("{good_h}.{}.sig", "A".repeat(MAX_ID_TOKEN_BYTES));
        // (raw token, expected error)
        let cases: Vec<(String, IdTokenError)> = vec![
            // alg none (RFC 7518 §3.6): never accepted
            (
                alg(json!("none")),
                IdTokenError::UnsupportedAlgorithm("none".into()),
            ),
            // alg None in another case
            (
                alg(json!("None")),
                IdTokenError::UnsupportedAlgorithm("None".into()),
            ),
            // HMAC: a public client has no secret
            (
                alg(json!("HS256")),
                IdTokenError::UnsupportedAlgorithm("HS256".into()),
            ),
            // alg missing
            (
                jwt(&json!({"typ": "JWT"}), &good_claims())
                    .secret()
                    .to_owned(),
                IdTokenError::Malformed("its header has no `alg`.".into()),
            ),
            // alg not a string
            (
                alg(json!(256)),
                IdTokenError::Malformed("its header has a non-string `alg`.".into()),
            ),
            // critical header extension (RFC 7515 §4.1.11)
            (
                jwt(&json!({"alg": "RS256", "crit": ["b64"]}), &good_claims())
                    .secret()
                    .to_owned(),
                IdTokenError::UnsupportedCriticalHeader,
            ),
            // EdDSA: not verifiable with the browser's WebCrypto here
            (
                alg(json!("EdDSA")),
                IdTokenError::UnsupportedAlgorithm("EdDSA".into()),
            ),
            // two parts
            (
                format!("{good_h}.{good_p}"),
                IdTokenError::Malformed("it does not have three dot-separated parts.".into()),
            ),
            // five parts (a JWE)
            (
                format!("{good_h}.{good_p}.a.b.c"),
                IdTokenError::Malformed("it does not have three dot-separated parts.".into()),
            ),
            // empty string
            (
                String::new(),
                IdTokenError::Malformed("it does not have three dot-separated parts.".into()),
            ),
            // bad base64 in the header
            (
                format!("{good_h}*.{good_p}.c2ln"),
                IdTokenError::Malformed("its header is not valid base64url.".into()),
            ),
            // standard base64 padding instead of base64url
            (
                format!("{good_h}.{good_p}.c2lnbg=="),
                IdTokenError::Malformed("its signature is not valid base64url.".into()),
            ),
            // bad base64 in the payload
            (
                format!("{good_h}.{good_p}+/.c2ln"),
                IdTokenError::Malformed("its payload is not valid base64url.".into()),
            ),
            // header not JSON
            (
                format!("{}.{good_p}.c2ln", b64(b"RS256")),
                IdTokenError::Malformed("its header is not a JSON object.".into()),
            ),
            // payload not JSON
            (
                format!("{good_h}.{}.c2ln", b64(b"hello")),
                IdTokenError::Malformed("its payload is not JSON.".into()),
            ),
            // payload a JSON array
            (
                format!("{good_h}.{}.c2ln", b64(b"[1,2]")),
                IdTokenError::Malformed("its payload is not a JSON object.".into()),
            ),
            // too large
            (
                huge,
                IdTokenError::Malformed("it is larger than 64 KiB.".into()),
            ),
        ];
        for (raw, expected) in cases {
            assert_eq!(
                DecodedIdToken::decode(&IdToken::new(raw.clone())).unwrap_err(),
                expected,
                "{raw:.80}"
            );
        }
        // (raw token, what the message mentions)
        let claim_cases = [
            (without_claim("exp"), "missing field `exp`"), // required claim missing
            (without_claim("sub"), "missing field `sub`"), // required claim missing
            (with_claim("exp", json!("soon")), "whole number"), // time as text
            (with_claim("iat", json!(-5)), "whole number"), // negative time
            (with_claim("auth_time", json!(1.5)), "whole number"), // fractional time
            (with_claim("aud", json!(7)), "`aud`"),        // audience as number
            (with_claim("aud", json!(["a", 7])), "`aud`"), // audience array with a number
            (with_claim("email_verified", json!("yes")), "email_verified"), // odd boolean
            (with_claim("iss", json!(null)), "expected a string"), // null issuer
        ];
        for (raw, words) in claim_cases {
            let err = DecodedIdToken::decode(&IdToken::new(raw)).unwrap_err();
            assert!(
                matches!(&err, IdTokenError::Malformed(m) if m.contains(words)),
                "{words}: {err:?}"
            );
        }
    }

    fn validation<'a>(
        issuer: &'a IssuerUrl,
        client: &'a ClientId,
        nonce: Option<&'a Nonce>,
    ) -> IdTokenValidation<'a> {
        IdTokenValidation {
            allowed_algorithms: DEFAULT_ID_TOKEN_ALGORITHMS,
            access_token: None,
            issuer,
            client_id: client,
            nonce,
            now: UnixTime(NOW),
            clock_skew_secs: 60,
            max_age: None,
        }
    }

    #[test]
    fn validates_good_claims() {
        let issuer = IssuerUrl::parse("https://op.example").unwrap();
        let client = ClientId::parse("my-client").unwrap();
        let nonce = Nonce::new("n-0S6_WzA2Mj".into());
        let claims = DecodedIdToken::decode(&jwt(&header(), &good_claims()))
            .unwrap()
            .claims;
        assert_eq!(
            validate_claims(&claims, &validation(&issuer, &client, Some(&nonce))),
            Ok(())
        );
        // Within the skew on each side.
        let mut c = claims.clone();
        c.exp = NOW - 59;
        c.iat = NOW + 60;
        c.nbf = Some(NOW + 60);
        assert_eq!(
            validate_claims(&c, &validation(&issuer, &client, Some(&nonce))),
            Ok(())
        );
        // Without an expected nonce (refresh), the token's nonce is not checked.
        assert_eq!(
            validate_claims(&claims, &validation(&issuer, &client, None)),
            Ok(())
        );
        // max_age satisfied.
        let v = IdTokenValidation {
            max_age: Some(100),
            ..validation(&issuer, &client, Some(&nonce))
        };
        assert_eq!(validate_claims(&claims, &v), Ok(()));
    }

    #[test]
    fn refuses_bad_claims() {
        let issuer = IssuerUrl::parse("https://op.example").unwrap();
        let client = ClientId::parse("my-client").unwrap();
        let nonce = Nonce::new("n-0S6_WzA2Mj".into());
        let base = DecodedIdToken::decode(&jwt(&header(), &good_claims()))
            .unwrap()
            .claims;
        let v = validation(&issuer, &client, Some(&nonce));
        let with = |f: &dyn Fn(&mut IdTokenClaims)| {
            let mut c = base.clone();
            f(&mut c);
            c
        };
        // (claims, validation, expected error)
        let cases: Vec<(IdTokenClaims, IdTokenValidation<'_>, IdTokenError)> = vec![
            // another issuer
            (
                with(&|c| c.iss = "https://evil.example".into()),
                v,
                IdTokenError::IssuerMismatch {
                    expected: "https://op.example".into(),
                    found: "https://evil.example".into(),
                },
            ),
            // issuer with a trailing slash: exact comparison
            (
                with(&|c| c.iss = "https://op.example/".into()),
                v,
                IdTokenError::IssuerMismatch {
                    expected: "https://op.example".into(),
                    found: "https://op.example/".into(),
                },
            ),
            // token for another client
            (
                with(&|c| c.aud = vec!["other-client".into()]),
                v,
                IdTokenError::AudienceMismatch,
            ),
            // empty audience list
            (with(&|c| c.aud = vec![]), v, IdTokenError::AudienceMismatch),
            // several audiences, no azp (Core §3.1.3.7 step 4)
            (
                with(&|c| c.aud = vec!["my-client".into(), "api".into()]),
                v,
                IdTokenError::MissingAzp,
            ),
            // several audiences, azp of another party
            (
                with(&|c| {
                    c.aud = vec!["my-client".into(), "api".into()];
                    c.azp = Some("api".into());
                }),
                v,
                IdTokenError::AzpMismatch,
            ),
            // single audience, azp of another party (step 5)
            (
                with(&|c| c.azp = Some("api".into())),
                v,
                IdTokenError::AzpMismatch,
            ),
            // empty subject
            (
                with(&|c| c.sub = String::new()),
                v,
                IdTokenError::MissingSubject,
            ),
            // expired beyond the skew
            (with(&|c| c.exp = NOW - 60), v, IdTokenError::Expired),
            // expired long ago
            (with(&|c| c.exp = 0), v, IdTokenError::Expired),
            // issued in the future beyond the skew
            (with(&|c| c.iat = NOW + 61), v, IdTokenError::IssuedInFuture),
            // not valid yet
            (
                with(&|c| c.nbf = Some(NOW + 61)),
                v,
                IdTokenError::NotYetValid,
            ),
            // nonce of another sign-in
            (
                with(&|c| c.nonce = Some("n-other".into())),
                v,
                IdTokenError::NonceMismatch,
            ),
            // nonce missing although one was sent
            (with(&|c| c.nonce = None), v, IdTokenError::MissingNonce),
            // max_age requested, no auth_time
            (
                with(&|c| c.auth_time = None),
                IdTokenValidation {
                    max_age: Some(300),
                    ..v
                },
                IdTokenError::AuthTimeMissing,
            ),
            // authentication older than max_age + skew
            (
                with(&|c| c.auth_time = Some(NOW - 361)),
                IdTokenValidation {
                    max_age: Some(300),
                    ..v
                },
                IdTokenError::AuthTooOld,
            ),
        ];
        for (claims, validation, expected) in cases {
            assert_eq!(
                validate_claims(&claims, &validation),
                Err(expected.clone()),
                "{expected:?}"
            );
        }
        // Huge times do not overflow.
        let c = with(&|c| {
            c.exp = u64::MAX;
            c.auth_time = Some(u64::MAX);
        });
        let v = IdTokenValidation {
            max_age: Some(u64::MAX),
            clock_skew_secs: u64::MAX,
            ..v
        };
        assert_eq!(validate_claims(&c, &v), Ok(()));
    }

    #[test]
    fn algorithm_allow_list() {
        let token = |a: &str| jwt(&json!({"alg": a, "kid": "k"}), &good_claims());
        let only_rs = [JwsAlgorithm::Rs256];
        assert!(DecodedIdToken::decode_with(&token("RS256"), &only_rs).is_ok());
        // (alg, allowed, expected error)
        let cases: [(&str, &[JwsAlgorithm], IdTokenError); 5] = [
            // supported but not configured
            (
                "ES256",
                &only_rs,
                IdTokenError::AlgorithmNotAllowed("ES256".into()),
            ),
            // supported, never configurable
            (
                "RS512",
                DEFAULT_ID_TOKEN_ALGORITHMS,
                IdTokenError::AlgorithmNotAllowed("RS512".into()),
            ),
            // none is refused before the allow list is consulted
            (
                "none",
                DEFAULT_ID_TOKEN_ALGORITHMS,
                IdTokenError::UnsupportedAlgorithm("none".into()),
            ),
            // HMAC keyed with something public (the client id)
            (
                "HS256",
                DEFAULT_ID_TOKEN_ALGORITHMS,
                IdTokenError::UnsupportedAlgorithm("HS256".into()),
            ),
            // an empty allow list refuses everything
            (
                "RS256",
                &[],
                IdTokenError::AlgorithmNotAllowed("RS256".into()),
            ),
        ];
        for (a, allowed, expected) in cases {
            assert_eq!(
                DecodedIdToken::decode_with(&token(a), allowed),
                Err(expected),
                "{a}"
            );
        }
        // The algorithm is checked before the payload is read: a not-allowed
        // alg with a garbage payload reports the algorithm.
        let h = b64(json!({"alg": "ES256"}).to_string().as_bytes());
        assert_eq!(
            DecodedIdToken::decode_with(&IdToken::new(format!("{h}.!!!.!!!")), &only_rs),
            Err(IdTokenError::AlgorithmNotAllowed("ES256".into()))
        );
    }

    #[test]
    fn embedded_key_headers_are_ignored() {
        // RFC 7515 §4.1.2-4.1.6: jku, jwk, x5u, x5c would let a forger name
        // his own key; they are not read at all.
        let header = json!({
            "alg": "RS256",
            "kid": "k1",
            "jku": "https://evil.example/jwks.json",
            "x5u": "https://evil.example/cert.pem",
            "jwk": {"kty": "RSA", "n": "AQAB", "e": "AQAB"},
            "x5c": ["MIIB"]
        });
        let d = DecodedIdToken::decode(&jwt(&header, &good_claims())).unwrap();
        assert_eq!(
            d.header,
            JoseHeader {
                alg: "RS256".into(),
                kid: Some("k1".into()),
                typ: None
            }
        );
    }

    #[test]
    fn at_hash() {
        // OpenID Connect Core 1.0 Appendix A.3 (RS256): access token
        // jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y, at_hash
        // 77QmUPtjPfzWtF2AnpK9RQ. Recomputed independently with
        //   python3 -c "import hashlib,base64;t=b'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y';\
        //   print(base64.urlsafe_b64encode(hashlib.sha256(t).digest()[:16]).rstrip(b'=').decode())"
        // which prints 77QmUPtjPfzWtF2AnpK9RQ.
        let spec = AccessToken::new("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y".into());
        for alg in DEFAULT_ID_TOKEN_ALGORITHMS {
            assert_eq!(access_token_hash(*alg, &spec), "77QmUPtjPfzWtF2AnpK9RQ");
        }
        // SHA-384 (left 24 bytes), python3 hashlib.sha384(b'an-access-token'):
        // p3iANihy1MamculNPUrQ8HsBkouO-q2I
        let other = AccessToken::new("an-access-token".into());
        assert_eq!(
            access_token_hash(JwsAlgorithm::Es384, &other),
            "p3iANihy1MamculNPUrQ8HsBkouO-q2I"
        );
        assert_eq!(
            access_token_hash(JwsAlgorithm::Rs256, &other),
            "YiHPD2T9DaX5B837XJXtow"
        );

        let issuer = IssuerUrl::parse("https://op.example").unwrap();
        let client = ClientId::parse("my-client").unwrap();
        let nonce = Nonce::new("n-0S6_WzA2Mj".into());
        let mut claims = good_claims();
        claims["at_hash"] = json!("77QmUPtjPfzWtF2AnpK9RQ");
        let d = DecodedIdToken::decode(&jwt(&header(), &claims)).unwrap();
        let with_token = |t: Option<&'static AccessToken>| IdTokenValidation {
            access_token: t,
            ..validation(&issuer, &client, Some(&nonce))
        };
        static SPEC: std::sync::LazyLock<AccessToken> = std::sync::LazyLock::new(|| {
            AccessToken::new("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y".into())
        });
        static SWAPPED: std::sync::LazyLock<AccessToken> =
            std::sync::LazyLock::new(|| AccessToken::new("an-access-token".into()));
        assert_eq!(validate(&d, &with_token(Some(&SPEC))), Ok(()));
        assert_eq!(
            validate(&d, &with_token(Some(&SWAPPED))),
            Err(IdTokenError::AccessTokenHashMismatch)
        );
        // No access token to compare with, or no at_hash: nothing to check.
        assert_eq!(validate(&d, &with_token(None)), Ok(()));
        let plain = DecodedIdToken::decode(&jwt(&header(), &good_claims())).unwrap();
        assert_eq!(validate(&plain, &with_token(Some(&SWAPPED))), Ok(()));
        // validate also refuses an algorithm outside the allow list.
        let v = IdTokenValidation {
            allowed_algorithms: &[JwsAlgorithm::Es256],
            ..with_token(None)
        };
        assert_eq!(
            validate(&plain, &v),
            Err(IdTokenError::AlgorithmNotAllowed("RS256".into()))
        );
    }

    #[test]
    fn insecure_verifier_accepts() {
        let d = DecodedIdToken::decode(&jwt(&header(), &good_claims())).unwrap();
        let verifier: &dyn IdTokenSignatureVerifier = &InsecureSkipSignatureVerification;
        let mut future = verifier.verify(&d);
        let waker = std::task::Waker::noop();
        let mut cx = std::task::Context::from_waker(waker);
        assert_eq!(
            future.as_mut().poll(&mut cx),
            std::task::Poll::Ready(Ok(()))
        );
    }

    #[test]
    fn messages_hold_no_token() {
        let token = jwt(&json!({"alg": "none"}), &good_claims());
        let err = DecodedIdToken::decode(&token).unwrap_err().to_string();
        assert!(
            !err.contains(token.secret().split('.').next().unwrap()),
            "{err}"
        );
    }
}
