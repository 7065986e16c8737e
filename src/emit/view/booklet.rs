//! The printable booklet: a cover, a table of contents, then every guide on a page of its own.
//! One booklet per department and one for the whole catalog.
//!
//! The cover states only what `banshi.yaml` states (name, `edition`, `date`); an absent edition
//! or date is printed as 待核实, never replaced by the day of the build, so that two builds of
//! one catalog print the same cover.
//!
//! Page numbers in the table of contents depend on the paper, the fonts and the browser, so the
//! HTML booklet leaves them empty (`<span class="toc-page" data-for="ID"></span>`); `build
//! --pdf` prints the booklet once, reads where each guide begins and fills them in with
//! [`fill_page_numbers`] before printing it again.

use super::{Fact, UNVERIFIED};
use serde::Serialize;
use std::collections::BTreeMap;

/// The file name (under `booklets/`, without `.html`) of the booklet of the whole catalog.
pub const WHOLE_CATALOG: &str = "全部事项";

/// The most matters a whole-catalog booklet is made of. Past this a single printed book (some
/// 6,000 A4 pages) is no one's use, and its one HTML file grows with the catalog without bound
/// (45 MB at 10,000 matters, against a page limit of 64 MB): the departments' booklets remain.
pub const WHOLE_CATALOG_MAX_MATTERS: usize = 2_000;

/// Whether a catalog of `matters` matters gets a whole-catalog booklet.
pub fn whole_catalog_booklet(matters: usize) -> bool {
    matters <= WHOLE_CATALOG_MAX_MATTERS
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BookletView {
    /// `常州市公安局天宁分局办事指南汇编`, or `办事指南汇编（全部事项）`.
    pub title: String,
    /// The cover's facts: 实施部门 (department booklets only), 事项数量, 版本, 编制日期.
    pub cover: Vec<Fact>,
    /// Table of contents: one section per department (a department booklet has one).
    pub sections: Vec<TocSection>,
    /// The running header of every printed page but the cover, as a quoted CSS string.
    pub running_header: String,
    /// The closing line of the booklet.
    pub footer: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TocSection {
    /// The department's name; empty in a department's own booklet (its cover names it).
    pub name: String,
    pub entries: Vec<TocEntry>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TocEntry {
    /// The guide's anchor in the booklet (the matter id).
    pub id: String,
    pub name: String,
}

/// What a booklet is made of: everything comes from the catalog's configuration and its guides.
pub struct BookletInput<'a> {
    pub catalog_name: &'a str,
    /// `None` for the booklet of the whole catalog.
    pub department: Option<&'a str>,
    pub edition: Option<&'a str>,
    /// 编制日期, already in words (`2026年12月1日`).
    pub date: Option<&'a str>,
    /// (department name, [(matter id, matter name)]), in the order the guides are printed.
    pub sections: Vec<(String, Vec<(String, String)>)>,
}

impl BookletView {
    pub fn new(input: BookletInput) -> BookletView {
        let count: usize = input.sections.iter().map(|(_, e)| e.len()).sum();
        let title = match input.department {
            Some(d) => format!("{d}办事指南汇编"),
            None => "办事指南汇编（全部事项）".to_string(),
        };
        let mut cover = Vec::new();
        if let Some(d) = input.department {
            cover.push(Fact::new("实施部门", d));
        } else {
            cover.push(Fact::new(
                "部门数量",
                format!("{} 个", input.sections.len()),
            ));
        }
        cover.push(Fact::new("事项数量", format!("{count} 个")));
        cover.push(Fact::new("版本", input.edition.unwrap_or(UNVERIFIED)));
        cover.push(Fact::new("编制日期", input.date.unwrap_or(UNVERIFIED)));
        let whole = input.department.is_none();
        let sections = input
            .sections
            .into_iter()
            .map(|(name, entries)| TocSection {
                name: if whole { name } else { String::new() },
                entries: entries
                    .into_iter()
                    .map(|(id, name)| TocEntry { id, name })
                    .collect(),
            })
            .collect();
        let running_header = css_string(&format!("{} · {title}", input.catalog_name));
        let date = input
            .date
            .map_or(String::new(), |d| format!("，编制日期{d}"));
        let footer = format!("{title}，共 {count} 个事项，每个事项另起一页{date}。");
        BookletView {
            title,
            cover,
            sections,
            running_header,
            footer,
        }
    }
}

/// A CSS string literal that says exactly `text`. A name from the registry could hold a quote
/// or `</style>`: everything outside plain letters is written as an escape, so no text can end
/// the string, the rule or the style element.
pub fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        if c.is_alphanumeric() && !c.is_ascii() || c.is_ascii_alphanumeric() || c == ' ' || c == '·'
        {
            out.push(c);
        } else {
            // The space ends the escape, so a following hex digit is not read as part of it.
            out.push_str(&format!("\\{:x} ", u32::from(c)));
        }
    }
    out.push('"');
    out
}

/// The booklet's HTML with the page on which each guide begins written into its table of
/// contents. Only the empty slots the booklet template writes are filled; ids with no page
/// stay empty.
pub fn fill_page_numbers(html: &str, pages: &BTreeMap<String, u32>) -> String {
    const OPEN: &str = "<span class=\"toc-page\" data-for=\"";
    const CLOSE: &str = "\"></span>";
    let mut out = String::with_capacity(html.len() + pages.len() * 4);
    let mut rest = html;
    while let Some(at) = rest.find(OPEN) {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let after_open = &from[OPEN.len()..];
        let Some(end) = after_open.find(CLOSE) else {
            out.push_str(from);
            return out;
        };
        let escaped_id = &after_open[..end];
        out.push_str(OPEN);
        out.push_str(escaped_id);
        out.push_str("\">");
        if let Some(n) = pages.get(&unescape_html(escaped_id)) {
            out.push_str(&n.to_string());
        }
        out.push_str("</span>");
        rest = &after_open[end + CLOSE.len()..];
    }
    out.push_str(rest);
    out
}

/// The attribute text minijinja's HTML escaping writes, read back.
fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#x2f;", "/")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_string_cannot_be_left() {
        let s = css_string("a\"b</style>\\c");
        assert_eq!(s, "\"a\\22 b\\3c \\2f style\\3e \\5c c\"");
        assert!(!s[1..s.len() - 1].contains('"'));
        assert_eq!(css_string("常州市 · 公安局"), "\"常州市 · 公安局\"");
    }

    #[test]
    fn page_numbers_fill_only_known_slots() {
        let html = "<li><span class=\"toc-page\" data-for=\"甲&amp;乙\"></span></li>\
                    <li><span class=\"toc-page\" data-for=\"丙\"></span></li>";
        let pages = BTreeMap::from([("甲&乙".to_string(), 3)]);
        assert_eq!(
            fill_page_numbers(html, &pages),
            "<li><span class=\"toc-page\" data-for=\"甲&amp;乙\">3</span></li>\
             <li><span class=\"toc-page\" data-for=\"丙\"></span></li>"
        );
    }

    #[test]
    fn cover_never_invents_a_date() {
        let v = BookletView::new(BookletInput {
            catalog_name: "目录",
            department: Some("某局"),
            edition: None,
            date: None,
            sections: vec![(String::new(), vec![("a".into(), "甲".into())])],
        });
        let date = v.cover.iter().find(|f| f.label == "编制日期");
        assert_eq!(date.map(|f| f.value.as_str()), Some(UNVERIFIED));
        assert!(!v.footer.contains("编制日期"));
    }
}
