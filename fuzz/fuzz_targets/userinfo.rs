//! UserInfo answers and the `sub` rule.
#![no_main]

use leptos_hosted_auth_fuzz::core::parse_userinfo_response;
use leptos_hosted_auth_fuzz::{check_hygiene, response};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let r = response(data);
    check_hygiene(&r);
    if let Ok(info) = parse_userinfo_response(&r, "248289761001") {
        assert_eq!(info.sub, "248289761001");
    }
});
