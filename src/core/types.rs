//! Protocol values that are validated once, when they are constructed.
//!
//! "Parse, don't validate": a [`ClientId`], [`IssuerUrl`], [`EndpointUrl`],
//! [`RedirectUrl`] or [`Scope`] that exists is known to be well formed, so the
//! rest of the core never re-checks. Deserializing goes through the same
//! parser, so values read back from storage are checked again.
//!
//! URLs are kept exactly as given (issuer comparison is exact string equality,
//! OpenID Connect Discovery 1.0 §4.3), and checked with a deliberately strict
//! splitter: no user information, no backslashes, no whitespace, no control or
//! non-ASCII characters.

use super::config_error::ConfigError;
use std::fmt;

// ---------------------------------------------------------------------------
// The URL splitter.

/// The components of an absolute hierarchical URL (RFC 3986 §3), borrowed from
/// the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct UrlParts<'a> {
    /// The scheme as written (compare it ASCII case-insensitively).
    pub(crate) scheme: &'a str,
    /// Host and optional port, as written.
    pub(crate) authority: &'a str,
    /// The host; IPv6 literals keep their brackets.
    pub(crate) host: &'a str,
    /// The port, if one is written.
    pub(crate) port: Option<u16>,
    /// The path, possibly empty.
    pub(crate) path: &'a str,
    /// The query without its `?`, if there is a `?`.
    pub(crate) query: Option<&'a str>,
    /// The fragment without its `#`, if there is a `#`.
    pub(crate) fragment: Option<&'a str>,
}

/// Why a string is not an acceptable URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum UrlProblem {
    Empty,
    ForbiddenCharacter,
    NoScheme,
    NotAbsolute,
    UserInfo,
    EmptyHost,
    InvalidHost,
    InvalidPort,
}

impl UrlProblem {
    fn describe(self) -> &'static str {
        match self {
            UrlProblem::Empty => "is empty",
            UrlProblem::ForbiddenCharacter => {
                "contains a space, a backslash, a control character or a non-ASCII character"
            }
            UrlProblem::NoScheme => "has no scheme (such as https://)",
            UrlProblem::NotAbsolute => {
                "is not an absolute URL with a host (it should start with https://)"
            }
            UrlProblem::UserInfo => "contains user information (an `@` before the host)",
            UrlProblem::EmptyHost => "has no host",
            UrlProblem::InvalidHost => "has an invalid host",
            UrlProblem::InvalidPort => "has an invalid port",
        }
    }
}

impl<'a> UrlParts<'a> {
    /// Whether the scheme is `https`.
    pub(crate) fn is_https(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("https")
    }

    /// Whether the scheme is `http`.
    pub(crate) fn is_http(&self) -> bool {
        self.scheme.eq_ignore_ascii_case("http")
    }

    /// Whether the host is `127.0.0.1`, `localhost` or `[::1]`.
    pub(crate) fn is_loopback(&self) -> bool {
        self.host == "127.0.0.1"
            || self.host == "[::1]"
            || self.host.eq_ignore_ascii_case("localhost")
    }

    /// The path, with an empty path read as `/` (RFC 3986 §6.2.3).
    pub(crate) fn path_or_root(&self) -> &'a str {
        if self.path.is_empty() {
            "/"
        } else {
            self.path
        }
    }

    /// The port, or the scheme's default (443 for https, 80 for http).
    pub(crate) fn effective_port(&self) -> Option<u16> {
        self.port.or(if self.is_https() {
            Some(443)
        } else if self.is_http() {
            Some(80)
        } else {
            None
        })
    }
}

/// `endpoint` with the form-encoded `query` appended: after `?`, or after `&`
/// when the endpoint has a query already, or directly after a trailing `?` or
/// `&`.
pub(crate) fn append_query(endpoint: &str, query: &str) -> String {
    let separator = if endpoint.ends_with('?') || endpoint.ends_with('&') {
        ""
    } else if endpoint.contains('?') {
        "&"
    } else {
        "?"
    };
    format!("{endpoint}{separator}{query}")
}

