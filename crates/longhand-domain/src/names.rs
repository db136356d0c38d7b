//! Names people type: handles, slugs, emails and display names, parsed once at the edge.
//!
//! Each type can only be built through `parse`, so a value that exists is valid. The error
//! messages are written for the person who typed the value.

use std::fmt;

/// Why a typed name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError(String);

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NameError {}

fn refuse<T>(message: impl Into<String>) -> Result<T, NameError> {
    Err(NameError(message.into()))
}

/// Letters, digits, `-` and `_`, starting with a letter or digit: safe in URLs and mentions.
fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    let first_ok = chars
        .next()
        .is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    first_ok && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

macro_rules! string_newtype {
    ($name:ident) => {
        impl $name {
            /// The name as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

/// A member's handle, as used in `@mentions` and URLs: `ana`, `j-doe`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Handle(String);
string_newtype!(Handle);

impl Handle {
    /// Parses a handle; a leading `@` is accepted and dropped, case is folded.
    ///
    /// # Example
    /// ```
    /// use longhand_domain::names::Handle;
    /// assert_eq!(Handle::parse("@Ana").unwrap().as_str(), "ana");
    /// assert!(Handle::parse("no spaces").is_err());
    /// ```
    pub fn parse(raw: &str) -> Result<Handle, NameError> {
        let s = raw.trim().trim_start_matches('@').to_ascii_lowercase();
        if s.len() < 2 || s.len() > 32 {
            return refuse(format!("handle \"{raw}\" must be 2 to 32 characters long"));
        }
        if !is_identifier(&s) {
            return refuse(format!(
                "handle \"{raw}\" may only use letters, digits, '-' and '_', and must start with a letter or digit"
            ));
        }
        Ok(Handle(s))
    }

    /// Derives a handle suggestion from an email's local part (`Ana.Lopez@x` → `ana-lopez`).
    pub fn suggest_from_email(email: &Email) -> Option<Handle> {
        let local = email.as_str().split('@').next().unwrap_or_default();
        let cleaned: String = local
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    '-'
                }
            })
            .collect();
        Handle::parse(cleaned.trim_matches('-')).ok()
    }
}

/// A URL-safe identifier for documents, teams and spaces: `platform`, `design-reviews`.
///
/// Slugs are ASCII (lowercase letters, digits, `-`, `_`) whatever script the name was written
/// in: a title in Cyrillic or Japanese is transliterated, so URLs, `[[slug]]` wiki links and
/// mentions need no percent-encoding and read the same in every tool.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);
string_newtype!(Slug);

/// How long a slug derived from a team's or space's name may be: they show up in menus.
const NAME_SLUG_MAX: usize = 48;

/// How long the readable part of a document's slug may be, leaving room under
/// [`Slug::MAX_LEN`] for a `-N` suffix when several documents share a title.
const TITLE_SLUG_MAX: usize = 80;

/// What a document is called when its title has nothing to transliterate (only emoji or
/// punctuation, say).
const FALLBACK: &str = "document";

impl Slug {
    /// The longest slug, in bytes (slugs are ASCII, so also in characters).
    pub const MAX_LEN: usize = 96;

    /// Parses a slug as typed (lowercase letters, digits, `-`, `_`; 2 to 96 characters).
    pub fn parse(raw: &str) -> Result<Slug, NameError> {
        let s = raw.trim().to_ascii_lowercase();
        if s.len() < 2 || s.len() > Slug::MAX_LEN || !is_identifier(&s) {
            return refuse(format!(
                "\"{raw}\" is not a valid slug: use 2 to {} lowercase letters, digits, '-' or '_'",
                Slug::MAX_LEN
            ));
        }
        Ok(Slug(s))
    }

