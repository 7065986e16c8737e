//! The order a bundle's flow imposes: which step runs strictly before which, and the critical
//! path through 串联 (times add up) and 并联 (the longest branch counts).
//!
//! Flows can nest deeply, so everything here walks them with an explicit stack.

use crate::model::{Flow, MatterId};
use crate::source::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Serial,
    Parallel,
}

/// One matter named in a flow, with its position: for each enclosing block from the root, the
/// block's kind and the index of the child that leads here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub matter: MatterId,
    /// Where the flow names it.
    pub span: Span,
    pub path: Vec<(Kind, usize)>,
    /// The variant named by `<matter>.<variant>`, as an index into the matter's variants.
    pub variant: Option<u32>,
    /// `可选`: only some applicants need it.
    pub optional: bool,
}

/// The resolved matters of a flow in source order (unresolved names are left out: they were
/// reported while lowering).
pub fn steps(flow: &Flow) -> Vec<Step> {
    let mut out = Vec::new();
    let mut stack: Vec<(&Flow, Vec<(Kind, usize)>)> = vec![(flow, Vec::new())];
    while let Some((node, path)) = stack.pop() {
        match node {
            Flow::Matter(fm) => {
                if let Some(matter) = fm.matter.target {
                    out.push(Step {
                        matter,
                        span: fm.matter.span,
                        path,
                        variant: fm.variant.as_ref().and_then(|v| v.target),
                        optional: fm.optional,
                    });
                }
            }
            Flow::Serial { children, .. } | Flow::Parallel { children, .. } => {
                let kind = if matches!(node, Flow::Serial { .. }) {
                    Kind::Serial
                } else {
                    Kind::Parallel
                };
                for (i, child) in children.iter().enumerate().rev() {
                    let mut p = path.clone();
                    p.push((kind, i));
                    stack.push((child, p));
                }
            }
        }
    }
    out
}

/// Where each matter stands among a flow's steps, so that the steps of a set of matters (the
/// producers of an evidence, say) are found without searching the whole flow for each.
pub struct StepIndex(std::collections::BTreeMap<MatterId, Vec<usize>>);

impl StepIndex {
    pub fn new(steps: &[Step]) -> StepIndex {
        let mut at: std::collections::BTreeMap<MatterId, Vec<usize>> = Default::default();
        for (i, step) in steps.iter().enumerate() {
            at.entry(step.matter).or_default().push(i);
        }
        StepIndex(at)
    }

    /// The positions, in flow order and each once, of the steps naming any of `matters`.
    pub fn positions_of(&self, matters: &[MatterId]) -> Vec<usize> {
        let mut places: Vec<usize> = matters
            .iter()
            .filter_map(|m| self.0.get(m))
            .flatten()
            .copied()
            .collect();
        places.sort_unstable();
        places.dedup();
        places
    }
}

/// Whether `a` finishes before `b` starts: where their paths part, the enclosing block is 串联
/// and `a`'s branch comes first.
pub fn runs_before(a: &Step, b: &Step) -> bool {
    let common = a
        .path
        .iter()
        .zip(&b.path)
        .take_while(|(x, y)| x == y)
        .count();
    match (a.path.get(common), b.path.get(common)) {
        (Some((Kind::Serial, ia)), Some((Kind::Serial, ib))) => ia < ib,
        _ => false,
    }
}

