//! Provider metadata: discovered (OpenID Connect Discovery 1.0) or preset.

use super::config::{AuthConfig, ProviderConfig};
use super::http::{HttpMethod, HttpRequest, HttpResponse, ResponseRefused};
use super::types::{shorten, split_url, EndpointUrl, IssuerUrl};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// What the flow needs to know about a provider. Serializable so the browser
/// layer can cache it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderMetadata {
    /// The issuer identifier, exactly as configured.
    pub issuer: IssuerUrl,
    /// The authorization endpoint.
    pub authorization_endpoint: EndpointUrl,
    /// The token endpoint.
    pub token_endpoint: EndpointUrl,
    /// The userinfo endpoint.
    #[serde(default)]
    pub userinfo_endpoint: Option<EndpointUrl>,
    /// The end-session (logout) endpoint.
    #[serde(default)]
    pub end_session_endpoint: Option<EndpointUrl>,
    /// The token revocation endpoint (RFC 7009).
    #[serde(default)]
    pub revocation_endpoint: Option<EndpointUrl>,
    /// The JSON Web Key Set URL.
    #[serde(default)]
    pub jwks_uri: Option<EndpointUrl>,
    /// Whether the provider always sends `iss` in authorization responses
    /// (RFC 9207 §3).
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
    /// PKCE methods the provider announces; empty when it announces none.
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
    /// Whether the provider is an AWS Cognito user pool.
    #[serde(default)]
    pub is_cognito: bool,
}

/// Where the metadata comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MetadataSource {
    /// Fetch [`discovery_request`] and read it with
    /// [`ProviderMetadata::from_discovery_response`].
    Discover(IssuerUrl),
    /// Known without any request.
    Static(ProviderMetadata),
}

impl AuthConfig {
    /// Where this configuration's provider metadata comes from: explicit
    /// endpoints and the Cognito preset are static, a bare issuer is
    /// discovered.
    ///
    /// For Cognito the configuration must have passed
    /// [`AuthConfig::validate`] (as [`AuthConfig::from_json`] ensures); the
    /// URLs are built from its fields.
    #[must_use]
    pub fn metadata_source(&self) -> MetadataSource {
        match &self.provider {
            ProviderConfig::Issuer {
                issuer,
                endpoints: None,
            } => MetadataSource::Discover(issuer.clone()),
            ProviderConfig::Issuer {
                issuer,
                endpoints: Some(e),
            } => MetadataSource::Static(ProviderMetadata {
                issuer: issuer.clone(),
                authorization_endpoint: e.authorization_endpoint.clone(),
                token_endpoint: e.token_endpoint.clone(),
                userinfo_endpoint: e.userinfo_endpoint.clone(),
                end_session_endpoint: e.end_session_endpoint.clone(),
                revocation_endpoint: e.revocation_endpoint.clone(),
                jwks_uri: e.jwks_uri.clone(),
                authorization_response_iss_parameter_supported: false,
                code_challenge_methods_supported: Vec::new(),
                is_cognito: false,
            }),
            ProviderConfig::Cognito(cognito) => {
                let domain = cognito.domain_url();
                let at = |path: &str| EndpointUrl::from_trusted(format!("{domain}{path}"));
                MetadataSource::Static(ProviderMetadata {
                    issuer: cognito.issuer(),
                    authorization_endpoint: at("/oauth2/authorize"),
                    token_endpoint: at("/oauth2/token"),
                    userinfo_endpoint: Some(at("/oauth2/userInfo")),
                    end_session_endpoint: Some(at("/logout")),
                    revocation_endpoint: Some(at("/oauth2/revoke")),
                    jwks_uri: Some(EndpointUrl::from_trusted(format!(
                        "{}/{}/.well-known/jwks.json",
                        cognito.idp_endpoint(),
                        cognito.user_pool_id
                    ))),
                    authorization_response_iss_parameter_supported: false,
                    code_challenge_methods_supported: vec!["S256".to_owned()],
                    is_cognito: true,
                })
            }
        }
    }
}

/// The discovery request: `GET <issuer>/.well-known/openid-configuration`
/// (OpenID Connect Discovery 1.0 §4.1; a trailing `/` on the issuer is not
/// doubled).
#[must_use]
pub fn discovery_request(issuer: &IssuerUrl) -> HttpRequest {
    HttpRequest {
        method: HttpMethod::Get,
        url: format!("{}/.well-known/openid-configuration", issuer.trimmed()),
        headers: vec![("Accept".to_owned(), "application/json".to_owned())],
        body: None,
    }
}

