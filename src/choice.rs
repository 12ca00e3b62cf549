//! Closed sets a user picks one value from (a sort order, a facet, an output format), each named
//! once: [`Choice`] lists a type's values with their names and help lines, and the command line,
//! the server and help texts all read that list. No argument parser here: `cli.rs` hands these
//! names to the command line's parser, which stays at the edge.

/// A type whose values a user names, as in `sort=newest` or `--format json`.
pub trait Choice: Copy + 'static {
    /// Every value, in the order help and errors list them.
    const ALL: &'static [Self];

    /// The name a user writes (the value's serde name too, where it has one).
    fn name(self) -> &'static str;

    /// One line of help, where the name does not say enough.
    fn help(self) -> Option<&'static str>;

    /// Every name, in the order of [`Choice::ALL`].
    fn names() -> impl Iterator<Item = &'static str> {
        Self::ALL.iter().map(|value| value.name())
    }

    /// The value named `text`, in any ASCII case (`NEWEST` is `newest`).
    fn from_name(text: &str) -> Result<Self, UnknownChoice> {
        Self::ALL
            .iter()
            .copied()
            .find(|value| value.name().eq_ignore_ascii_case(text))
            .ok_or_else(|| UnknownChoice {
                value: text.to_string(),
                names: Self::names().collect(),
            })
    }
}

/// A name that is none of the choices; the caller puts the parameter's name in front.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("must be one of {}, not '{value}'", names.join(", "))]
pub struct UnknownChoice {
    pub value: String,
    pub names: Vec<&'static str>,
}

/// `impl Choice` for an enum of unit variants: each variant with its name and, in brackets,
/// an optional help line (`Week = "week" ("Weeks from Monday")`).
macro_rules! choices {
    ($ty:ident { $($variant:ident = $name:literal $(($help:literal))?),+ $(,)? }) => {
        impl $crate::choice::Choice for $ty {
            const ALL: &'static [$ty] = &[$($ty::$variant),+];

            fn name(self) -> &'static str {
                match self {
                    $($ty::$variant => $name),+
                }
            }

            fn help(self) -> Option<&'static str> {
                match self {
                    $($ty::$variant => $crate::choice::choices!(@help $($help)?)),+
                }
            }
        }
    };
    (@help) => { None };
    (@help $help:literal) => { Some($help) };
}
pub(crate) use choices;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Shade {
        Light,
        Dark,
    }
    choices!(Shade { Light = "light", Dark = "dark" ("Less light") });

    #[test]
    fn names_parse_back_in_any_case_and_others_list_the_choices() {
        assert_eq!(Shade::names().collect::<Vec<_>>(), ["light", "dark"]);
        assert_eq!(Shade::from_name("dark"), Ok(Shade::Dark));
        assert_eq!(Shade::from_name("LIGHT"), Ok(Shade::Light));
        assert_eq!(
            (Shade::Light.help(), Shade::Dark.help()),
            (None, Some("Less light"))
        );
        let error = Shade::from_name("grey").unwrap_err();
        assert_eq!(error.to_string(), "must be one of light, dark, not 'grey'");
    }
}
