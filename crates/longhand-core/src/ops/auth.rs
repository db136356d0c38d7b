//! Accounts and sign-in: first-run setup, passwords, sessions, API tokens and rate limits.
//!
//! Secrets (session cookies, API tokens) are random 160-bit values handed to the client once;
//! only their SHA-256 is stored. Passwords are hashed with argon2id on a blocking thread so a
//! burst of sign-ins cannot stall the async workers.

use super::{Actor, App, OpError, OpResult, commit, forbidden, invalid, named};
use crate::formats::calendar_json::CalendarJson;
use crate::store::auth::{self as store_auth};
use crate::store::members::{self as store_members, NewMember};
use crate::store::settings;
use crate::views::auth::TokenRecord;
use crate::views::members::MemberRecord;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use jiff::{Span, Timestamp};
use longhand_domain::access;
use longhand_domain::names::{DisplayName, Email, Handle};
use longhand_domain::workspace::Role;
use serde_json::json;
use sha2::{Digest, Sha256};

/// How long a session lasts without signing in again.
const SESSION_DAYS: i64 = 14;
/// Failed sign-ins allowed per account, and per client address, in the window below.
const FAILURES_PER_ACCOUNT: i64 = 8;
const FAILURES_PER_CLIENT: i64 = 40;
const FAILURE_WINDOW_MINUTES: i64 = 15;

/// A random secret as hex.
pub fn random_hex(bytes: usize) -> OpResult<String> {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf)
        .map_err(|err| OpError::Internal(anyhow::anyhow!("no randomness available: {err}")))?;
    Ok(hex::encode(buf))
}

/// The stored form of a secret.
pub(crate) fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// A checked new password.
#[derive(Debug, Clone)]
pub struct Password(String);

impl Password {
    /// At least 10 characters; at most 256 so hashing stays cheap.
    pub fn parse(raw: &str) -> OpResult<Password> {
        let length = raw.chars().count();
        if length < 10 {
            return Err(invalid("the password must be at least 10 characters long"));
        }
        if length > 256 {
            return Err(invalid("the password can be at most 256 characters long"));
        }
        Ok(Password(raw.to_owned()))
    }
}

pub(crate) async fn hash_password(password: Password) -> OpResult<String> {
    tokio::task::spawn_blocking(move || {
        let mut salt = [0u8; 16];
        getrandom::fill(&mut salt)
            .map_err(|err| anyhow::anyhow!("no randomness available: {err}"))?;
        let salt = SaltString::encode_b64(&salt).map_err(|err| anyhow::anyhow!("{err}"))?;
        let hash = Argon2::default()
            .hash_password(password.0.as_bytes(), &salt)
            .map_err(|err| anyhow::anyhow!("{err}"))?;
        Ok(hash.to_string())
    })
    .await
    .map_err(|err| OpError::Internal(err.into()))?
    .map_err(OpError::Internal)
}

