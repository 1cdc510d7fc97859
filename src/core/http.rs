//! HTTP as plain data.
//!
//! The core describes the requests it needs as [`HttpRequest`] values and reads
//! the answers from [`HttpResponse`] values; the browser layer performs the
//! actual `fetch`. Request bodies carry authorization codes, PKCE verifiers and
//! refresh tokens, and response bodies carry tokens, so neither `Debug`
//! implementation prints a body.

use serde_json::{Map, Value};
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
            .field("headers", &RedactedHeaders(&self.headers))
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

    /// Whether the content type is `application/json` or a JSON-based
    /// `application/*+json` type such as `application/jwk-set+json`
    /// (RFC 7517 §8.5; RFC 6839 §3.1). Parameters such as `charset` are
    /// allowed.
    #[must_use]
    pub fn is_json(&self) -> bool {
        self.content_type.as_deref().is_some_and(|ct| {
            let essence = ct
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            essence == "application/json"
                || essence
                    .strip_prefix("application/")
                    .is_some_and(|sub| sub.len() > "+json".len() && sub.ends_with("+json"))
        })
    }

    /// Whether the body is larger than [`MAX_RESPONSE_BYTES`].
    #[must_use]
    pub fn is_too_large(&self) -> bool {
        self.body.len() > MAX_RESPONSE_BYTES
    }

    /// Whether the content type is JSON as [`HttpResponse::is_json`] says, or
    /// one of the AWS JSON protocol types Cognito answers with
    /// (`application/x-amz-json-1.1`, `application/x-amz-json-1.0`).
    #[must_use]
    pub fn is_json_or_amz_json(&self) -> bool {
        self.is_json()
            || self.content_type.as_deref().is_some_and(|ct| {
                let essence = ct.split(';').next().unwrap_or_default().trim();
                essence.eq_ignore_ascii_case("application/x-amz-json-1.1")
                    || essence.eq_ignore_ascii_case("application/x-amz-json-1.0")
            })
    }

    /// The body of a successful JSON response, checked before any parser
    /// reads it. Every JSON parser of the core starts here (token, refresh,
    /// discovery, userinfo, Cognito, the JWK Set):
    ///
    /// - larger than [`MAX_RESPONSE_BYTES`]: [`ResponseRefused::TooLarge`];
    /// - no `Content-Type` header: [`ResponseRefused::MissingContentType`]
    ///   (a success response must say what it is; `Content-Type` is a
    ///   CORS-safelisted response header, so `fetch` always exposes it);
    /// - a type other than `application/json`, `application/*+json` or
    ///   Cognito's `application/x-amz-json-1.1` / `-1.0` (parameters such as
    ///   `charset` allowed): [`ResponseRefused::WrongContentType`];
    /// - a body that is not JSON: [`ResponseRefused::NotJson`].
    ///
    /// The status is not looked at: callers read error statuses first.
    pub fn json_body(&self) -> Result<&str, ResponseRefused> {
        if self.is_too_large() {
            return Err(ResponseRefused::TooLarge);
        }
        if self.content_type.is_none() {
            return Err(ResponseRefused::MissingContentType);
        }
        if !self.is_json_or_amz_json() {
            return Err(ResponseRefused::WrongContentType);
        }
        if serde_json::from_str::<serde::de::IgnoredAny>(&self.body).is_err() {
            return Err(ResponseRefused::NotJson);
        }
        Ok(&self.body)
    }

    /// [`HttpResponse::json_body`], parsed, and it must be a JSON object
    /// ([`ResponseRefused::NotAnObject`]).
    pub fn json_object(&self) -> Result<Map<String, Value>, ResponseRefused> {
        let body = self.json_body()?;
        match serde_json::from_str::<Value>(body) {
            Ok(Value::Object(map)) => Ok(map),
            Ok(_) => Err(ResponseRefused::NotAnObject),
            Err(_) => Err(ResponseRefused::NotJson),
        }
    }

    /// The JSON object of an error response (RFC 6749 §5.2, Cognito's
    /// `__type`), if it has one. Looser than [`HttpResponse::json_object`],
    /// since it is only read for a message and never stored: a missing
    /// content type is accepted; a body over [`MAX_RESPONSE_BYTES`], a
    /// non-JSON content type (an HTML error page from a proxy) or a body that
    /// is not a JSON object gives `None`.
    #[must_use]
    pub fn error_object(&self) -> Option<Map<String, Value>> {
        if self.is_too_large() || (self.content_type.is_some() && !self.is_json_or_amz_json()) {
            return None;
        }
        match serde_json::from_str::<Value>(&self.body) {
            Ok(Value::Object(map)) => Some(map),
            _ => None,
        }
    }
}

