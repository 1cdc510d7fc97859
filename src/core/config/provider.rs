//! The provider section of `config.json`: `issuer` with optional
//! `endpoints`, or the `cognito` user-pool preset.

use super::super::config_error::ConfigError;
use super::super::types::{quoted, split_url, EndpointUrl, IssuerUrl};
use super::json::{check_keys, expect_object, expect_str, get, key_path, required_str};
use serde_json::Value;

/// The AWS Cognito user-pool preset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CognitoConfig {
    /// The AWS region, such as `eu-west-1`.
    pub region: String,
    /// The user pool id, `<region>_<letters and digits>`.
    pub user_pool_id: String,
    /// The hosted UI domain: a host (`myapp.auth.eu-west-1.amazoncognito.com`,
    /// `auth.example.com`, which means https) or a full http(s) URL for a local
    /// emulator.
    pub domain: String,
    /// Overrides `https://cognito-idp.<region>.amazonaws.com` (for emulators).
    pub endpoint: Option<String>,
}

impl CognitoConfig {
    /// Checks every field; errors name `cognito.<field>`.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if !is_region(&self.region) {
            return Err(ConfigError::invalid(
                "cognito.region",
                format!(
                    "must be an AWS region such as \"us-east-1\", but got {}.",
                    quoted(&self.region)
                ),
            ));
        }
        let pool_ok = self
            .user_pool_id
            .split_once('_')
            .is_some_and(|(prefix, id)| {
                prefix == self.region
                    && !id.is_empty()
                    && id.chars().all(|c| c.is_ascii_alphanumeric())
            });
        if !pool_ok {
            return Err(ConfigError::invalid(
                "cognito.user_pool_id",
                format!(
                    "must look like \"{}_AbC123xyz\" (the region, an underscore, then letters and \
                     digits), but got {}.",
                    self.region,
                    quoted(&self.user_pool_id)
                ),
            ));
        }
        check_cognito_domain(&self.domain)?;
        if let Some(endpoint) = &self.endpoint {
            IssuerUrl::parse(endpoint).map_err(|e| e.with_key("cognito.endpoint"))?;
        }
        Ok(())
    }

    /// The issuer of the pool's tokens:
    /// `https://cognito-idp.<region>.amazonaws.com/<user_pool_id>`. This never
    /// follows `endpoint`, because the tokens carry this value.
    #[must_use]
    pub fn issuer(&self) -> IssuerUrl {
        IssuerUrl::from_trusted(format!(
            "https://cognito-idp.{}.amazonaws.com/{}",
            self.region, self.user_pool_id
        ))
    }

    /// The hosted UI base URL without trailing slash (`https://<domain>` for a
    /// bare host).
    #[must_use]
    pub fn domain_url(&self) -> String {
        let domain = self.domain.trim_end_matches('/');
        if domain.contains("://") {
            domain.to_owned()
        } else {
            format!("https://{domain}")
        }
    }

    /// The user-pool API base URL without trailing slash: `endpoint`, or
    /// `https://cognito-idp.<region>.amazonaws.com`.
    #[must_use]
    pub fn idp_endpoint(&self) -> String {
        match &self.endpoint {
            Some(endpoint) => endpoint.trim_end_matches('/').to_owned(),
            None => format!("https://cognito-idp.{}.amazonaws.com", self.region),
        }
    }
}

/// `us-east-1`, `us-gov-west-1`, `ap-southeast-2`: two letters, one or more
/// lowercase words, a number.
fn is_region(region: &str) -> bool {
    let mut parts = region.split('-');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_lowercase()));
    let rest: Vec<&str> = parts.collect();
    let Some((last, middle)) = rest.split_last() else {
        return false;
    };
    first_ok
        && !middle.is_empty()
        && middle
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && !last.is_empty()
        && last.chars().all(|c| c.is_ascii_digit())
}