async fn password_matches(hash: Option<String>, password: String) -> OpResult<bool> {
    // A member without a password still costs one hash, so response time does not reveal
    // which emails exist.
    let hash = hash.unwrap_or_else(|| "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA".to_owned());
    tokio::task::spawn_blocking(move || {
        let Ok(parsed) = PasswordHash::new(&hash) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .map_err(|err| OpError::Internal(err.into()))
}

/// What creating an account needs, already parsed at the edge.
#[derive(Debug, Clone)]
pub struct NewAccount {
    pub email: Email,
    pub name: DisplayName,
    pub handle: Option<Handle>,
    pub role: Role,
    pub password: Option<Password>,
    pub time_zone: String,
}

pub(crate) fn actor_of(member: &MemberRecord) -> Actor {
    Actor {
        id: member.id,
        handle: member.handle.clone(),
        name: member.name.clone(),
        role: member.role,
    }
}

/// Whether the workspace still needs its first admin.
pub async fn setup_needed(app: &App) -> OpResult<bool> {
    let mut conn = app.store().read().await?;
    Ok(store_members::count(&mut conn).await? == 0)
}

/// Creates the first admin. Refused once anyone exists, even when two requests race (on two
/// replicas, or one queued behind the other's lock): the `setup.completed` setting is inserted
/// only if absent in the same transaction, and only the transaction whose insert added the row
/// goes on.
pub async fn setup_first_admin(app: &App, mut account: NewAccount) -> OpResult<Actor> {
    account.role = Role::Admin;
    if account.password.is_none() {
        return Err(invalid("the first admin needs a password"));
    }
    let calendar = checked_calendar(&account.time_zone)?;
    let password_hash = hash_password(
        account
            .password
            .clone()
            .ok_or_else(|| invalid("a password is required"))?,
    )
    .await?;
    let mut tx = app.store().write().await?;
    let first = store_members::count(&mut tx).await? == 0
        && settings::insert_if_absent(&mut tx, "setup.completed", &app.now().to_string()).await?;
    if !first {
        return Err(already_set_up());
    }
    let member = insert_member(app, &mut tx, &account, Some(&password_hash), &calendar).await?;
    app.record(
        &mut tx,
        Some(&member),
        "workspace.setup",
        json!({ "admin": member.handle }),
    )
    .await?;
    commit(tx).await?;
    Ok(member)
}

fn already_set_up() -> OpError {
    OpError::Conflict("this workspace is already set up; sign in instead".to_owned())
}

fn checked_calendar(zone: &str) -> OpResult<String> {
    let json = CalendarJson::standard(zone);
    let calendar = json.to_domain().map_err(OpError::Invalid)?;
    Ok(CalendarJson::text_of(&calendar))
}

async fn insert_member(
    app: &App,
    tx: &mut crate::store::WriteTx,
    account: &NewAccount,
    password_hash: Option<&str>,
    calendar: &str,
) -> OpResult<Actor> {
    let handle = match &account.handle {
        Some(handle) => handle.clone(),
        None => Handle::suggest_from_email(&account.email)
            .ok_or_else(|| invalid("choose a handle: none could be made from the email"))?,
    };
    let new = NewMember {
        handle: handle.as_str(),
        email: account.email.as_str(),
        name: account.name.as_str(),
        role: account.role,
        password_hash,
        calendar,
    };
    let id = store_members::insert(tx, app.now(), &new).await?;
    super::digests::schedule(app, tx, id).await?;
    Ok(Actor {
        id,
        handle: handle.as_str().to_owned(),
        name: account.name.as_str().to_owned(),
        role: account.role,
    })
}

/// Creates an account. `by` is the admin doing it, or `None` for the operator's CLI.
pub async fn create_account(app: &App, by: Option<&Actor>, account: NewAccount) -> OpResult<Actor> {
    if by.is_some_and(|actor| !access::can_administer(actor.role)) {
        return Err(forbidden("only admins can add people"));
    }
    let calendar = checked_calendar(&account.time_zone)?;
    let password_hash = match account.password.clone() {
        Some(password) => Some(hash_password(password).await?),
        None => None,
    };
    let mut tx = app.store().write().await?;
    let member = insert_member(app, &mut tx, &account, password_hash.as_deref(), &calendar).await?;
    settings::set(&mut tx, "setup.completed", &app.now().to_string()).await?;
    let payload = json!({ "handle": member.handle, "email": account.email.as_str(), "role": member.role.as_str() });
    app.record(&mut tx, by, "member.created", payload).await?;
    commit(tx).await?;
    Ok(member)
}

/// A new session: the cookie value (secret) and its CSRF token.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub secret: String,
    pub expires_at: Timestamp,
}

/// The rate-limit buckets one sign-in attempt counts against.
struct Buckets {
    account: String,
    client: String,
}

/// Signs in with email and password. `client` is the caller's address, for rate limiting.
///
/// The attempt is counted before the password is checked, and that count decides: however
/// many guesses arrive at once, at most the limit reach argon2. A successful sign-in takes its
/// attempt back, so only failures (and refused attempts) use up the limit.
pub async fn login(app: &App, email: &str, password: &str, client: &str) -> OpResult<NewSession> {
    let now = app.now();
    let email = email.trim().to_ascii_lowercase();
    let buckets = Buckets {
        account: format!("email:{email}"),
        client: format!("client:{client}"),
    };
    count_attempt(app, &buckets, now).await?;
    let member = {
        let mut conn = app.store().read().await?;
        store_members::by_email(&mut conn, &email).await.ok()
    };
    let hash = member.as_ref().and_then(|m| m.password_hash.clone());
    let matches = password_matches(hash, password.to_owned()).await?;
    match member {
        Some(member) if matches && member.active => {
            start_session(app, &member, &buckets, now).await
        }
        _ => Err(OpError::Unauthenticated(
            "that email and password do not match an active account".to_owned(),
        )),
    }
}

/// Records the attempt in both buckets and refuses it when either is over its limit.
async fn count_attempt(app: &App, buckets: &Buckets, now: Timestamp) -> OpResult<()> {
    let window_open_since = now - Span::new().minutes(FAILURE_WINDOW_MINUTES);
    let mut tx = app.store().write().await?;
    // Always the account bucket first, then the client's, here and in `start_session`, so
    // two transactions on PostgreSQL never wait on each other's rows in opposite orders.
    let by_account =
        store_auth::count_signin_attempt(&mut tx, &buckets.account, now, window_open_since).await?;
    let by_client =
        store_auth::count_signin_attempt(&mut tx, &buckets.client, now, window_open_since).await?;
    commit(tx).await?;
    if by_account > FAILURES_PER_ACCOUNT || by_client > FAILURES_PER_CLIENT {
        return Err(OpError::RateLimited(format!(
            "too many failed sign-ins; wait {FAILURE_WINDOW_MINUTES} minutes and try again"
        )));
    }
    Ok(())
}

async fn start_session(
    app: &App,
    member: &MemberRecord,
    buckets: &Buckets,
    now: Timestamp,
) -> OpResult<NewSession> {
    let secret = random_hex(20)?;
    let csrf_token = random_hex(16)?;
    let expires_at = now + Span::new().hours(24 * SESSION_DAYS);
    let mut tx = app.store().write().await?;
    store_auth::insert_session(
        &mut tx,
        &secret_hash(&secret),
        member.id,
        &csrf_token,
        now,
        expires_at,
    )
    .await?;
    store_auth::clear_signin_attempts(&mut tx, &buckets.account).await?;
    store_auth::uncount_signin_attempt(&mut tx, &buckets.client).await?;
    let stale = now - Span::new().hours(24);
    store_auth::prune_signin_attempts(&mut tx, app.store().dialect(), stale).await?;
    let actor = actor_of(member);
    app.record(&mut tx, Some(&actor), "session.started", json!({}))
        .await?;
    commit(tx).await?;
    Ok(NewSession { secret, expires_at })
}

/// Ends the session behind a cookie value.
pub async fn logout(app: &App, secret: &str) -> OpResult<()> {
    let mut tx = app.store().write().await?;
    store_auth::delete_session(&mut tx, &secret_hash(secret)).await?;
    commit(tx).await?;
    Ok(())
}

/// The signed-in actor and CSRF token behind a session cookie, if it is live.
pub async fn session_actor(app: &App, secret: &str) -> OpResult<Option<(Actor, String)>> {
    let mut conn = app.store().read().await?;
    let Some(session) = store_auth::session(&mut conn, &secret_hash(secret), app.now()).await?
    else {
        return Ok(None);
    };
    let member = store_members::by_id(&mut conn, session.member_id).await?;
    Ok(member
        .active
        .then(|| (actor_of(&member), session.csrf_token)))
}

/// The actor behind an API token, if it is live and its owner active.
pub async fn token_actor(app: &App, token: &str) -> OpResult<Option<Actor>> {
    let hash = secret_hash(token.trim());
    let (owner, last_used) = {
        let mut conn = app.store().read().await?;
        match store_auth::token_owner(&mut conn, &hash).await? {
            Some((id, last_used)) => (store_members::by_id(&mut conn, id).await?, last_used),
            None => return Ok(None),
        }
    };
    // "Last used" is bookkeeping, not a change anyone made, so it is not an event; and it is
    // written at most every few minutes so API reads do not queue behind the single writer.
    let now = app.now();
    if last_used.is_none_or(|at| now.duration_since(at) > jiff::SignedDuration::from_mins(5)) {
        let mut tx = app.store().write().await?;
        store_auth::touch_token(&mut tx, &hash, now).await?;
        commit(tx).await?;
    }
    Ok(owner.active.then(|| actor_of(&owner)))
}

/// A token just created: the secret is shown once and never again.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub secret: String,
    pub record: TokenRecord,
}

