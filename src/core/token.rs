//! Token endpoint responses (RFC 6749 §5) and refresh requests (RFC 6749 §6).
//!
//! The body of a token response is never quoted in an error: it may hold tokens.

use super::http::{form_post, HttpRequest, HttpResponse, ResponseRefused};
use super::metadata::ProviderMetadata;
use super::secret::{AccessToken, IdToken, RefreshToken};
use super::time::integral_f64_to_u64;
use super::types::{provider_sentence, shorten, ClientId};
use serde_json::{Map, Value};

/// A successful token response (RFC 6749 §5.1). `Debug` redacts the tokens.
#[derive(Debug)]
pub struct TokenResponse {
    /// The access token.
    pub access_token: AccessToken,
    /// The token type, `Bearer` in any case.
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: Option<u64>,
    /// A refresh token.
    pub refresh_token: Option<RefreshToken>,
    /// An ID token (OpenID Connect Core 1.0 §3.1.3.3).
    pub id_token: Option<IdToken>,
    /// The granted scopes, when they differ from the requested ones.
    pub scope: Option<String>,
}

/// Why a token response was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum TokenError {
    /// The provider answered with an OAuth error (RFC 6749 §5.2).
    #[error("{}", oauth_message(.error, .description))]
    OAuth {
        /// The `error` code, such as `invalid_grant`.
        error: String,
        /// The `error_description`.
        description: Option<String>,
        /// The `error_uri`.
        uri: Option<String>,
    },
    /// The provider answered with an unexpected HTTP status.
    #[error("The token request failed with HTTP status {status}.")]
    Http {
        /// The HTTP status.
        status: u16,
    },
    /// The response is not a usable JSON token response.
    #[error("The provider's token response is invalid: {0}")]
    InvalidResponse(String),
    /// The body was refused before it was read: too large, not a JSON
    /// content type, not JSON, not an object ([`HttpResponse::json_body`]).
    #[error("The provider's token response is invalid: {0}")]
    Refused(ResponseRefused),
    /// A required field is missing.
    #[error("The provider's token response has no `{0}`.")]
    MissingField(String),
    /// The token is not a Bearer token.
    #[error("The provider issued a token of type \"{0}\", but only Bearer tokens are supported.")]
    UnsupportedTokenType(String),
}

fn oauth_message(error: &str, description: &Option<String>) -> String {
    let lead = match error {
        "invalid_grant" => {
            "The sign-in could not be completed because the code or session is no longer valid"
        }
        _ => "The provider refused the token request",
    };
    provider_sentence(lead, error, description.as_deref())
}

/// Reads a token endpoint response.
///
/// 2xx with a JSON object body ([`HttpResponse::json_object`], else
/// [`TokenError::Refused`]) is a token response; 4xx with a JSON `error` is
/// [`TokenError::OAuth`]; any other status is [`TokenError::Http`].
/// `expires_in` may be a number or a numeric string.
pub fn parse_token_response(response: &HttpResponse) -> Result<TokenResponse, TokenError> {
    if !response.is_success() {
        if (400..500).contains(&response.status) {
            if let Some(error) = response
                .error_object()
                .and_then(|m| oauth_error_from_map(&m))
            {
                return Err(error);
            }
        }
        return Err(TokenError::Http {
            status: response.status,
        });
    }
    let map = response.json_object().map_err(TokenError::Refused)?;
    // Some providers answer 200 with an error object.
    if !map.contains_key("access_token") {
        if let Some(error) = oauth_error_from_map(&map) {
            return Err(error);
        }
    }
    let access_token = match opt_string(&map, "access_token")? {
        Some(t) if !t.is_empty() => AccessToken::new(t),
        _ => return Err(TokenError::MissingField("access_token".to_owned())),
    };
    let token_type = opt_string(&map, "token_type")?
        .ok_or_else(|| TokenError::MissingField("token_type".to_owned()))?;
    if !token_type.eq_ignore_ascii_case("bearer") {
        return Err(TokenError::UnsupportedTokenType(shorten(&token_type, 50)));
    }
    Ok(TokenResponse {
        access_token,
        token_type,
        expires_in: expires_in(&map)?,
        refresh_token: opt_string(&map, "refresh_token")?
            .filter(|t| !t.is_empty())
            .map(RefreshToken::new),
        id_token: opt_string(&map, "id_token")?
            .filter(|t| !t.is_empty())
            .map(IdToken::new),
        scope: opt_string(&map, "scope")?,
    })
}

fn oauth_error_from_map(map: &Map<String, Value>) -> Option<TokenError> {
    let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
    Some(TokenError::OAuth {
        error: text("error")?,
        description: text("error_description"),
        uri: text("error_uri"),
    })
}

/// A string field; `null` counts as absent; another type is an error that
/// names the field but not the value.
fn opt_string(map: &Map<String, Value>, key: &str) -> Result<Option<String>, TokenError> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(TokenError::InvalidResponse(format!(
            "`{key}` is not a string."
        ))),
    }
}

