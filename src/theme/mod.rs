//! Design tokens and message catalogs.
//!
//! A [`Theme`] is data: a light and a dark [`Palette`] plus [`Shape`] tokens. It
//! is written out as `--lha-*` CSS custom properties ([`Theme::css_properties`]),
//! and every rule in `style/lha.css` reads only those properties. Colours are
//! emitted as `light-dark(<light>, <dark>)`, so the `color-scheme` property
//! ([`ColorScheme`]) picks the palette: `auto` follows `prefers-color-scheme`,
//! `light` and `dark` force one.
//!
//! The hosted page reads the same tokens from the `theme` key of its
//! `config.json` ([`Theme::from_json`]); unknown keys are refused so a typo does
//! not silently fall back to a default.

mod fields;
mod texts;

pub use texts::Texts;

#[cfg(test)]
use fields::StringFields;
use fields::{overlay, string_fields};

use serde::Deserialize;

/// Which palette applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorScheme {
    /// Follow the user's `prefers-color-scheme`.
    #[default]
    Auto,
    /// Always the light palette.
    Light,
    /// Always the dark palette.
    Dark,
}

impl ColorScheme {
    /// The value of the CSS `color-scheme` property.
    pub fn css_value(self) -> &'static str {
        match self {
            ColorScheme::Auto => "light dark",
            ColorScheme::Light => "light",
            ColorScheme::Dark => "dark",
        }
    }
}

macro_rules! palette {
    ($( $(#[$doc:meta])* $field:ident => $css:literal, light $light:literal, dark $dark:literal; )*) => {
        /// The colours of one scheme. Every value is any CSS colour.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub struct Palette {
            $( $(#[$doc])* pub $field: String, )*
        }

        // An object of colours over the default light palette (the theme's
        // `dark` key starts from the dark one instead).
        string_fields!(Palette, Palette::light(), { $( $field ),* });

        impl Palette {
            /// The default light palette.
            pub fn light() -> Self {
                Self { $( $field: $light.to_owned(), )* }
            }

            /// The default dark palette.
            pub fn dark() -> Self {
                Self { $( $field: $dark.to_owned(), )* }
            }

            fn pairs<'a>(light: &'a Palette, dark: &'a Palette) -> Vec<(&'static str, &'a str, &'a str)> {
                vec![ $( ($css, light.$field.as_str(), dark.$field.as_str()), )* ]
            }
        }
    };
}

palette! {
    /// Page background behind the card.
    background => "--lha-color-background", light "#f3f4f6", dark "#0f1115";
    /// Card and input background.
    surface => "--lha-color-surface", light "#ffffff", dark "#1a1d24";
    /// Main text.
    text => "--lha-color-text", light "#111827", dark "#e5e7eb";
    /// Secondary text.
    text_muted => "--lha-color-text-muted", light "#4b5563", dark "#9ca3af";
    /// Borders and dividers.
    border => "--lha-color-border", light "#d1d5db", dark "#374151";
    /// Primary buttons and links.
    primary => "--lha-color-primary", light "#1d4ed8", dark "#60a5fa";
    /// Text on primary buttons.
    on_primary => "--lha-color-on-primary", light "#ffffff", dark "#0b1220";
    /// Primary buttons on hover.
    primary_hover => "--lha-color-primary-hover", light "#1e40af", dark "#93c5fd";
    /// Error text and borders.
    error => "--lha-color-error", light "#b91c1c", dark "#fca5a5";
    /// Background of error messages.
    error_surface => "--lha-color-error-surface", light "#fef2f2", dark "#2a1215";
    /// Focus ring.
    focus => "--lha-color-focus", light "#f59e0b", dark "#fbbf24";
}

impl Default for Palette {
    fn default() -> Self {
        Palette::light()
    }
}

/// Shape and typography tokens, shared by both schemes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Font stack.
    pub font_family: String,
    /// Base font size.
    pub font_size: String,
    /// Corner radius of cards.
    pub radius: String,
    /// Corner radius of buttons and inputs.
    pub control_radius: String,
    /// Base spacing unit.
    pub space: String,
    /// Maximum width of the card.
    pub card_width: String,
    /// Card shadow.
    pub shadow: String,
}

impl Default for Shape {
    fn default() -> Self {
        Shape {
            font_family: "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif".into(),
            font_size: "16px".into(),
            radius: "12px".into(),
            control_radius: "8px".into(),
            space: "8px".into(),
            card_width: "400px".into(),
            shadow: "0 1px 3px rgb(0 0 0 / 0.12), 0 8px 24px rgb(0 0 0 / 0.08)".into(),
        }
    }
}

// An object of shape tokens over the defaults.
string_fields!(Shape, Shape::default(), {
    font_family,
    font_size,
    radius,
    control_radius,
    space,
    card_width,
    shadow,
});

/// A complete theme: both palettes, the shape tokens, and which scheme applies.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Theme {
    /// `auto` (follow the system), `light` or `dark`.
    pub color_scheme: ColorScheme,
    /// Colours in the light scheme. Keys left out keep their default.
    #[serde(deserialize_with = "merge_light")]
    pub light: Palette,
    /// Colours in the dark scheme. Keys left out keep their default.
    #[serde(deserialize_with = "merge_dark")]
    pub dark: Palette,
    /// Shape and typography.
    pub shape: Shape,
    /// An optional logo (URL on the page's own origin, or a `data:` URL).
    pub logo_url: Option<String>,
}

