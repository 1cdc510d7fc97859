//! `redirect_uri` and `post_logout_redirect_uri`: absolute URLs, or paths
//! resolved against the page origin.

use super::super::config_error::ConfigError;
use super::super::types::{quoted, split_url, RedirectUrl};

/// The page origin without trailing slash, if it is an http(s) origin.
fn checked_origin(page_origin: &str) -> Option<&str> {
    let parts = split_url(page_origin).ok()?;
    let is_origin = (parts.is_http() || parts.is_https())
        && (parts.path.is_empty() || parts.path == "/")
        && parts.query.is_none()
        && parts.fragment.is_none();
    is_origin.then(|| page_origin.trim_end_matches('/'))
}

/// An absolute URL, or a path (`/callback`) resolved against the page origin.
pub(super) fn resolve_redirect(
    value: &str,
    page_origin: &str,
    key: &str,
) -> Result<RedirectUrl, ConfigError> {
    if !value.starts_with('/') {
        return RedirectUrl::parse(value).map_err(|e| e.with_key(key));
    }
    if value.starts_with("//") || value.starts_with("/\\") {
        return Err(ConfigError::invalid(
            key,
            format!(
                "must be an absolute URL or a path starting with a single `/`, but got {}.",
                quoted(value)
            ),
        ));
    }
    let origin = checked_origin(page_origin).ok_or_else(|| {
        ConfigError::invalid(
            key,
            format!(
                "is the path {} but the page origin {} is not an http(s) origin to resolve it \
                 against; set an absolute URL instead.",
                quoted(value),
                quoted(page_origin)
            ),
        )
    })?;
    RedirectUrl::parse(&format!("{origin}{value}")).map_err(|e| e.with_key(key))
}
