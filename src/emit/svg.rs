//! Inline SVG: the flow of a bundle (series left to right, parallel stacked, the department on
//! every box) and the bar charts of the catalog report. Plain SVG, no script, no fonts to fetch.

use super::doc::{BundleMatterDoc, FlowDoc};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Escapes text for XML content and attribute values.
pub fn xml(s: &str) -> String {
    crate::escape::xml_text(s)
}

const BOX_W: f64 = 168.0;
const BOX_H: f64 = 66.0;
const GAP_X: f64 = 36.0;
const GAP_Y: f64 = 14.0;
/// Room left and right of a parallel block for its fork and join lines.
const FORK: f64 = 18.0;
const MARGIN: f64 = 16.0;
/// A top-level series wider than this is broken into rows (about the width of an A4 page).
const MAX_W: f64 = 720.0;
/// Vertical room between rows of a broken series.
const ROW_GAP: f64 = 30.0;
/// Width units per line of a box title (a CJK character is 1, ASCII about 0.55).
const LINE_UNITS: f64 = 12.0;

fn units(c: char) -> f64 {
    if c.is_ascii() { 0.55 } else { 1.0 }
}

/// Splits a name into at most two lines of [`LINE_UNITS`], ending with … when cut.
fn wrap(name: &str) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut width = 0.0;
    for c in name.chars() {
        if width + units(c) > LINE_UNITS {
            if lines.len() == 2 {
                if let Some(l) = lines.last_mut() {
                    l.pop();
                    l.push('…');
                }
                return lines;
            }
            lines.push(String::new());
            width = 0.0;
        }
        if let Some(l) = lines.last_mut() {
            l.push(c);
        }
        width += units(c);
    }
    lines
}

/// A laid-out node of the flow tree: its size, and for blocks, their children.
struct Laid<'a> {
    node: &'a FlowDoc,
    w: f64,
    h: f64,
    children: Vec<Laid<'a>>,
}

/// Sizes, bottom-up, with an explicit stack.
fn measure(root: &FlowDoc) -> Laid<'_> {
    enum Task<'a> {
        Visit(&'a FlowDoc),
        Close(&'a FlowDoc, usize),
    }
    let mut tasks = vec![Task::Visit(root)];
    let mut done: Vec<Laid> = Vec::new();
    while let Some(task) = tasks.pop() {
        match task {
            Task::Visit(node @ FlowDoc::Matter { .. }) => done.push(Laid {
                node,
                w: BOX_W,
                h: BOX_H,
                children: Vec::new(),
            }),
            Task::Visit(node @ (FlowDoc::Serial { children } | FlowDoc::Parallel { children })) => {
                tasks.push(Task::Close(node, done.len()));
                tasks.extend(children.iter().rev().map(Task::Visit));
            }
            Task::Close(node, start) => {
                let children = done.split_off(start.min(done.len()));
                let n = children.len() as f64;
                let (w, h) = match node {
                    FlowDoc::Serial { .. } => (
                        children.iter().map(|c| c.w).sum::<f64>() + GAP_X * (n - 1.0).max(0.0),
                        children.iter().map(|c| c.h).fold(0.0, f64::max),
                    ),
                    _ => {
                        let fork = if children.len() > 1 { 2.0 * FORK } else { 0.0 };
                        (
                            children.iter().map(|c| c.w).fold(0.0, f64::max) + fork,
                            children.iter().map(|c| c.h).sum::<f64>() + GAP_Y * (n - 1.0).max(0.0),
                        )
                    }
                };
                done.push(Laid {
                    node,
                    w: w.max(0.0),
                    h: h.max(0.0),
                    children,
                });
            }
        }
    }
    done.pop().unwrap_or(Laid {
        node: root,
        w: 0.0,
        h: 0.0,
        children: Vec::new(),
    })
}

fn arrow(out: &mut String, x1: f64, y: f64, x2: f64) {
    let _ = writeln!(
        out,
        r#"<line x1="{x1:.1}" y1="{y:.1}" x2="{:.1}" y2="{y:.1}" class="edge" marker-end="url(#arrow)"/>"#,
        x2 - 1.0
    );
}

fn line(out: &mut String, x1: f64, y1: f64, x2: f64, y2: f64) {
    let _ = writeln!(
        out,
        r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" class="edge"/>"#
    );
}

/// The top-level steps grouped into rows no wider than [`MAX_W`] (one row when it all fits or
/// the root is not a series).
fn rows<'l, 'a>(laid: &'l Laid<'a>) -> Vec<Vec<&'l Laid<'a>>> {
    if !matches!(laid.node, FlowDoc::Serial { .. }) || laid.w <= MAX_W {
        return vec![vec![laid]];
    }
    let mut rows: Vec<Vec<&Laid>> = Vec::new();
    let mut width = 0.0;
    for child in &laid.children {
        match rows.last_mut() {
            Some(row) if width + GAP_X + child.w <= MAX_W => {
                row.push(child);
                width += GAP_X + child.w;
            }
            _ => {
                rows.push(vec![child]);
                width = child.w;
            }
        }
    }
    rows
}

