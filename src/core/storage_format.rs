//! The versioned storage format: how the core's single-use states and the
//! session are written to browser storage and read back, and why stored text
//! may be refused ([`StorageError`]).

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// Why stored data could not be used. The browser layer discards the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum StorageError {
    /// The stored text is not what this crate writes.
    #[error("Saved sign-in data could not be read and was discarded.")]
    Corrupt,
    /// The stored text has another format version.
    #[error("Saved sign-in data from another version of this page was discarded.")]
    UnsupportedVersion {
        /// The version found, if it is a number.
        found: Option<u64>,
    },
    /// The stored session belongs to another issuer or client.
    #[error("The saved session belongs to another provider or application and was discarded.")]
    Foreign,
    /// Browser storage cannot be used (reported by the browser layer).
    #[error("Browser storage is not available: {0}")]
    Unavailable(String),
}

/// The format version written by `to_storage_string`.
pub(crate) const STORAGE_VERSION: u64 = 1;

/// The longest stored text read back, in bytes.
pub(crate) const MAX_STORED_BYTES: usize = 1024 * 1024;

/// `value` as a JSON object with `"v": STORAGE_VERSION` added.
///
/// Only used with this crate's own types, whose serialization cannot fail (all
/// map keys are strings); should it fail anyway, the result is an empty
/// string, which reads back as [`StorageError::Corrupt`].
pub(crate) fn to_versioned_json<T: Serialize>(value: &T) -> String {
    let Ok(Value::Object(mut map)) = serde_json::to_value(value) else {
        return String::new();
    };
    map.insert("v".to_owned(), Value::from(STORAGE_VERSION));
    serde_json::to_string(&map).unwrap_or_default()
}

/// Reads what [`to_versioned_json`] wrote. Errors carry no serde message: it
/// could quote a stored secret.
pub(crate) fn from_versioned_json<T: DeserializeOwned>(s: &str) -> Result<T, StorageError> {
    if s.len() > MAX_STORED_BYTES {
        return Err(StorageError::Corrupt);
    }
    let Ok(Value::Object(mut map)) = serde_json::from_str::<Value>(s) else {
        return Err(StorageError::Corrupt);
    };
    match map.remove("v") {
        Some(v) if v.as_u64() == Some(STORAGE_VERSION) => {}
        found => {
            return Err(StorageError::UnsupportedVersion {
                found: found.and_then(|v| v.as_u64()),
            })
        }
    }
    serde_json::from_value(Value::Object(map)).map_err(|_| StorageError::Corrupt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versioned_json_rejects_oversized_input() {
        let big = format!("{{\"v\":1,\"x\":\"{}\"}}", "a".repeat(MAX_STORED_BYTES));
        assert_eq!(
            from_versioned_json::<Value>(&big),
            Err(StorageError::Corrupt)
        );
    }
}
