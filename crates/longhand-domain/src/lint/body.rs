//! The Markdown body: headings with anchors, links, and a flat list of top-level blocks that
//! says which are real content, which are template guidance and which are empty.
//!
//! Parsing uses comrak with the same GFM extensions the app renders with, so "is this a heading"
//! and "what is its anchor" agree between the lint and the rendered page.

use comrak::nodes::{AstNode, NodeValue};
use comrak::{Anchorizer, Arena, Options};

use super::finding::Position;
use crate::nesting::{self, TooDeep};

/// A heading in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The heading's plain text, as the reader sees it.
    pub text: String,
    /// The `id` the rendered page gives this heading (GitHub-style, unique per document).
    pub anchor: String,
    pub position: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    /// `[[slug]]`.
    Wiki,
    /// `[text](target)` or an autolink.
    Markdown,
}

/// A link in the body, with its destination exactly as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    pub target: String,
    pub position: Position,
}

/// Whether a block (or a section) says anything yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Fill {
    /// Nothing but blank lines, rules or HTML comments.
    Empty,
    /// Only guidance text, such as `_[Describe the problem]_` or `TODO`.
    Placeholder,
    /// Real writing.
    Filled,
}

/// One top-level block of the body.
#[derive(Debug, Clone)]
pub(crate) struct Block {
    pub position: Position,
    /// Index into `Body::headings` when this block is a heading.
    pub heading: Option<usize>,
    pub fill: Fill,
    /// Plain text of paragraphs and quotes, for matching a template's own guidance text;
    /// `None` for other blocks.
    pub text: Option<String>,
    /// Whether this is a paragraph that opens with "TL;DR".
    pub is_tldr_line: bool,
}

/// The parsed body.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub(crate) headings: Vec<Heading>,
    pub(crate) links: Vec<Link>,
    pub(crate) blocks: Vec<Block>,
    pub(crate) words: u32,
    pub(crate) mentions_scope: bool,
    /// Set when the body nests past [`crate::nesting::MAX_NESTING`]; such a body is not walked,
    /// so everything else is left empty.
    pub(crate) too_deep: Option<TooDeep>,
}

impl Body {
    pub fn headings(&self) -> &[Heading] {
        &self.headings
    }

    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// Words of prose (code blocks excluded).
    pub fn word_count(&self) -> u32 {
        self.words
    }

    /// Where the body nests deeper than the budget, if it does. Callers refuse such a text
    /// instead of linting it, since none of its headings, links or sections were read.
    pub fn too_deep(&self) -> Option<TooDeep> {
        self.too_deep
    }
}

/// The comrak options the lint parses with (the app renders with the same extensions).
pub(crate) fn markdown_options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.strikethrough = true;
    options.extension.table = true;
    options.extension.autolink = true;
    options.extension.tasklist = true;
    options.extension.wikilinks_title_after_pipe = true;
    // Not `parse.sourcepos_chars`: it costs ~30x the whole parse. Byte columns are converted
    // to character columns for the few nodes we keep, using `LineIndex`.
    options
}

/// Parses `body`, whose first line is line `line_offset + 1` of the file.
pub(crate) fn parse(body: &str, line_offset: u32) -> Body {
    let arena = Arena::new();
    let root = comrak::parse_document(&arena, body, &markdown_options());
    if let Some(deep) = nesting::too_deep(root) {
        let line = deep.line.saturating_add(line_offset);
        return Body {
            too_deep: Some(TooDeep { line }),
            ..Body::default()
        };
    }
    let mut walker = Walker {
        line_offset,
        lines: LineIndex::new(body),
        body: Body::default(),
        anchorizer: Anchorizer::new(),
    };
    for block in root.children() {
        walker.top_level(block);
    }
    walker.inlines(root);
    walker.body
}

/// Byte offsets of line starts, to turn comrak's byte columns into character columns.
struct LineIndex<'s> {
    text: &'s str,
    starts: Vec<usize>,
}

impl<'s> LineIndex<'s> {
    fn new(text: &'s str) -> Self {
        let breaks = text.match_indices('\n').map(|(i, _)| i + 1);
        LineIndex {
            text,
            starts: std::iter::once(0).chain(breaks).collect(),
        }
    }

    /// The 1-based character column of a 1-based (line, byte column) pair.
    fn char_column(&self, line: usize, byte_column: usize) -> usize {
        let Some(&start) = line.checked_sub(1).and_then(|i| self.starts.get(i)) else {
            return byte_column;
        };
        let end = (start + byte_column.saturating_sub(1)).min(self.text.len());
        match self.text.get(start..end) {
            Some(prefix) => prefix.chars().count() + 1,
            None => byte_column,
        }
    }
}

struct Walker<'s> {
    line_offset: u32,
    lines: LineIndex<'s>,
    body: Body,
    anchorizer: Anchorizer,
}

