//! Use cases: what the service does, in domain terms, on a database connection. Handlers
//! call these inside their one blocking database call; nothing here knows about HTTP.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod changes;
pub mod context;
pub mod engine;
pub mod geojson;
pub mod hours;
pub mod housekeeping;
pub mod initiatives;
pub mod key_figures;
pub mod live;
pub mod matches;
pub mod notify;
pub mod offers;
pub mod outbox;
pub mod partners;
pub mod password_reset;
pub mod requests;
pub mod run_lock;
pub mod runs;
pub mod sessions;
pub mod social_map;
pub mod stats;
pub mod suggestions;
pub mod teams;
pub mod upgrades;
pub mod usage;
pub mod volunteers;
pub mod wijken;

pub use context::AppContext;
