//! The log as a graph: decision records and the supersede relations their fields state,
//! read in both directions.
//!
//! A relation may be stated on either side (R's `supersedes` names X, or X's `superseded_by`
//! names R, or both), and an imported folder often states it on one side only. Each record's
//! links are the union of what it states and what the others state about it, so R and X show
//! the same relation whichever of them wrote it down. Only the records given (those the
//! reader may read) take part: a record the reader cannot see neither shows up as a link nor
//! changes a status, so the log tells nothing about it.

use crate::views::decisions::{Decision, DecisionLink, LinkedDecision};
use crate::views::documents::DocumentRecord;
use jiff::civil::Date;
use longhand_domain::decisions::{Known, effective_status, resolve, split_refs};
use longhand_domain::documents::FieldValue;

/// The references one record's field states: each as written, with the index of the record
/// it names among those given, if any.
type Stated = Vec<(String, Option<usize>)>;

/// The decisions of `records`, each with its effective status and its links both ways, in
/// the order given.
pub(super) fn decisions(records: Vec<DocumentRecord>) -> Vec<Decision> {
    let numbers: Vec<Option<u32>> = records.iter().map(number).collect();
    let known: Vec<Known<'_>> = records
        .iter()
        .zip(&numbers)
        .map(|(doc, number)| Known {
            slug: &doc.slug,
            space: &doc.space_slug,
            number: *number,
        })
        .collect();
    let stated = |name: &str| -> Vec<Stated> {
        records
            .iter()
            .enumerate()
            .map(|(i, doc)| references(doc, name, i, &known))
            .collect()
    };
    let supersedes = stated("supersedes");
    let superseded_by = stated("superseded_by");
    // Who names whom, read backwards: `replaced_by[x]` are the records whose `supersedes`
    // names x, `replacing[r]` those whose `superseded_by` names r.
    let replaced_by = named_by(&supersedes, records.len());
    let replacing = named_by(&superseded_by, records.len());
    let statuses: Vec<String> = (0..records.len())
        .map(|i| {
            let replaced = !superseded_by[i].is_empty() || !replaced_by[i].is_empty();
            effective_status(&records[i].status, replaced).to_owned()
        })
        .collect();
    let linked = |j: usize| LinkedDecision {
        slug: records[j].slug.clone(),
        title: records[j].title.clone(),
        status: statuses[j].clone(),
    };
    let links = |own: &Stated, others: &[usize]| -> Vec<DecisionLink> {
        let mut out: Vec<DecisionLink> = own
            .iter()
            .map(|(written, target)| DecisionLink {
                written: Some(written.clone()),
                target: target.map(linked),
            })
            .collect();
        for &k in others {
            if !own.iter().any(|(_, target)| *target == Some(k)) {
                out.push(DecisionLink {
                    written: None,
                    target: Some(linked(k)),
                });
            }
        }
        out
    };
    let mut out = Vec::with_capacity(records.len());
    for (i, doc) in records.iter().enumerate() {
        out.push(Decision {
            status: statuses[i].clone(),
            date: date(doc, "date"),
            deciders: list(doc, "deciders"),
            reversibility: text(doc, "reversibility"),
            category: text(doc, "category"),
            review_date: date(doc, "review_date"),
            supersedes: links(&supersedes[i], &replacing[i]),
            superseded_by: links(&superseded_by[i], &replaced_by[i]),
            doc: doc.clone(),
        });
    }
    out
}

/// For each of `count` records, the records whose stated references name it, each once.
fn named_by(stated: &[Stated], count: usize) -> Vec<Vec<usize>> {
    let mut index = vec![Vec::new(); count];
    for (k, refs) in stated.iter().enumerate() {
        for target in refs.iter().filter_map(|(_, target)| *target) {
            if !index[target].contains(&k) {
                index[target].push(k);
            }
        }
    }
    index
}

/// The references a record's field states. A reference to the record itself names nothing.
fn references(doc: &DocumentRecord, name: &str, me: usize, known: &[Known<'_>]) -> Stated {
    let written = match field(doc, name) {
        Some(FieldValue::Text(text)) => split_refs(text),
        Some(FieldValue::List(items)) => items.iter().flat_map(|item| split_refs(item)).collect(),
        None => Vec::new(),
    };
    written
        .into_iter()
        .map(|reference| {
            let target = resolve(&reference, &doc.space_slug, known).filter(|j| *j != me);
            (reference, target)
        })
        .collect()
}

fn field<'d>(doc: &'d DocumentRecord, name: &str) -> Option<&'d FieldValue> {
    doc.fields
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value)
}

/// A field as one line of text, when it says something.
pub(super) fn text(doc: &DocumentRecord, name: &str) -> Option<String> {
    field(doc, name)
        .filter(|value| !value.is_blank())
        .map(|value| value.display().trim().to_owned())
}

/// A list field's items; a text field is read as a comma-separated list.
fn list(doc: &DocumentRecord, name: &str) -> Vec<String> {
    let items: Vec<String> = match field(doc, name) {
        Some(FieldValue::List(items)) => items.clone(),
        Some(FieldValue::Text(text)) => text.split(',').map(str::to_owned).collect(),
        None => Vec::new(),
    };
    items
        .into_iter()
        .map(|item| item.trim().to_owned())
        .filter(|item| !item.is_empty())
        .collect()
}

/// A date field, when it holds a calendar date (`YYYY-MM-DD`).
pub(super) fn date(doc: &DocumentRecord, name: &str) -> Option<Date> {
    text(doc, name).and_then(|text| text.parse().ok())
}

/// The ADR number an import keeps in the `number` field.
fn number(doc: &DocumentRecord) -> Option<u32> {
    text(doc, "number").and_then(|text| text.parse().ok())
}
