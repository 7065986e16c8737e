//! `check --statistics`: the findings counted by rule and by department.

use super::table::Table;
use crate::diagnostic::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::io::{self, Write};

/// Counts by rule and by department, for `--statistics`.
pub fn statistics(out: &mut impl Write, diagnostics: &[Diagnostic]) -> io::Result<()> {
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
    let mut t = Table::new(&[
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
    let mut t = Table::new(&[("部门", false), ("错误", true), ("警告", true)]);
    for (dept, (e, w)) in &by_dept {
        t.row(vec![dept.to_string(), e.to_string(), w.to_string()]);
    }
    writeln!(out, "\n按部门统计")?;
    write!(out, "{}", t.render("  "))
}
