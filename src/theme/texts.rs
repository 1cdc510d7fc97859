//! The words the components show. Every text can be overridden, from Rust or
//! from the `texts` key of the hosted page's `config.json`.

use serde::Deserialize;

macro_rules! texts {
    ($( $(#[$doc:meta])* $field:ident = $default:literal; )*) => {
        /// The message catalog. Keys left out keep their English default.
        #[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct Texts {
            $( $(#[$doc])* pub $field: String, )*
        }

        impl Default for Texts {
            fn default() -> Self {
                Self { $( $field: $default.to_owned(), )* }
            }
        }
    };
}

texts! {
    /// Heading of the hosted page.
    title = "Welcome";
    /// Line under the heading when signed out.
    signed_out_intro = "Sign in to continue.";
    /// The sign-in button. Its accessible name is a public API.
    sign_in = "Sign in";
    /// The sign-out button. Its accessible name is a public API.
    sign_out = "Sign out";
    /// Shown while the session is being restored or a callback handled.
    loading = "Signing you in…";
    /// Shown before the signed-in user's name.
    signed_in_as = "Signed in as";
    /// Label of the subject identifier.
    subject = "User ID";
    /// Label of the e-mail address.
    email = "Email";
    /// Heading of an error.
    error_title = "Sign-in failed";
    /// Label of the provider's own error text.
    provider_said = "The provider said:";
    /// The button shown after an error.
    try_again = "Try again";
    /// Session status: the access token is valid.
    session_active = "Session active";
    /// Session status: renewing the tokens.
    session_refreshing = "Refreshing…";
    /// Session status: the provider cannot be reached; retrying.
    session_reconnecting = "Reconnecting…";
    /// Session status: the access token has expired.
    session_expired = "Session expired";
    /// Before the remaining lifetime ("Access token expires in 42 s").
    token_expires_in = "Access token expires in";
    /// When the access token has expired.
    token_expired = "Access token expired";
    /// When the provider did not say when the token expires.
    token_expiry_unknown = "Access token lifetime unknown";
}

impl Texts {
    /// Reads a catalog from the JSON value of the config's `texts` key.
    pub fn from_json(value: &serde_json::Value) -> Result<Texts, serde_json::Error> {
        Texts::deserialize(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_replace_only_their_key() {
        let t = Texts::from_json(&serde_json::json!({ "title": "Acme" })).unwrap();
        assert_eq!(t.title, "Acme");
        assert_eq!(t.sign_in, "Sign in");
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(Texts::from_json(&serde_json::json!({ "sign_inn": "Go" })).is_err());
    }
}
