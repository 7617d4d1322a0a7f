//! Closed sets of values that travel as snake_case text: in JSON, in query strings and in
//! database columns. Each is declared once with [`text_enum!`]; the variant list, the text
//! of each variant, `parse`, `as_str`, serde and the list the OpenAPI document and the
//! database `CHECK` constraints are written from all come from that one declaration.

/// Declares an enum whose variants are written as the given texts.
///
/// The macro derives `Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize`; pass
/// further derives (`Default`, `PartialOrd`, `Ord`) as attributes. It adds `ALL` (the
/// variants in declaration order), `as_str`, `parse`, `Display` and `FromStr`.
#[macro_export]
macro_rules! text_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $text:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ::serde::Serialize, ::serde::Deserialize)]
        $vis enum $name {
            $( $(#[$variant_meta])* #[serde(rename = $text)] $variant ),+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The value's text, as the API and the database write it.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $text),+
                }
            }

            /// The value a text names, if any.
            pub fn parse(text: &str) -> Option<Self> {
                match text {
                    $($text => Some(Self::$variant),)+
                    _ => None,
                }
            }

            /// Every value's text, in declaration order.
            pub fn texts() -> impl Iterator<Item = &'static str> {
                Self::ALL.iter().map(|v| v.as_str())
            }
        }

        impl $crate::text_enum::TextEnum for $name {
            const ALL: &'static [Self] = Self::ALL;

            fn as_str(self) -> &'static str {
                Self::as_str(self)
            }

            fn parse(text: &str) -> Option<Self> {
                Self::parse(text)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::text_enum::UnknownText;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::parse(text).ok_or_else(|| $crate::text_enum::UnknownText {
                    kind: stringify!($name),
                    text: text.chars().take(40).collect(),
                })
            }
        }
    };
}

/// Implements `utoipa::ToSchema` for a [`text_enum!`] type: a string schema whose `enum` is
/// the type's texts. Kept apart from the declaration so the matching engine's vocabulary
/// carries no API concern; `domain` writes the schemas of the engine's types.
#[macro_export]
macro_rules! text_enum_schema {
    ($($name:ty),+ $(,)?) => {
        $(
            impl ::utoipa::PartialSchema for $name {
                fn schema() -> ::utoipa::openapi::RefOr<::utoipa::openapi::schema::Schema> {
                    ::utoipa::openapi::schema::ObjectBuilder::new()
                        .schema_type(::utoipa::openapi::schema::Type::String)
                        .enum_values(Some(<$name>::texts()))
                        .into()
                }
            }

            impl ::utoipa::ToSchema for $name {}
        )+
    };
}

/// What every [`text_enum!`] type offers, for code generic over them (input parsing, column
/// codecs, schemas).
pub trait TextEnum: Sized + Copy + 'static {
    const ALL: &'static [Self];
    fn as_str(self) -> &'static str;
    fn parse(text: &str) -> Option<Self>;
}

/// A text that names no value of a [`text_enum!`] type.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a {kind}")]
pub struct UnknownText {
    pub kind: &'static str,
    /// The first 40 characters of the text, enough to recognise it in a log.
    pub text: String,
}

#[cfg(test)]
mod tests {
    text_enum! {
        #[derive(Default, PartialOrd, Ord)]
        enum Sample {
            First = "first",
            #[default]
            SecondOne = "second_one",
        }
    }

    #[test]
    fn every_value_round_trips_through_its_text_and_json() {
        for value in Sample::ALL {
            assert_eq!(Sample::parse(value.as_str()), Some(*value));
            assert_eq!(value.as_str().parse::<Sample>(), Ok(*value));
            let json = serde_json::to_string(value).unwrap_or_default();
            assert_eq!(json, format!("\"{value}\""));
            assert_eq!(serde_json::from_str::<Sample>(&json).ok(), Some(*value));
        }
        assert_eq!(Sample::texts().collect::<Vec<_>>(), ["first", "second_one"]);
        assert_eq!(Sample::default(), Sample::SecondOne);
        assert!(Sample::First < Sample::SecondOne);
    }

    #[test]
    fn unknown_text_is_refused_and_named() {
        assert_eq!(Sample::parse("First"), None);
        let err = "third".parse::<Sample>().err().map(|e| e.to_string());
        assert_eq!(err.as_deref(), Some("`third` is not a Sample"));
        assert!(serde_json::from_str::<Sample>("\"third\"").is_err());
    }
}
