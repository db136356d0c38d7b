//! `longhand export --git DIR`: the revisions a member may read, as one commit each.
//!
//! The repository is its own record of what was exported: each commit carries a
//! `Longhand-Revision: SLUG@N` trailer, and [`Exported::read`] rebuilds, from `git log`, the
//! last revision exported per document and the file it went to. Nothing is kept beside the
//! repository, so a fresh clone continues where the last export stopped.

use std::collections::{HashMap, HashSet};
use std::process::ExitCode;

use anyhow::Context;
use jiff::Timestamp;
use longhand_domain::docfile::{self, DocFile};
use serde::Serialize;

use super::git::{Repo, SCRATCH_REF};
use super::{ExportArgs, Format, plural};
use longhand_core::ops::documents::{ExportAuthor, ExportedRevision};
use longhand_core::ops::{self, Actor};

/// The trailer that names the revision a commit exported.
const TRAILER: &str = "Longhand-Revision";

pub(super) async fn run(args: ExportArgs) -> anyhow::Result<ExitCode> {
    let app = crate::cli::open(&args.workspace).await?;
    let actor = ops::members::actor_by_handle(&app, &args.member).await?;
    if let Some(space) = &args.space {
        ops::spaces::get(&app, &actor, space)
            .await
            .with_context(|| format!("--space {space}"))?;
    }
    let mut repo = Repo::open(&args.dir)?;
    let mut exported = Exported::read(&repo.log()?);
    let space = args.space.as_deref();
    let revisions = ops::documents::export(&app, &actor, space, &exported.revisions)
        .await
        .context("cannot read the documents to export")?;
    if !revisions.is_empty() {
        let stream = stream(&mut exported, &revisions, repo.head());
        repo.append(stream.as_bytes())?;
    }
    let summary = Summary {
        dir: args.dir.display().to_string(),
        branch: repo.branch().to_owned(),
        commits: revisions.len(),
        documents: revisions
            .iter()
            .map(|r| r.file.slug.as_str())
            .collect::<HashSet<_>>()
            .len(),
        head: repo.head().map(str::to_owned),
    };
    print(args.format, &summary, &actor)?;
    Ok(ExitCode::SUCCESS)
}

/// What an export did, printed as a sentence or as JSON.
#[derive(Debug, Serialize)]
struct Summary {
    dir: String,
    branch: String,
    /// Commits added, one per revision.
    commits: usize,
    /// Documents those revisions belong to.
    documents: usize,
    head: Option<String>,
}

fn print(format: Format, summary: &Summary, actor: &Actor) -> anyhow::Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(summary)?),
        Format::Text if summary.commits == 0 => println!(
            "{} is up to date: no new revisions that @{} may read",
            summary.dir, actor.handle
        ),
        Format::Text => println!(
            "exported {} of {} to {} (branch {}, now at {})",
            plural(summary.commits, "revision"),
            plural(summary.documents, "document"),
            summary.dir,
            summary.branch,
            summary
                .head
                .as_deref()
                .map_or("", |sha| &sha[..sha.len().min(12)])
        ),
    }
    Ok(())
}

/// What earlier exports wrote, read back from the repository's history.
#[derive(Debug, Default, PartialEq, Eq)]
struct Exported {
    /// The last revision exported, per slug.
    revisions: HashMap<String, i64>,
    /// The file each slug's revisions go to.
    paths: HashMap<String, String>,
    /// Every file some slug goes to.
    taken: HashSet<String>,
}

impl Exported {
    /// Reads `Repo::log`: per commit, a record separator, the trailer values (separated by
    /// unit separators), and the files the commit changed. Commits without the trailer (a
    /// README added by hand) are ignored. The log is newest first, so a slug's first file
    /// is its current one.
    fn read(log: &str) -> Exported {
        let mut exported = Exported::default();
        for commit in log.split('\u{1e}').skip(1) {
            let mut lines = commit.lines();
            let trailers = lines.next().unwrap_or_default();
            let file = lines.map(str::trim).find(|line| !line.is_empty());
            for value in trailers.split('\u{1f}') {
                if let (Some((slug, number)), Some(file)) = (parse_trailer(value), file) {
                    exported.note(slug, number, file);
                }
            }
        }
        exported
    }

