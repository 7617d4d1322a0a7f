//! wijkmatch
