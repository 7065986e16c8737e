//! Rendering diagnostics: codespan-reporting for people, JSON (spec §5) for machines.

use super::excerpt::Excerpt;
use crate::diagnostic::{Counts, Diagnostic, Severity};
use crate::driver::Checked;
use crate::escape;
use crate::source::Sources;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::term::{self, Config};
use serde::Serialize;
use std::io::{self, Write};
use std::ops::Range;

/// `ranges`: the primary and then the secondary labels' ranges, in the view codespan renders.
fn to_codespan(d: &Diagnostic, ranges: &[Range<usize>]) -> CsDiagnostic<crate::source::FileId> {
    let severity = match d.severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
    };
    let range = |i: usize| ranges.get(i).cloned().unwrap_or(0..0);
    // Messages quote spec strings and YAML values, which may hold any control character.
    let shown = |s: &str| escape::terminal(s).into_owned();
    let mut labels = vec![CsLabel::primary(d.span.file, range(0)).with_message(shown(&d.label))];
    labels.extend(d.secondary.iter().enumerate().map(|(i, l)| {
        CsLabel::secondary(l.span.file, range(i + 1)).with_message(shown(&l.message))
    }));
    let mut notes: Vec<String> = d
        .notes
        .iter()
        .map(|n| format!("说明：{}", shown(n)))
        .collect();
    if let Some(help) = &d.help {
        notes.push(format!("修改建议：{}", shown(help)));
    }
    CsDiagnostic::new(severity)
        .with_code(format!("{}/{}", d.rule.code, d.rule.name))
        .with_message(shown(&d.message))
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders every diagnostic, then a one-line summary.
pub fn human(
    out: &mut impl Write,
    checked: &Checked,
    diagnostics: &[Diagnostic],
    color: bool,
) -> io::Result<()> {
    let config = Config::default();
    for d in diagnostics {
        let (excerpt, ranges) = Excerpt::new(&checked.sources, d);
        let cs = to_codespan(d, &ranges);
        if color {
            let mut buffer = codespan_reporting::term::termcolor::Ansi::new(Vec::new());
            term::emit_to_write_style(&mut buffer, &config, &excerpt, &cs)
                .map_err(io::Error::other)?;
            out.write_all(&buffer.into_inner())?;
        } else {
            term::emit_to_io_write(out, &config, &excerpt, &cs).map_err(io::Error::other)?;
        }
    }
    let counts = Counts::of(diagnostics);
    let scope = format!(
        "共检查 {} 个文件中的 {} 个事项、{} 个一件事",
        checked.spec_files,
        checked.catalog.matters.len(),
        checked.catalog.bundles.len()
    );
    if counts.errors == 0 && counts.warnings == 0 {
        writeln!(out, "未发现问题（{scope}）")
    } else {
        writeln!(
            out,
            "发现 {} 个错误、{} 个警告（{scope}）",
            counts.errors, counts.warnings
        )
    }
}

/// One location, 1-based; columns count characters; the end is exclusive.
#[derive(Serialize)]
struct Location<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}

fn location<'a>(sources: &'a Sources, span: crate::source::Span) -> Location<'a> {
    let ((line, column), (end_line, end_column)) = sources.location(span);
    Location {
        file: sources.path(span.file),
        line,
        column,
        end_line,
        end_column,
    }
}

#[derive(Serialize)]
struct Related<'a> {
    #[serde(flatten)]
    at: Location<'a>,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    name: &'a str,
    severity: &'a str,
    message: &'a str,
    #[serde(flatten)]
    at: Location<'a>,
    label: &'a str,
    help: Option<&'a str>,
    notes: &'a [String],
    related: Vec<Related<'a>>,
    /// Where it is in the catalog's terms, and its line-independent identity.
    element: &'a str,
    fingerprint: &'a str,
    /// On the one finding that stands for the rule's findings in the file past the bound.
    #[serde(skip_serializing_if = "is_zero")]
    omitted: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// The JSON array of spec §5, with `label`, `help`, `notes` and `related` added.
pub fn json(out: &mut impl Write, checked: &Checked, diagnostics: &[Diagnostic]) -> io::Result<()> {
    let items: Vec<JsonDiagnostic> = diagnostics
        .iter()
        .map(|d| JsonDiagnostic {
            code: d.rule.code,
            name: d.rule.name,
            severity: d.severity.as_str(),
            message: &d.message,
            at: location(&checked.sources, d.span),
            label: &d.label,
            help: d.help.as_deref(),
            notes: &d.notes,
            element: &d.element,
            fingerprint: &d.fingerprint,
            omitted: d.omitted,
            related: d
                .secondary
                .iter()
                .map(|l| Related {
                    at: location(&checked.sources, l.span),
                    message: &l.message,
                })
                .collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &items).map_err(io::Error::other)?;
    writeln!(out)
}

/// One line per finding: `file:line:col: CODE [name] message`, then the summary.
pub fn concise(
    out: &mut impl Write,
    checked: &Checked,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    for d in diagnostics {
        let at = location(&checked.sources, d.span);
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            escape::terminal(at.file),
            at.line,
            at.column,
            d.rule.code,
            d.rule.name,
            escape::terminal(&d.message)
        )?;
    }
    let counts = Counts::of(diagnostics);
    writeln!(out, "{} 个错误、{} 个警告", counts.errors, counts.warnings)
}

