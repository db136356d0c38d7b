//! The seed's vocabulary and its random source: names, zones, areas and the sentences titles,
//! bodies and comments are put together from. Everything comes from one `fastrand` generator,
//! so one seed gives one workspace, word for word.

/// Given names; display names may carry accents, handles are transliterated.
pub(super) const FIRST: &[&str] = &[
    "Ana", "Ben", "Chloé", "Dev", "Emi", "Farah", "Gus", "Hana", "Ines", "Jonas", "Kwame", "Lena",
    "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tariq", "Uma", "Viktor", "Wen",
    "Ximena", "Yusuf", "Zoë", "Amara", "Bruno", "Carmen", "Diego", "Elif", "Felix", "Grace",
    "Hiro", "Ivan", "Julia", "Kenji", "Leila", "Marco", "Noor", "Olga", "Pablo", "Ravi", "Sara",
    "Tomás", "Vera", "Wanjiru", "Yara",
];

/// Family names.
pub(super) const LAST: &[&str] = &[
    "Lima",
    "Okafor",
    "Martin",
    "Patel",
    "Tanaka",
    "Haddad",
    "Andersson",
    "Novak",
    "García",
    "Müller",
    "Mensah",
    "Rossi",
    "Kowalski",
    "Nguyen",
    "Silva",
    "Dubois",
    "Jensen",
    "Kim",
    "Ivanova",
    "Costa",
    "Fischer",
    "Hassan",
    "Yamamoto",
    "Oliveira",
    "Schmidt",
    "Chen",
    "Adeyemi",
    "Larsen",
    "Moreau",
    "Rahman",
    "Sato",
    "Vargas",
    "Walker",
    "Zhang",
    "Kaur",
    "Nakamura",
    "Petrov",
    "Quispe",
    "Romero",
    "Suzuki",
];

/// IANA zones with a working pattern each: the hours of every working day, and which days.
pub(super) const ZONES: &[(&str, &[&str], &[&str])] = &[
    ("America/Los_Angeles", &["09:00-17:00"], &WEEK),
    ("America/Denver", &["08:00-12:00", "13:00-17:00"], &WEEK),
    ("America/Chicago", &["08:30-16:30"], &WEEK),
    ("America/New_York", &["09:00-12:30", "13:30-18:00"], &WEEK),
    ("America/Sao_Paulo", &["09:00-12:00", "13:00-18:00"], &WEEK),
    ("America/Bogota", &["08:00-17:00"], &WEEK),
    ("Europe/London", &["08:30-12:30", "13:30-17:00"], &WEEK),
    ("Europe/Berlin", &["09:00-17:30"], &WEEK),
    ("Europe/Madrid", &["09:00-14:00", "16:00-19:00"], &WEEK),
    ("Europe/Helsinki", &["08:00-16:00"], &FOUR_DAYS),
    ("Africa/Lagos", &["09:00-17:00"], &WEEK),
    ("Africa/Nairobi", &["08:00-13:00", "14:00-17:00"], &WEEK),
    ("Asia/Dubai", &["09:00-18:00"], &WEEK),
    ("Asia/Kolkata", &["10:00-13:00", "14:00-19:00"], &WEEK),
    ("Asia/Kathmandu", &["10:00-17:00"], &WEEK),
    ("Asia/Singapore", &["09:00-18:00"], &WEEK),
    ("Asia/Tokyo", &["09:30-18:00"], &WEEK),
    ("Australia/Sydney", &["08:00-16:00"], &FOUR_DAYS),
    ("Pacific/Auckland", &["08:30-16:30"], &WEEK),
];

const WEEK: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];
const FOUR_DAYS: [&str; 4] = ["mon", "tue", "wed", "thu"];

