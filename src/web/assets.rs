//! The one stylesheet, compiled into the binary and served under a name that holds a hash
//! of its content, so browsers may keep it for a year: a changed stylesheet has a new name.

use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

const STYLESHEET: &str = include_str!("../../static/site.css");

static STYLESHEET_PATH: LazyLock<String> = LazyLock::new(|| {
    let digest = Sha256::digest(STYLESHEET.as_bytes());
    let hash: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
    format!("/static/site-{hash}.css")
});

/// Where pages link the stylesheet.
pub fn stylesheet_path() -> &'static str {
    &STYLESHEET_PATH
}

pub async fn serve(req: HttpRequest, name: web::Path<String>) -> HttpResponse {
    if format!("/static/{name}") != *STYLESHEET_PATH {
        return super::not_found(req).await;
    }
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(STYLESHEET)
}
