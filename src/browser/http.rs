//! HTTP through the browser's `fetch`, with a timeout.
//!
//! Requests are made in CORS mode without credentials (no cookies: the token
//! endpoint of a public client needs none). Failures come back as a
//! [`NetworkError`] that says what happened in words; the browser hides the
//! difference between "server down" and "CORS refused" from scripts, so both
//! are reported together.

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::core::{HttpMethod, HttpRequest, HttpResponse, MAX_RESPONSE_BYTES};

/// The default time allowed for one request.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Why a request got no HTTP response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NetworkError {
    /// The request did not complete in time.
    #[error("{origin} did not answer within {seconds} seconds")]
    Timeout {
        /// Scheme, host and port of the URL.
        origin: String,
        /// The timeout.
        seconds: u64,
    },
    /// The server could not be reached, or the browser refused the answer
    /// because it lacked the CORS headers that allow this page to read it.
    #[error("could not reach {origin} (it may be down, or it does not allow this page's origin through CORS)")]
    Unreachable {
        /// Scheme, host and port of the URL.
        origin: String,
    },
    /// The response body was larger than [`MAX_RESPONSE_BYTES`].
    #[error("the response from {origin} is too large")]
    TooLarge {
        /// Scheme, host and port of the URL.
        origin: String,
    },
    /// The browser has no `window` or refused to build the request.
    #[error("the browser refused the request: {0}")]
    Browser(String),
}

/// Sends `request` and returns the response, whatever its status.
pub async fn send(request: &HttpRequest, timeout: Duration) -> Result<HttpResponse, NetworkError> {
    let origin = origin_of(&request.url);
    let window = web_sys::window().ok_or_else(|| NetworkError::Browser("no window".into()))?;

    let init = web_sys::RequestInit::new();
    init.set_method(match request.method {
        HttpMethod::Get => "GET",
        HttpMethod::Post => "POST",
    });
    init.set_mode(web_sys::RequestMode::Cors);
    init.set_credentials(web_sys::RequestCredentials::Omit);
    let headers = web_sys::Headers::new().map_err(js_error)?;
    for (name, value) in &request.headers {
        headers.append(name, value).map_err(js_error)?;
    }
    init.set_headers(&headers);
    if let Some(body) = &request.body {
        init.set_body(&JsValue::from_str(body));
    }
    let millis = u32::try_from(timeout.as_millis()).unwrap_or(u32::MAX);
    init.set_signal(Some(&web_sys::AbortSignal::timeout_with_u32(millis)));

    let classify = |err: JsValue| match err.dyn_ref::<web_sys::DomException>().map(|e| e.name()) {
        Some(name) if name == "TimeoutError" || name == "AbortError" => NetworkError::Timeout {
            origin: origin.clone(),
            seconds: timeout.as_secs(),
        },
        _ => NetworkError::Unreachable {
            origin: origin.clone(),
        },
    };

    let response = JsFuture::from(window.fetch_with_str_and_init(&request.url, &init))
        .await
        .map_err(classify)?;
    let response: web_sys::Response = response
        .dyn_into()
        .map_err(|_| NetworkError::Browser("fetch did not return a Response".into()))?;

    let too_large = || NetworkError::TooLarge {
        origin: origin.clone(),
    };
    let declared_length = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|v| v.trim().parse::<usize>().ok());
    if declared_length.is_some_and(|n| n > MAX_RESPONSE_BYTES) {
        return Err(too_large());
    }
    let content_type = response.headers().get("content-type").ok().flatten();
    let text = JsFuture::from(response.text().map_err(js_error)?)
        .await
        .map_err(classify)?;
    let body = text.as_string().unwrap_or_default();
    if body.len() > MAX_RESPONSE_BYTES {
        return Err(too_large());
    }
    Ok(HttpResponse {
        status: response.status(),
        content_type,
        body,
    })
}

fn js_error(err: JsValue) -> NetworkError {
    NetworkError::Browser(
        err.dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .unwrap_or_else(|| "unknown error".into()),
    )
}

/// `scheme://host[:port]` of `url`, for error messages (never the path or
/// query, which may carry a code or a token).
pub fn origin_of(url: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap_or(("", url));
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    // Drop any userinfo: it must not reach an error message.
    let host = authority.rsplit('@').next().unwrap_or(authority);
    if scheme.is_empty() {
        host.to_owned()
    } else {
        format!("{scheme}://{host}")
    }
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn origin_keeps_no_path_query_or_userinfo() {
        assert_eq!(
            origin_of("https://idp.example/token?code=secret"),
            "https://idp.example"
        );
        assert_eq!(
            origin_of("http://127.0.0.1:9090/a/b#x"),
            "http://127.0.0.1:9090"
        );
        assert_eq!(
            origin_of("https://user:pw@idp.example/x"),
            "https://idp.example"
        );
    }
}
