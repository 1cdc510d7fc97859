//! Starting a sign-in: the authorization request (RFC 6749 §4.1.1, RFC 7636
//! §4.3, OpenID Connect Core 1.0 §3.1.2.1).
//!
//! [`begin`] returns the URL to send the browser to and the
//! [`PendingAuthorization`] the browser layer must keep until the callback.

use super::config::{AuthConfig, AuthorizationParams, ResponseMode};
use super::metadata::ProviderMetadata;
use super::pkce::PkceCodeChallenge;
use super::return_path::ReturnPath;
use super::secret::{CsrfToken, Nonce, PkceCodeVerifier};
use super::storage_format::{from_versioned_json, to_versioned_json, StorageError};
use super::time::UnixTime;
use super::types::{append_query, ClientId, IssuerUrl, RedirectUrl, Scope};
use super::vocab::RESERVED_PARAMS;
use serde::{Deserialize, Serialize};

fn is_reserved(name: &str) -> bool {
    RESERVED_PARAMS.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// Per-call sign-in options.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SignInOptions {
    /// Where to go after sign-in.
    pub return_path: ReturnPath,
    /// Overrides for the configured parameters: each `Some` field wins; extra
    /// parameters with the same name win.
    pub params: AuthorizationParams,
}

/// What must survive the trip to the provider and back. Single use: the
/// browser layer removes it from storage before calling
/// [`complete`](super::callback::complete), which consumes it.
#[derive(Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingAuthorization {
    /// The `state` sent.
    pub state: CsrfToken,
    /// The `nonce` sent.
    pub nonce: Nonce,
    /// The PKCE verifier behind the `code_challenge` sent.
    pub pkce_verifier: PkceCodeVerifier,
    /// The `redirect_uri` sent (the token request must repeat it).
    pub redirect_uri: RedirectUrl,
    /// The issuer the request went to.
    pub issuer: IssuerUrl,
    /// The client the request was made for.
    pub client_id: ClientId,
    /// Where to go after sign-in.
    pub return_path: ReturnPath,
    /// The `max_age` sent, if any.
    pub max_age: Option<u64>,
    /// When the request was made.
    pub created_at: UnixTime,
    /// The response mode requested.
    pub response_mode: ResponseMode,
}

impl PendingAuthorization {
    /// Versioned JSON for storage: `{"v":1,...}`.
    #[must_use]
    pub fn to_storage_string(&self) -> String {
        to_versioned_json(self)
    }

    /// Reads what [`PendingAuthorization::to_storage_string`] wrote. Garbage or
    /// another version gives a [`StorageError`], never a panic.
    pub fn from_storage_string(s: &str) -> Result<Self, StorageError> {
        from_versioned_json(s)
    }
}

/// Builds the authorization URL and the state to keep.
///
/// Draws three random values (`state`, `nonce`, PKCE verifier), 32 bytes each,
/// from `random`. Parameters are form-urlencoded (RFC 6749 Appendix B) and
/// appended with `?`, or `&` when the endpoint already has a query.
pub fn begin(
    config: &AuthConfig,
    metadata: &ProviderMetadata,
    options: &SignInOptions,
    random: &mut dyn FnMut(&mut [u8]),
    now: UnixTime,
) -> (String, PendingAuthorization) {
    let params = merge(&config.params, &options.params);
    let state = CsrfToken::new_random(random);
    let nonce = Nonce::new_random(random);
    let pkce_verifier = PkceCodeVerifier::new_random(random);
    let challenge = PkceCodeChallenge::from_verifier_s256(&pkce_verifier);
    let scope = config
        .scopes
        .iter()
        .map(Scope::as_str)
        .collect::<Vec<_>>()
        .join(" ");
    let response_mode = params.response_mode.unwrap_or_default();

    let mut query = form_urlencoded::Serializer::new(String::new());
    query
        .append_pair("response_type", "code")
        .append_pair("client_id", config.client_id.as_str())
        .append_pair("redirect_uri", config.redirect_uri.as_str())
        .append_pair("scope", &scope)
        .append_pair("state", state.secret())
        .append_pair("nonce", nonce.secret())
        .append_pair("code_challenge", challenge.as_str())
        .append_pair("code_challenge_method", challenge.method());
    let optional = [
        ("prompt", params.prompt.as_deref()),
        ("login_hint", params.login_hint.as_deref()),
        ("ui_locales", params.ui_locales.as_deref()),
        ("identity_provider", params.identity_provider.as_deref()),
        ("idp_identifier", params.idp_identifier.as_deref()),
    ];
    for (name, value) in optional {
        if let Some(value) = value {
            query.append_pair(name, value);
        }
    }
    if let Some(max_age) = params.max_age {
        query.append_pair("max_age", &max_age.to_string());
    }
    if response_mode == ResponseMode::Fragment {
        query.append_pair("response_mode", response_mode.as_str());
    }
    for (name, value) in &params.extra {
        if !name.is_empty() && !is_reserved(name) {
            query.append_pair(name, value);
        }
    }

    let url = append_query(metadata.authorization_endpoint.as_str(), &query.finish());

    let pending = PendingAuthorization {
        state,
        nonce,
        pkce_verifier,
        redirect_uri: config.redirect_uri.clone(),
        issuer: metadata.issuer.clone(),
        client_id: config.client_id.clone(),
        return_path: options.return_path.clone(),
        max_age: params.max_age,
        created_at: now,
        response_mode,
    };
    (url, pending)
}

