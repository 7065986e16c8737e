//! The `gitlab` format: a GitLab Code Quality report (a subset of the Code Climate issue
//! format), which GitLab shows in merge requests from `artifacts: reports: codequality`.

use super::{ci_path, location};
use crate::diagnostic::{Diagnostic, Severity};
use crate::driver::Checked;
use serde_json::{Value, json};
use std::io::{self, Write};

/// GitLab's scale has five steps; banshi's two map to the middle ones, the way other linters'
/// errors and warnings do, so a catalog's findings sort among the project's other reports.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

/// A JSON array with one issue per finding, in the order banshi reports them.
pub fn gitlab(
    out: &mut impl Write,
    checked: &Checked,
    diagnostics: &[Diagnostic],
    prefix: &str,
) -> io::Result<()> {
    // GitLab keys issues by fingerprint, across pipelines too: the baseline's fingerprints
    // are already unique within a run (policy numbers repeats) and do not move with lines,
    // so a merge request that only shifts text shows no new issues.
    let issues: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let at = location(&checked.sources, d.span);
            let mut description = format!("{} {}：{}", d.rule.code, d.rule.name, d.message);
            if let Some(help) = &d.help {
                description.push_str(&format!("（修改建议：{help}）"));
            }
            json!({
                "description": description,
                "check_name": d.rule.name,
                "fingerprint": d.fingerprint,
                "severity": severity(d.severity),
                "location": {
                    "path": ci_path(prefix, at.file),
                    "lines": { "begin": at.line }
                }
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::other)?;
    writeln!(out)
}