/// A path under the catalog as the CI sees it: prefixed with the catalog folder as given.
fn ci_path(prefix: &str, file: &str) -> String {
    let prefix = prefix.trim_end_matches('/');
    if prefix.is_empty() || prefix == "." {
        file.to_string()
    } else {
        format!("{prefix}/{file}")
    }
}

/// GitHub Actions workflow commands: one `::error` or `::warning` annotation per finding.
pub fn github(
    out: &mut impl Write,
    checked: &Checked,
    diagnostics: &[Diagnostic],
    prefix: &str,
) -> io::Result<()> {
    for d in diagnostics {
        let at = location(&checked.sources, d.span);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str(&format!("\n修改建议：{help}"));
        }
        writeln!(
            out,
            "::{kind} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape::github_property(&ci_path(prefix, at.file)),
            at.line,
            at.column,
            at.end_line,
            at.end_column,
            escape::github_property(&format!("{} {}", d.rule.code, d.rule.name)),
            escape::github_data(&message)
        )?;
    }
    Ok(())
}

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

/// The 检查内容 section of a rule's documentation.
fn rule_description(doc: &str) -> String {
    let mut lines = Vec::new();
    let mut inside = false;
    for line in doc.lines() {
        let line = line.trim();
        if line.starts_with("## ") {
            if inside {
                break;
            }
            inside = line == "## 检查内容";
            continue;
        }
        if inside && !line.is_empty() {
            lines.push(line);
        }
    }
    lines.join("")
}

fn uri(path: &str) -> String {
    const SET: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'?')
        .add(b'`')
        .add(b'{')
        .add(b'}');
    percent_encoding::utf8_percent_encode(path, SET).to_string()
}

/// SARIF 2.1.0, one run: every rule under `tool.driver.rules`, every finding with its rule,
/// level, message, location and a fingerprint that does not depend on line numbers.
pub fn sarif(
    out: &mut impl Write,
    checked: &Checked,
    diagnostics: &[Diagnostic],
    prefix: &str,
) -> io::Result<()> {
    use serde_json::json;
    let table = crate::rules::table();
    let rules: Vec<serde_json::Value> = table
        .all()
        .iter()
        .map(|r| {
            let doc = crate::cli::explain::text(r);
            json!({
                "id": r.code,
                "name": r.name,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": rule_description(r.doc) },
                "help": { "text": doc },
                "defaultConfiguration": { "level": r.severity.as_str() },
                "properties": { "tags": ["banshi"] }
            })
        })
        .collect();
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let at = location(&checked.sources, d.span);
            let index = table.index(d.rule).unwrap_or(0);
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!("（修改建议：{help}）"));
            }
            json!({
                "ruleId": d.rule.code,
                "ruleIndex": index,
                "level": d.severity.as_str(),
                "message": { "text": message },
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": uri(&ci_path(prefix, at.file)) },
                        "region": {
                            "startLine": at.line,
                            "startColumn": at.column,
                            "endLine": at.end_line,
                            "endColumn": at.end_column
                        }
                    },
                    "logicalLocations": [{ "fullyQualifiedName": d.element }]
                }],
                "partialFingerprints": { "banshi/v1": d.fingerprint }
            })
        })
        .collect();
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "banshi",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "rules": rules
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results
        }]
    });
    serde_json::to_writer_pretty(&mut *out, &log).map_err(io::Error::other)?;
    writeln!(out)
}

/// Counts by rule and by department, for `--statistics`.
pub fn statistics(out: &mut impl Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
    use std::collections::BTreeMap;
    let mut by_rule: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut by_dept: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for d in diagnostics {
        let bump = |e: &mut (usize, usize)| match d.severity {
            Severity::Error => e.0 += 1,
            Severity::Warning => e.1 += 1,
        };
        bump(by_rule.entry((d.rule.code, d.rule.name)).or_default());
        bump(
            by_dept
                .entry(d.department.as_deref().unwrap_or("（不属于任何部门）"))
                .or_default(),
        );
    }
    let mut t = super::table::Table::new(&[
        ("规则", false),
        ("名称", false),
        ("错误", true),
        ("警告", true),
    ]);
    for ((code, name), (e, w)) in &by_rule {
        t.row(vec![
            code.to_string(),
            name.to_string(),
            e.to_string(),
            w.to_string(),
        ]);
    }
    writeln!(out, "\n按规则统计")?;
    write!(out, "{}", t.render("  "))?;
    let mut t = super::table::Table::new(&[("部门", false), ("错误", true), ("警告", true)]);
    for (dept, (e, w)) in &by_dept {
        t.row(vec![dept.to_string(), e.to_string(), w.to_string()]);
    }
    writeln!(out, "\n按部门统计")?;
    write!(out, "{}", t.render("  "))
}