/// `over` wins field by field; its extra parameters replace same-named ones.
fn merge(base: &AuthorizationParams, over: &AuthorizationParams) -> AuthorizationParams {
    let mut extra: Vec<(String, String)> = Vec::new();
    for (name, value) in over.extra.iter().chain(base.extra.iter()) {
        if !extra.iter().any(|(n, _)| n == name) {
            extra.push((name.clone(), value.clone()));
        }
    }
    AuthorizationParams {
        prompt: over.prompt.clone().or_else(|| base.prompt.clone()),
        login_hint: over.login_hint.clone().or_else(|| base.login_hint.clone()),
        max_age: over.max_age.or(base.max_age),
        ui_locales: over.ui_locales.clone().or_else(|| base.ui_locales.clone()),
        identity_provider: over
            .identity_provider
            .clone()
            .or_else(|| base.identity_provider.clone()),
        idp_identifier: over
            .idp_identifier
            .clone()
            .or_else(|| base.idp_identifier.clone()),
        response_mode: over.response_mode.or(base.response_mode),
        extra,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::super::config::ProviderConfig;
    use super::super::metadata::test_metadata;
    use super::super::types::EndpointUrl;
    use super::*;

    pub(crate) fn test_config() -> AuthConfig {
        AuthConfig::new(
            ProviderConfig::Issuer {
                issuer: IssuerUrl::parse("https://op.example").unwrap(),
                endpoints: None,
            },
            ClientId::parse("my-client").unwrap(),
            RedirectUrl::parse("https://app.example/callback").unwrap(),
        )
    }

    /// A deterministic random source: 1, 2, 3, ... one value per call.
    pub(crate) fn counting_random() -> impl FnMut(&mut [u8]) {
        let mut n = 0u8;
        move |buf: &mut [u8]| {
            n = n.wrapping_add(1);
            buf.fill(n);
        }
    }

    fn query_pairs(url: &str) -> Vec<(String, String)> {
        let (_, query) = url.split_once('?').unwrap();
        form_urlencoded::parse(query.as_bytes())
            .into_owned()
            .collect()
    }

    fn param<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
        let found: Vec<&str> = pairs
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .collect();
        assert!(found.len() <= 1, "{name} sent {} times", found.len());
        found.first().copied()
    }

    #[test]
    fn builds_the_authorization_request() {
        let mut config = test_config();
        config.params.login_hint = Some("ada@example.com".into());
        config.params.extra = vec![("audience".into(), "api://x y".into())];
        let options = SignInOptions {
            return_path: ReturnPath::sanitize("/reports?id=7"),
            params: AuthorizationParams {
                prompt: Some("login".into()),
                max_age: Some(900),
                ui_locales: Some("fr-CA fr".into()),
                identity_provider: Some("Google".into()),
                idp_identifier: Some("example.com".into()),
                ..AuthorizationParams::default()
            },
        };
        let mut random = counting_random();
        let (url, pending) = begin(
            &config,
            &test_metadata(),
            &options,
            &mut random,
            UnixTime(1000),
        );
        assert!(url.starts_with("https://op.example/authorize?"), "{url}");
        let p = query_pairs(&url);
        assert_eq!(param(&p, "response_type"), Some("code"));
        assert_eq!(param(&p, "client_id"), Some("my-client"));
        assert_eq!(
            param(&p, "redirect_uri"),
            Some("https://app.example/callback")
        );
        assert_eq!(param(&p, "scope"), Some("openid profile email"));
        assert_eq!(param(&p, "state"), Some(pending.state.secret()));
        assert_eq!(param(&p, "nonce"), Some(pending.nonce.secret()));
        assert_eq!(
            param(&p, "code_challenge"),
            Some(PkceCodeChallenge::from_verifier_s256(&pending.pkce_verifier).as_str())
        );
        assert_eq!(param(&p, "code_challenge_method"), Some("S256"));
        assert_eq!(param(&p, "prompt"), Some("login"));
        assert_eq!(param(&p, "login_hint"), Some("ada@example.com"));
        assert_eq!(param(&p, "max_age"), Some("900"));
        assert_eq!(param(&p, "ui_locales"), Some("fr-CA fr"));
        assert_eq!(param(&p, "identity_provider"), Some("Google"));
        assert_eq!(param(&p, "idp_identifier"), Some("example.com"));
        assert_eq!(
            param(&p, "response_mode"),
            None,
            "query is the default and not sent"
        );
        assert_eq!(param(&p, "audience"), Some("api://x y"));
        assert_eq!(p.len(), 15, "{p:?}");
        // state, nonce and verifier come from three separate draws of 32 bytes.
        assert_eq!(
            pending.state.secret(),
            "AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE"
        );
        assert_eq!(
            pending.nonce.secret(),
            "AgICAgICAgICAgICAgICAgICAgICAgICAgICAgICAgI"
        );
        assert_eq!(
            pending.pkce_verifier.secret(),
            "AwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwM"
        );
        // Values are encoded, not pasted.
        assert!(url.contains("scope=openid+profile+email"), "{url}");
        assert!(
            url.contains("redirect_uri=https%3A%2F%2Fapp.example%2Fcallback"),
            "{url}"
        );

        assert_eq!(pending.redirect_uri, config.redirect_uri);
        assert_eq!(pending.issuer.as_str(), "https://op.example");
        assert_eq!(pending.client_id.as_str(), "my-client");
        assert_eq!(pending.return_path.as_str(), "/reports?id=7");
        assert_eq!(pending.max_age, Some(900));
        assert_eq!(pending.created_at, UnixTime(1000));
        assert_eq!(pending.response_mode, ResponseMode::Query);
    }

    #[test]
    fn extras_cannot_override_protocol_parameters() {
        let mut config = test_config();
        config.params.response_mode = Some(ResponseMode::Fragment);
        config.params.extra = vec![
            ("state".into(), "attacker".into()), // would replace state
            ("Redirect_Uri".into(), "https://evil".into()), // differently cased
            ("request_uri".into(), "urn:x".into()), // request object by reference
            ("".into(), "x".into()),             // empty name
            ("kc_idp_hint".into(), "config".into()), // overridden per call below
            ("keep".into(), "1".into()),         // kept
        ];
        let options = SignInOptions {
            params: AuthorizationParams {
                extra: vec![
                    ("kc_idp_hint".into(), "call".into()),
                    ("nonce".into(), "x".into()),
                ],
                ..AuthorizationParams::default()
            },
            ..SignInOptions::default()
        };
        let (url, pending) = begin(
            &config,
            &test_metadata(),
            &options,
            &mut counting_random(),
            UnixTime(0),
        );
        let p = query_pairs(&url);
        assert_eq!(param(&p, "state"), Some(pending.state.secret()));
        assert_eq!(param(&p, "nonce"), Some(pending.nonce.secret()));
        assert_eq!(
            param(&p, "redirect_uri"),
            Some("https://app.example/callback")
        );
        assert!(!p
            .iter()
            .any(|(n, _)| n.eq_ignore_ascii_case("redirect_uri") && n != "redirect_uri"));
        assert_eq!(param(&p, "request_uri"), None);
        assert_eq!(param(&p, ""), None);
        assert_eq!(param(&p, "kc_idp_hint"), Some("call"));
        assert_eq!(param(&p, "keep"), Some("1"));
        assert_eq!(param(&p, "response_mode"), Some("fragment"));
        assert_eq!(pending.response_mode, ResponseMode::Fragment);
        assert_eq!(pending.return_path, ReturnPath::root());
        assert_eq!(pending.max_age, None);
    }

    #[test]
    fn appends_to_an_existing_query() {
        let mut metadata = test_metadata();
        metadata.authorization_endpoint =
            EndpointUrl::parse("https://op.example/authorize?p=B2C_1_signin").unwrap();
        let (url, _) = begin(
            &test_config(),
            &metadata,
            &SignInOptions::default(),
            &mut counting_random(),
            UnixTime(0),
        );
        assert!(
            url.starts_with("https://op.example/authorize?p=B2C_1_signin&response_type=code&"),
            "{url}"
        );
        metadata.authorization_endpoint =
            EndpointUrl::parse("https://op.example/authorize?").unwrap();
        let (url, _) = begin(
            &test_config(),
            &metadata,
            &SignInOptions::default(),
            &mut counting_random(),
            UnixTime(0),
        );
        assert!(
            url.starts_with("https://op.example/authorize?response_type=code&"),
            "{url}"
        );
    }

    #[test]
    fn two_calls_differ() {
        let mut random = counting_random();
        let (url1, a) = begin(
            &test_config(),
            &test_metadata(),
            &SignInOptions::default(),
            &mut random,
            UnixTime(0),
        );
        let (url2, b) = begin(
            &test_config(),
            &test_metadata(),
            &SignInOptions::default(),
            &mut random,
            UnixTime(0),
        );
        assert_ne!(url1, url2);
        assert_ne!(a.state, b.state);
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.pkce_verifier, b.pkce_verifier);
    }

    #[test]
    fn storage_round_trip_and_rejections() {
        let (_, pending) = begin(
            &test_config(),
            &test_metadata(),
            &SignInOptions::default(),
            &mut counting_random(),
            UnixTime(5),
        );
        let stored = pending.to_storage_string();
        assert!(stored.contains("\"v\":1"), "{stored}");
        let back = PendingAuthorization::from_storage_string(&stored).unwrap();
        assert_eq!(back, pending);

        let v2 = stored.replace("\"v\":1", "\"v\":2");
        let mut unversioned: serde_json::Value = serde_json::from_str(&stored).unwrap();
        unversioned.as_object_mut().unwrap().remove("v").unwrap();
        let no_version = unversioned.to_string();
        // (stored text, expected error)
        let cases = [
            ("", StorageError::Corrupt),          // empty key
            ("not json", StorageError::Corrupt),  // garbage
            ("[1,2]", StorageError::Corrupt),     // JSON but not an object
            ("{\"v\":1}", StorageError::Corrupt), // right version, no fields
            (
                v2.as_str(),
                StorageError::UnsupportedVersion { found: Some(2) },
            ), // a future version
            (
                no_version.as_str(),
                StorageError::UnsupportedVersion { found: None },
            ), // written before versioning
            (
                "{\"v\":\"1\"}",
                StorageError::UnsupportedVersion { found: None },
            ), // version of the wrong type
        ];
        for (text, expected) in cases {
            assert_eq!(
                PendingAuthorization::from_storage_string(text),
                Err(expected),
                "{text}"
            );
        }
        // A hostile return path stored by someone else is sanitized on read.
        let hostile = stored.replace(
            "\"return_path\":\"/\"",
            "\"return_path\":\"//evil.example\"",
        );
        assert_ne!(hostile, stored);
        let back = PendingAuthorization::from_storage_string(&hostile).unwrap();
        assert_eq!(back.return_path, ReturnPath::root());
    }
}
