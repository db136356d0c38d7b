//! Personal digests: when a person's digest goes ([`when`]) and what it holds
//! ([`compose`]). The application gathers the candidates, stores what was sent and delivers
//! it; everything decided about a digest is decided here.

mod compose;
mod when;

#[cfg(test)]
mod tests;

pub use compose::{
    Candidate, Digest, Group, Item, MAX_PER_GROUP, Section, Source, compose, subject_of_link,
};
pub use when::{SEARCH_DAYS, next_digest};
