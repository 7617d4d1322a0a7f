//! Every human-readable text the service answers with, in Dutch and in English.
//!
//! The catalogue is typed: each message is a variant of [`Text`] (problem details), [`FieldText`]
//! (field errors, each with its stable [`ErrorCode`]) or [`Noun`] (what was not found), with
//! its parameters as fields, and one line per message holding both languages. The
//! [`messages!`] macro writes from that line one `match` per language, so a key used in code
//! always exists and a message without one of its translations does not compile. Both
//! translations are `format!` strings over the parameters: a placeholder that is not a
//! parameter does not compile, a parameter that neither uses is a warning (an error under
//! clippy), and a unit test renders every message to find a parameter one language leaves out.
//!
//! The language is decided once per request, from `Accept-Language`, at the edge (see
//! `api::language`); services that return text take a [`Lang`].

mod catalogue;
mod mail;
mod pages;

pub use catalogue::{FieldText, Noun, Reason, Text};
pub use mail::Mail;
pub use pages::Ui;

text_enum! {
    /// Why a field is invalid, as a stable code clients can translate themselves. The human
    /// message beside it comes from the catalogue, in the caller's language.
    pub enum ErrorCode {
        /// Missing, empty, or needed together with another field.
        Required = "required",
        TooShort = "too_short",
        TooLong = "too_long",
        /// A number, date or time outside its allowed range or order.
        OutOfRange = "out_of_range",
        /// Not a value of a closed set (a wijk code, a category, a status).
        UnknownCode = "unknown_code",
        /// Not the form asked for (an email address, a date, a UUID, a cursor).
        InvalidFormat = "invalid_format",
        /// A date that must not lie in the future.
        InTheFuture = "in_the_future",
        /// A date that must lie in the future.
        InThePast = "in_the_past",
        /// A list with more items than allowed.
        TooMany = "too_many",
        /// A password that is common, repetitive or predictable.
        TooCommon = "too_common",
        /// A password that contains the person's name or email name.
        TooSimilar = "too_similar",
        /// Control, bidirectional or only invisible characters.
        NotAllowedCharacters = "not_allowed_characters",
        /// A body field or query parameter the operation does not know.
        UnknownField = "unknown_field",
        /// An id that names no record.
        UnknownId = "unknown_id",
        /// A value that is well formed but wrong (the current password).
        Incorrect = "incorrect",
        /// A field whose presence depends on another one.
        InvalidCombination = "invalid_combination",
    }
}

text_enum_schema!(ErrorCode);

/// The languages of the catalogue. English is the default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Nl,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Nl];

    /// The language tag, as `Content-Language` writes it.
    pub const fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// The language an `Accept-Language` header prefers among the two offered: the range
    /// with the highest q-value whose primary subtag is `nl` or `en` (`nl-NL`, `nl-BE` count
    /// as `nl`); the first listed wins a tie; `q=0` refuses a language. Anything else, or no
    /// header, is English.
    pub fn negotiate(header: Option<&str>) -> Lang {
        Self::negotiate_or(header, Lang::En)
    }

    /// As [`Lang::negotiate`], with `fallback` when the header names neither language (the
    /// web pages are Dutch unless the browser prefers English).
    pub fn negotiate_or(header: Option<&str>, fallback: Lang) -> Lang {
        let Some(header) = header else {
            return fallback;
        };
        let mut best: Option<(Lang, u16)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let primary = tag.split('-').next().unwrap_or("");
            let lang = if primary.eq_ignore_ascii_case("nl") {
                Lang::Nl
            } else if primary.eq_ignore_ascii_case("en") {
                Lang::En
            } else {
                continue;
            };
            let mut q = 1000;
            for param in parts {
                if let Some((name, value)) = param.split_once('=') {
                    if name.trim().eq_ignore_ascii_case("q") {
                        q = parse_q(value.trim()).unwrap_or(0);
                    }
                }
            }
            if q > 0 && best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
        best.map_or(fallback, |(lang, _)| lang)
    }

    /// The language a tag names (`nl`, `en`), as the web pages' switch and cookie send it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        Self::ALL.into_iter().find(|l| l.tag() == tag)
    }
}

