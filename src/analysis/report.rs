//! `banshi report`: what applicants must bring, how often they must come, how long they wait —
//! per matter, per department and for the whole catalog.
//!
//! Conventions (also in the README):
//! - a material counts as *to submit* unless it is declared `免提交` (obtained another way);
//! - *avoidable* materials are still to submit although their evidence is shared, or issued by
//!   the handling department itself;
//! - averages of time limits are over limits in 工作日, with 即办 counting as 0 days; limits in
//!   自然日 cannot be converted without a calendar, so they are left out of the averages and
//!   counted in `legal_calendar_day_limits` / `promised_calendar_day_limits`;
//! - a matter's materials are its common ones and each 办理情形's own, every one listed once as
//!   the guide lists them; a `任选` group counts as one material (an exempt member, if any,
//!   stands for it, since the applicant then brings none);
//! - `unverified_facts` counts the `待核` fields of the matters, their variants and materials;
//! - shares are over the matters that state 到现场; figures are rounded to 4 decimals.

use super::targets;
use crate::model::{Acquisition, Catalog, DayUnit, DeptId, Limit, Material, Matter, Necessity};
use serde::Serialize;
use std::collections::BTreeMap;

/// The figures the report gives for any set of matters.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    pub matters: usize,
    /// Every material of every matter.
    pub materials_listed: usize,
    /// Listed minus those declared as obtained another way (免提交).
    pub materials_to_submit: usize,
    /// Still to submit, although shared or issued by the handling department.
    pub materials_avoidable: usize,
    /// Still to submit, but may follow later (容缺后补).
    pub materials_deferrable: usize,
    /// Declared 免提交 数据共享 / 部门核查 / 告知承诺.
    pub materials_by_data_sharing: usize,
    pub materials_by_internal_check: usize,
    pub materials_by_commitment: usize,
    /// Facts written as `待核`: still to be verified before the guide is complete.
    pub unverified_facts: usize,
    /// Share of matters with 到现场 0.
    pub zero_visit_share: f64,
    /// Share of matters with 到现场 ≤ 1.
    pub at_most_one_visit_share: f64,
    /// Average legal limit in working days (即办 = 0); `null` when no matter has one.
    pub avg_legal_days: Option<f64>,
    pub avg_promised_days: Option<f64>,
    /// Legal / promised limits given in 自然日, left out of the averages.
    pub legal_calendar_day_limits: usize,
    pub promised_calendar_day_limits: usize,
    /// Share of 承诺件 whose promised limit is at most 7 working days (seed 004's target for
    /// ordinary matters); `null` when there is no 承诺件 with a limit in working days.
    pub promised_within_7_days_share: Option<f64>,
}

