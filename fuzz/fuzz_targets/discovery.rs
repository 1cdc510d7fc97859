//! Discovery documents (OpenID Connect Discovery 1.0 §4).
#![no_main]

use leptos_hosted_auth_fuzz::core::{IssuerUrl, ProviderMetadata};
use leptos_hosted_auth_fuzz::{check_hygiene, response, ISSUER};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let r = response(data);
    check_hygiene(&r);
    let Ok(expected) = IssuerUrl::parse(ISSUER) else {
        return;
    };
    if let Ok(md) = ProviderMetadata::from_discovery_response(&expected, &r) {
        assert_eq!(md.issuer, expected, "metadata for another issuer");
        assert!(r.is_success());
    }
});
