//! Handling the redirect back from the provider (RFC 6749 §4.1.2, RFC 9207).
//!
//! [`complete`] checks the authorization response against the
//! [`PendingAuthorization`] and returns the token request to send. The pending
//! state is consumed whatever the outcome, so a callback can be used once.

use super::authorization::PendingAuthorization;
use super::config::ResponseMode;
use super::http::{form_post, HttpRequest};
use super::metadata::ProviderMetadata;
use super::return_path::ReturnPath;
use super::secret::{AuthorizationCode, CsrfToken, Nonce};
use super::time::UnixTime;
use super::types::{provider_sentence, shorten, split_url, ClientId, IssuerUrl, RedirectUrl};

/// Why a callback was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CallbackError {
    /// No sign-in is pending: the callback was replayed, or the sign-in was
    /// started in another tab or browser.
    #[error(
        "This sign-in response was already used, or the sign-in was started in another tab or \
         browser. Please sign in again."
    )]
    NoPendingAuthorization,
    /// The response has no `state`.
    #[error(
        "The provider's response has no `state` parameter, so it cannot be trusted. Please sign \
         in again."
    )]
    MissingState,
    /// The `state` does not match the pending sign-in (RFC 6749 §10.12).
    #[error(
        "The provider's response does not belong to the sign-in started here (state mismatch). \
         Please sign in again."
    )]
    StateMismatch,
    /// The response comes from another issuer than the sign-in was sent to
    /// (RFC 9207 §2.4).
    #[error(
        "The response comes from \"{found}\", but the sign-in was started with \"{expected}\". \
         Please sign in again."
    )]
    IssuerMismatch {
        /// The issuer the sign-in was sent to.
        expected: String,
        /// The issuer the response names.
        found: String,
    },
    /// The provider promises `iss` in responses and this one has none
    /// (RFC 9207 §2.4).
    #[error("The provider's response has no `iss` parameter, although the provider promises one.")]
    MissingIssuer,
    /// The provider returned an error (RFC 6749 §4.1.2.1).
    #[error("{}", provider_message(.error, .description))]
    Provider {
        /// The `error` code, such as `access_denied`.
        error: String,
        /// The `error_description`.
        description: Option<String>,
        /// The `error_uri`.
        uri: Option<String>,
    },
    /// The response has neither `code` nor `error`.
    #[error("The provider's response contains no authorization code.")]
    MissingCode,
    /// A response parameter appears more than once (RFC 6749 §3.1).
    #[error("The provider's response contains the parameter `{0}` more than once.")]
    DuplicateParameter(String),
    /// The callback URL is longer than [`MAX_CALLBACK_URL_BYTES`].
    #[error("The sign-in response is too large to be genuine. Please sign in again.")]
    TooLarge,
    /// The response parameters arrived in the fragment when the sign-in asked
    /// for the query, or the other way round (OAuth 2.0 Multiple Response
    /// Type Encoding Practices §2.1): someone else built this URL.
    #[error(
        "The provider's response arrived in the wrong part of the address (response mode \
         mismatch). Please sign in again."
    )]
    WrongResponseMode,
}

/// The longest callback URL accepted (16 KiB). Real codes and states are a
/// few hundred bytes; anything far larger is an attack on memory or logs.
pub const MAX_CALLBACK_URL_BYTES: usize = 16 * 1024;

fn provider_message(error: &str, description: &Option<String>) -> String {
    let lead = match error {
        "access_denied"
        | "login_required"
        | "consent_required"
        | "interaction_required"
        | "account_selection_required" => "The sign-in was cancelled or refused by the provider",
        "temporarily_unavailable" | "server_error" => "The provider cannot sign you in right now",
        _ => "The provider could not complete the sign-in",
    };
    provider_sentence(lead, error, description.as_deref())
}

/// The parameters of an authorization response.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CallbackResponse {
    /// `code`
    pub code: Option<AuthorizationCode>,
    /// `state`
    pub state: Option<CsrfToken>,
    /// `iss` (RFC 9207)
    pub iss: Option<String>,
    /// `error`
    pub error: Option<String>,
    /// `error_description`
    pub error_description: Option<String>,
    /// `error_uri`
    pub error_uri: Option<String>,
    /// `session_state` (OpenID Connect Session Management 1.0)
    pub session_state: Option<String>,
}

const CALLBACK_KEYS: [&str; 3] = ["code", "error", "state"];