    fn note(&mut self, slug: &str, number: i64, file: &str) {
        let last = self.revisions.entry(slug.to_owned()).or_insert(number);
        *last = (*last).max(number);
        if !self.paths.contains_key(slug) {
            self.paths.insert(slug.to_owned(), file.to_owned());
            self.taken.insert(file.to_owned());
        }
    }

    /// The file a document goes to: where it went before; else `SPACE/NAME.md`, NAME being
    /// the slug without its `SPACE-` prefix (imported decision records get their original
    /// file names back, so the links between them work in git); else, when another document
    /// has that file, `SPACE/SLUG.md`, then `SPACE/SLUG-2.md` and so on.
    fn path_for(&mut self, file: &DocFile) -> String {
        if let Some(path) = self.paths.get(&file.slug) {
            return path.clone();
        }
        let short = file
            .slug
            .strip_prefix(&format!("{}-", file.space))
            .filter(|rest| !rest.is_empty())
            .unwrap_or(&file.slug);
        let mut path = format!("{}/{short}.md", file.space);
        let mut n = 1;
        while self.taken.contains(&path) {
            path = match n {
                1 => format!("{}/{}.md", file.space, file.slug),
                n => format!("{}/{}-{n}.md", file.space, file.slug),
            };
            n += 1;
        }
        self.paths.insert(file.slug.clone(), path.clone());
        self.taken.insert(path.clone());
        path
    }
}

/// `slug@3` → (`slug`, 3).
fn parse_trailer(value: &str) -> Option<(&str, i64)> {
    let (slug, number) = value.trim().rsplit_once('@')?;
    let number = number.parse().ok().filter(|n| *n > 0)?;
    (!slug.is_empty()).then_some((slug, number))
}

/// The `git fast-import` stream of one commit per revision, in the given order, on top of
/// `parent`.
fn stream(exported: &mut Exported, revisions: &[ExportedRevision], parent: Option<&str>) -> String {
    let mut out = String::new();
    for (index, revision) in revisions.iter().enumerate() {
        let path = exported.path_for(&revision.file);
        let from = if index == 0 { parent } else { None };
        commit(&mut out, revision, &path, from);
        exported.note(&revision.file.slug, revision.number, &path);
    }
    out.push_str("done\n");
    out
}

fn commit(out: &mut String, revision: &ExportedRevision, path: &str, from: Option<&str>) {
    let ident = ident(&revision.author, revision.at);
    out.push_str(&format!(
        "commit {SCRATCH_REF}\nauthor {ident}\ncommitter {ident}\n"
    ));
    data(out, &message(revision));
    if let Some(from) = from {
        out.push_str(&format!("from {from}\n"));
    }
    out.push_str(&format!("M 100644 inline {path}\n"));
    data(out, &docfile::render(&revision.file));
}

/// A `data` command: the exact byte count, then the bytes.
fn data(out: &mut String, text: &str) {
    out.push_str(&format!("data {}\n{text}\n", text.len()));
}

/// `Name <email> SECONDS +HHMM`, the offset being the author's at that instant, so `git log`
/// shows the local time they wrote at. Git refuses `<`, `>` and line breaks in a name.
fn ident(author: &ExportAuthor, at: Timestamp) -> String {
    let clean = |text: &str| -> String {
        text.chars()
            .filter(|c| !matches!(c, '<' | '>' | '\n' | '\r'))
            .collect::<String>()
            .trim()
            .to_owned()
    };
    let offset = at.to_zoned(author.zone.clone()).offset().seconds();
    let sign = if offset < 0 { '-' } else { '+' };
    let minutes = offset.unsigned_abs() / 60;
    format!(
        "{} <{}> {} {sign}{:02}{:02}",
        clean(&author.name),
        clean(&author.email),
        at.as_second(),
        minutes / 60,
        minutes % 60
    )
}

