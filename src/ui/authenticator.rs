//! The Cognito `Authenticator`: sign in (SRP), sign up, confirm sign-up,
//! forgot and reset password, new password required, MFA (code and factor
//! choice) and authenticator-app set-up, each screen its own component, all
//! themed through `--lha-*` tokens, with stable `lha-auth__*` classes and
//! `data-lha-*` hooks. It talks to the user pool's API directly and ends in
//! the same session the PKCE flow delivers (refresh, logout and tabs alike).

use std::collections::BTreeMap;

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;

use super::auth::{use_auth, AuthFailure};
use super::theme_provider::use_texts;
use crate::browser::client::ClientError;
use crate::browser::cognito::{
    ChallengeAnswer, CognitoApi, PasswordAuth, PendingChallenge, SignInStep,
};
use crate::core::cognito::{
    Challenge, MfaType, PasswordPolicy, PasswordRule, SoftwareTokenAssociation, UserAttribute,
};
use crate::core::{AuthorizationParams, Password, ReturnPath, SignInOptions};

/// What users sign in with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoginMechanism {
    /// A user name (the pool's usernames).
    #[default]
    Username,
    /// An e-mail address (pools with email as username or alias).
    Email,
}

/// A federated sign-in button: through the hosted `/oauth2/authorize` with
/// `identity_provider`, then the PKCE flow.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FederatedProvider {
    /// The button's label ("Google", "Acme SAML").
    pub label: String,
    /// Cognito's `identity_provider` (`Google`, `SignInWithApple`,
    /// `Facebook`, `LoginWithAmazon`, or a SAML/OIDC provider's name).
    pub identity_provider: String,
}

/// One field's settings on one screen, like Amplify's `formFields`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FieldSettings {
    /// The label.
    pub label: Option<String>,
    /// The placeholder.
    pub placeholder: Option<String>,
    /// Position among the screen's fields (lower first).
    pub order: Option<i32>,
    /// Whether it must be filled in (attributes only; credentials always are).
    pub required: Option<bool>,
    /// The input `type` (`text`, `email`, `tel`, `date`, ...).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// The `autocomplete` token.
    pub autocomplete: Option<String>,
    /// A default value.
    pub default_value: Option<String>,
}

/// The `authenticator` key of the hosted page's `config.json`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AuthenticatorOptions {
    /// `username` (default) or `email`.
    pub login_mechanism: LoginMechanism,
    /// `srp` (default: the password never leaves the browser) or `password`
    /// (`USER_PASSWORD_AUTH`).
    pub password_auth: PasswordAuthSetting,
    /// The attributes asked at sign-up (`email`, `name`, `phone_number`,
    /// `custom:company`, ...). Default `["email"]`.
    pub sign_up_attributes: Vec<String>,
    /// The pool's password policy, shown as a live checklist.
    pub password_policy: PasswordPolicy,
    /// Federated sign-in buttons.
    pub federated: Vec<FederatedProvider>,
    /// Hide "Create account".
    pub hide_sign_up: bool,
    /// Per screen (`sign_in`, `sign_up`, `confirm_sign_up`,
    /// `forgot_password`, `confirm_reset_password`, `force_new_password`),
    /// per field name: label, placeholder, order, required, type,
    /// autocomplete, default value.
    pub form_fields: BTreeMap<String, BTreeMap<String, FieldSettings>>,
}

/// `srp` or `password`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PasswordAuthSetting {
    /// `USER_SRP_AUTH`.
    #[default]
    Srp,
    /// `USER_PASSWORD_AUTH`.
    Password,
}

impl AuthenticatorOptions {
    /// Reads the `authenticator` key; unknown keys are refused.
    pub fn from_json(value: &serde_json::Value) -> Result<Self, String> {
        let mut options = AuthenticatorOptions::deserialize(value)
            .map_err(|e| format!("The `authenticator` settings are invalid: {e}."))?;
        if options.sign_up_attributes.is_empty() && value.get("sign_up_attributes").is_none() {
            options.sign_up_attributes = vec!["email".into()];
        }
        Ok(options)
    }

    fn field(&self, screen: &str, name: &str) -> FieldSettings {
        self.form_fields
            .get(screen)
            .and_then(|f| f.get(name))
            .cloned()
            .unwrap_or_default()
    }
}

