//! API tokens on the wire.

use longhand_core::ops::auth::IssuedToken;
use longhand_core::views::auth::TokenRecord;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A token's metadata; the secret is never shown again after creation.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenDto {
    pub id: i64,
    pub name: String,
    /// The first characters, to recognise it.
    pub prefix: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
}

impl From<TokenRecord> for TokenDto {
    fn from(record: TokenRecord) -> TokenDto {
        TokenDto {
            id: record.id,
            name: record.name,
            prefix: record.prefix,
            created_at: super::instant(record.created_at),
            last_used_at: record.last_used_at.map(super::instant),
            revoked_at: record.revoked_at.map(super::instant),
        }
    }
}

/// A token just created, with its secret (shown once).
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedTokenDto {
    pub token: String,
    #[serde(flatten)]
    pub meta: TokenDto,
}

impl From<IssuedToken> for IssuedTokenDto {
    fn from(issued: IssuedToken) -> IssuedTokenDto {
        IssuedTokenDto {
            token: issued.secret,
            meta: issued.record.into(),
        }
    }
}

/// A token to create.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenDto {
    pub name: String,
}
