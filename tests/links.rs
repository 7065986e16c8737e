//! Every link of the published site leads somewhere: each `href`, `src`, `srcset` and
//! `url(#…)` of every page names a file of the build, and each `#fragment` an `id` of the page
//! it points into. The site is opened from disk (`file://`) as often as from a server, so a
//! link is checked against the files exactly as a browser would resolve it, with no server to
//! add `index.html` or forgive a root-relative path. External links (http, https, mailto, tel)
//! are collected, not fetched: this network may not reach them, and their being up is not a
//! property of the build.
// Test helpers may panic: that is the test failing, with its message.
// The figures (pages, links) go to stderr, shown with --nocapture.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stderr)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::process::Command;

/// One start tag: its name (lower case) and attributes in order, values with character
/// references decoded.
#[derive(Debug, PartialEq)]
struct Tag {
    name: String,
    attrs: Vec<(String, String)>,
}

/// The start tags of an HTML document, as the HTML tokenizer would find them: comments,
/// doctype and end tags are skipped, and so is the text of `script`, `style`, `textarea` and
/// `title`, where `<` starts no tag. Enough for pages whose markup is well-formed (banshi's
/// are: the templates escape every value), and simpler than a dependency on a full parser.
fn tags(html: &str) -> Vec<Tag> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(off) = html[i..].find('<') {
        i += off;
        let rest = &html[i..];
        if rest.starts_with("<!--") {
            i += rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i += rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        if !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        // Tag name.
        let mut j = i + 1;
        while j < b.len() && !is_space(b[j]) && b[j] != b'/' && b[j] != b'>' {
            j += 1;
        }
        let name = html[i + 1..j].to_ascii_lowercase();
        let mut attrs = Vec::new();
        loop {
            while j < b.len() && (is_space(b[j]) || b[j] == b'/') {
                j += 1;
            }
            if j >= b.len() || b[j] == b'>' {
                j += 1;
                break;
            }
            let start = j;
            // An attribute name may start with `=` (a parse error the tokenizer tolerates).
            j += 1;
            while j < b.len() && !is_space(b[j]) && !matches!(b[j], b'/' | b'>' | b'=') {
                j += 1;
            }
            let key = html[start..j].to_ascii_lowercase();
            let mut k = j;
            while k < b.len() && is_space(b[k]) {
                k += 1;
            }
            let mut value = String::new();
            if b.get(k) == Some(&b'=') {
                k += 1;
                while k < b.len() && is_space(b[k]) {
                    k += 1;
                }
                match b.get(k) {
                    Some(&q @ (b'"' | b'\'')) => {
                        let end = html[k + 1..].find(q as char).map_or(b.len(), |e| k + 1 + e);
                        value = decode_entities(&html[k + 1..end]);
                        j = (end + 1).min(b.len());
                    }
                    _ => {
                        let mut end = k;
                        while end < b.len() && !is_space(b[end]) && b[end] != b'>' {
                            end += 1;
                        }
                        value = decode_entities(&html[k..end]);
                        j = end;
                    }
                }
            }
            // The first of two attributes with one name wins, as in the tokenizer.
            if !attrs.iter().any(|(k, _)| *k == key) {
                attrs.push((key, value));
            }
        }
        i = j.min(b.len());
        // Raw text: nothing inside is markup, up to the matching end tag.
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title") {
            let close = format!("</{name}");
            let lower = html[i..].to_ascii_lowercase();
            i += lower.find(&close).unwrap_or(lower.len());
        }
        out.push(Tag { name, attrs });
    }
    out
}

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

