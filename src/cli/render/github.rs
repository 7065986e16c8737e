//! The `github` format: GitHub Actions workflow commands, which the runner turns into
//! annotations on the changed lines.

use super::{ci_path, location};
use crate::diagnostic::{Diagnostic, Severity};
use crate::driver::Checked;
use crate::escape;
use std::io::{self, Write};

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
