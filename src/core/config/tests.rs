//! Reading `config.json`: every key, its defaults and its errors.

use super::super::types::EndpointUrl;
use super::*;
use serde_json::json;

const ORIGIN: &str = "https://auth.example.com";

fn parse(v: Value) -> Result<AuthConfig, ConfigError> {
    AuthConfig::from_json(&v.to_string(), ORIGIN)
}

#[test]
fn minimal_issuer_config_gets_defaults() {
    let c = parse(json!({"issuer": "https://op.example", "client_id": "app"})).unwrap();
    assert_eq!(
        c.provider,
        ProviderConfig::Issuer {
            issuer: IssuerUrl::parse("https://op.example").unwrap(),
            endpoints: None
        }
    );
    assert_eq!(c.client_id.as_str(), "app");
    assert_eq!(c.redirect_uri.as_str(), "https://auth.example.com/callback");
    assert_eq!(c.post_logout_redirect_uri, None);
    let scopes: Vec<&str> = c.scopes.iter().map(Scope::as_str).collect();
    assert_eq!(scopes, ["openid", "profile", "email"]);
    assert_eq!(c.storage, StorageKind::Session);
    assert_eq!(c.clock_skew_secs, 300);
    assert_eq!(c.params, AuthorizationParams::default());
    assert_eq!(c.theme, None);
    assert_eq!(c.revoke_token_types, [TokenTypeHint::RefreshToken]);
    assert_eq!(c.refresh, RefreshPolicy::default());
    assert_eq!(c.refresh.lead_secs, 60);
}

#[test]
fn revocation_and_refresh_keys() {
    let with = |key: &str, value: Value| {
        let mut config = json!({"issuer": "https://op.example", "client_id": "a"});
        config[key] = value;
        parse(config)
    };
    // (revoke_token_types value, parsed)
    let cases = [
        (json!(["refresh_token"]), vec![TokenTypeHint::RefreshToken]),
        (
            json!(["access_token", "refresh_token"]),
            vec![TokenTypeHint::AccessToken, TokenTypeHint::RefreshToken],
        ), // order kept
        (
            json!(["refresh_token", "refresh_token"]),
            vec![TokenTypeHint::RefreshToken],
        ), // duplicates dropped
        (json!([]), vec![]),                              // revoke nothing
        (json!(null), vec![TokenTypeHint::RefreshToken]), // null means the default
    ];
    for (value, expected) in cases {
        let c = with("revoke_token_types", value.clone()).unwrap();
        assert_eq!(c.revoke_token_types, expected, "{value}");
    }
    let c = with("refresh_lead_seconds", json!(120)).unwrap();
    assert_eq!(c.refresh.lead_secs, 120);
    assert_eq!(
        c.refresh,
        RefreshPolicy {
            lead_secs: 120,
            ..RefreshPolicy::default()
        }
    );
    assert_eq!(
        with("refresh_lead_seconds", json!(0))
            .unwrap()
            .refresh
            .lead_secs,
        0
    );

    // (key, value, words in the message)
    let bad = [
        (
            "revoke_token_types",
            json!("refresh_token"),
            "must be an array",
        ), // a string, not an array
        ("revoke_token_types", json!(["id_token"]), "\"id_token\""), // not revocable
        (
            "revoke_token_types",
            json!(["Refresh_Token"]),
            "\"refresh_token\" or",
        ), // case matters
        (
            "revoke_token_types",
            json!([1]),
            "entries must be the strings",
        ), // not a string
        ("refresh_lead_seconds", json!(-1), "whole number"),         // negative
        ("refresh_lead_seconds", json!(1.5), "whole number"),        // fractional
        ("refresh_lead_seconds", json!("60"), "whole number"),       // a string
    ];
    for (key, value, words) in bad {
        let err = with(key, value.clone()).unwrap_err();
        assert_eq!(err.key(), Some(key), "{value}: {err}");
        assert!(err.to_string().contains(words), "{value}: {err}");
    }
    // A misspelled key is refused, as everywhere.
    let err = with("refresh_lead_secs", json!(60)).unwrap_err();
    assert_eq!(err.key(), Some("refresh_lead_secs"));
    assert!(err.to_string().contains("refresh_lead_seconds"), "{err}");
}