/// Why the discovery document could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DiscoveryError {
    /// The provider answered with a non-2xx status.
    #[error("The provider's configuration could not be loaded (HTTP status {status}).")]
    Http {
        /// The HTTP status.
        status: u16,
    },
    /// The document is larger than [`MAX_RESPONSE_BYTES`](super::http::MAX_RESPONSE_BYTES).
    #[error("The provider's configuration document is too large.")]
    TooLarge,
    /// The document is not a JSON object. (No longer produced: a body that
    /// is not a JSON object is [`DiscoveryError::Refused`].)
    #[error("The provider's configuration document is not valid JSON: {0}.")]
    InvalidJson(String),
    /// The body was refused before it was read: no or a non-JSON content
    /// type, not JSON, not an object ([`HttpResponse::json_object`]).
    #[error("The provider's configuration document is unusable: {0}")]
    Refused(ResponseRefused),
    /// The document's issuer differs from the configured one (OpenID Connect
    /// Discovery 1.0 §4.3).
    #[error(
        "The provider calls itself \"{found}\", but this page is configured for \"{expected}\". \
         They must match exactly, including any trailing slash."
    )]
    IssuerMismatch {
        /// The configured issuer.
        expected: String,
        /// The issuer in the document.
        found: String,
    },
    /// A required field is missing.
    #[error("The provider's configuration document has no `{0}`.")]
    MissingField(String),
    /// A field has an unusable value.
    #[error("The provider's configuration document has an invalid `{field}`: {reason}")]
    InvalidField {
        /// The field.
        field: String,
        /// What is wrong.
        reason: String,
    },
    /// The provider announces PKCE methods and S256 is not among them.
    #[error("The provider does not support PKCE with S256, which sign-in requires.")]
    PkceS256Unsupported,
}

impl ProviderMetadata {
    /// Reads a discovery response (OpenID Connect Discovery 1.0 §4.2, §4.3).
    pub fn from_discovery_response(
        expected: &IssuerUrl,
        response: &HttpResponse,
    ) -> Result<ProviderMetadata, DiscoveryError> {
        if !response.is_success() {
            return Err(DiscoveryError::Http {
                status: response.status,
            });
        }
        let doc = response.json_object().map_err(|r| match r {
            ResponseRefused::TooLarge => DiscoveryError::TooLarge,
            other => DiscoveryError::Refused(other),
        })?;
        let found = match doc.get("issuer") {
            Some(Value::String(s)) => s.as_str(),
            Some(_) => {
                return Err(DiscoveryError::InvalidField {
                    field: "issuer".to_owned(),
                    reason: "it is not a string.".to_owned(),
                })
            }
            None => return Err(DiscoveryError::MissingField("issuer".to_owned())),
        };
        if found != expected.as_str() {
            return Err(DiscoveryError::IssuerMismatch {
                expected: expected.as_str().to_owned(),
                found: shorten(found, 200),
            });
        }
        let methods = match doc.get("code_challenge_methods_supported") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|m| m.as_str().map(str::to_owned))
                .collect(),
            Some(_) => {
                return Err(DiscoveryError::InvalidField {
                    field: "code_challenge_methods_supported".to_owned(),
                    reason: "it is not an array.".to_owned(),
                })
            }
        };
        if !methods.is_empty() && !methods.iter().any(|m| m == "S256") {
            return Err(DiscoveryError::PkceS256Unsupported);
        }
        let iss_supported = match doc.get("authorization_response_iss_parameter_supported") {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                return Err(DiscoveryError::InvalidField {
                    field: "authorization_response_iss_parameter_supported".to_owned(),
                    reason: "it is not a boolean.".to_owned(),
                })
            }
        };
        let required = |field: &str| {
            optional_endpoint(&doc, field)?
                .ok_or_else(|| DiscoveryError::MissingField(field.to_owned()))
        };
        Ok(ProviderMetadata {
            issuer: expected.clone(),
            authorization_endpoint: required("authorization_endpoint")?,
            token_endpoint: required("token_endpoint")?,
            userinfo_endpoint: optional_endpoint(&doc, "userinfo_endpoint")?,
            end_session_endpoint: optional_endpoint(&doc, "end_session_endpoint")?,
            revocation_endpoint: optional_endpoint(&doc, "revocation_endpoint")?,
            jwks_uri: optional_endpoint(&doc, "jwks_uri")?,
            authorization_response_iss_parameter_supported: iss_supported,
            code_challenge_methods_supported: methods,
            is_cognito: is_cognito_issuer(expected),
        })
    }
}

