//! Volunteer profiles. A volunteer manages their own; team workers and admins read public
//! profiles (no email, location rounded to the home wijk); other volunteers see none.
//!
//! - [`input`]: the profile a volunteer sends and the domain value it parses into;
//! - [`views`]: the volunteer's own view and the public one;
//! - [`commands`]: the use cases.

pub mod commands;
pub mod input;
pub mod views;

pub use commands::*;
pub use input::{ProfileInput, VolunteerProfile};
pub use views::{AnyProfileView, ProfileView, PublicProfileView};
