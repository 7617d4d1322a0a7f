//! Key figures: people who connect a street by themselves. Recorded by team workers and
//! admins with the person's consent; `team_only` (the default) ones are invisible to
//! everyone else; contact details only ever go to team workers and admins. Withdrawing
//! consent deletes the record and its partner links.
//!
//! - [`input`]: the bodies a client sends and the domain values they parse into;
//! - [`commands`]: the views and the use cases.

pub mod commands;
pub mod input;

pub use commands::*;
pub use input::{Consent, KeyFigureChange, KeyFigureInput, KeyFigurePatch, NewKeyFigure};

pub use crate::domain::kinds::Visibility;
