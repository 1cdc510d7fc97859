//! The user pool's password policy, for a live checklist under the password
//! field.
//!
//! The rules are those of the Amazon Cognito Developer Guide, "Adding user
//! pool password requirements": a minimum length (6 to 99, default 8), and
//! optionally a number, a special character, an uppercase and a lowercase
//! Basic Latin letter. The special characters are
//! ``^ $ * . [ ] { } ( ) ? " ! @ # % & / \ , > < ' : ; | _ ~ ` = + -``, and a
//! space that is neither leading nor trailing counts as one. Passwords are at
//! most 256 characters and may not start or end with whitespace (the
//! `Password` member's pattern in the API Reference). The pool checks again
//! on `SignUp`; this only spares the user a round trip.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Cognito's special characters (a non-leading, non-trailing space counts
/// too).
pub const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/// The longest password Cognito accepts, in characters.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A user pool's password policy (`PasswordPolicyType`). [`Default`] is
/// Cognito's default: 8 characters with a number, a special character, an
/// uppercase and a lowercase letter.
///
/// Reads from JSON in snake_case, and from Cognito's own `PasswordPolicy`
/// object (`MinimumLength`, `RequireUppercase`, ...; other keys such as
/// `TemporaryPasswordValidityDays` are ignored). Missing keys take the
/// defaults.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(default)]
pub struct PasswordPolicy {
    /// The minimum number of characters.
    #[serde(alias = "MinimumLength")]
    pub minimum_length: usize,
    /// At least one `A`-`Z`.
    #[serde(alias = "RequireUppercase")]
    pub require_uppercase: bool,
    /// At least one `a`-`z`.
    #[serde(alias = "RequireLowercase")]
    pub require_lowercase: bool,
    /// At least one `0`-`9`.
    #[serde(alias = "RequireNumbers")]
    pub require_numbers: bool,
    /// At least one of [`SYMBOLS`], or an inner space.
    #[serde(alias = "RequireSymbols")]
    pub require_symbols: bool,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        Self {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
        }
    }
}

/// One line of the checklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PasswordRule {
    /// At least this many characters.
    MinimumLength(usize),
    /// An uppercase letter.
    Uppercase,
    /// A lowercase letter.
    Lowercase,
    /// A number.
    Number,
    /// A special character.
    Symbol,
}

impl PasswordRule {
    /// A stable snake_case code, for `data-*` attributes and message catalogs.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            PasswordRule::MinimumLength(_) => "minimum_length",
            PasswordRule::Uppercase => "uppercase",
            PasswordRule::Lowercase => "lowercase",
            PasswordRule::Number => "number",
            PasswordRule::Symbol => "symbol",
        }
    }

    /// Whether `password` meets this rule.
    #[must_use]
    pub fn is_met_by(self, password: &str) -> bool {
        match self {
            PasswordRule::MinimumLength(n) => password.chars().count() >= n,
            PasswordRule::Uppercase => password.chars().any(|c| c.is_ascii_uppercase()),
            PasswordRule::Lowercase => password.chars().any(|c| c.is_ascii_lowercase()),
            PasswordRule::Number => password.chars().any(|c| c.is_ascii_digit()),
            PasswordRule::Symbol => {
                password.chars().any(|c| SYMBOLS.contains(c))
                    || password.trim_matches(' ').contains(' ')
            }
        }
    }
}

impl fmt::Display for PasswordRule {
    /// The checklist text, such as "At least 8 characters".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordRule::MinimumLength(1) => f.write_str("At least 1 character"),
            PasswordRule::MinimumLength(n) => write!(f, "At least {n} characters"),
            PasswordRule::Uppercase => f.write_str("An uppercase letter (A-Z)"),
            PasswordRule::Lowercase => f.write_str("A lowercase letter (a-z)"),
            PasswordRule::Number => f.write_str("A number (0-9)"),
            PasswordRule::Symbol => f.write_str("A special character, such as ! ? # or -"),
        }
    }
}

impl PasswordPolicy {
    /// The rules this policy enforces, in checklist order: the length first.
    #[must_use]
    pub fn rules(&self) -> Vec<PasswordRule> {
        let optional = [
            (self.require_uppercase, PasswordRule::Uppercase),
            (self.require_lowercase, PasswordRule::Lowercase),
            (self.require_numbers, PasswordRule::Number),
            (self.require_symbols, PasswordRule::Symbol),
        ];
        std::iter::once(PasswordRule::MinimumLength(self.minimum_length))
            .chain(optional.into_iter().filter(|(on, _)| *on).map(|(_, r)| r))
            .collect()
    }

    /// Each rule with whether `password` meets it, for the live checklist.
    #[must_use]
    pub fn check(&self, password: &str) -> Vec<(PasswordRule, bool)> {
        self.rules()
            .into_iter()
            .map(|rule| (rule, rule.is_met_by(password)))
            .collect()
    }