/// Decodes numeric character references and the named ones an escaper writes. Any other `&…`
/// is left as it is; a link holding one is then reported as broken, which is what we want to
/// see.
fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find(';').filter(|&e| e <= 12);
        let decoded = end.and_then(|e| {
            let body = &rest[1..e];
            let c = if let Some(hex) = body.strip_prefix("#x").or(body.strip_prefix("#X")) {
                u32::from_str_radix(hex, 16).ok().and_then(char::from_u32)
            } else if let Some(dec) = body.strip_prefix('#') {
                dec.parse().ok().and_then(char::from_u32)
            } else {
                match body {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    _ => None,
                }
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The link-bearing values of a tag: `(attribute, url)`.
fn links(tag: &Tag) -> Vec<(&str, String)> {
    let mut out = Vec::new();
    for (key, value) in &tag.attrs {
        match key.as_str() {
            "href" | "src" | "xlink:href" | "poster" | "action" | "formaction" | "data" => {
                out.push((key.as_str(), value.trim().to_string()));
            }
            // `srcset="a.png 1x, b.png 2x"`: each candidate's URL, without its descriptor.
            "srcset" | "imagesrcset" => {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_ascii_whitespace().next() {
                        out.push((key.as_str(), url.to_string()));
                    }
                }
            }
            // SVG paint and marker references: `marker-end="url(#arrow)"`, also in `style`.
            "style" | "fill" | "stroke" | "marker-start" | "marker-mid" | "marker-end"
            | "clip-path" | "mask" | "filter" => {
                let mut rest = value.as_str();
                while let Some(at) = rest.find("url(") {
                    rest = &rest[at + 4..];
                    let end = rest.find(')').unwrap_or(rest.len());
                    let url = rest[..end].trim().trim_matches(['"', '\'']);
                    out.push((key.as_str(), url.to_string()));
                    rest = &rest[end..];
                }
            }
            _ => {}
        }
    }
    out
}

/// What was found in one site.
#[derive(Debug, Default)]
struct Report {
    pages: usize,
    /// Links checked (internal ones and fragments), not counting external ones.
    checked: usize,
    /// External links, collected only: `(page, url)`.
    external: BTreeSet<(String, String)>,
    /// `page: attribute="url" (why)`, one line per broken link.
    broken: Vec<String>,
    /// Pages no link of another page leads to, the index aside: a reader cannot find them.
    orphans: Vec<PathBuf>,
    /// `page: id`, for each id given to two elements of one page, where a fragment link would
    /// land on the first only.
    duplicate_ids: Vec<String>,
}

/// The `id`s of a page, for fragment links into it (`<a name>` counts too, as browsers scroll to
/// it).
fn ids(tags: &[Tag]) -> BTreeSet<String> {
    tags.iter()
        .flat_map(|t| {
            t.attrs
                .iter()
                .filter(|(k, _)| k == "id" || (k == "name" && t.name == "a"))
                .map(|(_, v)| v.clone())
        })
        .collect()
}

/// Where a link leads, resolved from the page at `page` (relative to the site root).
enum Target {
    External,
    /// Nothing to check: an empty link or a bare `#` (the page itself, its top).
    Here,
    /// A file of the site (relative to the root) and the fragment, percent-decoded.
    File(PathBuf, Option<String>),
    Broken(&'static str),
}

fn resolve(page: &Path, url: &str) -> Target {
    let (before, fragment) = match url.split_once('#') {
        Some((b, f)) => (b, Some(f)),
        None => (url, None),
    };
    // A scheme is letters, digits, `+ - .` before the first `:`, ahead of any `/ ? #`.
    let scheme = before.split_once(':').map(|(s, _)| s).filter(|s| {
        !s.is_empty()
            && s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    });
    if let Some(scheme) = scheme {
        return match scheme.to_ascii_lowercase().as_str() {
            "http" | "https" | "mailto" | "tel" => Target::External,
            "data" => Target::Here,
            _ => Target::Broken("a scheme a published page should not link to"),
        };
    }
    if before.starts_with("//") {
        return Target::External;
    }
    if before.starts_with('/') {
        return Target::Broken("root-relative: breaks when the site is opened from disk");
    }
    if before.contains('\\') {
        return Target::Broken("backslash in a path");
    }
    let decode = |s: &str| {
        percent_encoding::percent_decode_str(s)
            .decode_utf8()
            .map(|c| c.into_owned())
    };
    let fragment = match fragment.map(decode).transpose() {
        Ok(f) => f,
        Err(_) => return Target::Broken("fragment is not UTF-8 once decoded"),
    };
    let path = before.split('?').next().unwrap_or("");
    if path.is_empty() {
        return match fragment {
            None => Target::Here,
            Some(f) if f.is_empty() => Target::Here,
            Some(f) => Target::File(page.to_path_buf(), Some(f)),
        };
    }
    let Ok(path) = decode(path) else {
        return Target::Broken("path is not UTF-8 once decoded");
    };
    let mut resolved: Vec<String> = page
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    let directory = path.ends_with('/');
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if resolved.pop().is_none() {
                    return Target::Broken("leads out of the site");
                }
            }
            s => resolved.push(s.to_string()),
        }
    }
    let mut file: PathBuf = resolved.iter().collect();
    if directory {
        // From disk a folder link shows a listing, not its index: say which file it meant.
        file.push("index.html");
    }
    Target::File(file, fragment.filter(|f| !f.is_empty()))
}

