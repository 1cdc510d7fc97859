//! Reading the catalog-like structs ([`Texts`](super::Texts),
//! [`Palette`](super::Palette), [`Shape`](super::Shape)) from configuration:
//! a JSON object of strings laid over defaults, unknown keys refused.
//!
//! Written by hand rather than derived: serde's derive also generates the
//! sequence form and a field enum with its own visitor for every struct, which
//! came to about 70 KB of the unoptimised wasm for structs that are only ever
//! read from objects (measured with `twiggy top`). Here one small visitor per
//! struct calls a match on the key.

use std::fmt;

use serde::de::{self, MapAccess, Visitor};

/// A struct whose fields are all strings with defaults.
pub(crate) trait StringFields: Sized {
    /// Every key, in declaration order (for error messages).
    const FIELDS: &'static [&'static str];

    /// Sets the field `key`; `false` if there is none.
    fn set(&mut self, key: &str, value: String) -> bool;
}

/// Implements [`StringFields`] and `Deserialize` (an object over `$base`)
/// for a struct whose listed fields are all `String`s.
macro_rules! string_fields {
    ($ty:ident, $base:expr, { $( $field:ident ),* $(,)? }) => {
        impl $crate::theme::fields::StringFields for $ty {
            const FIELDS: &'static [&'static str] = &[ $( stringify!($field), )* ];

            fn set(&mut self, key: &str, value: String) -> bool {
                match key {
                    $( stringify!($field) => self.$field = value, )*
                    _ => return false,
                }
                true
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                $crate::theme::fields::overlay(deserializer, $base)
            }
        }
    };
}
pub(crate) use string_fields;

/// Deserialises an object of strings over `base`: keys present replace their
/// field, keys left out keep `base`'s value, an unknown key is an error that
/// names it (and what was expected), a value that is not a string too.
pub(crate) fn overlay<'de, D, T>(deserializer: D, base: T) -> Result<T, D::Error>
where
    D: de::Deserializer<'de>,
    T: StringFields,
{
    deserializer.deserialize_map(Overlay(base))
}

struct Overlay<T>(T);

impl<'de, T: StringFields> Visitor<'de> for Overlay<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object whose values are strings")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<T, A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            if !T::FIELDS.contains(&key.as_str()) {
                return Err(de::Error::unknown_field(&key, T::FIELDS));
            }
            let value: String = map.next_value()?;
            // Cannot fail: the key was just found in FIELDS, which the
            // implementations generate from the same list as `set`.
            let _ = self.0.set(&key, value);
        }
        Ok(self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Pair {
        a: String,
        b: String,
    }

    impl StringFields for Pair {
        const FIELDS: &'static [&'static str] = &["a", "b"];
        fn set(&mut self, key: &str, value: String) -> bool {
            match key {
                "a" => self.a = value,
                "b" => self.b = value,
                _ => return false,
            }
            true
        }
    }

    fn base() -> Pair {
        Pair {
            a: "A".into(),
            b: "B".into(),
        }
    }

    #[test]
    fn keys_present_replace_the_others_stay() {
        assert_eq!(
            overlay(&json!({"b": "x"}), base()).unwrap(),
            Pair {
                a: "A".into(),
                b: "x".into()
            }
        );
        assert_eq!(overlay(&json!({}), base()).unwrap(), base());
    }

    #[test]
    fn unknown_keys_wrong_types_and_non_objects_are_refused_in_words() {
        let e = overlay(&json!({"c": "x"}), base()).unwrap_err().to_string();
        assert!(e.contains("unknown field `c`") && e.contains("`a`"), "{e}");
        let e = overlay(&json!({"a": 1}), base()).unwrap_err().to_string();
        assert!(e.contains("invalid type"), "{e}");
        for not_an_object in [json!(["A", "B"]), json!("a"), json!(null)] {
            assert!(overlay(&not_an_object, base()).is_err(), "{not_an_object}");
        }
    }
}
