//! The words the components show. Every text can be overridden, from Rust or
//! from the `texts` key of the hosted page's `config.json`.

use super::fields::string_fields;

macro_rules! texts {
    ($( $(#[$doc:meta])* $field:ident = $default:literal; )*) => {
        /// The message catalog. Keys left out keep their English default;
        /// unknown keys are refused.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Texts {
            $( $(#[$doc])* pub $field: String, )*
        }

        impl Default for Texts {
            fn default() -> Self {
                Self { $( $field: $default.to_owned(), )* }
            }
        }

        string_fields!(Texts, Texts::default(), { $( $field ),* });
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
    /// Shown when a part of the page that loads on demand (a screen, the
    /// password check) cannot be fetched.
    chunk_load_failed = "This part of the page could not be loaded. Check your connection and try again.";
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
    /// Username field.
    username = "Username";
    /// Password field.
    password = "Password";
    /// New password field.
    new_password = "New password";
    /// Show-password toggle.
    show_password = "Show";
    /// Hide-password toggle.
    hide_password = "Hide";
    /// Heading of the sign-in screen.
    sign_in_heading = "Sign in to your account";
    /// Heading of the sign-up screen.
    sign_up_heading = "Create an account";
    /// Sign-up link and button.
    create_account = "Create account";
    /// Forgot-password link.
    forgot_password = "Forgot your password?";
    /// Link back to sign in.
    back_to_sign_in = "Back to sign in";
    /// Group label of the federated buttons.
    federated_group = "Sign in with another account";
    /// Before a federated provider's name.
    sign_in_with = "Sign in with";
    /// Full name attribute.
    full_name = "Full name";
    /// Given name attribute.
    given_name = "Given name";
    /// Family name attribute.
    family_name = "Family name";
    /// Phone number attribute.
    phone_number = "Phone number";
    /// Birthdate attribute.
    birthdate = "Date of birth";
    /// Label of the password rules.
    password_requirements = "Password requirements";
    /// Rule: minimum length ({n} is the number).
    rule_length = "At least {n} characters";
    /// Rule: uppercase.
    rule_uppercase = "An uppercase letter";
    /// Rule: lowercase.
    rule_lowercase = "A lowercase letter";
    /// Rule: number.
    rule_number = "A number";
    /// Rule: special character.
    rule_symbol = "A special character";
    /// Read after a met rule.
    rule_met = "(met)";
    /// Read after an unmet rule.
    rule_unmet = "(not met yet)";
    /// When the password does not meet the policy.
    password_policy_unmet = "The password does not meet every requirement.";
    /// After sign-up without confirmation needed.
    account_ready = "Your account is ready. Please sign in.";
    /// After confirming the account.
    account_confirmed = "Your account is confirmed. Please sign in.";
    /// Heading of the confirm sign-up screen.
    confirm_sign_up_heading = "Confirm your account";
    /// Code field.
    confirmation_code = "Confirmation code";
    /// Authenticator app code field.
    authenticator_code = "Code from your authenticator app";
    /// Confirm button.
    confirm = "Confirm";
    /// Resend link.
    resend_code = "Send a new code";
    /// After resending a code.
    code_resent = "We sent a new code.";
    /// Before a masked destination.
    code_sent_to = "We sent a code to";
    /// Heading of the forgot-password screen.
    forgot_password_heading = "Reset your password";
    /// Send-code button.
    send_code = "Send code";
    /// Heading of the reset screen.
    reset_password_heading = "Choose a new password";
    /// Change-password button.
    change_password = "Change password";
    /// After a password change.
    password_changed = "Your password was changed. Please sign in.";
    /// Heading of the MFA code screen.
    confirm_sign_in_heading = "Enter your code";
    /// Heading of the MFA choice screen.
    select_mfa_heading = "Choose how to confirm it is you";
    /// Heading of the MFA set-up choice.
    setup_mfa_heading = "Set up two-step verification";
    /// Continue button.
    continue_ = "Continue";
    /// Heading of the new-password screen.
    new_password_heading = "Choose a new password";
    /// Authenticator app factor.
    mfa_totp = "Authenticator app";
    /// SMS factor.
    mfa_sms = "Text message (SMS)";
    /// E-mail factor.
    mfa_email = "Email";
    /// A challenge this page cannot answer.
    unsupported_challenge = "This sign-in step is not supported by this page";
    /// Heading of the TOTP set-up screen.
    setup_totp_heading = "Set up your authenticator app";
    /// Scan instruction.
    scan_qr = "Scan this QR code with your authenticator app:";
    /// Manual key instruction.
    or_enter_key = "Or enter this key:";
    /// Accessible name of the set-up QR code.
    qr_code_label = "QR code for your authenticator app";
    /// Signed in: the button that starts setting up an authenticator app.
    setup_totp_action = "Set up authenticator app";
    /// After an authenticator app was set up while signed in.
    totp_enabled = "Your authenticator app is set up. You will be asked for a code from it when you sign in.";
    /// Leaves the authenticator set-up without changing anything.
    cancel = "Cancel";
    /// When the provider did not say when the token expires.
    token_expiry_unknown = "Access token lifetime unknown";
}

impl Texts {
    /// Reads a catalog from the JSON value of the config's `texts` key.
    pub fn from_json(value: &serde_json::Value) -> Result<Texts, serde_json::Error> {
        serde::Deserialize::deserialize(value)
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
