//! Use cases: what the service does, in domain terms, on a database connection. Handlers
//! call these inside their one blocking database call; nothing here knows about HTTP.

pub mod accounts;
pub mod audit;
pub mod context;
pub mod sessions;
pub mod teams;
pub mod wijken;

pub use context::AppContext;
