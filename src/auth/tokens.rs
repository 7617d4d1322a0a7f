//! Access tokens: HS256 JWTs whose `jti` names a server-side session row. The signature
//! and claims are checked here (microseconds, inline); the session row is checked in the
//! request's one database call.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};

const TOKEN_TYPE: &str = "at+jwt";
/// Clock skew tolerated on `exp`, `nbf` and `iat`: at most 30 s (jsonwebtoken's default of 60 is
/// looser than the 30 s vaultwarden uses).
pub const LEEWAY_SECS: u64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Claims {
    pub iss: String,
    pub aud: String,
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    /// The session id.
    pub jti: String,
}

#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    issuer: String,
    audience: String,
}

#[derive(Debug, thiserror::Error)]
pub enum TokenError {
    #[error("invalid token")]
    Invalid,
    #[error("token signing failed: {0}")]
    Signing(String),
}

impl TokenKeys {
    pub fn new(secret: &[u8], issuer: &str, audience: &str) -> Result<Self, TokenError> {
        let encoding =
            EncodingKey::from_secret(secret).map_err(|e| TokenError::Signing(e.to_string()))?;
        let decoding =
            DecodingKey::from_secret(secret).map_err(|e| TokenError::Signing(e.to_string()))?;
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[issuer]);
        validation.set_audience(&[audience]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        // `exp` and `nbf` are checked in `verify` against the caller's `now` (the app's
        // clock), not by the library against the system clock.
        validation.validate_exp = false;
        validation.validate_nbf = false;
        Ok(Self {
            encoding,
            decoding,
            validation,
            issuer: issuer.to_owned(),
            audience: audience.to_owned(),
        })
    }

    /// Sign a token for `session_id` of `user_id`, valid from `now` until `expires_at`.
    pub fn issue(
        &self,
        user_id: &str,
        session_id: &str,
        now: i64,
        expires_at: i64,
    ) -> Result<String, TokenError> {
        let mut header = Header::new(Algorithm::HS256);
        header.typ = Some(TOKEN_TYPE.to_owned());
        let claims = Claims {
            iss: self.issuer.clone(),
            aud: self.audience.clone(),
            sub: user_id.to_owned(),
            exp: expires_at,
            nbf: now,
            iat: now,
            jti: session_id.to_owned(),
        };
        encode(&header, &claims, &self.encoding).map_err(|e| TokenError::Signing(e.to_string()))
    }

    /// Check signature, algorithm, type and claims; `now` is the current Unix time.
    pub fn verify(&self, token: &str, now: i64) -> Result<Claims, TokenError> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation)
            .map_err(|_| TokenError::Invalid)?;
        if data.header.typ.as_deref() != Some(TOKEN_TYPE) {
            return Err(TokenError::Invalid);
        }
        let leeway = LEEWAY_SECS as i64;
        let claims = &data.claims;
        // Expired, not yet valid, or issued in the future (the library cannot require `iat`).
        if claims.exp + leeway <= now || claims.nbf > now + leeway || claims.iat > now + leeway {
            return Err(TokenError::Invalid);
        }
        if data.claims.jti.is_empty() {
            return Err(TokenError::Invalid);
        }
        Ok(data.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn keys() -> TokenKeys {
        TokenKeys::new(SECRET, "wijkmatch", "wijkmatch-api").unwrap()
    }

    fn now() -> i64 {
        chrono::Utc::now().timestamp()
    }

    #[test]
    fn issued_tokens_verify() {
        let t = keys().issue("u1", "s1", now(), now() + 3600).unwrap();
        let c = keys().verify(&t, now()).unwrap();
        assert_eq!((c.sub.as_str(), c.jti.as_str()), ("u1", "s1"));
    }

    #[test]
    fn expired_future_and_foreign_tokens_are_refused() {
        let n = now();
        let k = keys();
        let expired = k.issue("u", "s", n - 7200, n - 60).unwrap();
        assert!(k.verify(&expired, n).is_err());
        let within_leeway = k.issue("u", "s", n - 7200, n - 10).unwrap();
        assert!(k.verify(&within_leeway, n).is_ok(), "leeway of 30 s");
        let not_yet = k.issue("u", "s", n + 600, n + 3600).unwrap();
        assert!(k.verify(&not_yet, n).is_err());
        let other_aud = TokenKeys::new(SECRET, "wijkmatch", "other").unwrap();
        assert!(
            k.verify(&other_aud.issue("u", "s", n, n + 60).unwrap(), n)
                .is_err()
        );
        let other_iss = TokenKeys::new(SECRET, "other", "wijkmatch-api").unwrap();
        assert!(
            k.verify(&other_iss.issue("u", "s", n, n + 60).unwrap(), n)
                .is_err()
        );
        let other_key = TokenKeys::new(
            b"another secret, also 32 bytes!!!",
            "wijkmatch",
            "wijkmatch-api",
        )
        .unwrap();
        assert!(
            k.verify(&other_key.issue("u", "s", n, n + 60).unwrap(), n)
                .is_err()
        );
        assert!(k.verify("not.a.token", n).is_err());
    }

    #[test]
    fn alg_none_and_other_algorithms_are_refused() {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let n = now();
        let claims = format!(
            r#"{{"iss":"wijkmatch","aud":"wijkmatch-api","sub":"u","exp":{},"nbf":{n},"iat":{n},"jti":"s"}}"#,
            n + 60
        );
        for header in [
            r#"{"alg":"none","typ":"at+jwt"}"#,
            r#"{"alg":"HS512","typ":"at+jwt"}"#,
        ] {
            let token = format!("{}.{}.", b64.encode(header), b64.encode(&claims));
            assert!(keys().verify(&token, n).is_err(), "{header}");
        }
    }

    #[test]
    fn a_token_without_the_access_token_type_is_refused() {
        let n = now();
        let claims = Claims {
            iss: "wijkmatch".into(),
            aud: "wijkmatch-api".into(),
            sub: "u".into(),
            exp: n + 60,
            nbf: n,
            iat: n,
            jti: "s".into(),
        };
        let plain = encode(
            &Header::new(Algorithm::HS256),
            &claims,
            &EncodingKey::from_secret(SECRET).unwrap(),
        )
        .unwrap();
        assert!(keys().verify(&plain, n).is_err());
    }
}
