//! The `gitlab` format: a GitLab Code Quality report (a subset of the Code Climate issue
//! format), which GitLab shows in merge requests from `artifacts: reports: codequality`.

use super::{Lazy, ci_path, location};
use crate::diagnostic::{Diagnostic, Severity};
use crate::driver::Checked;
use serde::Serialize;
use std::io::{self, Write};

/// GitLab's scale has five steps; banshi's two map to the middle ones, the way other linters'
/// errors and warnings do, so a catalog's findings sort among the project's other reports.
fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "major",
        Severity::Warning => "minor",
    }
}

/// One Code Quality issue; fields in key order, the order the report always had.
#[derive(Serialize)]
struct Issue<'a> {
    check_name: &'a str,
    description: String,
    fingerprint: &'a str,
    location: IssueLocation,
    severity: &'static str,
}

#[derive(Serialize)]
struct IssueLocation {
    lines: Lines,
    path: String,
}

#[derive(Serialize)]
struct Lines {
    begin: usize,
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
    let issues = Lazy(|| {
        diagnostics.iter().map(|d| {
            let at = location(&checked.sources, d.span);
            let mut description = format!("{} {}：{}", d.rule.code, d.rule.name, d.message);
            if let Some(help) = &d.help {
                description.push_str(&format!("（修改建议：{help}）"));
            }
            Issue {
                check_name: d.rule.name,
                description,
                fingerprint: &d.fingerprint,
                location: IssueLocation {
                    lines: Lines { begin: at.line },
                    path: ci_path(prefix, at.file),
                },
                severity: severity(d.severity),
            }
        })
    });
    serde_json::to_writer_pretty(&mut *out, &issues).map_err(io::Error::other)?;
    writeln!(out)
}