/// Areas of work: team names, space names, title subjects.
pub(super) const AREAS: &[&str] = &[
    "Payments",
    "Search",
    "Platform",
    "Mobile",
    "Identity",
    "Billing",
    "Growth",
    "Data",
    "Infrastructure",
    "Security",
    "Design Systems",
    "Support Tools",
    "Onboarding",
    "Pricing",
    "Observability",
    "Storage",
    "Messaging",
    "Reporting",
    "Checkout",
    "Partnerships",
];

/// What documents and asks are about.
const SUBJECTS: &[&str] = &[
    "the checkout retry policy",
    "search indexing",
    "the staging database",
    "session storage",
    "the billing export",
    "on-call handover",
    "the release train",
    "feature flags",
    "the public API rate limits",
    "invoice numbering",
    "the mobile release cadence",
    "audit logging",
    "password reset emails",
    "the data retention policy",
    "cache warming",
    "the deploy pipeline",
    "backup restores",
    "the pricing page",
    "webhook deliveries",
    "the incident runbook",
    "queue-backed workers",
    "the customer import",
    "access reviews",
    "latency budgets",
    "the partner sandbox",
    "schema migrations",
    "error budgets",
];

const VERBS: &[&str] = &[
    "Move",
    "Replace",
    "Deprecate",
    "Adopt",
    "Simplify",
    "Split",
    "Harden",
    "Measure",
    "Retire",
    "Automate",
    "Document",
    "Rework",
];

const TECH: &[&str] = &[
    "PostgreSQL",
    "SQLite",
    "a message queue",
    "object storage",
    "a read replica",
    "server-sent events",
    "a feature-flag service",
    "OpenTelemetry",
    "a CDN",
    "WebAuthn",
    "a job scheduler",
    "tantivy",
];

/// Sentences with `{s}` (a subject), `{t}` (a technology), `{n}` (a number) and `{a}` (an area).
const SENTENCES: &[&str] = &[
    "Today {s} depends on manual steps that only two people know.",
    "We measured {n} incidents in the last quarter that traced back to {s}.",
    "The proposal is to put {s} behind {t} and retire the old path.",
    "{a} owns the change; the rollout goes region by region.",
    "The main risk is a slower first request while caches fill.",
    "Nothing changes for customers until the flag is on for everyone.",
    "We considered keeping {s} as it is and rejected it: the error rate keeps growing.",
    "A rollback is one configuration change and takes under {n} minutes.",
    "Open question: does {a} need a migration window, or can it run live?",
    "The numbers come from the last {n} days of production traffic.",
    "{t} is already in use by {a}, so the operational cost is known.",
    "Success means p99 latency under {n} ms and no new pages to on-call.",
    "We will review the result with {a} after two weeks.",
    "The old behaviour stays available behind a flag for one release.",
    "Support asked for a clear message when {s} is unavailable.",
    "The estimate is {n} person-days, most of it testing.",
];

/// A finished comment's opening words, so threads read like people talking.
const OPENERS: &[&str] = &[
    "Agreed.",
    "One concern:",
    "Thanks, this helps.",
    "Quick question:",
    "+1 from me.",
    "I checked the dashboards:",
    "Not sure about this part.",
    "Looks good overall.",
    "Can we split this?",
    "Following up:",
];

/// Tags documents carry.
pub(super) const TAGS: &[&str] = &[
    "q3",
    "q4",
    "latency",
    "cost",
    "security",
    "migration",
    "customer",
    "compliance",
    "reliability",
    "experiment",
];

/// Seeded randomness with the helpers the generators need.
pub(super) struct Words {
    rng: fastrand::Rng,
}

impl Words {
    pub(super) fn new(seed: u64) -> Words {
        Words {
            rng: fastrand::Rng::with_seed(seed),
        }
    }

    /// A number in `range`.
    pub(super) fn below(&mut self, n: usize) -> usize {
        self.rng.usize(..n.max(1))
    }

    /// A number in `low..=high`.
    pub(super) fn between(&mut self, low: i64, high: i64) -> i64 {
        self.rng.i64(low..=high.max(low))
    }