/// Splits an absolute `scheme://authority/path?query#fragment` URL.
///
/// Stricter than RFC 3986 on purpose: it refuses user information, any
/// whitespace, control or non-ASCII character and backslashes (which browsers
/// read as `/`), so that what this function sees as the host is what a browser
/// sees as the host.
pub(crate) fn split_url(input: &str) -> Result<UrlParts<'_>, UrlProblem> {
    if input.is_empty() {
        return Err(UrlProblem::Empty);
    }
    if input
        .chars()
        .any(|c| !c.is_ascii() || c.is_ascii_control() || c == ' ' || c == '\\')
    {
        return Err(UrlProblem::ForbiddenCharacter);
    }
    let (scheme, rest) = input.split_once(':').ok_or(UrlProblem::NoScheme)?;
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return Err(UrlProblem::NoScheme);
    }
    let rest = rest.strip_prefix("//").ok_or(UrlProblem::NotAbsolute)?;
    let (rest, fragment) = match rest.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (rest, None),
    };
    let (rest, query) = match rest.split_once('?') {
        Some((before, query)) => (before, Some(query)),
        None => (rest, None),
    };
    let (authority, path) = match rest.find('/') {
        Some(slash) => rest
            .split_at_checked(slash)
            .ok_or(UrlProblem::NotAbsolute)?,
        None => (rest, ""),
    };
    if authority.contains('@') {
        return Err(UrlProblem::UserInfo);
    }
    let (host, port) = split_host_port(authority)?;
    Ok(UrlParts {
        scheme,
        authority,
        host,
        port,
        path,
        query,
        fragment,
    })
}

fn split_host_port(authority: &str) -> Result<(&str, Option<u16>), UrlProblem> {
    if authority.is_empty() {
        return Err(UrlProblem::EmptyHost);
    }
    let (host, port) = if authority.starts_with('[') {
        let close = authority.find(']').ok_or(UrlProblem::InvalidHost)?;
        let (host, after) = authority
            .split_at_checked(close.saturating_add(1))
            .ok_or(UrlProblem::InvalidHost)?;
        let inner = host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .ok_or(UrlProblem::InvalidHost)?;
        if inner.is_empty()
            || !inner
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.')
        {
            return Err(UrlProblem::InvalidHost);
        }
        let port = match after {
            "" => None,
            _ => Some(after.strip_prefix(':').ok_or(UrlProblem::InvalidHost)?),
        };
        (host, port)
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(UrlProblem::EmptyHost);
    }
    if !host.starts_with('[')
        && !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_'))
    {
        return Err(UrlProblem::InvalidHost);
    }
    let port = match port {
        None => None,
        Some(p) if !p.is_empty() && p.len() <= 5 && p.chars().all(|c| c.is_ascii_digit()) => {
            Some(p.parse::<u16>().map_err(|_| UrlProblem::InvalidPort)?)
        }
        Some(_) => return Err(UrlProblem::InvalidPort),
    };
    Ok((host, port))
}

/// `value` cut to `max` characters (with `…` when cut), for error messages.
pub(crate) fn shorten(value: &str, max: usize) -> String {
    if value.chars().count() > max {
        let mut short: String = value.chars().take(max).collect();
        short.push('…');
        short
    } else {
        value.to_owned()
    }
}

/// "<lead> (<error>): <description>" or "<lead> (<error>)." — how a provider's
/// OAuth error is worded for people, bounded in length.
pub(crate) fn provider_sentence(lead: &str, error: &str, description: Option<&str>) -> String {
    let error = shorten(error, 100);
    match description.map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => format!("{lead} ({error}): {}", shorten(d, 300)),
        None => format!("{lead} ({error})."),
    }
}

/// `"value"`, shortened to 100 characters, for error messages.
pub(crate) fn quoted(value: &str) -> String {
    format!("\"{}\"", shorten(value, 100))
}