/// Issues an API token for `owner_handle` (yourself, or anyone if you are an admin; `by` is
/// `None` for the operator's CLI).
pub async fn create_token(
    app: &App,
    by: Option<&Actor>,
    owner_handle: &str,
    name: &str,
) -> OpResult<IssuedToken> {
    let name = DisplayName::parse(if name.trim().is_empty() {
        "API token"
    } else {
        name
    })
    .map_err(invalid)?;
    let secret = format!("lh_{}", random_hex(20)?);
    let mut tx = app.store().write().await?;
    let owner = store_members::by_handle(&mut tx, owner_handle)
        .await
        .map_err(named("member"))?;
    if by.is_some_and(|actor| actor.id != owner.id && !access::can_administer(actor.role)) {
        return Err(forbidden("you can only create tokens for yourself"));
    }
    let prefix: String = secret.chars().take(10).collect();
    let id = store_auth::insert_token(
        &mut tx,
        owner.id,
        name.as_str(),
        &secret_hash(&secret),
        &prefix,
        app.now(),
    )
    .await?;
    let record = store_auth::token(&mut tx, id).await?;
    app.record(
        &mut tx,
        by,
        "token.created",
        json!({ "token_id": id, "owner": owner.handle }),
    )
    .await?;
    commit(tx).await?;
    Ok(IssuedToken { secret, record })
}

