//! The SRP-6a arithmetic of the Cognito password sign-in ([`SrpClient`]), in
//! a chunk of its own: the 3072-bit group and its modular exponentiation are
//! fetched when a user is about to sign in with a password (the
//! Authenticator prefetches them when the sign-in form gets focus), never by
//! a page that only shows a "Sign in" button.

use crate::core::{
    Password, PasswordVerifierChallenge, PasswordVerifierResponse, SrpClient, UnixTime,
};

use super::client::ClientError;
use super::split::split_point;

split_point! {
    /// A fresh SRP client: `a` from the browser's random source, `A = g^a mod N`.
    pub(crate) fn srp_client() -> Result<SrpClient, ClientError>,
    chunk = srp, preload = preload_srp
    { new_client() }
}

split_point! {
    /// The answer to Cognito's `PASSWORD_VERIFIER` challenge (consumes `srp`).
    pub(crate) fn password_claim(
        srp: SrpClient,
        user_pool_id: &str,
        password: &Password,
        challenge: &PasswordVerifierChallenge,
        now: UnixTime,
    ) -> Result<PasswordVerifierResponse, ClientError>,
    chunk = srp, preload = preload_srp_claim
    {
        srp.respond_to_password_verifier(user_pool_id, password, challenge, now)
            .map_err(ClientError::from)
    }
}

fn new_client() -> Result<SrpClient, ClientError> {
    let mut random_failed = false;
    let mut random = |buf: &mut [u8]| {
        if super::random_bytes(buf).is_err() {
            random_failed = true;
        }
    };
    let srp = SrpClient::new(&mut random)?;
    if random_failed {
        return Err(ClientError::Random);
    }
    Ok(srp)
}
