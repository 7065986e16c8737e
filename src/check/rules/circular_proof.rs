use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::MatterId;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

declare_rule! {
    /// ## 检查内容
    /// 循环证明：事项 A 需要只有事项 B 才能出具的证照，而 B（直接或经过更长的链条）又需要
    /// 只有 A 才能出具的证照。有多个事项都能出具的证照、目录外产生的证照不构成循环；
    /// 事项需要与自己结果同类的证照（换领身份证需要旧身份证）也不算循环。
    ///
    /// ## 为什么有问题
    /// 申请人办 A 要先拿到 B 的结果，办 B 又要先拿到 A 的结果，两件事都办不成，
    /// 这正是“循环证明”“奇葩证明”的来源。
    ///
    /// ## 示例
    /// ```banshi
    /// 事项 居住证申领 { … 材料 { 租房 { 证照 租赁备案证明 … } } 结果 { 证照 居住证 } }
    /// 事项 租赁备案 { … 材料 { 居住证 { 证照 居住证 … } } 结果 { 证照 租赁备案证明 } }
    /// ```
    ///
    /// ## 改为
    /// 去掉其中一环的依赖：租赁备案改为凭身份证和租赁合同办理，不再要求居住证。
    ///
    /// ## 依据
    /// 衡水市指导意见二(五)：从源头上避免各类“奇葩证明”“循环证明”等现象发生；
    /// 杨陵区实施方案：“循环证明”不得存在。
    pub static CIRCULAR_PROOF = {
        code: "E171",
        name: "circular-proof",
        severity: Error,
        summary: "事项之间互为前置证明（循环证明）",
    };
}

pub fn check(cx: &Context, sink: &mut Sink) {
    let g = &cx.graph.graph;
    // Only evidence with a single producer binds: otherwise another source exists.
    let binding = |e: &petgraph::graph::EdgeReference<crate::graph::Need>| {
        cx.graph.producers(e.weight().evidence).len() == 1
    };
    let mut restricted: petgraph::graph::DiGraph<(), ()> = petgraph::graph::DiGraph::new();
    for _ in g.node_indices() {
        restricted.add_node(());
    }
    for e in g.edge_references().filter(|e| binding(e)) {
        restricted.update_edge(e.source(), e.target(), ());
    }
    let mut components: Vec<Vec<NodeIndex>> = petgraph::algo::tarjan_scc(&restricted)
        .into_iter()
        .filter(|c| c.len() > 1)
        .map(|mut c| {
            c.sort();
            c
        })
        .collect();
    components.sort();
    for component in components {
        let members: BTreeSet<NodeIndex> = component.iter().copied().collect();
        let Some(&start) = component.first() else {
            continue;
        };
        let Some(cycle) = shortest_cycle(&restricted, start, &members) else {
            continue;
        };
        report(cx, &cycle, sink);
    }
}

/// The shortest cycle through `start` inside `members`, as nodes in edge order, each node
/// producing evidence for the next (breadth-first, successors in node order).
fn shortest_cycle(
    g: &petgraph::graph::DiGraph<(), ()>,
    start: NodeIndex,
    members: &BTreeSet<NodeIndex>,
) -> Option<Vec<NodeIndex>> {
    let mut parent: BTreeMap<NodeIndex, NodeIndex> = BTreeMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(n) = queue.pop_front() {
        let mut next: Vec<NodeIndex> = g.neighbors(n).filter(|x| members.contains(x)).collect();
        next.sort();
        next.dedup();
        for m in next {
            if m == start {
                let mut path = vec![n];
                let mut cur = n;
                while cur != start {
                    cur = *parent.get(&cur)?;
                    path.push(cur);
                }
                path.reverse();
                return Some(path);
            }
            if let std::collections::btree_map::Entry::Vacant(v) = parent.entry(m) {
                v.insert(n);
                queue.push_back(m);
            }
        }
    }
    None
}

fn report(cx: &Context, cycle: &[NodeIndex], sink: &mut Sink) {
    let catalog = cx.catalog;
    let matter = |n: NodeIndex| cx.graph.matter(n).and_then(|m| catalog.matter(m));
    // hops[i]: cycle[i] produces the evidence that cycle[i+1] needs.
    let mut hops = Vec::new();
    for (i, &from) in cycle.iter().enumerate() {
        let to = cycle[(i + 1) % cycle.len()];
        let (Some(from_id), Some(to_id)) = (cx.graph.matter(from), cx.graph.matter(to)) else {
            return;
        };
        let need = cx
            .graph
            .needs_of(to_id)
            .into_iter()
            .find(|(p, need)| *p == from_id && cx.graph.producers(need.evidence).len() == 1);
        let Some((_, need)) = need else { return };
        hops.push((from_id, to_id, need));
    }
    let name = |m: MatterId| catalog.matter(m).map_or("", |x| x.id.text.as_str());
    let evidence = |e| {
        catalog
            .registry
            .evidence(e)
            .map_or("", |x| x.id.value.as_str())
    };
    // Read in the order an applicant would be sent around: A needs X from B, B needs Y from A.
    let chain: Vec<String> = hops
        .iter()
        .rev()
        .map(|(from, to, need)| {
            format!(
                "「{}」需要「{}」出具的「{}」",
                name(*to),
                name(*from),
                evidence(need.evidence)
            )
        })
        .collect();
    let mut departments: Vec<String> = Vec::new();
    for &n in cycle {
        if let Some(d) = matter(n)
            .and_then(|m| m.department.as_ref())
            .and_then(|d| d.target)
            .and_then(|d| catalog.registry.department(d))
        {
            let name = d.display_name().to_string();
            if !departments.contains(&name) {
                departments.push(name);
            }
        }
    }
    let spans: Vec<_> = hops
        .iter()
        .rev()
        .filter_map(|(_, to, need)| {
            let m = catalog.matter(*to)?;
            let r = m.materials.get(need.material)?.evidence.as_ref()?;
            Some((
                r.span,
                m.id.text.clone(),
                evidence(need.evidence).to_string(),
            ))
        })
        .collect();
    let Some((primary, _, _)) = spans.first().cloned() else {
        return;
    };
    // Evidence flows from producer to consumer: 甲 →「低保证明」→ 乙 →「出生医学证明」→ 甲.
    let mut flow = String::new();
    for (from, to, need) in &hops {
        if flow.is_empty() {
            flow.push_str(name(*from));
        }
        flow.push_str(&format!(" →「{}」→ {}", evidence(need.evidence), name(*to)));
    }
    let mut d = Diagnostic::new(
        &CIRCULAR_PROOF,
        primary,
        format!("循环证明：{}", chain.join("，")),
    )
    .label("循环的起点")
    .note(format!("循环（证照由前一事项出具、后一事项使用）：{flow}"))
    .note(format!("涉及部门：{}", departments.join("、")));
    for (span, m, e) in spans.iter().skip(1) {
        d = d.secondary(*span, format!("「{m}」需要「{e}」"));
    }
    sink.push(d.help("取消其中一环对另一事项结果的依赖（改为数据共享、告知承诺或其他可独立取得的材料），打破循环"));
}