/// One matter's figures, with what identifies it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MatterRow {
    pub id: String,
    pub name: String,
    pub department: String,
    pub file: String,
    /// 到现场 as written.
    pub visits: Option<u32>,
    /// The limits as written: "20 工作日", "即办".
    pub legal_limit: Option<String>,
    pub promised_limit: Option<String>,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DepartmentRow {
    pub id: String,
    pub name: String,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CatalogRow {
    pub name: String,
    pub region: String,
    #[serde(flatten)]
    pub figures: Figures,
    /// The share by which promised limits undercut legal ones on average.
    pub promised_reduction: Option<f64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Targets {
    pub zero_visit_share_min: targets::Target,
    pub at_most_one_visit_share_min: targets::Target,
    pub ordinary_promised_days_max: targets::Target,
    pub meihekou_avg_days_before: f64,
    pub meihekou_avg_days_after: f64,
    pub meihekou_reduction: f64,
    pub meihekou_source: &'static str,
}

/// A material named in one of the report's lists.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MaterialRef {
    pub matter: String,
    pub material: String,
    pub name: String,
    pub file: String,
    pub line: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub catalog: CatalogRow,
    /// Materials still asked for although shared or issued by the handling department.
    pub avoidable: Vec<MaterialRef>,
    /// Materials that may follow later (容缺后补), reported apart from the rest.
    pub deferrable: Vec<MaterialRef>,
    /// In registry order; departments that handle no matter are left out.
    pub departments: Vec<DepartmentRow>,
    /// In catalog order.
    pub matters: Vec<MatterRow>,
    /// Each bundle's critical path and before/after figures.
    pub bundles: Vec<super::bundle::BundleFigures>,
    pub targets: Targets,
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn share(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        round(part as f64 / whole as f64)
    }
}

/// Working days of a limit; `None` for 自然日.
fn working_days(limit: Limit) -> Option<u32> {
    match limit {
        Limit::Instant => Some(0),
        Limit::Days(n, DayUnit::Working) => Some(n),
        Limit::Days(_, DayUnit::Calendar) => None,
    }
}

#[derive(Default)]
struct Sum {
    count: usize,
    total: u64,
}

impl Sum {
    fn average(&self) -> Option<f64> {
        (self.count > 0).then(|| round(self.total as f64 / self.count as f64))
    }
}

/// The materials a matter's figures count: the common ones, then each variant's own, with one
/// member standing for each `任选` group (an exempt one when there is one).
pub fn counted_materials(m: &Matter) -> Vec<&Material> {
    let scopes = std::iter::once(&m.materials).chain(m.variants.iter().map(|v| &v.own.materials));
    let mut out = Vec::new();
    for materials in scopes {
        let mut groups: BTreeMap<u32, usize> = BTreeMap::new();
        for x in materials {
            let Some(g) = x.group else {
                out.push(x);
                continue;
            };
            match groups.get(&g) {
                Some(&i) => {
                    if x.exempt.is_some()
                        && let Some(slot) = out.get_mut(i)
                        && slot.exempt.is_none()
                    {
                        *slot = x;
                    }
                }
                None => {
                    groups.insert(g, out.len());
                    out.push(x);
                }
            }
        }
    }
    out
}

/// The `待核` fields of a matter, its variants and all their materials.
fn unverified_facts(m: &Matter) -> usize {
    m.unverified.len()
        + m.variants
            .iter()
            .map(|v| v.own.unverified.len())
            .sum::<usize>()
        + m.all_materials().map(|x| x.unverified.len()).sum::<usize>()
}

/// Figures for a set of matters.
pub fn figures<'a>(catalog: &Catalog, matters: impl IntoIterator<Item = &'a Matter>) -> Figures {
    let mut f = Figures::default();
    let (mut with_visits, mut zero, mut at_most_one) = (0, 0, 0);
    let (mut legal, mut promised) = (Sum::default(), Sum::default());
    let (mut promised_matters, mut within_7) = (0, 0);
    for m in matters {
        f.matters += 1;
        f.unverified_facts += unverified_facts(m);
        for material in counted_materials(m) {
            f.materials_listed += 1;
            match material.exempt.as_ref().map(|e| e.value) {
                Some(Acquisition::DataSharing) => f.materials_by_data_sharing += 1,
                Some(Acquisition::InternalCheck) => f.materials_by_internal_check += 1,
                Some(Acquisition::Commitment) => f.materials_by_commitment += 1,
                None => {
                    f.materials_to_submit += 1;
                    if catalog.is_avoidable(m, material) {
                        f.materials_avoidable += 1;
                    }
                    if material.necessity() == Necessity::Deferrable {
                        f.materials_deferrable += 1;
                    }
                }
            }
        }
        if let Some(v) = &m.visits {
            with_visits += 1;
            zero += usize::from(v.count.value == 0);
            at_most_one += usize::from(v.count.value <= 1);
        }
        if let Some(time) = &m.time {
            if let Some(l) = &time.legal {
                match working_days(l.value) {
                    Some(d) => {
                        legal.count += 1;
                        legal.total += u64::from(d);
                    }
                    None => f.legal_calendar_day_limits += 1,
                }
            }
            if let Some(p) = &time.promised {
                match working_days(p.value) {
                    Some(d) => {
                        promised.count += 1;
                        promised.total += u64::from(d);
                        if m.handling.as_ref().map(|h| h.value)
                            == Some(crate::model::Handling::Promised)
                        {
                            promised_matters += 1;
                            within_7 += usize::from(f64::from(d) <= targets::ORDINARY_DAYS.value);
                        }
                    }
                    None => f.promised_calendar_day_limits += 1,
                }
            }
        }
    }
    f.zero_visit_share = share(zero, with_visits);
    f.at_most_one_visit_share = share(at_most_one, with_visits);
    f.avg_legal_days = legal.average();
    f.avg_promised_days = promised.average();
    f.promised_within_7_days_share =
        (promised_matters > 0).then(|| share(within_7, promised_matters));
    f
}

