//! The human rendering of `banshi report`: one function per section, in the order printed.

use super::table::Table;
use crate::analysis::report::{CatalogRow, Figures, MaterialRef, Report};
use crate::analysis::targets;

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn days(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |d| format!("{d:.1}"))
}

fn verdict(ok: bool) -> &'static str {
    if ok { "达标" } else { "未达标" }
}

fn exempt(f: &Figures) -> usize {
    f.materials_by_data_sharing + f.materials_by_internal_check + f.materials_by_commitment
}

pub fn human(r: &Report) -> String {
    let c = &r.catalog;
    let mut out = format!("事项统计报告：{}（{}）\n\n全目录\n", c.name, c.region);
    catalog(&mut out, c);
    for (title, list) in [
        ("可共享或本部门核发、仍要求提交的材料", &r.avoidable),
        ("容缺后补的材料（可先受理，后补交）", &r.deferrable),
    ] {
        material_list(&mut out, title, list);
    }
    if !r.bundles.is_empty() {
        bundles(&mut out, r);
        critical_paths(&mut out, r);
    }
    departments(&mut out, r);
    matters(&mut out, r);
    // Names outside the tables (bundle titles, the catalog's name) are escaped here; the
    // tables' cells already were, and escaping twice changes nothing.
    crate::escape::terminal_lines(&out).into_owned()
}

/// 全目录: the whole catalog's figures against the targets, then how limits were averaged.
fn catalog(out: &mut String, c: &CatalogRow) {
    let f = &c.figures;
    let mut t = Table::new(&[
        ("指标", false),
        ("数值", true),
        ("目标或参照", false),
        ("", false),
    ]);
    material_rows(&mut t, f);
    time_rows(&mut t, c);
    out.push_str(&t.render("  "));
    if f.legal_calendar_day_limits + f.promised_calendar_day_limits > 0 {
        out.push_str(&format!(
            "  以自然日计的时限不计入平均：法定 {} 项、承诺 {} 项。即办按 0 个工作日计。\n",
            f.legal_calendar_day_limits, f.promised_calendar_day_limits
        ));
    } else {
        out.push_str("  即办按 0 个工作日计。\n");
    }
}

/// The catalog table's rows on matters and materials.
fn material_rows(t: &mut Table, f: &Figures) {
    t.row(vec![
        "事项".into(),
        f.matters.to_string(),
        String::new(),
        String::new(),
    ]);
    t.row(vec![
        "申请材料（列出）".into(),
        f.materials_listed.to_string(),
        String::new(),
        String::new(),
    ]);
    t.row(vec![
        "免提交（数据共享/部门核查/告知承诺）".into(),
        exempt(f).to_string(),
        format!(
            "{} / {} / {}",
            f.materials_by_data_sharing, f.materials_by_internal_check, f.materials_by_commitment
        ),
        String::new(),
    ]);
    t.row(vec![
        "需申请人提交".into(),
        f.materials_to_submit.to_string(),
        String::new(),
        String::new(),
    ]);
    t.row(vec![
        "  其中可共享或本部门核发".into(),
        f.materials_avoidable.to_string(),
        "应为 0：能共享、能核查的不再要求提交".into(),
        verdict(f.materials_avoidable == 0).into(),
    ]);
    t.row(vec![
        "  其中容缺后补".into(),
        f.materials_deferrable.to_string(),
        String::new(),
        String::new(),
    ]);
    t.row(vec![
        "待核实的内容（待核）".into(),
        f.unverified_facts.to_string(),
        "应为 0：发布前逐项核实".into(),
        verdict(f.unverified_facts == 0).into(),
    ]);
}

/// The catalog table's rows on visits and time limits.
fn time_rows(t: &mut Table, c: &CatalogRow) {
    let f = &c.figures;
    t.row(vec![
        "零跑动事项占比".into(),
        pct(f.zero_visit_share),
        format!("≥ {}（梅河口）", pct(targets::ZERO_VISIT.value)),
        verdict(f.zero_visit_share >= targets::ZERO_VISIT.value).into(),
    ]);
    t.row(vec![
        "最多跑一次事项占比".into(),
        pct(f.at_most_one_visit_share),
        format!("≥ {}（梅河口）", pct(targets::AT_MOST_ONE_VISIT.value)),
        verdict(f.at_most_one_visit_share >= targets::AT_MOST_ONE_VISIT.value).into(),
    ]);
    t.row(vec![
        "平均法定时限（工作日）".into(),
        days(f.avg_legal_days),
        String::new(),
        String::new(),
    ]);
    t.row(vec![
        "平均承诺时限（工作日）".into(),
        days(f.avg_promised_days),
        format!("参照：梅河口平均 {} 个工作日", targets::MEIHEKOU_AFTER),
        String::new(),
    ]);
    if let Some(share) = f.promised_within_7_days_share {
        t.row(vec![
            "承诺件承诺时限 ≤ 7 个工作日".into(),
            pct(share),
            "一般事项 7 日内办结（海北州）".into(),
            String::new(),
        ]);
    }
    if let Some(reduction) = c.promised_reduction {
        t.row(vec![
            "承诺时限较法定时限压缩".into(),
            pct(reduction),
            format!(
                "参照：梅河口 {} → {} 个工作日（压缩 {}）",
                targets::MEIHEKOU_BEFORE,
                targets::MEIHEKOU_AFTER,
                pct(targets::meihekou_reduction())
            ),
            String::new(),
        ]);
    }
}