fn expires_in(map: &Map<String, Value>) -> Result<Option<u64>, TokenError> {
    let invalid =
        || TokenError::InvalidResponse("`expires_in` is not a number of seconds.".to_owned());
    match map.get("expires_in") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(n)) => n
            .as_u64()
            .or_else(|| n.as_f64().and_then(integral_f64_to_u64))
            .map(Some)
            .ok_or_else(invalid),
        Some(Value::String(s)) => s.trim().parse::<u64>().map(Some).map_err(|_| invalid()),
        Some(_) => Err(invalid()),
    }
}

/// A refresh request (RFC 6749 §6): POST to the token endpoint with
/// `grant_type=refresh_token`, the refresh token and the client id.
#[must_use]
pub fn refresh_request(
    metadata: &ProviderMetadata,
    client_id: &ClientId,
    refresh_token: &RefreshToken,
) -> HttpRequest {
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "refresh_token")
        .append_pair("refresh_token", refresh_token.secret())
        .append_pair("client_id", client_id.as_str())
        .finish();
    form_post(metadata.token_endpoint.as_str(), body)
}

#[cfg(test)]
mod tests {
    use super::super::http::MAX_RESPONSE_BYTES;
    use super::super::metadata::test_metadata;
    use super::*;
    use serde_json::json;

    fn json_response(status: u16, body: Value) -> HttpResponse {
        HttpResponse {
            status,
            content_type: Some("application/json;charset=UTF-8".to_owned()),
            body: body.to_string(),
        }
    }

    #[test]
    fn reads_a_token_response() {
        // RFC 6749 §5.1 example, plus an id_token.
        let r = parse_token_response(&json_response(
            200,
            json!({
                "access_token": "2YotnFZFEjr1zCsicMWpAA",
                "token_type": "example",
                "expires_in": 3600,
                "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA",
            }),
        ));
        assert_eq!(
            r.unwrap_err(),
            TokenError::UnsupportedTokenType("example".into())
        );

        let r = parse_token_response(&json_response(
            200,
            json!({
                "access_token": "2YotnFZFEjr1zCsicMWpAA",
                "token_type": "bearer",
                "expires_in": 3600,
                "refresh_token": "tGzv3JOkF0XG5Qx2TlKWIA",
                "id_token": "a.b.c",
                "scope": "openid email"
            }),
        ))
        .unwrap();
        assert_eq!(r.access_token.secret(), "2YotnFZFEjr1zCsicMWpAA");
        assert_eq!(r.token_type, "bearer");
        assert_eq!(r.expires_in, Some(3600));
        assert_eq!(
            r.refresh_token.as_ref().map(RefreshToken::secret),
            Some("tGzv3JOkF0XG5Qx2TlKWIA")
        );
        assert_eq!(r.id_token.as_ref().map(IdToken::secret), Some("a.b.c"));
        assert_eq!(r.scope.as_deref(), Some("openid email"));
        let printed = format!("{r:?}");
        assert!(
            !printed.contains("2YotnFZFEjr1zCsicMWpAA") && !printed.contains("tGzv3"),
            "{printed}"
        );
    }

    #[test]
    fn expires_in_forms() {
        // (expires_in value, parsed)
        let cases = [
            (json!(3600), Ok(Some(3600))),   // number (RFC 6749 §5.1)
            (json!("3600"), Ok(Some(3600))), // numeric string (seen in the wild)
            (json!(3600.0), Ok(Some(3600))), // integral float
            (json!(null), Ok(None)),         // null means absent
            (json!(-1), Err(())),            // negative
            (json!(1.5), Err(())),           // fractional
            (json!("soon"), Err(())),        // not a number
            (json!([3600]), Err(())),        // wrong type
        ];
        for (value, expected) in cases {
            let r = parse_token_response(&json_response(
                200,
                json!({"access_token": "a", "token_type": "Bearer", "expires_in": value}),
            ));
            assert_eq!(r.map(|t| t.expires_in).map_err(|_| ()), expected, "{value}");
        }
        let r = parse_token_response(&json_response(
            200,
            json!({"access_token": "a", "token_type": "Bearer"}),
        ));
        assert_eq!(r.unwrap().expires_in, None);
    }