/// Checks every `.html` file under `root`.
fn check_site(root: &Path) -> Report {
    let mut pages: BTreeMap<PathBuf, Vec<Tag>> = BTreeMap::new();
    let mut files: BTreeSet<PathBuf> = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root).sort_by_file_name() {
        let entry = entry.expect("walk the site");
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(root)
            .expect("inside")
            .to_path_buf();
        if rel.extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).expect("page is UTF-8");
            pages.insert(rel.clone(), tags(&html));
        }
        files.insert(rel);
    }
    let page_ids: BTreeMap<&Path, BTreeSet<String>> = pages
        .iter()
        .map(|(p, tags)| (p.as_path(), ids(tags)))
        .collect();
    let mut report = Report {
        pages: pages.len(),
        ..Default::default()
    };
    let mut linked: BTreeSet<PathBuf> = BTreeSet::new();
    for (page, tags) in &pages {
        let shown = page.display();
        let mut seen = BTreeSet::new();
        for (_, id) in tags
            .iter()
            .flat_map(|t| &t.attrs)
            .filter(|(k, _)| k == "id")
        {
            if !seen.insert(id) {
                report.duplicate_ids.push(format!("{shown}: {id}"));
            }
        }
        for tag in tags {
            assert!(
                tag.name != "base",
                "{shown}: <base> changes how links resolve; teach this test about it"
            );
            for (attr, url) in links(tag) {
                let mut broken = |why: String| {
                    report
                        .broken
                        .push(format!("{shown}: <{} {attr}=\"{url}\"> ({why})", tag.name));
                };
                match resolve(page, &url) {
                    Target::External => {
                        report.external.insert((shown.to_string(), url.clone()));
                    }
                    Target::Here => report.checked += 1,
                    Target::Broken(why) => {
                        report.checked += 1;
                        broken(why.to_string());
                    }
                    Target::File(file, fragment) => {
                        report.checked += 1;
                        if file != *page {
                            linked.insert(file.clone());
                        }
                        if !files.contains(&file) {
                            broken(format!("no file {}", file.display()));
                        } else if let Some(f) = fragment {
                            match page_ids.get(file.as_path()) {
                                Some(ids) if ids.contains(&f) => {}
                                Some(_) => broken(format!("no id \"{f}\" in {}", file.display())),
                                None => broken(format!("#{f} into a file that is not a page")),
                            }
                        }
                    }
                }
            }
        }
    }
    report.orphans = pages
        .keys()
        .filter(|p| *p != Path::new("index.html") && !linked.contains(*p))
        .cloned()
        .collect();
    report
}

/// Builds `catalog` with the real binary into a temporary folder; returns it and the site in it.
fn build(catalog: &Path) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tmp");
    let site = tmp.path().join("site");
    let out = Command::new(env!("CARGO_BIN_EXE_banshi"))
        .arg("build")
        .arg(catalog)
        .args(["--today", "2026-06-01", "--out"])
        .arg(&site)
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi");
    assert!(
        out.status.success(),
        "build {}: {}",
        catalog.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    (tmp, site)
}

fn assert_no_broken(name: &str, report: &Report) {
    eprintln!(
        "{name}: {} pages, {} links checked, {} external links collected, {} broken",
        report.pages,
        report.checked,
        report.external.len(),
        report.broken.len()
    );
    assert!(
        report.broken.is_empty(),
        "{name}: {} broken links:\n{}",
        report.broken.len(),
        report.broken.join("\n")
    );
    assert!(
        report.orphans.is_empty(),
        "{name}: pages no other page links to: {:?}",
        report.orphans
    );
    assert!(
        report.duplicate_ids.is_empty(),
        "{name}: ids used twice on one page:\n{}",
        report.duplicate_ids.join("\n")
    );
}

#[test]
fn every_link_of_the_shipped_catalog_resolves() {
    let (_tmp, site) = build(&Path::new(env!("CARGO_MANIFEST_DIR")).join("catalogs"));
    let report = check_site(&site);
    assert_no_broken("catalogs", &report);
    // Not vacuous: the pages were read (every one links at least to the stylesheet and the
    // index), and all of them are reachable, which `assert_no_broken` checked.
    assert!(report.pages > 100, "{} pages", report.pages);
    assert!(
        report.checked >= 2 * report.pages,
        "{} links",
        report.checked
    );
}

