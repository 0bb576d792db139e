//! Access tokens: short-lived JWTs (HS256) naming the tenant and the device. Refresh tokens are
//! random, stored hashed, and spent on use (see `api::refresh`).

use jsonwebtoken::{decode, encode, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

/// An access token lasts 15 minutes; a revoked device is refused sooner (every request checks).
pub const ACCESS_LIFETIME_S: u64 = 15 * 60;

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// The device.
    pub sub: String,
    /// The tenant.
    pub tid: String,
    pub exp: u64,
    pub iat: u64,
}

pub struct Tokens {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

fn now_s() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

impl Tokens {
    pub fn new(secret: &[u8]) -> Tokens {
        Tokens {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    pub fn issue(&self, tenant_id: &str, device_id: &str) -> String {
        self.issue_at(tenant_id, device_id, now_s())
    }

    fn issue_at(&self, tenant_id: &str, device_id: &str, now: u64) -> String {
        let claims = Claims {
            sub: device_id.to_string(),
            tid: tenant_id.to_string(),
            iat: now,
            exp: now + ACCESS_LIFETIME_S,
        };
        encode(&Header::default(), &claims, &self.encoding).expect("HS256 signing cannot fail")
    }

    pub fn verify(&self, token: &str) -> Result<Claims, jsonwebtoken::errors::Error> {
        let mut validation = Validation::default();
        validation.leeway = 5;
        Ok(decode::<Claims>(token, &self.decoding, &validation)?.claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_verify_until_they_expire_and_only_with_the_secret() {
        let tokens = Tokens::new(b"0123456789abcdef0123456789abcdef");
        let claims = tokens.verify(&tokens.issue("t1", "d1")).unwrap();
        assert_eq!((claims.tid.as_str(), claims.sub.as_str()), ("t1", "d1"));
        let old = tokens.issue_at("t1", "d1", now_s() - ACCESS_LIFETIME_S - 60);
        assert!(tokens.verify(&old).is_err(), "an expired token is refused");
        let other = Tokens::new(b"another secret of thirty-two chars!");
        assert!(other.verify(&tokens.issue("t1", "d1")).is_err());
        assert!(tokens.verify("not.a.token").is_err());
    }
}
