//! Secret strings: PKCE verifiers, `state`, nonces, codes, tokens, passwords.
//!
//! Every type here prints `Type([redacted])` in `Debug`, hands its value out
//! only through an explicit `.secret()`, compares in constant time, and
//! serializes as a bare JSON string (the browser layer stores some of them).
//! Only the tokens a session keeps and hands to the application are `Clone`;
//! the single-use values are not, so reusing one is a compile error.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use subtle::ConstantTimeEq;

/// Number of random bytes behind `state`, nonces and PKCE verifiers (256 bits,
/// above the 128 bits OpenID Connect and RFC 7636 ask for).
pub(crate) const RANDOM_BYTES: usize = 32;

/// Draws [`RANDOM_BYTES`] bytes from `random` and encodes them as base64url
/// without padding (43 characters).
pub(crate) fn random_base64url(random: &mut dyn FnMut(&mut [u8])) -> String {
    let mut bytes = [0u8; RANDOM_BYTES];
    random(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

macro_rules! secret_string {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            #[doc = concat!("Wraps a raw `", stringify!($name), "` value.")]
            #[must_use]
            pub fn new(value: String) -> Self {
                Self(value)
            }

            /// The secret value. Send it where the protocol needs it; never log it.
            #[must_use]
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }

        impl PartialEq for $name {
            /// Constant-time comparison (the length may leak, the content does not).
            fn eq(&self, other: &Self) -> bool {
                bool::from(self.0.as_bytes().ct_eq(other.0.as_bytes()))
            }
        }

        impl Eq for $name {}
    };
}
pub(super) use secret_string;

secret_string!(
    /// The PKCE `code_verifier` (RFC 7636 §4.1). Single use: not `Clone`.
    PkceCodeVerifier
);
secret_string!(
    /// The OAuth `state` parameter, which ties a callback to the browser that
    /// started the sign-in (RFC 6749 §10.12). Single use: not `Clone`.
    CsrfToken
);
secret_string!(
    /// The OpenID Connect `nonce`, which ties an ID token to the sign-in that
    /// asked for it (OpenID Connect Core 1.0 §3.1.2.1). Single use: not `Clone`.
    Nonce
);
secret_string!(
    /// An authorization `code` (RFC 6749 §4.1.2). Single use: not `Clone`.
    AuthorizationCode
);
secret_string!(
    /// An OAuth access token (RFC 6749 §1.4).
    #[derive(Clone)]
    AccessToken
);
secret_string!(
    /// An OAuth refresh token (RFC 6749 §1.5).
    #[derive(Clone)]
    RefreshToken
);
secret_string!(
    /// A raw ID token: a JWT in compact serialization (OpenID Connect Core 1.0 §2).
    #[derive(Clone)]
    IdToken
);
secret_string!(
    /// A user's password, as typed into a form. Not `Clone`.
    Password
);

impl CsrfToken {
    /// A fresh `state`: 32 random bytes from `random`, base64url without padding.
    #[must_use]
    pub fn new_random(random: &mut dyn FnMut(&mut [u8])) -> Self {
        Self(random_base64url(random))
    }
}

impl Nonce {
    /// A fresh nonce: 32 random bytes from `random`, base64url without padding.
    #[must_use]
    pub fn new_random(random: &mut dyn FnMut(&mut [u8])) -> Self {
        Self(random_base64url(random))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let cases = [
            format!("{:?}", PkceCodeVerifier::new("SECRET".into())),
            format!("{:?}", CsrfToken::new("SECRET".into())),
            format!("{:?}", Nonce::new("SECRET".into())),
            format!("{:?}", AuthorizationCode::new("SECRET".into())),
            format!("{:?}", AccessToken::new("SECRET".into())),
            format!("{:?}", RefreshToken::new("SECRET".into())),
            format!("{:?}", IdToken::new("SECRET".into())),
            format!("{:?}", Password::new("SECRET".into())),
            format!("{:?}", Some(AccessToken::new("SECRET".into()))),
        ];
        for printed in cases {
            assert!(!printed.contains("SECRET"), "{printed}");
            assert!(printed.contains("[redacted]"), "{printed}");
        }
    }

    #[test]
    fn equality_compares_content() {
        assert_eq!(Nonce::new("abc".into()), Nonce::new("abc".into()));
        // (left, right): all unequal
        let unequal = [
            ("abc", "abd"), // last byte differs
            ("abc", "ab"),  // prefix
            ("", "a"),      // empty against non-empty
            ("abc", "ABC"), // case matters
        ];
        for (a, b) in unequal {
            assert_ne!(
                CsrfToken::new(a.into()),
                CsrfToken::new(b.into()),
                "{a} {b}"
            );
        }
    }

    #[test]
    fn serde_is_transparent() {
        let t = AccessToken::new("tok".into());
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"tok\"");
        let back: AccessToken = serde_json::from_str("\"tok\"").unwrap();
        assert_eq!(back.secret(), "tok");
    }

    #[test]
    fn random_values_use_32_bytes_base64url() {
        let mut calls = 0;
        let mut random = |buf: &mut [u8]| {
            calls += 1;
            assert_eq!(buf.len(), 32);
            buf.fill(0xfb);
        };
        let state = CsrfToken::new_random(&mut random);
        let nonce = Nonce::new_random(&mut random);
        assert_eq!(calls, 2);
        // 0xfb repeated encodes to "-_v7" groups in base64url (RFC 4648 §5 alphabet).
        assert_eq!(state.secret().len(), 43);
        assert!(state.secret().starts_with("-_v7-_v7"));
        assert!(!state.secret().contains('='));
        assert_eq!(nonce.secret(), state.secret());
    }
}
