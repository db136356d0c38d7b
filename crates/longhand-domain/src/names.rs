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

/// A URL-safe identifier for teams and spaces: `platform`, `design-reviews`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slug(String);
string_newtype!(Slug);

impl Slug {
    /// Parses a slug as typed (lowercase letters, digits, `-`, `_`; 2 to 48 characters).
    pub fn parse(raw: &str) -> Result<Slug, NameError> {
        let s = raw.trim().to_ascii_lowercase();
        if s.len() < 2 || s.len() > 48 || !is_identifier(&s) {
            return refuse(format!(
                "\"{raw}\" is not a valid slug: use 2 to 48 lowercase letters, digits, '-' or '_'"
            ));
        }
        Ok(Slug(s))
    }

    /// Makes a slug from a display name: `Design Reviews!` → `design-reviews`.
    pub fn from_name(name: &str) -> Result<Slug, NameError> {
        let mut out = String::new();
        for c in name.trim().chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.ends_with('-') && !out.is_empty() {
                out.push('-');
            }
        }
        Slug::parse(out.trim_end_matches('-'))
    }
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
        if s.chars().any(char::is_control) {
            return refuse("a name cannot contain control characters");
        }
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