/// The screens.
#[derive(Clone, Debug)]
enum Route {
    SignIn,
    SignUp,
    ConfirmSignUp { username: String },
    ForgotPassword,
    ConfirmResetPassword { username: String },
    Challenge(PendingChallenge),
    SetupTotp(PendingChallenge, SoftwareTokenAssociation),
}

impl Route {
    fn name(&self) -> &'static str {
        match self {
            Route::SignIn => "sign-in",
            Route::SignUp => "sign-up",
            Route::ConfirmSignUp { .. } => "confirm-sign-up",
            Route::ForgotPassword => "forgot-password",
            Route::ConfirmResetPassword { .. } => "confirm-reset-password",
            Route::Challenge(p) => match p.challenge {
                Challenge::NewPasswordRequired { .. } => "force-new-password",
                Challenge::SelectMfaType { .. } | Challenge::MfaSetup { .. } => "select-mfa-type",
                _ => "confirm-sign-in",
            },
            Route::SetupTotp(..) => "setup-totp",
        }
    }
}

/// The flow's state. The [`Auth`](super::Auth) handle and the texts are
/// captured when the flow is created: after an `await` there is no reactive
/// owner to look them up from.
#[derive(Clone, Copy)]
struct Flow {
    auth: super::Auth,
    texts: Signal<crate::theme::Texts>,
    route: RwSignal<Route, LocalStorage>,
    error: RwSignal<Option<AuthFailure>>,
    notice: RwSignal<Option<String>>,
    busy: RwSignal<bool>,
    api: StoredValue<Option<CognitoApi>, LocalStorage>,
    options: StoredValue<AuthenticatorOptions>,
}

impl Flow {
    fn go(&self, route: Route) {
        self.error.set(None);
        self.route.set(route);
    }

    fn fail(&self, e: &ClientError) {
        self.error.set(Some(AuthFailure::from(e)));
    }

    /// Runs one API step with the busy state and error handling.
    fn run<F, Fut>(&self, step: F)
    where
        F: FnOnce(CognitoApi) -> Fut + 'static,
        Fut: std::future::Future<Output = Result<(), ClientError>> + 'static,
    {
        let Some(api) = self.api.get_value() else {
            return;
        };
        if self.busy.get_untracked() {
            return;
        }
        let flow = *self;
        flow.busy.set(true);
        flow.error.set(None);
        spawn_local(async move {
            if let Err(e) = step(api).await {
                flow.fail(&e);
            }
            flow.busy.set(false);
        });
    }

    fn sign_in_step(&self, step: SignInStep) {
        match step {
            SignInStep::SignedIn(session) => self.auth.session_established(*session),
            SignInStep::Challenge(pending) => self.go(Route::Challenge(pending)),
        }
    }
}

/// The Cognito sign-in and sign-up flow. Put it inside an
/// [`AuthProvider`](super::AuthProvider) configured with a `cognito` user
/// pool. Once signed in, it renders nothing: show your app with
/// [`Authenticated`](super::Authenticated).
#[component]
pub fn Authenticator(
    /// Screens, fields and federated buttons.
    #[prop(optional)]
    options: AuthenticatorOptions,
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let auth = use_auth();
    let api = auth.browser_client().and_then(|c| {
        let mode = match options.password_auth {
            PasswordAuthSetting::Srp => PasswordAuth::Srp,
            PasswordAuthSetting::Password => PasswordAuth::Plain,
        };
        CognitoApi::new(c, mode)
    });
    let missing_pool = api.is_none();
    let flow = Flow {
        auth,
        texts: use_texts(),
        route: RwSignal::new_local(Route::SignIn),
        error: RwSignal::new(None),
        notice: RwSignal::new(None),
        busy: RwSignal::new(false),
        api: StoredValue::new_local(api),
        options: StoredValue::new(options),
    };
    provide_context(flow);
    let class = move || match class.get() {
        Some(c) if !c.is_empty() => format!("lha-auth {c}"),
        _ => "lha-auth".to_owned(),
    };
    let screen = move || match flow.route.get() {
        Route::SignIn => view! { <SignInScreen/> }.into_any(),
        Route::SignUp => view! { <SignUpScreen/> }.into_any(),
        Route::ConfirmSignUp { username } => view! { <ConfirmSignUpScreen username/> }.into_any(),
        Route::ForgotPassword => view! { <ForgotPasswordScreen/> }.into_any(),
        Route::ConfirmResetPassword { username } => {
            view! { <ConfirmResetPasswordScreen username/> }.into_any()
        }
        Route::Challenge(pending) => view! { <ChallengeScreen pending/> }.into_any(),
        Route::SetupTotp(pending, association) => {
            view! { <SetupTotpScreen pending association/> }.into_any()
        }
    };
    view! {
        <div class=class data-lha-route=move || flow.route.with(Route::name)>
            {missing_pool.then(|| view! {
                <div class="lha-error" role="alert" data-lha-error-code="config_invalid">
                    <p class="lha-error__message">
                        "The Authenticator needs a `cognito` user pool in the configuration."
                    </p>
                </div>
            })}
            {screen}
        </div>
    }
}

