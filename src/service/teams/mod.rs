//! WIJ-teams and their contacts. Anyone reads a team and its contacts' public fields;
//! admins manage teams; a team's own workers edit its details (not its coverage) and
//! its contacts.
//!
//! - [`input`]: the bodies a client sends and the domain values they parse into;
//! - [`commands`]: the views and the use cases.

pub mod commands;
pub mod input;

pub use commands::*;
pub use input::{
    ContactChange, ContactInput, ContactPatch, NewContact, NewTeam, NewTeamInput, TeamChange,
    TeamPatch,
};
