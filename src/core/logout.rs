//! Signing out: token revocation (RFC 7009) and RP-initiated logout (OpenID
//! Connect RP-Initiated Logout 1.0).
//!
//! The browser layer forgets the session locally, revokes the tokens named in
//! [`AuthConfig::revoke_token_types`] with [`revocation_request`] (checking the
//! answer with [`check_revocation_response`]), then, when [`end_session`]
//! returns a URL, stores the [`PendingLogout`] and navigates there. On return,
//! [`is_logout_callback`] recognizes the redirect and [`complete_logout`]
//! checks its `state` against the pending logout, which it consumes.

use super::config::AuthConfig;
use super::http::{form_post, HttpRequest, HttpResponse};
use super::metadata::ProviderMetadata;
use super::secret::{CsrfToken, IdToken};
use super::storage_format::{from_versioned_json, to_versioned_json, StorageError};
use super::time::UnixTime;
use super::types::{append_query, provider_sentence, shorten, split_url, ClientId, RedirectUrl};
pub use super::vocab::TokenTypeHint;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Why a revocation request failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RevocationError {
    /// The provider is temporarily unavailable (HTTP 503, RFC 7009 §2.2.1).
    /// Worth retrying.
    #[error("The provider could not end your session right now (HTTP status 503). It will be tried again.")]
    Unavailable,
    /// The provider refused the request with an OAuth error (RFC 7009 §2.2.1),
    /// such as `unsupported_token_type`.
    #[error("{}", revocation_message(.error, .description))]
    OAuth {
        /// The `error` code.
        error: String,
        /// The `error_description`.
        description: Option<String>,
    },
    /// Another unexpected status.
    #[error("The provider could not end your session (HTTP status {status}).")]
    Http {
        /// The HTTP status.
        status: u16,
    },
}

fn revocation_message(error: &str, description: &Option<String>) -> String {
    let lead = "The provider refused to end your session";
    provider_sentence(lead, error, description.as_deref())
}

impl RevocationError {
    /// Whether trying again later may succeed: 503, 429 and other 5xx.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            RevocationError::Unavailable => true,
            RevocationError::Http { status } => *status == 429 || (500..600).contains(status),
            RevocationError::OAuth { .. } => false,
        }
    }
}

/// A revocation request (RFC 7009 §2.1): POST to the revocation endpoint with
/// `token`, `token_type_hint` and `client_id`, form-encoded. `None` when the
/// provider has no revocation endpoint.
#[must_use]
pub fn revocation_request(
    metadata: &ProviderMetadata,
    client_id: &ClientId,
    token: &str,
    hint: TokenTypeHint,
) -> Option<HttpRequest> {
    let endpoint = metadata.revocation_endpoint.as_ref()?;
    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("token", token)
        .append_pair("token_type_hint", hint.as_str())
        .append_pair("client_id", client_id.as_str())
        .finish();
    Some(form_post(endpoint.as_str(), body))
}

/// Reads a revocation response (RFC 7009 §2.2).
///
/// Any 2xx is success, whatever the body and its content type: oidc-provider
/// answers 200 with an empty `text/plain` body, and a client that insists on
/// JSON there aborts its logout half way (browser-facts.md). 503 is
/// [`RevocationError::Unavailable`]; 400 with an OAuth error body is
/// [`RevocationError::OAuth`]; anything else is [`RevocationError::Http`].
pub fn check_revocation_response(response: &HttpResponse) -> Result<(), RevocationError> {
    if response.is_success() {
        return Ok(());
    }
    if response.status == 503 {
        return Err(RevocationError::Unavailable);
    }
    if response.status == 400 {
        if let Some(map) = response.error_object() {
            let text = |key: &str| map.get(key).and_then(Value::as_str).map(str::to_owned);
            if let Some(error) = text("error") {
                return Err(RevocationError::OAuth {
                    error: shorten(&error, 100),
                    description: text("error_description").map(|d| shorten(&d, 300)),
                });
            }
        }
    }
    Err(RevocationError::Http {
        status: response.status,
    })
}

