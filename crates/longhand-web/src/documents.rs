//! Document pages: the list, writing from a template with the live lint, reading (rendered
//! Markdown, threads, backlinks, sharing), history and the diff of two revisions.

use super::asks::{viewer_zone, when};
use super::error::PageError;
use super::view::{Chrome, render};
use super::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use jiff::tz::TimeZone;
use longhand_core::diff::Tag;
use longhand_core::ops::documents::{
    self as docs, DocFinding, DocInput, DocView, ListQuery, NewDocInput, Place, field_from_form,
    skeleton_body,
};
use longhand_core::ops::threads::{self, ThreadView};
use longhand_core::ops::{self, OpError};
use longhand_core::views::documents::DocumentRecord;
use longhand_domain::documents::{Classification, FieldValue, lifecycle_of};
use longhand_domain::lint::{ParsedDoc, Severity};
use longhand_domain::names::Handle;
use longhand_domain::templates::{FieldType, Template as DocTemplate, find_builtin};
use serde::Deserialize;

/// A document in a list.
pub(crate) struct DocRow {
    slug: String,
    title: String,
    kind: String,
    space: String,
    status: String,
    classification: &'static str,
    owner: String,
    updated: String,
}

/// A template field's name as a label: `review_date` reads "Review date".
fn field_label(name: &str) -> String {
    let text = name.replace('_', " ");
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

fn kind_name(kind: &str) -> String {
    find_builtin(kind).map_or_else(|| kind.to_owned(), |t| t.name().to_owned())
}

fn row(doc: &DocumentRecord, zone: &TimeZone) -> DocRow {
    DocRow {
        slug: doc.slug.clone(),
        title: doc.title.clone(),
        kind: kind_name(&doc.kind),
        space: doc.space_name.clone(),
        status: doc.status.clone(),
        classification: doc.classification.as_str(),
        owner: doc.owner_name.clone(),
        updated: when(doc.updated_at, zone),
    }
}

#[derive(Template)]
#[template(path = "docs/list.html")]
struct ListPage {
    chrome: Chrome,
    rows: Vec<DocRow>,
    spaces: Vec<(String, String)>,
    kinds: Vec<(String, String)>,
    space: String,
    kind: String,
    status: String,
    can_write: bool,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ListParams {
    #[serde(default)]
    space: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    status: String,
}

fn non_empty(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// GET /docs
pub(crate) async fn list(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    let query = ListQuery {
        space: non_empty(&params.space),
        kind: non_empty(&params.kind),
        status: non_empty(&params.status),
        limit: Some(300),
    };
    let found = docs::list(&state.app, &viewer.actor, &query).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let page = ListPage {
        chrome: Chrome::for_viewer(&viewer, "Documents", "docs"),
        rows: found.iter().map(|doc| row(doc, &zone)).collect(),
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        kinds: kinds(),
        space: params.space,
        kind: params.kind,
        status: params.status,
        can_write: viewer.actor.role != longhand_domain::workspace::Role::Guest,
    };
    Ok(render(&page))
}

fn kinds() -> Vec<(String, String)> {
    longhand_domain::templates::builtins()
        .iter()
        .map(|t| (t.kind().as_str().to_owned(), t.name().to_owned()))
        .collect()
}

/// A template offered on the "new document" page.
struct TemplateCard {
    kind: String,
    name: String,
    custom: bool,
}

#[derive(Template)]
#[template(path = "docs/new.html")]
struct ChoosePage {
    chrome: Chrome,
    spaces: Vec<(String, String)>,
    space: String,
    templates: Vec<TemplateCard>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct NewParams {
    #[serde(default)]
    space: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent: String,
}

/// GET /docs/new — pick a space and a template, then the editor starts from its skeleton.
pub(crate) async fn new_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<NewParams>,
) -> Result<Response, PageError> {
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let space = non_empty(&params.space)
        .or_else(|| spaces.first().map(|s| s.slug.clone()))
        .unwrap_or_default();
    if !params.kind.is_empty() && !space.is_empty() {
        return editor_for_new(&state, &viewer, &space, &params.kind, &params.parent).await;
    }
    let templates = if space.is_empty() {
        Vec::new()
    } else {
        docs::templates(&state.app, &viewer.actor, Some(&space)).await?
    };
    let page = ChoosePage {
        chrome: Chrome::for_viewer(&viewer, "New document", "docs"),
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        space,
        templates: templates
            .into_iter()
            .map(|info| TemplateCard {
                kind: info.template.kind().as_str().to_owned(),
                name: info.template.name().to_owned(),
                custom: info.custom,
            })
            .collect(),
    };
    Ok(render(&page))
}

/// One template field in the editor.
pub(crate) struct FieldInput {
    name: String,
    label: String,
    hint: String,
    input: &'static str,
    value: String,
    options: Vec<String>,
    required: bool,
}

fn field_inputs(
    template: Option<&DocTemplate>,
    values: &[(String, FieldValue)],
) -> Vec<FieldInput> {
    let Some(template) = template else {
        return Vec::new();
    };
    template
        .fields()
        .iter()
        .filter(|spec| !matches!(spec.name.as_str(), "status" | "owner" | "intent" | "title"))
        .map(|spec| {
            let value = values
                .iter()
                .find(|(name, _)| *name == spec.name)
                .map(|(_, v)| v.display())
                .unwrap_or_default();
            let (input, options) = match &spec.field_type {
                FieldType::Date => ("date", Vec::new()),
                FieldType::Enum(options) => ("select", options.clone()),
                FieldType::List => ("list", Vec::new()),
                FieldType::Member => ("member", Vec::new()),
                FieldType::Text => ("text", Vec::new()),
            };
            FieldInput {
                label: field_label(&spec.name),
                name: spec.name.clone(),
                hint: spec.hint.clone(),
                input,
                value,
                options,
                required: spec.required,
            }
        })
        .collect()
}

/// A lint finding as the editor and the page show it.
pub(crate) struct FindingRow {
    error: bool,
    rule: String,
    message: String,
    hint: String,
    place: String,
}

fn finding_rows(findings: &[DocFinding]) -> Vec<FindingRow> {
    findings
        .iter()
        .map(|f| FindingRow {
            error: f.finding.severity == Severity::Error,
            rule: f.finding.rule.as_str().to_owned(),
            message: f.finding.message.clone(),
            hint: editor_hint(f),
            place: match &f.place {
                Place::Field(name) => name.replace('_', " "),
                Place::Body { line, .. } => format!("line {line}"),
            },
        })
        .collect()
}

/// The lint's hints speak of front matter, which the editor shows as form fields: a finding
/// on a field says which field to fill instead.
fn editor_hint(f: &DocFinding) -> String {
    match &f.place {
        Place::Field(name) if f.finding.hint.contains("front matter") => {
            let label = name.replace('_', " ");
            format!("Fill in the “{label}” field above.")
        }
        // The editor has no `read:` field; saying it in the text satisfies the rule too.
        Place::Body { .. } if f.finding.rule.as_str() == "scope" => {
            "Say in the text whether readers should give it a “brief read” or a “detailed review”."
                .to_owned()
        }
        _ => f.finding.hint.replace('`', ""),
    }
}

/// The editor's form values.
pub(crate) struct EditValues {
    title: String,
    intent: String,
    owner: String,
    classification: String,
    tags: String,
    body: String,
    note: String,
}

#[derive(Template)]
#[template(path = "docs/edit.html")]
struct EditPage {
    chrome: Chrome,
    is_new: bool,
    action: String,
    slug: String,
    space: String,
    space_name: String,
    kind: String,
    kind_name: String,
    parent: String,
    base: i64,
    status: String,
    values: EditValues,
    fields: Vec<FieldInput>,
    classifications: Vec<(&'static str, &'static str)>,
    findings: Vec<FindingRow>,
    error: Option<String>,
}

/// What the editor edits: a new document of a kind in a space, or a revision of one.
enum EditTarget<'a> {
    New {
        space: String,
        space_name: String,
        kind: String,
        parent: String,
    },
    Existing {
        doc: &'a DocumentRecord,
        base: i64,
    },
}

fn edit_page(
    viewer: &Viewer,
    target: EditTarget<'_>,
    values: EditValues,
    fields: Vec<FieldInput>,
    findings: Vec<FindingRow>,
    error: Option<String>,
) -> EditPage {
    let (is_new, action, slug, space, space_name, kind, parent, base, status) = match target {
        EditTarget::New {
            space,
            space_name,
            kind,
            parent,
        } => {
            let status = lifecycle_of(&kind).initial().to_owned();
            (
                true,
                "/docs".to_owned(),
                String::new(),
                space,
                space_name,
                kind,
                parent,
                0,
                status,
            )
        }
        EditTarget::Existing { doc, base } => (
            false,
            format!("/docs/{}", doc.slug),
            doc.slug.clone(),
            doc.space_slug.clone(),
            doc.space_name.clone(),
            doc.kind.clone(),
            String::new(),
            base,
            doc.status.clone(),
        ),
    };
    let kind_name = kind_name(&kind);
    let title = if is_new {
        format!("New {kind_name}")
    } else {
        format!("Edit {}", values.title)
    };
    EditPage {
        chrome: Chrome::for_viewer(viewer, title, "docs"),
        is_new,
        action,
        slug,
        space,
        space_name,
        kind,
        kind_name,
        parent,
        base,
        status,
        values,
        fields,
        classifications: classifications(),
        findings,
        error,
    }
}

fn classifications() -> Vec<(&'static str, &'static str)> {
    Classification::ALL
        .iter()
        .map(|c| (c.as_str(), c.audience()))
        .collect()
}

async fn editor_for_new(
    state: &AppState,
    viewer: &Viewer,
    space: &str,
    kind: &str,
    parent: &str,
) -> Result<Response, PageError> {
    let templates = docs::templates(&state.app, &viewer.actor, Some(space)).await?;
    let Some(info) = templates
        .into_iter()
        .find(|t| t.template.kind().as_str() == kind)
    else {
        return Err(PageError(OpError::NotFound("template")));
    };
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let space_name = spaces
        .iter()
        .find(|s| s.slug == space)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let target = EditTarget::New {
        space: space.to_owned(),
        space_name,
        kind: kind.to_owned(),
        parent: parent.to_owned(),
    };
    let values = EditValues {
        title: String::new(),
        intent: String::new(),
        owner: viewer.actor.handle.clone(),
        classification: "internal".into(),
        tags: String::new(),
        body: skeleton_body(&info.template),
        note: String::new(),
    };
    let fields = field_inputs(Some(&info.template), &[]);
    let page = edit_page(viewer, target, values, fields, Vec::new(), None);
    Ok(render(&page))
}

/// Everything the editor posts: fixed fields plus `field.<name>` for template fields.
struct Posted {
    pairs: Vec<(String, String)>,
}

impl Posted {
    fn get(&self, key: &str) -> String {
        self.pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    fn values(&self) -> EditValues {
        EditValues {
            title: self.get("title"),
            intent: self.get("intent"),
            owner: self.get("owner"),
            classification: self.get("classification"),
            tags: self.get("tags"),
            body: self.get("body").replace("\r\n", "\n"),
            note: self.get("note"),
        }
    }

    fn input(&self, template: Option<&DocTemplate>) -> Result<DocInput, OpError> {
        let values = self.values();
        let owner = match values.owner.trim() {
            "" => None,
            raw => Some(Handle::parse(raw).map_err(ops::invalid)?),
        };
        let classification = match values.classification.trim() {
            "" => None,
            raw => Some(Classification::parse(raw).map_err(ops::invalid)?),
        };
        let fields = self
            .pairs
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("field.").map(|name| (name, v)))
            .map(|(name, raw)| (name.to_owned(), field_from_form(template, name, raw)))
            .collect();
        Ok(DocInput {
            title: values.title,
            intent: values.intent,
            classification,
            owner,
            tags: values.tags.split(',').map(str::to_owned).collect(),
            fields,
            body: values.body,
        })
    }

    fn field_values(&self, template: Option<&DocTemplate>) -> Vec<(String, FieldValue)> {
        self.input(template).map(|i| i.fields).unwrap_or_default()
    }
}

async fn template_of(
    state: &AppState,
    viewer: &Viewer,
    space: &str,
    kind: &str,
) -> Option<DocTemplate> {
    docs::templates(&state.app, &viewer.actor, Some(space))
        .await
        .ok()?
        .into_iter()
        .find(|t| t.template.kind().as_str() == kind)
        .map(|t| t.template)
}

/// POST /docs — create from the editor.
pub(crate) async fn create(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let posted = Posted { pairs };
    let space = posted.get("space");
    let kind = posted.get("kind");
    let template = template_of(&state, &viewer, &space, &kind).await;
    let result = match posted.input(template.as_ref()) {
        Ok(content) => {
            let input = NewDocInput {
                space: space.clone(),
                kind: kind.clone(),
                parent: non_empty(&posted.get("parent")),
                source_thread_id: None,
                content,
            };
            docs::create(&state.app, &viewer.actor, input).await
        }
        Err(err) => Err(err),
    };
    match result {
        Ok(saved) => Ok(saved_redirect(&saved.doc.slug, &saved.unknown_mentions)),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_))) => {
            let target = EditTarget::New {
                space_name: space.clone(),
                space,
                kind,
                parent: posted.get("parent"),
            };
            let fields = field_inputs(template.as_ref(), &posted.field_values(template.as_ref()));
            let page = edit_page(
                &viewer,
                target,
                posted.values(),
                fields,
                Vec::new(),
                Some(err.to_string()),
            );
            Ok(render(&page))
        }
        Err(err) => Err(err.into()),
    }
}