impl Walker<'_> {
    fn position(&self, node: &AstNode<'_>) -> Position {
        let start = node.data().sourcepos.start;
        let line = u32::try_from(start.line).unwrap_or(u32::MAX);
        let column = self.lines.char_column(start.line, start.column);
        let column = u32::try_from(column).unwrap_or(u32::MAX);
        Position::new(line.saturating_add(self.line_offset), column)
    }

    fn top_level<'a>(&mut self, node: &'a AstNode<'a>) {
        let position = self.position(node);
        let heading_level = match &node.data().value {
            NodeValue::Heading(heading) => Some(heading.level),
            _ => None,
        };
        if let Some(level) = heading_level {
            self.heading(node, level, position);
            return;
        }
        let text = matches!(
            node.data().value,
            NodeValue::Paragraph | NodeValue::BlockQuote
        )
        .then(|| node.collect_text());
        if let Some(text) = &text {
            self.body.mentions_scope |= mentions_scope(text);
        }
        let is_tldr_line = matches!(node.data().value, NodeValue::Paragraph)
            && text.as_deref().is_some_and(starts_with_tldr);
        let fill = match &text {
            Some(text) if matches!(node.data().value, NodeValue::Paragraph) => {
                classify_paragraph(node, text)
            }
            _ => block_fill(node),
        };
        let block = Block {
            position,
            heading: None,
            fill,
            text,
            is_tldr_line,
        };
        self.body.blocks.push(block);
    }

    fn heading<'a>(&mut self, node: &'a AstNode<'a>, level: u8, position: Position) {
        let text = node.collect_text();
        let anchor = self.anchorizer.anchorize(&text);
        let index = self.body.headings.len();
        self.body.headings.push(Heading {
            level,
            text: text.trim().to_owned(),
            anchor,
            position,
        });
        let block = Block {
            position,
            heading: Some(index),
            fill: Fill::Empty,
            text: None,
            is_tldr_line: false,
        };
        self.body.blocks.push(block);
    }

    /// One pass over every node for links and the word count.
    fn inlines<'a>(&mut self, root: &'a AstNode<'a>) {
        let mut words = 0usize;
        for node in root.descendants() {
            let link = match &node.data().value {
                NodeValue::Text(text) => {
                    words += text.split_whitespace().count();
                    None
                }
                NodeValue::Code(code) => {
                    words += code.literal.split_whitespace().count();
                    None
                }
                NodeValue::Link(link) => Some((LinkKind::Markdown, link.url.clone())),
                NodeValue::WikiLink(link) => Some((LinkKind::Wiki, link.url.clone())),
                _ => None,
            };
            if let Some((kind, target)) = link {
                let position = self.position(node);
                self.body.links.push(Link {
                    kind,
                    target,
                    position,
                });
            }
        }
        self.body.words = u32::try_from(words).unwrap_or(u32::MAX);
    }
}

/// Decides whether a block is content, guidance or nothing. Containers (lists, quotes, items)
/// are as filled as their most filled child, so one real bullet under a guidance bullet counts
/// as writing. Walks with its own stack rather than recursion: this also runs on stored bodies
/// read back from the database, which a budget checked on write does not cover.
pub(crate) fn block_fill<'a>(node: &'a AstNode<'a>) -> Fill {
    let mut most = Fill::Empty;
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        match &node.data().value {
            NodeValue::List(_)
            | NodeValue::Item(_)
            | NodeValue::TaskItem(_)
            | NodeValue::BlockQuote => pending.extend(node.children()),
            _ => most = most.max(leaf_fill(node)),
        }
        if most == Fill::Filled {
            break;
        }
    }
    most
}

/// The fill of a block that is not a container.
fn leaf_fill<'a>(node: &'a AstNode<'a>) -> Fill {
    match &node.data().value {
        NodeValue::Paragraph => classify_paragraph(node, &node.collect_text()),
        NodeValue::HtmlBlock(html) if is_only_comments(&html.literal) => Fill::Empty,
        NodeValue::ThematicBreak => Fill::Empty,
        _ => Fill::Filled,
    }
}

fn classify_paragraph<'a>(node: &'a AstNode<'a>, text: &str) -> Fill {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Fill::Empty;
    }
    if is_marker_placeholder(trimmed) || is_bracketed_emphasis(node, trimmed) {
        return Fill::Placeholder;
    }
    Fill::Filled
}

/// `TODO`, `TBD`, `FIXME`, `XXX` (upper case, as a word) or a bare ellipsis.
pub(crate) fn is_marker_placeholder(text: &str) -> bool {
    if matches!(text, "…" | "...") {
        return true;
    }
    ["TODO", "TBD", "FIXME", "XXX"].iter().any(|marker| {
        text.strip_prefix(marker)
            .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric()))
    })
}

/// The template convention for guidance: the whole paragraph is one emphasised run in square
/// brackets, `_[Say who is affected and how.]_`. Requiring both the emphasis and the brackets
/// keeps ordinary bracketed prose from being taken for a placeholder.
fn is_bracketed_emphasis<'a>(node: &'a AstNode<'a>, text: &str) -> bool {
    let mut children = node.children().filter(|child| !is_blank_inline(child));
    let (Some(only), None) = (children.next(), children.next()) else {
        return false;
    };
    let emphasised = matches!(only.data().value, NodeValue::Emph | NodeValue::Strong);
    emphasised && text.starts_with('[') && text.ends_with(']')
}

fn is_blank_inline<'a>(node: &'a AstNode<'a>) -> bool {
    match &node.data().value {
        NodeValue::SoftBreak | NodeValue::LineBreak => true,
        NodeValue::Text(text) => text.trim().is_empty(),
        _ => false,
    }
}

fn is_only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after_open) = rest.strip_prefix("<!--") {
        let Some(end) = after_open.find("-->") else {
            return false;
        };
        rest = after_open[end + 3..].trim_start();
    }
    rest.is_empty()
}

fn starts_with_tldr(text: &str) -> bool {
    let head = text.trim_start().as_bytes();
    let starts = |prefix: &str| {
        head.get(..prefix.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(prefix.as_bytes()))
    };
    starts("tl;dr") || starts("tldr")
}

/// The scope criterion asks the writer to say whether a brief read or a detailed review is wanted.
fn mentions_scope(text: &str) -> bool {
    contains_ignore_ascii_case(text, "brief read")
        || contains_ignore_ascii_case(text, "detailed review")
}

/// Case-insensitive substring search without allocating a lower-cased copy of every paragraph.
fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|window| window.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Lower-cases and collapses whitespace so re-wrapped guidance still matches the template's.
pub(crate) fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}