fn optional_endpoint(
    doc: &Map<String, Value>,
    field: &str,
) -> Result<Option<EndpointUrl>, DiscoveryError> {
    match doc.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => {
            EndpointUrl::parse(s)
                .map(Some)
                .map_err(|e| DiscoveryError::InvalidField {
                    field: field.to_owned(),
                    reason: e.with_key(field).to_string(),
                })
        }
        Some(_) => Err(DiscoveryError::InvalidField {
            field: field.to_owned(),
            reason: "it is not a string.".to_owned(),
        }),
    }
}

/// `https://cognito-idp.<region>.amazonaws.com/...`
fn is_cognito_issuer(issuer: &IssuerUrl) -> bool {
    split_url(issuer.as_str()).is_ok_and(|p| {
        p.is_https() && p.host.starts_with("cognito-idp.") && p.host.ends_with(".amazonaws.com")
    })
}

/// Metadata for tests in this crate.
#[cfg(test)]
pub(crate) fn test_metadata() -> ProviderMetadata {
    ProviderMetadata {
        issuer: IssuerUrl::parse("https://op.example").unwrap(),
        authorization_endpoint: EndpointUrl::parse("https://op.example/authorize").unwrap(),
        token_endpoint: EndpointUrl::parse("https://op.example/token").unwrap(),
        userinfo_endpoint: None,
        end_session_endpoint: None,
        revocation_endpoint: None,
        jwks_uri: None,
        authorization_response_iss_parameter_supported: false,
        code_challenge_methods_supported: vec!["S256".to_owned()],
        is_cognito: false,
    }
}

#[cfg(test)]
mod tests {
    use super::super::http::MAX_RESPONSE_BYTES;
    use super::*;
    use serde_json::json;

    fn ok(body: Value) -> HttpResponse {
        HttpResponse {
            status: 200,
            content_type: Some("application/json".to_owned()),
            body: body.to_string(),
        }
    }

    fn issuer() -> IssuerUrl {
        IssuerUrl::parse("https://op.example/realms/demo").unwrap()
    }

    #[test]
    fn discovery_request_shape() {
        let r = discovery_request(&issuer());
        assert_eq!(r.method, HttpMethod::Get);
        assert_eq!(
            r.url,
            "https://op.example/realms/demo/.well-known/openid-configuration"
        );
        assert_eq!(r.header("accept"), Some("application/json"));
        assert_eq!(r.body, None);
        let slash = IssuerUrl::parse("https://op.example/").unwrap();
        assert_eq!(
            discovery_request(&slash).url,
            "https://op.example/.well-known/openid-configuration"
        );
    }

    #[test]
    fn reads_a_discovery_document() {
        // Shape of OpenID Connect Discovery 1.0 §4.2 example, trimmed.
        let m = ProviderMetadata::from_discovery_response(
            &issuer(),
            &ok(json!({
                "issuer": "https://op.example/realms/demo",
                "authorization_endpoint": "https://op.example/realms/demo/auth",
                "token_endpoint": "https://op.example/realms/demo/token",
                "userinfo_endpoint": "https://op.example/realms/demo/userinfo",
                "end_session_endpoint": "https://op.example/realms/demo/logout",
                "jwks_uri": "https://op.example/realms/demo/certs",
                "code_challenge_methods_supported": ["plain", "S256"],
                "authorization_response_iss_parameter_supported": true,
                "response_types_supported": ["code"]
            })),
        )
        .unwrap();
        assert_eq!(m.issuer, issuer());
        assert_eq!(
            m.authorization_endpoint.as_str(),
            "https://op.example/realms/demo/auth"
        );
        assert_eq!(
            m.token_endpoint.as_str(),
            "https://op.example/realms/demo/token"
        );
        assert_eq!(
            m.end_session_endpoint.as_ref().map(EndpointUrl::as_str),
            Some("https://op.example/realms/demo/logout")
        );
        assert_eq!(m.revocation_endpoint, None);
        assert!(m.authorization_response_iss_parameter_supported);
        assert!(!m.is_cognito);
        // Round trip through the cache format.
        let cached = serde_json::to_string(&m).unwrap();
        assert_eq!(
            serde_json::from_str::<ProviderMetadata>(&cached).unwrap(),
            m
        );
    }