// ------------------------------------------------------------ building blocks

#[derive(Clone)]
struct FieldSpec {
    name: String,
    label: String,
    kind: String,
    autocomplete: String,
    placeholder: Option<String>,
    required: bool,
    order: i32,
    value: RwSignal<String>,
}

impl FieldSpec {
    fn new(
        screen: &str,
        name: &str,
        label: String,
        kind: &str,
        autocomplete: &str,
        order: i32,
    ) -> Self {
        let flow = expect_flow();
        let s = flow.options.with_value(|o| o.field(screen, name));
        FieldSpec {
            name: name.to_owned(),
            label: s.label.unwrap_or(label),
            kind: s.kind.unwrap_or_else(|| kind.to_owned()),
            autocomplete: s.autocomplete.unwrap_or_else(|| autocomplete.to_owned()),
            placeholder: s.placeholder,
            required: s.required.unwrap_or(true),
            order: s.order.unwrap_or(order),
            value: RwSignal::new(s.default_value.unwrap_or_default()),
        }
    }
}

fn expect_flow() -> Flow {
    // Every screen is rendered by `Authenticator`, which provides the flow
    // before rendering any of them; a screen used alone gets an inert flow.
    use_context::<Flow>().unwrap_or_else(|| Flow {
        auth: use_auth(),
        texts: use_texts(),
        route: RwSignal::new_local(Route::SignIn),
        error: RwSignal::new(None),
        notice: RwSignal::new(None),
        busy: RwSignal::new(false),
        api: StoredValue::new_local(None),
        options: StoredValue::new(AuthenticatorOptions::default()),
    })
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
fn Screen(
    heading: Signal<String>,
    submit: Signal<String>,
    mut fields: Vec<FieldSpec>,
    on_submit: impl Fn() + 'static,
    #[prop(optional)] before: Option<AnyView>,
    #[prop(optional)] after_fields: Option<AnyView>,
    #[prop(optional)] after: Option<AnyView>,
) -> impl IntoView {
    let flow = expect_flow();
    fields.sort_by_key(|f| f.order);
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

fn link(label: Signal<String>, action: &'static str, go: impl Fn() + 'static) -> AnyView {
    view! {
        <button type="button" class="lha-link" data-lha-action=action on:click=move |_| go()>
            {label}
        </button>
    }
    .into_any()
}

fn text(f: impl Fn(&crate::theme::Texts) -> String + Send + Sync + 'static) -> Signal<String> {
    let texts = use_texts();
    Signal::derive(move || texts.with(&f))
}

fn username_spec(screen: &str, order: i32) -> FieldSpec {
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

// -------------------------------------------------------------------- screens

/// Sign in with username (or e-mail) and password; federated buttons.
#[component]
pub fn SignInScreen() -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let username = username_spec("sign_in", 1);
    let password = FieldSpec::new(
        "sign_in",
        "password",
        texts.password,
        "password",
        "current-password",
        2,
    );
    let (u, p) = (username.value, password.value);
    let options = flow.options.get_value();
    let federated = (!options.federated.is_empty()).then(|| {
        let auth = use_auth();
        view! {
            <div class="lha-auth__federated" role="group" aria-label=texts.federated_group.clone()>
                {options.federated.into_iter().map(|p| {
                    let idp = p.identity_provider.clone();
                    view! {
                        <button
                            type="button"
                            class="lha-button lha-button--secondary lha-auth__federated-button"
                            data-lha-identity-provider=p.identity_provider.clone()
                            on:click=move |_| auth.sign_in_with(SignInOptions {
                                return_path: ReturnPath::root(),
                                params: AuthorizationParams {
                                    identity_provider: Some(idp.clone()),
                                    ..AuthorizationParams::default()
                                },
                            })
                        >
                            {format!("{} {}", texts.sign_in_with, p.label)}
                        </button>
                    }
                }).collect_view()}
            </div>
        }
        .into_any()
    });
    let hide_sign_up = options.hide_sign_up;
    let after = view! {
        <div class="lha-auth__links">
            {link(text(|t| t.forgot_password.clone()), "forgot-password", move || flow.go(Route::ForgotPassword))}
            {(!hide_sign_up).then(|| link(text(|t| t.create_account.clone()), "sign-up", move || flow.go(Route::SignUp)))}
        </div>
    }
    .into_any();
    let on_submit = move || {
        let (name, pw) = (
            u.get_untracked().trim().to_owned(),
            Password::new(p.get_untracked()),
        );
        flow.run(move |api| async move {
            match api.sign_in(&name, &pw).await {
                Ok(step) => {
                    flow.sign_in_step(step);
                    Ok(())
                }
                Err(e) if e.code() == "user_not_confirmed" => {
                    flow.go(Route::ConfirmSignUp { username: name });
                    Err(e)
                }
                Err(e) => Err(e),
            }
        });
    };
    view! {
        <Screen
            heading=text(|t| t.sign_in_heading.clone())
            submit=text(|t| t.sign_in.clone())
            fields=vec![username, password]
            on_submit
            before=federated.unwrap_or_else(|| ().into_any())
            after
        />
    }
}

/// Create an account; the password policy is shown as a live checklist.
#[component]
pub fn SignUpScreen() -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let options = flow.options.get_value();
    let mechanism = options.login_mechanism;
    let mut fields = vec![username_spec("sign_up", 1)];
    let password = FieldSpec::new(
        "sign_up",
        "password",
        texts.password.clone(),
        "password",
        "new-password",
        50,
    );
    let pw = password.value;
    fields.push(password);
    let mut attributes = Vec::new();
    for (i, name) in options.sign_up_attributes.iter().enumerate() {
        // With e-mail sign-in, the username field is the e-mail already.
        if mechanism == LoginMechanism::Email && name == "email" {
            continue;
        }
        let (label, kind, autocomplete) = attribute_defaults(name, &texts);
        let order = 2 + i32::try_from(i).unwrap_or(0);
        let spec = FieldSpec::new("sign_up", name, label, kind, autocomplete, order);
        attributes.push((name.clone(), spec.value, spec.required));
        fields.push(spec);
    }
    let username = fields
        .first()
        .map(|f| f.value)
        .unwrap_or_else(|| RwSignal::new(String::new()));
    let policy = options.password_policy;
    let checklist = view! { <PasswordChecklist policy password=pw/> }.into_any();
    let after = link(text(|t| t.back_to_sign_in.clone()), "sign-in", move || {
        flow.go(Route::SignIn)
    });
    let on_submit = move || {
        let name = username.get_untracked().trim().to_owned();
        let password = Password::new(pw.get_untracked());
        if !policy.accepts(password.secret()) {
            flow.error.set(Some(AuthFailure {
                code: "invalid_password".into(),
                message: flow.texts.get_untracked().password_policy_unmet,
                provider_error: None,
            }));
            return;
        }
        let mut attrs: Vec<UserAttribute> = attributes
            .iter()
            .filter_map(|(n, v, _)| {
                let v = v.get_untracked().trim().to_owned();
                (!v.is_empty()).then(|| UserAttribute::new(n.clone(), v))
            })
            .collect();
        if mechanism == LoginMechanism::Email {
            attrs.push(UserAttribute::new("email", name.clone()));
        }
        flow.run(move |api| async move {
            let outcome = api.sign_up(&name, &password, &attrs).await?;
            if outcome.user_confirmed {
                flow.notice
                    .set(Some(flow.texts.get_untracked().account_ready));
                flow.go(Route::SignIn);
            } else {
                flow.notice.set(
                    outcome
                        .code_delivery
                        .map(|d| describe_delivery(&d, flow.texts.get_untracked())),
                );
                flow.go(Route::ConfirmSignUp { username: name });
            }
            Ok(())
        });
    };
    view! {
        <Screen
            heading=text(|t| t.sign_up_heading.clone())
            submit=text(|t| t.create_account.clone())
            fields
            on_submit
            after_fields=checklist
            after
        />
    }
}

fn attribute_defaults(name: &str, t: &crate::theme::Texts) -> (String, &'static str, &'static str) {
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

/// Enter the code sent at sign-up; resend it.
#[component]
pub fn ConfirmSignUpScreen(username: String) -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let code = FieldSpec::new(
        "confirm_sign_up",
        "code",
        texts.confirmation_code,
        "text",
        "one-time-code",
        1,
    );
    let c = code.value;
    let name = StoredValue::new(username);
    let resend = move || {
        let n = name.get_value();
        flow.run(move |api| async move {
            let delivery = api.resend_code(&n).await?;
            flow.notice.set(Some(
                delivery
                    .map(|d| describe_delivery(&d, flow.texts.get_untracked()))
                    .unwrap_or_else(|| flow.texts.get_untracked().code_resent),
            ));
            Ok(())
        });
    };
    let after = view! {
        <div class="lha-auth__links">
            {link(text(|t| t.resend_code.clone()), "resend-code", resend)}
            {link(text(|t| t.back_to_sign_in.clone()), "sign-in", move || flow.go(Route::SignIn))}
        </div>
    }
    .into_any();
    let on_submit = move || {
        let (n, code) = (name.get_value(), c.get_untracked());
        flow.run(move |api| async move {
            api.confirm_sign_up(&n, &code).await?;
            flow.notice
                .set(Some(flow.texts.get_untracked().account_confirmed));
            flow.go(Route::SignIn);
            Ok(())
        });
    };
    view! {
        <Screen
            heading=text(|t| t.confirm_sign_up_heading.clone())
            submit=text(|t| t.confirm.clone())
            fields=vec![code]
            on_submit
            after
        />
    }
}

/// Ask for a reset code.
#[component]
pub fn ForgotPasswordScreen() -> impl IntoView {
    let flow = expect_flow();
    let username = username_spec("forgot_password", 1);
    let u = username.value;
    let after = link(text(|t| t.back_to_sign_in.clone()), "sign-in", move || {
        flow.go(Route::SignIn)
    });
    let on_submit = move || {
        let name = u.get_untracked().trim().to_owned();
        flow.run(move |api| async move {
            let delivery = api.forgot_password(&name).await?;
            flow.notice
                .set(delivery.map(|d| describe_delivery(&d, flow.texts.get_untracked())));
            flow.go(Route::ConfirmResetPassword { username: name });
            Ok(())
        });
    };
    view! {
        <Screen
            heading=text(|t| t.forgot_password_heading.clone())
            submit=text(|t| t.send_code.clone())
            fields=vec![username]
            on_submit
            after
        />
    }
}

/// Enter the reset code and a new password.
#[component]
pub fn ConfirmResetPasswordScreen(username: String) -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let code = FieldSpec::new(
        "confirm_reset_password",
        "code",
        texts.confirmation_code.clone(),
        "text",
        "one-time-code",
        1,
    );
    let password = FieldSpec::new(
        "confirm_reset_password",
        "password",
        texts.new_password,
        "password",
        "new-password",
        2,
    );
    let (c, pw) = (code.value, password.value);
    let policy = flow.options.with_value(|o| o.password_policy);
    let checklist = view! { <PasswordChecklist policy password=pw/> }.into_any();
    let name = StoredValue::new(username);
    let after = link(text(|t| t.back_to_sign_in.clone()), "sign-in", move || {
        flow.go(Route::SignIn)
    });
    let on_submit = move || {
        let (n, code, password) = (
            name.get_value(),
            c.get_untracked(),
            Password::new(pw.get_untracked()),
        );
        flow.run(move |api| async move {
            api.confirm_forgot_password(&n, &code, &password).await?;
            flow.notice
                .set(Some(flow.texts.get_untracked().password_changed));
            flow.go(Route::SignIn);
            Ok(())
        });
    };
    view! {
        <Screen
            heading=text(|t| t.reset_password_heading.clone())
            submit=text(|t| t.change_password.clone())
            fields=vec![code, password]
            on_submit
            after_fields=checklist
            after
        />
    }
}