/// Tokens the actor may see: their own, or everyone's for an admin.
pub async fn list_tokens(app: &App, actor: &Actor, everyone: bool) -> OpResult<Vec<TokenRecord>> {
    let scope = if everyone && access::can_administer(actor.role) {
        None
    } else {
        Some(actor.id)
    };
    let mut conn = app.store().read().await?;
    Ok(store_auth::tokens(&mut conn, scope).await?)
}

/// Revokes a token the actor owns (admins: any token).
pub async fn revoke_token(app: &App, actor: &Actor, id: i64) -> OpResult<()> {
    let mut tx = app.store().write().await?;
    let token = store_auth::token(&mut tx, id)
        .await
        .map_err(named("token"))?;
    if token.member_id != actor.id && !access::can_administer(actor.role) {
        return Err(OpError::NotFound("token"));
    }
    store_auth::revoke_token(&mut tx, id, app.now()).await?;
    app.record(
        &mut tx,
        Some(actor),
        "token.revoked",
        json!({ "token_id": id }),
    )
    .await?;
    commit(tx).await?;
    Ok(())
}

/// Changes the actor's own password after checking the current one; other sessions end.
pub async fn change_password(
    app: &App,
    actor: &Actor,
    current: &str,
    new: Password,
) -> OpResult<()> {
    let member = {
        let mut conn = app.store().read().await?;
        store_members::by_id(&mut conn, actor.id).await?
    };
    if !password_matches(member.password_hash, current.to_owned()).await? {
        return Err(invalid("the current password is not correct"));
    }
    let hash = hash_password(new).await?;
    let mut tx = app.store().write().await?;
    store_members::set_password(&mut tx, app.now(), actor.id, &hash).await?;
    store_auth::delete_sessions_of(&mut tx, actor.id).await?;
    app.record(&mut tx, Some(actor), "member.password_changed", json!({}))
        .await?;
    commit(tx).await?;
    Ok(())
}
