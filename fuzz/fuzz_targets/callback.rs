//! The callback URL: parsing in both response modes, `is_callback`, and
//! `complete` against a fixed pending sign-in.
#![no_main]

use leptos_hosted_auth_fuzz::core::{
    begin, complete, is_callback, CallbackError, CallbackResponse, ResponseMode, SignInOptions,
    UnixTime,
};
use leptos_hosted_auth_fuzz::{config, metadata};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(url) = std::str::from_utf8(data) else {
        return;
    };
    let Some(config) = config() else { return };
    let _ = CallbackResponse::parse(url);
    let _ = CallbackResponse::parse_for_mode(url, ResponseMode::Query);
    let _ = CallbackResponse::parse_for_mode(url, ResponseMode::Fragment);
    let _ = is_callback(url, &config.redirect_uri);
    for iss_supported in [false, true] {
        let Some(md) = metadata(iss_supported) else {
            return;
        };
        let mut random = |buf: &mut [u8]| buf.fill(7);
        let (_, pending) = begin(
            &config,
            &md,
            &SignInOptions::default(),
            &mut random,
            UnixTime(1),
        );
        let state = pending.state.secret().to_owned();
        match complete(url, Some(pending), &md) {
            Ok(exchange) => {
                // A token request only for a URL that carries our state.
                assert!(url.contains(&state));
                let body = exchange.token_request.body.unwrap_or_default();
                assert!(body.starts_with("grant_type=authorization_code&code="));
            }
            Err(e) => {
                // Errors never quote the state.
                assert!(!e.to_string().contains(&state));
            }
        }
        assert_eq!(
            complete(url, None, &md).unwrap_err(),
            CallbackError::NoPendingAuthorization
        );
    }
});
