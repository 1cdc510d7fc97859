//! Browser adapters: the small pieces that give the sans-IO [`core`](crate::core)
//! a real browser. Each one turns browser failures into typed errors instead of
//! panicking: a panic in wasm kills the whole page.
//!
//! - [`storage`]: memory, `sessionStorage` and `localStorage` behind one trait,
//!   with namespaced, versioned keys (`lha/v1/...`).
//! - [`http`]: `fetch` with a timeout and clear network errors.
//! - [`location`]: the address bar (`history.replaceState`) and navigation.
//! - [`now`] and [`random_bytes`]: the clock and the random source.

pub mod client;
pub mod cognito;
mod deferred;
pub mod http;
pub mod jose;
pub mod keeper;
pub mod location;
pub(crate) mod split;
mod srp;

pub(crate) use deferred::preload_password_sign_in;
pub(crate) use srp::preload_srp;
pub mod storage;
pub mod tabs;

use crate::core::UnixTime;

/// The current time on the local clock, in whole seconds since the epoch.
pub fn now() -> UnixTime {
    // Date.now() is milliseconds as an f64; clamp anything odd to 0.
    let ms = js_sys::Date::now();
    if ms.is_finite() && ms > 0.0 {
        UnixTime((ms / 1000.0) as u64)
    } else {
        UnixTime(0)
    }
}

/// Fills `buf` from the browser's cryptographic random source
/// (`crypto.getRandomValues`, through getrandom).
pub fn random_bytes(buf: &mut [u8]) -> Result<(), getrandom::Error> {
    getrandom::fill(buf)
}
