//! The seed's writing: documents (every kind and classification, one to three revisions,
//! their lifecycle walked a step per revision, named readers on restricted ones) and threads
//! of comments on documents and in spaces, written by people who may read them.

use super::people::World;
use super::words::TAGS;
use super::{BatchEvent, Seeder, event};
use crate::ops::OpResult;
use crate::store::seed::{
    self as store_seed, CommentRow, DocumentRow, ReaderRow, RevisionRow, ThreadRow,
};
use jiff::{SignedDuration, Timestamp};
use longhand_domain::documents::lifecycle_of;
use longhand_domain::names::Slug;
use longhand_domain::templates::find_builtin;
use longhand_domain::workspace::{Classification, Role};
use serde_json::json;
use std::collections::HashSet;

/// Documents per transaction.
const DOCUMENTS_PER_BATCH: usize = 2_000;
/// Comments per transaction (whole threads, so a batch may run a little over).
const COMMENTS_PER_BATCH: usize = 10_000;

/// Kinds with their weights: more RFCs, decisions and notes than charters.
const KINDS: [(&str, u32); 9] = [
    ("rfc", 15),
    ("adr", 15),
    ("status-update", 15),
    ("postmortem", 8),
    ("task-brief", 12),
    ("release-checklist", 8),
    ("meeting-notes", 15),
    ("handbook", 10),
    ("charter", 2),
];

const CLASSES: [(Classification, u32); 4] = [
    (Classification::Public, 25),
    (Classification::Internal, 45),
    (Classification::Confidential, 20),
    (Classification::Restricted, 10),
];

const NOTES: &[&str] = &[
    "Tightened the rollout plan.",
    "Answered the review comments.",
    "Added the numbers from last week.",
    "",
];

/// A seeded document, as the threads need it.
pub(super) struct Doc {
    id: i64,
    slug: String,
    title: String,
    space: usize,
    class: Classification,
    owner: usize,
    readers: Vec<usize>,
    created_at: Timestamp,
}

/// The rows and events of one batch of documents.
#[derive(Default)]
struct DocBatch {
    docs: Vec<DocumentRow>,
    revisions: Vec<RevisionRow>,
    readers: Vec<ReaderRow>,
    events: Vec<BatchEvent>,
}

/// Writes `count` documents in batches; returns them for the threads.
pub(super) async fn documents(
    s: &mut Seeder<'_>,
    world: &World,
    count: usize,
) -> OpResult<Vec<Doc>> {
    let mut docs = Vec::with_capacity(count);
    let mut slugs = HashSet::new();
    let mut positions = vec![0i64; world.spaces.len()];
    let mut batch = DocBatch::default();
    for i in 0..count {
        docs.push(document(
            s,
            world,
            &mut batch,
            (i, count),
            &mut slugs,
            &mut positions,
        ));
        if batch.docs.len() == DOCUMENTS_PER_BATCH || i + 1 == count {
            let done = std::mem::take(&mut batch);
            s.summary.documents += done.docs.len() as u64;
            s.summary.revisions += done.revisions.len() as u64;
            let mut tx = s.app.store().write().await?;
            store_seed::insert(&mut tx, &done.docs).await?;
            store_seed::insert(&mut tx, &done.revisions).await?;
            store_seed::insert(&mut tx, &done.readers).await?;
            s.commit(tx, &done.events, "documents", done.docs.len() as u64)
                .await?;
        }
    }
    Ok(docs)
}

