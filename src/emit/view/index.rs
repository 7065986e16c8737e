//! The catalog's front page: matters by department, the bundles, and the catalog's figures
//! against the published targets.

use super::{Verdict, days, percent};
use crate::analysis::report::Report;
use crate::emit::doc::BundleDoc;
use serde::Serialize;

/// The name of the section (and booklet) of matters whose department is unknown.
pub const NO_DEPARTMENT: &str = "未写明实施主体";

/// What the page says of the catalog as a whole; the department sections are handed to the
/// template one at a time (see `site.rs`), so they are built apart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct IndexView {
    pub name: String,
    /// `政务服务事项目录 · 区划代码 320402 · 共 46 个事项、5 个“一件事”`.
    pub subtitle: String,
    pub bundles: Vec<BundleRow>,
    pub figures: Vec<FigureRow>,
    /// Which limits the averages leave out.
    pub figures_note: String,
}

/// A department's section: its matters and the link to its printable booklet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DepartmentSection {
    pub id: String,
    pub name: String,
    /// The file name of its printable booklet under `booklets/`, without `.html`.
    pub booklet: String,
    pub matters: Vec<MatterRow>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatterRow {
    pub id: String,
    pub name: String,
    pub kind: String,
    /// The promised limit, or `—`.
    pub promised: String,
    /// `1 次`, or `—`.
    pub visits: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BundleRow {
    pub id: String,
    pub name: String,
    pub lead: String,
    /// `9 → 2`: separately → as one bundle.
    pub materials: String,
    pub visits: String,
    pub promised_days: String,
}

/// A figure of the catalog, what it is measured against, and whether it meets that.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FigureRow {
    pub label: String,
    pub value: String,
    pub target: String,
    pub verdict: Option<Verdict>,
}

/// A reference figure as minijinja printed it before views existed: `20.2`, `18.0`.
fn float(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    }
}

impl MatterRow {
    pub fn new(
        id: &str,
        name: &str,
        kind: &str,
        promised: Option<&str>,
        visits: Option<u32>,
    ) -> MatterRow {
        MatterRow {
            id: id.to_string(),
            name: name.to_string(),
            kind: kind.to_string(),
            promised: promised.map_or_else(|| "—".to_string(), str::to_string),
            visits: visits.map_or_else(|| "—".to_string(), |v| format!("{v} 次")),
        }
    }
}

impl DepartmentSection {
    pub fn new(id: String, name: String, matters: Vec<MatterRow>) -> DepartmentSection {
        let booklet = if id.is_empty() {
            NO_DEPARTMENT.to_string()
        } else {
            id.clone()
        };
        DepartmentSection {
            id,
            name,
            booklet,
            matters,
        }
    }
}

impl IndexView {
    pub fn new(name: &str, region: &str, report: &Report, bundles: &[BundleDoc]) -> IndexView {
        let f = &report.catalog.figures;
        let t = &report.targets;
        let share = |label: &str, value: f64, min: f64| FigureRow {
            label: label.to_string(),
            value: percent(value),
            target: format!("≥ {}（梅河口）", percent(min)),
            verdict: Some(Verdict::new(value >= min, "达标", "未达标")),
        };
        IndexView {
            name: name.to_string(),
            subtitle: format!(
                "政务服务事项目录 · 区划代码 {region} · 共 {} 个事项、{} 个“一件事”",
                f.matters,
                bundles.len()
            ),
            bundles: bundles
                .iter()
                .map(|b| BundleRow {
                    id: b.id.clone(),
                    name: b.name.clone(),
                    lead: b.lead.as_ref().map_or_else(String::new, |l| l.name.clone()),
                    materials: format!("{} → {}", b.before.materials, b.after.materials),
                    visits: format!("{} → {}", b.before.visits, b.after.visits),
                    promised_days: format!(
                        "{} → {}",
                        b.before.promised_days, b.after.promised_days
                    ),
                })
                .collect(),
            figures: vec![
                FigureRow {
                    label: "申请材料（列出 / 需申请人提交）".to_string(),
                    value: format!("{} / {}", f.materials_listed, f.materials_to_submit),
                    target: format!(
                        "免提交 {} 份；可免而未免 {} 份",
                        f.materials_listed.saturating_sub(f.materials_to_submit),
                        f.materials_avoidable
                    ),
                    verdict: None,
                },
                share(
                    "零跑动事项占比",
                    f.zero_visit_share,
                    t.zero_visit_share_min.value,
                ),
                share(
                    "最多跑一次事项占比",
                    f.at_most_one_visit_share,
                    t.at_most_one_visit_share_min.value,
                ),
                FigureRow {
                    label: "平均法定 / 承诺时限".to_string(),
                    value: format!(
                        "{} / {} 个工作日",
                        days(f.avg_legal_days),
                        days(f.avg_promised_days)
                    ),
                    target: format!(
                        "参照：梅河口 {} → {} 个工作日",
                        float(t.meihekou_avg_days_before),
                        float(t.meihekou_avg_days_after)
                    ),
                    verdict: None,
                },
            ],
            figures_note: format!(
                "平均时限只计以工作日或即办（按 0 日）计的时限；以自然日计的时限（法定 {} 项、承诺 {} 项）不计入。",
                f.legal_calendar_day_limits, f.promised_calendar_day_limits
            ),
        }
    }
}
