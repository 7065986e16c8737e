//! Stage 3b: the approval dependency graph.
//!
//! Nodes are matters, added in catalog order. An edge runs from a matter whose 结果 produces an
//! evidence (证照) to every matter with a material naming that evidence — whether the applicant
//! brings it or the window fetches it, the evidence must exist first. A matter that needs the
//! kind of evidence it produces itself (renewing an ID card needs the old one) gets no edge to
//! itself; evidence that no matter produces comes from outside and creates no edge.

pub mod flow;

use crate::model::{Catalog, EvidenceId, MatterId};
use petgraph::graph::{DiGraph, NodeIndex};
use std::collections::BTreeMap;

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
    producers: BTreeMap<EvidenceId, Vec<MatterId>>,
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
        self.producers.get(&e).map_or(&[], Vec::as_slice)
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
    let mut g = DepGraph::default();
    for i in 0..catalog.matters.len() {
        let id = MatterId(u32::try_from(i).unwrap_or(u32::MAX));
        g.nodes.push(g.graph.add_node(id));
    }
    for (i, m) in catalog.matters.iter().enumerate() {
        if let Some(e) = m
            .result
            .as_ref()
            .and_then(|r| r.evidence.as_ref())
            .and_then(|r| r.target)
        {
            g.producers
                .entry(e)
                .or_default()
                .push(MatterId(u32::try_from(i).unwrap_or(u32::MAX)));
        }
    }
    for (ci, consumer) in catalog.matters.iter().enumerate() {
        let c = g.nodes[ci];
        for (mi, material) in consumer.materials.iter().enumerate() {
            let Some(e) = material.evidence.as_ref().and_then(|r| r.target) else {
                continue;
            };
            for &p in g.producers(e).to_vec().iter() {
                if p.0 as usize == ci {
                    continue;
                }
                let from = g.nodes[p.0 as usize];
                g.graph.add_edge(
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
    g
}