/// Checks shared by [`IssuerUrl`] and [`EndpointUrl`]: https, or http on a
/// loopback host; no fragment; a query only when `allow_query`.
fn check_secure_url(input: &str, allow_query: bool) -> Result<(), String> {
    let parts = split_url(input).map_err(|p| p.describe().to_owned())?;
    if parts.is_http() {
        if !parts.is_loopback() {
            return Err("uses http with a host that is not a loopback address".to_owned());
        }
    } else if !parts.is_https() {
        return Err(format!("uses the scheme `{}`", parts.scheme));
    }
    if parts.fragment.is_some() {
        return Err("has a fragment (`#`)".to_owned());
    }
    if !allow_query && parts.query.is_some() {
        return Err("has a query (`?`)".to_owned());
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// The newtypes.

macro_rules! validated_string {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The value, exactly as it was given.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = ConfigError;
            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl From<$name> for String {
            fn from(value: $name) -> String {
                value.0
            }
        }
    };
}

validated_string!(
    /// An OAuth `client_id` (RFC 6749 §2.2): not empty, no control characters.
    ClientId
);

impl ClientId {
    /// Parses a client id. Errors name the key `client_id`.
    pub fn parse(value: &str) -> Result<Self, ConfigError> {
        if value.is_empty() {
            return Err(ConfigError::invalid("client_id", "must not be empty."));
        }
        if value.chars().any(char::is_control) {
            return Err(ConfigError::invalid(
                "client_id",
                "must not contain control characters.",
            ));
        }
        Ok(Self(value.to_owned()))
    }
}

validated_string!(
    /// An OpenID Provider's issuer identifier: an https URL (http only for
    /// 127.0.0.1, localhost and \[::1\]) with no query and no fragment
    /// (OpenID Connect Discovery 1.0 §2). Kept exactly as given.
    IssuerUrl
);

impl IssuerUrl {
    /// Parses an issuer URL. Errors name the key `issuer`.
    pub fn parse(value: &str) -> Result<Self, ConfigError> {
        check_secure_url(value, false).map_err(|detail| {
            ConfigError::invalid(
                "issuer",
                format!(
                    "must be an https URL (http is allowed only for 127.0.0.1, localhost and [::1]) \
                     without a query or fragment, but {} {detail}.",
                    quoted(value)
                ),
            )
        })?;
        Ok(Self(value.to_owned()))
    }

    /// The issuer with any trailing `/` removed, for building well-known URLs.
    #[must_use]
    pub fn trimmed(&self) -> &str {
        self.0.trim_end_matches('/')
    }

    /// Builds an issuer from a string this module produced from valid parts.
    pub(crate) fn from_trusted(value: String) -> Self {
        Self(value)
    }
}

validated_string!(
    /// An endpoint URL (authorization, token, userinfo, ...): an https URL (http
    /// only for loopback hosts), a query is allowed, a fragment is not.
    EndpointUrl
);

impl EndpointUrl {
    /// Parses an endpoint URL. Errors name the key `endpoint`; callers rename it
    /// with [`ConfigError::with_key`].
    pub fn parse(value: &str) -> Result<Self, ConfigError> {
        check_secure_url(value, true).map_err(|detail| {
            ConfigError::invalid(
                "endpoint",
                format!(
                    "must be an https URL (http is allowed only for 127.0.0.1, localhost and [::1]) \
                     without a fragment, but {} {detail}.",
                    quoted(value)
                ),
            )
        })?;
        Ok(Self(value.to_owned()))
    }

    /// Builds an endpoint from a string this module produced from valid parts.
    pub(crate) fn from_trusted(value: String) -> Self {
        Self(value)
    }
}

validated_string!(
    /// A `redirect_uri` (RFC 6749 §3.1.2): an absolute http or https URL without
    /// a fragment.
    RedirectUrl
);

impl RedirectUrl {
    /// Parses a redirect URL. Errors name the key `redirect_uri`.
    pub fn parse(value: &str) -> Result<Self, ConfigError> {
        let detail = match split_url(value) {
            Err(problem) => Some(problem.describe().to_owned()),
            Ok(parts) if !parts.is_http() && !parts.is_https() => {
                Some(format!("uses the scheme `{}`", parts.scheme))
            }
            Ok(parts) if parts.fragment.is_some() => Some("has a fragment (`#`)".to_owned()),
            Ok(_) => None,
        };
        match detail {
            Some(detail) => Err(ConfigError::invalid(
                "redirect_uri",
                format!(
                    "must be an absolute http or https URL without a fragment, but {} {detail}.",
                    quoted(value)
                ),
            )),
            None => Ok(Self(value.to_owned())),
        }
    }

    /// The path component, without query (`/` when the URL has no path).
    #[must_use]
    pub fn path(&self) -> &str {
        split_url(&self.0).map_or("/", |parts| parts.path_or_root())
    }

    /// The split URL (always `Some` for a value built by [`RedirectUrl::parse`]).
    pub(crate) fn parts(&self) -> Option<UrlParts<'_>> {
        split_url(&self.0).ok()
    }
}

validated_string!(
    /// One OAuth scope token (RFC 6749 §3.3): printable ASCII except space,
    /// `"` and `\`.
    Scope
);

