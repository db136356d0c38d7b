//! Writing a document: the editor for a new document (from its template's skeleton) or a new
//! revision, saving either, and the editor's live lint.

use super::{FindingRow, field_label, finding_rows, kind_name, non_empty};
use crate::error::PageError;
use crate::view::{Chrome, render};
use crate::{AppState, Viewer};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use longhand_core::ops::documents::{
    self as docs, DocInput, NewDocInput, field_from_form, skeleton_body,
};
use longhand_core::ops::{self, OpError};
use longhand_core::views::documents::DocumentRecord;
use longhand_domain::documents::{Classification, FieldValue, lifecycle_of};
use longhand_domain::names::Handle;
use longhand_domain::templates::{FieldType, Template as DocTemplate};

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

pub(super) async fn editor_for_new(
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
