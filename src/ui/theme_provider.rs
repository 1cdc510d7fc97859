//! Writes a [`Theme`] out as `--lha-*` custom properties and provides the
//! [`Texts`] catalog.

use leptos::prelude::*;

use crate::theme::{Texts, Theme};

#[derive(Clone, Copy)]
struct TextsContext(Signal<Texts>);

/// The message catalog of the nearest [`ThemeProvider`], or the English
/// defaults.
pub fn use_texts() -> Signal<Texts> {
    use_context::<TextsContext>()
        .map(|t| t.0)
        .unwrap_or_else(|| Signal::stored(Texts::default()))
}

/// Sets every token of `theme` as a custom property on `element`. The
/// properties are set through the CSSOM (`style.setProperty`), which a strict
/// Content-Security-Policy allows, unlike a `<style>` element.
pub fn apply_theme(element: &web_sys::HtmlElement, theme: &Theme) {
    let style = element.style();
    for (name, value) in theme.css_properties() {
        // setProperty only throws on a read-only declaration; an element's
        // inline style is never read-only, and a refused token just keeps
        // the CSS default.
        let _ = style.set_property(&name, &value);
    }
}

/// Wraps its children in a `div.lha-theme` carrying the theme's custom
/// properties, and provides the texts to the components inside.
#[component]
pub fn ThemeProvider(
    /// The design tokens.
    #[prop(optional, into)]
    theme: Signal<Theme>,
    /// The words.
    #[prop(optional, into)]
    texts: Signal<Texts>,
    /// Extra classes.
    #[prop(optional, into)]
    class: MaybeProp<String>,
    /// The themed content.
    children: Children,
) -> impl IntoView {
    provide_context(TextsContext(texts));
    let node = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let theme = theme.get();
        if let Some(el) = node.get() {
            apply_theme(&el, &theme);
        }
    });
    let class = move || match class.get() {
        Some(c) if !c.is_empty() => format!("lha-theme {c}"),
        _ => "lha-theme".to_owned(),
    };
    view! {
        <div class=class node_ref=node>
            {children()}
        </div>
    }
}
