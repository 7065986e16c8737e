//! `import-report.md`: what became of every cell of an imported workbook.

use crate::diagnostic::{Diagnostic, Severity};
use crate::interchange::import::{Outcome, Report};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// A Markdown table cell: one line, pipes escaped, markup characters taken literally.
fn cell(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '\n' | '\r' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Field => "照录",
        Outcome::Read => "按约定读取",
        Outcome::Unverified => "待核",
        Outcome::Empty => "空，待核",
    }
}

/// The share of `part` in `whole`, in per cent with one decimal.
pub fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        return "—".to_string();
    }
    format!("{:.1}%", part as f64 * 100.0 / whole as f64)
}

pub fn markdown(workbook: &str, report: &Report, findings: &[Diagnostic]) -> String {
    let t = &report.totals;
    let mut s = String::new();
    let _ = writeln!(s, "# 工作簿导入报告\n");
    let _ = writeln!(
        s,
        "工作簿：{}；事项表：「{}」，表头在第 {} 行{}。\n",
        cell(workbook),
        cell(&report.sheet),
        report.header_row,
        if report.own_layout {
            "（banshi 导出的版式：空单元格表示不写该字段）"
        } else {
            ""
        }
    );
    let cells = t.fields + t.unverified;
    let _ = writeln!(s, "## 合计\n");
    let _ = writeln!(s, "| 项目 | 数量 |\n|---|---|");
    let _ = writeln!(s, "| 事项 | {} |", t.matters);
    let _ = writeln!(s, "| 一件事 | {} |", t.bundles);
    let _ = writeln!(s, "| 材料表中的材料 | {} |", t.materials);
    let _ = writeln!(
        s,
        "| 成为字段的非空单元格 | {}（{}），其中按约定读取 {} |",
        t.fields,
        percent(t.fields, cells),
        t.read
    );
    let _ = writeln!(
        s,
        "| 未能读取、写作待核的非空单元格 | {}（{}） |",
        t.unverified,
        percent(t.unverified, cells)
    );
    let _ = writeln!(s, "| 必填而为空、写作待核的单元格 | {} |", t.empty);
    let _ = writeln!(
        s,
        "| 语言中没有对应字段、未导入的非空单元格 | {} |\n",
        t.unused
    );

    let _ = writeln!(s, "## 列\n");
    let _ = writeln!(s, "| 单元格 | 列名 | 读作 |\n|---|---|---|");
    for c in &report.columns {
        let _ = writeln!(
            s,
            "| {} | {} | {} |",
            c.cell,
            cell(&c.header),
            c.read_as.as_deref().map_or("（未导入）".to_string(), cell)
        );
    }
    s.push('\n');

    if !report.registry.is_empty() {
        let _ = writeln!(s, "## 登记表\n");
        for line in &report.registry {
            let _ = writeln!(s, "- {}", cell(line));
        }
        s.push('\n');
    }

    let _ = writeln!(s, "## 逐项\n");
    let _ = writeln!(
        s,
        "只列出不是照录的单元格：按约定读取的、写作待核的和必填而为空的。\n"
    );
    for item in report.matters.iter().chain(&report.bundles) {
        let _ = writeln!(
            s,
            "### {}（{}，第 {} 行，写入 {}）\n",
            cell(&item.name),
            cell(&item.id),
            item.row,
            cell(&item.file)
        );
        let notable: Vec<_> = item
            .cells
            .iter()
            .filter(|c| c.outcome != Outcome::Field)
            .collect();
        if notable.is_empty() {
            let _ = writeln!(s, "全部照录。\n");
            continue;
        }
        let _ = writeln!(s, "| 单元格 | 字段 | 结果 | 说明 |\n|---|---|---|---|");
        for c in notable {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} |",
                cell(&c.cell),
                cell(&c.field),
                outcome(c.outcome),
                c.note.as_deref().map_or(String::new(), cell)
            );
        }
        s.push('\n');
    }

    let _ = writeln!(s, "## 检查结果\n");
    let mut by_rule: BTreeMap<(&str, &str, bool), usize> = BTreeMap::new();
    for d in findings {
        *by_rule
            .entry((d.rule.code, d.rule.name, d.severity == Severity::Error))
            .or_default() += 1;
    }
    if by_rule.is_empty() {
        let _ = writeln!(s, "banshi check 没有发现问题。");
    } else {
        let _ = writeln!(
            s,
            "导入后运行 banshi check 的发现（banshi explain 编号 查看说明）：\n"
        );
        let _ = writeln!(s, "| 编号 | 规则 | 级别 | 数量 |\n|---|---|---|---|");
        for ((code, name, error), n) in by_rule {
            let _ = writeln!(
                s,
                "| {code} | {name} | {} | {n} |",
                if error { "错误" } else { "警告" }
            );
        }
    }
    s
}
