//! One export for the bench: the client side of Cognito's `USER_SRP_AUTH` as the hosted page
//! runs it in a sign-in, through `leptos_hosted_auth::core::srp`:
//! 1. `SrpClient::new` (a fresh private value from `crypto.getRandomValues`) and `SRP_A`;
//! 2. `respond_to_password_verifier`: `u`, `x`, `S`, the HKDF password claim key and the
//!    claim signature over the secret block and the timestamp.
//!
//! `a_hex` empty means a random private value, as in a real sign-in; a hex value fixes it, so
//! the bench can check the result against the crate's own test vector.

use leptos_hosted_auth::core::{Password, PasswordVerifierChallenge, SrpClient, UnixTime};
use wasm_bindgen::prelude::*;

/// Runs both steps and returns `SRP_A` and the `PASSWORD_CLAIM_SIGNATURE`, joined by a space.
#[allow(clippy::too_many_arguments)]
#[wasm_bindgen]
pub fn srp_sign_in_math(
    a_hex: &str,
    user_pool_id: &str,
    user_id_for_srp: &str,
    password: &str,
    salt_hex: &str,
    srp_b_hex: &str,
    secret_block_b64: &str,
    now_secs: f64,
) -> Result<String, JsError> {
    let client = if a_hex.is_empty() {
        SrpClient::new(&mut |buf: &mut [u8]| {
            getrandom::fill(buf).expect("crypto.getRandomValues");
        })
    } else {
        SrpClient::with_private_key(&hex_bytes(a_hex)?)
    }
    .map_err(|e| JsError::new(&e.to_string()))?;
    let srp_a = client.srp_a_hex().to_owned();
    let challenge = PasswordVerifierChallenge {
        salt: salt_hex.to_owned(),
        srp_b: srp_b_hex.to_owned(),
        secret_block: secret_block_b64.to_owned(),
        user_id_for_srp: user_id_for_srp.to_owned(),
        username: Some(user_id_for_srp.to_owned()),
    };
    let response = client
        .respond_to_password_verifier(
            user_pool_id,
            &Password::new(password.to_owned()),
            &challenge,
            UnixTime(now_secs as u64),
        )
        .map_err(|e| JsError::new(&e.to_string()))?;
    Ok(format!("{srp_a} {}", response.password_claim_signature))
}

fn hex_bytes(hex: &str) -> Result<Vec<u8>, JsError> {
    let digits = hex.as_bytes();
    if digits.len() % 2 != 0 {
        return Err(JsError::new("odd number of hex digits"));
    }
    digits
        .chunks(2)
        .map(|pair| {
            std::str::from_utf8(pair)
                .ok()
                .and_then(|s| u8::from_str_radix(s, 16).ok())
                .ok_or_else(|| JsError::new("not hex"))
        })
        .collect()
}