/// A q-value (`0`, `0.5`, `1.000`) in thousandths; `None` when malformed.
fn parse_q(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// A value a message shows, written for the reader's language.
pub trait Arg {
    fn show(&self, lang: Lang) -> String;
}

macro_rules! plain_arg {
    ($($t:ty),+) => {
        $(impl Arg for $t {
            fn show(&self, _: Lang) -> String {
                self.to_string()
            }
        })+
    };
}
plain_arg!(usize, u32, u64, i64, String, &'static str);

impl Arg for f64 {
    /// Decimals with a comma in Dutch.
    fn show(&self, lang: Lang) -> String {
        let text = self.to_string();
        match lang {
            Lang::En => text,
            Lang::Nl => text.replace('.', ","),
        }
    }
}

/// The allowed values of a closed set, for a message: `a, b or c` / `a, b of c`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Choices(pub Vec<&'static str>);

impl Choices {
    pub fn of<T: crate::text_enum::TextEnum>() -> Self {
        Self(T::ALL.iter().map(|v| v.as_str()).collect())
    }
}

impl Arg for Choices {
    fn show(&self, lang: Lang) -> String {
        let or = match lang {
            Lang::En => "or",
            Lang::Nl => "of",
        };
        match self.0.split_last() {
            Some((last, [])) => (*last).to_owned(),
            Some((last, rest)) => format!("{} {or} {last}", rest.join(", ")),
            None => String::new(),
        }
    }
}

/// Every message of a catalogue part with sample parameters, and each parameter's name and
/// how each language shows it.
#[cfg(test)]
pub type Samples<T> = Vec<(T, Vec<(&'static str, [String; 2])>)>;

/// A parameter value for the catalogue test: distinct enough to be found in a rendered text.
pub trait Sample {
    fn sample() -> Self;
}

macro_rules! sample {
    ($($t:ty = $v:expr),+ $(,)?) => {
        $(impl Sample for $t {
            fn sample() -> Self {
                $v
            }
        })+
    };
}
sample!(
    usize = 7301,
    u32 = 7302,
    u64 = 7303,
    i64 = 7304,
    f64 = 73.5,
    String = "«sample»".to_owned(),
    &'static str = "«word»",
    Choices = Choices(vec!["«one»", "«two»"]),
);

/// Declares one part of the catalogue: an enum whose variants are messages, each with its
/// parameters and its English and Dutch text, optionally with the error code it implies.
macro_rules! messages {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $(
                $variant:ident $({ $($arg:ident : $ty:ty),+ $(,)? })? $([$code:ident])?
                    => en: $en:literal, nl: $nl:literal;
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        pub enum $name {
            $( $variant $({ $($arg: $ty),+ })? ),+
        }

        impl $name {
            /// The message in `lang`.
            pub fn render(&self, lang: $crate::i18n::Lang) -> String {
                #[allow(unused_imports)]
                use $crate::i18n::Arg as _;
                match self {
                    $(
                        Self::$variant $({ $($arg),+ })? => {
                            $($( let $arg = $arg.show(lang); )+)?
                            match lang {
                                $crate::i18n::Lang::En => format!($en),
                                $crate::i18n::Lang::Nl => format!($nl),
                            }
                        }
                    )+
                }
            }

            /// The error code a field message implies, if it is one.
            #[allow(dead_code)]
            pub(crate) fn implied_code(&self) -> Option<$crate::i18n::ErrorCode> {
                match self {
                    $( Self::$variant { .. } => None $(.or(Some($crate::i18n::ErrorCode::$code)))? ),+
                }
            }

            /// Every message with sample parameters, and the parameters as each language
            /// shows them, for the catalogue's tests.
            #[cfg(test)]
            pub fn samples() -> $crate::i18n::Samples<Self> {
                #[allow(unused_imports)]
                use $crate::i18n::{Arg as _, Sample as _};
                vec![$(
                    (
                        Self::$variant $({ $($arg: <$ty>::sample()),+ })?,
                        vec![$($((
                            stringify!($arg),
                            [
                                <$ty>::sample().show($crate::i18n::Lang::En),
                                <$ty>::sample().show($crate::i18n::Lang::Nl),
                            ],
                        )),+)?],
                    )
                ),+]
            }

            /// The names of the messages, in declaration order.
            pub const KEYS: &'static [&'static str] = &[$(stringify!($variant)),+];
        }

        /// English, for logs and the command line.
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.render($crate::i18n::Lang::En))
            }
        }

        impl $crate::i18n::Arg for $name {
            fn show(&self, lang: $crate::i18n::Lang) -> String {
                self.render(lang)
            }
        }
    };
}
use messages;

impl FieldText {
    /// The stable code clients translate themselves.
    pub fn code(&self) -> ErrorCode {
        // Every field message declares its code; the catalogue test holds them to it.
        self.implied_code().unwrap_or(ErrorCode::InvalidFormat)
    }
}

impl Sample for Noun {
    fn sample() -> Self {
        Noun::Resource
    }
}

impl Sample for Reason {
    fn sample() -> Self {
        Reason::CategoryMismatch
    }
}

impl From<crate::matching::Infeasible> for Reason {
    fn from(rule: crate::matching::Infeasible) -> Self {
        use crate::matching::Infeasible as I;
        match rule {
            I::CategoryMismatch => Self::CategoryMismatch,
            I::OutOfReach => Self::OutOfReach,
            I::NoTimeOverlap => Self::NoTimeOverlap,
            I::WindowEnded => Self::WindowEnded,
            I::NoSharedLanguage => Self::NoSharedLanguage,
            I::ModeMismatch => Self::ModeMismatch,
            I::NoCapacity => Self::NoCapacity,
            I::OfferNotValid => Self::OfferNotValid,
            I::OwnRequest => Self::OwnRequest,
            I::PreviousMatch => Self::PreviousMatch,
            I::NotProposable => Self::NotProposable,
        }
    }
}

#[cfg(test)]
mod tests;
