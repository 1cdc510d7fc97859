//! Cognito user-pool API answers: InitiateAuth / RespondToAuthChallenge,
//! the other operations, and the error mapping.
#![no_main]

use leptos_hosted_auth_fuzz::core::cognito::{self, parse_error};
use leptos_hosted_auth_fuzz::{check_hygiene, response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let r = response(data);
    check_hygiene(&r);
    if let Ok(step) = cognito::parse_auth_response(&r) {
        assert!(r.is_success());
        let _ = format!("{step:?}");
    }
    let _ = cognito::parse_sign_up(&r);
    let _ = cognito::parse_code_delivery(&r);
    let _ = cognito::parse_empty_response(&r);
    let _ = cognito::parse_associate_software_token(&r);
    let _ = cognito::parse_verify_software_token(&r);
    let _ = cognito::parse_get_user(&r);
    let e = parse_error(&r);
    let _ = (e.code(), e.to_string(), e.error_type());
});
