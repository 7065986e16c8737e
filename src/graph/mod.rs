//! The approval dependency graph.
//!
//! Nodes are matters, added in catalog order. An edge runs from a matter whose 结果 produces an
//! evidence (证照) to every matter with a material naming that evidence — whether the applicant
//! brings it or the window fetches it, the evidence must exist first. A matter that needs the
//! kind of evidence it produces itself (renewing an ID card needs the old one) gets no edge to
//! itself; evidence that no matter produces comes from outside and creates no edge.

pub mod flow;

use crate::model::{Catalog, EvidenceId, MatterId};
use petgraph::graph::{DiGraph, NodeIndex};

/// Why one matter depends on another: the evidence, and the consumer's material naming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Need {
    pub evidence: EvidenceId,
    /// Index into the consumer's `materials`.
    pub material: usize,
}

#[derive(Debug, Default)]
pub struct DepGraph {
    pub graph: DiGraph<MatterId, Need>,
    /// Node of each matter, indexed by `MatterId`.
    nodes: Vec<NodeIndex>,
    /// The matters whose 结果 is each evidence, in catalog order.
    producers: Producers,
}

/// Producers of every evidence, indexed by evidence: the matters producing evidence `e` are
/// `matters[offsets[e]..offsets[e + 1]]`. The graph is built again after every edit and looks
/// up the producers of every material that names an evidence: one index each, where a search
/// in a sorted list took a quarter of the build at 100,000 matters, and two allocations in all
/// rather than a vector per evidence.
#[derive(Debug, Default)]
struct Producers {
    offsets: Vec<usize>,
    matters: Vec<MatterId>,
}

impl Producers {
    fn new(catalog: &Catalog) -> Self {
        let pairs = catalog.matters.iter().enumerate().filter_map(|(i, m)| {
            let e = m.result.as_ref()?.evidence.as_ref()?.target?;
            Some((e, MatterId(u32::try_from(i).unwrap_or(u32::MAX))))
        });
        Producers::from_pairs(catalog.registry.evidence.len(), pairs)
    }

    /// From (evidence, producer) pairs in catalog order, for evidence ids below `kinds`.
    fn from_pairs(
        kinds: usize,
        pairs: impl Iterator<Item = (EvidenceId, MatterId)> + Clone,
    ) -> Self {
        let mut offsets = vec![0usize; kinds + 1];
        for (e, _) in pairs.clone() {
            if let Some(n) = offsets.get_mut(e.0 as usize + 1) {
                *n += 1;
            }
        }
        for i in 1..offsets.len() {
            offsets[i] += offsets[i - 1];
        }
        // Filled from the front of each run, so within one evidence the matters keep catalog
        // order.
        let mut next = offsets.clone();
        let mut matters = vec![MatterId(0); offsets.last().copied().unwrap_or(0)];
        for (e, m) in pairs {
            if let Some(at) = next
                .get_mut(e.0 as usize)
                .filter(|_| (e.0 as usize) < kinds)
            {
                matters[*at] = m;
                *at += 1;
            }
        }
        Producers { offsets, matters }
    }

    fn of(&self, e: EvidenceId) -> &[MatterId] {
        let i = e.0 as usize;
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&start), Some(&end)) => &self.matters[start..end],
            _ => &[],
        }
    }
}

impl DepGraph {
    pub fn node(&self, m: MatterId) -> Option<NodeIndex> {
        self.nodes.get(m.0 as usize).copied()
    }

    pub fn matter(&self, n: NodeIndex) -> Option<MatterId> {
        self.graph.node_weight(n).copied()
    }

    /// The matters producing an evidence, in catalog order.
    pub fn producers(&self, e: EvidenceId) -> &[MatterId] {
        self.producers.of(e)
    }

    /// Every (producer, need) a matter depends on, in material order then producer order.
    pub fn needs_of(&self, consumer: MatterId) -> Vec<(MatterId, Need)> {
        let Some(node) = self.node(consumer) else {
            return Vec::new();
        };
        let mut out: Vec<(MatterId, Need)> = self
            .graph
            .edges_directed(node, petgraph::Direction::Incoming)
            .filter_map(|e| {
                use petgraph::visit::EdgeRef;
                Some((self.matter(e.source())?, *e.weight()))
            })
            .collect();
        out.sort_by_key(|(p, need)| (need.material, *p));
        out
    }
}

/// Of one matter: the evidence it produces, and (material index, evidence) for each material
/// naming one.
pub type GraphInput = (Option<EvidenceId>, Vec<(usize, EvidenceId)>);

/// What [`build`] reads of some matters: the evidence each produces and, material by
/// material, the evidence each needs. When an edit leaves these and the number of matters as
/// they were, the graph is the same and need not be built again.
pub fn inputs(matters: &[Box<crate::model::Matter>]) -> Vec<GraphInput> {
    matters
        .iter()
        .map(|m| {
            let produces = m.result.as_ref().and_then(|r| r.evidence.as_ref()?.target);
            let needs = m
                .materials
                .iter()
                .enumerate()
                .filter_map(|(i, x)| Some((i, x.evidence.as_ref()?.target?)))
                .collect();
            (produces, needs)
        })
        .collect()
}

/// Builds the catalog-wide graph.
pub fn build(catalog: &Catalog) -> DepGraph {
    let n = catalog.matters.len();
    let mut graph = DiGraph::with_capacity(n, n);
    let nodes: Vec<NodeIndex> = (0..n)
        .map(|i| graph.add_node(MatterId(u32::try_from(i).unwrap_or(u32::MAX))))
        .collect();
    let producers = Producers::new(catalog);
    for (ci, consumer) in catalog.matters.iter().enumerate() {
        let c = nodes[ci];
        for (mi, material) in consumer.materials.iter().enumerate() {
            let Some(e) = material.evidence.as_ref().and_then(|r| r.target) else {
                continue;
            };
            for &p in producers.of(e) {
                if p.0 as usize == ci {
                    continue;
                }
                let from = nodes[p.0 as usize];
                graph.add_edge(
                    from,
                    c,
                    Need {
                        evidence: e,
                        material: mi,
                    },
                );
            }
        }
    }
    DepGraph {
        graph,
        nodes,
        producers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn producers_finds_the_matters_of_each_evidence_in_order() {
        let e = EvidenceId;
        let m = MatterId;
        let pairs = [
            (e(4), m(0)),
            (e(7), m(1)),
            (e(1), m(2)),
            (e(7), m(5)),
            (e(7), m(8)),
            (e(1), m(9)),
        ];
        let p = Producers::from_pairs(8, pairs.into_iter());
        assert_eq!(p.of(e(1)), [m(2), m(9)]);
        assert_eq!(p.of(e(4)), [m(0)]);
        assert_eq!(p.of(e(7)), [m(1), m(5), m(8)]);
        for absent in [0, 2, 5, 8, 100] {
            assert!(p.of(e(absent)).is_empty(), "{absent}");
        }
        assert!(Producers::default().of(e(0)).is_empty());
        // An id beyond the registry (none resolves so) is left out, not a panic.
        assert!(
            Producers::from_pairs(2, [(e(5), m(1))].into_iter())
                .of(e(5))
                .is_empty()
        );
    }
}