fn check_cognito_domain(domain: &str) -> Result<(), ConfigError> {
    const KEY: &str = "cognito.domain";
    if domain.contains("://") {
        return IssuerUrl::parse(domain)
            .map(|_| ())
            .map_err(|e| e.with_key(KEY));
    }
    let as_url = format!("https://{domain}");
    let ok = split_url(&as_url).is_ok_and(|p| {
        p.path.is_empty() && p.query.is_none() && p.fragment.is_none() && p.port.is_none()
    });
    if ok {
        Ok(())
    } else {
        Err(ConfigError::invalid(
            KEY,
            format!(
                "must be a host name such as \"myapp.auth.eu-west-1.amazoncognito.com\" or \
                 \"auth.example.com\", or a full http(s) URL for a local emulator, but got {}.",
                quoted(domain)
            ),
        ))
    }
}

/// Endpoints given explicitly instead of discovered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExplicitEndpoints {
    /// The authorization endpoint (RFC 6749 §3.1).
    pub authorization_endpoint: EndpointUrl,
    /// The token endpoint (RFC 6749 §3.2).
    pub token_endpoint: EndpointUrl,
    /// The userinfo endpoint (OpenID Connect Core 1.0 §5.3).
    pub userinfo_endpoint: Option<EndpointUrl>,
    /// The end-session (logout) endpoint (OpenID Connect RP-Initiated Logout 1.0).
    pub end_session_endpoint: Option<EndpointUrl>,
    /// The revocation endpoint (RFC 7009).
    pub revocation_endpoint: Option<EndpointUrl>,
    /// The JSON Web Key Set URL.
    pub jwks_uri: Option<EndpointUrl>,
}

/// Which provider to talk to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProviderConfig {
    /// Any OpenID Connect provider, by issuer.
    Issuer {
        /// The issuer identifier.
        issuer: IssuerUrl,
        /// Explicit endpoints; when given there is no discovery.
        endpoints: Option<ExplicitEndpoints>,
    },
    /// An AWS Cognito user pool.
    Cognito(CognitoConfig),
}

const COGNITO_KEYS: &[&str] = &[
    "region",
    "user_pool_id",
    "domain",
    "endpoint",
    "global_sign_out",
];

const ENDPOINT_KEYS: &[&str] = &[
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "end_session_endpoint",
    "revocation_endpoint",
    "jwks_uri",
];

pub(super) fn parse_cognito(value: &Value) -> Result<CognitoConfig, ConfigError> {
    let map = expect_object(value, "cognito")?;
    check_keys(map, "cognito", COGNITO_KEYS)?;
    let cognito = CognitoConfig {
        region: required_str(map, "cognito", "region")?.to_owned(),
        user_pool_id: required_str(map, "cognito", "user_pool_id")?.to_owned(),
        domain: required_str(map, "cognito", "domain")?.to_owned(),
        endpoint: match get(map, "endpoint") {
            Some(v) => Some(expect_str(v, "cognito.endpoint")?.to_owned()),
            None => None,
        },
    };
    cognito.validate()?;
    Ok(cognito)
}

pub(super) fn parse_endpoints(value: &Value) -> Result<ExplicitEndpoints, ConfigError> {
    let map = expect_object(value, "endpoints")?;
    check_keys(map, "endpoints", ENDPOINT_KEYS)?;
    let endpoint = |key: &str| -> Result<Option<EndpointUrl>, ConfigError> {
        let path = key_path("endpoints", key);
        match get(map, key) {
            Some(v) => EndpointUrl::parse(expect_str(v, &path)?)
                .map(Some)
                .map_err(|e| e.with_key(&path)),
            None => Ok(None),
        }
    };
    let required = |key: &str| -> Result<EndpointUrl, ConfigError> {
        endpoint(key)?.ok_or_else(|| ConfigError::MissingKey {
            key: key_path("endpoints", key),
        })
    };
    Ok(ExplicitEndpoints {
        authorization_endpoint: required("authorization_endpoint")?,
        token_endpoint: required("token_endpoint")?,
        userinfo_endpoint: endpoint("userinfo_endpoint")?,
        end_session_endpoint: endpoint("end_session_endpoint")?,
        revocation_endpoint: endpoint("revocation_endpoint")?,
        jwks_uri: endpoint("jwks_uri")?,
    })
}
