//! The sans-IO core of leptos-hosted-auth, compiled without Leptos or any
//! browser crate, for the fuzz targets in `fuzz_targets/`. The core uses only
//! `super::` paths, so it mounts here by path unchanged. Helpers shared by the
//! targets follow.

#![forbid(unsafe_code)]
#![allow(missing_docs, dead_code, unreachable_pub)]

#[path = "../../src/core/mod.rs"]
pub mod core;

use crate::core::{
    AuthConfig, ClientId, EndpointUrl, HttpResponse, IssuerUrl, ProviderConfig, ProviderMetadata,
    RedirectUrl,
};

/// The issuer every target expects.
pub const ISSUER: &str = "https://op.example";

/// A fixed configuration for `https://op.example`.
pub fn config() -> Option<AuthConfig> {
    let issuer = IssuerUrl::parse(ISSUER).ok()?;
    Some(AuthConfig::new(
        ProviderConfig::Issuer {
            issuer,
            endpoints: None,
        },
        ClientId::parse("my-client").ok()?,
        RedirectUrl::parse("https://app.example/callback").ok()?,
    ))
}

/// Fixed provider metadata for `https://op.example`.
pub fn metadata(iss_supported: bool) -> Option<ProviderMetadata> {
    let ep = |path: &str| EndpointUrl::parse(&format!("{ISSUER}{path}")).ok();
    Some(ProviderMetadata {
        issuer: IssuerUrl::parse(ISSUER).ok()?,
        authorization_endpoint: ep("/authorize")?,
        token_endpoint: ep("/token")?,
        userinfo_endpoint: ep("/me"),
        end_session_endpoint: ep("/logout"),
        revocation_endpoint: ep("/revoke"),
        jwks_uri: ep("/jwks"),
        authorization_response_iss_parameter_supported: iss_supported,
        code_challenge_methods_supported: vec!["S256".to_owned()],
        is_cognito: false,
    })
}

const CONTENT_TYPES: [Option<&str>; 8] = [
    Some("application/json"),
    Some("application/json; charset=utf-8"),
    Some("application/x-amz-json-1.1"),
    Some("application/jwk-set+json"),
    Some("text/html"),
    None,
    Some("application/jwt"),
    Some("APPLICATION/JSON;x=y"),
];

/// An HTTP response built from fuzz bytes: the first two bytes pick the
/// status (mostly 200), the third the content type, the rest is the body
/// (lossy UTF-8, as `fetch`'s `text()` decodes).
pub fn response(data: &[u8]) -> HttpResponse {
    let (head, body) = data.split_at(data.len().min(3));
    let status = match head.first().copied().unwrap_or(0) % 8 {
        0..=4 => 200,
        5 => 400,
        6 => 401,
        _ => 100 + u16::from(head.get(1).copied().unwrap_or(0)) * 2,
    };
    let content_type = CONTENT_TYPES
        .get(usize::from(head.get(2).copied().unwrap_or(0)) % CONTENT_TYPES.len())
        .copied()
        .flatten()
        .map(str::to_owned);
    HttpResponse {
        status,
        content_type,
        body: String::from_utf8_lossy(body).into_owned(),
    }
}

/// The body-hygiene invariants every JSON parser relies on.
pub fn check_hygiene(r: &HttpResponse) {
    let object = r.json_object();
    let body = r.json_body();
    if object.is_ok() {
        assert!(body.is_ok(), "json_object accepted what json_body refused");
        assert!(!r.is_too_large());
        assert!(r.content_type.is_some());
    }
    if let Ok(b) = body {
        assert_eq!(b, r.body);
    }
}
