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
use crate::core::{AccessToken, AuthorizationParams, Password, ReturnPath, SignInOptions};

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
    /// Offer signed-in users "Set up authenticator app" ([`TotpSetup`]):
    /// `AssociateSoftwareToken`, a QR code, `VerifySoftwareToken` and
    /// `SetUserMFAPreference`. For pools with MFA `OPTIONAL` (or `ON`) and
    /// TOTP allowed. Default `false`.
    pub totp_setup: bool,
    /// Per screen (`sign_in`, `sign_up`, `confirm_sign_up`,
    /// `forgot_password`, `confirm_reset_password`, `force_new_password`,
    /// `confirm_sign_in`, `setup_totp`), per field name (`username`,
    /// `password`, `code`, an attribute's name): label, placeholder, order,
    /// required, type, autocomplete, default value.
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
    ConfirmSignUp {
        username: String,
    },
    ForgotPassword,
    ConfirmResetPassword {
        username: String,
    },
    Challenge(PendingChallenge),
    SetupTotp(PendingChallenge, SoftwareTokenAssociation),
    /// Signed in: the offer to set up an authenticator app ([`TotpSetup`]).
    Account,
    /// Signed in: setting up an authenticator app.
    SetupTotpSignedIn(SoftwareTokenAssociation),
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
            Route::SetupTotp(..) | Route::SetupTotpSignedIn(..) => "setup-totp",
            Route::Account => "account",
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
    /// A flow starting at `route`, provided as context to the screens below.
    fn provide(
        auth: super::Auth,
        api: Option<CognitoApi>,
        route: Route,
        options: AuthenticatorOptions,
    ) -> Flow {
        let flow = Flow {
            auth,
            texts: use_texts(),
            route: RwSignal::new_local(route),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            busy: RwSignal::new(false),
            api: StoredValue::new_local(api),
            options: StoredValue::new(options),
        };
        provide_context(flow);
        flow
    }

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
    let flow = Flow::provide(auth, api, Route::SignIn, options);
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
        // Only `TotpSetup` routes there.
        Route::Account | Route::SetupTotpSignedIn(..) => ().into_any(),
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

/// A field as configured: the screen's defaults with `form_fields` applied.
#[derive(Clone, Debug, PartialEq, Eq)]
struct FieldLayout {
    name: String,
    label: String,
    kind: String,
    autocomplete: String,
    placeholder: Option<String>,
    required: bool,
    order: i32,
    default_value: String,
}