/// The bundle's flow as an SVG document (width and height in CSS pixels). A long series is
/// broken into rows read left to right, top to bottom, joined by an elbow connector.
pub fn flow(root: &FlowDoc, matters: &[BundleMatterDoc], critical: &[String]) -> String {
    let laid = measure(root);
    let rows = rows(&laid);
    let row_w = |row: &[&Laid]| {
        row.iter().map(|c| c.w).sum::<f64>() + GAP_X * (row.len() as f64 - 1.0).max(0.0)
    };
    let row_h = |row: &[&Laid]| row.iter().map(|c| c.h).fold(0.0, f64::max);
    let width = rows.iter().map(|r| row_w(r)).fold(0.0, f64::max) + 2.0 * MARGIN;
    let height = rows.iter().map(|r| row_h(r)).sum::<f64>()
        + ROW_GAP * (rows.len() as f64 - 1.0).max(0.0)
        + 2.0 * MARGIN;
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="flow" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="办理流程图">"#
    );
    out.push_str(r#"<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>"#);
    out.push('\n');
    // Looked up per box: searching the lists would be quadratic in a flow of thousands.
    let by_id: BTreeMap<&str, &BundleMatterDoc> =
        matters.iter().rev().map(|m| (m.id.as_str(), m)).collect();
    let critical: BTreeSet<&str> = critical.iter().map(String::as_str).collect();
    // Top-down placement with an explicit stack: (node, x, y of its top-left corner).
    let mut stack: Vec<(&Laid, f64, f64)> = Vec::new();
    let mut y = MARGIN;
    let mut previous_end: Option<(f64, f64, f64)> = None; // (x, mid, bottom) of the last row
    for row in &rows {
        let h = row_h(row);
        let mid = y + h / 2.0;
        if let Some((end_x, end_mid, bottom)) = previous_end {
            // Elbow from the end of the last row to the start of this one.
            let turn = bottom + ROW_GAP / 2.0;
            let _ = writeln!(
                out,
                r#"<path d="M{end_x:.1},{end_mid:.1} H{:.1} V{turn:.1} H{:.1} V{mid:.1} H{:.1}" class="edge" marker-end="url(#arrow)"/>"#,
                end_x + MARGIN / 2.0,
                MARGIN / 2.0,
                MARGIN - 1.0
            );
        }
        let mut x = MARGIN;
        for (i, child) in row.iter().enumerate() {
            stack.push((child, x, mid - child.h / 2.0));
            x += child.w;
            if i + 1 < row.len() {
                arrow(&mut out, x, mid, x + GAP_X);
                x += GAP_X;
            }
        }
        previous_end = Some((x, mid, y + h));
        y += h + ROW_GAP;
    }
    while let Some((node, x, y)) = stack.pop() {
        match node.node {
            FlowDoc::Matter { id, .. } => draw_box(
                &mut out,
                x,
                y,
                id,
                by_id.get(id.as_str()).copied(),
                critical.contains(id.as_str()),
            ),
            FlowDoc::Serial { .. } => {
                let mid = y + node.h / 2.0;
                let mut cx = x;
                for (i, child) in node.children.iter().enumerate() {
                    stack.push((child, cx, mid - child.h / 2.0));
                    cx += child.w;
                    if i + 1 < node.children.len() {
                        arrow(&mut out, cx, mid, cx + GAP_X);
                        cx += GAP_X;
                    }
                }
            }
            FlowDoc::Parallel { .. } => {
                let forked = node.children.len() > 1;
                let inner_x = if forked { x + FORK } else { x };
                let mid = y + node.h / 2.0;
                let (mut top, mut bottom) = (f64::MAX, f64::MIN);
                let mut cy = y;
                for child in &node.children {
                    let cmid = cy + child.h / 2.0;
                    top = top.min(cmid);
                    bottom = bottom.max(cmid);
                    stack.push((child, inner_x, cy));
                    if forked {
                        line(&mut out, x + FORK / 2.0, cmid, inner_x, cmid);
                        line(
                            &mut out,
                            inner_x + child.w,
                            cmid,
                            x + node.w - FORK / 2.0,
                            cmid,
                        );
                    }
                    cy += child.h + GAP_Y;
                }
                if forked {
                    line(&mut out, x, mid, x + FORK / 2.0, mid);
                    line(&mut out, x + FORK / 2.0, top, x + FORK / 2.0, bottom);
                    line(
                        &mut out,
                        x + node.w - FORK / 2.0,
                        top,
                        x + node.w - FORK / 2.0,
                        bottom,
                    );
                    line(&mut out, x + node.w - FORK / 2.0, mid, x + node.w, mid);
                }
            }
        }
    }
    out.push_str("</svg>\n");
    out
}