fn saved_redirect(slug: &str, unknown: &[String]) -> Response {
    let notice = if unknown.is_empty() {
        "doc-saved"
    } else {
        "doc-saved-unknown"
    };
    let mut url = format!("/docs/{slug}?ok={notice}");
    if !unknown.is_empty() {
        let names: Vec<String> = unknown.iter().map(|h| format!("@{h}")).collect();
        url.push_str(&format!(
            "&unknown={}",
            form_urlencoded::byte_serialize(names.join(", ").as_bytes()).collect::<String>()
        ));
    }
    Redirect::to(&url).into_response()
}

/// GET /docs/{slug}/edit
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let view = docs::get(&state.app, &viewer.actor, &slug).await?;
    if !view.rights.can_edit {
        return Err(PageError(OpError::Forbidden(
            "you can read this document but not change it".into(),
        )));
    }
    let doc = &view.doc;
    let template = template_of(&state, &viewer, &doc.space_slug, &doc.kind).await;
    let values = EditValues {
        title: doc.title.clone(),
        intent: doc.intent.clone(),
        owner: doc.owner_handle.clone(),
        classification: doc.classification.as_str().into(),
        tags: doc.tags.join(", "),
        body: doc.body.clone(),
        note: String::new(),
    };
    let fields = field_inputs(template.as_ref(), &doc.fields);
    let target = EditTarget::Existing {
        doc,
        base: doc.revision,
    };
    let page = edit_page(
        &viewer,
        target,
        values,
        fields,
        finding_rows(&view.findings),
        None,
    );
    Ok(render(&page))
}

