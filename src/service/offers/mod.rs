//! Help offers: a volunteer's "I can help with this, there, then, this often", several per
//! volunteer, with their profile's values as defaults. Withdrawal and expiry cancel the
//! offer's pending matches; confirmed ones stay until completed or cancelled.
//!
//! - [`input`]: the bodies a volunteer sends and the domain values they parse into;
//! - [`views`]: what a caller reads;
//! - [`commands`]: the use cases.

pub mod commands;
pub mod input;
pub mod views;

pub use commands::*;
pub use input::{NewOffer, NewOfferInput, OfferChange, OfferPatch};
pub use views::{OfferView, status_at, view};

/// The audit log's name for an offer.
pub const SUBJECT: &str = "offer";
/// The cursor kind of the offer list.
pub const LIST_KIND: &str = "offers";