/// The longest path through a flow, given each step's duration: 串联 adds, 并联 takes the
/// longest branch (the first one on ties). Returns the total and the matters along the path.
pub fn critical_path(flow: &Flow, days: &dyn Fn(MatterId) -> u64) -> (u64, Vec<MatterId>) {
    enum Task<'a> {
        Visit(&'a Flow),
        Close(&'a Flow, usize),
    }
    let mut tasks = vec![Task::Visit(flow)];
    let mut done: Vec<(u64, Vec<MatterId>)> = Vec::new();
    while let Some(task) = tasks.pop() {
        match task {
            // An optional matter does not lengthen the path every applicant takes.
            Task::Visit(Flow::Matter(fm)) => done.push(match fm.matter.target {
                Some(m) if !fm.optional => (days(m), vec![m]),
                _ => (0, Vec::new()),
            }),
            Task::Visit(
                node @ (Flow::Serial { children, .. } | Flow::Parallel { children, .. }),
            ) => {
                tasks.push(Task::Close(node, done.len()));
                tasks.extend(children.iter().rev().map(Task::Visit));
            }
            Task::Close(node, start) => {
                let parts = done.split_off(start.min(done.len()));
                let combined = if matches!(node, Flow::Serial { .. }) {
                    parts
                        .into_iter()
                        .fold((0, Vec::new()), |(t, mut chain), (d, c)| {
                            chain.extend(c);
                            (t + d, chain)
                        })
                } else {
                    parts
                        .into_iter()
                        .fold(
                            None,
                            |best: Option<(u64, Vec<MatterId>)>, part| match best {
                                Some(b) if b.0 >= part.0 => Some(b),
                                _ => Some(part),
                            },
                        )
                        .unwrap_or((0, Vec::new()))
                };
                done.push(combined);
            }
        }
    }
    done.pop().unwrap_or((0, Vec::new()))
}

/// The order edges a flow draws: in a 串联 block, from every step a child can end with to every
/// step the next child can start with. Deduplicated, in source order.
pub fn sequence_edges(flow: &Flow) -> Vec<(MatterId, MatterId)> {
    enum Task<'a> {
        Visit(&'a Flow),
        Close(&'a Flow, usize),
    }
    // For each finished node: (entries, exits).
    let mut done: Vec<(Vec<MatterId>, Vec<MatterId>)> = Vec::new();
    let mut edges: Vec<(MatterId, MatterId)> = Vec::new();
    // Membership beside the ordered list: searching the list would be quadratic in long flows.
    let mut seen: std::collections::BTreeSet<(MatterId, MatterId)> = Default::default();
    let mut tasks = vec![Task::Visit(flow)];
    while let Some(task) = tasks.pop() {
        match task {
            Task::Visit(Flow::Matter(fm)) => {
                let ends: Vec<MatterId> = fm.matter.target.into_iter().collect();
                done.push((ends.clone(), ends));
            }
            Task::Visit(
                node @ (Flow::Serial { children, .. } | Flow::Parallel { children, .. }),
            ) => {
                tasks.push(Task::Close(node, done.len()));
                tasks.extend(children.iter().rev().map(Task::Visit));
            }
            Task::Close(node, start) => {
                let parts = done.split_off(start.min(done.len()));
                let combined = if matches!(node, Flow::Serial { .. }) {
                    let parts: Vec<_> = parts.into_iter().filter(|(e, _)| !e.is_empty()).collect();
                    for pair in parts.windows(2) {
                        for &from in &pair[0].1 {
                            for &to in &pair[1].0 {
                                if seen.insert((from, to)) {
                                    edges.push((from, to));
                                }
                            }
                        }
                    }
                    let entries = parts.first().map(|p| p.0.clone()).unwrap_or_default();
                    let exits = parts.last().map(|p| p.1.clone()).unwrap_or_default();
                    (entries, exits)
                } else {
                    parts
                        .into_iter()
                        .fold((Vec::new(), Vec::new()), |(mut e, mut x), (pe, px)| {
                            e.extend(pe);
                            x.extend(px);
                            (e, x)
                        })
                };
                done.push(combined);
            }
        }
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Ref;
    use crate::source::FileId;

    fn m(i: u32) -> Flow {
        Flow::Matter(crate::model::FlowMatter {
            matter: Ref {
                name: format!("m{i}"),
                span: Span::file_start(FileId(0)),
                target: Some(MatterId(i)),
            },
            variant: None,
            optional: false,
        })
    }
    fn serial(children: Vec<Flow>) -> Flow {
        let s = Span::file_start(FileId(0));
        Flow::Serial {
            keyword: s,
            span: s,
            children,
        }
    }
    fn parallel(children: Vec<Flow>) -> Flow {
        let s = Span::file_start(FileId(0));
        Flow::Parallel {
            keyword: s,
            span: s,
            children,
        }
    }

    #[test]
    fn order_of_steps() {
        // 串联 { 0 并联 { 1 串联 { 2 3 } } 4 }
        let f = serial(vec![
            m(0),
            parallel(vec![m(1), serial(vec![m(2), m(3)])]),
            m(4),
        ]);
        let s = steps(&f);
        let ids: Vec<u32> = s.iter().map(|x| x.matter.0).collect();
        assert_eq!(ids, [0, 1, 2, 3, 4]);
        assert!(runs_before(&s[0], &s[1]));
        assert!(runs_before(&s[0], &s[3]));
        assert!(
            !runs_before(&s[1], &s[2]),
            "parallel branches are unordered"
        );
        assert!(!runs_before(&s[2], &s[1]));
        assert!(runs_before(&s[2], &s[3]));
        assert!(!runs_before(&s[3], &s[2]));
        assert!(runs_before(&s[3], &s[4]));
        assert!(!runs_before(&s[4], &s[0]));
    }

    #[test]
    fn sequence_edges_join_stages() {
        // 串联 { 0 并联 { 1 串联 { 2 3 } } 4 }: 0→1, 0→2, 2→3, 1→4, 3→4.
        let f = serial(vec![
            m(0),
            parallel(vec![m(1), serial(vec![m(2), m(3)])]),
            m(4),
        ]);
        let edges: Vec<(u32, u32)> = sequence_edges(&f).iter().map(|(a, b)| (a.0, b.0)).collect();
        assert_eq!(edges, [(2, 3), (0, 1), (0, 2), (1, 4), (3, 4)]);
    }

    #[test]
    fn critical_path_by_hand() {
        // days: 0→3, 1→10, 2→4, 3→5, 4→1.  串联 { 0 并联 { 1 串联 { 2 3 } } 4 }
        // = 3 + max(10, 4 + 5) + 1 = 14 along 0, 1, 4.
        let days = [3u64, 10, 4, 5, 1];
        let f = serial(vec![
            m(0),
            parallel(vec![m(1), serial(vec![m(2), m(3)])]),
            m(4),
        ]);
        let (total, chain) = critical_path(&f, &|x: MatterId| days[x.0 as usize]);
        assert_eq!(total, 14);
        assert_eq!(chain.iter().map(|x| x.0).collect::<Vec<_>>(), [0, 1, 4]);
        // With 1 → 8, the serial branch (9) wins: 3 + 9 + 1 = 13 along 0, 2, 3, 4.
        let days = [3u64, 8, 4, 5, 1];
        let (total, chain) = critical_path(&f, &|x: MatterId| days[x.0 as usize]);
        assert_eq!(total, 13);
        assert_eq!(chain.iter().map(|x| x.0).collect::<Vec<_>>(), [0, 2, 3, 4]);
    }
}
