//! The session section of `config.json`: where state is stored
//! (`storage`), when to refresh (`refresh_lead_seconds`, [`RefreshPolicy`]),
//! the tolerated clock skew (`clock_skew_seconds`) and which tokens to revoke
//! at sign-out (`revoke_token_types`).

use super::super::config_error::ConfigError;
use super::super::types::quoted;
use super::super::vocab::TokenTypeHint;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Where the browser layer keeps sign-in state and the session.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StorageKind {
    /// In memory only: lost on reload, invisible to other tabs.
    Memory,
    /// `sessionStorage`: survives reloads, per tab.
    #[default]
    Session,
    /// `localStorage`: shared by all tabs of the origin, survives restarts.
    Local,
}

/// Default [`RefreshPolicy::lead_secs`]: refresh a minute before expiry.
pub const DEFAULT_REFRESH_LEAD_SECS: u64 = 60;

/// When to refresh, and how to back off after a failed refresh.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RefreshPolicy {
    /// Refresh this many seconds before the access token expires (default 60),
    /// within the bounds below.
    pub lead_secs: u64,
    /// The lead is at most this share of the granted lifetime, in percent
    /// (default 25; values above 100 count as 100), so that a 20 s token is
    /// refreshed after 15 s rather than immediately and forever.
    pub max_lead_fraction_percent: u8,
    /// The lead is at least this many seconds (default 2), even when the share
    /// above is smaller.
    pub min_lead_secs: u64,
    /// A token with fewer seconds left than this counts as expired for use
    /// (default 5), so it does not expire on its way to an API. For short
    /// tokens it is clamped to half of the lead's share of the lifetime, so a
    /// token is still usable while it is being refreshed.
    pub leeway_secs: u64,
    /// The first retry delay after a failed refresh, in milliseconds (default
    /// 1000).
    pub retry_base_ms: u64,
    /// The longest retry delay, in milliseconds (default 30000).
    pub retry_max_ms: u64,
}

impl Default for RefreshPolicy {
    fn default() -> Self {
        RefreshPolicy {
            lead_secs: DEFAULT_REFRESH_LEAD_SECS,
            max_lead_fraction_percent: 25,
            min_lead_secs: 2,
            leeway_secs: 5,
            retry_base_ms: 1000,
            retry_max_ms: 30_000,
        }
    }
}

/// Default tolerated clock difference, in seconds.
pub const DEFAULT_CLOCK_SKEW_SECS: u64 = 300;

/// `["refresh_token", "access_token"]`: any of the two, in order, duplicates
/// dropped; `[]` revokes nothing.
pub(super) fn parse_revoke_token_types(value: &Value) -> Result<Vec<TokenTypeHint>, ConfigError> {
    const KEY: &str = "revoke_token_types";
    let items = value.as_array().ok_or_else(|| {
        ConfigError::invalid(
            KEY,
            "must be an array such as [\"refresh_token\"] or [\"refresh_token\", \"access_token\"].",
        )
    })?;
    let mut types = Vec::with_capacity(items.len());
    for item in items {
        let hint = match item.as_str() {
            Some("refresh_token") => TokenTypeHint::RefreshToken,
            Some("access_token") => TokenTypeHint::AccessToken,
            Some(other) => {
                return Err(ConfigError::invalid(
                    KEY,
                    format!(
                        "entries must be \"refresh_token\" or \"access_token\", but got {}.",
                        quoted(other)
                    ),
                ))
            }
            None => {
                return Err(ConfigError::invalid(
                    KEY,
                    "entries must be the strings \"refresh_token\" or \"access_token\".",
                ))
            }
        };
        if !types.contains(&hint) {
            types.push(hint);
        }
    }
    Ok(types)
}