#[test]
fn full_issuer_config() {
    let c = AuthConfig::from_json(
        &json!({
            "issuer": "http://127.0.0.1:5556/dex",
            "endpoints": {
                "authorization_endpoint": "http://127.0.0.1:5556/dex/auth",
                "token_endpoint": "http://127.0.0.1:5556/dex/token",
                "jwks_uri": "http://127.0.0.1:5556/dex/keys",
                "userinfo_endpoint": null
            },
            "client_id": "spa",
            "redirect_uri": "/auth/cb",
            "post_logout_redirect_uri": "http://127.0.0.1:8080/bye",
            "scopes": ["openid", "email", "openid", "groups"],
            "storage": "local",
            "prompt": "login",
            "login_hint": "ada@example.com",
            "max_age": 600,
            "ui_locales": "fr en",
            "identity_provider": "Google",
            "idp_identifier": "",
            "response_mode": "fragment",
            "extra_params": {"audience": "api", "kc_idp_hint": "github"},
            "clock_skew_seconds": 60,
            "theme": {"colors": {"accent": "#0af"}},
            "texts": {"en": {"sign_in": "Go"}}
        })
        .to_string(),
        "http://127.0.0.1:8080",
    )
    .unwrap();
    let ProviderConfig::Issuer {
        issuer,
        endpoints: Some(e),
    } = &c.provider
    else {
        panic!("{:?}", c.provider)
    };
    assert_eq!(issuer.as_str(), "http://127.0.0.1:5556/dex");
    assert_eq!(e.token_endpoint.as_str(), "http://127.0.0.1:5556/dex/token");
    assert_eq!(e.userinfo_endpoint, None);
    assert_eq!(
        e.jwks_uri.as_ref().map(EndpointUrl::as_str),
        Some("http://127.0.0.1:5556/dex/keys")
    );
    assert_eq!(c.redirect_uri.as_str(), "http://127.0.0.1:8080/auth/cb");
    assert_eq!(
        c.post_logout_redirect_uri.as_ref().map(RedirectUrl::as_str),
        Some("http://127.0.0.1:8080/bye")
    );
    let scopes: Vec<&str> = c.scopes.iter().map(Scope::as_str).collect();
    assert_eq!(
        scopes,
        ["openid", "email", "groups"],
        "duplicates dropped, order kept"
    );
    assert_eq!(c.storage, StorageKind::Local);
    assert_eq!(
        c.params,
        AuthorizationParams {
            prompt: Some("login".into()),
            login_hint: Some("ada@example.com".into()),
            max_age: Some(600),
            ui_locales: Some("fr en".into()),
            identity_provider: Some("Google".into()),
            idp_identifier: None,
            response_mode: Some(ResponseMode::Fragment),
            extra: vec![
                ("audience".into(), "api".into()),
                ("kc_idp_hint".into(), "github".into())
            ],
        }
    );
    assert_eq!(c.clock_skew_secs, 60);
    assert_eq!(c.theme, Some(json!({"colors": {"accent": "#0af"}})));
    assert_eq!(c.texts, Some(json!({"en": {"sign_in": "Go"}})));
}