    #[test]
    fn detects_cognito_issuers() {
        let iss =
            IssuerUrl::parse("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_A").unwrap();
        let m = ProviderMetadata::from_discovery_response(
            &iss,
            &ok(json!({
                "issuer": iss.as_str(),
                "authorization_endpoint": "https://d.auth.eu-west-1.amazoncognito.com/oauth2/authorize",
                "token_endpoint": "https://d.auth.eu-west-1.amazoncognito.com/oauth2/token"
            })),
        )
        .unwrap();
        assert!(m.is_cognito);
        assert!(m.code_challenge_methods_supported.is_empty());
    }

    #[test]
    fn refuses_bad_documents() {
        let good = || {
            json!({
                "issuer": "https://op.example/realms/demo",
                "authorization_endpoint": "https://op.example/a",
                "token_endpoint": "https://op.example/t"
            })
        };
        let with = |key: &str, value: Value| {
            let mut doc = good();
            doc[key] = value;
            ok(doc)
        };
        let without = |key: &str| {
            let mut doc = good();
            doc.as_object_mut().unwrap().remove(key);
            ok(doc)
        };
        let status = |s: u16| HttpResponse {
            status: s,
            ..ok(good())
        };
        let body = |b: &str| HttpResponse {
            body: b.to_owned(),
            ..ok(good())
        };
        // (response, expected error)
        let cases: Vec<(HttpResponse, DiscoveryError)> = vec![
            // not found
            (status(404), DiscoveryError::Http { status: 404 }),
            // server error
            (status(503), DiscoveryError::Http { status: 503 }),
            // redirect not followed by the browser layer
            (status(302), DiscoveryError::Http { status: 302 }),
            // body beyond the limit
            (
                body(&" ".repeat(MAX_RESPONSE_BYTES + 1)),
                DiscoveryError::TooLarge,
            ),
            // an HTML page
            (
                body("<html>"),
                DiscoveryError::Refused(ResponseRefused::NotJson),
            ),
            // a JSON array
            (
                body("[]"),
                DiscoveryError::Refused(ResponseRefused::NotAnObject),
            ),
            // an HTML page served as such
            (
                HttpResponse {
                    content_type: Some("text/html".into()),
                    ..ok(good())
                },
                DiscoveryError::Refused(ResponseRefused::WrongContentType),
            ),
            // no content type on a success response
            (
                HttpResponse {
                    content_type: None,
                    ..ok(good())
                },
                DiscoveryError::Refused(ResponseRefused::MissingContentType),
            ),
            // issuer with a trailing slash added: exact comparison (Discovery §4.3)
            (
                with("issuer", json!("https://op.example/realms/demo/")),
                DiscoveryError::IssuerMismatch {
                    expected: "https://op.example/realms/demo".into(),
                    found: "https://op.example/realms/demo/".into(),
                },
            ),
            // another tenant's issuer
            (
                with("issuer", json!("https://op.example/realms/other")),
                DiscoveryError::IssuerMismatch {
                    expected: "https://op.example/realms/demo".into(),
                    found: "https://op.example/realms/other".into(),
                },
            ),
            // no issuer
            (
                without("issuer"),
                DiscoveryError::MissingField("issuer".into()),
            ),
            // issuer of the wrong type
            (
                with("issuer", json!(1)),
                DiscoveryError::InvalidField {
                    field: "issuer".into(),
                    reason: "it is not a string.".into(),
                },
            ),
            // no authorization endpoint
            (
                without("authorization_endpoint"),
                DiscoveryError::MissingField("authorization_endpoint".into()),
            ),
            // no token endpoint
            (
                without("token_endpoint"),
                DiscoveryError::MissingField("token_endpoint".into()),
            ),
            // only plain PKCE
            (
                with("code_challenge_methods_supported", json!(["plain"])),
                DiscoveryError::PkceS256Unsupported,
            ),
        ];
        for (response, expected) in cases {
            assert_eq!(
                ProviderMetadata::from_discovery_response(&issuer(), &response),
                Err(expected)
            );
        }
        // An endpoint that is plain http on the internet.
        let err = ProviderMetadata::from_discovery_response(
            &issuer(),
            &with("token_endpoint", json!("http://op.example/t")),
        )
        .unwrap_err();
        assert!(
            matches!(&err, DiscoveryError::InvalidField { field, reason } if field == "token_endpoint" && reason.contains("not a loopback")),
            "{err:?}"
        );
        // A non-string optional endpoint.
        let err =
            ProviderMetadata::from_discovery_response(&issuer(), &with("jwks_uri", json!(["x"])))
                .unwrap_err();
        assert!(
            matches!(err, DiscoveryError::InvalidField { .. }),
            "{err:?}"
        );
        // A non-boolean iss flag.
        let err = ProviderMetadata::from_discovery_response(
            &issuer(),
            &with(
                "authorization_response_iss_parameter_supported",
                json!("yes"),
            ),
        )
        .unwrap_err();
        assert!(
            matches!(err, DiscoveryError::InvalidField { .. }),
            "{err:?}"
        );
        // Display names both issuers.
        let shown = DiscoveryError::IssuerMismatch {
            expected: "a".into(),
            found: "b".into(),
        }
        .to_string();
        assert!(
            shown.contains("\"b\"") && shown.contains("\"a\""),
            "{shown}"
        );
    }