/// A titled list of materials with where each is declared; nothing when the list is empty.
fn material_list(out: &mut String, title: &str, list: &[MaterialRef]) {
    if list.is_empty() {
        return;
    }
    out.push_str(&format!("\n{title}\n"));
    for m in list {
        out.push_str(&format!(
            "  {}:{}  {} — {}\n",
            m.file, m.line, m.matter, m.name
        ));
    }
}

/// 一件事: each bundle's figures applied for one by one and as one.
fn bundles(out: &mut String, r: &Report) {
    out.push_str("\n一件事：单独办理 → 一件事办理\n");
    let mut t = Table::new(&[
        ("一件事", false),
        ("事项", true),
        ("部门", true),
        ("材料", true),
        ("跑动", true),
        ("承诺时限（工作日）", true),
        ("法定时限（关键路径）", true),
    ]);
    for b in &r.bundles {
        // ≥: a 待核 limit is left out of the sums, which are then lower bounds.
        let at_least = if b.critical_path.unknown.is_empty() {
            ""
        } else {
            "≥"
        };
        // The same for materials when a matter's 材料 is 待核.
        let at_least_materials = if b.unknown_materials.is_empty() {
            ""
        } else {
            "≥"
        };
        t.row(vec![
            b.name.clone(),
            b.before.matters.to_string(),
            b.before.departments.to_string(),
            format!(
                "{at_least_materials}{} → {at_least_materials}{}",
                b.before.materials, b.after.materials
            ),
            format!("{} → {}", b.before.visits, b.after.visits),
            format!(
                "{at_least}{} → {at_least}{}",
                b.before.promised_days, b.after.promised_days
            ),
            format!("{at_least}{}", b.critical_path.legal_days),
        ]);
    }
    out.push_str(&t.render("  "));
}

/// Under the bundle table: each bundle's critical path, against its target if it has one.
fn critical_paths(out: &mut String, r: &Report) {
    for b in &r.bundles {
        let unknown = &b.critical_path.unknown;
        let target = b.target_days.map_or_else(String::new, |t| {
            let met = b.critical_path.promised_days <= t;
            // A 待核 limit only adds days: "met" cannot be said while one is left out.
            let word = if met && !unknown.is_empty() {
                "能否达标待核实"
            } else {
                verdict(met)
            };
            format!("；目标 ≤ {t} 个工作日，{word}")
        });
        out.push_str(&format!(
            "  {}：关键路径 {}（承诺 {} 个工作日，法定 {} 个工作日{target}）\n",
            b.name,
            b.critical_path.matters.join(" → "),
            b.critical_path.promised_days,
            b.critical_path.legal_days
        ));
        if b.calendar_day_limits > 0 {
            out.push_str(&format!(
                "    其中 {} 个时限以自然日计，按同样天数的工作日计入（上限估计）\n",
                b.calendar_day_limits
            ));
        }
        if !unknown.is_empty() {
            out.push_str(&format!(
                "    「{}」的时限待核实，未计入上述天数（实际可能更长）\n",
                unknown.join("」「")
            ));
        }
        if !b.unknown_materials.is_empty() {
            out.push_str(&format!(
                "    「{}」的申请材料待核实，未计入上述材料数\n",
                b.unknown_materials.join("」「")
            ));
        }
    }
}

/// 按部门: one row per department.
fn departments(out: &mut String, r: &Report) {
    out.push_str("\n按部门\n");
    let mut t = Table::new(&[
        ("部门", false),
        ("事项", true),
        ("材料", true),
        ("需提交", true),
        ("可免未免", true),
        ("零跑动", true),
        ("最多跑一次", true),
        ("平均法定", true),
        ("平均承诺", true),
        ("待核", true),
    ]);
    for d in &r.departments {
        let f = &d.figures;
        t.row(vec![
            d.name.clone(),
            f.matters.to_string(),
            f.materials_listed.to_string(),
            f.materials_to_submit.to_string(),
            f.materials_avoidable.to_string(),
            pct(f.zero_visit_share),
            pct(f.at_most_one_visit_share),
            days(f.avg_legal_days),
            days(f.avg_promised_days),
            f.unverified_facts.to_string(),
        ]);
    }
    out.push_str(&t.render("  "));
}

/// 按事项: one row per matter.
fn matters(out: &mut String, r: &Report) {
    out.push_str("\n按事项\n");
    let mut t = Table::new(&[
        ("事项", false),
        ("部门", false),
        ("材料", true),
        ("需提交", true),
        ("可免未免", true),
        ("到现场", true),
        ("法定", true),
        ("承诺", true),
    ]);
    for m in &r.matters {
        let f = &m.figures;
        t.row(vec![
            m.name.clone(),
            m.department.clone(),
            f.materials_listed.to_string(),
            f.materials_to_submit.to_string(),
            f.materials_avoidable.to_string(),
            m.visits.map_or_else(|| "—".into(), |v| format!("{v} 次")),
            m.legal_limit.clone().unwrap_or_else(|| "—".into()),
            m.promised_limit.clone().unwrap_or_else(|| "—".into()),
        ]);
    }
    out.push_str(&t.render("  "));
}