/// Every sign-in challenge: MFA code (SMS, e-mail, app), factor choice, new
/// password with required attributes, and the start of authenticator set-up.
#[component]
pub fn ChallengeScreen(pending: PendingChallenge) -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let back = link(text(|t| t.back_to_sign_in.clone()), "sign-in", move || {
        flow.go(Route::SignIn)
    });
    let stored = StoredValue::new_local(pending.clone());
    let answer = move |a: ChallengeAnswer| {
        let p = stored.get_value();
        flow.run(move |api| async move {
            let step = api.respond(&p, a).await?;
            flow.sign_in_step(step);
            Ok(())
        });
    };
    match pending.challenge.clone() {
        Challenge::SmsMfa { destination } | Challenge::EmailOtp { destination } => {
            let code = FieldSpec::new(
                "confirm_sign_in",
                "code",
                texts.confirmation_code,
                "text",
                "one-time-code",
                1,
            );
            let c = code.value;
            let before = destination.map(|d| {
                view! { <p class="lha-auth__hint">{format!("{} {d}", texts.code_sent_to)}</p> }
                    .into_any()
            });
            view! {
                <Screen
                    heading=text(|t| t.confirm_sign_in_heading.clone())
                    submit=text(|t| t.confirm.clone())
                    fields=vec![code]
                    on_submit=move || answer(ChallengeAnswer::Code(c.get_untracked().trim().to_owned()))
                    before=before.unwrap_or_else(|| ().into_any())
                    after=back
                />
            }
            .into_any()
        }
        Challenge::SoftwareTokenMfa => {
            let code = FieldSpec::new(
                "confirm_sign_in",
                "code",
                texts.authenticator_code,
                "text",
                "one-time-code",
                1,
            );
            let c = code.value;
            view! {
                <Screen
                    heading=text(|t| t.confirm_sign_in_heading.clone())
                    submit=text(|t| t.confirm.clone())
                    fields=vec![code]
                    on_submit=move || answer(ChallengeAnswer::Code(c.get_untracked().trim().to_owned()))
                    after=back
                />
            }
            .into_any()
        }
        Challenge::SelectMfaType { options } | Challenge::MfaSetup { options } => {
            let setup = matches!(pending.challenge, Challenge::MfaSetup { .. });
            let choice = RwSignal::new(options.first().cloned());
            let radios = options
                .into_iter()
                .map(|o| {
                    let label = mfa_label(&o, &texts);
                    let value = o.as_str().to_owned();
                    let o2 = o.clone();
                    view! {
                        <label class="lha-radio">
                            <input
                                type="radio"
                                name="mfa"
                                value=value
                                prop:checked=move || choice.get().as_ref() == Some(&o)
                                on:change=move |_| choice.set(Some(o2.clone()))
                            />
                            {label}
                        </label>
                    }
                })
                .collect_view()
                .into_any();
            let on_submit = move || {
                let Some(c) = choice.get_untracked() else {
                    return;
                };
                if setup {
                    // Only an authenticator app can be set up from here.
                    let p = stored.get_value();
                    flow.run(move |api| async move {
                        let association = api.associate_totp(&p).await?;
                        flow.go(Route::SetupTotp(p, association));
                        Ok(())
                    });
                    let _ = c;
                } else {
                    answer(ChallengeAnswer::SelectMfa(c));
                }
            };
            view! {
                <Screen
                    heading=text(move |t| if setup { t.setup_mfa_heading.clone() } else { t.select_mfa_heading.clone() })
                    submit=text(|t| t.continue_.clone())
                    fields=vec![]
                    on_submit
                    before=radios
                    after=back
                />
            }
            .into_any()
        }
        Challenge::NewPasswordRequired {
            required_attributes,
            ..
        } => {
            let password = FieldSpec::new(
                "force_new_password",
                "password",
                texts.new_password.clone(),
                "password",
                "new-password",
                50,
            );
            let pw = password.value;
            let mut fields = vec![password];
            let mut attrs = Vec::new();
            for (i, name) in required_attributes.iter().enumerate() {
                let (label, kind, autocomplete) = attribute_defaults(name, &texts);
                let spec = FieldSpec::new(
                    "force_new_password",
                    name,
                    label,
                    kind,
                    autocomplete,
                    2 + i32::try_from(i).unwrap_or(0),
                );
                attrs.push((name.clone(), spec.value));
                fields.push(spec);
            }
            let policy = flow.options.with_value(|o| o.password_policy);
            let checklist = view! { <PasswordChecklist policy password=pw/> }.into_any();
            let on_submit = move || {
                let values = attrs
                    .iter()
                    .map(|(n, v)| {
                        UserAttribute::new(n.clone(), v.get_untracked().trim().to_owned())
                    })
                    .collect();
                answer(ChallengeAnswer::NewPassword(
                    Password::new(pw.get_untracked()),
                    values,
                ));
            };
            view! {
                <Screen
                    heading=text(|t| t.new_password_heading.clone())
                    submit=text(|t| t.change_password.clone())
                    fields
                    on_submit
                    after_fields=checklist
                    after=back
                />
            }
            .into_any()
        }
        other => view! {
            <div class="lha-error" role="alert" data-lha-error-code="unsupported_challenge">
                <p class="lha-error__message">
                    {format!("{} ({})", texts.unsupported_challenge, other.name())}
                </p>
            </div>
            {back}
        }
        .into_any(),
    }
}