fn draw_box(
    out: &mut String,
    x: f64,
    y: f64,
    id: &str,
    m: Option<&BundleMatterDoc>,
    critical: bool,
) {
    let name = m.map_or(id, |m| m.name.as_str());
    // The box shows the short department id; the tooltip has the full name.
    let dept = m.map_or("", |m| m.department.as_str());
    let full_dept = m.map_or("", |m| m.department_name.as_str());
    let limit = m.map_or(String::new(), |m| {
        if m.promised.is_empty() {
            String::new()
        } else {
            m.promised.clone()
        }
    });
    let class = if critical { "step critical" } else { "step" };
    let _ = writeln!(
        out,
        r#"<g class="{class}"><title>{}</title>"#,
        xml(&format!("{name}（{full_dept}）"))
    );
    box_body(
        out,
        x,
        y,
        name,
        &format!("{dept}{}{limit}", if limit.is_empty() { "" } else { " · " }),
    );
    out.push_str("</g>\n");
}

/// A step of a 办理流程 picture: what its box says, and the lane (acting body) it sits in.
pub struct StepBox<'a> {
    pub name: &'a str,
    pub lane: &'a str,
    /// The second line: post and limit, as the guide prints them.
    pub detail: String,
    /// False for a step not counted in the limit (drawn dashed).
    pub counted: bool,
}

const LANE_W: f64 = BOX_W + 32.0;
const LANE_HEAD: f64 = 46.0;
const STEP_GAP: f64 = 26.0;

/// A matter's 办理流程 as an SVG document: steps top to bottom in written order, one column
/// (lane) per acting body in order of first appearance, so a matter a 街道 accepts and a
/// district bureau decides shows the hand-over. `key` makes the arrow marker's id unique when
/// several pictures share one page (a booklet).
pub fn steps(key: &str, steps: &[StepBox]) -> String {
    let mut lanes: Vec<&str> = Vec::new();
    for s in steps {
        if !lanes.contains(&s.lane) {
            lanes.push(s.lane);
        }
    }
    let lane_of = |s: &StepBox| lanes.iter().position(|l| *l == s.lane).unwrap_or(0);
    let width = LANE_W * lanes.len().max(1) as f64;
    let row = |i: usize| LANE_HEAD + STEP_GAP / 2.0 + (BOX_H + STEP_GAP) * i as f64;
    let height = row(steps.len()) - STEP_GAP / 2.0 + MARGIN / 2.0;
    let marker = format!("step-arrow-{}", xml(key));
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="flow steps" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="办理流程图">"#
    );
    let _ = writeln!(
        out,
        r#"<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead"/></marker></defs>"#
    );
    for (i, lane) in lanes.iter().enumerate() {
        let x = LANE_W * i as f64;
        let _ = writeln!(
            out,
            r#"<rect x="{x:.1}" y="0" width="{LANE_W:.0}" height="{height:.0}" class="lane{}"/>"#,
            if i % 2 == 1 { " alt" } else { "" }
        );
        let lines = wrap(lane);
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{}" class="lane-name"><title>{}</title>"#,
            x + LANE_W / 2.0,
            if lines.len() == 1 { 26 } else { 18 },
            xml(lane)
        );
        for (k, l) in lines.iter().enumerate() {
            let _ = write!(
                out,
                r#"<tspan x="{:.1}" dy="{}">{}</tspan>"#,
                x + LANE_W / 2.0,
                if k == 0 { 0 } else { 16 },
                xml(l)
            );
        }
        out.push_str("</text>\n");
    }
    let centre = |lane: usize| LANE_W * lane as f64 + LANE_W / 2.0;
    for (i, pair) in steps.windows(2).enumerate() {
        let (a, b) = (lane_of(&pair[0]), lane_of(&pair[1]));
        let (x1, y1, y2) = (centre(a), row(i) + BOX_H, row(i + 1));
        let x2 = centre(b);
        let d = if a == b {
            format!("M{x1:.1},{y1:.1} V{:.1}", y2 - 1.0)
        } else {
            let mid = y1 + STEP_GAP / 2.0;
            format!("M{x1:.1},{y1:.1} V{mid:.1} H{x2:.1} V{:.1}", y2 - 1.0)
        };
        let _ = writeln!(
            out,
            r#"<path d="{d}" class="edge" marker-end="url(#{marker})"/>"#
        );
    }
    for (i, s) in steps.iter().enumerate() {
        let x = centre(lane_of(s)) - BOX_W / 2.0;
        let y = row(i);
        let _ = writeln!(
            out,
            r#"<g class="step{}"><title>{}</title>"#,
            if s.counted { "" } else { " uncounted" },
            xml(&format!("{}（{}）", s.name, s.lane))
        );
        box_body(&mut out, x, y, &format!("{}. {}", i + 1, s.name), &s.detail);
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    out
}

