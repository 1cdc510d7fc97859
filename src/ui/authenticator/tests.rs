//! The `authenticator` settings and how fields are laid out.

use super::form::{sort_by_order, FieldLayout};
use super::*;
use serde_json::json;

fn options(value: serde_json::Value) -> Result<AuthenticatorOptions, String> {
    AuthenticatorOptions::from_json(&value)
}

#[test]
fn defaults() {
    let o = options(json!({})).unwrap();
    assert_eq!(o.login_mechanism, LoginMechanism::Username);
    assert_eq!(o.password_auth, PasswordAuthSetting::Srp);
    assert_eq!(
        o.sign_up_attributes,
        ["email"],
        "e-mail is asked by default"
    );
    assert!(o.federated.is_empty());
    assert!(!o.hide_sign_up);
    assert!(!o.totp_setup, "no authenticator set-up offer unless asked");
    assert!(o.form_fields.is_empty());
    assert_eq!(o.field("sign_up", "name"), FieldSettings::default());
    // An explicitly empty list stays empty.
    let o = options(json!({"sign_up_attributes": []})).unwrap();
    assert!(o.sign_up_attributes.is_empty());
}

#[test]
fn form_fields_are_read_per_screen_and_field() {
    let o = options(json!({
        "login_mechanism": "email",
        "totp_setup": true,
        "form_fields": {
            "sign_up": {
                "custom:company": {
                    "label": "Company", "placeholder": "Acme Ltd", "order": 1,
                    "required": false, "type": "text", "autocomplete": "organization",
                    "default_value": "Acme"
                },
                "username": { "placeholder": "you@example.com" }
            },
            "sign_in": { "password": { "label": "Passphrase" } }
        }
    }))
    .unwrap();
    assert!(o.totp_setup);
    assert_eq!(
        o.field("sign_up", "custom:company"),
        FieldSettings {
            label: Some("Company".into()),
            placeholder: Some("Acme Ltd".into()),
            order: Some(1),
            required: Some(false),
            kind: Some("text".into()),
            autocomplete: Some("organization".into()),
            default_value: Some("Acme".into()),
        }
    );
    assert_eq!(
        o.field("sign_in", "password").label.as_deref(),
        Some("Passphrase")
    );
    // Settings belong to their screen only.
    assert_eq!(o.field("sign_up", "password"), FieldSettings::default());
    assert_eq!(
        o.field("confirm_sign_up", "username"),
        FieldSettings::default()
    );
}

#[test]
fn unknown_keys_are_refused_with_their_name() {
    // One line per case: the input, and a word the error must contain.
    let cases = [
        // a typo at the top level
        (json!({"hide_signup": true}), "hide_signup"),
        // a typo in a field's settings
        (
            json!({"form_fields": {"sign_up": {"name": {"lable": "Name"}}}}),
            "lable",
        ),
        // a wrong type
        (
            json!({"form_fields": {"sign_up": {"name": {"order": "first"}}}}),
            "invalid",
        ),
        // an unknown login mechanism
        (json!({"login_mechanism": "phone"}), "phone"),
        (json!({"totp_setup": "yes"}), "invalid"),
    ];
    for (value, word) in cases {
        let err = options(value.clone()).unwrap_err();
        assert!(
            err.starts_with("The `authenticator` settings are invalid"),
            "{err}"
        );
        assert!(err.contains(word), "{value}: {err}");
    }
}

#[test]
fn layout_applies_settings_over_defaults() {
    let plain = FieldLayout::new(
        FieldSettings::default(),
        "name",
        "Full name".into(),
        "text",
        "name",
        2,
    );
    assert_eq!(
        plain,
        FieldLayout {
            name: "name".into(),
            label: "Full name".into(),
            kind: "text".into(),
            autocomplete: "name".into(),
            placeholder: None,
            required: true,
            order: 2,
            default_value: String::new(),
        }
    );
    let configured = FieldLayout::new(
        FieldSettings {
            label: Some("Your name".into()),
            placeholder: Some("Ada Lovelace".into()),
            order: Some(0),
            required: Some(false),
            kind: Some("search".into()),
            autocomplete: Some("nickname".into()),
            default_value: Some("Ada".into()),
        },
        "name",
        "Full name".into(),
        "text",
        "name",
        2,
    );
    assert_eq!(configured.label, "Your name");
    assert_eq!(configured.placeholder.as_deref(), Some("Ada Lovelace"));
    assert_eq!(configured.order, 0);
    assert!(!configured.required);
    assert_eq!(configured.kind, "search");
    assert_eq!(configured.autocomplete, "nickname");
    assert_eq!(configured.default_value, "Ada");
    // Only the label set: everything else keeps the default.
    let label_only = FieldLayout::new(
        FieldSettings {
            label: Some("Nom".into()),
            ..FieldSettings::default()
        },
        "name",
        "Full name".into(),
        "text",
        "name",
        2,
    );
    assert_eq!(
        label_only,
        FieldLayout {
            label: "Nom".into(),
            ..plain
        }
    );
}

#[test]
fn order_sorts_and_ties_keep_the_screen_order() {
    let o = options(json!({"form_fields": {"sign_up": {
        "name": {"order": 0},
        "custom:team": {"order": 1}
    }}}))
    .unwrap();
    // The sign-up screen's defaults: username 1, password 50, then the
    // attributes from 2 on.
    let mut fields: Vec<FieldLayout> = [
        ("username", 1),
        ("password", 50),
        ("name", 2),
        ("custom:team", 3),
    ]
    .into_iter()
    .map(|(n, order)| FieldLayout::new(o.field("sign_up", n), n, n.into(), "text", "off", order))
    .collect();
    sort_by_order(&mut fields, |f| f.order);
    let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["name", "username", "custom:team", "password"]);
}
