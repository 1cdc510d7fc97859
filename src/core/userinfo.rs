//! The UserInfo endpoint (OpenID Connect Core 1.0 §5.3).
//!
//! [`userinfo_request`] builds the `GET` with the access token as a Bearer
//! token (RFC 6750 §2.1); [`parse_userinfo_response`] reads the answer through
//! the core's response check ([`HttpResponse::json_object`]: bounded size, a
//! JSON content type, a JSON object) and applies §5.3.2: the `sub` it returns
//! must equal the ID token's, else the claims may describe another user and
//! are refused ([`UserinfoError::UserinfoSubjectMismatch`]). Signed or
//! encrypted (`application/jwt`) answers are not supported and are refused as
//! a wrong content type.

use super::http::{HttpMethod, HttpRequest, HttpResponse, ResponseRefused};
use super::metadata::ProviderMetadata;
use super::secret::AccessToken;
use serde_json::{Map, Value};
use subtle::ConstantTimeEq as _;

/// The claims the UserInfo endpoint returned, after the `sub` check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserInfo {
    /// The subject; equal to the ID token's `sub`.
    pub sub: String,
    /// Every claim, `sub` included, as returned.
    pub claims: Map<String, Value>,
}

impl UserInfo {
    /// A string claim, if present and a string.
    #[must_use]
    pub fn str_claim(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }
}

/// Why the UserInfo answer was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UserinfoError {
    /// The provider publishes no `userinfo_endpoint`.
    #[error("The provider has no UserInfo endpoint.")]
    NoEndpoint,
    /// 401 or 403: the access token was refused (RFC 6750 §3.1).
    #[error(
        "The provider refused the access token at its UserInfo endpoint (HTTP status {status})."
    )]
    Unauthorized {
        /// The HTTP status.
        status: u16,
    },
    /// Another non-2xx status.
    #[error("The UserInfo request failed with HTTP status {status}.")]
    Http {
        /// The HTTP status.
        status: u16,
    },
    /// The body was refused before it was read ([`HttpResponse::json_body`]).
    #[error("The provider's UserInfo response is invalid: {0}")]
    Refused(ResponseRefused),
    /// The answer has no string `sub` (OpenID Connect Core 1.0 §5.3.2: it is
    /// always returned).
    #[error("The provider's UserInfo response does not name a user (`sub`).")]
    MissingSubject,
    /// The answer's `sub` is not the ID token's (OpenID Connect Core 1.0
    /// §5.3.2): the claims may belong to another user and are not used.
    #[error(
        "The provider's UserInfo response describes another user than the one signed in \
         (`sub` mismatch)."
    )]
    UserinfoSubjectMismatch,
}

/// `GET <userinfo_endpoint>` with `Authorization: Bearer <access token>`
/// (OpenID Connect Core 1.0 §5.3.1, RFC 6750 §2.1). The header is redacted
/// by [`HttpRequest`]'s `Debug`.
pub fn userinfo_request(
    metadata: &ProviderMetadata,
    access_token: &AccessToken,
) -> Result<HttpRequest, UserinfoError> {
    let endpoint = metadata
        .userinfo_endpoint
        .as_ref()
        .ok_or(UserinfoError::NoEndpoint)?;
    Ok(HttpRequest {
        method: HttpMethod::Get,
        url: endpoint.as_str().to_owned(),
        headers: vec![
            (
                "Authorization".to_owned(),
                format!("Bearer {}", access_token.secret()),
            ),
            ("Accept".to_owned(), "application/json".to_owned()),
        ],
        body: None,
    })
}

/// Reads a UserInfo response for the user whose ID token says `sub` is
/// `id_token_sub`.
pub fn parse_userinfo_response(
    response: &HttpResponse,
    id_token_sub: &str,
) -> Result<UserInfo, UserinfoError> {
    match response.status {
        200..=299 => {}
        401 | 403 => {
            return Err(UserinfoError::Unauthorized {
                status: response.status,
            })
        }
        status => return Err(UserinfoError::Http { status }),
    }
    let claims = response.json_object().map_err(UserinfoError::Refused)?;
    let sub = match claims.get("sub") {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        _ => return Err(UserinfoError::MissingSubject),
    };
    // §5.3.2: exact comparison. Constant time: it costs nothing.
    if !bool::from(sub.as_bytes().ct_eq(id_token_sub.as_bytes())) {
        return Err(UserinfoError::UserinfoSubjectMismatch);
    }
    Ok(UserInfo { sub, claims })
}

