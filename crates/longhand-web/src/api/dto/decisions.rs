//! The decision log on the wire.

use longhand_core::views::decisions::{
    Decision, DecisionDetail, DecisionLink, DecisionPage, DecisionSource,
};
use serde::Serialize;
use utoipa::ToSchema;

/// One decision record, as the log shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionDto {
    pub slug: String,
    pub title: String,
    /// The status as the log reads it: `superseded` when another record supersedes this
    /// accepted one, whichever of the two records states it.
    pub status: String,
    /// The status stored on the record itself.
    pub recorded_status: String,
    /// The decision date, `YYYY-MM-DD`; null when the record states none.
    pub date: Option<String>,
    /// The space's slug.
    pub space: String,
    pub space_name: String,
    /// The owner's handle.
    pub owner: String,
    pub owner_name: String,
    pub intent: String,
    pub classification: String,
    pub deciders: Vec<String>,
    /// `reversible` or `irreversible`; null when not stated.
    pub reversibility: Option<String>,
    /// The irreversible category (`financial`, `compliance`…); null when not stated.
    pub category: Option<String>,
    /// `YYYY-MM-DD`; null when not stated.
    pub review_date: Option<String>,
    /// The records this one replaces, whichever side stated it.
    pub supersedes: Vec<DecisionLinkDto>,
    /// The records that replace this one, whichever side stated it.
    pub superseded_by: Vec<DecisionLinkDto>,
    pub tags: Vec<String>,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub updated_at: String,
}

/// One end of a supersede relation.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionLinkDto {
    /// The other record's slug; null when the reference names no record you may read.
    pub slug: Option<String>,
    pub title: Option<String>,
    /// The other record's status as the log reads it.
    pub status: Option<String>,
    /// The reference as this record's field writes it; null when only the other record
    /// states the relation.
    pub written: Option<String>,
}

impl From<&DecisionLink> for DecisionLinkDto {
    fn from(link: &DecisionLink) -> DecisionLinkDto {
        DecisionLinkDto {
            slug: link.target.as_ref().map(|t| t.slug.clone()),
            title: link.target.as_ref().map(|t| t.title.clone()),
            status: link.target.as_ref().map(|t| t.status.clone()),
            written: link.written.clone(),
        }
    }
}

impl From<&Decision> for DecisionDto {
    fn from(d: &Decision) -> DecisionDto {
        let doc = &d.doc;
        let links = |links: &[DecisionLink]| links.iter().map(DecisionLinkDto::from).collect();
        DecisionDto {
            slug: doc.slug.clone(),
            title: doc.title.clone(),
            status: d.status.clone(),
            recorded_status: doc.status.clone(),
            date: d.date.map(|date| date.to_string()),
            space: doc.space_slug.clone(),
            space_name: doc.space_name.clone(),
            owner: doc.owner_handle.clone(),
            owner_name: doc.owner_name.clone(),
            intent: doc.intent.clone(),
            classification: doc.classification.as_str().to_owned(),
            deciders: d.deciders.clone(),
            reversibility: d.reversibility.clone(),
            category: d.category.clone(),
            review_date: d.review_date.map(|date| date.to_string()),
            supersedes: links(&d.supersedes),
            superseded_by: links(&d.superseded_by),
            tags: doc.tags.clone(),
            created_at: doc.created_at.to_string(),
            updated_at: doc.updated_at.to_string(),
        }
    }
}

/// A page of the log, newest decision first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionPageDto {
    pub items: Vec<DecisionDto>,
    /// How many decisions match the filters.
    pub total: usize,
    pub page: usize,
    pub per_page: usize,
    pub pages: usize,
}

impl From<&DecisionPage> for DecisionPageDto {
    fn from(page: &DecisionPage) -> DecisionPageDto {
        DecisionPageDto {
            items: page.items.iter().map(DecisionDto::from).collect(),
            total: page.total,
            page: page.page,
            per_page: page.per_page,
            pages: page.pages(),
        }
    }
}

/// Where a decision was made.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionSourceDto {
    /// `proposal`, `thread`, `meeting`, `link` or `text` (words that name no place).
    pub kind: String,
    pub label: String,
    /// A path in this workspace (`/threads/12`) or an address elsewhere; null for `text`.
    pub href: Option<String>,
}

impl From<&DecisionSource> for DecisionSourceDto {
    fn from(source: &DecisionSource) -> DecisionSourceDto {
        DecisionSourceDto {
            kind: source.kind.as_str().to_owned(),
            label: source.label.clone(),
            href: source.href.clone(),
        }
    }
}

/// One decision with its source and body.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionDetailDto {
    #[serde(flatten)]
    pub decision: DecisionDto,
    /// Where it was decided; null when nothing says (or you may not see it).
    pub source: Option<DecisionSourceDto>,
    /// Markdown.
    pub body: String,
    /// The body rendered and sanitised.
    pub html: String,
}

impl From<&DecisionDetail> for DecisionDetailDto {
    fn from(detail: &DecisionDetail) -> DecisionDetailDto {
        DecisionDetailDto {
            decision: DecisionDto::from(&detail.decision),
            source: detail.source.as_ref().map(DecisionSourceDto::from),
            body: detail.decision.doc.body.clone(),
            html: detail.html.clone(),
        }
    }
}