    /// True with probability `percent` / 100.
    pub(super) fn chance(&mut self, percent: u32) -> bool {
        self.rng.u32(..100) < percent
    }

    /// One item of a non-empty slice.
    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index chosen by weight.
    pub(super) fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut roll = self.rng.u32(..total.max(1));
        for (i, weight) in weights.iter().enumerate() {
            if roll < *weight {
                return i;
            }
            roll -= weight;
        }
        0
    }

    /// A subject, capitalised for a title.
    fn subject(&mut self) -> &'static str {
        self.pick::<&str>(SUBJECTS)
    }

    /// A document title for a kind.
    pub(super) fn title(&mut self, kind: &str) -> String {
        let subject = self.subject();
        match kind {
            "rfc" => format!("RFC: {} {subject}", self.pick(VERBS)),
            "adr" => format!("ADR: Use {} for {subject}", self.pick(TECH)),
            "status-update" => format!("{} status, week {}", self.pick(AREAS), self.between(1, 52)),
            "postmortem" => format!(
                "Postmortem: {subject} degraded for {} minutes",
                self.between(5, 240)
            ),
            "task-brief" => format!("Brief: {} {subject}", self.pick(VERBS).to_lowercase()),
            "release-checklist" => format!(
                "Release {}.{}.{} checklist",
                self.between(1, 9),
                self.between(0, 30),
                self.between(0, 9)
            ),
            "meeting-notes" => format!("{} sync: {subject}", self.pick(AREAS)),
            "handbook" => format!("How we handle {subject}"),
            _ => format!("{} charter", self.pick(AREAS)),
        }
    }

    /// One sentence with its blanks filled.
    pub(super) fn sentence(&mut self) -> String {
        let template = *self.pick(SENTENCES);
        let mut out = String::with_capacity(template.len() + 40);
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            out.push_str(&rest[..start]);
            let blank = &rest[start..start + 3];
            match blank {
                "{s}" => out.push_str(self.subject()),
                "{t}" => out.push_str(self.pick::<&str>(TECH)),
                "{a}" => out.push_str(self.pick::<&str>(AREAS)),
                _ => out.push_str(&self.between(2, 400).to_string()),
            }
            rest = &rest[start + 3..];
        }
        out.push_str(rest);
        capitalise(out)
    }

    /// A paragraph of `low..=high` sentences.
    pub(super) fn paragraph(&mut self, low: i64, high: i64) -> String {
        let count = self.between(low, high);
        let sentences: Vec<String> = (0..count).map(|_| self.sentence()).collect();
        sentences.join(" ")
    }

    /// A comment: an opener and a sentence or two.
    pub(super) fn comment(&mut self) -> String {
        let opener = *self.pick(OPENERS);
        format!("{opener} {}", self.paragraph(1, 2))
    }

    /// An ask's title.
    pub(super) fn ask_title(&mut self, kind: &str) -> String {
        let subject = self.subject();
        match kind {
            "review" => format!("Review the change to {subject}"),
            "approve" => format!("Approve the plan for {subject}"),
            "input" => format!("Your numbers for {subject}"),
            "answer" => format!("Who owns {subject}?"),
            _ => format!("FYI: {subject} changes next week"),
        }
    }
}

/// The first letter in upper case (a sentence may start with a blank).
fn capitalise(text: String) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) if first.is_lowercase() => first.to_uppercase().chain(chars).collect(),
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_seed_gives_one_text_and_blanks_are_filled() {
        let (mut a, mut b) = (Words::new(7), Words::new(7));
        for _ in 0..50 {
            let (x, y) = (a.sentence(), b.sentence());
            assert_eq!(x, y);
            assert!(!x.contains('{'), "{x}");
            assert!(x.starts_with(|c: char| !c.is_lowercase()), "{x}");
        }
        assert_ne!(Words::new(1).title("rfc"), Words::new(2).title("rfc"));
    }
}
