//! The nine built-in templates (DESIGN.md §2.2), built once and shared.
//!
//! Skeleton bodies live beside this file as Markdown so they read and diff like documents.

use std::sync::OnceLock;

use super::{Criterion, FieldSpec, FieldType, SectionSpec, Template, TemplateKind, TemplateParts};

/// The built-in kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum BuiltinKind {
    Rfc,
    Adr,
    StatusUpdate,
    Postmortem,
    TaskBrief,
    ReleaseChecklist,
    MeetingNotes,
    Handbook,
    Charter,
}

impl BuiltinKind {
    pub const ALL: [BuiltinKind; 9] = [
        BuiltinKind::Rfc,
        BuiltinKind::Adr,
        BuiltinKind::StatusUpdate,
        BuiltinKind::Postmortem,
        BuiltinKind::TaskBrief,
        BuiltinKind::ReleaseChecklist,
        BuiltinKind::MeetingNotes,
        BuiltinKind::Handbook,
        BuiltinKind::Charter,
    ];

    /// The kind id documents name in `kind:`.
    pub fn id(self) -> &'static str {
        match self {
            BuiltinKind::Rfc => "rfc",
            BuiltinKind::Adr => "adr",
            BuiltinKind::StatusUpdate => "status-update",
            BuiltinKind::Postmortem => "postmortem",
            BuiltinKind::TaskBrief => "task-brief",
            BuiltinKind::ReleaseChecklist => "release-checklist",
            BuiltinKind::MeetingNotes => "meeting-notes",
            BuiltinKind::Handbook => "handbook",
            BuiltinKind::Charter => "charter",
        }
    }

    pub fn from_id(id: &str) -> Option<BuiltinKind> {
        BuiltinKind::ALL.into_iter().find(|kind| kind.id() == id)
    }
}

/// All built-in templates, in [`BuiltinKind::ALL`] order. They are built on first use and
/// shared, so linting many files does not re-parse the skeletons.
pub fn builtins() -> &'static [Template] {
    static TEMPLATES: OnceLock<Vec<Template>> = OnceLock::new();
    TEMPLATES.get_or_init(|| BuiltinKind::ALL.into_iter().map(build).collect())
}

/// The built-in template of a kind.
pub fn builtin(kind: BuiltinKind) -> &'static Template {
    // `ALL` lists every variant in declaration order, so the discriminant is the index.
    &builtins()[kind as usize]
}

/// The built-in template a `kind:` value names, if any.
pub fn find_builtin(id: &str) -> Option<&'static Template> {
    BuiltinKind::from_id(id.trim()).map(builtin)
}

fn build(kind: BuiltinKind) -> Template {
    let spec = spec(kind);
    Template::from_parts(TemplateParts {
        // Every built-in id is a valid kind id; the fallback is unreachable but keeps this total.
        kind: TemplateKind::parse(kind.id()).unwrap_or(TemplateKind(String::from("custom"))),
        name: spec.name.to_owned(),
        fields: spec.fields,
        required_sections: spec
            .sections
            .iter()
            .map(|s| SectionSpec::parse(s))
            .collect(),
        criteria: spec.criteria.to_vec(),
        requests_decision: spec.requests_decision,
        body: spec.body.to_owned(),
    })
}

struct Spec {
    name: &'static str,
    fields: Vec<FieldSpec>,
    sections: &'static [&'static str],
    criteria: &'static [Criterion],
    requests_decision: bool,
    body: &'static str,
}

use Criterion::{Context, Deadline, Purpose, RequiredAction, Scope};

fn spec(kind: BuiltinKind) -> Spec {
    match kind {
        BuiltinKind::Rfc => rfc(),
        BuiltinKind::Adr => adr(),
        BuiltinKind::StatusUpdate => status_update(),
        BuiltinKind::Postmortem => postmortem(),
        BuiltinKind::TaskBrief => task_brief(),
        BuiltinKind::ReleaseChecklist => release_checklist(),
        BuiltinKind::MeetingNotes => meeting_notes(),
        BuiltinKind::Handbook => handbook(),
        BuiltinKind::Charter => charter(),
    }
}

fn field(name: &str, field_type: FieldType, required: bool, hint: &str) -> FieldSpec {
    FieldSpec {
        name: name.to_owned(),
        field_type,
        required,
        hint: hint.to_owned(),
    }
}

fn one_of(options: &[&str]) -> FieldType {
    FieldType::Enum(options.iter().map(|o| (*o).to_owned()).collect())
}

fn rfc() -> Spec {
    Spec {
        name: "RFC / design proposal",
        fields: vec![
            field(
                "deadline",
                FieldType::Date,
                true,
                "when the review window closes",
            ),
            field("reviewers", FieldType::List, true, "who must review"),
            field(
                "deciders",
                FieldType::List,
                false,
                "who decides, if not the owner",
            ),
        ],
        sections: &[
            "Context|Background",
            "Proposal",
            "Alternatives considered|Alternatives|Options considered",
            "Decision criteria|Decision drivers|Criteria",
        ],
        criteria: &[Purpose, RequiredAction, Deadline, Context, Scope],
        requests_decision: true,
        body: include_str!("skeletons/rfc.md"),
    }
}

