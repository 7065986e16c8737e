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

/// Producers of every evidence in two parallel arrays sorted by evidence: one binary search
/// finds the run of an evidence, and the whole index is two allocations rather than a map
/// entry and a vector per evidence (100,000 of each in a large catalog).
#[derive(Debug, Default)]
struct Producers {
    evidence: Vec<EvidenceId>,
    matters: Vec<MatterId>,
}

impl Producers {
    fn new(catalog: &Catalog) -> Self {
        let mut pairs: Vec<(EvidenceId, MatterId)> = catalog
            .matters
            .iter()
            .enumerate()
            .filter_map(|(i, m)| {
                let e = m.result.as_ref()?.evidence.as_ref()?.target?;
                Some((e, MatterId(u32::try_from(i).unwrap_or(u32::MAX))))
            })
            .collect();
        // Stable: within one evidence the matters stay in catalog order.
        pairs.sort_by_key(|&(e, _)| e);
        let (evidence, matters) = pairs.into_iter().unzip();
        Producers { evidence, matters }
    }

    fn of(&self, e: EvidenceId) -> &[MatterId] {
        let start = self.evidence.partition_point(|&x| x < e);
        let end = start + self.evidence[start..].partition_point(|&x| x == e);
        &self.matters[start..end]
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
    fn producers_finds_the_run_of_each_evidence_in_order() {
        let e = EvidenceId;
        let m = MatterId;
        let p = Producers {
            evidence: vec![e(1), e(1), e(4), e(7), e(7), e(7)],
            matters: vec![m(2), m(9), m(0), m(1), m(5), m(8)],
        };
        assert_eq!(p.of(e(1)), [m(2), m(9)]);
        assert_eq!(p.of(e(4)), [m(0)]);
        assert_eq!(p.of(e(7)), [m(1), m(5), m(8)]);
        for absent in [0, 2, 5, 8] {
            assert!(p.of(e(absent)).is_empty(), "{absent}");
        }
        assert!(Producers::default().of(e(0)).is_empty());
    }
}
