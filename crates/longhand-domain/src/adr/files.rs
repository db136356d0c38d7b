//! File names and formats: which files in a folder are ADRs, what slug and number a file name
//! gives, and which tool's conventions a file follows.

use jiff::civil::Date;

use super::AdrFormat;
use super::meta;
use super::text::{self, Line};
use crate::lint::frontmatter;
use crate::templates::normalize_heading;

/// Whether a file in an ADR folder is a decision record; `file_name` is the path inside the
/// folder.
///
/// A Longhand export is one when its front matter says `kind: adr` (an export folder holds
/// every kind of document). Any other file must be Markdown (`.md`, `.markdown`). Its name
/// decides when it starts with the record's number or date, as all three tools name records
/// (`0003-use-postgres.md`, `adr-0003-….md`, log4brains' `20240301-use-postgres.md`);
/// otherwise the file is one when it reads as a decision: it states a status or has a
/// Decision section. That takes the `<topic>/index.md` records of docs sites and free-form
/// collections, and skips the `README.md`, `index.md` and `template.md` files the tools keep
/// beside the records: the folder's own index and README by their place, templates (also
/// `NNNN-template.md` and a `template/` folder) by name.
///
/// ```
/// use longhand_domain::adr::is_adr_file;
///
/// assert!(is_adr_file("0003-use-postgres.md", "# 3. Use PostgreSQL\n"));
/// assert!(is_adr_file("use-postgres/index.md", "# Use PostgreSQL\n\nStatus: accepted\n"));
/// assert!(!is_adr_file("README.md", "# Decisions\n"));
/// assert!(!is_adr_file("0000-template.md", "# Title\n"));
/// ```
pub fn is_adr_file(file_name: &str, text: &str) -> bool {
    if markdown_stem(base_name(file_name)).is_none() {
        return false;
    }
    if detect(file_name, text) == AdrFormat::Longhand {
        // A broken export has no readable kind; it is taken, so the import reports the error.
        let source = text.strip_prefix('\u{feff}').unwrap_or(text);
        let split = frontmatter::split(source);
        return split
            .front_matter
            .text("kind")
            .is_none_or(|kind| kind == "adr");
    }
    // A record kept as `<topic>/index.md` goes by its folder's name, so a stem that is still
    // `index` or `README` is the page of the folder being imported.
    let stem = record_stem(file_name);
    if is_template(stem) || is_folder_page(stem) {
        return false;
    }
    let numbered = number_prefix(stem).is_some() || date_prefix(stem).is_some();
    numbered || reads_as_decision(file_name, text)
}

/// Whether the text states a status or holds a Decision section, as every ADR format does
/// and a guide or an index page does not.
fn reads_as_decision(file_name: &str, text: &str) -> bool {
    let record = super::parse(file_name, text);
    !record.status.raw.is_empty() || !record.decision.is_empty()
}

/// `index` and `README`: the names of a folder's own page.
fn is_folder_page(stem: &str) -> bool {
    stem.eq_ignore_ascii_case("index") || stem.eq_ignore_ascii_case("readme")
}

/// What a record is called in its folder: the file name without its extension, or for a
/// record kept as `<topic>/index.md` (or `README.md`), the name of its own folder.
fn record_stem(path: &str) -> &str {
    let name = base_name(path);
    let stem = markdown_stem(name).unwrap_or(name);
    if !is_folder_page(stem) {
        return stem;
    }
    let parent = path[..path.len() - name.len()].trim_end_matches(['/', '\\']);
    let folder = base_name(parent);
    if folder.is_empty() || folder == "." || folder == ".." {
        stem
    } else {
        folder
    }
}

/// The longest slug the document store recognises in links (`documents::doc_refs`).
const MAX_SLUG: usize = crate::names::Slug::MAX_LEN;

/// The slug of the document a file becomes when imported into `space` (see the [module
/// documentation](super#slugs) for why): the space's slug, `-`, and the file name without
/// directories and a `.md`/`.markdown` extension, lower-cased, every run of characters other
/// than ASCII letters, digits and `_` turned into one `-`, cut to 96 characters. `None` when
/// the file name has no letter or digit.
///
/// ```
/// use longhand_domain::adr::slug_for;
///
/// let slug = slug_for("platform", "docs/adr/0003-Use Postgres.md");
/// assert_eq!(slug.as_deref(), Some("platform-0003-use-postgres"));
/// assert_eq!(slug_for("platform", "---.md"), None);
/// ```
pub fn slug_for(space: &str, file_name: &str) -> Option<String> {
    file_slug(file_name).map(|stem| in_space(space, &stem))
}

/// The file name part of a slug: what a record is called inside its folder, and what ADR
/// links between records name.
pub(super) fn file_slug(file_name: &str) -> Option<String> {
    let slug = normalize(record_stem(file_name));
    (!slug.is_empty()).then_some(slug)
}

/// The document slug of a record called `stem` in its folder, imported into `space`.
pub(super) fn in_space(space: &str, stem: &str) -> String {
    let space = normalize(space);
    let mut slug = if space.is_empty() {
        stem.to_owned()
    } else {
        format!("{space}-{stem}")
    };
    // Slugs are ASCII, so cutting at a byte count cuts at a character.
    slug.truncate(MAX_SLUG);
    slug.trim_end_matches('-').to_owned()
}

