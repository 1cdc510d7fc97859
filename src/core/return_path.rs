//! Where to send the user after sign-in: same-origin relative paths only.
//!
//! The return path travels through storage and comes back after a redirect, so
//! it is treated as hostile: anything that a browser could read as another
//! origin (`//evil.example`, `/\evil.example`, `https://...`, `javascript:`)
//! or that carries control characters, even percent-encoded, becomes `/`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest return path kept, in bytes.
pub const MAX_RETURN_PATH_BYTES: usize = 2048;

/// A sanitized same-origin path (with optional query and fragment) to return to
/// after sign-in. Deserializing sanitizes again.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(from = "String", into = "String")]
pub struct ReturnPath(String);

impl ReturnPath {
    /// Keeps `candidate` if it is a safe same-origin relative path, else `/`.
    ///
    /// Safe means: starts with exactly one `/` (not `//`, not `/\`), no
    /// backslash, whitespace or control character anywhere, none of those
    /// percent-encoded either, no malformed `%` escape, and at most
    /// [`MAX_RETURN_PATH_BYTES`] bytes.
    #[must_use]
    pub fn sanitize(candidate: &str) -> ReturnPath {
        if is_safe(candidate) {
            ReturnPath(candidate.to_owned())
        } else {
            ReturnPath::root()
        }
    }

    /// The root path `/`.
    #[must_use]
    pub fn root() -> ReturnPath {
        ReturnPath("/".to_owned())
    }

    /// The path.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for ReturnPath {
    fn default() -> Self {
        ReturnPath::root()
    }
}

impl fmt::Display for ReturnPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for ReturnPath {
    fn from(value: String) -> Self {
        ReturnPath::sanitize(&value)
    }
}

impl From<ReturnPath> for String {
    fn from(value: ReturnPath) -> String {
        value.0
    }
}

fn is_safe(candidate: &str) -> bool {
    if candidate.len() > MAX_RETURN_PATH_BYTES {
        return false;
    }
    if candidate
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return false;
    }
    let Some(decoded) = percent_decode(candidate) else {
        return false;
    };
    // Check the decoded form too: a router that decodes before navigating must
    // not find `//host`, a backslash or a control character either.
    for bytes in [candidate.as_bytes(), decoded.as_slice()] {
        let mut iter = bytes.iter();
        if iter.next() != Some(&b'/') {
            return false;
        }
        if matches!(iter.next(), Some(b'/' | b'\\')) {
            return false;
        }
        if bytes.iter().any(|&b| b == b'\\' || b < 0x20 || b == 0x7f) {
            return false;
        }
    }
    true
}

/// Decodes `%XX` escapes; `None` for a malformed escape.
fn percent_decode(input: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(input.len());
    let mut bytes = input.bytes();
    while let Some(b) = bytes.next() {
        if b == b'%' {
            let hi = hex_value(bytes.next()?)?;
            let lo = hex_value(bytes.next()?)?;
            out.push((hi << 4) | lo);
        } else {
            out.push(b);
        }
    }
    Some(out)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_safe_paths() {
        for ok in [
            "/",
            "/dashboard",
            "/a?b=1#c",
            "/a/b/c?x=%20y&z=1",
            "/caf%C3%A9",
            "/café",
            "/a//b", // double slash later in the path stays on this origin
            "/#section",
            "/?q=https://evil.example", // another URL inside the query is just data
        ] {
            assert_eq!(ReturnPath::sanitize(ok).as_str(), ok, "{ok}");
        }
    }

    #[test]
    fn replaces_hostile_candidates_with_root() {
        let long = format!("/{}", "a".repeat(MAX_RETURN_PATH_BYTES));
        let cases: [(&str, &str); 21] = [
            ("", "empty"),
            ("//evil.com", "scheme-relative URL to another host"),
            ("///evil.com", "more slashes, still another host"),
            ("/\\evil.com", "backslash read as slash by browsers"),
            ("\\/evil.com", "leading backslash"),
            ("/a\\b", "backslash anywhere"),
            ("https://evil.com", "absolute URL"),
            ("javascript:alert(1)", "script URL"),
            ("data:text/html,x", "data URL"),
            ("evil.com", "relative path without slash"),
            ("dashboard", "relative path"),
            ("/%0d%0a", "percent-encoded CR LF"),
            ("/%2F%2Fevil.com", "percent-encoded second slash"),
            ("/%2fevil.com", "decodes to //evil.com"),
            ("/%5Cevil.com", "percent-encoded backslash"),
            ("/a%", "truncated escape"),
            ("/a%zz", "invalid escape"),
            ("/\tevil", "tab"),
            ("/a b", "space"),
            ("/a\nb", "newline"),
            (long.as_str(), "too long"),
        ];
        for (input, why) in cases {
            assert_eq!(
                ReturnPath::sanitize(input),
                ReturnPath::root(),
                "{why}: {input:?}"
            );
        }
        assert_eq!(ReturnPath::sanitize("/\u{0}"), ReturnPath::root(), "NUL");
        assert_eq!(
            ReturnPath::sanitize("/\u{2028}"),
            ReturnPath::root(),
            "line separator"
        );
        assert_eq!(ReturnPath::sanitize("/\u{7f}"), ReturnPath::root(), "DEL");
    }

    #[test]
    fn length_limit_is_inclusive() {
        let exact = format!("/{}", "a".repeat(MAX_RETURN_PATH_BYTES - 1));
        assert_eq!(ReturnPath::sanitize(&exact).as_str(), exact);
    }

    #[test]
    fn serde_sanitizes_on_read() {
        let p: ReturnPath = serde_json::from_str("\"/ok?x=1\"").unwrap();
        assert_eq!(p.as_str(), "/ok?x=1");
        let p: ReturnPath = serde_json::from_str("\"//evil.com\"").unwrap();
        assert_eq!(p, ReturnPath::root());
        assert_eq!(serde_json::to_string(&ReturnPath::root()).unwrap(), "\"/\"");
        assert_eq!(ReturnPath::default().to_string(), "/");
    }
}