/// The whole report.
pub fn report(
    catalog: &Catalog,
    graph: &crate::graph::DepGraph,
    sources: &crate::source::Sources,
) -> Report {
    let all = figures(catalog, catalog.matters.iter().map(|m| &**m));
    let promised_reduction = match (all.avg_legal_days, all.avg_promised_days) {
        (Some(l), Some(p)) if l > 0.0 => Some(round((l - p) / l)),
        _ => None,
    };
    let mut by_department: BTreeMap<DeptId, Vec<&Matter>> = BTreeMap::new();
    for m in &catalog.matters {
        if let Some(d) = m.department.as_ref().and_then(|d| d.target) {
            by_department.entry(d).or_default().push(m);
        }
    }
    let departments = by_department
        .into_iter()
        .filter_map(|(id, matters)| {
            let dept = catalog.registry.department(id)?;
            Some(DepartmentRow {
                id: dept.id.value.clone(),
                name: dept.display_name().to_string(),
                figures: figures(catalog, matters),
            })
        })
        .collect();
    let matters = catalog
        .matters
        .iter()
        .map(|m| MatterRow {
            id: m.id.text.clone(),
            name: m
                .name
                .as_ref()
                .map_or_else(|| m.id.text.clone(), |n| n.value.clone()),
            department: m
                .department
                .as_ref()
                .map_or_else(String::new, |d| d.name.clone()),
            file: sources.path(m.id.span.file).to_string(),
            visits: m.visits.as_ref().map(|v| v.count.value),
            legal_limit: m
                .time
                .as_ref()
                .and_then(|t| t.legal.as_ref())
                .map(|l| l.value.to_string()),
            promised_limit: m
                .time
                .as_ref()
                .and_then(|t| t.promised.as_ref())
                .map(|l| l.value.to_string()),
            figures: figures(catalog, [&**m]),
        })
        .collect();
    let material_ref = |m: &Matter, x: &crate::model::Material| MaterialRef {
        matter: m.id.text.clone(),
        material: x.id.text.clone(),
        name: x
            .name
            .as_ref()
            .map_or_else(|| x.id.text.clone(), |n| n.value.clone()),
        file: sources.path(x.id.span.file).to_string(),
        line: sources.location(x.id.span).0.0,
    };
    let mut avoidable = Vec::new();
    let mut deferrable = Vec::new();
    for m in &catalog.matters {
        for x in counted_materials(m).into_iter().filter(|x| x.to_submit()) {
            if catalog.is_avoidable(m, x) {
                avoidable.push(material_ref(m, x));
            }
            if x.necessity() == Necessity::Deferrable {
                deferrable.push(material_ref(m, x));
            }
        }
    }
    let config = &catalog.config;
    Report {
        avoidable,
        deferrable,
        catalog: CatalogRow {
            name: config
                .name
                .as_ref()
                .map_or_else(String::new, |n| n.value.clone()),
            region: config
                .region
                .as_ref()
                .map_or_else(String::new, |r| r.value.clone()),
            figures: all,
            promised_reduction,
        },
        departments,
        matters,
        bundles: catalog
            .bundles
            .iter()
            .map(|b| super::bundle::figures(catalog, graph, b))
            .collect(),
        targets: Targets {
            zero_visit_share_min: targets::ZERO_VISIT,
            at_most_one_visit_share_min: targets::AT_MOST_ONE_VISIT,
            ordinary_promised_days_max: targets::ORDINARY_DAYS,
            meihekou_avg_days_before: targets::MEIHEKOU_BEFORE,
            meihekou_avg_days_after: targets::MEIHEKOU_AFTER,
            meihekou_reduction: round(targets::meihekou_reduction()),
            meihekou_source: targets::MEIHEKOU_SOURCE,
        },
    }
}
