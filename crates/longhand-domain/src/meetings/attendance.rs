//! Who attends a meeting: people, never invitation lines.
//!
//! A person attends an occurrence when it is in their own calendar (they hold it), when they
//! are invited by name, when they organise it, or when a group they are known to belong to
//! is invited. A group address is not a person: it counts through the people behind it —
//! the calendars that hold the meeting and the group's known members — and never as one
//! attendee of its own. Whatever other copies of the invitation say, a person who declined
//! in their own calendar does not attend. Everyone is counted once per occurrence, however
//! many of these ways name them.
//!
//! # Example
//!
//! A monthly all-hands sent to `all@example.com` and held in three people's calendars has
//! three attendees, one of whom may be the organiser, and no fourth for the list itself.

use std::collections::{BTreeMap, BTreeSet};

use super::Meeting;

/// The group addresses known to the audit, each with the members known for it (possibly
/// none: an address seen as a group whose members no file names).
pub type Groups = BTreeMap<String, BTreeSet<String>>;

impl Meeting {
    /// Everyone who attends, each once, in address order: see the module's rule.
    pub fn participants<'a>(&'a self, groups: &'a Groups) -> Vec<&'a str> {
        let mut out: Vec<&str> = Vec::with_capacity(self.attendees.len() + self.holders.len() + 1);
        for email in self.attendees.iter() {
            match groups.get(&**email) {
                Some(members) => out.extend(members.iter().map(String::as_str)),
                None => out.push(email),
            }
        }
        for group in self.groups.iter() {
            out.extend(
                groups
                    .get(&**group)
                    .into_iter()
                    .flatten()
                    .map(String::as_str),
            );
        }
        out.extend(self.holders.iter().map(|h| &**h));
        out.extend(self.organizer.as_deref());
        out.sort_unstable();
        out.dedup();
        out.retain(|email| !self.declined.iter().any(|d| &**d == *email));
        out
    }
}

/// Adds what one copy of an invitation tells about groups: `email` is a group address when
/// `group` is set, and a member of each group in `member_of`.
pub fn learn_group(groups: &mut Groups, email: &str, group: bool, member_of: &[String]) {
    if group && !groups.contains_key(email) {
        groups.insert(email.to_owned(), BTreeSet::new());
    }
    for list in member_of {
        let members = groups.entry(list.clone()).or_default();
        if !members.contains(email) {
            members.insert(email.to_owned());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meetings::Shared;

    /// A meeting described as data: "attendees | groups | holders | declined | organizer",
    /// each part a space-separated list.
    fn meeting(spec: &str) -> Meeting {
        let parts: Vec<Vec<Shared>> = spec
            .split('|')
            .map(|p| p.split_whitespace().map(Shared::from).collect())
            .collect();
        let part = |i: usize| parts.get(i).cloned().unwrap_or_default();
        Meeting {
            attendees: part(0).into(),
            groups: part(1).into(),
            holders: part(2),
            declined: part(3),
            organizer: part(4).into_iter().next(),
            ..Meeting::default()
        }
    }

    /// Groups as "group=member,member group2=…".
    fn groups(spec: &str) -> Groups {
        spec.split_whitespace()
            .filter_map(|g| g.split_once('='))
            .map(|(g, members)| {
                let members = members.split(',').filter(|m| !m.is_empty());
                (g.to_owned(), members.map(str::to_owned).collect())
            })
            .collect()
    }

    fn check(spec: &str, known: &str, expect: &str) {
        let groups = groups(known);
        let got = meeting(spec).participants(&groups).join(" ");
        assert_eq!(got, expect, "meeting {spec:?} with groups {known:?}");
    }

    #[test]
    fn who_attends() {
        // Invited by name, and the organiser.
        check("ana bo | | | | cy", "", "ana bo cy");
        // A group invitation counts the calendars that hold it, not the list itself.
        check(" | all | ana bo cy | | ana", "", "ana bo cy");
        // The same list without CUTYPE=GROUP in this copy, but known as a group elsewhere.
        check("all | | ana bo | | ana", "all=", "ana bo");
        // Known members of an invited group attend even when their calendars are not read.
        check(" | eng | ana | | ana", "eng=bo,cy", "ana bo cy");
        // Someone named in several ways counts once.
        check("ana bo | eng | ana bo | | ana", "eng=ana,bo", "ana bo");
        // Declined in their own calendar: gone, however else they were invited.
        check("ana bo | all | ana cy | bo | ana", "all=bo,cy", "ana cy");
        // The organiser who declined in their own calendar does not attend either.
        check("bo | | bo | ana | ana", "", "bo");
        // An unknown group with no calendars holding it brings nobody.
        check(" | all | | | ", "", "");
    }

    #[test]
    fn groups_are_learned_from_invitations() {
        let mut known = Groups::new();
        learn_group(&mut known, "all", true, &[]);
        learn_group(
            &mut known,
            "ana",
            false,
            &["eng".to_owned(), "all".to_owned()],
        );
        learn_group(&mut known, "bo", false, &["eng".to_owned()]);
        learn_group(&mut known, "ana", false, &["eng".to_owned()]);
        assert_eq!(known, groups("all=ana eng=ana,bo"));
    }
}
