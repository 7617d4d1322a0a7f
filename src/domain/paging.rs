//! Cursor paging. A cursor names the last item of a page by its sort key and is signed,
//! so a client cannot forge one (a forged or foreign cursor is a 400, never a 500).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, KeyInit, Mac};
use serde::Serialize;
use sha2::Sha256;

use crate::error::AppError;
use crate::i18n::FieldText;

pub const DEFAULT_LIMIT: u32 = 50;
pub const MAX_LIMIT: u32 = 200;

/// A validated page request: how many, and after which key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub limit: u32,
    pub after: Option<Vec<String>>,
}

impl PageRequest {
    /// Parse `?limit=` (1–200, default `default_limit`) and `?cursor=` for list `kind`.
    pub fn parse(
        codec: &CursorCodec,
        kind: &str,
        limit: Option<&str>,
        cursor: Option<&str>,
        default_limit: u32,
    ) -> Result<Self, AppError> {
        let limit = match limit {
            None => default_limit,
            Some(raw) => match raw.parse::<u32>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(AppError::field(
                        "limit",
                        FieldText::WholeNumberFrom1 { max: MAX_LIMIT },
                    ));
                }
            },
        };
        let after = cursor.map(|c| codec.decode(kind, c)).transpose()?;
        Ok(Self { limit, after })
    }

    /// One more than the limit: fetching it tells whether there is a next page.
    pub fn fetch_limit(&self) -> i64 {
        i64::from(self.limit) + 1
    }
}

/// One page of a collection, as every collection endpoint answers it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Build a page from up to `limit + 1` rows; `key` gives the sort key of an item.
    pub fn from_rows(
        mut rows: Vec<T>,
        request: &PageRequest,
        codec: &CursorCodec,
        kind: &str,
        key: impl Fn(&T) -> Vec<String>,
    ) -> Self {
        let limit = request.limit as usize;
        let next_cursor = if rows.len() > limit {
            rows.truncate(limit);
            rows.last().map(|last| codec.encode(kind, &key(last)))
        } else {
            None
        };
        Self {
            items: rows,
            next_cursor,
        }
    }

    /// A ranked or complete collection: capped by the limit, never a next page.
    pub fn ranked(mut items: Vec<T>, limit: u32) -> Self {
        items.truncate(limit as usize);
        Self {
            items,
            next_cursor: None,
        }
    }

    /// A page of a complete list ordered by a unique key (a wijk code): the cursor names the
    /// last key shown.
    pub fn of_keyed_list(
        all: Vec<T>,
        request: &PageRequest,
        codec: &CursorCodec,
        kind: &str,
        key: impl Fn(&T) -> String,
    ) -> Result<Self, AppError> {
        let start = match request.after.as_deref() {
            None => 0,
            Some([last]) => all
                .iter()
                .position(|item| &key(item) == last)
                .map_or(all.len(), |i| i + 1),
            Some(_) => return Err(AppError::field("cursor", FieldText::Cursor)),
        };
        let rest: Vec<T> = all
            .into_iter()
            .skip(start)
            .take(request.fetch_limit() as usize)
            .collect();
        Ok(Self::from_rows(rest, request, codec, kind, |item| {
            vec![key(item)]
        }))
    }

    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next_cursor: self.next_cursor,
        }
    }
}

/// Signs and checks cursors with a key derived from the server's secret.
#[derive(Clone)]
pub struct CursorCodec {
    key: Vec<u8>,
}

const TAG_BYTES: usize = 16;

impl CursorCodec {
    pub fn new(secret: &[u8]) -> Self {
        // A separate key for cursors, so a cursor tag is never usable as anything else.
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(secret)
            .unwrap_or_else(|_| unreachable_hmac());
        mac.update(b"wijkmatch cursor key v1");
        Self {
            key: mac.finalize().into_bytes().to_vec(),
        }
    }

    fn tag(&self, payload: &[u8]) -> Vec<u8> {
        let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(&self.key)
            .unwrap_or_else(|_| unreachable_hmac());
        mac.update(payload);
        mac.finalize().into_bytes()[..TAG_BYTES].to_vec()
    }

