//! When an access token expires, on the local clock.
//!
//! `expires_in` is measured on the local clock already; a JWT's `exp` is on
//! the provider's clock and is translated with the clock drift estimated from
//! a fresh ID token's `iat` ([`clock_drift_secs`]). [`Session`](super::session::Session)
//! records the expiry when it is established or refreshed;
//! [`lifetime`](super::lifetime) decides what to do about it.

use super::secret::AccessToken;
use super::time::{integral_f64_to_u64, UnixTime};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde_json::Value;

/// The largest access token read as a JWT, in bytes (64 KiB). A longer token
/// counts as opaque.
pub const MAX_JWT_ACCESS_TOKEN_BYTES: usize = 64 * 1024;

/// Server time minus local time, in seconds, estimated from the `iat` of an ID
/// token that has just arrived from the token endpoint; 0 without one.
///
/// Only pass the `iat` of a freshly received token: a stored token's `iat` says
/// nothing about the clocks. The estimate is off by the network delay (the
/// server seems a second or two behind), which the leeway absorbs.
#[must_use]
pub fn clock_drift_secs(id_token_iat: Option<u64>, now: UnixTime) -> i64 {
    match id_token_iat {
        Some(iat) => saturating_i64(i128::from(iat) - i128::from(now.as_secs())),
        None => 0,
    }
}

/// When the access token expires, on the local clock.
///
/// From `expires_in` when the token response has it (`now + expires_in`: it is
/// measured on the local clock already); else from the token's `exp` if it is a
/// JWT (only the payload is decoded, the signature is not the client's to
/// check), translated to the local clock with `clock_drift_secs`; else `None`:
/// the expiry is unknown, and the access token is used until an API says 401.
#[must_use]
pub fn access_token_expiry(
    expires_in: Option<u64>,
    access_token: &AccessToken,
    clock_drift_secs: i64,
    now: UnixTime,
) -> Option<UnixTime> {
    if let Some(secs) = expires_in {
        return Some(now.plus(secs));
    }
    let exp = jwt_exp(access_token.secret())?;
    let local = i128::from(exp) - i128::from(clock_drift_secs);
    Some(UnixTime(u64::try_from(local.max(0)).unwrap_or(u64::MAX)))
}

/// The `exp` claim of a JWS compact serialization (RFC 7515 §7.1, RFC 7519
/// §4.1.4), without verifying anything. `None` for an opaque token, a JWE, or
/// a JWT without a usable `exp`. A fractional `exp` (a NumericDate may have
/// one, RFC 7519 §2) is rounded down.
fn jwt_exp(token: &str) -> Option<u64> {
    if token.len() > MAX_JWT_ACCESS_TOKEN_BYTES {
        return None;
    }
    let mut parts = token.split('.');
    let (Some(header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    // A JOSE header is a JSON object; checking it keeps dotted opaque tokens
    // from being read as JWTs by chance.
    let header = URL_SAFE_NO_PAD.decode(header).ok()?;
    if !matches!(serde_json::from_slice(&header), Ok(Value::Object(_))) {
        return None;
    }
    let payload = URL_SAFE_NO_PAD.decode(payload).ok()?;
    let Ok(Value::Object(claims)) = serde_json::from_slice::<Value>(&payload) else {
        return None;
    };
    let exp = claims.get("exp")?.as_number()?;
    exp.as_u64()
        .or_else(|| exp.as_f64().and_then(|f| integral_f64_to_u64(f.floor())))
}

fn saturating_i64(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}
