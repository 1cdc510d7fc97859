//! The ID-token section of `config.json`: `id_token_signing_alg_values`, a
//! non-empty subset of [`DEFAULT_ID_TOKEN_ALGORITHMS`].

use super::super::config_error::ConfigError;
use super::super::jwks::JwsAlgorithm;
use super::super::types::quoted;
use super::super::vocab::DEFAULT_ID_TOKEN_ALGORITHMS;
use serde_json::Value;

const ALG_KEY: &str = "id_token_signing_alg_values";

/// `id_token_signing_alg_values`: a non-empty array of names among
/// [`DEFAULT_ID_TOKEN_ALGORITHMS`]; duplicates are dropped.
pub(super) fn parse_id_token_algorithms(value: &Value) -> Result<Vec<JwsAlgorithm>, ConfigError> {
    let items = value.as_array().ok_or_else(|| {
        ConfigError::invalid(
            ALG_KEY,
            "must be an array such as [\"RS256\"] or [\"RS256\", \"PS256\", \"ES256\"].",
        )
    })?;
    let mut algs = Vec::with_capacity(items.len());
    for item in items {
        let Some(name) = item.as_str() else {
            return Err(ConfigError::invalid(
                ALG_KEY,
                "entries must be the strings \"RS256\", \"PS256\" or \"ES256\".",
            ));
        };
        let alg = JwsAlgorithm::from_name(name)
            .filter(|a| DEFAULT_ID_TOKEN_ALGORITHMS.contains(a))
            .ok_or_else(|| unsupported_algorithm(name))?;
        if !algs.contains(&alg) {
            algs.push(alg);
        }
    }
    check_id_token_algorithms(&algs)?;
    Ok(algs)
}

fn unsupported_algorithm(name: &str) -> ConfigError {
    ConfigError::invalid(
        ALG_KEY,
        format!(
            "entries must be \"RS256\", \"PS256\" or \"ES256\", but got {} (`none` and the \
             HMAC algorithms are never accepted: a public client has no secret).",
            quoted(name)
        ),
    )
}

/// The allowed ID-token algorithms are a non-empty subset of
/// [`DEFAULT_ID_TOKEN_ALGORITHMS`].
pub(super) fn check_id_token_algorithms(algs: &[JwsAlgorithm]) -> Result<(), ConfigError> {
    if algs.is_empty() {
        return Err(ConfigError::invalid(
            ALG_KEY,
            "must name at least one algorithm; an empty list would refuse every ID token.",
        ));
    }
    match algs
        .iter()
        .find(|a| !DEFAULT_ID_TOKEN_ALGORITHMS.contains(a))
    {
        Some(a) => Err(unsupported_algorithm(a.name())),
        None => Ok(()),
    }
}
