//! `NEW_PASSWORD_REQUIRED`: a new password, with the attributes the pool
//! requires.

use leptos::prelude::*;

use super::flow::{back_link, text, Flow};
use super::form::{attribute_defaults, checklist_for, FieldSpec, Screen};
use crate::browser::cognito::{ChallengeAnswer, PendingChallenge};
use crate::core::cognito::UserAttribute;
use crate::core::Password;
use crate::ui::theme_provider::use_texts;

/// A new password, and a field for each of `required_attributes`.
pub(super) fn new_password_view(
    flow: Flow,
    pending: PendingChallenge,
    required_attributes: Vec<String>,
) -> AnyView {
    let texts = use_texts().get_untracked();
    let back = back_link(flow);
    let stored = StoredValue::new_local(pending);
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
            .map(|(n, v)| UserAttribute::new(n.clone(), v.get_untracked().trim().to_owned()))
            .collect();
        flow.answer_challenge(
            stored,
            ChallengeAnswer::NewPassword(Password::new(pw.get_untracked()), values),
        );
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
