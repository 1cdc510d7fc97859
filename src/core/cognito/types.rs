//! Values shared by the Cognito requests and responses.

use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;

use super::super::secret::secret_string;

secret_string!(
    #[derive(Clone)]
    /// The `Session` string that ties the steps of one sign-in together
    /// (`InitiateAuth` → `RespondToAuthChallenge` → ...). Whoever holds it can
    /// answer the next challenge, so it is treated as a secret. Cognito keeps
    /// it valid for the app client's `AuthSessionValidity` (3 minutes by
    /// default).
    ChallengeSession
);
secret_string!(
    #[derive(Clone)]
    /// `SECRET_BLOCK` of a `PASSWORD_VERIFIER` challenge, sent back as
    /// `PASSWORD_CLAIM_SECRET_BLOCK` and signed into the password claim.
    SecretBlock
);
secret_string!(
    #[derive(Clone)]
    /// The TOTP shared secret (`SecretCode`, base32) from
    /// `AssociateSoftwareToken`.
    TotpSecret
);

impl TotpSecret {
    /// The `otpauth://totp/` URI an authenticator app reads from a QR code
    /// (the Key Uri Format of Google Authenticator, which the other apps
    /// follow): `otpauth://totp/<issuer>:<account>?secret=<secret>&issuer=<issuer>`,
    /// with the label and issuer percent-encoded.
    #[must_use]
    pub fn otpauth_uri(&self, issuer: &str, account: &str) -> String {
        let issuer = percent_encode(issuer);
        format!(
            "otpauth://totp/{issuer}:{}?secret={}&issuer={issuer}",
            percent_encode(account),
            percent_encode(&self.0),
        )
    }
}

/// Percent-encodes everything but the RFC 3986 §2.3 unreserved characters.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// A user attribute, `{"Name": ..., "Value": ...}` on the wire
/// (`AttributeType` in the Cognito API Reference): `email`, `name`,
/// `phone_number`, `custom:tier`, ...
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UserAttribute {
    /// The attribute name.
    pub name: String,
    /// The attribute value.
    pub value: String,
}

impl UserAttribute {
    /// An attribute from a name and a value.
    #[must_use]
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            value: value.into(),
        }
    }
}

/// How a code was sent (`DeliveryMedium`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum DeliveryMedium {
    /// `EMAIL`
    Email,
    /// `SMS`
    Sms,
    /// Another value.
    Other(String),
}

impl DeliveryMedium {
    pub(crate) fn parse(value: &str) -> Self {
        match value {
            "EMAIL" => DeliveryMedium::Email,
            "SMS" => DeliveryMedium::Sms,
            other => DeliveryMedium::Other(other.to_owned()),
        }
    }
}

/// Where a confirmation or reset code went (`CodeDeliveryDetailsType`). The
/// destination is masked by Cognito (`a***@e***`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeDelivery {
    /// The masked address or phone number.
    pub destination: Option<String>,
    /// Email or SMS.
    pub medium: Option<DeliveryMedium>,
    /// The attribute the code verifies (`email`, `phone_number`).
    pub attribute_name: Option<String>,
}

/// A second factor, as named in `MFAS_CAN_CHOOSE`, `MFAS_CAN_SETUP` and the
/// `ANSWER` to `SELECT_MFA_TYPE`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MfaType {
    /// `SMS_MFA`: a code by text message.
    SmsMfa,
    /// `SOFTWARE_TOKEN_MFA`: a code from an authenticator app (TOTP).
    SoftwareTokenMfa,
    /// `EMAIL_OTP`: a code by email.
    EmailOtp,
    /// Another name.
    Other(String),
}

impl MfaType {
    /// The name on the wire.
    #[must_use]
    pub fn as_str(&self) -> &str {
        match self {
            MfaType::SmsMfa => "SMS_MFA",
            MfaType::SoftwareTokenMfa => "SOFTWARE_TOKEN_MFA",
            MfaType::EmailOtp => "EMAIL_OTP",
            MfaType::Other(name) => name,
        }
    }

    /// Reads a name from the wire.
    #[must_use]
    pub fn parse(value: &str) -> Self {
        match value {
            "SMS_MFA" => MfaType::SmsMfa,
            "SOFTWARE_TOKEN_MFA" => MfaType::SoftwareTokenMfa,
            "EMAIL_OTP" => MfaType::EmailOtp,
            other => MfaType::Other(other.to_owned()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let cases = [
            format!("{:?}", ChallengeSession::new("SECRET".into())),
            format!("{:?}", SecretBlock::new("SECRET".into())),
            format!("{:?}", TotpSecret::new("SECRET".into())),
        ];
        for printed in cases {
            assert!(!printed.contains("SECRET"), "{printed}");
            assert!(printed.contains("[redacted]"), "{printed}");
        }
        assert_eq!(
            ChallengeSession::new("a".into()),
            ChallengeSession::new("a".into())
        );
        assert_ne!(
            ChallengeSession::new("a".into()),
            ChallengeSession::new("b".into())
        );
        assert_eq!(ChallengeSession::new("s".into()).secret(), "s");
    }

    #[test]
    fn otpauth_uri() {
        // The secret is the Key Uri Format example's
        // (github.com/google/google-authenticator/wiki/Key-Uri-Format).
        let secret = TotpSecret::new("HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ".into());
        assert_eq!(
            secret.otpauth_uri("Example Co", "alice@example.com"),
            "otpauth://totp/Example%20Co:alice%40example.com\
             ?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=Example%20Co"
        );
        // ':' '&' '?' and non-ASCII are escaped, so they cannot break the URI.
        assert_eq!(
            secret.otpauth_uri("a:b&c", "é?"),
            "otpauth://totp/a%3Ab%26c:%C3%A9%3F\
             ?secret=HXDMVJECJJWSRB3HWIZR4IFUGFTMXBOZ&issuer=a%3Ab%26c"
        );
    }

    #[test]
    fn attribute_wire_form() {
        let a = UserAttribute::new("email", "a@example.com");
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::json!({"Name": "email", "Value": "a@example.com"})
        );
    }

    #[test]
    fn mfa_names_round_trip() {
        for name in ["SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP", "WEB_AUTHN"] {
            assert_eq!(MfaType::parse(name).as_str(), name);
        }
        assert_eq!(MfaType::parse("EMAIL_OTP"), MfaType::EmailOtp);
        assert_eq!(DeliveryMedium::parse("SMS"), DeliveryMedium::Sms);
        assert_eq!(
            DeliveryMedium::parse("PIGEON"),
            DeliveryMedium::Other("PIGEON".into())
        );
    }
}
