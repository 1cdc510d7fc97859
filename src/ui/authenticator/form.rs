//! The pieces every screen's form is built from: fields as configured
//! ([`FieldSpec`]), the labelled input, the form shell ([`Screen`]), and the
//! password checklist.

use leptos::prelude::*;

use super::flow::{expect_flow, Flow};
use super::options::{FieldSettings, LoginMechanism};
use crate::core::cognito::{PasswordPolicy, PasswordRule};
use crate::ui::theme_provider::use_texts;

/// A field as configured: the screen's defaults with `form_fields` applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct FieldLayout {
    pub(super) name: String,
    pub(super) label: String,
    pub(super) kind: String,
    pub(super) autocomplete: String,
    pub(super) placeholder: Option<String>,
    pub(super) required: bool,
    pub(super) order: i32,
    pub(super) default_value: String,
}

impl FieldLayout {
    /// `settings` (from `form_fields.<screen>.<name>`) over the screen's
    /// defaults: a label, an input type, an `autocomplete` token and a
    /// position. Fields are required unless configured otherwise.
    pub(super) fn new(
        settings: FieldSettings,
        name: &str,
        label: String,
        kind: &str,
        autocomplete: &str,
        order: i32,
    ) -> Self {
        FieldLayout {
            name: name.to_owned(),
            label: settings.label.unwrap_or(label),
            kind: settings.kind.unwrap_or_else(|| kind.to_owned()),
            autocomplete: settings
                .autocomplete
                .unwrap_or_else(|| autocomplete.to_owned()),
            placeholder: settings.placeholder,
            required: settings.required.unwrap_or(true),
            order: settings.order.unwrap_or(order),
            default_value: settings.default_value.unwrap_or_default(),
        }
    }
}

/// Puts fields in their `order`; equal orders keep the screen's own order.
pub(super) fn sort_by_order<T>(fields: &mut [T], order: impl Fn(&T) -> i32) {
    fields.sort_by_key(|f| order(f));
}

#[derive(Clone)]
pub(super) struct FieldSpec {
    name: String,
    label: String,
    kind: String,
    autocomplete: String,
    placeholder: Option<String>,
    pub(super) required: bool,
    order: i32,
    pub(super) value: RwSignal<String>,
}

impl FieldSpec {
    pub(super) fn new(
        screen: &str,
        name: &str,
        label: String,
        kind: &str,
        autocomplete: &str,
        order: i32,
    ) -> Self {
        let flow = expect_flow();
        let settings = flow.options.with_value(|o| o.field(screen, name));
        let l = FieldLayout::new(settings, name, label, kind, autocomplete, order);
        FieldSpec {
            name: l.name,
            label: l.label,
            kind: l.kind,
            autocomplete: l.autocomplete,
            placeholder: l.placeholder,
            required: l.required,
            order: l.order,
            value: RwSignal::new(l.default_value),
        }
    }
}

/// A labelled input; passwords get a show/hide toggle.
#[component]
fn Field(spec: FieldSpec) -> impl IntoView {
    let texts = use_texts();
    let id = format!("lha-field-{}", spec.name.replace(':', "-"));
    let is_password = spec.kind == "password";
    let shown = RwSignal::new(false);
    let kind = spec.kind.clone();
    let input_type = move || {
        if is_password && shown.get() {
            "text".to_owned()
        } else {
            kind.clone()
        }
    };
    let value = spec.value;
    let error = expect_flow().error;
    view! {
        <div class="lha-field" data-lha-field=spec.name.clone()>
            <label class="lha-field__label" for=id.clone()>{spec.label.clone()}</label>
            <div class="lha-field__control">
                <input
                    id=id.clone()
                    class="lha-input"
                    name=spec.name.clone()
                    type=input_type
                    autocomplete=spec.autocomplete.clone()
                    placeholder=spec.placeholder.clone()
                    required=spec.required
                    aria-invalid=move || error.with(|e| e.is_some()).to_string()
                    aria-describedby="lha-auth-error"
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                />
                {is_password.then(|| view! {
                    <button
                        type="button"
                        class="lha-field__toggle"
                        aria-controls=id.clone()
                        aria-pressed=move || shown.get().to_string()
                        on:click=move |_| shown.update(|s| *s = !*s)
                    >
                        {move || if shown.get() { texts.get().hide_password } else { texts.get().show_password }}
                    </button>
                })}
            </div>
        </div>
    }
}

