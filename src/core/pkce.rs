//! Proof Key for Code Exchange (RFC 7636), S256 only.
//!
//! The `plain` method is not offered: it protects nothing against an attacker
//! who can read the authorization request (RFC 7636 §4.2, §7.2).

use super::secret::{random_base64url, PkceCodeVerifier};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use sha2::{Digest, Sha256};

impl PkceCodeVerifier {
    /// A fresh verifier: 32 random bytes from `random`, base64url without
    /// padding, which gives the 43 characters RFC 7636 §4.1 recommends.
    #[must_use]
    pub fn new_random(random: &mut dyn FnMut(&mut [u8])) -> Self {
        Self::new(random_base64url(random))
    }
}

/// A PKCE `code_challenge` derived with S256 (RFC 7636 §4.2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PkceCodeChallenge(String);

impl PkceCodeChallenge {
    /// `BASE64URL-ENCODE(SHA256(ASCII(code_verifier)))` (RFC 7636 §4.2).
    #[must_use]
    pub fn from_verifier_s256(verifier: &PkceCodeVerifier) -> Self {
        let digest = Sha256::digest(verifier.secret().as_bytes());
        Self(URL_SAFE_NO_PAD.encode(digest))
    }

    /// The challenge, as sent in `code_challenge`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The method, as sent in `code_challenge_method`: always `S256`.
    #[must_use]
    pub fn method(&self) -> &'static str {
        "S256"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // RFC 7636 Appendix B: the octet sequence, the verifier it encodes to, and
    // the S256 challenge of that verifier.
    const APPENDIX_B_OCTETS: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    const APPENDIX_B_VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    const APPENDIX_B_CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

    #[test]
    fn rfc7636_appendix_b_challenge() {
        let verifier = PkceCodeVerifier::new(APPENDIX_B_VERIFIER.to_owned());
        let challenge = PkceCodeChallenge::from_verifier_s256(&verifier);
        assert_eq!(challenge.as_str(), APPENDIX_B_CHALLENGE);
        assert_eq!(challenge.method(), "S256");
    }

    #[test]
    fn rfc7636_appendix_b_verifier_from_injected_random() {
        let mut random = |buf: &mut [u8]| buf.copy_from_slice(&APPENDIX_B_OCTETS);
        let verifier = PkceCodeVerifier::new_random(&mut random);
        assert_eq!(verifier.secret(), APPENDIX_B_VERIFIER);
        assert_eq!(
            PkceCodeChallenge::from_verifier_s256(&verifier).as_str(),
            APPENDIX_B_CHALLENGE
        );
    }

    #[test]
    fn verifier_has_rfc7636_shape() {
        // RFC 7636 §4.1: 43..=128 characters from [A-Z] / [a-z] / [0-9] / "-" / "." / "_" / "~".
        let mut counter = 0u8;
        let mut random = |buf: &mut [u8]| {
            for b in buf.iter_mut() {
                *b = counter;
                counter = counter.wrapping_add(37);
            }
        };
        let v = PkceCodeVerifier::new_random(&mut random);
        assert_eq!(v.secret().len(), 43);
        assert!(v
            .secret()
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~')));
        let other = PkceCodeVerifier::new_random(&mut random);
        assert_ne!(v, other);
    }
}