fn adr() -> Spec {
    let status = one_of(&[
        "proposed",
        "accepted",
        "rejected",
        "superseded",
        "deprecated",
    ]);
    Spec {
        name: "Decision record",
        fields: vec![
            field("status", status, true, ""),
            field("date", FieldType::Date, true, "when the decision was made"),
            field("deciders", FieldType::List, true, ""),
            field(
                "reversibility",
                one_of(&["reversible", "irreversible"]),
                false,
                "",
            ),
            field(
                "supersedes",
                FieldType::Text,
                false,
                "slug of the record this replaces",
            ),
            field(
                "superseded_by",
                FieldType::Text,
                false,
                "slug of the record that replaces this",
            ),
            field(
                "review_date",
                FieldType::Date,
                false,
                "when to check the decision still holds",
            ),
            field(
                "source",
                FieldType::Text,
                false,
                "where it was decided: [[proposal]], thread, meeting or incident link",
            ),
            field(
                "category",
                FieldType::Text,
                false,
                "for an irreversible decision: financial, compliance, regulatory…",
            ),
        ],
        sections: &[
            "Context|Context and problem statement|Background",
            "Options considered|Considered options|Options",
            "Decision|Decision outcome",
            "Rationale",
            "Consequences",
        ],
        criteria: &[Purpose, Context],
        requests_decision: false,
        body: include_str!("skeletons/adr.md"),
    }
}

fn status_update() -> Spec {
    Spec {
        name: "Status update",
        fields: vec![
            field("date", FieldType::Date, true, ""),
            field("period", FieldType::Text, false, "e.g. 2025-W14"),
        ],
        sections: &["Done", "Next", "Blockers|Blocker"],
        criteria: &[Purpose, RequiredAction, Scope],
        requests_decision: false,
        body: include_str!("skeletons/status-update.md"),
    }
}

fn postmortem() -> Spec {
    Spec {
        name: "Incident postmortem",
        fields: vec![
            field(
                "severity",
                one_of(&["sev1", "sev2", "sev3", "sev4"]),
                true,
                "",
            ),
            field("incident_date", FieldType::Date, true, ""),
            field("resolved_date", FieldType::Date, false, ""),
        ],
        sections: &[
            "Summary",
            "Impact",
            "Timeline",
            "Root cause|Root causes",
            "Action items|Follow-ups",
        ],
        criteria: &[Purpose, RequiredAction, Deadline, Scope],
        requests_decision: false,
        body: include_str!("skeletons/postmortem.md"),
    }
}

fn task_brief() -> Spec {
    Spec {
        name: "Task brief",
        fields: vec![
            field("deadline", FieldType::Date, true, ""),
            field("assignee", FieldType::Member, false, ""),
            field(
                "estimate",
                FieldType::Text,
                false,
                "e.g. 6h; a brief is expected above 2 hours",
            ),
        ],
        sections: &[
            "Context|Background",
            "Expected output|Deliverable",
            "Acceptance criteria|Definition of done",
        ],
        criteria: &[Purpose, RequiredAction, Deadline, Context, Scope],
        requests_decision: false,
        body: include_str!("skeletons/task-brief.md"),
    }
}

fn release_checklist() -> Spec {
    Spec {
        name: "Release checklist",
        fields: vec![
            field("version", FieldType::Text, true, ""),
            field("deadline", FieldType::Date, true, "target release date"),
        ],
        sections: &["Scope", "Checklist", "Rollback plan|Rollback"],
        criteria: &[Purpose, RequiredAction, Deadline],
        requests_decision: false,
        body: include_str!("skeletons/release-checklist.md"),
    }
}

fn meeting_notes() -> Spec {
    Spec {
        name: "Meeting notes",
        fields: vec![
            field(
                "date",
                FieldType::Date,
                true,
                "when the meeting takes place",
            ),
            field("attendees", FieldType::List, false, ""),
            field("facilitator", FieldType::Member, false, ""),
        ],
        // Decisions and next steps are written after the meeting, but the notes are submitted
        // before it (the agenda gate is 24 hours ahead), so only the preparation is required.
        sections: &["Desired outcome", "Agenda", "Pre-read|Pre-reading"],
        criteria: &[Purpose, RequiredAction, Scope],
        requests_decision: false,
        body: include_str!("skeletons/meeting-notes.md"),
    }
}

fn handbook() -> Spec {
    Spec {
        name: "Handbook page",
        fields: vec![
            field("audience", FieldType::Text, false, "who this page is for"),
            field(
                "review_date",
                FieldType::Date,
                false,
                "when to check the page is still true",
            ),
        ],
        sections: &["Overview"],
        criteria: &[Purpose],
        requests_decision: false,
        body: include_str!("skeletons/handbook.md"),
    }
}

fn charter() -> Spec {
    Spec {
        name: "Team charter",
        fields: vec![
            field("team", FieldType::Text, true, ""),
            field(
                "review_date",
                FieldType::Date,
                false,
                "when the team revisits this charter",
            ),
        ],
        sections: &[
            "Mission",
            "Response targets",
            "What counts as urgent|Definition of urgent",
            "Escalation path|Escalation",
            "Irreversible decisions",
        ],
        criteria: &[Purpose],
        requests_decision: false,
        body: include_str!("skeletons/charter.md"),
    }
}
