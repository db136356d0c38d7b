//! The query set both modes run, chosen from the workspace's own text so that "rare",
//! "medium" and "very common" are measured, not guessed.
//!
//! Document frequencies are counted over a sample (the first rows by id of documents,
//! comments and asks; the seed writes them in random order, so the head is representative).
//! Words are grouped by their first five letters before counting, a rough stand-in for
//! stemming: both engines stem, so "measured" matches every "measure" too, and a word is only
//! rare when its whole family is. Both modes compute the same set from the same rows.

use anyhow::Context;
use sqlx::{Connection, Row, SqliteConnection};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Rows sampled per table for the frequencies.
const SAMPLE: [(&str, i64); 3] = [
    (
        "SELECT title || ' ' || body FROM documents ORDER BY id LIMIT $1",
        20_000,
    ),
    ("SELECT body FROM comments ORDER BY id LIMIT $1", 60_000),
    (
        "SELECT title || ' ' || body FROM asks ORDER BY id LIMIT $1",
        20_000,
    ),
];

/// How many days before the newest comment the `after:` filter starts.
const AFTER_DAYS: i64 = 30;

/// A filter beside the words, in the two forms the engines take.
#[derive(Debug, Clone)]
pub enum Filter {
    None,
    /// A document kind (`kind:adr`).
    DocKind(String),
    /// A space's slug (`space:payments`).
    Space(String),
    /// On or after a UTC day (`after:2026-11-07`), with its first microsecond.
    After(String, i64),
}

/// One query of the set.
#[derive(Debug, Clone)]
pub struct Case {
    /// What it stands for: `rare word`, `phrase`, `kind:adr + common`, ….
    pub class: &'static str,
    /// Longhand's query language.
    pub engine: String,
    /// FTS5 `MATCH` syntax for the same words.
    pub fts5: String,
    pub filter: Filter,
}

/// The words chosen from the sample.
#[derive(Debug)]
struct Chosen {
    rare: String,
    medium: String,
    common: String,
    phrase: (String, String),
    space: String,
    after: (String, i64),
}

/// The workspace's SQLite database, read-only.
pub async fn open_workspace(data_dir: &Path) -> anyhow::Result<SqliteConnection> {
    let path = data_dir.join("longhand.sqlite3");
    let url = format!("sqlite://{}?mode=ro", path.display());
    SqliteConnection::connect(&url)
        .await
        .with_context(|| format!("opening {}", path.display()))
}

/// The query set for this workspace.
pub async fn choose(conn: &mut SqliteConnection) -> anyhow::Result<Vec<Case>> {
    let sample = Sample::read(conn).await?;
    let (rare, medium, common) = sample.by_frequency()?;
    let chosen = Chosen {
        rare,
        medium,
        common,
        phrase: sample.top_phrase()?,
        space: busiest_open_space(conn).await?,
        after: after_day(conn).await?,
    };
    Ok(cases(&chosen))
}

fn word(class: &'static str, w: &str) -> Case {
    Case {
        class,
        engine: w.to_owned(),
        fts5: quoted(w),
        filter: Filter::None,
    }
}

fn filtered(class: &'static str, prefix: String, w: &str, filter: Filter) -> Case {
    Case {
        class,
        engine: format!("{prefix} {w}"),
        fts5: quoted(w),
        filter,
    }
}

/// A word or phrase as an FTS5 string, so words such as `not` or `and` are never operators.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

fn cases(c: &Chosen) -> Vec<Case> {
    let (first, second) = &c.phrase;
    let stem: String = c.medium.chars().take(4).collect();
    vec![
        word("rare word", &c.rare),
        word("medium word", &c.medium),
        word("common word", &c.common),
        Case {
            class: "phrase",
            engine: format!("\"{first} {second}\""),
            fts5: quoted(&format!("{first} {second}")),
            filter: Filter::None,
        },
        Case {
            class: "prefix",
            engine: format!("{stem}*"),
            fts5: format!("{}*", quoted(&stem)),
            filter: Filter::None,
        },
        Case {
            class: "exclusion",
            engine: format!("{} -{}", c.common, c.medium),
            fts5: format!("{} NOT {}", quoted(&c.common), quoted(&c.medium)),
            filter: Filter::None,
        },
        filtered(
            "kind:adr + common",
            "kind:adr".into(),
            &c.common,
            Filter::DocKind("adr".into()),
        ),
        filtered(
            "space: + medium",
            format!("space:{}", c.space),
            &c.medium,
            Filter::Space(c.space.clone()),
        ),
        filtered(
            "after: + medium",
            format!("after:{}", c.after.0),
            &c.medium,
            Filter::After(c.after.0.clone(), c.after.1),
        ),
    ]
}

/// Document frequencies of word families and of adjacent word pairs in the sample.
#[derive(Debug, Default)]
struct Sample {
    /// Family (first five letters) → rows holding any of its words.
    families: HashMap<String, u64>,
    /// Family → its words with their own counts, to name the family by its usual form.
    forms: HashMap<String, HashMap<String, u64>>,
    pairs: HashMap<(String, String), u64>,
}

fn family(word: &str) -> String {
    word.chars().take(5).collect()
}

/// The lower-cased alphabetic words of a text, in order; numbers and one- or two-letter
/// words are left out, since nobody benchmarks a search for "of".
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic))
        .map(str::to_lowercase)
        .collect()
}

