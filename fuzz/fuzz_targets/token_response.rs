//! Token endpoint responses, and what the refresh path does with them.
#![no_main]

use leptos_hosted_auth_fuzz::core::{
    classify_refresh_error, parse_token_response, AccessToken, IdToken, RefreshToken,
};
use leptos_hosted_auth_fuzz::{check_hygiene, response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let r = response(data);
    check_hygiene(&r);
    match parse_token_response(&r) {
        Ok(tokens) => {
            assert!(r.is_success());
            assert!(!tokens.access_token.secret().is_empty());
            assert!(tokens.token_type.eq_ignore_ascii_case("bearer"));
            // Debug never prints the tokens: what it prints for them does
            // not depend on their value. (A substring check is no invariant:
            // the fuzzer finds tokens such as "n([redacted]) None N".)
            let blank = AccessToken::new(String::new());
            assert_eq!(format!("{:?}", tokens.access_token), format!("{blank:?}"));
            if let Some(rt) = &tokens.refresh_token {
                assert_eq!(
                    format!("{rt:?}"),
                    format!("{:?}", RefreshToken::new(String::new()))
                );
            }
            if let Some(it) = &tokens.id_token {
                assert_eq!(
                    format!("{it:?}"),
                    format!("{:?}", IdToken::new(String::new()))
                );
            }
        }
        Err(e) => {
            let _ = classify_refresh_error(&e);
            let _ = e.to_string();
        }
    }
});