    /// Makes a slug from a team's or space's name, in any script, cut at a word boundary.
    ///
    /// # Example
    /// ```
    /// use longhand_domain::names::Slug;
    /// assert_eq!(Slug::from_name("Design Reviews!").unwrap().as_str(), "design-reviews");
    /// assert_eq!(Slug::from_name("Разработка").unwrap().as_str(), "razrabotka");
    /// ```
    pub fn from_name(name: &str) -> Result<Slug, NameError> {
        let words = slug_words(name);
        let slug = Slug::parse(cut_at_word(&words, NAME_SLUG_MAX));
        slug.map_err(|_| {
            NameError(format!(
                "cannot make a slug from \"{}\"; give one (2 to {} lowercase letters, digits, '-' or '_')",
                name.trim(),
                Slug::MAX_LEN
            ))
        })
    }

    /// Makes a document's slug from its title: always succeeds, since a document must get a
    /// slug whatever it is called. Long titles are cut at a word boundary; a title with nothing
    /// to transliterate becomes `document`.
    pub fn from_title(title: &str) -> Slug {
        let words = slug_words(title);
        let cut = cut_at_word(&words, TITLE_SLUG_MAX);
        Slug::parse(cut).unwrap_or_else(|_| Slug(FALLBACK.to_owned()))
    }

    /// The `n`th slug for this name: the slug itself for 1, else `slug-n`. The number is never
    /// capped; when it would push the slug past [`Slug::MAX_LEN`], the name gives way (cut at
    /// a word boundary again).
    pub fn numbered(&self, n: u64) -> Slug {
        if n <= 1 {
            return self.clone();
        }
        let suffix = format!("-{n}");
        let room = Slug::MAX_LEN - suffix.len();
        Slug(format!("{}{suffix}", cut_at_word(&self.0, room)))
    }
}