    #[test]
    fn refuses_bad_responses() {
        let ok_body = || json!({"access_token": "SECRET", "token_type": "Bearer"});
        let with_ct = |ct: Option<&str>| HttpResponse {
            content_type: ct.map(str::to_owned),
            ..json_response(200, ok_body())
        };
        let raw = |status: u16, body: &str| HttpResponse {
            status,
            content_type: Some("application/json".into()),
            body: body.into(),
        };
        let oauth = |e: &str, d: Option<&str>, u: Option<&str>| TokenError::OAuth {
            error: e.into(),
            description: d.map(Into::into),
            uri: u.map(Into::into),
        };
        // (response, expected error)
        let cases: Vec<(HttpResponse, TokenError)> = vec![
            // RFC 6749 §5.2 error, with description and uri
            (
                json_response(
                    400,
                    json!({"error": "invalid_grant", "error_description": "Code expired", "error_uri": "https://op.example/e"}),
                ),
                oauth(
                    "invalid_grant",
                    Some("Code expired"),
                    Some("https://op.example/e"),
                ),
            ),
            // 401 invalid_client
            (
                json_response(401, json!({"error": "invalid_client"})),
                oauth("invalid_client", None, None),
            ),
            // 200 carrying an error object
            (
                json_response(200, json!({"error": "invalid_request"})),
                oauth("invalid_request", None, None),
            ),
            // 4xx without JSON
            (raw(400, "Bad Request"), TokenError::Http { status: 400 }),
            // 4xx JSON without `error`
            (
                json_response(403, json!({"message": "nope"})),
                TokenError::Http { status: 403 },
            ),
            // 5xx with an error body is still a server failure
            (
                json_response(500, json!({"error": "server_error"})),
                TokenError::Http { status: 500 },
            ),
            // a redirect the browser layer did not follow
            (raw(302, ""), TokenError::Http { status: 302 }),
            // HTML with status 200
            (
                with_ct(Some("text/html")),
                TokenError::Refused(ResponseRefused::WrongContentType),
            ),
            // no content type
            (
                with_ct(None),
                TokenError::Refused(ResponseRefused::MissingContentType),
            ),
            // not JSON
            (
                raw(200, "access_token=SECRET"),
                TokenError::Refused(ResponseRefused::NotJson),
            ),
            // JSON array
            (
                raw(200, "[]"),
                TokenError::Refused(ResponseRefused::NotAnObject),
            ),
            // too big
            (
                raw(200, &" ".repeat(MAX_RESPONSE_BYTES + 1)),
                TokenError::Refused(ResponseRefused::TooLarge),
            ),
            // no access token
            (
                json_response(200, json!({"token_type": "Bearer"})),
                TokenError::MissingField("access_token".into()),
            ),
            // empty access token
            (
                json_response(200, json!({"access_token": "", "token_type": "Bearer"})),
                TokenError::MissingField("access_token".into()),
            ),
            // access token of the wrong type
            (
                json_response(200, json!({"access_token": 5, "token_type": "Bearer"})),
                TokenError::InvalidResponse("`access_token` is not a string.".into()),
            ),
            // no token type (REQUIRED, RFC 6749 §5.1)
            (
                json_response(200, json!({"access_token": "SECRET"})),
                TokenError::MissingField("token_type".into()),
            ),
            // DPoP-bound token we cannot use
            (
                json_response(200, json!({"access_token": "SECRET", "token_type": "DPoP"})),
                TokenError::UnsupportedTokenType("DPoP".into()),
            ),
            // id_token of the wrong type
            (
                json_response(
                    200,
                    json!({"access_token": "SECRET", "token_type": "Bearer", "id_token": {"x": "SECRET"}}),
                ),
                TokenError::InvalidResponse("`id_token` is not a string.".into()),
            ),
        ];
        for (response, expected) in cases {
            let err = parse_token_response(&response).unwrap_err();
            assert!(!err.to_string().contains("SECRET"), "{err}");
            assert_eq!(err, expected, "{response:?}");
        }
    }

    #[test]
    fn error_messages() {
        let e = TokenError::OAuth {
            error: "invalid_grant".into(),
            description: None,
            uri: None,
        };
        assert!(e.to_string().ends_with("(invalid_grant)."), "{e}");
        let e = TokenError::OAuth {
            error: "invalid_client".into(),
            description: Some("Unknown client".into()),
            uri: None,
        };
        assert_eq!(
            e.to_string(),
            "The provider refused the token request (invalid_client): Unknown client"
        );
    }

    #[test]
    fn builds_a_refresh_request() {
        let req = refresh_request(
            &test_metadata(),
            &ClientId::parse("my-client").unwrap(),
            &RefreshToken::new("tGzv3JOkF0XG5Qx2TlKWIA".into()),
        );
        assert_eq!(req.method, super::super::http::HttpMethod::Post);
        assert_eq!(req.url, "https://op.example/token");
        assert_eq!(
            req.header("content-type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(req.header("accept"), Some("application/json"));
        // RFC 6749 §6; the refresh token from its §5.1 example.
        assert_eq!(
            req.body.as_deref(),
            Some(
                "grant_type=refresh_token&refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&client_id=my-client"
            )
        );
        assert!(!format!("{req:?}").contains("tGzv3"));
    }

    #[test]
    fn float_conversion_bounds() {
        assert_eq!(integral_f64_to_u64(1.7e9), Some(1_700_000_000));
        assert_eq!(integral_f64_to_u64(0.0), Some(0));
        assert_eq!(integral_f64_to_u64(-0.5), None);
        assert_eq!(integral_f64_to_u64(1e30), None);
        assert_eq!(integral_f64_to_u64(f64::NAN), None);
        assert_eq!(integral_f64_to_u64(f64::INFINITY), None);
    }
}