fn mfa_label(mfa: &MfaType, t: &crate::theme::Texts) -> String {
    match mfa.as_str() {
        "SOFTWARE_TOKEN_MFA" => t.mfa_totp.clone(),
        "SMS_MFA" => t.mfa_sms.clone(),
        "EMAIL_OTP" => t.mfa_email.clone(),
        other => other.to_owned(),
    }
}

/// Set up an authenticator app during sign-in: the secret as a QR code and
/// as text, then the first code.
#[component]
pub fn SetupTotpScreen(
    pending: PendingChallenge,
    association: SoftwareTokenAssociation,
) -> impl IntoView {
    let flow = expect_flow();
    let texts = use_texts().get_untracked();
    let issuer = use_texts().get_untracked().title;
    let uri = association.secret.otpauth_uri(&issuer, &pending.username);
    let qr = super::qr::QrSvg(uri.clone());
    let secret_text = association.secret.secret().to_owned();
    let code = FieldSpec::new(
        "setup_totp",
        "code",
        texts.authenticator_code,
        "text",
        "one-time-code",
        1,
    );
    let c = code.value;
    let stored = StoredValue::new_local((pending, association));
    let before = view! {
        <div class="lha-totp">
            <p class="lha-auth__hint">{texts.scan_qr}</p>
            {qr.view()}
            <p class="lha-auth__hint">{texts.or_enter_key}</p>
            <code class="lha-totp__secret" data-lha-totp-secret="">{secret_text}</code>
        </div>
    }
    .into_any();
    let back = link(text(|t| t.back_to_sign_in.clone()), "sign-in", move || {
        flow.go(Route::SignIn)
    });
    let on_submit = move || {
        let (p, a) = stored.get_value();
        let code = c.get_untracked();
        flow.run(move |api| async move {
            let verified = api.verify_totp(&a, &code).await?;
            let step = api
                .respond(&p, ChallengeAnswer::MfaSetupDone(verified))
                .await?;
            flow.sign_in_step(step);
            Ok(())
        });
    };
    view! {
        <Screen
            heading=text(|t| t.setup_totp_heading.clone())
            submit=text(|t| t.confirm.clone())
            fields=vec![code]
            on_submit
            before
            after=back
        />
    }
}

/// "We sent a code to a***@e***." in the catalog's words.
fn describe_delivery(d: &crate::core::cognito::CodeDelivery, t: crate::theme::Texts) -> String {
    match &d.destination {
        Some(dest) => format!("{} {dest}.", t.code_sent_to),
        None => t.code_resent,
    }
}