/// Lower-case ASCII letters, digits and `_`, with every other run of characters as one `-`.
fn normalize(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_owned()
}

/// The [`file_slug`] of a link target such as `0003-foo.md`, `./0003-foo.md#why` or
/// `0003%20foo.md`; `None` for anything that is not a Markdown file (a URL, an image).
pub(super) fn slug_for_link(target: &str) -> Option<String> {
    let path = target.split(['#', '?']).next().unwrap_or_default();
    let scheme = path.split_once(':').is_some_and(|(s, _)| !s.contains('/'));
    if scheme {
        return None;
    }
    let path = percent_decode(path);
    markdown_stem(base_name(&path))?;
    file_slug(&path)
}

/// Which tool's conventions the file follows; see the table in the [module documentation](super).
pub fn detect(file_name: &str, text: &str) -> AdrFormat {
    let source = text.strip_prefix('\u{feff}').unwrap_or(text);
    let split = frontmatter::split(source);
    let front = &split.front_matter;
    let export = front.get("kind").is_some() && front.get("slug").is_some();
    if export || broken_export(source, &split) {
        return AdrFormat::Longhand;
    }
    if split.front_matter.is_present() {
        return AdrFormat::Madr;
    }
    if date_prefix(record_stem(file_name)).is_some() {
        return AdrFormat::Log4brains;
    }
    detect_from_body(&text::lines(split.body, 0))
}

/// An export whose front matter does not parse is still an export: reading it as MADR would
/// bury its YAML in the body, where a clear error with a line number serves better.
fn broken_export(source: &str, split: &frontmatter::Split<'_>) -> bool {
    let failed = !split.problems.is_empty() && split.front_matter.entries().is_empty();
    let block: Vec<&str> = source
        .lines()
        .skip(1)
        .take_while(|line| line.trim_end() != "---")
        .collect();
    let has = |key: &str| block.iter().any(|line| line.starts_with(key));
    failed && has("kind:") && has("slug:")
}

fn detect_from_body(lines: &[Line<'_>]) -> AdrFormat {
    let headings = text::headings(lines);
    let preamble_end = headings
        .iter()
        .find(|h| h.level > 1)
        .map_or(lines.len(), |h| h.index);
    let preamble = &lines[..preamble_end];
    let bullets = preamble.iter().any(|line| {
        meta::line_entry(line.text).is_some_and(|e| e.bullet && meta::is_known(&e.key))
    });
    let numbered_title = headings
        .iter()
        .any(|h| h.level == 1 && numbered_title(&h.text).is_some());
    let nygard_lines = preamble.iter().any(|line| line.text.starts_with("Date:"));
    let names: Vec<String> = headings
        .iter()
        .map(|h| normalize_heading(&h.text))
        .collect();
    let has = |name: &str| names.iter().any(|n| n == name);
    let madr_headings = has("decision outcome") || has("considered options");
    if bullets {
        AdrFormat::Madr
    } else if numbered_title || nygard_lines || has("status") || !madr_headings {
        AdrFormat::Nygard
    } else {
        AdrFormat::Madr
    }
}

/// `3. Use PostgreSQL` → `(3, "Use PostgreSQL")`, as adr-tools writes titles.
pub(super) fn numbered_title(title: &str) -> Option<(u32, &str)> {
    let digits = title.len() - title.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let rest = title[digits..].strip_prefix(". ")?;
    let number = title[..digits].parse().ok()?;
    Some((number, rest.trim()))
}

/// The ADR number a file name starts with: `0003-…`, `3_…`, `adr-0003-…`. Eight digits that
/// form a date are log4brains' date, not a number.
pub(super) fn file_number(file_name: &str) -> Option<u32> {
    let (digits, _) = number_prefix(record_stem(file_name))?;
    digits.parse().ok()
}

/// A title made from a file name, for a file without a `# Title`: `0003-use-postgres` →
/// `Use postgres`.
pub(super) fn title_from_file_name(file_name: &str) -> String {
    let stem = record_stem(file_name);
    let rest = number_prefix(stem)
        .or_else(|| date_prefix(stem))
        .map_or(stem, |(_, rest)| rest);
    let words = rest.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect::<String>()
    })
}

fn base_name(path: &str) -> &str {
    path.rsplit(['/', '\\']).next().unwrap_or(path)
}

/// The name without a `.md` or `.markdown` extension (any case), or `None` for other files.
fn markdown_stem(name: &str) -> Option<&str> {
    let (stem, extension) = name.rsplit_once('.')?;
    let markdown =
        extension.eq_ignore_ascii_case("md") || extension.eq_ignore_ascii_case("markdown");
    (markdown && !stem.is_empty()).then_some(stem)
}

/// A leading run of up to six digits (after an optional `adr-`), ended by a separator or the
/// end of the stem; returns the digits and the rest after the separator.
fn number_prefix(stem: &str) -> Option<(&str, &str)> {
    let lower = stem.to_ascii_lowercase();
    let start = if lower.starts_with("adr-") || lower.starts_with("adr_") {
        4
    } else {
        0
    };
    let (digits, rest) = digit_run(&stem[start..])?;
    (digits.len() <= 6).then_some((digits, rest))
}