/// The statuses a document passes through to reach one chosen by weight: one to three.
fn status_path(s: &mut Seeder<'_>, kind: &str) -> &'static [&'static str] {
    if lifecycle_of(kind) == longhand_domain::documents::Lifecycle::Decision {
        const PATHS: [&[&str]; 5] = [
            &["proposed"],
            &["proposed", "accepted"],
            &["proposed", "rejected"],
            &["proposed", "accepted", "superseded"],
            &["proposed", "accepted", "deprecated"],
        ];
        PATHS[s.words.weighted(&[25, 45, 10, 10, 10])]
    } else {
        const PATHS: [&[&str]; 3] = [
            &["draft"],
            &["draft", "published"],
            &["draft", "published", "archived"],
        ];
        PATHS[s.words.weighted(&[25, 60, 15])]
    }
}

/// A body: an opening paragraph and the kind's sections, each with a paragraph.
fn body_parts(s: &mut Seeder<'_>, kind: &str) -> Vec<String> {
    let mut parts = vec![s.words.paragraph(2, 3)];
    let sections: Vec<String> = match find_builtin(kind) {
        Some(template) if !template.required_sections().is_empty() => template
            .required_sections()
            .iter()
            .map(|section| section.title.clone())
            .collect(),
        _ => vec!["Context".to_owned(), "Details".to_owned()],
    };
    for title in sections {
        parts.push(format!("## {title}\n\n{}", s.words.paragraph(1, 3)));
    }
    parts
}

fn free_slug(slugs: &mut HashSet<String>, title: &str) -> String {
    let base = Slug::from_title(title);
    let mut n = 1;
    loop {
        let slug = base.numbered(n).as_str().to_owned();
        if slugs.insert(slug.clone()) {
            return slug;
        }
        n += 1;
    }
}

/// Someone who may write in the space: a member of a private one, anyone but a guest in an
/// open one.
fn writer_in(s: &mut Seeder<'_>, world: &World, space: usize) -> usize {
    let place = &world.spaces[space];
    if place.private {
        let writers: Vec<usize> = place
            .members
            .iter()
            .copied()
            .filter(|m| world.people[*m].role != Role::Guest)
            .collect();
        if writers.is_empty() {
            return place.members[0];
        }
        return *s.words.pick(&writers);
    }
    *s.words.pick(&world.writers)
}

fn document(
    s: &mut Seeder<'_>,
    world: &World,
    batch: &mut DocBatch,
    (i, count): (usize, usize),
    slugs: &mut HashSet<String>,
    positions: &mut [i64],
) -> Doc {
    let id = i as i64 + 1;
    let kind = KINDS[s.words.weighted(&KINDS.map(|k| k.1))].0;
    let class = CLASSES[s.words.weighted(&CLASSES.map(|c| c.1))].0;
    let space = s.words.below(world.spaces.len());
    let owner = writer_in(s, world, space);
    let title = s.words.title(kind);
    let slug = free_slug(slugs, &title);
    let intent = s.words.sentence();
    let parts = body_parts(s, kind);
    let path = status_path(s, kind);
    let edits = s.words.between(0, 3 - path.len() as i64) as usize;
    let tags: Vec<&str> = (0..s.words.between(0, 3))
        .map(|_| *s.words.pick(TAGS))
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let mut tags = tags;
    tags.sort_unstable();
    let tags = json!(tags).to_string();
    // Spread over the year in id order, so newer documents have higher ids.
    let span = s.now.as_microsecond() - s.history_start().as_microsecond();
    let offset = span / 20 * 19 / count.max(1) as i64 * i as i64;
    let created_at =
        s.history_start() + SignedDuration::from_micros(offset + s.words.between(0, 3_600_000_000));
    let owner_id = world.people[owner].id;
    let space_slug = world.spaces[space].slug.clone();
    let mut at = created_at;
    let versions = 1 + edits;
    let mut revision = 0;
    let mut status = path[0];
    let mut body = String::new();
    let class_str = class.as_str();
    for step in 0..(versions + path.len() - 1) {
        revision += 1;
        let author = if step == 0 || s.words.chance(70) {
            owner
        } else {
            writer_in(s, world, space)
        };
        let author_id = world.people[author].id;
        let (note, kind_of_event) = if step < versions {
            let keep = 1 + (parts.len() - 1) * (step + 1) / versions;
            body = parts[..keep].join("\n\n");
            let note = if step == 0 { "" } else { *s.words.pick(NOTES) };
            (
                note.to_owned(),
                if step == 0 {
                    "document.created"
                } else {
                    "document.revised"
                },
            )
        } else {
            let from = status;
            status = path[step - versions + 1];
            (format!("status: {from} → {status}"), "document.status")
        };
        let payload = match kind_of_event {
            "document.created" => {
                json!({"slug": slug, "kind": kind, "space": space_slug, "title": title, "revision": 1, "status": status})
            }
            "document.revised" => json!({"slug": slug, "revision": revision, "note": note}),
            _ => {
                json!({"slug": slug, "revision": revision, "from": path[step - versions], "to": status})
            }
        };
        batch
            .events
            .push(event(Some(author_id), kind_of_event, payload));
        batch.revisions.push(RevisionRow {
            document_id: id,
            number: revision,
            author_id,
            created_at: at,
            title: title.clone(),
            intent: intent.clone(),
            classification: class_str,
            status,
            owner_id,
            tags: tags.clone(),
            fields: "[]".to_owned(),
            body: body.clone(),
            note,
        });
        if step + 1 < versions + path.len() - 1 {
            at = (at + SignedDuration::from_mins(s.words.between(60, 72 * 60))).min(s.now);
        }
    }
    let mut readers = Vec::new();
    if class == Classification::Restricted {
        for _ in 0..s.words.between(1, 3) {
            let reader = s.words.below(world.people.len());
            if reader != owner && !readers.contains(&reader) {
                readers.push(reader);
                batch.readers.push(ReaderRow {
                    document_id: id,
                    member_id: world.people[reader].id,
                });
            }
        }
        let handles: Vec<&str> = readers
            .iter()
            .map(|r| world.people[*r].handle.as_str())
            .collect();
        batch.events.push(event(
            Some(owner_id),
            "document.readers",
            json!({"slug": slug, "readers": handles}),
        ));
    }
    batch.docs.push(DocumentRow {
        id,
        slug: slug.clone(),
        space_id: world.spaces[space].id,
        kind,
        title: title.clone(),
        owner_id,
        intent,
        classification: class_str,
        status,
        tags,
        fields: "[]".to_owned(),
        body,
        revision,
        position: positions[space],
        created_at,
        updated_at: at,
    });
    positions[space] += 1;
    Doc {
        id,
        slug,
        title,
        space,
        class,
        owner,
        readers,
        created_at,
    }
}

/// The rows and events of one batch of threads.
#[derive(Default)]
struct ThreadBatch {
    threads: Vec<ThreadRow>,
    comments: Vec<CommentRow>,
    events: Vec<BatchEvent>,
}

/// Writes `count` comments in threads of one to ten: most on documents, some topic threads in
/// spaces.
pub(super) async fn threads(
    s: &mut Seeder<'_>,
    world: &World,
    docs: &[Doc],
    count: usize,
) -> OpResult<()> {
    let mut batch = ThreadBatch::default();
    let (mut written, mut thread_id) = (0, 0);
    while written < count {
        let size = (count - written).min(1 + s.words.below(10));
        thread_id += 1;
        thread(
            s,
            world,
            docs,
            &mut batch,
            (thread_id, written as i64),
            size,
        );
        written += size;
        if batch.comments.len() >= COMMENTS_PER_BATCH || written == count {
            let done = std::mem::take(&mut batch);
            s.summary.threads += done.threads.len() as u64;
            s.summary.comments += done.comments.len() as u64;
            let mut tx = s.app.store().write().await?;
            store_seed::insert(&mut tx, &done.threads).await?;
            store_seed::insert(&mut tx, &done.comments).await?;
            s.commit(tx, &done.events, "comments", done.comments.len() as u64)
                .await?;
        }
    }
    Ok(())
}

/// Someone who may read a thread's place and so take part in it.
fn participant(s: &mut Seeder<'_>, world: &World, doc: Option<&Doc>, space: usize) -> usize {
    let place = &world.spaces[space];
    match doc {
        Some(doc) if doc.class == Classification::Restricted => {
            let pick = s.words.below(doc.readers.len() + 1);
            doc.readers.get(pick).copied().unwrap_or(doc.owner)
        }
        Some(doc) if doc.class == Classification::Confidential => *s.words.pick(&place.members),
        _ if place.private => *s.words.pick(&place.members),
        Some(doc) if doc.class == Classification::Internal => *s.words.pick(&world.writers),
        _ => s.words.below(world.people.len()),
    }
}

fn thread(
    s: &mut Seeder<'_>,
    world: &World,
    docs: &[Doc],
    batch: &mut ThreadBatch,
    (id, first_comment): (i64, i64),
    size: usize,
) {
    let doc = if !docs.is_empty() && s.words.chance(85) {
        Some(&docs[s.words.below(docs.len())])
    } else {
        None
    };
    let space = doc.map_or_else(|| s.words.below(world.spaces.len()), |d| d.space);
    let people: Vec<usize> = (0..s.words.between(2, 4))
        .map(|_| participant(s, world, doc, space))
        .collect();
    let start = doc.map_or_else(|| s.history_start(), |d| d.created_at);
    let mut at = s.instant_between(start, s.now);
    let title = match doc {
        Some(doc) => format!("On {}", doc.title),
        None => s.words.ask_title("answer"),
    };
    let created_at = at;
    for n in 0..size {
        let author = world.people[people[n % people.len()]].id;
        let comment_id = first_comment + n as i64 + 1;
        if n > 0 {
            at = (at + SignedDuration::from_mins(s.words.between(5, 48 * 60))).min(s.now);
        }
        batch.comments.push(CommentRow {
            id: comment_id,
            thread_id: id,
            author_id: author,
            body: s.words.comment(),
            created_at: at,
        });
        let payload = if n == 0 {
            json!({"thread": id, "space": world.spaces[space].slug, "document": doc.map(|d| &d.slug),
                   "anchor": None::<String>, "title": title, "comment": comment_id})
        } else {
            json!({"thread": id, "comment": comment_id})
        };
        batch.events.push(event(
            Some(author),
            if n == 0 {
                "thread.started"
            } else {
                "thread.replied"
            },
            payload,
        ));
    }
    let author = world.people[people[0]].id;
    let resolved = (doc.is_some() && s.words.chance(30))
        .then(|| (at + SignedDuration::from_hours(1)).min(s.now));
    if resolved.is_some() {
        batch.events.push(event(
            Some(author),
            "thread.resolved",
            json!({"thread": id}),
        ));
    }
    batch.threads.push(ThreadRow {
        id,
        space_id: world.spaces[space].id,
        document_id: doc.map(|d| d.id),
        title,
        created_by: author,
        created_at,
        last_activity_at: at,
        resolved_at: resolved,
        resolved_by: resolved.map(|_| author),
    });
}
