//! Initiatives: owned by their coordinators. Anyone reads them; coordinators and admins
//! edit and delete them; a team worker who does not coordinate one cannot edit it.
//!
//! - [`input`]: the bodies a client sends and the domain values they parse into;
//! - [`commands`]: the views and the use cases.

pub mod commands;
pub mod input;

pub use commands::*;
pub use input::{
    CoordinatorInput, InitiativeChange, InitiativePatch, ListFilter, NewInitiative,
    NewInitiativeInput,
};
