//! The terminal form of the report: a summary per person and per group, then the top
//! recurring series with purpose, quadrant, recommendation and what it would give back.

use std::fmt::Write as _;

use longhand_core::formats::audit_report::{
    ComparisonJson, GroupChangeJson, LoadJson, Report, SeriesJson,
};

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
    if let Some(comparison) = &report.comparison {
        out.push('\n');
        out.push_str(&comparison_tables(comparison));
    }
    out
}

/// The organisation metric by metric, then one row per team and person with every metric
/// as "before→after".
fn comparison_tables(c: &ComparisonJson) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Pilot comparison: baseline {} – {} against pilot {} – {} (per person; counts and hours per week)\n",
        c.baseline.from, c.baseline.to, c.pilot.from, c.pilot.to
    );
    let rows: Vec<Vec<String>> = c
        .organisation
        .metrics
        .iter()
        .map(|m| {
            let value = |x: f64| {
                if m.metric == "meeting_share" {
                    percent(x)
                } else {
                    format!("{x:.2}")
                }
            };
            vec![
                m.label.to_owned(),
                value(m.before),
                value(m.after),
                value(m.change),
                m.relative_change
                    .map_or("–".to_owned(), |r| format!("{:+.0}%", r * 100.0)),
                m.verdict.to_owned(),
            ]
        })
        .collect();
    let headers = ["organisation", "before", "after", "change", "change %", ""];
    out.push_str(&grid(&headers, &rows));
    out.push('\n');
    let mut headers = vec!["team / person"];
    headers.extend(COMPARISON_HEADERS);
    let teams = c
        .teams
        .iter()
        .map(|t| change_row(&format!("{} ({} people)", t.name, t.people), t));
    let people = c.people.iter().map(|p| change_row(&p.name, p));
    let rows: Vec<Vec<String>> = teams.chain(people).collect();
    out.push_str(&grid(&headers, &rows));
    out
}

const COMPARISON_HEADERS: [&str; 8] = [
    "mtg h/wk",
    "mtgs/wk",
    "person h/wk",
    "outside/wk",
    "focus/wk",
    "3h days/wk",
    "in mtgs",
    "deep h/wk",
];

fn change_row(label: &str, group: &GroupChangeJson) -> Vec<String> {
    let mut row = vec![label.to_owned()];
    row.extend(group.metrics.iter().map(|m| {
        if m.metric == "meeting_share" {
            format!("{}→{}", percent(m.before), percent(m.after))
        } else {
            format!("{:.1}→{:.1}", m.before, m.after)
        }
    }));
    row
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
