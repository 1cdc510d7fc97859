//! The `authenticator` settings: [`AuthenticatorOptions`], read from the
//! hosted page's `config.json` with [`AuthenticatorOptions::from_json`].

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::core::cognito::PasswordPolicy;

/// What users sign in with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoginMechanism {
    /// A user name (the pool's usernames).
    #[default]
    Username,
    /// An e-mail address (pools with email as username or alias).
    Email,
}

/// A federated sign-in button: through the hosted `/oauth2/authorize` with
/// `identity_provider`, then the PKCE flow.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FederatedProvider {
    /// The button's label ("Google", "Acme SAML").
    pub label: String,
    /// Cognito's `identity_provider` (`Google`, `SignInWithApple`,
    /// `Facebook`, `LoginWithAmazon`, or a SAML/OIDC provider's name).
    pub identity_provider: String,
}

/// One field's settings on one screen, like Amplify's `formFields`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FieldSettings {
    /// The label.
    pub label: Option<String>,
    /// The placeholder.
    pub placeholder: Option<String>,
    /// Position among the screen's fields (lower first).
    pub order: Option<i32>,
    /// Whether it must be filled in (attributes only; credentials always are).
    pub required: Option<bool>,
    /// The input `type` (`text`, `email`, `tel`, `date`, ...).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The `autocomplete` token.
    pub autocomplete: Option<String>,
    /// A default value.
    pub default_value: Option<String>,
}

/// The `authenticator` key of the hosted page's `config.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthenticatorOptions {
    /// `username` (default) or `email`.
    pub login_mechanism: LoginMechanism,
    /// `srp` (default: the password never leaves the browser) or `password`
    /// (`USER_PASSWORD_AUTH`).
    pub password_auth: PasswordAuthSetting,
    /// The attributes asked at sign-up (`email`, `name`, `phone_number`,
    /// `custom:company`, ...). Default `["email"]`.
    pub sign_up_attributes: Vec<String>,
    /// The pool's password policy, shown as a live checklist.
    pub password_policy: PasswordPolicy,
    /// Federated sign-in buttons.
    pub federated: Vec<FederatedProvider>,
    /// Hide "Create account".
    pub hide_sign_up: bool,
    /// Offer signed-in users "Set up authenticator app" ([`TotpSetup`](super::TotpSetup)):
    /// `AssociateSoftwareToken`, a QR code, `VerifySoftwareToken` and
    /// `SetUserMFAPreference`. For pools with MFA `OPTIONAL` (or `ON`) and
    /// TOTP allowed. Default `false`.
    pub totp_setup: bool,
    /// Per screen (`sign_in`, `sign_up`, `confirm_sign_up`,
    /// `forgot_password`, `confirm_reset_password`, `force_new_password`,
    /// `confirm_sign_in`, `setup_totp`), per field name (`username`,
    /// `password`, `code`, an attribute's name): label, placeholder, order,
    /// required, type, autocomplete, default value.
    pub form_fields: BTreeMap<String, BTreeMap<String, FieldSettings>>,
}

/// `srp` or `password`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PasswordAuthSetting {
    /// `USER_SRP_AUTH`.
    #[default]
    Srp,
    /// `USER_PASSWORD_AUTH`.
    Password,
}

impl AuthenticatorOptions {
    /// Reads the `authenticator` key; unknown keys are refused.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        let mut options = AuthenticatorOptions::deserialize(value)
            .map_err(|e| format!("The `authenticator` settings are invalid: {e}."))?;
        if options.sign_up_attributes.is_empty() && value.get("sign_up_attributes").is_none() {
            options.sign_up_attributes = vec!["email".into()];
        }
        Ok(options)
    }

    /// The settings of field `name` on `screen` (`form_fields`), or none.
    pub(super) fn field(&self, screen: &str, name: &str) -> FieldSettings {
        self.form_fields
            .get(screen)
            .and_then(|f| f.get(name))
            .cloned()
            .unwrap_or_default()
    }
}
