//! Support requests: filed by team workers for residents, by coordinators for their
//! initiative, or by admins. Each has a public face and a private part about the resident.
//!
//! - [`input`]: the bodies a client sends and the domain values they parse into;
//! - [`views`]: what a caller reads, the public face and the full view;
//! - [`projection`]: who sees which view, and the audit of every private part shown;
//! - [`commands`]: the use cases.

pub mod commands;
pub mod input;
pub mod projection;
pub mod views;

pub use commands::*;
pub use input::{NewRequest, NewRequestInput, PrivateInput, RequestChange, RequestPatch};
pub use projection::{MATCHED_ACCESS_DAYS, Projection, Relation, present, projection, visible};
pub use views::{FullRequestView, PrivateView, PublicRequestView, RequestView, public_face};

pub use crate::domain::schedule::ScheduleInput;

/// The audit log's name for a request.
pub const SUBJECT: &str = "request";
/// The cursor kind of the request list.
pub const LIST_KIND: &str = "requests";
