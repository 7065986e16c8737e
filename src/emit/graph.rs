//! Graphviz DOT and Mermaid drawings of a bundle or of the catalog-wide evidence graph.
//! Departments are clusters (lanes); evidence edges are solid and labelled with the 证照;
//! the order a bundle's flow imposes is drawn dashed.

use crate::analysis::bundle::{Edge, EdgeKind, Node};
use std::collections::BTreeMap;

/// One department's lane: its label and its nodes with their indices.
struct Lane<'a> {
    label: &'a str,
    members: Vec<(usize, &'a Node)>,
}

/// Departments in first-appearance order, each with its nodes.
fn lanes(nodes: &[Node]) -> Vec<Lane<'_>> {
    let mut lanes: Vec<Lane> = Vec::new();
    let mut lane_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        match lane_of
            .get(n.department.as_str())
            .and_then(|&l| lanes.get_mut(l))
        {
            Some(lane) => lane.members.push((i, n)),
            None => {
                lane_of.insert(&n.department, lanes.len());
                lanes.push(Lane {
                    label: if n.department_name.is_empty() {
                        &n.department
                    } else {
                        &n.department_name
                    },
                    members: vec![(i, n)],
                })
            }
        }
    }
    lanes
}

/// Each node's index by id (the first, should an id repeat): edges name their ends by id, and
/// searching the nodes for each would be quadratic in a large graph.
fn index(nodes: &[Node]) -> BTreeMap<&str, usize> {
    let mut map = BTreeMap::new();
    for (i, n) in nodes.iter().enumerate() {
        map.entry(n.id.as_str()).or_insert(i);
    }
    map
}

fn dot_string(s: &str) -> String {
    crate::escape::dot_string(s)
}

/// The matter's name and its promised limit as written (即办, 5 工作日).
fn node_lines(n: &Node) -> (String, String) {
    let limit = if n.promised.is_empty() {
        "承诺时限未写".to_string()
    } else {
        format!("承诺 {}", n.promised)
    };
    (n.name.clone(), limit)
}

/// A DOT digraph, left to right, one cluster per department.
pub fn dot(title: &str, nodes: &[Node], edges: &[Edge]) -> String {
    let mut out = format!("digraph {} {{\n", dot_string(title));
    out.push_str("  rankdir=LR;\n");
    out.push_str(&format!("  label={};\n  labelloc=t;\n", dot_string(title)));
    out.push_str("  fontname=\"Noto Sans CJK SC\";\n");
    out.push_str("  node [shape=box, style=\"rounded\", fontname=\"Noto Sans CJK SC\"];\n");
    out.push_str("  edge [fontname=\"Noto Sans CJK SC\", fontsize=10];\n");
    for (index, lane) in lanes(nodes).iter().enumerate() {
        out.push_str(&format!("  subgraph cluster_{index} {{\n"));
        out.push_str(&format!(
            "    label={};\n    style=\"rounded,dashed\";\n",
            dot_string(lane.label)
        ));
        for (i, n) in &lane.members {
            let (name, limit) = node_lines(n);
            out.push_str(&format!(
                "    m{i} [label={}];\n",
                dot_string(&format!("{name}\n{limit}"))
            ));
        }
        out.push_str("  }\n");
    }
    let index = index(nodes);
    for e in edges {
        let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        match e.kind {
            EdgeKind::Evidence => out.push_str(&format!(
                "  m{a} -> m{b} [label={}];\n",
                dot_string(e.evidence.as_deref().unwrap_or(""))
            )),
            EdgeKind::Sequence => {
                out.push_str(&format!("  m{a} -> m{b} [style=dashed, color=gray50];\n"))
            }
        }
    }
    out.push_str("}\n");
    out
}

fn mermaid_text(s: &str) -> String {
    // Mermaid has no escape for quotes inside ["…"]; its entity code works. A line break would
    // end the statement, and no control character belongs in a drawing's text.
    crate::escape::terminal(s).replace('"', "#quot;")
}

/// A Mermaid flowchart, left to right, one subgraph per department.
pub fn mermaid(title: &str, nodes: &[Node], edges: &[Edge]) -> String {
    let mut out = format!("---\ntitle: {}\n---\nflowchart LR\n", mermaid_text(title));
    for (index, lane) in lanes(nodes).iter().enumerate() {
        out.push_str(&format!(
            "  subgraph d{index}[\"{}\"]\n",
            mermaid_text(lane.label)
        ));
        for (i, n) in &lane.members {
            let (name, limit) = node_lines(n);
            out.push_str(&format!(
                "    m{i}[\"{}<br/>{}\"]\n",
                mermaid_text(&name),
                mermaid_text(&limit)
            ));
        }
        out.push_str("  end\n");
    }
    let index = index(nodes);
    for e in edges {
        let (Some(&a), Some(&b)) = (index.get(e.from.as_str()), index.get(e.to.as_str())) else {
            continue;
        };
        match e.kind {
            EdgeKind::Evidence => out.push_str(&format!(
                "  m{a} -- \"{}\" --> m{b}\n",
                mermaid_text(e.evidence.as_deref().unwrap_or(""))
            )),
            EdgeKind::Sequence => out.push_str(&format!("  m{a} -.-> m{b}\n")),
        }
    }
    out
}
