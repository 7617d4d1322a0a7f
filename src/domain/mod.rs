//! Domain types and rules: parsing at the edge into types that keep their invariants.
//! Nothing here knows about HTTP or SQL.

pub mod account;
pub mod alias;
pub mod changes;
pub mod codes;
pub mod geo;
pub mod id;
pub mod kinds;
pub mod notices;
pub mod paging;
pub mod password;
pub mod patch;
pub mod quantity;
pub mod roles;
pub mod schedule;
pub mod search;
pub mod status;
pub mod text;
pub mod themes;
pub mod validation;
pub mod vocabulary;
