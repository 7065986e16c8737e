//! The Markdown guide says what the HTML guide says: both are laid out from one guide view, and
//! every text of that view appears in both pages, under the same seventeen headings.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use banshi::emit::site::{Artifact, Collect, Input, build};
use banshi::emit::view::guide::GuideView;
use std::collections::BTreeMap;
use std::path::Path;

/// Every string of a serialized view, at any depth.
fn texts(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) if !s.is_empty() => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| texts(v, out)),
        serde_json::Value::Object(fields) => fields
            .iter()
            // Links and pictures are attributes and markup, not text a reader sees.
            .filter(|(k, _)| !matches!(k.as_str(), "href" | "id" | "svg" | "checklist"))
            .for_each(|(_, v)| texts(v, out)),
        _ => {}
    }
}

/// The text of an HTML page: tags dropped, the entities our escaping writes decoded.
fn html_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text of a Markdown page: backslash escapes removed.
fn markdown_text(md: &str) -> String {
    let mut out = String::new();
    let mut chars = md.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn headings<'a>(text: &'a str, marker: &str, end: &str) -> Vec<&'a str> {
    text.split(marker)
        .skip(1)
        .filter_map(|rest| rest.split(end).next())
        .collect()
}

#[test]
fn markdown_and_html_guides_say_the_same() {
    for catalog in ["catalogs", "tests/part_two_catalog"] {
        same_in_both(catalog);
    }
}

fn same_in_both(catalog: &str) {
    let catalog = Path::new(env!("CARGO_MANIFEST_DIR")).join(catalog);
    let options = banshi::driver::Options {
        today: Some(common::TODAY.parse().expect("date")),
        ..Default::default()
    };
    let checked = banshi::driver::check(&catalog, &options).expect("check runs");
    let report =
        banshi::analysis::report::report(&checked.catalog, &checked.graph, &checked.sources);
    let overrides = BTreeMap::new();
    let out = Collect::default();
    let input = Input {
        catalog: &checked.catalog,
        sources: &checked.sources,
        report: &report,
        overrides: &overrides,
        stamp: None,
        draft: None,
    };
    build(&input, &out, &banshi::progress::Silent).expect("build");
    let artifacts: BTreeMap<String, Vec<u8>> = out
        .into_sorted()
        .into_iter()
        .map(|Artifact { path, bytes }| (path, bytes))
        .collect();
    let page = |path: String| String::from_utf8(artifacts[&path].clone()).expect("utf-8");
    let shipped = catalog.ends_with("catalogs");
    assert!(!shipped || checked.catalog.matters.len() > 40);
    for m in &checked.catalog.matters {
        let doc =
            banshi::emit::doc::matter(&checked.catalog, m, checked.sources.path(m.id.span.file));
        let view = GuideView::new(&doc);
        let html_page = page(format!("guides/{}.html", doc.id));
        let html = html_text(&html_page);
        let md = markdown_text(&page(format!("guides/{}.md", doc.id)));
        let mut all = Vec::new();
        texts(&serde_json::to_value(&view).expect("json"), &mut all);
        for t in &all {
            // A table cell keeps to one line in Markdown.
            let t = t.replace(['\r', '\n'], " ");
            assert!(html.contains(&t), "{}: HTML lacks «{t}»", doc.id);
            assert!(md.contains(&t), "{}: Markdown lacks «{t}»", doc.id);
        }
        let html_headings = headings(&html_page, "<h2>", "</h2>");
        let md_page = page(format!("guides/{}.md", doc.id));
        let md_headings = headings(&md_page, "\n## ", "\n");
        assert!(html_headings.len() >= 9, "{}", doc.id);
        assert_eq!(
            html_headings.iter().any(|h| h.contains("办理流程")),
            !doc.steps.is_empty(),
            "{}: 办理流程 is there exactly when the spec states steps",
            doc.id
        );
        assert_eq!(
            html_page.contains("<svg"),
            !doc.steps.is_empty() || doc.variants.iter().any(|v| !v.steps.is_empty()),
            "{}",
            doc.id
        );
        assert!(!html_page.contains("<script"), "{}", doc.id);
        // The catalogs state every required field, so no filler may appear at all.
        for filler in ["未写明", "未写明。", "不提供代办服务", "暂无。"] {
            assert!(!all.iter().any(|t| t == filler), "{}: «{filler}»", doc.id);
        }
        assert_eq!(html_headings, md_headings, "{}", doc.id);
    }
}