/// POST /docs/{slug} — save a new revision.
pub(crate) async fn update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let posted = Posted { pairs };
    let view = docs::get(&state.app, &viewer.actor, &slug).await?;
    let template = template_of(&state, &viewer, &view.doc.space_slug, &view.doc.kind).await;
    let base: i64 = posted.get("base").parse().unwrap_or(0);
    let result = match posted.input(template.as_ref()) {
        Ok(input) => {
            docs::update(
                &state.app,
                &viewer.actor,
                &slug,
                base,
                input,
                &posted.get("note"),
            )
            .await
        }
        Err(err) => Err(err),
    };
    match result {
        Ok(saved) => Ok(saved_redirect(&saved.doc.slug, &saved.unknown_mentions)),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_))) => {
            let doc = &view.doc;
            let fields = field_inputs(template.as_ref(), &posted.field_values(template.as_ref()));
            let target = EditTarget::Existing { doc, base };
            let page = edit_page(
                &viewer,
                target,
                posted.values(),
                fields,
                Vec::new(),
                Some(err.to_string()),
            );
            Ok(render(&page))
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Template)]
#[template(path = "docs/lint.html")]
struct LintFragment {
    errors: usize,
    findings: Vec<FindingRow>,
    error: Option<String>,
}

/// POST /docs/lint — the editor's live lint, as an htmx fragment.
pub(crate) async fn live_lint(
    State(state): State<AppState>,
    viewer: Viewer,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let posted = Posted { pairs };
    let space = posted.get("space");
    let kind = posted.get("kind");
    let status = posted.get("status");
    let template = template_of(&state, &viewer, &space, &kind).await;
    let result = match posted.input(template.as_ref()) {
        Ok(input) => {
            docs::check(
                &state.app,
                &viewer.actor,
                &space,
                &kind,
                non_empty(&status).as_deref(),
                input,
            )
            .await
        }
        Err(err) => Err(err),
    };
    let fragment = match result {
        Ok(findings) => LintFragment {
            errors: findings.iter().filter(|f| f.is_error()).count(),
            findings: finding_rows(&findings),
            error: None,
        },
        Err(err @ OpError::Invalid(_)) => LintFragment {
            errors: 0,
            findings: Vec::new(),
            error: Some(err.to_string()),
        },
        Err(err) => return Err(err.into()),
    };
    Ok(render(&fragment))
}