impl FieldLayout {
    /// `settings` (from `form_fields.<screen>.<name>`) over the screen's
    /// defaults: a label, an input type, an `autocomplete` token and a
    /// position. Fields are required unless configured otherwise.
    fn new(
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
fn sort_by_order<T>(fields: &mut [T], order: impl Fn(&T) -> i32) {
    fields.sort_by_key(|f| order(f));
}

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

/// "Back to sign in".
fn back_link(flow: Flow) -> AnyView {
    link(text(|t| t.back_to_sign_in.clone()), "sign-in", move || {
        flow.go(Route::SignIn)
    })
}

/// A one-time code field (`code`) on `screen`.
fn code_spec(screen: &str, label: String) -> FieldSpec {
    FieldSpec::new(screen, "code", label, "text", "one-time-code", 1)
}

/// The configured password policy, ticked as `password` is typed.
fn checklist_for(flow: Flow, password: RwSignal<String>) -> AnyView {
    let policy = flow.options.with_value(|o| o.password_policy);
    view! { <PasswordChecklist policy password/> }.into_any()
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
    let after = back_link(flow);
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
    let code = code_spec("confirm_sign_up", texts.confirmation_code.clone());
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
            {back_link(flow)}
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
    let after = back_link(flow);
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
    let code = code_spec("confirm_reset_password", texts.confirmation_code.clone());
    let password = FieldSpec::new(
        "confirm_reset_password",
        "password",
        texts.new_password,
        "password",
        "new-password",
        2,
    );
    let (c, pw) = (code.value, password.value);
    let checklist = checklist_for(flow, pw);
    let name = StoredValue::new(username);
    let after = back_link(flow);
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
    let back = back_link(flow);
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
        challenge @ (Challenge::SmsMfa { .. }
        | Challenge::EmailOtp { .. }
        | Challenge::SoftwareTokenMfa) => {
            // A code sent by SMS or e-mail (with where it went), or one from
            // the authenticator app.
            let (label, destination) = match challenge {
                Challenge::SmsMfa { destination } | Challenge::EmailOtp { destination } => {
                    (texts.confirmation_code.clone(), destination)
                }
                _ => (texts.authenticator_code.clone(), None),
            };
            let code = code_spec("confirm_sign_in", label);
            let c = code.value;
            let before = match destination {
                Some(d) => view! {
                    <p class="lha-auth__hint">{format!("{} {d}", texts.code_sent_to)}</p>
                }
                .into_any(),
                None => ().into_any(),
            };
            view! {
                <Screen
                    heading=text(|t| t.confirm_sign_in_heading.clone())
                    submit=text(|t| t.confirm.clone())
                    fields=vec![code]
                    on_submit=move || answer(ChallengeAnswer::Code(c.get_untracked().trim().to_owned()))
                    before
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
                .collect_view();
            let group_label = if setup {
                texts.setup_mfa_heading.clone()
            } else {
                texts.select_mfa_heading.clone()
            };
            let radios = view! {
                <div class="lha-auth__choices" role="radiogroup" aria-label=group_label>
                    {radios}
                </div>
            }
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
            let checklist = checklist_for(flow, pw);
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
    let account = pending.username.clone();
    let stored = StoredValue::new_local((pending, association.clone()));
    let back = back_link(flow);
    let on_code = move |code: String| {
        let (p, a) = stored.get_value();
        flow.run(move |api| async move {
            let verified = api.verify_totp(&a, &code).await?;
            let step = api
                .respond(&p, ChallengeAnswer::MfaSetupDone(verified))
                .await?;
            flow.sign_in_step(step);
            Ok(())
        });
    };
    totp_form(&association, &account, on_code, back)
}

/// The authenticator set-up form: the secret as a QR code (rendered here, as
/// SVG) and as text, then the first code, handed to `on_code`.
fn totp_form(
    association: &SoftwareTokenAssociation,
    account: &str,
    on_code: impl Fn(String) + 'static,
    after: AnyView,
) -> AnyView {
    let texts = use_texts().get_untracked();
    let uri = association.secret.otpauth_uri(&texts.title, account);
    let qr = super::qr::QrSvg {
        text: uri,
        label: texts.qr_code_label.clone(),
    };
    let secret_text = association.secret.secret().to_owned();
    let code = code_spec("setup_totp", texts.authenticator_code.clone());
    let c = code.value;
    let before = view! {
        <div class="lha-totp">
            <p class="lha-auth__hint">{texts.scan_qr}</p>
            {qr.view()}
            <p class="lha-auth__hint">{texts.or_enter_key}</p>
            <code class="lha-totp__secret" data-lha-totp-secret="">{secret_text}</code>
        </div>
    }
    .into_any();
    view! {
        <Screen
            heading=text(|t| t.setup_totp_heading.clone())
            submit=text(|t| t.confirm.clone())
            fields=vec![code]
            on_submit=move || on_code(c.get_untracked().trim().to_owned())
            before
            after
        />
    }
    .into_any()
}

/// For a signed-in user of a Cognito user pool: a "Set up authenticator app"
/// button that leads to the QR code and the first code
/// (`AssociateSoftwareToken`, `VerifySoftwareToken`, then
/// `SetUserMFAPreference` to make the app the preferred second factor).
/// Afterwards the pool asks for a code at every sign-in (with MFA
/// `OPTIONAL` or `ON`). Put it inside [`Authenticated`](super::Authenticated);
/// the hosted page shows it when `authenticator.totp_setup` is `true`.
#[component]
pub fn TotpSetup(
    /// The same options as the [`Authenticator`]'s (`password_auth` and the
    /// `setup_totp` field settings are used).
    #[prop(optional)]
    options: AuthenticatorOptions,
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
) -> impl IntoView {
    let auth = use_auth();
    let api = auth
        .browser_client()
        .and_then(|c| CognitoApi::new(c, PasswordAuth::Srp));
    // Without a `cognito` user pool there is nothing to offer.
    let available = api.is_some();
    let flow = Flow::provide(auth, api, Route::Account, options);
    let done = RwSignal::new(false);
    let class = move || match class.get() {
        Some(c) if !c.is_empty() => format!("lha-auth lha-auth--account {c}"),
        _ => "lha-auth lha-auth--account".to_owned(),
    };
    // The session's access token, renewed first when due; a sign-out
    // meanwhile is reported like any other failure.
    let access_token = move || async move {
        flow.auth
            .get_access_token()
            .await
            .map(AccessToken::new)
            .map_err(|e| AuthFailure {
                code: "signed_out".into(),
                message: e.to_string(),
                provider_error: None,
            })
    };
    let start = move || {
        flow.run(move |api| async move {
            match access_token().await {
                Ok(token) => {
                    let association = api.associate_totp_signed_in(&token).await?;
                    flow.go(Route::SetupTotpSignedIn(association));
                }
                Err(failure) => flow.error.set(Some(failure)),
            }
            Ok(())
        });
    };
    let screen = move || match flow.route.get() {
        Route::SetupTotpSignedIn(association) => {
            let account = flow
                .auth
                .user()
                .get_untracked()
                .map(|u| u.display_name().to_owned())
                .unwrap_or_default();
            let cancel = link(text(|t| t.cancel.clone()), "cancel", move || {
                flow.go(Route::Account)
            });
            let on_code = move |code: String| {
                flow.run(move |api| async move {
                    match access_token().await {
                        Ok(token) => {
                            api.enable_totp(&token, &code).await?;
                            done.set(true);
                            flow.notice
                                .set(Some(flow.texts.get_untracked().totp_enabled));
                            flow.go(Route::Account);
                        }
                        Err(failure) => flow.error.set(Some(failure)),
                    }
                    Ok(())
                });
            };
            totp_form(&association, &account, on_code, cancel)
        }
        _ => view! {
            {move || flow.notice.get().map(|n| view! {
                <p class="lha-notice" role="status" data-lha-notice="">{n}</p>
            })}
            {move || flow.error.get().map(|e| view! {
                <div class="lha-error" role="alert" data-lha-error-code=e.code.clone()>
                    <p class="lha-error__message">{e.message.clone()}</p>
                </div>
            })}
            {move || (available && !done.get()).then(|| view! {
                <button
                    type="button"
                    class="lha-button lha-button--secondary lha-auth__setup-totp"
                    data-lha-action="setup-totp"
                    aria-busy=move || flow.busy.get().to_string()
                    disabled=move || flow.busy.get()
                    on:click=move |_| start()
                >
                    {move || flow.texts.get().setup_totp_action}
                </button>
            })}
        }
        .into_any(),
    };
    view! {
        <div class=class data-lha-route=move || flow.route.with(Route::name)>
            {screen}
        </div>
    }
}

/// "We sent a code to a***@e***." in the catalog's words.
fn describe_delivery(d: &crate::core::cognito::CodeDelivery, t: crate::theme::Texts) -> String {
    match &d.destination {
        Some(dest) => format!("{} {dest}.", t.code_sent_to),
        None => t.code_resent,
    }
}

#[cfg(test)]
mod tests {
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
        .map(|(n, order)| {
            FieldLayout::new(o.field("sign_up", n), n, n.into(), "text", "off", order)
        })
        .collect();
        sort_by_order(&mut fields, |f| f.order);
        let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["name", "username", "custom:team", "password"]);
    }
}
