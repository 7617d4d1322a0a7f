//! Authentication mechanics: password hashing, tokens bound to server-side sessions, the
//! signing key, throttling of logins and registrations, and the web forms' CSRF tokens.

pub mod csrf;
pub mod hashing;
pub mod keys;
pub mod reset;
pub mod throttle;
pub mod tokens;
