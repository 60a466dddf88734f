//! How a template value is declared. One list of fields gives both the struct, which derives
//! `Serialize`, and its `FIELDS`: the names templates see, in the order they see them (Tera is
//! built with `preserve_order`, so `{% for key, value in page %}` and `json_encode` show that
//! order). Code that reasons about field names, such as the usage analysis, reads `FIELDS`, so
//! a field added to a value is known to it at once.

/// Declares a template value: the struct, deriving `Serialize`, and its `FIELDS`. A field's
/// name is its name in templates; serde attributes that rename, skip or flatten fields would
/// break that (the values' tests compare `FIELDS` with what serializes).
macro_rules! template_value {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident $(<$lt:lifetime>)? {
            $( $(#[$field_meta:meta])* $field_vis:vis $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, serde::Serialize)]
        $vis struct $name $(<$lt>)? {
            $( $(#[$field_meta])* $field_vis $field: $ty, )*
        }

        impl $(<$lt>)? $name $(<$lt>)? {
            /// The names of the fields templates see, in their order (the usage analysis
            /// reads those of pages; the tests check every one against what is serialized).
            #[allow(dead_code)]
            pub(crate) const FIELDS: &'static [&'static str] = &[$(stringify!($field)),*];
        }
    };
}
