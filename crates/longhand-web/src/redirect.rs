//! Where a sign-in, or a search result being opened, may send the browser: a path on this
//! site, and nothing else.
//!
//! `next` (and `/search/open`'s `to`) arrives from a query string or a form field, so an
//! attacker chooses it. A browser reads more than `//host` as "another site": it treats `\`
//! like `/`, drops tabs and line breaks anywhere in a URL, and follows absolute URLs. Rather
//! than list what is dangerous, [`site_path`] accepts one narrow shape, and
//! [`same_origin_path`] sends everything else to `/`.

/// Where to go when `next` is not a path on this site.
const HOME: &str = "/";

/// `raw` if it is a path on this site, else `/`.
///
/// # Example
/// ```ignore
/// assert_eq!(same_origin_path("/members?tab=all"), "/members?tab=all");
/// assert_eq!(same_origin_path("/\\evil.example"), "/");
/// ```
pub(crate) fn same_origin_path(raw: &str) -> &str {
    site_path(raw).unwrap_or(HOME)
}

/// `raw` if it is a path on this site, else `None`, for callers that refuse the request
/// rather than send the browser home (`/search/open`).
///
/// Accepted: starts with one `/` (not `//`), then visible ASCII only (no spaces, control
/// characters or non-ASCII, which a `Location` header cannot carry anyway) and no `\`
/// anywhere. Links inside Longhand are percent-encoded, so a real `next` always fits.
pub(crate) fn site_path(raw: &str) -> Option<&str> {
    let bytes = raw.as_bytes();
    let rooted = bytes.first() == Some(&b'/') && bytes.get(1) != Some(&b'/');
    let plain = bytes.iter().all(|&b| b.is_ascii_graphic() && b != b'\\');
    (rooted && plain).then_some(raw)
}

#[cfg(test)]
mod tests {
    use super::{same_origin_path, site_path};

    fn check(raw: &str, expected: &str) {
        assert_eq!(same_origin_path(raw), expected, "next = {raw:?}");
        let refused = expected == "/" && raw != "/";
        assert_eq!(site_path(raw).is_none(), refused, "to = {raw:?}");
    }

    #[test]
    fn paths_on_this_site_are_kept() {
        for path in [
            "/",
            "/members",
            "/spaces/open/docs?kind=rfc&page=2",
            "/documents/plan#risks",
            "/search?q=caf%C3%A9",
            "/%2F%2Fevil.example",
            "/a//b",
            "/threads/7#c12",
            "/docs/plan?from=search",
        ] {
            check(path, path);
        }
    }

    #[test]
    fn anything_a_browser_could_read_as_another_site_goes_home() {
        for attack in [
            "//evil.example",
            "///evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\\/evil.example",
            "\\/evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{7f}/evil.example",
            "/evil.example\\@",
            "%2F%2Fevil.example",
            "%2f%5cevil.example",
            "https://evil.example",
            "http:evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            " /members",
            "/caf\u{e9}",
            "/\u{3000}/evil.example",
            "/members\r\nSet-Cookie: session=x",
            "//evil.example/docs/plan",
            "https:/evil.example",
        ] {
            check(attack, "/");
        }
    }
}
