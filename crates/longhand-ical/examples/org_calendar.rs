//! Prints the synthetic organisation calendar used by the benchmarks:
//! `cargo run -p longhand-ical --example org_calendar -- 100 > org.ics`.

#[path = "../benches/org.rs"]
mod org;

fn main() {
    let people = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100);
    print!("{}", org::org_calendar(people));
}