#[test]
fn cognito_global_sign_out() {
    let pool = |extra: Value| {
        let mut cognito = json!({
            "region": "eu-west-1",
            "user_pool_id": "eu-west-1_AbC123",
            "domain": "auth.example.com"
        });
        if let (Some(map), Value::Object(more)) = (cognito.as_object_mut(), extra) {
            map.extend(more);
        }
        parse(json!({ "cognito": cognito, "client_id": "abc" }))
    };
    assert!(
        !pool(json!({})).unwrap().cognito_global_sign_out,
        "off by default"
    );
    assert!(
        !pool(json!({"global_sign_out": false}))
            .unwrap()
            .cognito_global_sign_out
    );
    assert!(
        pool(json!({"global_sign_out": true}))
            .unwrap()
            .cognito_global_sign_out
    );
    let err = pool(json!({"global_sign_out": "yes"}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("cognito.global_sign_out"), "{err}");
    let err = pool(json!({"global_signout": true}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("cognito.global_signout"), "{err}");
    assert!(
        err.contains("global_sign_out"),
        "the accepted keys are named: {err}"
    );
}

#[test]
fn id_token_algorithms_and_insecure_switch() {
    let base = |extra: Value| {
        let mut c = json!({"issuer": "https://op.example", "client_id": "app"});
        if let (Some(map), Value::Object(more)) = (c.as_object_mut(), extra) {
            map.extend(more);
        }
        parse(c)
    };
    let c = base(json!({})).unwrap();
    assert_eq!(
        c.id_token_signing_alg_values,
        [
            JwsAlgorithm::Rs256,
            JwsAlgorithm::Ps256,
            JwsAlgorithm::Es256
        ]
    );
    assert!(!c.insecure_skip_id_token_signature_verification);
    let c = base(json!({
        "id_token_signing_alg_values": ["ES256", "RS256", "ES256"],
        "insecure_skip_id_token_signature_verification": true
    }))
    .unwrap();
    assert_eq!(
        c.id_token_signing_alg_values,
        [JwsAlgorithm::Es256, JwsAlgorithm::Rs256],
        "order kept, duplicates dropped"
    );
    assert!(c.insecure_skip_id_token_signature_verification);
    // (value, words in the message)
    let bad = [
        (json!({"id_token_signing_alg_values": []}), "at least one"), // empty list
        (json!({"id_token_signing_alg_values": ["none"]}), "\"none\""), // unsigned tokens
        (
            json!({"id_token_signing_alg_values": ["HS256"]}),
            "\"HS256\"",
        ), // HMAC
        (
            json!({"id_token_signing_alg_values": ["RS512"]}),
            "\"RS512\"",
        ), // supported, not configurable
        (
            json!({"id_token_signing_alg_values": ["rs256"]}),
            "\"rs256\"",
        ), // names are case-sensitive
        (
            json!({"id_token_signing_alg_values": "RS256"}),
            "must be an array",
        ), // not a list
        (json!({"id_token_signing_alg_values": [256]}), "strings"),   // not a string
        (
            json!({"insecure_skip_id_token_signature_verification": "yes"}),
            "true or false",
        ),
    ];
    for (extra, words) in bad {
        let err = base(extra.clone()).unwrap_err();
        assert!(
            matches!(&err, ConfigError::InvalidValue { key, problem }
                if key.starts_with("id_token_signing_alg_values")
                    || key == "insecure_skip_id_token_signature_verification"
                    && problem.contains(words))
                && err.to_string().contains(words),
            "{extra}: {err}"
        );
    }
    // Built in Rust, validate() applies the same rule.
    let mut c = base(json!({})).unwrap();
    c.id_token_signing_alg_values = vec![JwsAlgorithm::Rs384];
    assert!(c.validate().is_err());
    c.id_token_signing_alg_values.clear();
    assert!(c.validate().is_err());
}

#[test]
fn cognito_config() {
    let c = parse(json!({
        "cognito": {
            "region": "eu-west-1",
            "user_pool_id": "eu-west-1_AbC123",
            "domain": "myapp.auth.eu-west-1.amazoncognito.com"
        },
        "client_id": "abc"
    }))
    .unwrap();
    let ProviderConfig::Cognito(cognito) = &c.provider else {
        panic!()
    };
    assert_eq!(
        cognito.domain_url(),
        "https://myapp.auth.eu-west-1.amazoncognito.com"
    );
    assert_eq!(
        cognito.idp_endpoint(),
        "https://cognito-idp.eu-west-1.amazonaws.com"
    );
    assert_eq!(
        cognito.issuer().as_str(),
        "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbC123"
    );

    let c = parse(json!({
        "cognito": {
            "region": "us-gov-west-1",
            "user_pool_id": "us-gov-west-1_x9",
            "domain": "http://localhost:9229/",
            "endpoint": "http://127.0.0.1:9229/"
        },
        "client_id": "abc"
    }))
    .unwrap();
    let ProviderConfig::Cognito(cognito) = &c.provider else {
        panic!()
    };
    assert_eq!(cognito.domain_url(), "http://localhost:9229");
    assert_eq!(cognito.idp_endpoint(), "http://127.0.0.1:9229");
}

#[test]
fn invalid_configs_name_the_key() {
    let issuer = "https://op.example";
    let cognito = |region: &str, pool: &str, domain: &str| json!({"cognito": {"region": region, "user_pool_id": pool, "domain": domain}, "client_id": "a"});
    // (config, expected key, words in the message)
    let cases: Vec<(Value, Option<&str>, &str)> = vec![
        // a JSON array is not a config
        (json!([1]), None, "JSON object"),
        // misspelled top-level key
        (
            json!({"issuer": issuer, "client_id": "a", "clientid": "a"}),
            Some("clientid"),
            "unknown key `clientid`",
        ),
        // misspelled nested key
        (
            json!({"cognito": {"regoin": "x"}, "client_id": "a"}),
            Some("cognito.regoin"),
            "unknown key",
        ),
        // misspelled endpoints key
        (
            json!({"issuer": issuer, "client_id": "a", "endpoints": {"token": "x"}}),
            Some("endpoints.token"),
            "Accepted keys here: authorization_endpoint",
        ),
        // no provider at all
        (json!({"client_id": "a"}), None, "Set `issuer`"),
        // both providers
        (
            json!({"issuer": issuer, "cognito": {}, "client_id": "a"}),
            None,
            "not both",
        ),
        // plain http issuer
        (
            json!({"issuer": "http://op.example", "client_id": "a"}),
            Some("issuer"),
            "`issuer` must be an https URL",
        ),
        // issuer not a string
        (
            json!({"issuer": 5, "client_id": "a"}),
            Some("issuer"),
            "must be a string",
        ),
        // missing client_id
        (
            json!({"issuer": issuer}),
            Some("client_id"),
            "`client_id` is required",
        ),
        // empty client_id
        (
            json!({"issuer": issuer, "client_id": ""}),
            Some("client_id"),
            "must not be empty",
        ),
        // endpoints with cognito
        (
            json!({"cognito": {}, "endpoints": {}, "client_id": "a"}),
            Some("endpoints"),
            "only be used with `issuer`",
        ),
        // endpoints missing the token endpoint
        (
            json!({"issuer": issuer, "client_id": "a", "endpoints": {"authorization_endpoint": "https://op.example/a"}}),
            Some("endpoints.token_endpoint"),
            "is required",
        ),
        // endpoint with a fragment
        (
            json!({"issuer": issuer, "client_id": "a", "endpoints": {"authorization_endpoint": "https://op.example/a#x", "token_endpoint": "https://op.example/t"}}),
            Some("endpoints.authorization_endpoint"),
            "fragment",
        ),
        // redirect_uri with a fragment
        (
            json!({"issuer": issuer, "client_id": "a", "redirect_uri": "https://app.example/cb#x"}),
            Some("redirect_uri"),
            "fragment",
        ),
        // scheme-relative redirect path
        (
            json!({"issuer": issuer, "client_id": "a", "redirect_uri": "//evil.example/cb"}),
            Some("redirect_uri"),
            "single `/`",
        ),
        // relative redirect that is not a path
        (
            json!({"issuer": issuer, "client_id": "a", "post_logout_redirect_uri": "bye"}),
            Some("post_logout_redirect_uri"),
            "absolute",
        ),
        // scopes without openid
        (
            json!({"issuer": issuer, "client_id": "a", "scopes": ["email"]}),
            Some("scopes"),
            "must include \"openid\"",
        ),
        // empty scopes
        (
            json!({"issuer": issuer, "client_id": "a", "scopes": []}),
            Some("scopes"),
            "openid",
        ),
        // scopes as one string
        (
            json!({"issuer": issuer, "client_id": "a", "scopes": "openid email"}),
            Some("scopes"),
            "array of strings",
        ),
        // scope with a space
        (
            json!({"issuer": issuer, "client_id": "a", "scopes": ["openid email"]}),
            Some("scopes"),
            "no spaces",
        ),
        // scope that is a number
        (
            json!({"issuer": issuer, "client_id": "a", "scopes": ["openid", 3]}),
            Some("scopes"),
            "array of strings",
        ),
        // unknown storage
        (
            json!({"issuer": issuer, "client_id": "a", "storage": "cookie"}),
            Some("storage"),
            "\"memory\", \"session\" or \"local\"",
        ),
        // unknown response mode
        (
            json!({"issuer": issuer, "client_id": "a", "response_mode": "form_post"}),
            Some("response_mode"),
            "\"query\" or \"fragment\"",
        ),
        // negative max_age
        (
            json!({"issuer": issuer, "client_id": "a", "max_age": -1}),
            Some("max_age"),
            "whole number",
        ),
        // fractional skew
        (
            json!({"issuer": issuer, "client_id": "a", "clock_skew_seconds": 1.5}),
            Some("clock_skew_seconds"),
            "whole number",
        ),
        // extra param overriding state
        (
            json!({"issuer": issuer, "client_id": "a", "extra_params": {"state": "x"}}),
            Some("extra_params.state"),
            "protocol parameter",
        ),
        // extra param overriding redirect_uri, differently cased
        (
            json!({"issuer": issuer, "client_id": "a", "extra_params": {"Redirect_URI": "x"}}),
            Some("extra_params.Redirect_URI"),
            "protocol parameter",
        ),
        // extra param that is not a string
        (
            json!({"issuer": issuer, "client_id": "a", "extra_params": {"a": 1}}),
            Some("extra_params.a"),
            "must be a string",
        ),
        // theme that is not an object
        (
            json!({"issuer": issuer, "client_id": "a", "theme": "dark"}),
            Some("theme"),
            "JSON object",
        ),
        // texts that is not an object
        (
            json!({"issuer": issuer, "client_id": "a", "texts": ["x"]}),
            Some("texts"),
            "JSON object",
        ),
        // cognito missing domain
        (
            json!({"cognito": {"region": "eu-west-1", "user_pool_id": "eu-west-1_a"}, "client_id": "a"}),
            Some("cognito.domain"),
            "is required",
        ),
        // cognito region malformed
        (
            cognito("europe", "europe_a", "d.example"),
            Some("cognito.region"),
            "AWS region",
        ),
        // cognito region with upper case
        (
            cognito("EU-west-1", "EU-west-1_a", "d.example"),
            Some("cognito.region"),
            "AWS region",
        ),
        // pool id from another region
        (
            cognito("eu-west-1", "us-east-1_abc", "d.example"),
            Some("cognito.user_pool_id"),
            "eu-west-1_AbC123xyz",
        ),
        // pool id without underscore
        (
            cognito("eu-west-1", "eu-west-1abc", "d.example"),
            Some("cognito.user_pool_id"),
            "underscore",
        ),
        // pool id with a path separator
        (
            cognito("eu-west-1", "eu-west-1_a/b", "d.example"),
            Some("cognito.user_pool_id"),
            "letters and digits",
        ),
        // domain with a path
        (
            cognito("eu-west-1", "eu-west-1_a", "d.example/x"),
            Some("cognito.domain"),
            "host name",
        ),
        // domain with userinfo
        (
            cognito("eu-west-1", "eu-west-1_a", "a@d.example"),
            Some("cognito.domain"),
            "host name",
        ),
        // plain http domain off loopback
        (
            cognito("eu-west-1", "eu-west-1_a", "http://d.example"),
            Some("cognito.domain"),
            "https URL",
        ),
        // emulator endpoint with a query
        (
            json!({"cognito": {"region": "eu-west-1", "user_pool_id": "eu-west-1_a", "domain": "d.example", "endpoint": "http://localhost:9229?x"}, "client_id": "a"}),
            Some("cognito.endpoint"),
            "query",
        ),
    ];
    for (config, key, words) in cases {
        let err = parse(config.clone()).unwrap_err();
        assert_eq!(err.key(), key, "{config}: {err}");
        let message = err.to_string();
        assert!(message.contains(words), "{config}: {message}");
    }
}

#[test]
fn invalid_json_and_origins() {
    let err = AuthConfig::from_json("{\"issuer\": ", ORIGIN).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("config.json is not valid JSON: "),
        "{err}"
    );
    // A path cannot be resolved against an opaque origin ("null" for file: pages).
    let config = json!({"issuer": "https://op.example", "client_id": "a"}).to_string();
    for origin in [
        "null",
        "",
        "https://auth.example.com/sub",
        "ftp://auth.example.com",
    ] {
        let err = AuthConfig::from_json(&config, origin).unwrap_err();
        assert_eq!(err.key(), Some("redirect_uri"), "{origin}: {err}");
    }
    // An absolute redirect_uri does not need the origin.
    let config = json!({"issuer": "https://op.example", "client_id": "a", "redirect_uri": "https://app.example/cb"});
    assert!(AuthConfig::from_json(&config.to_string(), "null").is_ok());
    // A trailing slash on the origin is tolerated.
    let c = AuthConfig::from_json(
        &json!({"issuer": "https://op.example", "client_id": "a"}).to_string(),
        "https://auth.example.com/",
    )
    .unwrap();
    assert_eq!(c.redirect_uri.as_str(), "https://auth.example.com/callback");
}

#[test]
fn rust_side_validation() {
    let config = AuthConfig::new(
        ProviderConfig::Issuer {
            issuer: IssuerUrl::parse("https://op.example").unwrap(),
            endpoints: None,
        },
        ClientId::parse("a").unwrap(),
        RedirectUrl::parse("https://app.example/cb").unwrap(),
    );
    assert!(config.validate().is_ok());
    let err = config
        .clone()
        .with_scopes(vec![Scope::parse("email").unwrap()])
        .unwrap_err();
    assert_eq!(err, ConfigError::MissingOpenIdScope);
    let mut bad = config;
    bad.params.extra.push(("nonce".into(), "x".into()));
    assert!(bad.validate().is_err());
}

#[test]
fn enums_use_lowercase_names() {
    assert_eq!(
        serde_json::to_string(&StorageKind::Local).unwrap(),
        "\"local\""
    );
    assert_eq!(
        serde_json::from_str::<StorageKind>("\"memory\"").unwrap(),
        StorageKind::Memory
    );
    assert_eq!(StorageKind::default(), StorageKind::Session);
    assert_eq!(
        serde_json::to_string(&ResponseMode::Fragment).unwrap(),
        "\"fragment\""
    );
    assert_eq!(ResponseMode::default().as_str(), "query");
}
