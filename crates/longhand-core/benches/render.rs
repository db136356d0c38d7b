//! How long a document page's Markdown takes: rendering a 50 KB document (CommonMark + GFM
//! with comrak, sanitised with ammonia), linting it, and diffing two revisions of it.
//!
//! Run with `cargo bench -p longhand --bench render`.

use longhand_domain::lint::{LintConfig, LintContext, ParsedDoc, lint};
use longhand_domain::templates::{BuiltinKind, builtin};
use std::collections::HashSet;

fn main() {
    divan::main();
}

/// A realistic 50 KB design document: sections of prose with emphasis and links, task
/// lists, tables, code blocks and footnotes.
fn document() -> String {
    let mut out = String::from(
        "---\nkind: rfc\nowner: '@ana'\nintent: Decide the cache design\ndeadline: 2026-03-20\nreviewers: [ben]\n---\n## TL;DR\n\nWe propose a cache.\n\n",
    );
    let mut section = 0;
    while out.len() < 50_000 {
        section += 1;
        out.push_str(&format!("## Section {section}: a part of the proposal\n\n"));
        out.push_str("Today the service keeps this data in the **primary database**, next to the tables that serve every request. See [[adr-0007]] and <https://example.org/runbook> for background, and ask @ben about the numbers.[^n]\n\n");
        out.push_str("- [x] measure the current load\n- [ ] agree on the expiry\n- [ ] write the rollback plan\n\n");
        out.push_str("| metric | today | target |\n|---|---:|---:|\n| p99 latency | 180 ms | 40 ms |\n| db load | 40% | 15% |\n\n");
        out.push_str("```rust\nfn cache_key(user: u64) -> String {\n    format!(\"session:{user}\")\n}\n```\n\n");
    }
    out.push_str("[^n]: Measured over the last thirty days.\n");
    out
}

#[divan::bench]
fn render_50kb(bencher: divan::Bencher) {
    let doc = document();
    bencher
        .counter(divan::counter::BytesCount::of_str(&doc))
        .bench(|| longhand_core::render::to_html(divan::black_box(&doc)));
}

#[divan::bench]
fn lint_50kb(bencher: divan::Bencher) {
    let doc = document();
    let slugs = HashSet::from(["adr-0007".to_owned()]);
    let ctx = LintContext {
        known_slugs: Some(&slugs),
        today: jiff::civil::date(2026, 3, 10),
    };
    let template = builtin(BuiltinKind::Rfc);
    bencher.bench(|| {
        let parsed = ParsedDoc::parse(divan::black_box(&doc));
        lint(&parsed, Some(template), &LintConfig::default(), &ctx)
    });
}

#[divan::bench]
fn diff_50kb_one_edit_per_section(bencher: divan::Bencher) {
    let old = document();
    let new = old.replace("agree on the expiry", "agree on a 15-minute expiry");
    bencher.bench(|| longhand_core::diff::diff(divan::black_box(&old), divan::black_box(&new)));
}