fn has_callback_params(component: Option<&str>) -> bool {
    component.is_some_and(|c| {
        form_urlencoded::parse(c.as_bytes()).any(|(name, _)| CALLBACK_KEYS.contains(&name.as_ref()))
    })
}

impl CallbackResponse {
    /// Reads the response parameters from the current URL: from the fragment
    /// when it has `code`, `error` or `state` (`response_mode=fragment`), else
    /// from the query. A response parameter given twice is refused. Other
    /// parameters are ignored. An empty `code` or `state` counts as absent.
    pub fn parse(url: &str) -> Result<CallbackResponse, CallbackError> {
        let (query, fragment) = query_and_fragment(url);
        let component = if has_callback_params(fragment) {
            fragment
        } else {
            query
        };
        Self::parse_component(component)
    }

    /// Reads the response parameters from the part of `url` that `mode`
    /// names. When that part has none and the other part has some, the
    /// response is refused ([`CallbackError::WrongResponseMode`]).
    pub fn parse_for_mode(
        url: &str,
        mode: ResponseMode,
    ) -> Result<CallbackResponse, CallbackError> {
        let (query, fragment) = query_and_fragment(url);
        let (expected, other) = match mode {
            ResponseMode::Query => (query, fragment),
            ResponseMode::Fragment => (fragment, query),
        };
        if !has_callback_params(expected) && has_callback_params(other) {
            return Err(CallbackError::WrongResponseMode);
        }
        Self::parse_component(expected)
    }

    fn parse_component(component: Option<&str>) -> Result<CallbackResponse, CallbackError> {
        let mut code = None;
        let mut state = None;
        let mut response = CallbackResponse::default();
        for (name, value) in form_urlencoded::parse(component.unwrap_or_default().as_bytes()) {
            let slot = match name.as_ref() {
                "code" => &mut code,
                "state" => &mut state,
                "iss" => &mut response.iss,
                "error" => &mut response.error,
                "error_description" => &mut response.error_description,
                "error_uri" => &mut response.error_uri,
                "session_state" => &mut response.session_state,
                _ => continue,
            };
            if slot.is_some() {
                return Err(CallbackError::DuplicateParameter(shorten(&name, 50)));
            }
            *slot = Some(value.into_owned());
        }
        response.code = code
            .filter(|c: &String| !c.is_empty())
            .map(AuthorizationCode::new);
        response.state = state.filter(|s: &String| !s.is_empty()).map(CsrfToken::new);
        Ok(response)
    }
}

/// The query and the fragment of `url`, without their `?` and `#`.
fn query_and_fragment(url: &str) -> (Option<&str>, Option<&str>) {
    let (before_fragment, fragment) = match url.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (url, None),
    };
    (before_fragment.split_once('?').map(|(_, q)| q), fragment)
}

/// Whether `url` is a callback to `redirect_uri`: same scheme, host, port
/// (default ports included) and path, and a `code`, `error` or `state`
/// parameter in the query or the fragment.
#[must_use]
pub fn is_callback(url: &str, redirect_uri: &RedirectUrl) -> bool {
    let (Ok(here), Some(expected)) = (split_url(url), redirect_uri.parts()) else {
        return false;
    };
    here.scheme.eq_ignore_ascii_case(expected.scheme)
        && here.host.eq_ignore_ascii_case(expected.host)
        && here.effective_port() == expected.effective_port()
        && here.path_or_root() == expected.path_or_root()
        && (has_callback_params(here.query) || has_callback_params(here.fragment))
}

/// A checked callback: the token request to send, and what the answer must be
/// checked against.
#[derive(Debug)]
pub struct CodeExchange {
    /// The token request (RFC 6749 §4.1.3 with RFC 7636 §4.5). Its body holds
    /// the code and the verifier.
    pub token_request: HttpRequest,
    /// The nonce the ID token must carry.
    pub nonce: Nonce,
    /// The issuer the ID token must come from.
    pub issuer: IssuerUrl,
    /// The client the ID token must be for.
    pub client_id: ClientId,
    /// Where to go after sign-in.
    pub return_path: ReturnPath,
    /// The `max_age` requested, if any.
    pub max_age: Option<u64>,
    /// When the authorization request was made.
    pub requested_at: UnixTime,
}