    /// Whether Cognito should accept `password`: every rule is met, it has
    /// at most [`MAX_PASSWORD_CHARS`] characters, and it neither starts nor
    /// ends with whitespace.
    #[must_use]
    pub fn accepts(&self, password: &str) -> bool {
        self.rules().into_iter().all(|r| r.is_met_by(password))
            && password.chars().count() <= MAX_PASSWORD_CHARS
            && password.trim() == password
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_cognitos() {
        let p = PasswordPolicy::default();
        assert_eq!(
            p.rules(),
            vec![
                PasswordRule::MinimumLength(8),
                PasswordRule::Uppercase,
                PasswordRule::Lowercase,
                PasswordRule::Number,
                PasswordRule::Symbol,
            ]
        );
    }

    #[test]
    fn checklist() {
        let p = PasswordPolicy::default();
        let met = |pw: &str| -> Vec<bool> { p.check(pw).into_iter().map(|(_, m)| m).collect() };
        // (password, [length, upper, lower, number, symbol])
        let cases: [(&str, [bool; 5]); 10] = [
            ("", [false, false, false, false, false]),
            ("abcdefgh", [true, false, true, false, false]),
            ("ABCDEFGH", [true, true, false, false, false]),
            ("Abcdefg1", [true, true, true, true, false]),
            ("Abcdef1!", [true, true, true, true, true]),
            ("Ab1 cdef", [true, true, true, true, true]), // inner space is a symbol
            (" Ab1cdef", [true, true, true, true, false]), // a leading space is not
            ("Ab1cdef ", [true, true, true, true, false]), // nor a trailing one
            ("ÄÖÜäöü12", [true, false, false, true, false]), // only Basic Latin letters count
            ("Ab1§€¿¡£", [true, true, true, true, false]), // nor other punctuation
        ];
        for (pw, expected) in cases {
            assert_eq!(met(pw), expected.to_vec(), "{pw:?}");
        }
        for symbol in SYMBOLS.chars() {
            assert!(
                PasswordRule::Symbol.is_met_by(&symbol.to_string()),
                "{symbol}"
            );
        }
        assert_eq!(SYMBOLS.chars().count(), 32);
    }

    #[test]
    fn length_counts_characters() {
        let p = PasswordPolicy {
            minimum_length: 6,
            require_uppercase: false,
            require_lowercase: false,
            require_numbers: false,
            require_symbols: false,
        };
        assert_eq!(p.rules(), vec![PasswordRule::MinimumLength(6)]);
        assert_eq!(
            p.check("ééééé"),
            vec![(PasswordRule::MinimumLength(6), false)]
        );
        assert_eq!(
            p.check("éééééé"),
            vec![(PasswordRule::MinimumLength(6), true)]
        );
    }

    #[test]
    fn acceptance() {
        let p = PasswordPolicy::default();
        // (password, accepted)
        let cases = [
            ("Abcdef1!", true),
            ("Abcdef1", false),    // too short
            (" Abcdef1!", false),  // leading space
            ("Abcdef1!\t", false), // trailing whitespace
            ("Abc def1", true),    // the inner space is the symbol
        ];
        for (pw, ok) in cases {
            assert_eq!(p.accepts(pw), ok, "{pw:?}");
        }
        let long = format!("Ab1!{}", "x".repeat(MAX_PASSWORD_CHARS - 4));
        assert!(p.accepts(&long));
        assert!(!p.accepts(&format!("{long}x")));
    }

    #[test]
    fn labels_and_codes() {
        // (rule, code, label)
        let cases = [
            (
                PasswordRule::MinimumLength(8),
                "minimum_length",
                "At least 8 characters",
            ),
            (
                PasswordRule::MinimumLength(1),
                "minimum_length",
                "At least 1 character",
            ),
            (
                PasswordRule::Uppercase,
                "uppercase",
                "An uppercase letter (A-Z)",
            ),
            (
                PasswordRule::Lowercase,
                "lowercase",
                "A lowercase letter (a-z)",
            ),
            (PasswordRule::Number, "number", "A number (0-9)"),
            (
                PasswordRule::Symbol,
                "symbol",
                "A special character, such as ! ? # or -",
            ),
        ];
        for (rule, code, label) in cases {
            assert_eq!(rule.code(), code);
            assert_eq!(rule.to_string(), label);
        }
    }

    #[test]
    fn reads_both_spellings() {
        let p: PasswordPolicy =
            serde_json::from_str(r#"{"minimum_length": 12, "require_symbols": false}"#).unwrap();
        assert_eq!(p.minimum_length, 12);
        assert!(!p.require_symbols && p.require_uppercase);
        // DescribeUserPool's Policies.PasswordPolicy
        let p: PasswordPolicy = serde_json::from_str(
            r#"{"MinimumLength": 10, "RequireUppercase": false, "RequireLowercase": true,
                "RequireNumbers": true, "RequireSymbols": false,
                "TemporaryPasswordValidityDays": 7}"#,
        )
        .unwrap();
        assert_eq!(
            p,
            PasswordPolicy {
                minimum_length: 10,
                require_uppercase: false,
                require_lowercase: true,
                require_numbers: true,
                require_symbols: false
            }
        );
        assert!(serde_json::from_str::<PasswordPolicy>(r#"{"minimum_length": "8"}"#).is_err());
    }
}
