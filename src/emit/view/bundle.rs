//! The guide of one 一件事 bundle: its matters, critical path, before/after figures and the one
//! merged checklist.

use super::{Fact, Listing, UNSTATED, Verdict};
use crate::emit::doc::BundleDoc;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BundleView {
    pub id: String,
    pub name: String,
    /// `一件事办事指南 · 牵头部门：常州市天宁区卫生健康委员会`.
    pub subtitle: String,
    pub matters: Vec<MatterRow>,
    pub critical_path: CriticalPath,
    /// 办理前后对比: indicator, separately, as one bundle.
    pub figures: Vec<Comparison>,
    /// What the one checklist promises.
    pub checklist_intro: String,
    pub checklist: Listing<ChecklistItem>,
    /// Said when some matters' materials are 待核 and neither the counts nor the checklist
    /// hold them.
    pub materials_note: Option<String>,
    /// Materials not asked for: `名称（事项）` and why.
    pub not_required: Vec<Fact>,
    pub source_file: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MatterRow {
    pub id: String,
    pub name: String,
    /// `可选`: only some applicants need it.
    pub optional: bool,
    pub department: String,
    pub promised: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CriticalPath {
    /// `关键路径：甲 → 乙，承诺 5 个工作日（法定 20 个工作日）`.
    pub summary: String,
    /// `，目标时限 5 个工作日`, when the bundle states one, and the verdict against it.
    pub target: Option<String>,
    pub verdict: Option<Verdict>,
    /// Said when some limits are in 自然日 and were counted as working days.
    pub calendar_note: Option<String>,
    /// Said when some limits are 待核 and the day counts leave them out.
    pub unknown_note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Comparison {
    pub label: String,
    pub before: String,
    pub after: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub name: String,
    /// `（委托他人代为申请的）`.
    pub situation: Option<String>,
    /// `用于：出生登记、医保参保登记`.
    pub used_for: String,
}

impl BundleView {
    pub fn new(b: &BundleDoc) -> BundleView {
        let c = &b.critical_path;
        let comparison = |label: &str, before: u64, after: u64, unit: &str| Comparison {
            label: label.to_string(),
            before: format!("{before}{unit}"),
            after: format!("{after}{unit}"),
        };
        let count = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
        BundleView {
            id: b.id.clone(),
            name: b.name.clone(),
            subtitle: match &b.lead {
                Some(lead) => format!("一件事办事指南 · 牵头部门：{}", lead.name),
                None => "一件事办事指南".to_string(),
            },
            matters: b
                .matters
                .iter()
                .map(|m| MatterRow {
                    id: m.id.clone(),
                    name: m.name.clone(),
                    optional: m.optional,
                    department: m.department_name.clone(),
                    promised: if m.promised.is_empty() {
                        UNSTATED.to_string()
                    } else {
                        m.promised.clone()
                    },
                })
                .collect(),
            critical_path: CriticalPath {
                summary: format!(
                    "关键路径：{}，承诺 {} 个工作日（法定 {} 个工作日）",
                    c.matters.join(" → "),
                    c.promised_days,
                    c.legal_days
                ),
                target: b.target_days.map(|t| format!("，目标时限 {t} 个工作日")),
                // Unknown limits only add days: over the target stays over, but under it is
                // no promise.
                verdict: b.target_days.map(|t| {
                    if c.promised_days <= t && !c.unknown_limits.is_empty() {
                        Verdict::new(false, "", "能否达标待核实")
                    } else {
                        Verdict::new(c.promised_days <= t, "达标", "超出目标")
                    }
                }),
                calendar_note: (b.calendar_day_limits > 0).then(|| {
                    format!(
                        "其中 {} 个时限以自然日计，按同样天数计入，为上限估计。",
                        b.calendar_day_limits
                    )
                }),
                unknown_note: (!c.unknown_limits.is_empty()).then(|| {
                    format!(
                        "「{}」的时限待核实，未计入上述天数，实际时限可能更长。",
                        c.unknown_limits.join("」「")
                    )
                }),
            },
            figures: vec![
                comparison(
                    "涉及事项",
                    count(b.before.matters),
                    count(b.after.matters),
                    "",
                ),
                comparison(
                    "涉及部门",
                    count(b.before.departments),
                    count(b.after.departments),
                    "",
                ),
                {
                    // A 待核 list adds nothing to either count: they are lower bounds.
                    let mut c = comparison(
                        "申请材料",
                        count(b.before.materials),
                        count(b.after.materials),
                        " 份",
                    );
                    if !b.unknown_materials.is_empty() {
                        c.before = format!("至少 {}", c.before);
                        c.after = format!("至少 {}", c.after);
                    }
                    c
                },
                comparison("跑动次数", b.before.visits, b.after.visits, " 次"),
                {
                    // A 待核 limit is left out of both sums: they are lower bounds.
                    let mut c = comparison(
                        "承诺时限",
                        b.before.promised_days,
                        b.after.promised_days,
                        " 个工作日",
                    );
                    if !b.critical_path.unknown_limits.is_empty() {
                        c.before = format!("至少 {}", c.before);
                        c.after = format!("至少 {}", c.after);
                    }
                    c
                },
            ],
            checklist_intro: "一张表单、一套材料：以下材料只需提交一次。".to_string(),
            materials_note: (!b.unknown_materials.is_empty()).then(|| {
                format!(
                    "「{}」的申请材料待核实，未计入上述材料数，也未列入本告知单。",
                    b.unknown_materials.join("」「")
                )
            }),
            checklist: Listing::new(
                b.checklist
                    .iter()
                    .map(|i| ChecklistItem {
                        name: i.name.clone(),
                        situation: i.situation.as_ref().map(|s| format!("（{s}）")),
                        used_for: if i.matters.is_empty() {
                            // The bundle's own 材料, collected once for all its matters.
                            "用于：本一件事联办".to_string()
                        } else {
                            format!("用于：{}", i.matters.join("、"))
                        },
                    })
                    .collect(),
                if b.unknown_materials.is_empty() {
                    "无需提交申请材料。"
                } else {
                    "申请材料待核实。"
                },
            ),
            not_required: b
                .not_required
                .iter()
                .map(|n| Fact::new(&format!("{}（{}）", n.name, n.matter), n.reason.clone()))
                .collect(),
            source_file: b.source_file.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::doc::{BundleItemDoc, BundleMatterDoc, CriticalPathDoc, SideDoc};

    fn doc(target_days: Option<u64>, calendar_day_limits: usize) -> BundleDoc {
        let side = |materials, visits, promised_days| SideDoc {
            matters: 2,
            departments: 2,
            materials,
            visits,
            promised_days,
        };
        BundleDoc {
            id: "新生儿出生".into(),
            name: "新生儿出生一件事".into(),
            lead: None,
            flow: None,
            matters: vec![BundleMatterDoc {
                optional: false,
                id: "出生登记".into(),
                name: "出生登记".into(),
                department: "公安局".into(),
                department_name: "公安分局".into(),
                promised: String::new(),
            }],
            target_days,
            critical_path: CriticalPathDoc {
                promised_days: 5,
                legal_days: 20,
                matters: vec!["出生证签发".into(), "出生登记".into()],
                unknown_limits: Vec::new(),
            },
            before: side(9, 4, 32),
            after: side(2, 1, 5),
            calendar_day_limits,
            unknown_materials: Vec::new(),
            conditions: Vec::new(),
            checklist: vec![BundleItemDoc {
                name: "居民户口簿".into(),
                evidence: None,
                matters: vec!["出生登记".into(), "医保参保".into()],
                situation: None,
            }],
            not_required: Vec::new(),
            source_file: "一件事/新生儿出生.banshi".into(),
            draft: false,
        }
    }

    #[test]
    fn the_critical_path_is_judged_against_the_target() {
        let v = BundleView::new(&doc(Some(5), 0));
        assert_eq!(
            v.critical_path.summary,
            "关键路径：出生证签发 → 出生登记，承诺 5 个工作日（法定 20 个工作日）"
        );
        assert_eq!(
            v.critical_path.verdict,
            Some(Verdict::new(true, "达标", "超出目标"))
        );
        let late = BundleView::new(&doc(Some(4), 2));
        assert_eq!(
            late.critical_path.verdict.map(|v| v.label).as_deref(),
            Some("超出目标")
        );
        assert!(
            late.critical_path
                .calendar_note
                .is_some_and(|n| n.starts_with("其中 2 个"))
        );
        assert_eq!(BundleView::new(&doc(None, 0)).critical_path.verdict, None);

        // A 待核 limit left out of the count: under the target is no promise, over it stays over.
        let mut unknown = doc(Some(5), 0);
        unknown.critical_path.unknown_limits = vec!["出生登记".to_string()];
        let v = BundleView::new(&unknown);
        assert_eq!(
            v.critical_path.verdict.map(|v| (v.met, v.label)),
            Some((false, "能否达标待核实".to_string()))
        );
        assert!(
            v.critical_path
                .unknown_note
                .is_some_and(|n| n.contains("「出生登记」的时限待核实"))
        );
        assert_eq!(v.figures[4].after, "至少 5 个工作日");
        unknown.target_days = Some(4);
        let v = BundleView::new(&unknown);
        assert_eq!(
            v.critical_path.verdict.map(|v| v.label).as_deref(),
            Some("超出目标")
        );
    }

    #[test]
    fn figures_compare_before_and_after_with_their_units() {
        let v = BundleView::new(&doc(None, 0));
        assert_eq!(v.figures[2].label, "申请材料");
        assert_eq!(
            (v.figures[2].before.as_str(), v.figures[2].after.as_str()),
            ("9 份", "2 份")
        );
        assert_eq!(v.figures[4].after, "5 个工作日");
        assert_eq!(v.matters[0].promised, "未写明");
        assert_eq!(v.checklist.items[0].used_for, "用于：出生登记、医保参保");
        assert_eq!(v.subtitle, "一件事办事指南");
    }
}
