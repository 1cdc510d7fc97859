//! HTTP as plain data.
//!
//! The core describes the requests it needs as [`HttpRequest`] values and reads
//! the answers from [`HttpResponse`] values; the browser layer performs the
//! actual `fetch`. Request bodies carry authorization codes, PKCE verifiers and
//! refresh tokens, and response bodies carry tokens, so neither `Debug`
//! implementation prints a body.

use std::fmt;

/// The largest response body, in bytes, that the core's parsers accept (256 KiB).
pub const MAX_RESPONSE_BYTES: usize = 256 * 1024;

/// The HTTP methods the core uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `POST`
    Post,
}

impl HttpMethod {
    /// The method name as sent on the wire (`"GET"`, `"POST"`).
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Post => "POST",
        }
    }
}

/// A request the browser layer should send.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: HttpMethod,
    /// The absolute URL.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The body, if any. It may contain secrets: never log it.
    pub body: Option<String>,
}

impl HttpRequest {
    /// The value of the first header called `name` (ASCII case-insensitive).
    #[must_use]
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &self.headers)
            .field("body", &self.body.as_ref().map(|b| Redacted(b.len())))
            .finish()
    }
}

/// A response the browser layer received.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The HTTP status code.
    pub status: u16,
    /// The `Content-Type` header, if the response had one.
    pub content_type: Option<String>,
    /// The body as text. It may contain tokens: never log it.
    pub body: String,
}

impl HttpResponse {
    /// Whether the status is 2xx.
    #[must_use]
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// Whether the content type is `application/json` (parameters such as
    /// `charset` are allowed).
    #[must_use]
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(|ct| {
            let essence = ct.split(';').next().unwrap_or_default().trim();
            essence.eq_ignore_ascii_case("application/json")
        })
    }

    /// Whether the body is larger than [`MAX_RESPONSE_BYTES`].
    #[must_use]
    pub fn is_too_large(&self) -> bool {
        self.body.len() > MAX_RESPONSE_BYTES
    }
}

impl fmt::Debug for HttpResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpResponse")
            .field("status", &self.status)
            .field("content_type", &self.content_type)
            .field("body", &Redacted(self.body.len()))
            .finish()
    }
}

/// Prints `[redacted N bytes]`.
struct Redacted(usize);

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[redacted {} bytes]", self.0)
    }
}

/// A form POST (`application/x-www-form-urlencoded`) that expects JSON back,
/// as used at the token endpoint (RFC 6749 §4.1.3, §6).
pub(crate) fn form_post(url: &str, body: String) -> HttpRequest {
    HttpRequest {
        method: HttpMethod::Post,
        url: url.to_owned(),
        headers: vec![
            (
                "Content-Type".to_owned(),
                "application/x-www-form-urlencoded".to_owned(),
            ),
            ("Accept".to_owned(), "application/json".to_owned()),
        ],
        body: Some(body),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(content_type: Option<&str>) -> HttpResponse {
        HttpResponse {
            status: 200,
            content_type: content_type.map(str::to_owned),
            body: "{\"access_token\":\"SECRET-AT\"}".to_owned(),
        }
    }

    #[test]
    fn debug_redacts_bodies() {
        let req = form_post("https://op.example/token", "code=SECRET-CODE".to_owned());
        let printed = format!("{req:?}");
        assert!(!printed.contains("SECRET"), "{printed}");
        assert!(printed.contains("[redacted 16 bytes]"), "{printed}");
        let printed = format!("{:?}", response(None));
        assert!(!printed.contains("SECRET"), "{printed}");
    }

    #[test]
    fn json_content_type_detection() {
        // (content type, is JSON)
        let cases = [
            (Some("application/json"), true),
            (Some("application/json; charset=utf-8"), true),
            (Some("Application/JSON;charset=UTF-8"), true),
            (Some(" application/json "), true),
            (Some("text/html"), false),         // an HTML error page
            (Some("application/jsonp"), false), // a different type with the same prefix
            (Some("text/plain; x=application/json"), false), // JSON only in a parameter
            (None, false),                      // no header at all
        ];
        for (ct, expected) in cases {
            assert_eq!(response(ct).is_json(), expected, "{ct:?}");
        }
    }

    #[test]
    fn size_limit_and_status() {
        let mut r = response(None);
        assert!(r.is_success());
        assert!(!r.is_too_large());
        r.body = "x".repeat(MAX_RESPONSE_BYTES + 1);
        assert!(r.is_too_large());
        r.status = 302;
        assert!(!r.is_success());
        r.status = 199;
        assert!(!r.is_success());
    }

    #[test]
    fn header_lookup_is_case_insensitive() {
        let req = form_post("https://op.example/token", String::new());
        assert_eq!(req.method.as_str(), "POST");
        assert_eq!(
            req.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(req.header("ACCEPT"), Some("application/json"));
        assert_eq!(req.header("authorization"), None);
    }
}