/// log4brains' `YYYYMMDD-` prefix, when the eight digits are a real date.
fn date_prefix(stem: &str) -> Option<(&str, &str)> {
    let (digits, rest) = digit_run(stem)?;
    let number = |range: std::ops::Range<usize>| digits.get(range)?.parse::<i16>().ok();
    let is_date = digits.len() == 8
        && Date::new(
            number(0..4)?,
            i8::try_from(number(4..6)?).ok()?,
            i8::try_from(number(6..8)?).ok()?,
        )
        .is_ok();
    is_date.then_some((digits, rest))
}

/// The leading ASCII digits and what follows one separator after them.
fn digit_run(stem: &str) -> Option<(&str, &str)> {
    let end = stem
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(stem.len());
    let (digits, rest) = stem.split_at(end);
    let separated = rest.is_empty() || rest.starts_with(['-', '_', ' ', '.']);
    (!digits.is_empty() && separated).then(|| (digits, rest.get(1..).unwrap_or_default()))
}

fn is_template(stem: &str) -> bool {
    let rest = number_prefix(stem).map_or(stem, |(_, rest)| rest);
    rest.eq_ignore_ascii_case("template") || rest.eq_ignore_ascii_case("adr-template")
}

/// Decodes `%20`-style escapes; anything malformed is kept as written.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::{
        file_number, file_slug, is_adr_file, slug_for, slug_for_link, title_from_file_name,
    };

    /// Every adr-tools log starts with this file; two teams' logs must not share a document.
    #[test]
    fn slugs_are_unique_per_space_and_stable() {
        let name = "0001-record-architecture-decisions.md";
        let ours = slug_for("platform", name);
        let expect = "platform-0001-record-architecture-decisions";
        assert_eq!(ours.as_deref(), Some(expect));
        assert_ne!(ours, slug_for("payments", name));
        assert_eq!(ours, slug_for("platform", &format!("other/dir/{name}")));
        let bare = slug_for("", name);
        assert_eq!(bare.as_deref(), Some("0001-record-architecture-decisions"));
    }

    #[test]
    fn slugs_stop_at_96_characters() {
        let name = format!("0042-{}.md", "very-long-words-".repeat(10));
        // `design-rev-0042-` is 16 characters, so the cut at 96 falls right after a `-`.
        let slug = slug_for("design-rev", &name).unwrap();
        assert_eq!(slug.len(), 95, "{slug}");
        assert!(slug.ends_with("-very-long-words"), "{slug}");
        assert_eq!(slug_for("design-reviews", &name).map(|s| s.len()), Some(96));
    }

    #[test]
    fn which_files_are_records() {
        let cases = [
            ("0001-record-decisions.md", true),
            ("docs/adr/0012-use-kafka.markdown", true),
            ("adr-0004-x.MD", true),
            ("20240301-use-postgres.md", true),
            ("README.md", false),
            ("index.md", false),
            ("template.md", false),
            ("0000-template.md", false),
            ("adr-template.md", false),
            ("0003-use-postgres.txt", false),
            ("1234567-seven-digits.md", false),
        ];
        for (name, expect) in cases {
            assert_eq!(is_adr_file(name, "# T\n"), expect, "{name}");
        }
    }

    #[test]
    fn exports_are_records_by_kind() {
        assert!(is_adr_file("any-name.md", "---\nslug: a\nkind: adr\n---\n"));
        assert!(!is_adr_file(
            "0003-plan.md",
            "---\nslug: a\nkind: rfc\n---\n"
        ));
    }

    #[test]
    fn slugs_numbers_and_titles_from_names() {
        let cases = [
            (
                "0003-use-postgres.md",
                Some("0003-use-postgres"),
                Some(3),
                "Use postgres",
            ),
            (
                "ADR-0012_Use Kafka!.md",
                Some("adr-0012_use-kafka"),
                Some(12),
                "Use Kafka!",
            ),
            (
                "20240301-pick-a-queue.md",
                Some("20240301-pick-a-queue"),
                None,
                "Pick a queue",
            ),
            ("notes.md", Some("notes"), None, "Notes"),
            ("é.md", None, None, "É"),
        ];
        for (name, slug, number, title) in cases {
            assert_eq!(file_slug(name).as_deref(), slug, "slug of {name}");
            assert_eq!(file_number(name), number, "number of {name}");
            assert_eq!(title_from_file_name(name), title, "title of {name}");
        }
    }

    #[test]
    fn slugs_from_links() {
        let cases = [
            ("0003-foo.md", Some("0003-foo")),
            ("./0003-foo.md#why", Some("0003-foo")),
            ("../adr/0003%20foo.md", Some("0003-foo")),
            ("https://example.com/0003-foo.md", None),
            ("diagram.png", None),
            ("%", None),
        ];
        for (target, expect) in cases {
            assert_eq!(slug_for_link(target).as_deref(), expect, "{target}");
        }
    }
}
