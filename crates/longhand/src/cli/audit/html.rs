//! The standalone HTML report: one file, styles inline, no scripts or external assets, every
//! text escaped by askama.

use askama::Template;

use longhand_core::formats::audit_report::{ChangeJson, Report};

#[derive(Template)]
#[template(path = "audit/report.html")]
struct ReportPage<'a> {
    report: &'a Report,
}

/// The report as a standalone HTML document.
pub(super) fn render(report: &Report) -> anyhow::Result<String> {
    let html = ReportPage { report }
        .render()
        .map_err(|err| anyhow::anyhow!("cannot render the HTML report: {err}"))?;
    Ok(html + "\n")
}

impl ReportPage<'_> {
    /// A share as a whole percentage.
    fn percent(&self, share: &f64) -> String {
        format!("{:.0}%", share * 100.0)
    }

    /// "2.0 → 1.5 (−25%)"; shares as percentages.
    fn change(&self, m: &ChangeJson) -> String {
        longhand_core::formats::audit_report::change_text(m)
    }
}
