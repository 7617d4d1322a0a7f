//! wijkmatch
pub mod matching;
