//! Rendering diagnostics: codespan-reporting for people, JSON (spec §5) for machines.

use crate::diagnostic::{Counts, Diagnostic, Severity};
use crate::driver::Checked;
use crate::source::Sources;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::term::{self, Config};
use serde::Serialize;
use std::io::{self, Write};

fn to_codespan(d: &Diagnostic) -> CsDiagnostic<crate::source::FileId> {
    let severity = match d.severity {
        Severity::Error => codespan_reporting::diagnostic::Severity::Error,
        Severity::Warning => codespan_reporting::diagnostic::Severity::Warning,
    };
    let mut labels = vec![CsLabel::primary(d.span.file, d.span.range()).with_message(&d.label)];
    labels.extend(
        d.secondary
            .iter()
            .map(|l| CsLabel::secondary(l.span.file, l.span.range()).with_message(&l.message)),
    );
    let mut notes: Vec<String> = d.notes.iter().map(|n| format!("说明：{n}")).collect();
    if let Some(help) = &d.help {
        notes.push(format!("修改建议：{help}"));
    }
    CsDiagnostic::new(severity)
        .with_code(format!("{}/{}", d.rule.code, d.rule.name))
        .with_message(&d.message)
        .with_labels(labels)
        .with_notes(notes)
}

/// Renders every diagnostic, then a one-line summary.
pub fn human(out: &mut impl Write, checked: &Checked, color: bool) -> io::Result<()> {
    let config = Config::default();
    for d in &checked.diagnostics {
        let cs = to_codespan(d);
        if color {
            let mut buffer = codespan_reporting::term::termcolor::Ansi::new(Vec::new());
            term::emit_to_write_style(&mut buffer, &config, &checked.sources, &cs)
                .map_err(io::Error::other)?;
            out.write_all(&buffer.into_inner())?;
        } else {
            term::emit_to_io_write(out, &config, &checked.sources, &cs)
                .map_err(io::Error::other)?;
        }
    }
    let counts = Counts::of(&checked.diagnostics);
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
}

/// The JSON array of spec §5, with `label`, `help`, `notes` and `related` added.
pub fn json(out: &mut impl Write, checked: &Checked) -> io::Result<()> {
    let items: Vec<JsonDiagnostic> = checked
        .diagnostics
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
