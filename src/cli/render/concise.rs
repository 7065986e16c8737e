//! The `concise` format: one line per finding, for grep and editors' quickfix lists.

use super::location;
use crate::diagnostic::{Counts, Diagnostic};
use crate::driver::Checked;
use crate::escape;
use std::io::{self, Write};

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
