//! The `human` format: codespan-reporting's rendering over an [`Excerpt`] of the source, then a
//! one-line summary.

use super::excerpt::Excerpt;
use crate::diagnostic::{Counts, Diagnostic, Severity};
use crate::driver::Checked;
use crate::escape;
use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label as CsLabel};
use codespan_reporting::term::{self, Config};
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
