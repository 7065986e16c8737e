//! `--format junit`: JUnit XML, which CI systems show as test results.

use super::location;
use crate::diagnostic::{Counts, Diagnostic, Severity};
use crate::driver::Checked;
use crate::escape;
use std::io::{self, Write};

/// JUnit XML: one test case per checked file, one failure per error in it (warnings go to the
/// case's output).
pub fn junit(
    out: &mut impl Write,
    checked: &Checked,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    let counts = Counts::of(diagnostics);
    let files: Vec<(crate::source::FileId, &str)> = checked
        .sources
        .iter()
        .map(|(id, f)| (id, f.path.as_str()))
        .collect();
    let mut sorted = files.clone();
    sorted.sort_by(|a, b| a.1.cmp(b.1));
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="banshi" tests="{}" failures="{}">"#,
        sorted.len(),
        counts.errors
    )?;
    writeln!(
        out,
        r#"  <testsuite name="banshi check" tests="{}" failures="{}" errors="0" skipped="0">"#,
        sorted.len(),
        counts.errors
    )?;
    for (id, path) in sorted {
        let mine: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.span.file == id).collect();
        write!(
            out,
            r#"    <testcase classname="banshi" name="{}""#,
            escape::xml_attribute(path)
        )?;
        if mine.is_empty() {
            writeln!(out, "/>")?;
            continue;
        }
        writeln!(out, ">")?;
        let mut warnings = String::new();
        for d in mine {
            let at = location(&checked.sources, d.span);
            let detail = format!(
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
            );
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
        writeln!(out, "    </testcase>")?;
    }
    writeln!(out, "  </testsuite>")?;
    writeln!(out, "</testsuites>")
}