impl Scope {
    /// Parses a scope. Errors name the key `scopes`.
    pub fn parse(value: &str) -> Result<Self, ConfigError> {
        // scope-token = 1*( %x21 / %x23-5B / %x5D-7E )  (RFC 6749 §3.3)
        let valid = !value.is_empty()
            && value
                .bytes()
                .all(|b| b == 0x21 || (0x23..=0x5b).contains(&b) || (0x5d..=0x7e).contains(&b));
        if valid {
            Ok(Self(value.to_owned()))
        } else {
            Err(ConfigError::invalid(
                "scopes",
                format!(
                    "entries must be non-empty and contain no spaces, quotes, backslashes or \
                     control characters, but {} does not qualify.",
                    quoted(value)
                ),
            ))
        }
    }

    /// The `openid` scope, which every OpenID Connect request must include.
    #[must_use]
    pub fn openid() -> Scope {
        Scope("openid".to_owned())
    }

    /// A scope from a literal known to be valid.
    pub(crate) fn from_static(value: &'static str) -> Scope {
        Scope(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitter_reads_components() {
        let p = split_url("https://op.example:8443/a/b?x=1&y=2#frag").unwrap();
        assert_eq!(p.scheme, "https");
        assert_eq!(p.authority, "op.example:8443");
        assert_eq!(p.host, "op.example");
        assert_eq!(p.port, Some(8443));
        assert_eq!(p.path, "/a/b");
        assert_eq!(p.query, Some("x=1&y=2"));
        assert_eq!(p.fragment, Some("frag"));

        let p = split_url("http://[::1]:8080").unwrap();
        assert_eq!(p.host, "[::1]");
        assert_eq!(p.port, Some(8080));
        assert_eq!(p.path, "");
        assert_eq!(p.path_or_root(), "/");
        assert!(p.is_loopback());

        // A `?` after `#` belongs to the fragment (RFC 3986 §3.5).
        let p = split_url("https://h/p#f?q").unwrap();
        assert_eq!(p.query, None);
        assert_eq!(p.fragment, Some("f?q"));

        // `?` directly after the host ends the authority (RFC 3986 §3.2).
        let p = split_url("https://h?q=1").unwrap();
        assert_eq!(p.host, "h");
        assert_eq!(p.path, "");
        assert_eq!(p.query, Some("q=1"));

        // `@` inside the fragment is not user information.
        let p = split_url("https://good.example#@evil.example").unwrap();
        assert_eq!(p.host, "good.example");
    }

    #[test]
    fn splitter_refuses_hostile_inputs() {
        // (input, expected problem)
        let cases = [
            ("", UrlProblem::Empty),               // nothing
            ("https://a@b", UrlProblem::UserInfo), // userinfo hides the real host
            (
                "https://good.example:443@evil.example",
                UrlProblem::UserInfo,
            ), // port-looking userinfo
            (
                "https://evil.example\\@good.example",
                UrlProblem::ForbiddenCharacter,
            ), // backslash
            ("https:\\\\evil.example", UrlProblem::ForbiddenCharacter), // backslashes as slashes
            ("https://good .example", UrlProblem::ForbiddenCharacter), // space
            ("https://good.example/\n", UrlProblem::ForbiddenCharacter), // newline
            ("https://exämple.com", UrlProblem::ForbiddenCharacter), // non-ASCII host
            ("op.example/path", UrlProblem::NoScheme), // missing scheme
            ("//op.example/path", UrlProblem::NoScheme), // scheme-relative
            ("1https://op.example", UrlProblem::NoScheme), // scheme starts with a digit
            ("javascript:alert(1)", UrlProblem::NotAbsolute), // no authority
            ("https:/op.example", UrlProblem::NotAbsolute), // one slash
            ("https:///path", UrlProblem::EmptyHost), // empty host
            ("https://:443/", UrlProblem::EmptyHost), // port only
            ("https://op.example:/", UrlProblem::InvalidPort), // empty port
            ("https://op.example:99999/", UrlProblem::InvalidPort), // out of range
            ("https://op.example:8a/", UrlProblem::InvalidPort), // not a number
            ("https://a:1:2/", UrlProblem::InvalidPort), // two colons
            ("https://op%2eexample/", UrlProblem::InvalidHost), // percent in host
            ("https://[::1/", UrlProblem::InvalidHost), // unclosed bracket
            ("https://[]/", UrlProblem::InvalidHost), // empty IPv6 literal
            ("https://[::1]x/", UrlProblem::InvalidHost), // junk after bracket
            ("https://[evil.example]/", UrlProblem::InvalidHost), // not an IPv6 literal
        ];
        for (input, expected) in cases {
            assert_eq!(split_url(input), Err(expected), "{input}");
        }
    }

    #[test]
    fn issuer_urls() {
        // Accepted, kept byte for byte.
        for ok in [
            "https://op.example",
            "https://op.example/",
            "https://op.example/realms/demo",
            "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbC123",
            "http://127.0.0.1:8080",
            "http://localhost:9000/issuer",
            "http://LOCALHOST",
            "http://[::1]:5556/dex",
        ] {
            assert_eq!(IssuerUrl::parse(ok).unwrap().as_str(), ok);
        }
        // (input, words the message must contain)
        let cases = [
            ("http://op.example", "not a loopback"), // plain http on the internet
            ("http://127.0.0.2", "not a loopback"),  // not one of the three loopback names
            ("https://op.example?x=1", "query"),     // issuers have no query
            ("https://op.example#x", "fragment"),    // issuers have no fragment
            ("ftp://op.example", "scheme `ftp`"),    // other schemes
            ("javascript:alert(1)", "absolute"),     // script URL
            ("https://a@b", "user information"),     // userinfo
            ("op.example", "scheme"),                // missing scheme
            ("", "empty"),                           // nothing
        ];
        for (input, words) in cases {
            let err = IssuerUrl::parse(input).unwrap_err().to_string();
            assert!(err.starts_with("`issuer` must be an https URL"), "{err}");
            assert!(err.contains(words), "{input}: {err}");
        }
        assert_eq!(
            IssuerUrl::parse("https://op.example/").unwrap().trimmed(),
            "https://op.example"
        );
    }

    #[test]
    fn endpoint_urls() {
        assert!(EndpointUrl::parse("https://op.example/authorize?tenant=a").is_ok());
        assert!(EndpointUrl::parse("http://localhost:8080/token").is_ok());
        // (input): all refused
        for bad in [
            "https://op.example/token#x", // fragment
            "http://op.example/token",    // http off loopback
            "data:text/html,hi",          // not hierarchical
            "/token",                     // relative
        ] {
            let err = EndpointUrl::parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("`endpoint` must be"), "{err}");
        }
    }

    #[test]
    fn redirect_urls() {
        let r = RedirectUrl::parse("https://app.example/auth/callback?x=1").unwrap();
        assert_eq!(r.path(), "/auth/callback");
        assert_eq!(
            RedirectUrl::parse("http://app.example").unwrap().path(),
            "/"
        );
        assert!(RedirectUrl::parse("http://app.example:8080/cb").is_ok());
        // (input): all refused
        for bad in [
            "https://app.example/cb#frag", // fragment (RFC 6749 §3.1.2)
            "/callback",                   // relative
            "javascript:alert(1)",         // script URL
            "custom-app://callback",       // non-web scheme
            "https://a@app.example/cb",    // userinfo
        ] {
            let err = RedirectUrl::parse(bad).unwrap_err().to_string();
            assert!(err.starts_with("`redirect_uri` must be"), "{bad}: {err}");
        }
    }

    #[test]
    fn client_ids_and_scopes() {
        assert_eq!(ClientId::parse("abc 123").unwrap().as_str(), "abc 123");
        // (input): all refused
        for bad in [
            "",     // empty
            "a\nb", // newline
            "a\0",  // NUL
        ] {
            assert!(ClientId::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(Scope::parse("openid").unwrap(), Scope::openid());
        assert!(Scope::parse("https://graph.example/User.Read").is_ok());
        // (input): all refused
        for bad in [
            "",             // empty
            "openid email", // two scopes in one entry
            "a\"b",         // quote (excluded by RFC 6749 §3.3)
            "a\\b",         // backslash (excluded by RFC 6749 §3.3)
            "a\tb",         // control character
            "é",            // non-ASCII
        ] {
            assert!(Scope::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn serde_revalidates() {
        let id: IssuerUrl = serde_json::from_str("\"https://op.example\"").unwrap();
        assert_eq!(
            serde_json::to_string(&id).unwrap(),
            "\"https://op.example\""
        );
        assert!(serde_json::from_str::<IssuerUrl>("\"http://op.example\"").is_err());
        assert!(serde_json::from_str::<ClientId>("\"\"").is_err());
        assert_eq!(format!("{}", Scope::openid()), "openid");
        assert_eq!(String::from(Scope::openid()), "openid");
    }
}