/// The second catalog has what the shipped one lacks: a 样表 file copied into the site, and
/// 网办地址 links out of it.
#[test]
fn every_link_of_the_part_two_catalog_resolves() {
    let (_tmp, site) = build(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/part_two_catalog"));
    let report = check_site(&site);
    assert_no_broken("part_two_catalog", &report);
    assert!(
        report
            .external
            .iter()
            .any(|(_, u)| u.starts_with("https://")),
        "{:?}",
        report.external
    );
}

// --- the checker itself: it must be able to fail ---------------------------------------------

#[test]
fn scanner_reads_attributes_as_the_tokenizer_does() {
    let got = tags(concat!(
        "<!DOCTYPE html><!-- <a href=\"commented.html\"> -->",
        "<p class=x id = 'a b' data-x=1>x < y</p>",
        "<A HREF=other.html#s&#x2f;t title=\"a>b\">",
        "<script>var s = '<a href=\"in-script.html\">';</script>",
        "<img src=\"&#x2f;x.png\" srcset=\"a.png 1x, b.png 2x\"/>",
    ));
    let names: Vec<&str> = got.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["p", "a", "script", "img"]);
    assert_eq!(
        got[0].attrs,
        [
            ("class".to_string(), "x".to_string()),
            ("id".to_string(), "a b".to_string()),
            ("data-x".to_string(), "1".to_string()),
        ]
    );
    assert_eq!(got[1].attrs[0].1, "other.html#s/t");
    assert_eq!(got[1].attrs[1].1, "a>b");
    assert_eq!(got[3].attrs[0].1, "/x.png");
    let urls: Vec<String> = links(&got[3]).into_iter().map(|(_, u)| u).collect();
    assert_eq!(urls, ["/x.png", "a.png", "b.png"]);
}

#[test]
fn broken_links_are_found() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path();
    std::fs::create_dir_all(root.join("guides")).expect("mkdir");
    std::fs::create_dir_all(root.join("docs")).expect("mkdir");
    std::fs::write(root.join("docs/index.html"), "<p id=top>").expect("write");
    std::fs::write(root.join("样表.docx"), "").expect("write");
    std::fs::write(
        root.join("index.html"),
        concat!(
            "<link rel=stylesheet href=\"assets/missing.css\">",
            "<a href=\"guides/%E4%BD%8E%E4%BF%9D.html#%E6%9D%90%E6%96%99\">ok: encoded</a>",
            "<a href=\"guides/低保.html#材料\">ok: raw</a>",
            "<a href=\"guides/低保.html?x=1\">ok: query</a>",
            "<a href=\"guides/低保.html#没有\">no such id</a>",
            "<a href=\"docs/\">ok: folder with index</a>",
            "<a href=\"guides/\">folder without index</a>",
            "<a href=\"#here\">ok: here</a><h2 id=here>",
            "<a href=\"#gone\">no id here</a>",
            "<a href=\"/guides/低保.html\">root-relative</a>",
            "<a href=\"../outside.html\">out of the site</a>",
            "<a href=\"https://www.gov.cn/\">external</a><a href=\"mailto:a@b.cn\">external</a>",
            "<a href=\"javascript:void(0)\">script</a>",
            "<a href=\"%E6%A0%B7%E8%A1%A8.docx\">ok: file</a>",
            "<svg><path marker-end=\"url(#arrow)\"/><use href=\"#shape\"/></svg>",
            "<img srcset=\"ok.png 1x, missing@2x.png 2x\"><img src=\"ok.png\">",
        ),
    )
    .expect("write");
    std::fs::write(root.join("ok.png"), "").expect("write");
    std::fs::write(
        root.join("guides/低保.html"),
        "<h2 id=\"材料\">材料</h2><a href=\"../index.html#here\">ok: back</a><a href=\"../docs/index.html#top\">ok</a>",
    )
    .expect("write");
    std::fs::write(root.join("orphan.html"), "<p id=a><p id=a>").expect("write");
    let report = check_site(root);
    assert_eq!(report.pages, 4);
    assert_eq!(report.orphans, [PathBuf::from("orphan.html")]);
    assert_eq!(report.duplicate_ids, ["orphan.html: a"]);
    assert_eq!(report.external.len(), 2);
    let broken = report.broken.join("\n");
    let expected = [
        "assets/missing.css",
        "guides/低保.html#没有",
        "\"guides/\"",
        "#gone",
        "/guides/低保.html\"> (root-relative",
        "../outside.html",
        "javascript:",
        "marker-end=\"#arrow\"",
        "#shape",
        "missing@2x.png",
    ];
    for e in expected {
        assert!(broken.contains(e), "{e} not reported in:\n{broken}");
    }
    assert_eq!(report.broken.len(), expected.len(), "{broken}");
}