impl Sample {
    async fn read(conn: &mut SqliteConnection) -> anyhow::Result<Sample> {
        let mut sample = Sample::default();
        for (sql, limit) in SAMPLE {
            let rows = sqlx::query(sql).bind(limit).fetch_all(&mut *conn).await?;
            for row in rows {
                sample.add(&row.try_get::<String, _>(0)?);
            }
        }
        Ok(sample)
    }

    fn add(&mut self, text: &str) {
        let words = words(text);
        let mut seen = HashSet::new();
        for w in &words {
            if seen.insert(w.clone()) {
                *self
                    .forms
                    .entry(family(w))
                    .or_default()
                    .entry(w.clone())
                    .or_default() += 1;
            }
        }
        let families: HashSet<String> = words.iter().map(|w| family(w)).collect();
        for f in families {
            *self.families.entry(f).or_default() += 1;
        }
        let pairs: HashSet<(String, String)> = words
            .windows(2)
            .filter(|p| p[0].len() >= 4 && p[1].len() >= 4)
            .map(|p| (p[0].clone(), p[1].clone()))
            .collect();
        for pair in pairs {
            *self.pairs.entry(pair).or_default() += 1;
        }
    }

    /// The usual form of a family: its most frequent word (ties by the shorter, then
    /// alphabetically, so the choice is stable).
    fn usual_form(&self, family: &str) -> Option<String> {
        let forms = self.forms.get(family)?;
        forms
            .iter()
            .max_by(|a, b| {
                a.1.cmp(b.1)
                    .then_with(|| b.0.len().cmp(&a.0.len()))
                    .then_with(|| b.0.cmp(a.0))
            })
            .map(|(w, _)| w.clone())
    }

    /// The rarest family seen at least twice, the most frequent one, and the one whose
    /// frequency is nearest the geometric mean of the two.
    fn by_frequency(&self) -> anyhow::Result<(String, String, String)> {
        let mut ranked: Vec<(&String, u64)> = self
            .families
            .iter()
            .filter(|(_, n)| **n >= 2)
            .map(|(f, n)| (f, *n))
            .collect();
        ranked.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.cmp(b.0)));
        let (Some(rare), Some(common)) = (ranked.first(), ranked.last()) else {
            anyhow::bail!("the workspace has too little text to choose words from; seed it first");
        };
        let middle = ((rare.1 as f64) * (common.1 as f64)).sqrt();
        let medium = ranked
            .iter()
            .min_by(|a, b| {
                let (da, db) = ((a.1 as f64 - middle).abs(), (b.1 as f64 - middle).abs());
                da.total_cmp(&db).then_with(|| a.0.cmp(b.0))
            })
            .unwrap_or(rare);
        let form = |f: &str| self.usual_form(f).context("a family without words");
        Ok((form(rare.0)?, form(medium.0)?, form(common.0)?))
    }

    /// The most frequent pair of adjacent words of four letters or more.
    fn top_phrase(&self) -> anyhow::Result<(String, String)> {
        self.pairs
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(pair, _)| pair.clone())
            .context("the workspace has no two-word phrase to search for")
    }
}

/// The workspace-visible space holding the most documents, so an ordinary member sees it.
async fn busiest_open_space(conn: &mut SqliteConnection) -> anyhow::Result<String> {
    let slug: Option<String> = sqlx::query_scalar(
        "SELECT s.slug FROM spaces s JOIN documents d ON d.space_id = s.id
         WHERE s.visibility = 'workspace' GROUP BY s.id ORDER BY count(*) DESC, s.slug LIMIT 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    slug.context("the workspace has no workspace-visible space with documents")
}

/// The UTC day `AFTER_DAYS` before the newest comment, and its first microsecond.
async fn after_day(conn: &mut SqliteConnection) -> anyhow::Result<(String, i64)> {
    let newest: Option<i64> = sqlx::query_scalar(
        "SELECT max(at) FROM (SELECT max(created_at) AS at FROM comments
                              UNION ALL SELECT max(updated_at) FROM documents)",
    )
    .fetch_one(&mut *conn)
    .await?;
    let newest = newest.context("the workspace has no comments or documents")?;
    let at = jiff::Timestamp::from_microsecond(newest)?
        - jiff::SignedDuration::from_hours(24 * AFTER_DAYS);
    let day = at.to_zoned(jiff::tz::TimeZone::UTC).date();
    let start = day.to_zoned(jiff::tz::TimeZone::UTC)?.timestamp();
    Ok((day.to_string(), start.as_microsecond()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn families_count_rows_once_and_name_themselves_by_the_usual_form() {
        let mut sample = Sample::default();
        sample.add("Measure it. We measured the measure twice.");
        sample.add("We measured nothing at all here");
        sample.add("nothing here");
        assert_eq!(sample.families["measu"], 2);
        assert_eq!(sample.usual_form("measu").as_deref(), Some("measured"));
        let (rare, _, common) = sample.by_frequency().expect("enough text");
        assert_eq!(common, "nothing");
        assert_eq!(rare, "here");
    }

    #[test]
    fn fts5_strings_quote_operators_away() {
        assert_eq!(quoted("not"), "\"not\"");
        assert_eq!(quoted("a\"b"), "\"a\"\"b\"");
    }
}