/// Why a logout callback was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LogoutError {
    /// No logout is pending: the response was replayed, or the logout was
    /// started in another tab or browser.
    #[error(
        "This sign-out response was already used, or the sign-out was started in another tab or \
         browser."
    )]
    NoPendingLogout,
    /// The `state` is missing or does not match the pending logout.
    #[error(
        "The provider's sign-out response does not belong to the sign-out started here (state \
         mismatch)."
    )]
    StateMismatch,
}

/// What must survive the trip to the provider's logout page and back. Single
/// use: the browser layer removes it from storage before calling
/// [`complete_logout`], which consumes it.
///
/// For Cognito the `state` is not sent: Cognito's `/logout` takes none and
/// returns none, so its return is not a [`is_logout_callback`] and the pending
/// logout can simply be discarded.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingLogout {
    /// The `state` sent (not sent to Cognito).
    pub state: CsrfToken,
    /// When the logout was started.
    pub created_at: UnixTime,
    /// Where the provider was asked to send the browser back, if anywhere.
    pub post_logout_redirect_uri: Option<RedirectUrl>,
}

impl PendingLogout {
    /// Versioned JSON for storage: `{"v":1,...}`.
    #[must_use]
    pub fn to_storage_string(&self) -> String {
        to_versioned_json(self)
    }

    /// Reads what [`PendingLogout::to_storage_string`] wrote. Garbage or
    /// another version gives a [`StorageError`], never a panic.
    pub fn from_storage_string(s: &str) -> Result<Self, StorageError> {
        from_versioned_json(s)
    }
}

/// The provider's logout URL and the state to keep, or `None` when the
/// provider has no end-session endpoint (or is Cognito and no
/// `post_logout_redirect_uri` is configured: Cognito's `/logout` requires
/// `logout_uri`).
///
/// - OpenID Connect RP-Initiated Logout 1.0 §2: `end_session_endpoint` with
///   `id_token_hint` (when given), `post_logout_redirect_uri` (when
///   configured), `client_id` and a fresh `state` (32 random bytes).
/// - Cognito (`metadata.is_cognito`), its documented form:
///   `<domain>/logout?client_id=<id>&logout_uri=<post_logout_redirect_uri>`.
///   The `logout_uri` must be one of the app client's sign-out URLs. No
///   `state` is sent, although the [`PendingLogout`] has one.
pub fn end_session(
    metadata: &ProviderMetadata,
    config: &AuthConfig,
    id_token_hint: Option<&IdToken>,
    random: &mut dyn FnMut(&mut [u8]),
    now: UnixTime,
) -> Option<(String, PendingLogout)> {
    let endpoint = metadata.end_session_endpoint.as_ref()?;
    let redirect = config.post_logout_redirect_uri.as_ref();
    let mut query = form_urlencoded::Serializer::new(String::new());
    let state = if metadata.is_cognito {
        query
            .append_pair("client_id", config.client_id.as_str())
            .append_pair("logout_uri", redirect?.as_str());
        CsrfToken::new_random(random)
    } else {
        if let Some(hint) = id_token_hint {
            query.append_pair("id_token_hint", hint.secret());
        }
        if let Some(redirect) = redirect {
            query.append_pair("post_logout_redirect_uri", redirect.as_str());
        }
        let state = CsrfToken::new_random(random);
        query
            .append_pair("client_id", config.client_id.as_str())
            .append_pair("state", state.secret());
        state
    };
    let url = append_query(endpoint.as_str(), &query.finish());
    let pending = PendingLogout {
        state,
        created_at: now,
        post_logout_redirect_uri: redirect.cloned(),
    };
    Some((url, pending))
}

