//! What governments publish about a 一件事 bundle: its critical path and the before/after
//! figures ("材料 9 → 2, 跑动 4 → 1, 时限 32 → 5").
//!
//! - *before*: each matter applied for separately — the sums of listed materials, visits and
//!   promised limits;
//! - *after*: one window, one set of materials — the distinct items the applicant still submits
//!   (same 证照 = same item; items without 证照 are distinct by name), leaving out evidence an
//!   earlier step of the bundle produces, evidence shared in the registry and materials declared
//!   免提交; the largest 到现场 of any matter; the critical path.
//!
//! A `任选` group counts as one material (the applicant brings one of its members). A flow step
//! `<matter>.<variant>` counts that variant's effective materials, limits and visits. A `可选`
//! matter is left out of the figures and the critical path (only some applicants need it) and
//! listed in `optional`. The bundle's own 材料 are in the *after* set once, before the matters'.
//!
//! Limits are in working days with 即办 = 0. A limit in 自然日 is counted as that many working
//! days — N calendar days never hold more than N working days, so the figures stay an upper
//! bound — and counted in `calendar_day_limits`; a missing limit counts 0 and is counted in
//! `missing_limits`, and its matter is named in `critical_path.unknown`, so that no page
//! states a total (or a target met) that leaves a 待核 limit out without saying so. A matter
//! whose 材料 is 待核 adds no material and is named in `unknown_materials`, for the same reason.

use crate::graph::DepGraph;
use crate::graph::flow::{Step, StepIndex, critical_path, runs_before, sequence_edges, steps};
use crate::model::{Bundle, Catalog, DayUnit, Limit, Material, Matter, MatterId};
use petgraph::visit::EdgeRef;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Side {
    pub matters: usize,
    pub departments: usize,
    pub materials: usize,
    pub visits: u64,
    pub promised_days: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CriticalPath {
    pub promised_days: u64,
    pub legal_days: u64,
    /// Matter ids along the promised-time critical path, in order.
    pub matters: Vec<String>,
    /// Names of the bundle's matters whose promised or legal limit is not stated (`待核`, or
    /// left out; `法定 无` is stated): the day counts leave them out, so they are lower bounds
    /// and no target can be said to be met.
    pub unknown: Vec<String>,
}

/// A matter of the bundle.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Node {
    pub id: String,
    pub name: String,
    pub department: String,
    pub department_name: String,
    pub promised_days: u64,
    pub legal_days: u64,
    /// The promised limit as written ("即办", "5 工作日", "3 自然日"); empty when missing.
    pub promised: String,
    pub visits: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeKind {
    /// The target needs evidence the source produces.
    Evidence,
    /// The flow runs the target after the source (串联).
    Sequence,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// The evidence, for `evidence` edges.
    pub evidence: Option<String>,
}

/// One item of the bundle's merged checklist: what the applicant brings once for all matters.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistItem {
    pub name: String,
    /// The evidence id, when the item is a registered 证照.
    pub evidence: Option<String>,
    /// The matters that ask for it, in flow order; empty for the bundle's own 材料.
    pub matters: Vec<String>,
    /// 情形 of the first material asking for it, if it applies only then.
    pub situation: Option<String>,
}

/// A material the bundle does not ask of the applicant, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NotRequired {
    pub name: String,
    pub matter: String,
    /// Serialized as the sentence the applicant reads (see `emit::words`).
    #[serde(rename = "reason")]
    pub why: Why,
}