/// Lowercase ASCII words joined by `-`: the text transliterated (`Привет` → `privet`,
/// `日本` → `ri-ben`), every run of anything but letters and digits as one `-`.
fn slug_words(text: &str) -> String {
    let ascii = deunicode::deunicode(text.trim());
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// `slug` cut to at most `max` bytes, at the last `-` that fits when there is one in the
/// second half (a single overlong word is cut where it must be). `slug` is ASCII, so any byte
/// index is a character boundary.
fn cut_at_word(slug: &str, max: usize) -> &str {
    if slug.len() <= max {
        return slug;
    }
    let head = &slug[..max];
    let word_ends_here = slug.as_bytes()[max] == b'-';
    let cut = match head.rfind('-') {
        _ if word_ends_here => head,
        Some(at) if at >= max / 2 => &head[..at],
        _ => head,
    };
    cut.trim_end_matches(['-', '_'])
}

/// An email address, lowercased. Only the shape is checked; delivery proves the rest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Email(String);
string_newtype!(Email);

impl Email {
    /// Parses `local@domain.tld`.
    pub fn parse(raw: &str) -> Result<Email, NameError> {
        let s = raw.trim().to_ascii_lowercase();
        let Some((local, domain)) = s.split_once('@') else {
            return refuse(format!("\"{raw}\" is not an email address (it has no '@')"));
        };
        let domain_ok = domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.');
        let chars_ok = !s.chars().any(|c| c.is_whitespace() || c.is_control());
        if local.is_empty() || !domain_ok || !chars_ok || s.len() > 254 {
            return refuse(format!("\"{raw}\" is not a valid email address"));
        }
        Ok(Email(s))
    }
}

/// A human-readable name for a person, team or space: trimmed, 1 to 80 characters, no control
/// characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DisplayName(String);
string_newtype!(DisplayName);

impl DisplayName {
    /// Parses a display name.
    pub fn parse(raw: &str) -> Result<DisplayName, NameError> {
        let s = raw.trim();
        if s.is_empty() {
            return refuse("a name is required");
        }
        if s.chars().count() > 80 {
            return refuse("a name can be at most 80 characters");
        }
        crate::text::check_line("name", s).map_err(|err| NameError(err.to_string()))?;
        Ok(DisplayName(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_handle(raw: &str, expect: Result<&str, &str>) {
        let got = Handle::parse(raw).map(|h| h.0).map_err(|e| e.0);
        assert_eq!(
            got.as_deref().map_err(String::as_str),
            expect,
            "input {raw:?}"
        );
    }

    #[test]
    fn handles() {
        check_handle("ana", Ok("ana"));
        check_handle("@J-Doe", Ok("j-doe"));
        check_handle("a", Err("handle \"a\" must be 2 to 32 characters long"));
        check_handle(
            "-ana",
            Err(
                "handle \"-ana\" may only use letters, digits, '-' and '_', and must start with a letter or digit",
            ),
        );
        check_handle(
            "an a",
            Err(
                "handle \"an a\" may only use letters, digits, '-' and '_', and must start with a letter or digit",
            ),
        );
    }

    #[test]
    fn slugs_from_names() {
        assert_eq!(
            Slug::from_name("Design Reviews!").unwrap().as_str(),
            "design-reviews"
        );
        assert_eq!(
            Slug::from_name("  Ops / Urgent ").unwrap().as_str(),
            "ops-urgent"
        );
        assert!(Slug::from_name("!!").is_err());
    }

    fn check_title(title: &str, expect: &str) {
        assert_eq!(Slug::from_title(title).as_str(), expect, "title {title:?}");
    }

    #[test]
    fn titles_in_any_script_get_readable_slugs() {
        check_title("Переход на PostgreSQL", "perekhod-na-postgresql");
        check_title("日本語のタイトル", "ri-ben-yu-notaitoru");
        check_title("Ünïcödé café", "unicode-cafe");
        check_title("🙂", "slight-smile");
        check_title("!! ??", "document");
        check_title("", "document");
    }

    #[test]
    fn long_titles_are_cut_at_a_word_boundary() {
        let title = "Migrate the billing service ".repeat(8);
        let slug = Slug::from_title(&title);
        assert!(slug.as_str().len() <= TITLE_SLUG_MAX, "{slug}");
        let words = slug_words(&title);
        assert!(
            words.starts_with(&format!("{slug}-")),
            "cut at a word: {slug}"
        );
        assert_eq!(
            slug.as_str(),
            "migrate-the-billing-service-migrate-the-billing-service-migrate-the-billing"
        );
        assert_eq!(Slug::parse(slug.as_str()).as_ref(), Ok(&slug));
        let one_word = "x".repeat(200);
        assert_eq!(Slug::from_title(&one_word).as_str().len(), TITLE_SLUG_MAX);
        let name = "A very long space name that goes on and on for ever";
        assert_eq!(
            Slug::from_name(name).unwrap().as_str(),
            "a-very-long-space-name-that-goes-on-and-on-for"
        );
    }

    #[test]
    fn numbered_slugs_have_no_upper_bound_and_stay_valid() {
        let slug = Slug::from_title("Weekly status");
        assert_eq!(slug.numbered(1).as_str(), "weekly-status");
        assert_eq!(slug.numbered(150).as_str(), "weekly-status-150");
        let long = Slug::from_title(&"word ".repeat(40));
        for n in [2, 99, 100, 123_456_789, u64::MAX] {
            let numbered = long.numbered(n);
            assert!(numbered.as_str().ends_with(&format!("-{n}")), "{numbered}");
            assert_eq!(Slug::parse(numbered.as_str()).as_ref(), Ok(&numbered));
        }
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse(" Ana@Example.COM ").unwrap().as_str(),
            "ana@example.com"
        );
        for bad in [
            "ana",
            "ana@",
            "@x.org",
            "ana@localhost",
            "a b@x.org",
            "ana@x.",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
        let email = Email::parse("Ana.Lopez@x.org").unwrap();
        assert_eq!(
            Handle::suggest_from_email(&email).unwrap().as_str(),
            "ana-lopez"
        );
    }

    #[test]
    fn display_names() {
        assert_eq!(
            DisplayName::parse("  Ana López ").unwrap().as_str(),
            "Ana López"
        );
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse("a\u{7}b").is_err());
        assert!(DisplayName::parse(&"x".repeat(81)).is_err());
    }
}