/// Whether `url` is the provider's redirect back after logout: the configured
/// `post_logout_redirect_uri` (same scheme, host, port with defaults, and
/// path) with a `state` query parameter, and without `code` or `error` (so a
/// sign-in response to the same address is not taken for one). Always false
/// without a configured `post_logout_redirect_uri`.
#[must_use]
pub fn is_logout_callback(url: &str, config: &AuthConfig) -> bool {
    let Some(expected) = config.post_logout_redirect_uri.as_ref() else {
        return false;
    };
    let (Ok(here), Some(expected)) = (split_url(url), expected.parts()) else {
        return false;
    };
    let names: Vec<String> = form_urlencoded::parse(here.query.unwrap_or_default().as_bytes())
        .map(|(name, _)| name.into_owned())
        .collect();
    here.scheme.eq_ignore_ascii_case(expected.scheme)
        && here.host.eq_ignore_ascii_case(expected.host)
        && here.effective_port() == expected.effective_port()
        && here.path_or_root() == expected.path_or_root()
        && names.iter().any(|n| n == "state")
        && !names.iter().any(|n| n == "code" || n == "error")
}

/// Checks the logout redirect at `url` against `pending`, which it consumes.
///
/// The `state` query parameter must be present once and equal the pending one
/// (constant-time comparison); no pending logout is
/// [`LogoutError::NoPendingLogout`], anything else [`LogoutError::StateMismatch`].
pub fn complete_logout(url: &str, pending: Option<PendingLogout>) -> Result<(), LogoutError> {
    let pending = pending.ok_or(LogoutError::NoPendingLogout)?;
    let before_fragment = url.split_once('#').map_or(url, |(before, _)| before);
    let query = before_fragment.split_once('?').map_or("", |(_, q)| q);
    let mut states = form_urlencoded::parse(query.as_bytes())
        .filter(|(name, _)| name == "state")
        .map(|(_, value)| CsrfToken::new(value.into_owned()));
    match (states.next(), states.next()) {
        (Some(state), None) if state == pending.state => Ok(()),
        _ => Err(LogoutError::StateMismatch),
    }
}

#[cfg(test)]
mod tests {
    use super::super::authorization::tests::{counting_random, test_config};
    use super::super::config::{CognitoConfig, ProviderConfig};
    use super::super::http::HttpMethod;
    use super::super::metadata::{test_metadata, MetadataSource};
    use super::super::types::EndpointUrl;
    use super::*;

    const BYE: &str = "https://app.example/bye";

