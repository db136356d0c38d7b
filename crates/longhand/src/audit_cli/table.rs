//! The terminal form of the report: a summary per person and per group, then the top
//! recurring series with purpose, quadrant, recommendation and what it would give back.

use std::fmt::Write as _;

use super::report::{LoadJson, Report, SeriesJson};

const LOAD_HEADERS: [&str; 9] = [
    "mtgs/wk", "h/wk", "person h", "outside", "in mtgs", "focus", "3h days", "deep h", "deep",
];

/// The whole report as text.
pub(super) fn render(report: &Report) -> String {
    let mut out = String::new();
    let w = &report.window;
    let _ = writeln!(
        out,
        "Meeting audit {} – {} ({} weeks): {} meetings, {} person-hours\n",
        w.from, w.to, w.weeks, report.meetings, report.person_hours
    );
    out.push_str(&people_table(report));
    out.push('\n');
    out.push_str(&series_table(&report.series));
    if report.more_series > 0 {
        let _ = writeln!(out, "… and {} more recurring series", report.more_series);
    }
    out
}

fn people_table(report: &Report) -> String {
    let mut headers = vec!["person"];
    headers.extend(LOAD_HEADERS);
    let mut rows: Vec<Vec<String>> = report
        .people
        .iter()
        .map(|p| load_row(&p.name, &p.load))
        .collect();
    for group in report.teams.iter().chain([&report.organisation]) {
        let label = format!("{} ({} people)", group.name, group.people);
        rows.push(load_row(&label, &group.load));
    }
    grid(&headers, &rows)
}

fn load_row(name: &str, load: &LoadJson) -> Vec<String> {
    vec![
        name.to_owned(),
        format!("{:.1}", load.meetings_per_week),
        format!("{:.1}", load.meeting_hours_per_week),
        format!("{:.1}", load.person_hours),
        format!(
            "{} ({:.1}h)",
            load.outside_hours_meetings, load.outside_hours
        ),
        percent(load.meeting_share),
        load.focus_blocks.to_string(),
        load.long_block_days.to_string(),
        format!("{:.1}", load.deep_work_hours),
        percent(load.deep_work_share),
    ]
}

fn series_table(series: &[SeriesJson]) -> String {
    if series.is_empty() {
        return "No recurring meetings in the window.\n".to_owned();
    }
    let mut out = String::from("Top recurring meetings by person-hours\n");
    for s in series {
        let _ = writeln!(
            out,
            "{:>2}. {} — {:.1} person-h ({:.1}/month), {}\n    purpose: {} ({})\n    quadrant: {}; relationship {}\n    recommendation: {} — recovers {:.1} h/month, {:.3} FTE",
            s.rank,
            s.title,
            s.person_hours,
            s.person_hours_per_month,
            s.cadence,
            s.purpose,
            s.reason,
            s.quadrant,
            s.relationship,
            s.recommendation,
            s.recovered_hours_per_month,
            s.recovered_fte,
        );
    }
    out
}

fn percent(share: f64) -> String {
    format!("{:.0}%", share * 100.0)
}

/// Columns padded to their widest cell; the first left-aligned, the rest right-aligned.
fn grid(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = headers.iter().map(|h| h.chars().count()).collect();
    for row in rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let header: Vec<String> = headers.iter().map(|h| (*h).to_owned()).collect();
    let mut out = String::new();
    for row in std::iter::once(&header).chain(rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, &w))| pad(cell, w, i == 0))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
    out
}

fn pad(cell: &str, width: usize, left: bool) -> String {
    let fill = " ".repeat(width.saturating_sub(cell.chars().count()));
    if left {
        format!("{cell}{fill}")
    } else {
        format!("{fill}{cell}")
    }
}
