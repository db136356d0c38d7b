//! Half-open time spans in UTC seconds and the set arithmetic the audit needs: union,
//! intersection and difference of sorted, disjoint lists.
//!
//! Seconds rather than `Timestamp`s keep the arithmetic plain integer work; the audit converts
//! at its edges.

/// A half-open span `[start, end)` in UTC seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Span {
    pub(crate) start: i64,
    pub(crate) end: i64,
}

impl Span {
    pub(crate) fn new(start: i64, end: i64) -> Span {
        Span { start, end }
    }

    pub(crate) fn len(&self) -> i64 {
        (self.end - self.start).max(0)
    }

    /// The part inside `window`, if any time is left.
    pub(crate) fn clip(&self, window: Span) -> Option<Span> {
        let clipped = Span::new(self.start.max(window.start), self.end.min(window.end));
        (clipped.len() > 0).then_some(clipped)
    }
}

/// The union of `spans`, sorted and disjoint; touching spans join into one.
pub(crate) fn merge(mut spans: Vec<Span>) -> Vec<Span> {
    spans.retain(|s| s.len() > 0);
    spans.sort_unstable();
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if span.start <= last.end => last.end = last.end.max(span.end),
            _ => out.push(span),
        }
    }
    out
}

/// The intersection of two sorted, disjoint lists.
pub(crate) fn intersect(a: &[Span], b: &[Span]) -> Vec<Span> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < a.len() && j < b.len() {
        let span = Span::new(a[i].start.max(b[j].start), a[i].end.min(b[j].end));
        if span.len() > 0 {
            out.push(span);
        }
        if a[i].end < b[j].end {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

/// `a` minus `b`, both sorted and disjoint: the gaps `b` leaves in each span of `a`.
pub(crate) fn subtract(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut j = 0;
    for span in a {
        let mut cursor = span.start;
        while j < b.len() && b[j].end <= cursor {
            j += 1;
        }
        let mut k = j;
        while k < b.len() && b[k].start < span.end {
            if b[k].start > cursor {
                out.push(Span::new(cursor, b[k].start));
            }
            cursor = cursor.max(b[k].end);
            k += 1;
        }
        if cursor < span.end {
            out.push(Span::new(cursor, span.end));
        }
    }
    out
}

/// The total length of the spans.
pub(crate) fn total(spans: &[Span]) -> i64 {
    spans.iter().map(Span::len).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(list: &[(i64, i64)]) -> Vec<Span> {
        list.iter().map(|&(s, e)| Span::new(s, e)).collect()
    }

    #[test]
    fn set_arithmetic() {
        let merged = merge(spans(&[(5, 8), (0, 2), (1, 3), (3, 4), (9, 9)]));
        assert_eq!(merged, spans(&[(0, 4), (5, 8)]));
        let work = spans(&[(0, 10), (20, 30)]);
        let busy = spans(&[(2, 4), (8, 22), (25, 26)]);
        assert_eq!(
            intersect(&work, &busy),
            spans(&[(2, 4), (8, 10), (20, 22), (25, 26)])
        );
        assert_eq!(
            subtract(&work, &busy),
            spans(&[(0, 2), (4, 8), (22, 25), (26, 30)])
        );
        assert_eq!(total(&subtract(&work, &busy)), 2 + 4 + 3 + 4);
        assert_eq!(subtract(&work, &[]), work);
        assert_eq!(
            Span::new(5, 15).clip(Span::new(0, 10)),
            Some(Span::new(5, 10))
        );
        assert_eq!(Span::new(10, 15).clip(Span::new(0, 10)), None);
    }
}