/// A box's rectangle, its title in at most two lines and the small line under it.
fn box_body(out: &mut String, x: f64, y: f64, title: &str, detail: &str) {
    let _ = writeln!(
        out,
        r#"<rect x="{x:.1}" y="{y:.1}" width="{BOX_W:.0}" height="{BOX_H:.0}" rx="6"/>"#
    );
    let lines = wrap(title);
    let first_y = if lines.len() == 1 { y + 24.0 } else { y + 18.0 };
    for (i, l) in lines.iter().enumerate() {
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="name">{}</text>"#,
            x + BOX_W / 2.0,
            first_y + 16.0 * i as f64,
            xml(l)
        );
    }
    let _ = writeln!(
        out,
        r#"<text x="{:.1}" y="{:.1}" class="dept">{}</text>"#,
        x + BOX_W / 2.0,
        y + BOX_H - 9.0,
        xml(detail)
    );
}

/// One bar of a chart.
pub struct Bar {
    pub label: String,
    pub value: f64,
    /// Printed after the bar ("58.3%", "12 项").
    pub text: String,
}

/// A horizontal bar chart; `target` draws a dashed line at that value.
pub fn bars(title: &str, bars: &[Bar], max: f64, target: Option<(f64, &str)>) -> String {
    let label_w = 220.0;
    let bar_w = 320.0;
    let row_h = 22.0;
    let top = 28.0;
    let height = top + row_h * bars.len() as f64 + 26.0;
    let width = label_w + bar_w + 90.0;
    let scale = |v: f64| {
        if max > 0.0 {
            (v / max).clamp(0.0, 1.0) * bar_w
        } else {
            0.0
        }
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width:.0} {height:.0}" width="{width:.0}" height="{height:.0}" role="img" aria-label="{}">"#,
        xml(title)
    );
    let _ = writeln!(
        out,
        r#"<text x="0" y="16" class="chart-title">{}</text>"#,
        xml(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = scale(b.value);
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="chart-label">{}</text>"#,
            label_w - 8.0,
            y + 15.0,
            xml(&b.label)
        );
        let _ = writeln!(
            out,
            r#"<rect x="{label_w:.1}" y="{:.1}" width="{w:.1}" height="{:.1}" class="bar"/>"#,
            y + 3.0,
            row_h - 6.0
        );
        let _ = writeln!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="chart-value">{}</text>"#,
            label_w + w + 6.0,
            y + 15.0,
            xml(&b.text)
        );
    }
    if let Some((t, label)) = target {
        let x = label_w + scale(t);
        let bottom = top + row_h * bars.len() as f64;
        let _ = writeln!(
            out,
            r#"<line x1="{x:.1}" y1="{:.1}" x2="{x:.1}" y2="{bottom:.1}" class="target"/>"#,
            top - 2.0
        );
        let _ = writeln!(
            out,
            r#"<text x="{x:.1}" y="{:.1}" class="target-label">{}</text>"#,
            bottom + 16.0,
            xml(label)
        );
    }
    out.push_str("</svg>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_names_into_two_lines() {
        assert_eq!(wrap("低保申请"), ["低保申请"]);
        assert_eq!(
            wrap("城乡居民最低生活保障申请"),
            ["城乡居民最低生活保障申请"]
        );
        let long = wrap("社会投资项目工程建设项目审批一件事中的建筑工程施工许可证核发");
        assert_eq!(long.len(), 2);
        assert!(long[1].ends_with('…'));
    }

    #[test]
    fn steps_sit_in_the_lane_of_their_body_and_hand_over_with_an_elbow() {
        let step = |name, lane, counted| StepBox {
            name,
            lane,
            detail: String::new(),
            counted,
        };
        let svg = steps(
            "dibao",
            &[
                step("受理", "街道办事处", true),
                step("入户调查", "街道办事处", true),
                step("公示", "街道办事处", false),
                step("审批", "区民政局", true),
            ],
        );
        assert_eq!(svg.matches(r#"class="lane-name""#).count(), 2);
        assert_eq!(svg.matches("<g class=\"step").count(), 4);
        assert_eq!(svg.matches("uncounted").count(), 1);
        // Two straight arrows inside the 街道 lane, one elbow across to the bureau.
        assert_eq!(svg.matches(" H").count(), 1);
        assert!(svg.contains(r#"marker-end="url(#step-arrow-dibao)""#));
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn escapes_text() {
        assert_eq!(
            xml("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