    pub fn encode(&self, kind: &str, parts: &[String]) -> String {
        let payload = serde_json::json!([kind, parts]).to_string();
        let mut bytes = payload.into_bytes();
        let tag = self.tag(&bytes);
        bytes.extend_from_slice(&tag);
        URL_SAFE_NO_PAD.encode(bytes)
    }

    pub fn decode(&self, kind: &str, cursor: &str) -> Result<Vec<String>, AppError> {
        let bad = || AppError::field("cursor", FieldText::Cursor);
        let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| bad())?;
        if bytes.len() <= TAG_BYTES {
            return Err(bad());
        }
        let (payload, tag) = bytes.split_at(bytes.len() - TAG_BYTES);
        let expected = self.tag(payload);
        if !constant_time_eq(&expected, tag) {
            return Err(bad());
        }
        let (found_kind, parts): (String, Vec<String>) =
            serde_json::from_slice(payload).map_err(|_| bad())?;
        if found_kind != kind {
            return Err(bad());
        }
        Ok(parts)
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

// HMAC accepts keys of any length; this cannot happen.
fn unreachable_hmac<T>() -> T {
    unreachable!("HMAC-SHA256 accepts keys of any length")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codec() -> CursorCodec {
        CursorCodec::new(b"0123456789abcdef0123456789abcdef")
    }

    #[test]
    fn a_keyed_list_pages_without_gaps_or_repeats() {
        let c = codec();
        let all: Vec<String> = (0..7).map(|i| format!("WK{i:02}")).collect();
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let req = PageRequest::parse(&c, "k", Some("3"), cursor.as_deref(), 50).unwrap();
            let page = Page::of_keyed_list(all.clone(), &req, &c, "k", Clone::clone).unwrap();
            seen.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, all);
        // A cursor of the right kind but the wrong shape is refused, not a panic.
        let odd = c.encode("k", &["a".into(), "b".into()]);
        let req = PageRequest::parse(&c, "k", None, Some(&odd), 50).unwrap();
        assert!(Page::of_keyed_list(all, &req, &c, "k", Clone::clone).is_err());
    }

    #[test]
    fn cursors_round_trip_and_resist_forgery() {
        let c = codec();
        let parts = vec!["2026-11-30T10:00:00Z".to_string(), "abc".to_string()];
        let cursor = c.encode("users", &parts);
        assert_eq!(c.decode("users", &cursor).unwrap(), parts);
        assert!(
            c.decode("teams", &cursor).is_err(),
            "a cursor of another list"
        );
        let other = CursorCodec::new(b"another secret of thirty-two byt");
        assert!(other.decode("users", &cursor).is_err(), "another key");
        let mut forged = cursor.clone();
        forged.replace_range(0..1, if cursor.starts_with('A') { "B" } else { "A" });
        assert!(c.decode("users", &forged).is_err());
        assert!(c.decode("users", "").is_err());
        assert!(c.decode("users", "!!!").is_err());
    }

    #[test]
    fn limits_are_checked() {
        let c = codec();
        let p = |l| PageRequest::parse(&c, "k", l, None, DEFAULT_LIMIT);
        assert_eq!(p(None).unwrap().limit, 50);
        assert_eq!(p(Some("1")).unwrap().limit, 1);
        assert_eq!(p(Some("200")).unwrap().limit, 200);
        for bad in ["0", "201", "-1", "abc", "1.5", ""] {
            assert!(p(Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn pages_know_whether_more_follows() {
        let c = codec();
        let req = PageRequest {
            limit: 2,
            after: None,
        };
        let page = Page::from_rows(vec![1, 2, 3], &req, &c, "n", |n| vec![n.to_string()]);
        assert_eq!(page.items, vec![1, 2]);
        let next = page.next_cursor.unwrap();
        assert_eq!(c.decode("n", &next).unwrap(), vec!["2".to_string()]);
        let last = Page::from_rows(vec![3], &req, &c, "n", |n| vec![n.to_string()]);
        assert!(last.next_cursor.is_none());
    }
}