    #[test]
    fn cognito_preset_is_static() {
        let config = AuthConfig::from_json(
            &json!({
                "cognito": {
                    "region": "eu-west-1",
                    "user_pool_id": "eu-west-1_AbC123",
                    "domain": "myapp.auth.eu-west-1.amazoncognito.com",
                    "endpoint": "http://localhost:9229"
                },
                "client_id": "abc"
            })
            .to_string(),
            "https://app.example",
        )
        .unwrap();
        let MetadataSource::Static(m) = config.metadata_source() else {
            panic!()
        };
        let d = "https://myapp.auth.eu-west-1.amazoncognito.com";
        assert_eq!(
            m.issuer.as_str(),
            "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
        );
        assert_eq!(
            m.authorization_endpoint.as_str(),
            format!("{d}/oauth2/authorize")
        );
        assert_eq!(m.token_endpoint.as_str(), format!("{d}/oauth2/token"));
        let opt = |e: &Option<EndpointUrl>| e.as_ref().map(|e| e.as_str().to_owned());
        assert_eq!(
            opt(&m.userinfo_endpoint),
            Some(format!("{d}/oauth2/userInfo"))
        );
        assert_eq!(
            opt(&m.revocation_endpoint),
            Some(format!("{d}/oauth2/revoke"))
        );
        assert_eq!(opt(&m.end_session_endpoint), Some(format!("{d}/logout")));
        assert_eq!(
            opt(&m.jwks_uri),
            Some("http://localhost:9229/eu-west-1_AbC123/.well-known/jwks.json".to_owned())
        );
        assert!(m.is_cognito);
        // Every preset URL also passes the public parsers.
        for url in [m.authorization_endpoint.as_str(), m.token_endpoint.as_str()] {
            assert!(EndpointUrl::parse(url).is_ok(), "{url}");
        }
        assert!(IssuerUrl::parse(m.issuer.as_str()).is_ok());
    }

    #[test]
    fn issuer_sources() {
        let config = AuthConfig::from_json(
            &json!({"issuer": "https://op.example", "client_id": "a"}).to_string(),
            "https://app.example",
        )
        .unwrap();
        assert_eq!(
            config.metadata_source(),
            MetadataSource::Discover(IssuerUrl::parse("https://op.example").unwrap())
        );
        let config = AuthConfig::from_json(
            &json!({
                "issuer": "https://op.example",
                "client_id": "a",
                "endpoints": {"authorization_endpoint": "https://op.example/a", "token_endpoint": "https://op.example/t"}
            })
            .to_string(),
            "https://app.example",
        )
        .unwrap();
        let MetadataSource::Static(m) = config.metadata_source() else {
            panic!()
        };
        assert_eq!(m.issuer.as_str(), "https://op.example");
        assert_eq!(m.token_endpoint.as_str(), "https://op.example/t");
        assert!(!m.is_cognito);
    }
}