/// Checks the callback at `url` against `pending` and builds the token request.
///
/// Checks, in order: a sign-in is pending; the URL is at most
/// [`MAX_CALLBACK_URL_BYTES`] long; the parameters are where the sign-in's
/// response mode put them; `state` is present and matches
/// (constant time); the metadata is for the issuer the sign-in went to; `iss`,
/// when present, matches it, and is present when the provider promises it
/// (RFC 9207 §2.4); no `error`; a `code`.
pub fn complete(
    url: &str,
    pending: Option<PendingAuthorization>,
    metadata: &ProviderMetadata,
) -> Result<CodeExchange, CallbackError> {
    let pending = pending.ok_or(CallbackError::NoPendingAuthorization)?;
    if url.len() > MAX_CALLBACK_URL_BYTES {
        return Err(CallbackError::TooLarge);
    }
    let response = CallbackResponse::parse_for_mode(url, pending.response_mode)?;
    let state = response.state.as_ref().ok_or(CallbackError::MissingState)?;
    if *state != pending.state {
        return Err(CallbackError::StateMismatch);
    }
    let issuer_mismatch = |found: &str| CallbackError::IssuerMismatch {
        expected: pending.issuer.as_str().to_owned(),
        found: shorten(found, 200),
    };
    if metadata.issuer != pending.issuer {
        return Err(issuer_mismatch(metadata.issuer.as_str()));
    }
    match response.iss.as_deref() {
        Some(iss) if iss != pending.issuer.as_str() => return Err(issuer_mismatch(iss)),
        None if metadata.authorization_response_iss_parameter_supported => {
            return Err(CallbackError::MissingIssuer)
        }
        _ => {}
    }
    if let Some(error) = response.error {
        return Err(CallbackError::Provider {
            error,
            description: response.error_description,
            uri: response.error_uri,
        });
    }
    let code = response.code.ok_or(CallbackError::MissingCode)?;

    let body = form_urlencoded::Serializer::new(String::new())
        .append_pair("grant_type", "authorization_code")
        .append_pair("code", code.secret())
        .append_pair("redirect_uri", pending.redirect_uri.as_str())
        .append_pair("client_id", pending.client_id.as_str())
        .append_pair("code_verifier", pending.pkce_verifier.secret())
        .finish();
    Ok(CodeExchange {
        token_request: form_post(metadata.token_endpoint.as_str(), body),
        nonce: pending.nonce,
        issuer: pending.issuer,
        client_id: pending.client_id,
        return_path: pending.return_path,
        max_age: pending.max_age,
        requested_at: pending.created_at,
    })
}

#[cfg(test)]
mod tests {
    use super::super::authorization::tests::{counting_random, test_config};
    use super::super::authorization::{begin, SignInOptions};
    use super::super::http::HttpMethod;
    use super::super::metadata::test_metadata;
    use super::*;

    const CB: &str = "https://app.example/callback";

    fn pending() -> PendingAuthorization {
        let options = SignInOptions {
            return_path: ReturnPath::sanitize("/after"),
            ..SignInOptions::default()
        };
        let mut config = test_config();
        config.params.max_age = Some(60);
        begin(
            &config,
            &test_metadata(),
            &options,
            &mut counting_random(),
            UnixTime(77),
        )
        .1
    }

    fn state() -> String {
        pending().state.secret().to_owned()
    }

