//! # leptos-hosted-auth
//!
//! The browser side of OAuth 2.0 authorization code + PKCE for any OpenID Connect
//! provider (AWS Cognito included), with themed Leptos components and a hosted
//! sign-in page configured at run time.
//!
//! The crate has four rooms (see `DESIGN.md` in the project's shared folder):
//! - [`core`]: the protocol, sans-IO. Plain Rust that builds and tests natively.
//! - [`browser`]: small adapters that give the core a real browser (storage,
//!   `fetch`, randomness, clock, address bar, navigation).
//! - [`ui`]: Leptos components and hooks (`AuthProvider`, `use_auth`, ...).
//! - [`theme`]: design tokens written out as `--lha-*` CSS custom properties.
// `deny`, not `forbid`: the split points' generated loader glue (src/ui/lazy.rs) is the one
// place allowed to hold `unsafe`.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod browser;
pub mod core;
pub mod theme;
pub mod ui;

/// The README's code blocks, compiled as doc tests so the embedding example
/// cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
