//! config.json: the hosted page reads it at run time.
#![no_main]

use leptos_hosted_auth_fuzz::core::AuthConfig;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(c) = AuthConfig::from_json(s, "https://app.example") {
        assert!(c.validate().is_ok());
        assert!(!c.id_token_signing_alg_values.is_empty());
    }
});