    #[test]
    fn builds_the_token_request() {
        let url = format!(
            "{CB}?code=SplxlOBeZQQYbYS6WxSbIA&state={}&iss=https%3A%2F%2Fop.example",
            state()
        );
        let exchange = complete(&url, Some(pending()), &test_metadata()).unwrap();
        let req = &exchange.token_request;
        assert_eq!(req.method, HttpMethod::Post);
        assert_eq!(req.url, "https://op.example/token");
        assert_eq!(
            req.header("Content-Type"),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(req.header("Accept"), Some("application/json"));
        let body: Vec<(String, String)> =
            form_urlencoded::parse(req.body.as_deref().unwrap().as_bytes())
                .into_owned()
                .collect();
        let expected_verifier = pending().pkce_verifier.secret().to_owned();
        let expected: Vec<(String, String)> = [
            ("grant_type", "authorization_code"),
            ("code", "SplxlOBeZQQYbYS6WxSbIA"), // the code from RFC 6749 §4.1.2's example
            ("redirect_uri", CB),
            ("client_id", "my-client"),
            ("code_verifier", expected_verifier.as_str()),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(body, expected);
        assert_eq!(exchange.nonce, pending().nonce);
        assert_eq!(exchange.issuer.as_str(), "https://op.example");
        assert_eq!(exchange.client_id.as_str(), "my-client");
        assert_eq!(exchange.return_path.as_str(), "/after");
        assert_eq!(exchange.max_age, Some(60));
        assert_eq!(exchange.requested_at, UnixTime(77));
        assert!(!format!("{exchange:?}").contains("SplxlOBeZQQYbYS6WxSbIA"));
    }

    #[test]
    fn fragment_responses_and_encoding() {
        // response_mode=fragment: the fragment is read, the query ignored.
        let in_fragment = || PendingAuthorization {
            response_mode: ResponseMode::Fragment,
            ..pending()
        };
        let url = format!("{CB}?code=wrong#code=a%2Bb+c&state={}", state());
        let exchange = complete(&url, Some(in_fragment()), &test_metadata()).unwrap();
        let body = exchange.token_request.body.unwrap();
        assert!(body.contains("code=a%2Bb+c&"), "{body}");
        // An error in the fragment of a fragment-mode sign-in.
        let url = format!("{CB}#error=login_required&state={}", state());
        assert!(matches!(
            complete(&url, Some(in_fragment()), &test_metadata()),
            Err(CallbackError::Provider { error, .. }) if error == "login_required"
        ));
        // The query of a fragment-mode sign-in is not read.
        let url = format!("{CB}?code=c1&state={}", state());
        assert_eq!(
            complete(&url, Some(in_fragment()), &test_metadata()).unwrap_err(),
            CallbackError::WrongResponseMode
        );
        // A fragment without response parameters does not hide the query.
        let url = format!("{CB}?code=c1&state={}#section", state());
        assert!(complete(&url, Some(pending()), &test_metadata()).is_ok());
    }

    #[test]
    fn refuses_bad_callbacks() {
        let s = state();
        let mut iss_promised = test_metadata();
        iss_promised.authorization_response_iss_parameter_supported = true;
        let mut other_issuer = test_metadata();
        other_issuer.issuer = IssuerUrl::parse("https://other.example").unwrap();
        let md = test_metadata();
        let provider =
            |error: &str, description: Option<&str>, uri: Option<&str>| CallbackError::Provider {
                error: error.into(),
                description: description.map(Into::into),
                uri: uri.map(Into::into),
            };
        let mismatch = |found: &str| CallbackError::IssuerMismatch {
            expected: "https://op.example".into(),
            found: found.into(),
        };
        // (callback URL, pending present, metadata, expected error)
        let cases: Vec<(String, bool, &ProviderMetadata, CallbackError)> = vec![
            // replayed callback: the pending state was already consumed
            (format!("{CB}?code=c&state={s}"), false, &md, CallbackError::NoPendingAuthorization),
            // no state at all
            (format!("{CB}?code=c"), true, &md, CallbackError::MissingState),
            // empty state
            (format!("{CB}?code=c&state="), true, &md, CallbackError::MissingState),
            // error response without state is still untrusted
            (format!("{CB}?error=access_denied"), true, &md, CallbackError::MissingState),
            // state from another sign-in
            (format!("{CB}?code=c&state=forged"), true, &md, CallbackError::StateMismatch),
            // state differing in case only
            (format!("{CB}?code=c&state={}", s.to_lowercase()), true, &md, CallbackError::StateMismatch),
            // state given twice (RFC 6749 §3.1)
            (format!("{CB}?code=c&state={s}&state={s}"), true, &md, CallbackError::DuplicateParameter("state".into())),
            // code given twice
            (format!("{CB}?code=a&code=b&state={s}"), true, &md, CallbackError::DuplicateParameter("code".into())),
            // iss given twice
            (format!("{CB}?code=c&state={s}&iss=a&iss=a"), true, &md, CallbackError::DuplicateParameter("iss".into())),
            // mix-up: iss of another provider (RFC 9207 §2.4)
            (format!("{CB}?code=c&state={s}&iss=https%3A%2F%2Fevil.example"), true, &md, mismatch("https://evil.example")),
            // iss with an extra trailing slash: exact comparison
            (format!("{CB}?code=c&state={s}&iss=https%3A%2F%2Fop.example%2F"), true, &md, mismatch("https://op.example/")),
            // provider promises iss, response lacks it
            (format!("{CB}?code=c&state={s}"), true, &iss_promised, CallbackError::MissingIssuer),
            // metadata now points at another provider than the one the sign-in went to
            (format!("{CB}?code=c&state={s}"), true, &other_issuer, mismatch("https://other.example")),
            // user cancelled at the provider
            (
                format!("{CB}?error=access_denied&error_description=User+cancelled&error_uri=https%3A%2F%2Fop.example%2Fe&state={s}"),
                true,
                &md,
                provider("access_denied", Some("User cancelled"), Some("https://op.example/e")),
            ),
            // error together with a code: the error wins
            (format!("{CB}?error=server_error&code=c&state={s}"), true, &md, provider("server_error", None, None)),
            // error in the fragment of a query-mode sign-in
            (format!("{CB}#error=login_required&state={s}"), true, &md, CallbackError::WrongResponseMode),
            // code in the fragment of a query-mode sign-in
            (format!("{CB}#code=c&state={s}"), true, &md, CallbackError::WrongResponseMode),
            // a URL far longer than any real response
            (format!("{CB}?code=c&state={s}&pad={}", "A".repeat(MAX_CALLBACK_URL_BYTES)), true, &md, CallbackError::TooLarge),
            // neither code nor error
            (format!("{CB}?state={s}"), true, &md, CallbackError::MissingCode),
            // empty code
            (format!("{CB}?code=&state={s}"), true, &md, CallbackError::MissingCode),
        ];
        for (url, has_pending, metadata, expected) in cases {
            let got = complete(&url, has_pending.then(pending), metadata).unwrap_err();
            assert_eq!(got, expected, "{url}");
        }
    }

    #[test]
    fn provider_error_messages() {
        let e = CallbackError::Provider {
            error: "access_denied".into(),
            description: Some("User cancelled".into()),
            uri: None,
        };
        assert_eq!(
            e.to_string(),
            "The sign-in was cancelled or refused by the provider (access_denied): User cancelled"
        );
        let e = CallbackError::Provider {
            error: "invalid_scope".into(),
            description: Some("  ".into()),
            uri: None,
        };
        assert_eq!(
            e.to_string(),
            "The provider could not complete the sign-in (invalid_scope)."
        );
        let e = CallbackError::Provider {
            error: "x".into(),
            description: Some("d".repeat(1000)),
            uri: None,
        };
        assert!(e.to_string().chars().count() < 400);
    }

    #[test]
    fn parses_all_response_parameters() {
        let r = CallbackResponse::parse(
            "https://app.example/cb?code=c&state=s&iss=i&error=e&error_description=d&error_uri=u&session_state=ss&other=1&other=2",
        )
        .unwrap();
        assert_eq!(r.code, Some(AuthorizationCode::new("c".into())));
        assert_eq!(r.state, Some(CsrfToken::new("s".into())));
        assert_eq!(r.iss.as_deref(), Some("i"));
        assert_eq!(r.error.as_deref(), Some("e"));
        assert_eq!(r.error_description.as_deref(), Some("d"));
        assert_eq!(r.error_uri.as_deref(), Some("u"));
        assert_eq!(r.session_state.as_deref(), Some("ss"));
        assert_eq!(
            CallbackResponse::parse("https://app.example/cb").unwrap(),
            CallbackResponse::default()
        );
        assert_eq!(
            CallbackResponse::parse("").unwrap(),
            CallbackResponse::default()
        );
    }

    #[test]
    fn recognizes_callbacks() {
        let redirect = RedirectUrl::parse(CB).unwrap();
        // (current URL, is a callback)
        let cases = [
            ("https://app.example/callback?code=x&state=y", true), // normal
            ("https://app.example/callback#state=y&code=x", true), // fragment mode
            ("https://app.example/callback?error=access_denied", true), // error only
            ("https://APP.example:443/callback?code=x", true),     // host case, default port
            ("https://app.example/callback", false),               // no parameters
            ("https://app.example/callback?foo=1", false),         // unrelated parameters
            ("https://app.example/callback/?code=x", false),       // different path
            ("https://app.example/other?code=x", false),           // different path
            ("http://app.example/callback?code=x", false),         // different scheme
            ("https://app.example:8443/callback?code=x", false),   // different port
            ("https://evil.example/callback?code=x", false),       // different host
            ("https://a@app.example/callback?code=x", false),      // userinfo
            ("/callback?code=x", false),                           // not absolute
            ("not a url", false),                                  // garbage
        ];
        for (url, expected) in cases {
            assert_eq!(is_callback(url, &redirect), expected, "{url}");
        }
        let root = RedirectUrl::parse("http://127.0.0.1:8080").unwrap();
        assert!(is_callback("http://127.0.0.1:8080/?code=x", &root));
    }
}