/// `Title — what happened`, then the trailer.
fn message(revision: &ExportedRevision) -> String {
    let note = revision.note.lines().next().unwrap_or_default().trim();
    let what = match (note, revision.number) {
        ("", 1) => "created",
        ("", _) => "revised",
        (note, _) => note,
    };
    format!(
        "{} — {what}\n\n{TRAILER}: {}@{}\n",
        revision.file.title, revision.file.slug, revision.number
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::tz::TimeZone;

    fn file(slug: &str, space: &str) -> DocFile {
        DocFile {
            slug: slug.into(),
            space: space.into(),
            title: "Use PostgreSQL".into(),
            kind: "adr".into(),
            ..DocFile::default()
        }
    }

    fn revision(slug: &str, number: i64, note: &str) -> ExportedRevision {
        ExportedRevision {
            file: file(slug, "platform"),
            number,
            at: "2026-03-10T10:00:00.750Z".parse().unwrap(),
            author: ExportAuthor {
                name: "Ana <Admin>".into(),
                email: "ana@example.org".into(),
                zone: TimeZone::get("Europe/Berlin").unwrap(),
            },
            note: note.into(),
        }
    }

    #[test]
    fn the_log_gives_the_last_revision_and_the_current_file_per_slug() {
        let log = "\u{1e}platform-a@3\n\nplatform/a.md\n\
                   \u{1e}\n\nREADME.md\n\
                   \u{1e}platform-a@2\n\nold/a.md\n\
                   \u{1e}platform-b@1\u{1f}junk\n\nplatform/b.md\n";
        let exported = Exported::read(log);
        assert_eq!(exported.revisions.get("platform-a"), Some(&3));
        assert_eq!(exported.revisions.get("platform-b"), Some(&1));
        assert_eq!(exported.revisions.len(), 2);
        assert_eq!(exported.paths["platform-a"], "platform/a.md");
        assert_eq!(Exported::read(""), Exported::default());
    }

    #[test]
    fn trailers_parse_only_as_slug_at_a_positive_number() {
        assert_eq!(parse_trailer(" a-b@12 "), Some(("a-b", 12)));
        for bad in ["a-b", "a-b@", "@3", "a@0", "a@x"] {
            assert_eq!(parse_trailer(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_drop_the_space_prefix_unless_taken_and_never_move() {
        let mut exported = Exported::default();
        let check = |exported: &mut Exported, slug: &str, space: &str, expect: &str| {
            assert_eq!(exported.path_for(&file(slug, space)), expect, "{slug}");
        };
        check(
            &mut exported,
            "platform-0003-use-pg",
            "platform",
            "platform/0003-use-pg.md",
        );
        check(
            &mut exported,
            "0003-use-pg",
            "platform",
            "platform/0003-use-pg-2.md",
        );
        check(
            &mut exported,
            "cache-keys",
            "platform",
            "platform/cache-keys.md",
        );
        check(
            &mut exported,
            "platform-cache-keys",
            "platform",
            "platform/platform-cache-keys.md",
        );
        check(
            &mut exported,
            "platform",
            "platform",
            "platform/platform.md",
        );
        check(
            &mut exported,
            "platform-0003-use-pg",
            "other",
            "platform/0003-use-pg.md",
        );
    }

    #[test]
    fn a_commit_names_the_author_at_their_offset_and_carries_the_trailer() {
        let first = revision("platform-x", 1, "");
        let second = revision("platform-x", 2, "status: proposed → accepted\nmore");
        let mut exported = Exported::default();
        let text = stream(&mut exported, &[first, second], Some("abc123"));
        let ident = "Ana Admin <ana@example.org> 1773136800 +0100";
        assert!(text.starts_with(&format!(
            "commit {SCRATCH_REF}\nauthor {ident}\ncommitter {ident}\n"
        )));
        assert!(text.contains("Use PostgreSQL — created\n\nLonghand-Revision: platform-x@1\n"));
        assert!(text.contains("Use PostgreSQL — status: proposed → accepted\n\n"));
        assert_eq!(text.matches("from abc123\n").count(), 1);
        assert_eq!(text.matches("M 100644 inline platform/x.md\n").count(), 2);
        assert!(text.ends_with("done\n"));
        assert_eq!(exported.revisions["platform-x"], 2);
    }

    #[test]
    fn data_counts_bytes_not_characters() {
        let mut out = String::new();
        data(&mut out, "→");
        assert_eq!(out, "data 3\n→\n");
    }
}
