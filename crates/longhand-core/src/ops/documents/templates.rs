//! Which template a document follows: a built-in kind, or one of its space's own templates.

use super::super::{Actor, App, OpResult, commit, forbidden, invalid};
use crate::store::documents as store_docs;
use longhand_domain::access::{self, SpaceFacts};
use longhand_domain::templates::{Template, builtins, find_builtin};
use serde_json::json;
use sqlx::AnyConnection;

/// The template of `kind` for a document in a space; an unknown kind is refused.
pub async fn template_for(
    conn: &mut AnyConnection,
    space_id: i64,
    kind: &str,
) -> OpResult<Option<Template>> {
    let kind = kind.trim().to_ascii_lowercase();
    if let Some(template) = find_builtin(&kind) {
        return Ok(Some(template.clone()));
    }
    let custom = store_docs::space_templates(conn, space_id).await?;
    let Some(record) = custom.into_iter().find(|t| t.kind == kind) else {
        return Err(invalid(format!(
            "unknown kind \"{kind}\"; use a built-in kind ({}) or one of the space's templates",
            builtins()
                .iter()
                .map(|t| t.kind().as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    };
    let template = Template::parse_custom(&record.source)
        .map_err(|_| invalid(format!("the space's template \"{kind}\" no longer parses")))?;
    Ok(Some(template))
}

/// A template offered when writing a document.
#[derive(Debug, Clone)]
pub struct TemplateInfo {
    pub template: Template,
    /// Whether the space defined it (rather than it being built in).
    pub custom: bool,
}

/// The built-in templates, then the space's own (when a space is given and visible).
pub async fn templates(
    app: &App,
    actor: &Actor,
    space: Option<&str>,
) -> OpResult<Vec<TemplateInfo>> {
    let mut found: Vec<TemplateInfo> = builtins()
        .iter()
        .map(|template| TemplateInfo {
            template: template.clone(),
            custom: false,
        })
        .collect();
    let Some(space) = space else {
        return Ok(found);
    };
    let mut conn = app.store().read().await?;
    let space = super::super::spaces::visible_space(&mut conn, actor, space).await?;
    for record in store_docs::space_templates(&mut conn, space.id).await? {
        if let Ok(template) = Template::parse_custom(&record.source) {
            found.push(TemplateInfo {
                template,
                custom: true,
            });
        }
    }
    Ok(found)
}

/// Adds (or replaces) a space's own template. Space admins only; the source must parse, and
/// a built-in kind cannot be shadowed.
pub async fn save_space_template(
    app: &App,
    actor: &Actor,
    space: &str,
    source: &str,
) -> OpResult<Template> {
    if source.len() > 100_000 {
        return Err(invalid("a template can be at most 100,000 bytes"));
    }
    crate::ops::multi_line("template", source)?;
    let template = Template::parse_custom(source).map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        invalid(format!(
            "the template has problems: {}",
            messages.join("; ")
        ))
    })?;
    let kind = template.kind().as_str().to_owned();
    if find_builtin(&kind).is_some() {
        return Err(invalid(format!(
            "\"{kind}\" is a built-in kind; give your template its own kind"
        )));
    }
    let mut tx = app.store().write().await?;
    let space = super::super::spaces::visible_space(&mut tx, actor, space).await?;
    let facts = SpaceFacts {
        visibility: space.visibility,
        membership: space.viewer_role,
    };
    if !access::can_manage_space(actor.role, facts) {
        return Err(forbidden("only the space's admins can add templates"));
    }
    store_docs::save_template(&mut tx, space.id, &kind, source, actor.id, app.now()).await?;
    let payload = json!({"space": space.slug, "kind": kind});
    app.record(&mut tx, Some(actor), "template.saved", payload)
        .await?;
    commit(tx).await?;
    Ok(template)
}
