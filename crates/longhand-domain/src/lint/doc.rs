//! The document model the lint works on: front matter with positions, plus the Markdown body.

use super::body::{self, Body};
use super::frontmatter::{self, FrontMatter, Problem};

/// A Markdown file parsed for linting. Parsing never fails: whatever cannot be read becomes a
/// problem that [`crate::lint::lint`] reports under the `front-matter` rule.
///
/// # Example
///
/// ```
/// use longhand_domain::lint::ParsedDoc;
///
/// let doc = ParsedDoc::parse("---\nowner: '@ana'\n---\n# Plan\n\nSee [[roadmap]].\n");
/// assert_eq!(doc.front_matter().text("owner"), Some("@ana"));
/// assert_eq!(doc.body().headings()[0].position.line, 4);
/// assert_eq!(doc.body().links()[0].target, "roadmap");
/// ```
#[derive(Debug, Clone)]
pub struct ParsedDoc {
    front_matter: FrontMatter,
    body: Body,
    problems: Vec<Problem>,
    body_line: u32,
}

/// The number of the file's last line (1 for an empty file).
fn last_line(source: &str) -> u32 {
    let lines = source.lines().count().max(1);
    u32::try_from(lines).unwrap_or(u32::MAX)
}

impl ParsedDoc {
    /// Parses a whole file. A UTF-8 byte order mark is skipped; LF and CRLF line ends both work.
    pub fn parse(source: &str) -> ParsedDoc {
        let source = source.strip_prefix('\u{feff}').unwrap_or(source);
        let split = frontmatter::split(source);
        ParsedDoc {
            body: body::parse(split.body, split.body_line_offset),
            front_matter: split.front_matter,
            problems: split.problems,
            // A file that ends right after its front matter has no body line; point at its last line.
            body_line: (split.body_line_offset + 1).min(last_line(source)),
        }
    }

    /// Parses a body that has no front matter, such as a stored document's Markdown, so a
    /// body that happens to open with `---` is not read as front matter.
    pub fn parse_body(body: &str) -> ParsedDoc {
        ParsedDoc {
            front_matter: FrontMatter::default(),
            body: body::parse(body, 0),
            problems: Vec::new(),
            body_line: 1,
        }
    }

    pub fn front_matter(&self) -> &FrontMatter {
        &self.front_matter
    }

    pub fn body(&self) -> &Body {
        &self.body
    }

    /// Problems met while reading the front matter.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The file line on which the body starts (1 when there is no front matter; the last line
    /// when nothing follows the front matter).
    pub fn body_line(&self) -> u32 {
        self.body_line
    }
}
