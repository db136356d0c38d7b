//! Who else may read a document: named readers (for restricted documents) and sharing into
//! another space, which needs a space admin's approval, recorded in the event log.

use super::super::{Actor, App, OpError, OpResult, commit, forbidden, invalid};
use super::{facts, load_readable};
use crate::ops::notify::{Audience, Notice, Urgency, notify};
use crate::store::documents::{self as store_docs};
use crate::store::members as store_members;
use crate::store::spaces as store_spaces;
use crate::views::documents::DocumentRecord;
use longhand_domain::access::{self, SpaceFacts};
use longhand_domain::documents as rules;
use longhand_domain::names::Handle;
use serde_json::json;

/// Replaces the named readers of a document (owner or admin).
pub async fn set_readers(
    app: &App,
    actor: &Actor,
    slug: &str,
    handles: &[Handle],
) -> OpResult<DocumentRecord> {
    let mut tx = app.store().write().await?;
    let doc = load_readable(&mut tx, actor, slug).await?;
    if !rules::can_govern(facts(actor.role, actor.id, &doc)) {
        return Err(forbidden("only the owner or an admin can name readers"));
    }
    let mut ids = Vec::new();
    for handle in handles {
        let member = store_members::by_handle(&mut tx, handle.as_str())
            .await
            .map_err(|_| invalid(format!("@{handle} is not a member")))?;
        if !ids.contains(&member.id) {
            ids.push(member.id);
        }
    }
    store_docs::set_readers(&mut tx, doc.id, &ids).await?;
    let names: Vec<&str> = handles.iter().map(Handle::as_str).collect();
    let payload = json!({"slug": doc.slug, "readers": names});
    app.record(&mut tx, Some(actor), "document.readers", payload)
        .await?;
    commit(tx).await?;
    Ok(doc)
}

fn manages(actor: &Actor, space: &crate::views::spaces::SpaceRecord) -> bool {
    let facts = SpaceFacts {
        visibility: space.visibility,
        membership: space.viewer_role,
    };
    access::can_manage_space(actor.role, facts)
}

/// Asks to share a document into another space. The request goes to the admins of the
/// document's space; nothing is shared until one approves.
pub async fn request_share(
    app: &App,
    actor: &Actor,
    slug: &str,
    space: &str,
    reason: &str,
) -> OpResult<i64> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(invalid(
            "say in up to 1000 characters why it should be shared",
        ));
    }
    crate::ops::multi_line("reason", reason)?;
    let now = app.now();
    let mut tx = app.store().write().await?;
    let doc = load_readable(&mut tx, actor, slug).await?;
    if !rules::can_edit(facts(actor.role, actor.id, &doc)) {
        return Err(forbidden("you can read this document but not share it"));
    }
    let target = super::super::spaces::visible_space(&mut tx, actor, space).await?;
    if target.id == doc.space_id {
        return Err(invalid("the document already lives in that space"));
    }
    if doc.classification == rules::Classification::Restricted {
        return Err(invalid(
            "a restricted document is shared by naming readers, not spaces",
        ));
    }
    let id = store_docs::request_share(&mut tx, doc.id, target.id, actor.id, reason, now).await?;
    let payload = json!({"slug": doc.slug, "space": target.slug, "request": id, "reason": reason});
    app.record(&mut tx, Some(actor), "share.requested", payload)
        .await?;
    notify_space_admins(
        &mut tx,
        app,
        &doc,
        id,
        &format!(
            "{} asks to share {} with {}",
            actor.name, doc.title, target.name
        ),
    )
    .await?;
    commit(tx).await?;
    Ok(id)
}

async fn notify_space_admins(
    conn: &mut crate::store::WriteTx,
    app: &App,
    doc: &DocumentRecord,
    request: i64,
    title: &str,
) -> OpResult<()> {
    for member in store_spaces::members(conn, doc.space_id).await? {
        if member.role != longhand_domain::workspace::SpaceRole::Admin {
            continue;
        }
        let note = Notice {
            member_id: member.member_id,
            kind: "share.requested",
            title,
            body: "Approve or deny it on the document's page.",
            link: &format!("/docs/{}#sharing", doc.slug),
            dedupe_key: &format!("share:{request}:{}", member.member_id),
            urgency: Urgency::Normal,
            audience: Audience::Direct,
            space_id: Some(doc.space_id),
            subject: Some(&format!("share:{request}")),
        };
        notify(app, conn, &note).await?;
    }
    Ok(())
}

/// Approves or denies a pending share request: admins of the document's space only.
pub async fn decide_share(
    app: &App,
    actor: &Actor,
    slug: &str,
    request: i64,
    approve: bool,
) -> OpResult<()> {
    let now = app.now();
    let mut tx = app.store().write().await?;
    let doc = load_readable(&mut tx, actor, slug).await?;
    let space = store_spaces::by_slug(&mut tx, actor.id, &doc.space_slug).await?;
    if !manages(actor, &space) {
        return Err(forbidden(
            "only the admins of the document's space decide on sharing",
        ));
    }
    let requests = store_docs::shares(&mut tx, doc.id).await?;
    let Some(found) = requests.iter().find(|r| r.id == request) else {
        return Err(OpError::NotFound("share request"));
    };
    store_docs::decide_share(&mut tx, request, approve, actor.id, now).await?;
    let kind = if approve {
        "share.approved"
    } else {
        "share.denied"
    };
    let payload = json!({"slug": doc.slug, "space": found.space_slug, "request": request});
    app.record(&mut tx, Some(actor), kind, payload).await?;
    commit(tx).await?;
    Ok(())
}
