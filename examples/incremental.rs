//! Measures re-checking one edited file of a large catalog through the library API: the path
//! an editor or a pre-commit hook takes.
//!
//!     cargo run --release --example incremental -- DIR [RUNS]
//!
//! Opens DIR as a [`Workspace`], then edits the spec file in the middle of the catalog RUNS
//! times in each of five ways and times each edit from handing over the new text to having
//! the findings of every file it names as changed:
//! - a comment added (nothing changes but the text),
//! - a catch-all (等其他情形) put into the first condition (a finding of the file itself),
//! - the first matter's id replaced by the id of a matter in another file (a catalog-wide
//!   duplicate, reported in one of the two files),
//! - a material's `证照` line removed (the dependency graph is built again),
//! - the original text back.
//!
//! Prints one line per kind of edit: median, fastest and slowest in milliseconds, and the
//! files named; then the resident memory after opening.
// A development tool: it reports on the terminal and stops at the first failure.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::print_stdout)]

use banshi::driver::{Options, Workspace};

// The allocator of the banshi binary: what a long-running checker built on the library runs
// with, and the speed of freeing and building the catalog-wide tables depends on it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::Path;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = Path::new(args.get(1).expect("usage: incremental DIR [RUNS]"));
    let runs: usize = args
        .get(2)
        .map_or(7, |r| r.parse().expect("RUNS is a number"));
    let options = Options {
        today: Some("2026-06-01".parse().unwrap()),
        ..Default::default()
    };
    let t0 = Instant::now();
    let mut ws = Workspace::open(dir, &options).expect("open the catalog");
    let opened = t0.elapsed();
    let matters = ws.catalog().matters.len();
    let target = &ws.catalog().matters[matters / 2];
    let file = target.id.span.file;
    let rel = ws.sources().path(file).to_string();
    let original = ws.sources().get(file).unwrap().text.clone();
    let id_span = target.id.span;
    let other = ws
        .catalog()
        .matters
        .iter()
        .find(|m| m.id.span.file != file)
        .expect("another file")
        .id
        .text
        .clone();
    println!(
        "catalog {} matters, {} files; opened in {:.2} s; edited {rel}",
        matters,
        ws.sources().len(),
        opened.as_secs_f64()
    );

    let splice = |span: banshi::source::Span, with: &str| {
        let mut t = original.clone();
        t.replace_range(span.range(), with);
        t
    };
    // The end of the first condition's text, where a catch-all is put.
    let condition_end = original
        .find("受理条件 {")
        .and_then(|at| Some(at + original[at..].find('"')? + 1))
        .and_then(|open| Some(open + original[open..].find('"')?))
        .expect("the matter has a condition");
    let mut vague = original.clone();
    vague.insert_str(condition_end, "等其他情形");
    // A material that no longer names its evidence: the graph is built again.
    let evidence_line = original
        .lines()
        .find(|l| l.trim_start().starts_with("证照 "))
        .expect("a material names an evidence");
    let unlinked = original.replacen(&format!("{evidence_line}\n"), "", 1);
    let edits: Vec<(&str, String)> = vec![
        ("comment added", format!("// 编辑\n{original}")),
        ("catch-all in a condition", vague),
        ("id of another file's matter", splice(id_span, &other)),
        ("evidence no longer named (graph rebuilt)", unlinked),
        ("original back", original.clone()),
    ];

    let mut times: Vec<Vec<f64>> = vec![Vec::new(); edits.len()];
    let mut named = vec![0usize; edits.len()];
    let mut found = vec![0usize; edits.len()];
    for _ in 0..runs {
        for (k, (_, text)) in edits.iter().enumerate() {
            let text = text.clone();
            let t = Instant::now();
            let changed = ws.update(&rel, text).expect("update");
            let diagnostics: usize = changed.iter().map(|&f| ws.file_diagnostics(f).len()).sum();
            times[k].push(t.elapsed().as_secs_f64() * 1000.0);
            named[k] = changed.len();
            found[k] = diagnostics;
        }
    }
    println!("edit | median ms | fastest | slowest | files named | findings in them");
    for (k, (what, _)) in edits.iter().enumerate() {
        let t = &mut times[k];
        t.sort_by(f64::total_cmp);
        println!(
            "{what} | {:.1} | {:.1} | {:.1} | {} | {}",
            t[t.len() / 2],
            t[0],
            t[t.len() - 1],
            named[k],
            found[k]
        );
    }
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    if let Some(pages) = statm
        .split_whitespace()
        .nth(1)
        .and_then(|p| p.parse::<u64>().ok())
    {
        println!("resident memory {} MiB", (pages * 4096) >> 20);
    }
}
