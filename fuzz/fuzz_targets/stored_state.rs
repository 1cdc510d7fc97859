//! The stored-state decoders (pending sign-in, session, pending logout):
//! garbage never panics, and whatever decodes encodes back to the same value.
#![no_main]

use leptos_hosted_auth_fuzz::core::{
    ClientId, IssuerUrl, PendingAuthorization, PendingLogout, Session,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(p) = PendingAuthorization::from_storage_string(s) {
        let again = PendingAuthorization::from_storage_string(&p.to_storage_string());
        assert!(again.is_ok_and(|a| a.to_storage_string() == p.to_storage_string()));
    }
    if let Ok(p) = PendingLogout::from_storage_string(s) {
        let again = PendingLogout::from_storage_string(&p.to_storage_string());
        assert!(again.is_ok_and(|a| a.to_storage_string() == p.to_storage_string()));
    }
    let (Ok(issuer), Ok(client)) = (
        IssuerUrl::parse("https://op.example"),
        ClientId::parse("my-client"),
    ) else {
        return;
    };
    if let Ok(session) = Session::from_storage_string(s, &issuer, &client) {
        let stored = session.to_storage_string();
        let again = Session::from_storage_string(&stored, &issuer, &client);
        assert_eq!(again.as_ref().ok(), Some(&session));
    }
});