/// The form shell: heading, error, notice, fields, submit, extra links.
#[component]
pub(super) fn Screen(
    heading: Signal<String>,
    submit: Signal<String>,
    mut fields: Vec<FieldSpec>,
    on_submit: impl Fn() + 'static,
    #[prop(optional)] before: Option<AnyView>,
    #[prop(optional)] after_fields: Option<AnyView>,
    #[prop(optional)] after: Option<AnyView>,
) -> impl IntoView {
    let flow = expect_flow();
    sort_by_order(&mut fields, |f| f.order);
    let heading_ref = NodeRef::<leptos::html::H2>::new();
    Effect::new(move |_| {
        if let Some(h) = heading_ref.get() {
            let _ = h.focus();
        }
    });
    view! {
        <form
            class="lha-auth__form"
            novalidate=false
            on:submit=move |ev| {
                ev.prevent_default();
                on_submit();
            }
        >
            <h2 class="lha-auth__heading" tabindex="-1" node_ref=heading_ref>{heading}</h2>
            <div id="lha-auth-error" class="lha-auth__live">
                {move || flow.error.get().map(|e| view! {
                    <div class="lha-error" role="alert" data-lha-error-code=e.code.clone()>
                        <p class="lha-error__message">{e.message.clone()}</p>
                    </div>
                })}
            </div>
            {move || flow.notice.get().map(|n| view! {
                <p class="lha-notice" role="status" data-lha-notice="">{n}</p>
            })}
            {before}
            {fields.into_iter().map(|spec| view! { <Field spec/> }).collect_view()}
            {after_fields}
            <button
                type="submit"
                class="lha-button lha-button--primary lha-auth__submit"
                aria-busy=move || flow.busy.get().to_string()
                disabled=move || flow.busy.get()
            >
                {submit}
            </button>
            {after}
        </form>
    }
}

/// A one-time code field (`code`) on `screen`.
pub(super) fn code_spec(screen: &str, label: String) -> FieldSpec {
    FieldSpec::new(screen, "code", label, "text", "one-time-code", 1)
}

pub(super) fn username_spec(screen: &str, order: i32) -> FieldSpec {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    match flow.options.with_value(|o| o.login_mechanism) {
        LoginMechanism::Email => {
            FieldSpec::new(screen, "username", texts.email, "email", "username", order)
        }
        LoginMechanism::Username => FieldSpec::new(
            screen,
            "username",
            texts.username,
            "text",
            "username",
            order,
        ),
    }
}

pub(super) fn attribute_defaults(
    name: &str,
    t: &crate::theme::Texts,
) -> (String, &'static str, &'static str) {
    match name {
        "email" => (t.email.clone(), "email", "email"),
        "name" => (t.full_name.clone(), "text", "name"),
        "given_name" => (t.given_name.clone(), "text", "given-name"),
        "family_name" => (t.family_name.clone(), "text", "family-name"),
        "phone_number" => (t.phone_number.clone(), "tel", "tel"),
        "birthdate" => (t.birthdate.clone(), "date", "bday"),
        other => (
            other.trim_start_matches("custom:").replace('_', " "),
            "text",
            "off",
        ),
    }
}

/// The configured password policy, ticked as `password` is typed.
pub(super) fn checklist_for(flow: Flow, password: RwSignal<String>) -> AnyView {
    let policy = flow.options.with_value(|o| o.password_policy);
    view! { <PasswordChecklist policy password/> }.into_any()
}

/// The pool's password rules, ticked as the user types.
#[component]
pub fn PasswordChecklist(policy: PasswordPolicy, password: RwSignal<String>) -> impl IntoView {
    let texts = use_texts();
    let rules = policy.rules();
    view! {
        <ul class="lha-checklist" aria-label=move || texts.get().password_requirements>
            {rules.into_iter().map(|rule| {
                let met = move || rule.is_met_by(&password.get());
                let label = move || {
                    let t = texts.get();
                    match rule {
                        PasswordRule::MinimumLength(n) => t.rule_length.replace("{n}", &n.to_string()),
                        PasswordRule::Uppercase => t.rule_uppercase,
                        PasswordRule::Lowercase => t.rule_lowercase,
                        PasswordRule::Number => t.rule_number,
                        PasswordRule::Symbol => t.rule_symbol,
                    }
                };
                view! {
                    <li
                        class="lha-checklist__item"
                        data-lha-rule=rule.code()
                        data-lha-met=move || met().to_string()
                    >
                        <span class="lha-checklist__mark" aria-hidden="true">{move || if met() { "✓" } else { "○" }}</span>
                        {label}
                        <span class="lha-visually-hidden">{move || if met() { texts.get().rule_met } else { texts.get().rule_unmet }}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
