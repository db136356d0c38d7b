//! The vocabulary of a workspace: roles, space purposes, visibility and noise levels.
//!
//! Each enum has one textual form, used in the database, the API and forms alike, so the
//! mapping lives here once (`as_str` / `parse`).

use std::fmt;

/// Why a vocabulary word was refused; the message lists the accepted words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    what: &'static str,
    got: String,
    expected: &'static [&'static str],
}

impl fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown {} \"{}\"; expected one of: {}",
            self.what,
            self.got,
            self.expected.join(", ")
        )
    }
}

impl std::error::Error for UnknownWord {}

macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident, $what:literal, { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            const WORDS: &'static [&'static str] = &[$($text),+];

            /// The textual form.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Parses the textual form (case-insensitive, surrounding space ignored).
            pub fn parse(raw: &str) -> Result<$name, UnknownWord> {
                match raw.trim().to_ascii_lowercase().as_str() {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownWord { what: $what, got: raw.to_owned(), expected: Self::WORDS }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

vocabulary!(
    /// A member's role in the workspace.
    Role, "role", {
        /// Runs the workspace: manages people, tokens and settings.
        Admin => "admin",
        /// A regular teammate.
        Member => "member",
        /// A collaborator from outside who sees only what they are let into.
        Guest => "guest",
    }
);

vocabulary!(
    /// What a space is for; it sets expectations about tone and urgency.
    SpacePurpose, "space purpose", {
        /// One-way announcements.
        Announcements => "announcements",
        /// Open discussion.
        Discussion => "discussion",
        /// Design proposals and reviews.
        Design => "design",
        /// Urgent operational matters.
        OpsUrgent => "ops-urgent",
        /// Social chatter.
        Social => "social",
        /// A team's home.
        Team => "team",
    }
);

vocabulary!(
    /// Who can see a space.
    Visibility, "visibility", {
        /// Everyone in the workspace except guests who were not added.
        Workspace => "workspace",
        /// Only the space's members.
        Private => "private",
    }
);

vocabulary!(
    /// How loudly a space notifies by default.
    NoiseLevel, "noise level", {
        /// Deliver at once (within working hours).
        Immediate => "immediate",
        /// Batch into the daily digest.
        Digest => "digest",
        /// Do not notify.
        Muted => "muted",
    }
);

vocabulary!(
    /// A member's role inside one space.
    SpaceRole, "space role", {
        /// Can edit the space and manage its members.
        Admin => "admin",
        /// Takes part.
        Member => "member",
    }
);

impl SpacePurpose {
    /// The noise level a new space of this purpose starts with.
    pub fn default_noise(self) -> NoiseLevel {
        match self {
            SpacePurpose::OpsUrgent => NoiseLevel::Immediate,
            SpacePurpose::Social => NoiseLevel::Muted,
            _ => NoiseLevel::Digest,
        }
    }

    /// A one-line description shown when choosing a purpose.
    pub fn describe(self) -> &'static str {
        match self {
            SpacePurpose::Announcements => "One-way news for everyone; replies go to threads.",
            SpacePurpose::Discussion => "Open, written discussion on a topic.",
            SpacePurpose::Design => "Design proposals, RFCs and their reviews.",
            SpacePurpose::OpsUrgent => "Urgent operational matters that need a fast answer.",
            SpacePurpose::Social => "Chatter, introductions and celebrations.",
            SpacePurpose::Team => "A team's home for its plans and check-ins.",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(*role));
        }
        for purpose in SpacePurpose::ALL {
            assert_eq!(SpacePurpose::parse(purpose.as_str()), Ok(*purpose));
        }
        assert_eq!(Visibility::parse(" Private "), Ok(Visibility::Private));
    }

    #[test]
    fn unknown_words_list_the_choices() {
        let err = NoiseLevel::parse("loud").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown noise level \"loud\"; expected one of: immediate, digest, muted"
        );
    }

    #[test]
    fn purposes_pick_a_sensible_noise_level() {
        assert_eq!(
            SpacePurpose::OpsUrgent.default_noise(),
            NoiseLevel::Immediate
        );
        assert_eq!(SpacePurpose::Social.default_noise(), NoiseLevel::Muted);
        assert_eq!(SpacePurpose::Design.default_noise(), NoiseLevel::Digest);
    }
}

vocabulary!(
    /// Who may read a document, from widest to narrowest (DESIGN.md §1 rule 10); the rule
    /// itself is `documents::can_read`.
    Classification, "classification", {
        /// Everyone who can open the space, guests included.
        Public => "public",
        /// Workspace members who can open the space; not guests.
        Internal => "internal",
        /// Members of the space (and of spaces it was shared into with approval).
        Confidential => "confidential",
        /// The owner and the named readers only.
        Restricted => "restricted",
    }
);

impl Classification {
    /// One sentence for the reader: who can see a document of this classification.
    pub fn audience(self) -> &'static str {
        match self {
            Classification::Public => "Everyone who can open the space, guests included.",
            Classification::Internal => "Workspace members who can open the space; not guests.",
            Classification::Confidential => {
                "Members of the space, and of spaces it is shared with."
            }
            Classification::Restricted => "Only the owner and the named readers.",
        }
    }
}
