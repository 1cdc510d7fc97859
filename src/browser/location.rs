//! The address bar and navigation.

use wasm_bindgen::JsValue;

/// The callback parameters removed from the address bar after a callback.
pub const CALLBACK_PARAMS: &[&str] = &[
    "code",
    "state",
    "iss",
    "session_state",
    "error",
    "error_description",
    "error_uri",
];

/// Why the browser refused to navigate or rewrite the address bar.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the browser refused to change the address: {0}")]
pub struct LocationError(String);

fn window() -> Result<web_sys::Window, LocationError> {
    web_sys::window().ok_or_else(|| LocationError("no window".into()))
}

/// The full URL in the address bar.
pub fn current_url() -> Result<String, LocationError> {
    window()?
        .location()
        .href()
        .map_err(|_| LocationError("location.href is unreadable".into()))
}

/// The page's origin (`scheme://host:port`).
pub fn origin() -> Result<String, LocationError> {
    window()?
        .location()
        .origin()
        .map_err(|_| LocationError("location.origin is unreadable".into()))
}

/// Path, query and fragment of the current URL: where to come back to after
/// signing in.
pub fn current_path_and_query() -> Result<String, LocationError> {
    let loc = window()?.location();
    let part = |r: Result<String, JsValue>| r.unwrap_or_default();
    Ok(format!(
        "{}{}{}",
        part(loc.pathname()),
        part(loc.search()),
        part(loc.hash())
    ))
}

/// Rewrites the address bar to `url` (same origin) without a navigation and
/// without a new history entry, so the previous URL cannot be reached with
/// the back button either.
pub fn replace_url(url: &str) -> Result<(), LocationError> {
    window()?
        .history()
        .and_then(|h| h.replace_state_with_url(&JsValue::NULL, "", Some(url)))
        .map_err(|_| LocationError("history.replaceState failed".into()))
}

/// Navigates the page to `url` (used for the provider's authorization page).
pub fn navigate(url: &str) -> Result<(), LocationError> {
    window()?
        .location()
        .assign(url)
        .map_err(|_| LocationError("location.assign failed".into()))
}

/// `url` without the callback parameters ([`CALLBACK_PARAMS`]) in its query
/// and fragment; other parameters keep their order.
pub fn strip_callback_params(url: &str) -> String {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((a, f)) => (a, Some(f)),
        None => (url, None),
    };
    let (base, query) = match before_fragment.split_once('?') {
        Some((b, q)) => (b, Some(q)),
        None => (before_fragment, None),
    };
    let keep = |part: &str| -> String {
        part.split('&')
            .filter(|pair| {
                let name = pair.split('=').next().unwrap_or("");
                !pair.is_empty() && !CALLBACK_PARAMS.contains(&name)
            })
            .collect::<Vec<_>>()
            .join("&")
    };
    let mut out = base.to_owned();
    if let Some(q) = query.map(keep).filter(|q| !q.is_empty()) {
        out.push('?');
        out.push_str(&q);
    }
    if let Some(f) = fragment.map(keep).filter(|f| !f.is_empty()) {
        out.push('#');
        out.push_str(&f);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::strip_callback_params;

    #[test]
    fn strips_every_callback_parameter_and_keeps_the_rest() {
        let cases = [
            // a plain code response
            ("/callback?code=c&state=s&iss=i", "/callback"),
            // RFC 9207 iss and OIDC session management's session_state
            (
                "/callback?code=c&state=s&session_state=x&iss=i&keep=1",
                "/callback?keep=1",
            ),
            // an error response
            (
                "/callback?error=access_denied&error_description=no&state=s",
                "/callback",
            ),
            // response_mode=fragment
            ("/callback#code=c&state=s", "/callback"),
            // other parameters and fragments survive
            ("/p?a=1&code=c#frag", "/p?a=1#frag"),
            // nothing to strip
            ("/p", "/p"),
        ];
        for (input, expected) in cases {
            assert_eq!(strip_callback_params(input), expected, "{input}");
        }
    }
}