#[cfg(test)]
mod tests {
    use super::super::http::MAX_RESPONSE_BYTES;
    use super::super::metadata::test_metadata;
    use super::*;
    use serde_json::json;

    fn ok(body: Value) -> HttpResponse {
        HttpResponse {
            status: 200,
            content_type: Some("application/json; charset=utf-8".into()),
            body: body.to_string(),
        }
    }

    #[test]
    fn request_carries_the_bearer_token() {
        let metadata = test_metadata();
        let token = AccessToken::new("SECRET-AT".into());
        match metadata.userinfo_endpoint.as_ref() {
            Some(endpoint) => {
                let req = userinfo_request(&metadata, &token).unwrap();
                assert_eq!(req.method, HttpMethod::Get);
                assert_eq!(req.url, endpoint.as_str());
                assert_eq!(req.header("authorization"), Some("Bearer SECRET-AT"));
                assert_eq!(req.body, None);
                assert!(!format!("{req:?}").contains("SECRET"), "{req:?}");
            }
            None => assert_eq!(
                userinfo_request(&metadata, &token),
                Err(UserinfoError::NoEndpoint)
            ),
        }
        let mut without = metadata;
        without.userinfo_endpoint = None;
        assert_eq!(
            userinfo_request(&without, &token),
            Err(UserinfoError::NoEndpoint)
        );
    }

    #[test]
    fn reads_claims_of_the_same_user() {
        // OpenID Connect Core 1.0 §5.3.2, the example response.
        let body = json!({
            "sub": "248289761001",
            "name": "Jane Doe",
            "given_name": "Jane",
            "family_name": "Doe",
            "preferred_username": "j.doe",
            "email": "janedoe@example.com",
            "picture": "http://example.com/janedoe/me.jpg"
        });
        let info = parse_userinfo_response(&ok(body.clone()), "248289761001").unwrap();
        assert_eq!(info.sub, "248289761001");
        assert_eq!(info.str_claim("email"), Some("janedoe@example.com"));
        assert_eq!(Value::Object(info.claims), body);
    }

    #[test]
    fn refuses_bad_answers() {
        let raw = |status: u16, ct: Option<&str>, body: &str| HttpResponse {
            status,
            content_type: ct.map(str::to_owned),
            body: body.to_owned(),
        };
        let json = Some("application/json");
        // (response, expected error)
        let cases = [
            // another user's claims (OIDC conformance rp-userinfo-bad-sub-claim)
            (
                ok(json!({"sub": "someone-else", "email": "x@evil.example"})),
                UserinfoError::UserinfoSubjectMismatch,
            ),
            // a sub that only starts like the right one
            (
                ok(json!({"sub": "248289761001X"})),
                UserinfoError::UserinfoSubjectMismatch,
            ),
            // no sub
            (ok(json!({"email": "x"})), UserinfoError::MissingSubject),
            // empty sub
            (ok(json!({"sub": ""})), UserinfoError::MissingSubject),
            // numeric sub
            (
                ok(json!({"sub": 248289761001_u64})),
                UserinfoError::MissingSubject,
            ),
            // expired token
            (
                raw(401, None, ""),
                UserinfoError::Unauthorized { status: 401 },
            ),
            // insufficient scope
            (
                raw(403, None, ""),
                UserinfoError::Unauthorized { status: 403 },
            ),
            // server error
            (raw(500, json, "{}"), UserinfoError::Http { status: 500 }),
            // a signed answer (application/jwt): not supported
            (
                raw(200, Some("application/jwt"), "eyJ..."),
                UserinfoError::Refused(ResponseRefused::WrongContentType),
            ),
            // HTML with status 200
            (
                raw(200, Some("text/html"), "<html>"),
                UserinfoError::Refused(ResponseRefused::WrongContentType),
            ),
            // no content type
            (
                raw(200, None, "{\"sub\":\"248289761001\"}"),
                UserinfoError::Refused(ResponseRefused::MissingContentType),
            ),
            // not JSON
            (
                raw(200, json, "sub=248289761001"),
                UserinfoError::Refused(ResponseRefused::NotJson),
            ),
            // an array
            (
                raw(200, json, "[{\"sub\":\"248289761001\"}]"),
                UserinfoError::Refused(ResponseRefused::NotAnObject),
            ),
            // too large
            (
                raw(200, json, &" ".repeat(MAX_RESPONSE_BYTES + 1)),
                UserinfoError::Refused(ResponseRefused::TooLarge),
            ),
        ];
        for (response, expected) in cases {
            assert_eq!(
                parse_userinfo_response(&response, "248289761001"),
                Err(expected.clone()),
                "{expected:?}"
            );
        }
    }
}
