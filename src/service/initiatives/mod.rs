//! Initiatives: owned by their coordinators. Anyone reads them; coordinators and admins
//! edit and delete them; a team worker who does not coordinate one cannot edit it.
//!
//! - [`input`]: the bodies a client sends and the domain values they parse into;
//! - [`commands`]: the views and the use cases;
//! - [`overview`]: what coordinators see of their initiatives at a glance.

pub mod commands;
pub mod input;
pub mod overview;

pub use commands::*;
pub use input::{
    CoordinatorInput, InitiativeChange, InitiativePatch, ListFilter, NewInitiative,
    NewInitiativeInput,
};