/// Why a response body was refused before any parser read it
/// ([`HttpResponse::json_body`]). The body is never quoted: it may hold
/// tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
#[non_exhaustive]
pub enum ResponseRefused {
    /// The body is larger than [`MAX_RESPONSE_BYTES`].
    #[error("it is larger than {} KiB.", MAX_RESPONSE_BYTES / 1024)]
    TooLarge,
    /// A success response without a `Content-Type` header.
    #[error("it has no content type (JSON was expected).")]
    MissingContentType,
    /// The content type is not a JSON one.
    #[error("its content type is not JSON.")]
    WrongContentType,
    /// The body does not parse as JSON.
    #[error("it is not JSON.")]
    NotJson,
    /// The body is JSON but not an object.
    #[error("it is not a JSON object.")]
    NotAnObject,
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

/// Prints headers, with the value of `Authorization` (a Bearer access token)
/// redacted.
struct RedactedHeaders<'a>(&'a [(String, String)]);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            if name.eq_ignore_ascii_case("authorization") {
                list.entry(&(name, Redacted(value.len())));
            } else {
                list.entry(&(name, value));
            }
        }
        list.finish()
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
            (Some("application/jwk-set+json"), true), // RFC 7517 §8.5 (oidc-provider's /jwks)
            (Some("application/+json"), false), // no subtype before the suffix
            (Some("text/x+json"), false),       // not an application type
        ];
        for (ct, expected) in cases {
            assert_eq!(response(ct).is_json(), expected, "{ct:?}");
        }
    }

    #[test]
    fn json_body_hygiene() {
        let r = |ct: Option<&str>, body: &str| HttpResponse {
            status: 200,
            content_type: ct.map(str::to_owned),
            body: body.to_owned(),
        };
        let json = Some("application/json; charset=utf-8");
        // (response, expected outcome of json_object)
        let cases = [
            (r(json, "{\"a\":1}"), Ok(())),
            (r(Some("application/x-amz-json-1.1"), "{}"), Ok(())), // Cognito
            (r(Some("application/x-amz-json-1.0"), "{}"), Ok(())),
            (r(Some("application/jwk-set+json"), "{}"), Ok(())), // RFC 7517 §8.5
            (r(Some("application/problem+json"), "{}"), Ok(())), // RFC 9457
            (r(None, "{}"), Err(ResponseRefused::MissingContentType)),
            (r(Some(""), "{}"), Err(ResponseRefused::WrongContentType)),
            (
                r(Some("text/html"), "{}"),
                Err(ResponseRefused::WrongContentType),
            ),
            (
                r(Some("text/plain"), "{}"),
                Err(ResponseRefused::WrongContentType),
            ),
            (
                r(Some("application/jwt"), "{}"),
                Err(ResponseRefused::WrongContentType),
            ), // signed userinfo: unsupported
            (
                r(Some("application/x-amz-json-1.1x"), "{}"),
                Err(ResponseRefused::WrongContentType),
            ),
            (r(json, ""), Err(ResponseRefused::NotJson)),
            (r(json, "<html>"), Err(ResponseRefused::NotJson)),
            (r(json, "{\"a\":1} trailing"), Err(ResponseRefused::NotJson)),
            (r(json, "[1]"), Err(ResponseRefused::NotAnObject)),
            (r(json, "\"str\""), Err(ResponseRefused::NotAnObject)),
            (r(json, "null"), Err(ResponseRefused::NotAnObject)),
            (
                r(
                    json,
                    &format!("{{\"a\":\"{}\"}}", "x".repeat(MAX_RESPONSE_BYTES)),
                ),
                Err(ResponseRefused::TooLarge),
            ),
        ];
        for (response, expected) in cases {
            assert_eq!(
                response.json_object().map(|_| ()),
                expected,
                "{:?} {:.40}",
                response.content_type,
                response.body
            );
        }
        // json_body gives the body back untouched; arrays pass there.
        assert_eq!(r(json, "[1]").json_body(), Ok("[1]"));
        // Error bodies: no content type is fine, an HTML page is not read.
        assert!(r(None, "{\"error\":\"x\"}").error_object().is_some());
        assert!(r(Some("text/html"), "{\"error\":\"x\"}")
            .error_object()
            .is_none());
        assert!(r(json, "[]").error_object().is_none());
        assert_eq!(
            ResponseRefused::TooLarge.to_string(),
            "it is larger than 256 KiB."
        );
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
