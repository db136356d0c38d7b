//! Paging a list that can grow: which page, and how many entries a page holds, checked
//! where a caller names them.

use super::{OpResult, invalid};

/// Which page of a list, and how long its pages are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPage {
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
}

impl ListPage {
    /// Entries on a page when the caller names no size.
    pub const PER_PAGE: i64 = 50;
    /// The longest page a caller may ask for.
    pub const MAX_PER_PAGE: i64 = 200;

    /// Checks a page and a page size as a caller gave them (either may be absent).
    pub fn parse(page: Option<i64>, per_page: Option<i64>) -> OpResult<ListPage> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(Self::PER_PAGE);
        if page < 1 {
            return Err(invalid(format!(
                "page {page} does not exist; pages start at 1"
            )));
        }
        if !(1..=Self::MAX_PER_PAGE).contains(&per_page) {
            return Err(invalid(format!(
                "per_page {per_page} is out of range; give 1 to {}",
                Self::MAX_PER_PAGE
            )));
        }
        Ok(ListPage { page, per_page })
    }

    /// A page number as a person typed it in an address (`?page=…`; empty for the first),
    /// at `per_page` entries a page.
    pub fn from_text(text: &str, per_page: i64) -> OpResult<ListPage> {
        let page = match text.trim() {
            "" => None,
            text => Some(text.parse::<i64>().map_err(|_| {
                invalid(format!(
                    "\"{text}\" is not a page number; pages are 1, 2, 3, …"
                ))
            })?),
        };
        ListPage::parse(page, Some(per_page))
    }

    /// How many entries come before the page.
    pub(crate) fn offset(self) -> i64 {
        (self.page - 1).saturating_mul(self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::ListPage;

    #[test]
    fn a_typed_page_number_is_checked() {
        assert_eq!(
            ListPage::from_text("", 25).unwrap(),
            ListPage {
                page: 1,
                per_page: 25
            }
        );
        assert_eq!(ListPage::from_text(" 3 ", 25).unwrap().offset(), 50);
        for bad in ["0", "-1", "two", "1.5", "99999999999999999999"] {
            let err = ListPage::from_text(bad, 25).unwrap_err().to_string();
            assert!(err.contains("page"), "{bad}: {err}");
        }
        assert!(ListPage::from_text("1", 0).is_err());
        assert!(ListPage::from_text("1", ListPage::MAX_PER_PAGE + 1).is_err());
    }
}