impl Default for Theme {
    fn default() -> Self {
        Theme {
            color_scheme: ColorScheme::Auto,
            light: Palette::light(),
            dark: Palette::dark(),
            shape: Shape::default(),
            logo_url: None,
        }
    }
}

// Each palette starts from its own scheme's defaults, so partial overrides
// keep the other colours of that scheme.
fn merge_light<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Palette, D::Error> {
    overlay(d, Palette::light())
}

fn merge_dark<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Palette, D::Error> {
    overlay(d, Palette::dark())
}

/// Why a theme could not be read.
#[derive(Debug, thiserror::Error)]
#[error("the theme in the configuration is invalid: {0}")]
pub struct ThemeError(String);

impl Theme {
    /// Reads a theme from the JSON value of the config's `theme` key.
    pub fn from_json(value: &serde_json::Value) -> Result<Theme, ThemeError> {
        let theme = Theme::deserialize(value).map_err(|e| ThemeError(e.to_string()))?;
        theme.check()?;
        Ok(theme)
    }

    /// Refuses values that could break out of a CSS declaration.
    fn check(&self) -> Result<(), ThemeError> {
        for (name, value) in self.css_properties() {
            if value
                .chars()
                .any(|c| matches!(c, ';' | '{' | '}' | '<' | '>') || c.is_control())
            {
                return Err(ThemeError(format!(
                    "the value of {name} contains a character that is not allowed (; {{ }} < > or a control character)"
                )));
            }
        }
        Ok(())
    }

    /// Every token as a `(custom property, value)` pair, colours as
    /// `light-dark(<light>, <dark>)`.
    pub fn css_properties(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Palette::pairs(&self.light, &self.dark)
            .into_iter()
            .map(|(name, light, dark)| (name.to_owned(), format!("light-dark({light}, {dark})")))
            .collect();
        let s = &self.shape;
        for (name, value) in [
            ("--lha-font-family", &s.font_family),
            ("--lha-font-size", &s.font_size),
            ("--lha-radius", &s.radius),
            ("--lha-control-radius", &s.control_radius),
            ("--lha-space", &s.space),
            ("--lha-card-width", &s.card_width),
            ("--lha-shadow", &s.shadow),
        ] {
            out.push((name.to_owned(), value.clone()));
        }
        out.push((
            "color-scheme".to_owned(),
            self.color_scheme.css_value().to_owned(),
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn default_theme_writes_every_token_once() {
        let props = Theme::default().css_properties();
        let mut names: Vec<_> = props.iter().map(|(n, _)| n.clone()).collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "a token is written twice");
        let primary = props.iter().find(|(n, _)| n == "--lha-color-primary");
        assert_eq!(
            primary.map(|(_, v)| v.as_str()),
            Some("light-dark(#1d4ed8, #60a5fa)")
        );
        assert!(props.contains(&("color-scheme".into(), "light dark".into())));
    }

    #[test]
    fn partial_overrides_keep_the_other_defaults() {
        let theme = Theme::from_json(&json!({
            "color_scheme": "dark",
            "dark": { "primary": "rebeccapurple" },
            "shape": { "radius": "0" }
        }))
        .unwrap();
        assert_eq!(theme.dark.primary, "rebeccapurple");
        assert_eq!(theme.dark.surface, Palette::dark().surface);
        assert_eq!(theme.light, Palette::light());
        assert_eq!(theme.shape.radius, "0");
        assert_eq!(theme.shape.space, Shape::default().space);
        assert_eq!(theme.color_scheme, ColorScheme::Dark);
    }

    /// Each hand-written key list matches its `set` (a key missing from one
    /// of them would be refused or silently ignored).
    #[test]
    fn every_listed_key_can_be_set() {
        fn check<T: StringFields>(mut value: T) {
            for key in T::FIELDS {
                assert!(value.set(key, "x".into()), "{key}");
            }
            assert!(!value.set("no_such_key", "x".into()));
        }
        check(Shape::default());
        check(Palette::light());
        check(Texts::default());
        let all: serde_json::Map<String, serde_json::Value> = Shape::FIELDS
            .iter()
            .map(|k| ((*k).to_owned(), json!("1px")))
            .collect();
        let shape = Shape::deserialize(serde_json::Value::Object(all)).unwrap();
        assert_eq!(shape.font_family, "1px");
        assert_eq!(shape.shadow, "1px");
        assert_eq!(shape.card_width, "1px");
    }

    #[test]
    fn hostile_or_mistyped_themes_are_refused() {
        let cases = [
            // a typo in a top-level key
            json!({ "colour_scheme": "dark" }),
            // a typo in a colour token
            json!({ "light": { "primry": "red" } }),
            // CSS injection through a value
            json!({ "light": { "primary": "red; background: url(x)" } }),
            // markup injection through a value
            json!({ "shape": { "font_family": "</style><script>" } }),
            // an unknown scheme
            json!({ "color_scheme": "sepia" }),
        ];
        for case in cases {
            assert!(Theme::from_json(&case).is_err(), "accepted {case}");
        }
    }
}
