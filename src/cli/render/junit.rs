//! The `junit` format: JUnit XML, which CI systems show as a test report.

use super::location;
use crate::diagnostic::{Counts, Diagnostic, Severity};
use crate::driver::Checked;
use crate::escape;
use crate::source::{FileId, Sources};
use std::io::{self, Write};

/// JUnit XML: one test case per checked file, one failure per error in it (warnings go to the
/// case's output).
pub fn junit(
    out: &mut impl Write,
    checked: &Checked,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let counts = Counts::of(diagnostics);
    let mut files: Vec<(FileId, &str)> = checked
        .sources
        .iter()
        .map(|(id, f)| (id, f.path.as_str()))
        .collect();
    files.sort_by(|a, b| a.1.cmp(b.1));
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="banshi" tests="{}" failures="{}">"#,
        files.len(),
        counts.errors
    )?;
    writeln!(
        out,
        r#"  <testsuite name="banshi check" tests="{}" failures="{}" errors="0" skipped="0">"#,
        files.len(),
        counts.errors
    )?;
    // Findings by file, in one pass: filtering the findings once per file would cost their
    // product, minutes for a national catalog.
    let mut by_file: Vec<Vec<&Diagnostic>> = vec![Vec::new(); checked.sources.len()];
    for d in diagnostics {
        if let Some(mine) = by_file.get_mut(d.span.file.0 as usize) {
            mine.push(d);
        }
    }
    for (id, path) in files {
        let mine = by_file.get(id.0 as usize).map_or(&[][..], Vec::as_slice);
        testcase(out, &checked.sources, path, mine)?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}

/// One file's test case: empty when the file has no findings.
fn testcase(
    out: &mut impl Write,
    sources: &Sources,
    path: &str,
    mine: &[&Diagnostic],
) -> io::Result<()> {
    write!(
        out,
        r#"    <testcase classname="banshi" name="{}""#,
        escape::xml_attribute(path)
    )?;
    if mine.is_empty() {
        return writeln!(out, "/>");
    }
    writeln!(out, ">")?;
    let mut warnings = String::new();
    for d in mine {
        let detail = detail(sources, d);
        match d.severity {
            Severity::Error => writeln!(
                out,
                r#"      <failure type="{} {}" message="{}">{}</failure>"#,
                d.rule.code,
                d.rule.name,
                escape::xml_attribute(&d.message),
                escape::xml_text(&detail)
            )?,
            Severity::Warning => {
                warnings.push_str(&format!("warning {detail}\n"));
            }
        }
    }
    if !warnings.is_empty() {
        writeln!(
            out,
            "      <system-out>{}</system-out>",
            escape::xml_text(&warnings)
        )?;
    }
    writeln!(out, "    </testcase>")
}

/// A finding as the text of a failure: where, which rule, the message and the help.
fn detail(sources: &Sources, d: &Diagnostic) -> String {
    let at = location(sources, d.span);
    format!(
        "{}:{}:{}: {} {}\n{}{}",
        at.file,
        at.line,
        at.column,
        d.rule.code,
        d.rule.name,
        d.message,
        d.help
            .as_ref()
            .map_or_else(String::new, |h| format!("\n修改建议：{h}"))
    )
}