    fn pairs(url: &str) -> Vec<(String, String)> {
        let (_, query) = url.split_once('?').unwrap();
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    fn config_with_bye() -> AuthConfig {
        let mut c = test_config();
        c.post_logout_redirect_uri = Some(RedirectUrl::parse(BYE).unwrap());
        c
    }

    fn metadata_with_endpoints() -> ProviderMetadata {
        let mut m = test_metadata();
        m.end_session_endpoint =
            Some(EndpointUrl::parse("https://op.example/session/end").unwrap());
        m.revocation_endpoint =
            Some(EndpointUrl::parse("https://op.example/token/revoke").unwrap());
        m
    }

    fn cognito() -> (AuthConfig, ProviderMetadata) {
        let mut c = AuthConfig::new(
            ProviderConfig::Cognito(CognitoConfig {
                region: "eu-west-1".into(),
                user_pool_id: "eu-west-1_AbC123".into(),
                domain: "myapp.auth.eu-west-1.amazoncognito.com".into(),
                endpoint: None,
            }),
            ClientId::parse("1example23456789").unwrap(),
            RedirectUrl::parse("https://app.example/callback").unwrap(),
        );
        c.post_logout_redirect_uri = Some(RedirectUrl::parse(BYE).unwrap());
        let MetadataSource::Static(m) = c.metadata_source() else {
            panic!("Cognito metadata is static")
        };
        (c, m)
    }

    #[test]
    fn end_session_url_generic() {
        let hint = IdToken::new("eyJ.id.token".into());
        let (url, pending) = end_session(
            &metadata_with_endpoints(),
            &config_with_bye(),
            Some(&hint),
            &mut counting_random(),
            UnixTime(1000),
        )
        .unwrap();
        assert!(url.starts_with("https://op.example/session/end?"), "{url}");
        let state = pending.state.secret().to_owned();
        let expected: Vec<(String, String)> = [
            ("id_token_hint", "eyJ.id.token"),
            ("post_logout_redirect_uri", BYE),
            ("client_id", "my-client"),
            ("state", state.as_str()),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(pairs(&url), expected);
        // 32 bytes from the injected source, base64url.
        assert_eq!(state, "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE");
        assert_eq!(pending.created_at, UnixTime(1000));
        assert_eq!(
            pending
                .post_logout_redirect_uri
                .as_ref()
                .map(RedirectUrl::as_str),
            Some(BYE)
        );
        // Without a hint or a redirect: client_id and state only.
        let (url, pending) = end_session(
            &metadata_with_endpoints(),
            &test_config(),
            None,
            &mut counting_random(),
            UnixTime(1000),
        )
        .unwrap();
        let names: Vec<String> = pairs(&url).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["client_id", "state"]);
        assert_eq!(pending.post_logout_redirect_uri, None);
        // An endpoint with a query keeps it.
        let mut m = metadata_with_endpoints();
        m.end_session_endpoint =
            Some(EndpointUrl::parse("https://op.example/logout?p=B2C_1_signin").unwrap());
        let (url, _) = end_session(
            &m,
            &test_config(),
            None,
            &mut counting_random(),
            UnixTime(0),
        )
        .unwrap();
        assert!(
            url.starts_with("https://op.example/logout?p=B2C_1_signin&client_id=my-client&"),
            "{url}"
        );
    }

    #[test]
    fn end_session_url_cognito() {
        let (config, metadata) = cognito();
        let hint = IdToken::new("eyJ.id.token".into());
        let (url, pending) = end_session(
            &metadata,
            &config,
            Some(&hint),
            &mut counting_random(),
            UnixTime(5),
        )
        .unwrap();
        // Cognito's documented form: no id_token_hint, no state.
        assert!(
            url.starts_with("https://myapp.auth.eu-west-1.amazoncognito.com/logout?"),
            "{url}"
        );
        let expected: Vec<(String, String)> =
            [("client_id", "1example23456789"), ("logout_uri", BYE)]
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect();
        assert_eq!(pairs(&url), expected);
        assert!(!url.contains(pending.state.secret()));
        assert_eq!(pending.state.secret().len(), 43);
        // Cognito without a logout_uri to send: no provider logout.
        let mut no_bye = config;
        no_bye.post_logout_redirect_uri = None;
        assert!(end_session(
            &metadata,
            &no_bye,
            None,
            &mut counting_random(),
            UnixTime(5)
        )
        .is_none());
    }

    #[test]
    fn no_endpoint_no_url() {
        let mut calls = 0;
        let mut random = |buf: &mut [u8]| {
            calls += 1;
            buf.fill(1);
        };
        // test_metadata has neither an end-session nor a revocation endpoint.
        assert!(end_session(
            &test_metadata(),
            &config_with_bye(),
            None,
            &mut random,
            UnixTime(0)
        )
        .is_none());
        assert_eq!(calls, 0, "no randomness spent");
        assert!(revocation_request(
            &test_metadata(),
            &ClientId::parse("my-client").unwrap(),
            "RT",
            TokenTypeHint::RefreshToken
        )
        .is_none());
    }

    #[test]
    fn revocation_request_body() {
        // RFC 7009 §2.1 example token.
        let req = revocation_request(
            &metadata_with_endpoints(),
            &ClientId::parse("my-client").unwrap(),
            "45ghiukldjahdnhzdauz/",
            TokenTypeHint::RefreshToken,
        )
        .unwrap();
        assert_eq!(req.method, HttpMethod::Post);
        assert_eq!(req.url, "https://op.example/token/revoke");
        assert_eq!(
            req.header("Content-Type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(
            req.body.as_deref(),
            Some("token=45ghiukldjahdnhzdauz%2F&token_type_hint=refresh_token&client_id=my-client")
        );
        assert!(!format!("{req:?}").contains("45ghiukldjahdnhzdauz"));
        let req = revocation_request(
            &metadata_with_endpoints(),
            &ClientId::parse("my-client").unwrap(),
            "AT",
            TokenTypeHint::AccessToken,
        )
        .unwrap();
        assert!(req
            .body
            .as_deref()
            .unwrap()
            .contains("token_type_hint=access_token"));
        // The Cognito preset revokes at /oauth2/revoke.
        let (config, metadata) = cognito();
        let req = revocation_request(
            &metadata,
            &config.client_id,
            "RT",
            TokenTypeHint::RefreshToken,
        )
        .unwrap();
        assert_eq!(
            req.url,
            "https://myapp.auth.eu-west-1.amazoncognito.com/oauth2/revoke"
        );
    }

    #[test]
    fn token_type_hints() {
        assert_eq!(
            serde_json::to_string(&TokenTypeHint::RefreshToken).unwrap(),
            "\"refresh_token\""
        );
        assert_eq!(
            serde_json::from_str::<TokenTypeHint>("\"access_token\"").unwrap(),
            TokenTypeHint::AccessToken
        );
        assert_eq!(TokenTypeHint::AccessToken.as_str(), "access_token");
    }

    #[test]
    fn revocation_responses() {
        let resp = |status: u16, ct: Option<&str>, body: &str| HttpResponse {
            status,
            content_type: ct.map(str::to_owned),
            body: body.to_owned(),
        };
        let oauth = |error: &str, description: Option<&str>| RevocationError::OAuth {
            error: error.into(),
            description: description.map(Into::into),
        };
        // (response, expected result)
        let cases = [
            // oidc-provider: 200, empty text/plain (browser-facts.md)
            (resp(200, Some("text/plain; charset=utf-8"), ""), Ok(())),
            // Cognito: 200 with an empty JSON object
            (resp(200, Some("application/json"), "{}"), Ok(())),
            // 200 with no content type at all
            (resp(200, None, ""), Ok(())),
            // 204 No Content
            (resp(204, None, ""), Ok(())),
            // 200 with an HTML body: still success
            (resp(200, Some("text/html"), "<p>ok</p>"), Ok(())),
            // temporarily unavailable (RFC 7009 §2.2.1)
            (
                resp(503, Some("text/html"), "busy"),
                Err(RevocationError::Unavailable),
            ),
            // RFC 7009 §2.2.1 error
            (
                resp(
                    400,
                    Some("application/json"),
                    r#"{"error":"unsupported_token_type","error_description":"Only refresh tokens"}"#,
                ),
                Err(oauth("unsupported_token_type", Some("Only refresh tokens"))),
            ),
            // Cognito's answer to an access token
            (
                resp(
                    400,
                    Some("application/json;charset=UTF-8"),
                    r#"{"error":"unsupported_token_type"}"#,
                ),
                Err(oauth("unsupported_token_type", None)),
            ),
            // 400 without a JSON error
            (
                resp(400, Some("text/html"), "Bad Request"),
                Err(RevocationError::Http { status: 400 }),
            ),
            // 400 JSON without `error`
            (
                resp(400, Some("application/json"), r#"{"message":"x"}"#),
                Err(RevocationError::Http { status: 400 }),
            ),
            // 401 invalid_client is not parsed: only 400 carries OAuth errors here
            (
                resp(
                    401,
                    Some("application/json"),
                    r#"{"error":"invalid_client"}"#,
                ),
                Err(RevocationError::Http { status: 401 }),
            ),
            // 500
            (
                resp(500, None, ""),
                Err(RevocationError::Http { status: 500 }),
            ),
            // a redirect the browser layer did not follow
            (
                resp(302, None, ""),
                Err(RevocationError::Http { status: 302 }),
            ),
        ];
        for (r, expected) in cases {
            assert_eq!(check_revocation_response(&r), expected, "{r:?}");
        }
        // (error, retryable)
        let retry = [
            (RevocationError::Unavailable, true),           // 503
            (RevocationError::Http { status: 502 }, true),  // gateway
            (RevocationError::Http { status: 429 }, true),  // rate limited
            (RevocationError::Http { status: 400 }, false), // bad request
            (oauth("unsupported_token_type", None), false), // will not change
        ];
        for (err, retryable) in retry {
            assert_eq!(err.is_retryable(), retryable, "{err:?}");
        }
        assert_eq!(
            oauth("unsupported_token_type", None).to_string(),
            "The provider refused to end your session (unsupported_token_type)."
        );
    }

    #[test]
    fn pending_logout_storage() {
        let (_, pending) = end_session(
            &metadata_with_endpoints(),
            &config_with_bye(),
            None,
            &mut counting_random(),
            UnixTime(77),
        )
        .unwrap();
        let stored = pending.to_storage_string();
        assert!(stored.contains("\"v\":1"), "{stored}");
        assert_eq!(PendingLogout::from_storage_string(&stored), Ok(pending));
        // (stored text, expected error)
        let cases = [
            ("", StorageError::Corrupt),          // empty
            ("{\"v\":1}", StorageError::Corrupt), // fields missing
            (
                "{\"v\":2,\"state\":\"s\"}",
                StorageError::UnsupportedVersion { found: Some(2) },
            ), // future version
            ("[]", StorageError::Corrupt),        // not an object
        ];
        for (text, expected) in cases {
            assert_eq!(
                PendingLogout::from_storage_string(text),
                Err(expected),
                "{text}"
            );
        }
        assert!(!format!("{:?}", PendingLogout::from_storage_string(&stored)).contains("AQEB"));
    }

    #[test]
    fn recognizes_logout_callbacks() {
        let config = config_with_bye();
        // (current URL, is a logout callback)
        let cases = [
            ("https://app.example/bye?state=abc", true),     // normal
            ("https://APP.example:443/bye?state=abc", true), // host case, default port
            ("https://app.example/bye?state=", true),        // empty state: refused later
            ("https://app.example/bye", false),              // no state (Cognito's return)
            ("https://app.example/bye#state=abc", false),    // state in the fragment
            ("https://app.example/bye?code=c&state=abc", false), // a sign-in response
            ("https://app.example/bye?error=x&state=abc", false), // a sign-in error response
            ("https://app.example/bye/?state=abc", false),   // different path
            ("http://app.example/bye?state=abc", false),     // different scheme
            ("https://app.example:8443/bye?state=abc", false), // different port
            ("https://evil.example/bye?state=abc", false),   // different host
            ("/bye?state=abc", false),                       // not absolute
            ("garbage", false),                              // not a URL
        ];
        for (url, expected) in cases {
            assert_eq!(is_logout_callback(url, &config), expected, "{url}");
        }
        // Nothing is a logout callback without a configured redirect.
        assert!(!is_logout_callback(
            "https://app.example/bye?state=abc",
            &test_config()
        ));
    }

    #[test]
    fn logout_state_checks() {
        let pending = || {
            end_session(
                &metadata_with_endpoints(),
                &config_with_bye(),
                None,
                &mut counting_random(),
                UnixTime(0),
            )
            .unwrap()
            .1
        };
        let s = pending().state.secret().to_owned();
        assert_eq!(
            complete_logout(&format!("{BYE}?state={s}"), Some(pending())),
            Ok(())
        );
        assert_eq!(
            complete_logout(&format!("{BYE}?x=1&state={s}#frag"), Some(pending())),
            Ok(())
        );
        // (URL, pending present, expected error)
        let cases = [
            // replayed: the pending logout was already consumed
            (
                format!("{BYE}?state={s}"),
                false,
                LogoutError::NoPendingLogout,
            ),
            // state of another logout
            (
                format!("{BYE}?state=forged"),
                true,
                LogoutError::StateMismatch,
            ),
            // state differing in case only
            (
                format!("{BYE}?state={}", s.to_lowercase()),
                true,
                LogoutError::StateMismatch,
            ),
            // no state
            (BYE.to_owned(), true, LogoutError::StateMismatch),
            // empty state
            (format!("{BYE}?state="), true, LogoutError::StateMismatch),
            // state twice
            (
                format!("{BYE}?state={s}&state={s}"),
                true,
                LogoutError::StateMismatch,
            ),
            // state only in the fragment
            (format!("{BYE}#state={s}"), true, LogoutError::StateMismatch),
        ];
        for (url, has_pending, expected) in cases {
            assert_eq!(
                complete_logout(&url, has_pending.then(pending)),
                Err(expected),
                "{url}"
            );
        }
    }
}