/// A thread as the document page lists it.
pub(crate) struct ThreadRow {
    pub(crate) id: i64,
    pub(crate) title: String,
    pub(crate) section: Option<String>,
    pub(crate) section_gone: Option<String>,
    pub(crate) anchor: String,
    pub(crate) resolved: bool,
    pub(crate) comments: Vec<CommentRow>,
    pub(crate) can_resolve: bool,
    pub(crate) elevated: Option<(String, String)>,
}

/// A comment with its rendered body.
pub(crate) struct CommentRow {
    pub(crate) id: i64,
    pub(crate) author: String,
    pub(crate) handle: String,
    pub(crate) at: String,
    pub(crate) html: String,
}

pub(crate) fn thread_row(view: ThreadView, zone: &TimeZone) -> ThreadRow {
    let anchor = view.thread.anchor.clone().unwrap_or_default();
    let section_gone = match (&view.thread.anchor, &view.section) {
        (Some(_), None) => view.thread.anchor_text.clone(),
        _ => None,
    };
    ThreadRow {
        id: view.thread.id,
        title: view.thread.title.clone(),
        section: view.section.clone(),
        section_gone,
        anchor,
        resolved: view.thread.resolved_at.is_some(),
        can_resolve: view.can_resolve,
        elevated: view.elevated.clone(),
        comments: view
            .comments
            .into_iter()
            .map(|c| CommentRow {
                id: c.comment.id,
                author: c.comment.author_name,
                handle: c.comment.author_handle,
                at: when(c.comment.created_at, zone),
                html: c.html,
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "docs/view.html")]
struct ViewPage {
    chrome: Chrome,
    doc: DocRow,
    space_slug: String,
    intent: String,
    owner_handle: String,
    audience: &'static str,
    revision: i64,
    created: String,
    tags: Vec<String>,
    fields: Vec<(String, String)>,
    html: String,
    errors: usize,
    findings: Vec<FindingRow>,
    next_statuses: Vec<&'static str>,
    can_edit: bool,
    can_govern: bool,
    can_comment: bool,
    sections: Vec<(String, String)>,
    threads: Vec<ThreadRow>,
    backlinks: Vec<DocRow>,
    readers: Vec<(String, String)>,
    restricted: bool,
    shares: Vec<ShareRow>,
    share_spaces: Vec<(String, String)>,
    breadcrumbs: Vec<(String, String)>,
    children: Vec<(String, String)>,
    source_thread: Option<i64>,
    asks: Vec<(i64, String, String, String)>,
    /// For handbook pages: the other pages of the space, as possible parents.
    parents: Vec<(String, String)>,
    is_handbook: bool,
    unknown: String,
    error: Option<String>,
    thread_error: Option<String>,
}

/// A share request on the document page.
pub(crate) struct ShareRow {
    id: i64,
    space: String,
    by: String,
    reason: String,
    state: String,
    decided_by: String,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct ViewParams {
    ok: Option<String>,
    #[serde(default)]
    unknown: String,
    /// Why a new thread was refused; `threads::start_on_document` redirects back with it.
    #[serde(default)]
    thread_error: String,
}

/// GET /docs/{slug}
pub(crate) async fn view(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(params): Query<ViewParams>,
) -> Result<Response, PageError> {
    let mut page = view_model(
        &state,
        &viewer,
        &slug,
        params.ok.as_deref(),
        &params.unknown,
        None,
    )
    .await?;
    page.thread_error = non_empty(&params.thread_error);
    Ok(render(&page))
}

async fn view_page(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    notice: Option<&str>,
    unknown: &str,
    error: Option<String>,
) -> Result<Response, PageError> {
    let page = view_model(state, viewer, slug, notice, unknown, error).await?;
    Ok(render(&page))
}

async fn view_model(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    notice: Option<&str>,
    unknown: &str,
    error: Option<String>,
) -> Result<ViewPage, PageError> {
    let view = docs::get(&state.app, &viewer.actor, slug).await?;
    let zone = viewer_zone(state, viewer).await?;
    let threads = threads::on_document(&state.app, &viewer.actor, slug).await?;
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let asks = ops::asks::about_document(&state.app, &viewer.actor, slug).await?;
    let space = view.doc.space_slug.clone();
    let this = view.doc.slug.clone();
    let mut page = view_of(viewer, view, threads, spaces, &zone, notice, unknown, error);
    if page.is_handbook && page.can_edit {
        page.parents = docs::handbook(&state.app, &viewer.actor, Some(&space))
            .await?
            .into_iter()
            .filter(|entry| entry.doc.slug != this)
            .map(|entry| (entry.doc.slug, entry.doc.title))
            .collect();
    }
    page.asks = asks
        .into_iter()
        .map(|a| {
            let who = if a.responder_id == viewer.actor.id {
                a.asker_name
            } else {
                a.responder_name
            };
            (a.id, a.title, a.state, who)
        })
        .collect();
    Ok(page)
}

#[allow(clippy::too_many_arguments)]
fn view_of(
    viewer: &Viewer,
    view: DocView,
    threads: Vec<ThreadView>,
    spaces: Vec<longhand_core::views::spaces::SpaceRecord>,
    zone: &TimeZone,
    notice: Option<&str>,
    unknown: &str,
    error: Option<String>,
) -> ViewPage {
    let doc = &view.doc;
    let sections = ParsedDoc::parse(&doc.body)
        .body()
        .headings()
        .iter()
        .map(|h| (h.anchor.clone(), h.text.clone()))
        .collect();
    ViewPage {
        chrome: Chrome::for_viewer(viewer, doc.title.clone(), "docs").with_notice(notice),
        doc: row(doc, zone),
        space_slug: doc.space_slug.clone(),
        intent: doc.intent.clone(),
        owner_handle: doc.owner_handle.clone(),
        audience: doc.classification.audience(),
        revision: doc.revision,
        created: when(doc.created_at, zone),
        tags: doc.tags.clone(),
        fields: doc
            .fields
            .iter()
            .filter(|(_, v)| !v.is_blank())
            .map(|(n, v)| (field_label(n), v.display()))
            .collect(),
        html: view.html.clone(),
        errors: view.findings.iter().filter(|f| f.is_error()).count(),
        findings: finding_rows(&view.findings),
        next_statuses: view.next_statuses.to_vec(),
        can_edit: view.rights.can_edit,
        can_govern: view.rights.can_govern,
        can_comment: view.rights.can_comment,
        sections,
        threads: threads.into_iter().map(|t| thread_row(t, zone)).collect(),
        backlinks: view.backlinks.iter().map(|d| row(d, zone)).collect(),
        readers: view
            .readers
            .iter()
            .map(|(_, h, n)| (h.clone(), n.clone()))
            .collect(),
        restricted: doc.classification == Classification::Restricted,
        shares: view
            .shares
            .iter()
            .map(|s| ShareRow {
                id: s.id,
                space: s.space_name.clone(),
                by: s.requested_by_handle.clone(),
                reason: s.reason.clone(),
                state: s.state.clone(),
                decided_by: s.decided_by_handle.clone().unwrap_or_default(),
            })
            .collect(),
        share_spaces: spaces
            .into_iter()
            .filter(|s| s.id != doc.space_id)
            .map(|s| (s.slug, s.name))
            .collect(),
        breadcrumbs: view.breadcrumbs.clone(),
        children: view
            .children
            .iter()
            .map(|c| (c.slug.clone(), c.title.clone()))
            .collect(),
        source_thread: doc.source_thread_id,
        asks: Vec::new(),
        parents: Vec::new(),
        is_handbook: doc.kind == "handbook",
        unknown: unknown.to_owned(),
        error,
        thread_error: None,
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct StatusForm {
    base: i64,
    to: String,
}

/// POST /docs/{slug}/status
pub(crate) async fn set_status(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<StatusForm>,
) -> Result<Response, PageError> {
    let result = docs::set_status(&state.app, &viewer.actor, &slug, form.base, &form.to).await;
    after(&state, &viewer, &slug, result.map(|_| ()), "doc-status").await
}

async fn after(
    state: &AppState,
    viewer: &Viewer,
    slug: &str,
    result: Result<(), OpError>,
    notice: &str,
) -> Result<Response, PageError> {
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/docs/{slug}?ok={notice}")).into_response()),
        Err(err @ (OpError::Invalid(_) | OpError::Conflict(_) | OpError::Forbidden(_))) => {
            view_page(state, viewer, slug, None, "", Some(err.to_string())).await
        }
        Err(err) => Err(err.into()),
    }
}

#[derive(Debug, Deserialize)]
pub(crate) struct ReadersForm {
    #[serde(default)]
    readers: String,
}

/// POST /docs/{slug}/readers
pub(crate) async fn set_readers(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<ReadersForm>,
) -> Result<Response, PageError> {
    let handles: Result<Vec<Handle>, _> = form
        .readers
        .split([',', ' '])
        .filter(|h| !h.trim().is_empty())
        .map(Handle::parse)
        .collect();
    let result = match handles {
        Ok(handles) => docs::set_readers(&state.app, &viewer.actor, &slug, &handles)
            .await
            .map(|_| ()),
        Err(err) => Err(ops::invalid(err)),
    };
    after(&state, &viewer, &slug, result, "readers-saved").await
}

#[derive(Debug, Deserialize)]
pub(crate) struct ShareForm {
    #[serde(default)]
    space: String,
    #[serde(default)]
    reason: String,
}

/// POST /docs/{slug}/share
pub(crate) async fn request_share(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<ShareForm>,
) -> Result<Response, PageError> {
    let result =
        docs::request_share(&state.app, &viewer.actor, &slug, &form.space, &form.reason).await;
    after(
        &state,
        &viewer,
        &slug,
        result.map(|_| ()),
        "share-requested",
    )
    .await
}

#[derive(Debug, Deserialize)]
pub(crate) struct DecideForm {
    decision: String,
}

/// POST /docs/{slug}/share/{id}
pub(crate) async fn decide_share(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((slug, id)): Path<(String, i64)>,
    Form(form): Form<DecideForm>,
) -> Result<Response, PageError> {
    let approve = form.decision == "approve";
    let result = docs::decide_share(&state.app, &viewer.actor, &slug, id, approve).await;
    after(
        &state,
        &viewer,
        &slug,
        result,
        if approve {
            "share-approved"
        } else {
            "share-denied"
        },
    )
    .await
}

/// A revision in the history list.
pub(crate) struct RevisionRow {
    number: i64,
    author: String,
    at: String,
    note: String,
    status: String,
}

#[derive(Template)]
#[template(path = "docs/history.html")]
struct HistoryPage {
    chrome: Chrome,
    slug: String,
    title: String,
    revisions: Vec<RevisionRow>,
}

/// GET /docs/{slug}/history
pub(crate) async fn history(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
) -> Result<Response, PageError> {
    let (doc, revisions) = docs::history(&state.app, &viewer.actor, &slug).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let page = HistoryPage {
        chrome: Chrome::for_viewer(&viewer, format!("History of {}", doc.title), "docs"),
        slug: doc.slug,
        title: doc.title,
        revisions: revisions
            .into_iter()
            .map(|r| RevisionRow {
                number: r.number,
                author: r.author_name,
                at: when(r.created_at, &zone),
                note: r.note,
                status: r.status,
            })
            .collect(),
    };
    Ok(render(&page))
}

/// One line of the diff, as the page shows it.
pub(crate) struct DiffLineRow {
    tag: &'static str,
    old: String,
    new: String,
    spans: Vec<(String, bool)>,
}

#[derive(Template)]
#[template(path = "docs/diff.html")]
struct DiffPage {
    chrome: Chrome,
    slug: String,
    title: String,
    from: i64,
    to: i64,
    from_label: String,
    to_label: String,
    hunks: Vec<Vec<DiffLineRow>>,
    added: usize,
    removed: usize,
    approximate: bool,
    numbers: Vec<i64>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct DiffParams {
    from: Option<i64>,
    to: Option<i64>,
}

/// GET /docs/{slug}/diff?from=&to=
pub(crate) async fn diff(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Query(params): Query<DiffParams>,
) -> Result<Response, PageError> {
    let doc = docs::current(&state.app, &viewer.actor, &slug).await?;
    let to = params.to.unwrap_or(doc.revision);
    let from = params.from.unwrap_or((to - 1).max(1));
    let view = docs::diff(&state.app, &viewer.actor, &slug, from, to).await?;
    let zone = viewer_zone(&state, &viewer).await?;
    let label = |r: &longhand_core::views::documents::RevisionRecord| {
        format!(
            "Revision {} · {} · {}",
            r.number,
            r.author_name,
            when(r.created_at, &zone)
        )
    };
    let page = DiffPage {
        chrome: Chrome::for_viewer(&viewer, format!("Changes to {}", doc.title), "docs"),
        slug: doc.slug.clone(),
        title: doc.title.clone(),
        from,
        to,
        from_label: label(&view.old),
        to_label: label(&view.new),
        hunks: view
            .diff
            .hunks
            .iter()
            .map(|hunk| {
                hunk.iter()
                    .map(|line| DiffLineRow {
                        tag: line.tag.as_str(),
                        old: line.old_number.map(|n| n.to_string()).unwrap_or_default(),
                        new: line.new_number.map(|n| n.to_string()).unwrap_or_default(),
                        spans: line
                            .spans
                            .iter()
                            .map(|s| (s.text.clone(), s.changed && line.tag != Tag::Same))
                            .collect(),
                    })
                    .collect()
            })
            .collect(),
        added: view.diff.added,
        removed: view.diff.removed,
        approximate: view.diff.approximate,
        numbers: (1..=doc.revision).rev().collect(),
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "docs/handbook.html")]
struct HandbookPage {
    chrome: Chrome,
    entries: Vec<(String, String, usize, bool)>,
    spaces: Vec<(String, String)>,
    space: String,
    can_write: bool,
}

/// GET /handbook
pub(crate) async fn handbook(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(params): Query<ListParams>,
) -> Result<Response, PageError> {
    let space = non_empty(&params.space);
    let entries = docs::handbook(&state.app, &viewer.actor, space.as_deref()).await?;
    let spaces = docs::writable_spaces(&state.app, &viewer.actor).await?;
    let page = HandbookPage {
        chrome: Chrome::for_viewer(&viewer, "Handbook", "handbook"),
        entries: entries
            .into_iter()
            .enumerate()
            .map(|(i, e)| (e.doc.slug, e.doc.title, e.depth, i == 0))
            .collect(),
        spaces: spaces.into_iter().map(|s| (s.slug, s.name)).collect(),
        space: params.space,
        can_write: viewer.actor.role != longhand_domain::workspace::Role::Guest,
    };
    Ok(render(&page))
}

#[derive(Debug, Deserialize)]
pub(crate) struct MoveForm {
    #[serde(default)]
    parent: String,
    #[serde(default)]
    position: usize,
}

/// POST /docs/{slug}/move
pub(crate) async fn move_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(slug): Path<String>,
    Form(form): Form<MoveForm>,
) -> Result<Response, PageError> {
    let parent = non_empty(&form.parent);
    let result = docs::move_page(
        &state.app,
        &viewer.actor,
        &slug,
        parent.as_deref(),
        form.position,
    )
    .await;
    after(&state, &viewer, &slug, result, "page-moved").await
}

#[cfg(test)]
mod tests {
    use super::*;
    use longhand_domain::lint::{Finding, Position, RuleId};

    fn finding(rule: RuleId, hint: &str, place: Place) -> DocFinding {
        let finding = Finding {
            rule,
            severity: Severity::Warning,
            position: Position::new(1, 1),
            message: String::new(),
            hint: hint.to_owned(),
        };
        DocFinding { finding, place }
    }

    #[test]
    fn editor_hints_speak_of_the_form_not_front_matter() {
        let field = finding(
            RuleId::Intent,
            "Add `intent:` to the front matter.",
            Place::Field("intent".into()),
        );
        assert_eq!(editor_hint(&field), "Fill in the “intent” field above.");
        let scope = finding(
            RuleId::Scope,
            "Add `read: brief` to the front matter.",
            Place::Body { line: 1, column: 1 },
        );
        assert!(
            editor_hint(&scope).contains("brief read"),
            "{}",
            editor_hint(&scope)
        );
        let other = finding(
            RuleId::Tldr,
            "Add a `TL;DR` section.",
            Place::Body { line: 3, column: 1 },
        );
        assert_eq!(editor_hint(&other), "Add a TL;DR section.");
    }
}
