//! JWT decoding (header and claims), the allow list and claim validation.
#![no_main]

use leptos_hosted_auth_fuzz::core::{
    id_token, AccessToken, ClientId, DecodedIdToken, IdToken, IdTokenClaims, IdTokenValidation,
    IssuerUrl, Nonce, UnixTime, DEFAULT_ID_TOKEN_ALGORITHMS,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(raw) = std::str::from_utf8(data) else {
        return;
    };
    let token = IdToken::new(raw.to_owned());
    let decoded = DecodedIdToken::decode(&token);
    let allowed = DecodedIdToken::decode_with(&token, DEFAULT_ID_TOKEN_ALGORITHMS);
    if allowed.is_ok() {
        assert!(decoded.is_ok(), "the allow list only narrows");
    }
    let Ok(d) = decoded else { return };
    // What the signature covers is the first two parts, verbatim.
    assert!(raw.starts_with(&d.signing_input));
    assert_eq!(raw.matches('.').count(), 2);
    // The claims survive storage as JSON.
    let Ok(stored) = serde_json::to_string(&d.claims) else {
        panic!("claims do not serialize");
    };
    let back: IdTokenClaims = match serde_json::from_str(&stored) {
        Ok(c) => c,
        Err(e) => panic!("stored claims do not read back: {e}"),
    };
    assert_eq!(back, d.claims);
    let (Ok(issuer), Ok(client)) = (
        IssuerUrl::parse("https://op.example"),
        ClientId::parse("my-client"),
    ) else {
        return;
    };
    let nonce = Nonce::new("n-0S6_WzA2Mj".to_owned());
    let at = AccessToken::new("jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y".to_owned());
    for (now, skew, max_age) in [
        (1_700_000_000, 300, None),
        (u64::MAX, u64::MAX, Some(u64::MAX)),
        (0, 0, Some(0)),
    ] {
        let v = IdTokenValidation {
            allowed_algorithms: DEFAULT_ID_TOKEN_ALGORITHMS,
            access_token: Some(&at),
            issuer: &issuer,
            client_id: &client,
            nonce: Some(&nonce),
            now: UnixTime(now),
            clock_skew_secs: skew,
            max_age,
        };
        let _ = id_token::validate(&d, &v);
    }
});
