//! JWK Set documents (src/core/jwks.rs) and key selection.
#![no_main]

use leptos_hosted_auth_fuzz::core::{JsonWebKeySet, JwsAlgorithm, KeyLookup, MAX_JWKS_KEYS};
use libfuzzer_sys::fuzz_target;

const ALGS: [&str; 3] = ["RS256", "PS256", "ES256"];

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(set) = JsonWebKeySet::from_json(s) else {
        return;
    };
    assert!(!set.keys().is_empty());
    assert!(set.keys().len() <= MAX_JWKS_KEYS);
    for name in ALGS {
        let Some(alg) = JwsAlgorithm::from_name(name) else {
            continue;
        };
        for kid in [
            None,
            Some("k1"),
            set.keys().first().and_then(|k| k.kid.as_deref()),
        ] {
            if let KeyLookup::Candidates(keys) = set.lookup(alg, kid) {
                assert!(!keys.is_empty());
                assert!(keys.iter().all(|k| k.fits(alg)));
            }
        }
    }
});
