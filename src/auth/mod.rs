//! Authentication mechanics: password hashing, tokens bound to server-side sessions, the
//! signing key, and throttling of logins and registrations.

pub mod hashing;
pub mod keys;
pub mod throttle;
pub mod tokens;
