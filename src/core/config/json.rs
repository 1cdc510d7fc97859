//! Reading `config.json` values: known keys, `null` as absent, typed getters
//! whose errors name the key.

use super::super::config_error::ConfigError;
use serde_json::{Map, Value};

/// An optional boolean (`false` when absent), its error naming `path`.
pub(super) fn opt_bool_at(
    map: &Map<String, Value>,
    path: &str,
    key: &str,
) -> Result<bool, ConfigError> {
    match get(map, key) {
        None => Ok(false),
        Some(v) => v
            .as_bool()
            .ok_or_else(|| ConfigError::invalid(path, "must be true or false.")),
    }
}

/// `prefix.key` or `key`.
pub(super) fn key_path(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_owned()
    } else {
        format!("{prefix}.{key}")
    }
}

pub(super) fn check_keys(
    map: &Map<String, Value>,
    prefix: &str,
    accepted: &[&str],
) -> Result<(), ConfigError> {
    match map.keys().find(|k| !accepted.contains(&k.as_str())) {
        Some(unknown) => Err(ConfigError::UnknownKey {
            key: key_path(prefix, unknown),
            accepted: accepted.join(", "),
        }),
        None => Ok(()),
    }
}

/// The value of `key`; `null` counts as absent.
pub(super) fn get<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    map.get(key).filter(|v| !v.is_null())
}

pub(super) fn expect_str<'a>(value: &'a Value, key: &str) -> Result<&'a str, ConfigError> {
    value
        .as_str()
        .ok_or_else(|| ConfigError::invalid(key, "must be a string."))
}

pub(super) fn opt_str<'a>(
    map: &'a Map<String, Value>,
    key: &str,
) -> Result<Option<&'a str>, ConfigError> {
    get(map, key).map(|v| expect_str(v, key)).transpose()
}

/// A string parameter; an empty string counts as absent.
pub(super) fn opt_param(
    map: &Map<String, Value>,
    key: &str,
) -> Result<Option<String>, ConfigError> {
    Ok(opt_str(map, key)?
        .filter(|s| !s.is_empty())
        .map(str::to_owned))
}

pub(super) fn opt_u64(map: &Map<String, Value>, key: &str) -> Result<Option<u64>, ConfigError> {
    get(map, key)
        .map(|v| {
            v.as_u64().ok_or_else(|| {
                ConfigError::invalid(key, "must be a whole number of seconds (0 or more).")
            })
        })
        .transpose()
}

pub(super) fn opt_object(
    map: &Map<String, Value>,
    key: &str,
) -> Result<Option<Value>, ConfigError> {
    match get(map, key) {
        None => Ok(None),
        Some(v @ Value::Object(_)) => Ok(Some(v.clone())),
        Some(_) => Err(ConfigError::invalid(key, "must be a JSON object.")),
    }
}

pub(super) fn expect_object<'a>(
    value: &'a Value,
    key: &str,
) -> Result<&'a Map<String, Value>, ConfigError> {
    value
        .as_object()
        .ok_or_else(|| ConfigError::invalid(key, "must be a JSON object."))
}

pub(super) fn required_str<'a>(
    map: &'a Map<String, Value>,
    prefix: &str,
    key: &str,
) -> Result<&'a str, ConfigError> {
    let path = key_path(prefix, key);
    match get(map, key) {
        Some(v) => expect_str(v, &path),
        None => Err(ConfigError::MissingKey { key: path }),
    }
}