/// Why a material of a bundle's matter is not asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Why {
    /// The matter declares it 免提交, and how the window obtains it instead.
    Exempt(crate::model::Acquisition),
    /// Its 证照 is shared in the registry.
    Shared,
    /// An earlier step of the bundle (this matter id) produces its 证照.
    Produced { by: String },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BundleFigures {
    pub bundle: String,
    pub name: String,
    pub lead: String,
    /// 目标时限 of the bundle in days, if it states one.
    pub target_days: Option<u64>,
    pub critical_path: CriticalPath,
    pub before: Side,
    pub after: Side,
    pub calendar_day_limits: usize,
    pub missing_limits: usize,
    /// Names of the required matters whose 材料 is `待核`: the material counts and the merged
    /// checklist leave them out, so no page may present those as complete.
    pub unknown_materials: Vec<String>,
    /// The one set of materials (`after.materials` is its length), in flow order.
    pub checklist: Vec<ChecklistItem>,
    /// The `可选` matters, by id, in flow order: in `nodes`, but not in the figures.
    pub optional: Vec<String>,
    /// Materials of the matters left out of the checklist, with the reason.
    pub not_required: Vec<NotRequired>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

/// Working days of a limit (see [`Limit::days_upper_bound`]), whether it was given in 自然日,
/// and whether it is missing.
fn days(limit: Option<Limit>) -> (u64, bool, bool) {
    match limit {
        Some(l) => (
            l.days_upper_bound(),
            matches!(l, Limit::Days(_, DayUnit::Calendar)),
            false,
        ),
        None => (0, false, true),
    }
}

fn promised(m: &Matter) -> Option<Limit> {
    m.time.as_ref()?.promised.as_ref().map(|l| l.value)
}

fn legal(m: &Matter) -> Option<Limit> {
    m.time.as_ref()?.legal.as_ref().map(|l| l.value)
}

fn visits(m: &Matter) -> u64 {
    m.visits.as_ref().map_or(0, |v| u64::from(v.count.value))
}

fn node(catalog: &Catalog, m: &Matter) -> Node {
    let dept = m.department.as_ref();
    Node {
        id: m.id.text.clone(),
        name: m
            .name
            .as_ref()
            .map_or_else(|| m.id.text.clone(), |n| n.value.clone()),
        department: dept.map_or_else(String::new, |d| d.name.clone()),
        department_name: dept
            .and_then(|d| d.target)
            .and_then(|d| catalog.registry.department(d))
            .map_or_else(String::new, |d| d.display_name().to_string()),
        promised_days: days(promised(m)).0,
        legal_days: days(legal(m)).0,
        promised: promised(m).map_or_else(String::new, |l| l.to_string()),
        visits: visits(m),
    }
}

pub fn figures(catalog: &Catalog, graph: &DepGraph, bundle: &Bundle) -> BundleFigures {
    let lead = bundle
        .lead
        .as_ref()
        .map_or_else(String::new, |l| l.name.clone());
    let target_days = bundle.target.as_ref().map(|t| u64::from(t.value.0));
    let name = bundle
        .name
        .as_ref()
        .map_or_else(|| bundle.id.text.clone(), |n| n.value.clone());
    let Some(flow) = &bundle.flow else {
        return without_flow(bundle, name, lead, target_days);
    };
    // Each matter once, at its first step (a repeat is reported by its own rule), as the
    // variant the step names results.
    let mut seen = BTreeSet::new();
    let all_steps = steps(flow);
    let resolved: Vec<(&Step, Cow<Matter>)> = all_steps
        .iter()
        .filter(|s| seen.insert(s.matter))
        .filter_map(|s| {
            let m = catalog.matter(s.matter)?;
            let effective = s
                .variant
                .and_then(|v| m.variants.get(v as usize))
                .map_or(Cow::Borrowed(m), |v| Cow::Owned(m.effective(v)));
            Some((s, effective))
        })
        .collect();
    let everything: Vec<(&Step, &Matter)> = resolved.iter().map(|(s, m)| (*s, &**m)).collect();
    let matters: Vec<(&Step, &Matter)> = everything
        .iter()
        .copied()
        .filter(|(s, _)| !s.optional)
        .collect();
    let optional = everything
        .iter()
        .filter(|(s, _)| s.optional)
        .map(|(_, m)| m.id.text.clone())
        .collect();

    let (calendar, missing) = unusual_limits(&matters);
    let by_id: BTreeMap<MatterId, &Matter> = matters.iter().map(|(s, m)| (s.matter, *m)).collect();
    let promised_of = |id: MatterId| by_id.get(&id).map_or(0, |m| days(promised(m)).0);
    let legal_of = |id: MatterId| by_id.get(&id).map_or(0, |m| days(legal(m)).0);
    let (promised_days, chain) = critical_path(flow, &promised_of);
    let (legal_days, _) = critical_path(flow, &legal_of);

    let before = separately(&matters);
    let (checklist, not_required) = merged_checklist(catalog, graph, bundle, &all_steps, &matters);
    let after = Side {
        matters: before.matters,
        departments: before.departments,
        materials: checklist.len(),
        visits: matters.iter().map(|(_, m)| visits(m)).max().unwrap_or(0),
        promised_days,
    };
    BundleFigures {
        bundle: bundle.id.text.clone(),
        name,
        lead,
        target_days,
        critical_path: CriticalPath {
            promised_days,
            legal_days,
            matters: chain.into_iter().map(|id| matter_id(catalog, id)).collect(),
            unknown: matters
                .iter()
                .filter(|(_, m)| {
                    let no_legal = m.time.as_ref().is_some_and(|t| t.no_legal.is_some());
                    promised(m).is_none() || (legal(m).is_none() && !no_legal)
                })
                .map(|(_, m)| {
                    m.name
                        .as_ref()
                        .map_or_else(|| m.id.text.clone(), |n| n.value.clone())
                })
                .collect(),
        },
        before,
        after,
        calendar_day_limits: calendar,
        missing_limits: missing,
        unknown_materials: matters
            .iter()
            .filter(|(_, m)| m.unverified("材料").is_some())
            .map(|(_, m)| {
                m.name
                    .as_ref()
                    .map_or_else(|| m.id.text.clone(), |n| n.value.clone())
            })
            .collect(),
        checklist,
        optional,
        not_required,
        nodes: everything.iter().map(|(_, m)| node(catalog, m)).collect(),
        edges: edges(catalog, graph, flow, &everything),
    }
}

/// The figures of a bundle that states no flow: nothing to count.
fn without_flow(
    bundle: &Bundle,
    name: String,
    lead: String,
    target_days: Option<u64>,
) -> BundleFigures {
    BundleFigures {
        bundle: bundle.id.text.clone(),
        name,
        lead,
        target_days,
        critical_path: CriticalPath::default(),
        before: Side::default(),
        after: Side::default(),
        calendar_day_limits: 0,
        missing_limits: 0,
        unknown_materials: Vec::new(),
        checklist: Vec::new(),
        optional: Vec::new(),
        not_required: Vec::new(),
        nodes: Vec::new(),
        edges: Vec::new(),
    }
}

/// The id of a matter as the figures name it.
fn matter_id(catalog: &Catalog, id: MatterId) -> String {
    catalog
        .matter(id)
        .map_or_else(String::new, |m| m.id.text.clone())
}

/// How many limits of the bundle's matters are in 自然日, and how many are missing.
fn unusual_limits(matters: &[(&Step, &Matter)]) -> (usize, usize) {
    let (mut calendar, mut missing) = (0, 0);
    for (_, m) in matters {
        for limit in [promised(m), legal(m)] {
            let (_, cal, miss) = days(limit);
            calendar += usize::from(cal);
            missing += usize::from(miss);
        }
    }
    (calendar, missing)
}

/// How many materials a matter lists for the applicant: a `任选` group is one.
fn to_bring(m: &Matter) -> usize {
    let groups: BTreeSet<u32> = m.materials.iter().filter_map(|x| x.group).collect();
    m.materials.iter().filter(|x| x.group.is_none()).count() + groups.len()
}

/// *Before*: every matter applied for on its own.
fn separately(matters: &[(&Step, &Matter)]) -> Side {
    let departments: BTreeSet<_> = matters
        .iter()
        .filter_map(|(_, m)| m.department.as_ref().map(|d| d.name.clone()))
        .collect();
    Side {
        matters: matters.len(),
        departments: departments.len(),
        materials: matters.iter().map(|(_, m)| to_bring(m)).sum(),
        visits: matters.iter().map(|(_, m)| visits(m)).sum(),
        promised_days: matters.iter().map(|(_, m)| days(promised(m)).0).sum(),
    }
}

/// Why `material`, asked for at `step`, is not asked of the applicant, if it is not.
fn not_asked(
    catalog: &Catalog,
    graph: &DepGraph,
    index: &StepIndex,
    all_steps: &[Step],
    step: &Step,
    material: &Material,
) -> Option<Why> {
    if let Some(how) = &material.exempt {
        return Some(Why::Exempt(how.value));
    }
    let evidence = material.evidence.as_ref().and_then(|r| r.target)?;
    if catalog
        .registry
        .evidence(evidence)
        .is_some_and(|x| x.shared)
    {
        return Some(Why::Shared);
    }
    // The first step in flow order that produces the evidence and runs earlier.
    index
        .positions_of(graph.producers(evidence))
        .into_iter()
        .filter_map(|i| all_steps.get(i))
        .find(|p| runs_before(p, step))
        .map(|p| Why::Produced {
            by: matter_id(catalog, p.matter),
        })
}

/// *After*: the applicant's one set of materials, and the materials left out of it with the
/// reason. Same evidence = same item, others by name. Items are found through an index and
/// producers through the flow positions of their matters, so that a bundle of thousands of
/// matters costs no more per matter than a small one.
fn merged_checklist(
    catalog: &Catalog,
    graph: &DepGraph,
    bundle: &Bundle,
    all_steps: &[Step],
    matters: &[(&Step, &Matter)],
) -> (Vec<ChecklistItem>, Vec<NotRequired>) {
    let mut checklist: Vec<ChecklistItem> = Vec::new();
    let mut item_of: BTreeMap<(bool, String), usize> = BTreeMap::new();
    let mut listed: BTreeSet<(usize, String)> = BTreeSet::new();
    let index = StepIndex::new(all_steps);
    let mut not_required: Vec<NotRequired> = Vec::new();
    // The bundle's own materials (a 联办申请表): collected once, for the whole bundle.
    for material in &bundle.materials {
        let name = material
            .name
            .as_ref()
            .map_or(&material.id.text, |n| &n.value)
            .clone();
        item_of.insert((false, name.clone()), checklist.len());
        checklist.push(ChecklistItem {
            name,
            evidence: None,
            matters: Vec::new(),
            situation: material.situation.as_ref().map(|t| t.value.clone()),
        });
    }
    for (step, m) in matters {
        // A 任选 group is met by any one member: it is not asked when one member need not be
        // brought, and otherwise it is one item under the group's name.
        let spared: BTreeSet<u32> = m
            .materials
            .iter()
            .filter(|x| {
                x.group.is_some() && not_asked(catalog, graph, &index, all_steps, step, x).is_some()
            })
            .filter_map(|x| x.group)
            .collect();
        let mut groups_done: BTreeSet<u32> = BTreeSet::new();
        for material in &m.materials {
            if let Some(g) = material.group {
                if !groups_done.insert(g) {
                    continue;
                }
                let group_name = m
                    .groups
                    .get(g as usize)
                    .map(|x| x.name.as_ref().map_or(&x.id.text, |n| &n.value).clone())
                    .unwrap_or_default();
                if spared.contains(&g) {
                    let member = m
                        .materials
                        .iter()
                        .filter(|x| x.group == Some(g))
                        .find_map(|x| not_asked(catalog, graph, &index, all_steps, step, x));
                    if let Some(why) = member {
                        not_required.push(NotRequired {
                            name: group_name,
                            matter: m.id.text.clone(),
                            why,
                        });
                    }
                    continue;
                }
                let index_key = (false, group_name.clone());
                add(
                    &mut checklist,
                    &mut item_of,
                    &mut listed,
                    index_key,
                    || ChecklistItem {
                        name: group_name.clone(),
                        evidence: None,
                        matters: vec![m.id.text.clone()],
                        situation: material.situation.as_ref().map(|t| t.value.clone()),
                    },
                    &m.id.text,
                );
                continue;
            }
            let name = material
                .name
                .as_ref()
                .map_or(&material.id.text, |n| &n.value)
                .clone();
            if let Some(why) = not_asked(catalog, graph, &index, all_steps, step, material) {
                not_required.push(NotRequired {
                    name,
                    matter: m.id.text.clone(),
                    why,
                });
                continue;
            }
            let key = material.evidence.as_ref().and_then(|r| r.target).map(|e| {
                catalog
                    .registry
                    .evidence(e)
                    .map_or_else(String::new, |x| x.id.value.clone())
            });
            let index_key = match &key {
                Some(k) => (true, k.clone()),
                None => (false, name.clone()),
            };
            add(
                &mut checklist,
                &mut item_of,
                &mut listed,
                index_key,
                || ChecklistItem {
                    name: name.clone(),
                    evidence: key.clone(),
                    matters: vec![m.id.text.clone()],
                    situation: material.situation.as_ref().map(|t| t.value.clone()),
                },
                &m.id.text,
            );
        }
    }
    (checklist, not_required)
}

/// Adds one material of `matter` to the set: to the item already there under `key` (noting
/// the matter once), or as a new item.
fn add(
    checklist: &mut Vec<ChecklistItem>,
    item_of: &mut BTreeMap<(bool, String), usize>,
    listed: &mut BTreeSet<(usize, String)>,
    key: (bool, String),
    new: impl FnOnce() -> ChecklistItem,
    matter: &str,
) {
    match item_of.get(&key).copied() {
        Some(i) => {
            if listed.insert((i, matter.to_string()))
                && let Some(item) = checklist.get_mut(i)
            {
                item.matters.push(matter.to_string());
            }
        }
        None => {
            listed.insert((checklist.len(), matter.to_string()));
            item_of.insert(key, checklist.len());
            checklist.push(new());
        }
    }
}

/// The edges among the bundle's matters: evidence one needs from another, then the flow's
/// order where no evidence edge already shows it.
fn edges(
    catalog: &Catalog,
    graph: &DepGraph,
    flow: &crate::model::Flow,
    matters: &[(&Step, &Matter)],
) -> Vec<Edge> {
    let members: BTreeSet<MatterId> = matters.iter().map(|(s, _)| s.matter).collect();
    let mut edges: Vec<Edge> = Vec::new();
    let mut evidence_edges: BTreeSet<(MatterId, MatterId)> = BTreeSet::new();
    for (step, _) in matters {
        let Some(node) = graph.node(step.matter) else {
            continue;
        };
        let mut incoming: Vec<_> = graph
            .graph
            .edges_directed(node, petgraph::Direction::Incoming)
            .filter_map(|e| Some((graph.matter(e.source())?, e.weight().evidence)))
            .filter(|(p, _)| members.contains(p))
            .collect();
        incoming.sort();
        incoming.dedup();
        for (p, e) in incoming {
            evidence_edges.insert((p, step.matter));
            edges.push(Edge {
                from: matter_id(catalog, p),
                to: matter_id(catalog, step.matter),
                kind: EdgeKind::Evidence,
                evidence: catalog.registry.evidence(e).map(|x| x.id.value.clone()),
            });
        }
    }
    for (a, b) in sequence_edges(flow) {
        if evidence_edges.contains(&(a, b)) {
            continue;
        }
        edges.push(Edge {
            from: matter_id(catalog, a),
            to: matter_id(catalog, b),
            kind: EdgeKind::Sequence,
            evidence: None,
        });
    }
    edges
}

/// The catalog-wide evidence graph: every matter, every evidence edge.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CatalogGraph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

pub fn catalog_graph(catalog: &Catalog, graph: &DepGraph) -> CatalogGraph {
    let nodes = catalog.matters.iter().map(|m| node(catalog, m)).collect();
    let mut edges: Vec<(MatterId, MatterId, crate::model::EvidenceId)> = graph
        .graph
        .edge_references()
        .filter_map(|e| {
            Some((
                graph.matter(e.source())?,
                graph.matter(e.target())?,
                e.weight().evidence,
            ))
        })
        .collect();
    edges.sort();
    edges.dedup();
    let name = |id: MatterId| {
        catalog
            .matter(id)
            .map_or_else(String::new, |m| m.id.text.clone())
    };
    CatalogGraph {
        nodes,
        edges: edges
            .into_iter()
            .map(|(a, b, e)| Edge {
                from: name(a),
                to: name(b),
                kind: EdgeKind::Evidence,
                evidence: catalog.registry.evidence(e).map(|x| x.id.value.clone()),
            })
            .collect(),
    }
}
