//! The 办事指南 of one matter, in the order of the national guide standard: what the HTML guide,
//! the Markdown guide and every booklet page show.

use super::{Fact, Listing, UNSTATED, href, or_unstated, stated};
use crate::emit::doc::{CitationDoc, MaterialDoc, MatterDoc};
use crate::emit::svg;
use crate::numeral::to_chinese;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GuideView {
    pub id: String,
    pub name: String,
    /// `办事指南 · 常州市天宁区民政局`.
    pub subtitle: String,
    /// 事项名称与编码.
    pub codes: Vec<Fact>,
    /// 实施主体.
    pub department: Listing<Fact>,
    /// 服务对象, joined.
    pub subjects: String,
    /// 设定依据.
    pub basis: Vec<Cited>,
    /// 受理条件.
    pub conditions: Listing<Cited>,
    /// 申请材料.
    pub materials: Listing<MaterialRow>,
    pub samples: Vec<Sample>,
    pub mistakes: Vec<Mistake>,
    /// 办理时限.
    pub time: Vec<Fact>,
    /// 收费: the fee items, or the sentence that there is no fee.
    pub fee: Listing<FeeRow>,
    /// 数量限制, when the spec writes it.
    pub quantity_limit: Option<String>,
    /// 到办事现场次数.
    pub visits: String,
    /// 办理形式, when the spec names channels.
    pub channels: Option<String>,
    /// 网上办理入口 (the value is the link), in the 办理形式 section, when the spec writes 网办地址.
    pub online: Option<Fact>,
    /// 代办服务, when the spec writes 代办.
    pub agency: Option<String>,
    /// 通办范围, when the spec writes 通办.
    pub tongban: Option<String>,
    /// 办理结果: the result, its 有效期 and 送达, when the spec writes 结果.
    pub result: Vec<Fact>,
    /// 告知承诺: the 事后核查方式, when the matter is handled under the commitment system.
    pub commitment: Option<String>,
    /// 办理流程, only when the spec writes one.
    pub process: Option<Process>,
    /// 办理情形: what each variant adds to or replaces in the common part above.
    pub variants: Vec<VariantSection>,
    /// 咨询与监督: the ones the spec writes.
    pub contact: Vec<Fact>,
    /// 复议与诉讼: the remedies the spec writes.
    pub remedies: Vec<Fact>,
    /// 办理地点与时间: the ones the spec writes.
    pub place: Vec<Fact>,
    /// 常见问题.
    pub faq: Vec<Qa>,
    /// The numbered heading of every section the guide has.
    pub headings: Headings,
    /// The spec file, relative to the catalog.
    pub source_file: String,
}

/// A line with an optional note after it: a citation and its rank, a condition and its 依据.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Cited {
    pub text: String,
    /// Printed after the text, parentheses included: `（行政法规）`, `（依据：《…》第五条）`.
    pub note: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MaterialRow {
    pub name: String,
    /// How the window obtains it instead (`窗口通过数据共享获取：通过省电子证照库调取`), when the
    /// applicant does not bring it (the page tags it 免提交).
    pub exempt: Option<String>,
    /// `依据：《…》第九条`.
    pub basis: Option<String>,
    pub form: String,
    pub copies: String,
    pub medium: String,
    pub source: String,
    pub necessity: String,
    /// 容缺后补: accepted now, brought later (the page tags it).
    pub deferred: bool,
    /// The circumstance it is needed in, or `—`.
    pub situation: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sample {
    pub material: String,
    /// The path as written.
    pub path: String,
    /// The link target relative to the site root, `#` when the path is not a plain relative one.
    pub href: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Mistake {
    pub material: String,
    pub text: String,
}

/// The headings of the guide's sections, numbered `一、` `二、` … in order. A section that only an
/// optional field fills is there only when the spec writes that field (`None` otherwise), so a
/// guide never says what its spec does not: no 代办 section without 代办, no 常见问题 without
/// questions. 办理流程 is there only when the spec writes the steps: banshi does not invent a
/// process that no spec states.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Headings {
    pub codes: String,
    pub department: String,
    pub subjects: String,
    pub basis: String,
    pub conditions: String,
    pub materials: String,
    pub process: Option<String>,
    pub time: String,
    pub fee: String,
    pub variants: Option<String>,
    pub quantity_limit: Option<String>,
    pub visits: String,
    pub channels: Option<String>,
    pub agency: Option<String>,
    pub tongban: Option<String>,
    pub result: Option<String>,
    pub commitment: Option<String>,
    pub contact: Option<String>,
    pub remedies: Option<String>,
    pub place: Option<String>,
    pub faq: Option<String>,
}

/// Numbers headings in the order they are asked for.
struct Numbering(u32);

impl Numbering {
    fn next(&mut self, title: &str) -> String {
        self.0 += 1;
        format!("{}、{title}", to_chinese(self.0))
    }
}

impl Headings {
    fn new(g: &GuideView) -> Headings {
        let mut n = Numbering(0);
        let mut heading = |title: &str| n.next(title);
        Headings {
            codes: heading("事项名称与编码"),
            department: heading("实施主体"),
            subjects: heading("服务对象"),
            basis: heading("设定依据"),
            conditions: heading("受理条件"),
            materials: heading("申请材料"),
            process: g.process.is_some().then(|| heading("办理流程")),
            time: heading("办理时限"),
            fee: heading("收费"),
            variants: (!g.variants.is_empty()).then(|| heading("办理情形")),
            quantity_limit: g.quantity_limit.is_some().then(|| heading("数量限制")),
            visits: heading("到办事现场次数"),
            channels: (g.channels.is_some() || g.online.is_some()).then(|| heading("办理形式")),
            agency: g.agency.is_some().then(|| heading("代办服务")),
            tongban: g.tongban.is_some().then(|| heading("通办范围")),
            result: (!g.result.is_empty()).then(|| heading("办理结果")),
            commitment: g.commitment.is_some().then(|| heading("告知承诺")),
            contact: (!g.contact.is_empty()).then(|| heading("咨询与监督")),
            remedies: (!g.remedies.is_empty()).then(|| heading("复议与诉讼")),
            place: (!g.place.is_empty()).then(|| heading("办理地点与时间")),
            faq: (!g.faq.is_empty()).then(|| heading("常见问题")),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FeeRow {
    pub name: String,
    pub standard: String,
    pub basis: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Qa {
    pub question: String,
    pub answer: String,
}

fn citation_note(c: &CitationDoc) -> Option<String> {
    (!c.rank.is_empty()).then(|| format!("（{}）", c.rank))
}

fn material_row(x: &MaterialDoc) -> MaterialRow {
    MaterialRow {
        name: x.name.clone(),
        exempt: x.exempt.as_ref().map(|e| match &e.note {
            Some(note) => format!("{}：{note}", e.explanation),
            None => e.explanation.clone(),
        }),
        basis: x.basis.as_ref().map(|b| format!("依据：{}", b.text)),
        form: super::unverified_of(&x.unverified, &["形式"]).unwrap_or_else(|| x.form.clone()),
        copies: super::unverified_of(&x.unverified, &["份数"])
            .unwrap_or_else(|| x.copies.to_string()),
        medium: x.medium.clone(),
        source: super::unverified_of(&x.unverified, &["来源"]).unwrap_or_else(|| x.source.clone()),
        necessity: match &x.deadline {
            Some(d) => format!("{}（受理后 {d}内补交）", x.necessity),
            None => x.necessity.clone(),
        },
        deferred: x.necessity == "容缺后补",
        situation: match (&x.group, &x.situation) {
            (Some(g), Some(s)) => format!("{g}，任选其一；{s}"),
            (Some(g), None) => format!("{g}，任选其一"),
            (None, Some(s)) => s.clone(),
            (None, None) => "—".to_string(),
        },
    }
}

/// 事项名称与编码.
fn codes(m: &MatterDoc) -> Vec<Fact> {
    let mut codes = vec![
        Fact::new("事项名称", m.name.clone()),
        Fact::new(
            "事项类型",
            if m.kind_code.is_empty() {
                m.kind.clone()
            } else {
                format!("{}（{}）", m.kind, m.kind_code)
            },
        ),
        Fact::new("基本编码", m.basic_code.clone()),
    ];
    if !m.implementation_code.is_empty() {
        codes.push(Fact::new("实施编码", m.implementation_code.clone()));
    }
    codes
}

/// 八、办理时限: the legal and promised limits, then each procedure not counted in them.
fn time(m: &MatterDoc) -> Vec<Fact> {
    let mut time = vec![
        Fact::new(
            "法定办结时限",
            super::unverified_of(&m.unverified, &["时限", "法定"]).unwrap_or_else(|| {
                if m.time.no_legal_limit {
                    "无（法律法规未规定）".to_string()
                } else {
                    or_unstated(m.time.legal.as_ref().map(|l| l.text.as_str()))
                }
            }),
        ),
        Fact::new(
            "承诺办结时限",
            super::unverified_of(&m.unverified, &["时限", "承诺"])
                .unwrap_or_else(|| or_unstated(m.time.promised.as_ref().map(|l| l.text.as_str()))),
        ),
    ];
    if let Some(e) = &m.time.extension {
        time.push(Fact::new(
            "延长办理时限",
            format!("{}（依据：{}）", e.text, e.basis.text),
        ));
    }
    time.extend(m.time.special.iter().map(|s| {
        Fact::new(
            "特别程序",
            match &s.text {
                Some(text) => format!("{}：{text}（不计入办结时限）", s.name),
                None => format!("{}（不计入办结时限）", s.name),
            },
        )
    }));
    time
}

/// 九、收费. A fee block without items states neither a fee nor its absence.
fn fee(m: &MatterDoc) -> Listing<FeeRow> {
    if let Some(text) = super::unverified_of(&m.unverified, &["收费"]) {
        return Listing::new(Vec::new(), &format!("{text}。"));
    }
    if m.fee.free {
        return Listing::new(Vec::new(), "不收费。");
    }
    Listing {
        items: m
            .fee
            .items
            .iter()
            .map(|f| FeeRow {
                name: f.name.clone(),
                standard: super::fee_standard(f),
                basis: or_unstated(f.basis.as_ref().map(|b| b.text.as_str())),
            })
            .collect(),
        empty: None,
    }
}

/// 六、申请材料, with the 样表 and 常见错误 listed after them.
fn materials(m: &MatterDoc) -> (Listing<MaterialRow>, Vec<Sample>, Vec<Mistake>) {
    // 材料 待核 must not read as "nothing to bring": the sentence says it is unknown.
    let rows = Listing::new(
        m.materials.iter().map(material_row).collect(),
        &super::unverified_of(&m.unverified, &["材料"])
            .unwrap_or_else(|| "无需提交申请材料。".to_string()),
    );
    let samples = m
        .materials
        .iter()
        .filter_map(|x| {
            let path = x.sample.as_ref()?;
            Some(Sample {
                material: x.name.clone(),
                path: path.clone(),
                href: href(path),
            })
        })
        .collect();
    let mistakes = m
        .materials
        .iter()
        .flat_map(|x| {
            x.mistakes.iter().map(|e| Mistake {
                material: x.name.clone(),
                text: e.clone(),
            })
        })
        .collect();
    (rows, samples, mistakes)
}

/// 二、实施主体.
fn department(m: &MatterDoc) -> Listing<Fact> {
    let mut facts = m.department.as_ref().map_or_else(Vec::new, |d| {
        vec![
            Fact::new("实施主体", d.name.clone()),
            Fact::new("统一社会信用代码", d.credit_code.clone()),
            Fact::new("行使层级", d.level.clone()),
        ]
    });
    // 受理机构 and 决定机构 default to the 实施主体 (§11): printed only when the spec names them.
    if let Some(a) = &m.accepting {
        facts.push(Fact::new("受理机构", a.clone()));
    }
    if let Some(d) = &m.deciding {
        facts.push(Fact::new("决定机构", d.name.clone()));
    }
    if let Some(e) = &m.entrust {
        let body = e
            .department
            .as_ref()
            .map_or_else(|| e.department_id.clone(), |d| d.name.clone());
        facts.push(Fact::new(
            "受委托机构",
            format!("{body}（依据：{}）", e.basis.text),
        ));
    }
    if let Some(p) = &m.power_source {
        facts.push(Fact::new("权力来源", p.clone()));
    }
    Listing::new(facts, "未写明。")
}

/// 四、设定依据 and 五、受理条件.
fn basis_and_conditions(m: &MatterDoc) -> (Vec<Cited>, Listing<Cited>) {
    let basis = m
        .basis
        .iter()
        .map(|c| Cited {
            text: c.text.clone(),
            note: citation_note(c),
        })
        .collect();
    let conditions = m
        .conditions
        .iter()
        .map(|c| Cited {
            text: c.text.clone(),
            note: c.basis.as_ref().map(|b| format!("（依据：{}）", b.text)),
        })
        .collect();
    let empty = super::unverified_of(&m.unverified, &["受理条件"])
        .unwrap_or_else(|| "无特别的受理条件。".to_string());
    (basis, Listing::new(conditions, &empty))
}

/// 十 to 十四: one sentence each.
fn visits(m: &MatterDoc) -> String {
    if let Some(text) = super::unverified_of(&m.unverified, &["到现场"]) {
        return format!("{text}。");
    }
    m.visits.as_ref().map_or_else(
        || format!("{UNSTATED}。"),
        |v| match &v.reason {
            Some(reason) => format!("{} 次。{reason}。", v.count),
            None => format!("{} 次。", v.count),
        },
    )
}

/// 办理结果: the result, then its 有效期 and 送达 when written.
fn result(m: &MatterDoc) -> Vec<Fact> {
    let Some(r) = &m.result else {
        return Vec::new();
    };
    let mut facts = vec![Fact::new(
        "办理结果",
        match &r.evidence_name {
            Some(e) => format!("{}（电子证照：{e}）", r.name),
            None => r.name.clone(),
        },
    )];
    if let Some(v) = &r.validity {
        facts.push(Fact::new("有效期", v.clone()));
    }
    if !r.delivery.is_empty() {
        facts.push(Fact::new("送达方式", r.delivery.join("、")));
    }
    facts
}

/// 办理流程: the steps as a table and as a picture.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Process {
    pub steps: Vec<StepRow>,
    /// Inline SVG, one lane per acting body.
    pub svg: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct StepRow {
    pub name: String,
    /// The acting body: the step's 主体, else the 受理机构 (a class of bodies as written).
    pub body: String,
    /// `—` when not written, as are `time` and `result`.
    pub post: String,
    pub time: String,
    pub result: String,
    pub note: Option<String>,
}

const NOT_WRITTEN: &str = "—";

fn process(m: &MatterDoc, key: &str) -> Option<Process> {
    if m.steps.is_empty() {
        return None;
    }
    let steps: Vec<StepRow> = m
        .steps
        .iter()
        .map(|s| {
            let time = match (&s.unverified, &s.time) {
                (Some(u), _) => super::unverified_text(u),
                (None, Some(l)) => l.text.clone(),
                (None, None) => NOT_WRITTEN.to_string(),
            };
            StepRow {
                name: s.name.clone(),
                body: s
                    .department_name
                    .clone()
                    .or_else(|| s.department.clone())
                    .or_else(|| m.accepting.clone())
                    .unwrap_or_else(|| UNSTATED.to_string()),
                post: s.post.clone().unwrap_or_else(|| NOT_WRITTEN.to_string()),
                time: match (s.counted, time.as_str()) {
                    (true, _) => time,
                    (false, NOT_WRITTEN) => "不计入办结时限".to_string(),
                    (false, _) => format!("{time}（不计入办结时限）"),
                },
                result: s.result.clone().unwrap_or_else(|| NOT_WRITTEN.to_string()),
                note: s.note.clone(),
            }
        })
        .collect();
    let boxes: Vec<svg::StepBox> = steps
        .iter()
        .zip(&m.steps)
        .map(|(row, s)| svg::StepBox {
            name: &row.name,
            lane: &row.body,
            detail: [row.post.as_str(), row.time.as_str()]
                .into_iter()
                .filter(|t| *t != NOT_WRITTEN)
                .collect::<Vec<_>>()
                .join(" · "),
            counted: s.counted,
        })
        .collect();
    let svg = svg::steps(key, &boxes);
    Some(Process { steps, svg })
}

/// One 办理情形 in the guide: its own 受理条件 and 材料 (added to the common ones), and each
/// other section only where the variant replaces it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct VariantSection {
    pub id: String,
    /// `（一）年满十六周岁首次申领`.
    pub heading: String,
    pub conditions: Vec<Cited>,
    /// 待核实（…） when the variant writes its own 受理条件 as `待核`.
    pub conditions_unverified: Option<String>,
    pub materials: Vec<MaterialRow>,
    /// 待核实（…） when the variant writes its own 材料 as `待核`.
    pub materials_unverified: Option<String>,
    pub samples: Vec<Sample>,
    pub mistakes: Vec<Mistake>,
    pub time: Option<Vec<Fact>>,
    pub fee: Option<Listing<FeeRow>>,
    pub visits: Option<String>,
    pub channels: Option<String>,
    pub place: Option<Vec<Fact>>,
    pub result: Option<Vec<Fact>>,
    pub commitment: Option<String>,
    pub process: Option<Process>,
    /// The variant's own one-time checklist, relative to the site root.
    pub checklist: String,
}

fn variants(m: &MatterDoc, base: &GuideView) -> Vec<VariantSection> {
    m.variants
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let key = format!("{}.{}", m.id, v.id);
            let g = GuideView::build(&v.doc, &key);
            let tail = |n: usize, all: &[MaterialRow]| all.get(n..).unwrap_or_default().to_vec();
            // The variant's own `待核`: the effective document holds the matter's as well.
            let own = |field: &str| {
                let count =
                    |d: &MatterDoc| d.unverified.iter().filter(|u| u.field == field).count();
                (count(&v.doc) > count(m))
                    .then(|| v.doc.unverified.iter().rfind(|u| u.field == field))
                    .flatten()
                    .map(super::unverified_text)
            };
            VariantSection {
                id: v.id.clone(),
                heading: format!("（{}）{}", to_chinese(i as u32 + 1), v.name),
                conditions: g
                    .conditions
                    .items
                    .get(base.conditions.items.len()..)
                    .unwrap_or_default()
                    .to_vec(),
                conditions_unverified: own("受理条件"),
                materials: tail(base.materials.items.len(), &g.materials.items),
                materials_unverified: own("材料"),
                samples: g
                    .samples
                    .get(base.samples.len()..)
                    .unwrap_or_default()
                    .to_vec(),
                mistakes: g
                    .mistakes
                    .get(base.mistakes.len()..)
                    .unwrap_or_default()
                    .to_vec(),
                time: (g.time != base.time).then(|| g.time.clone()),
                fee: (g.fee != base.fee).then(|| g.fee.clone()),
                visits: (g.visits != base.visits).then(|| g.visits.clone()),
                channels: (g.channels != base.channels)
                    .then(|| g.channels.clone())
                    .flatten(),
                place: (g.place != base.place).then(|| g.place.clone()),
                result: (g.result != base.result).then(|| g.result.clone()),
                commitment: (g.commitment != base.commitment)
                    .then(|| g.commitment.clone())
                    .flatten(),
                process: if g.process.as_ref().map(|p| &p.steps)
                    == base.process.as_ref().map(|p| &p.steps)
                {
                    None
                } else {
                    g.process.clone()
                },
                checklist: format!("checklists/{key}.html"),
            }
        })
        .collect()
}

impl GuideView {
    pub fn new(m: &MatterDoc) -> GuideView {
        let mut view = GuideView::build(m, &m.id);
        view.variants = variants(m, &view);
        view.headings = Headings::new(&view);
        view
    }

    /// The guide without its variant sections; `key` names its pictures.
    fn build(m: &MatterDoc, key: &str) -> GuideView {
        let [location, hours, consult, supervise] = super::contact_facts(m);
        let (materials, samples, mistakes) = materials(m);
        let (basis, conditions) = basis_and_conditions(m);
        let mut view = GuideView {
            id: m.id.clone(),
            name: m.name.clone(),
            subtitle: match &m.department {
                Some(d) => format!("办事指南 · {}", d.name),
                None => "办事指南".to_string(),
            },
            codes: codes(m),
            department: department(m),
            subjects: super::unverified_of(&m.unverified, &["服务对象"])
                .unwrap_or_else(|| m.subjects.join("、")),
            basis,
            conditions,
            materials,
            samples,
            mistakes,
            time: time(m),
            fee: fee(m),
            quantity_limit: m.quantity_limit.clone(),
            visits: visits(m),
            channels: (!m.channels.is_empty()).then(|| m.channels.join("、")),
            online: m
                .online_url
                .as_ref()
                .map(|url| Fact::new("网上办理入口", url.clone())),
            agency: m
                .agency
                .as_ref()
                .map(|a| format!("{} 类：{}", a.class, a.meaning)),
            tongban: m.tongban.clone(),
            result: result(m),
            commitment: super::unverified_of(&m.unverified, &["告知承诺"])
                .or_else(|| m.commitment.clone()),
            process: process(m, key),
            variants: Vec::new(),
            contact: stated(&[
                ("咨询方式", consult.as_ref()),
                ("监督投诉", supervise.as_ref()),
            ]),
            remedies: stated(&[
                ("行政复议", m.review.as_ref()),
                ("行政诉讼", m.litigation.as_ref()),
            ]),
            place: stated(&[
                ("办理地点", location.as_ref()),
                ("办理时间", hours.as_ref()),
            ]),
            faq: m
                .faq
                .iter()
                .map(|q| Qa {
                    question: q.question.clone(),
                    answer: q.answer.clone(),
                })
                .collect(),
            headings: Headings::default(),
            source_file: m.source_file.clone(),
        };
        view.headings = Headings::new(&view);
        view
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::view::sample_matter;

    #[test]
    fn no_process_is_invented() {
        let g = GuideView::new(&sample_matter());
        let json = serde_json::to_string(&g).unwrap_or_default();
        for invented in ["办理流程", "受理凭证", "书面告知理由", "审查"] {
            assert!(!json.contains(invented), "{invented}");
        }
    }

    #[test]
    fn an_optional_field_not_written_makes_no_section_and_no_sentence() {
        let g = GuideView::new(&sample_matter());
        assert_eq!(g.agency, None);
        assert_eq!(g.tongban, None);
        assert!(g.faq.is_empty());
        assert!(g.place.is_empty());
        assert_eq!(g.contact, [Fact::new("咨询方式", "0519-85600000")]);
        let h = &g.headings;
        assert_eq!(
            (
                h.agency.as_deref(),
                h.tongban.as_deref(),
                h.place.as_deref()
            ),
            (None, None, None)
        );
        assert_eq!(h.faq, None);
        // The sections there are numbered without gaps.
        assert_eq!(h.visits, "九、到办事现场次数");
        assert_eq!(h.channels.as_deref(), Some("十、办理形式"));
        assert_eq!(h.result.as_deref(), Some("十一、办理结果"));
        assert_eq!(h.contact.as_deref(), Some("十二、咨询与监督"));
    }

    #[test]
    fn optional_fields_written_are_shown() {
        let mut m = sample_matter();
        m.channels = Vec::new();
        m.result = None;
        m.tongban = Some("全市通办".into());
        m.online_url = Some("https://www.jszwfw.gov.cn/".into());
        m.hours = vec!["工作日 9:00-17:00".into()];
        m.quantity_limit = Some("无数量限制".into());
        m.litigation = Some("可在六个月内向人民法院提起行政诉讼".into());
        let g = GuideView::new(&m);
        assert_eq!(g.channels, None);
        assert_eq!(
            g.online,
            Some(Fact::new("网上办理入口", "https://www.jszwfw.gov.cn/"))
        );
        // 网办地址 alone still makes the 办理形式 section.
        assert_eq!(g.headings.quantity_limit.as_deref(), Some("九、数量限制"));
        assert_eq!(
            g.remedies,
            [Fact::new("行政诉讼", "可在六个月内向人民法院提起行政诉讼")]
        );
        assert_eq!(g.headings.channels.as_deref(), Some("十一、办理形式"));
        assert!(g.result.is_empty());
        assert_eq!(g.place, [Fact::new("办理时间", "工作日 9:00-17:00")]);
        let h = &g.headings;
        assert_eq!(h.tongban.as_deref(), Some("十二、通办范围"));
        assert_eq!(h.contact.as_deref(), Some("十三、咨询与监督"));
        assert_eq!(h.remedies.as_deref(), Some("十四、复议与诉讼"));
        assert_eq!(h.place.as_deref(), Some("十五、办理地点与时间"));
    }

    #[test]
    fn a_required_field_the_spec_leaves_empty_is_said_to_be_unstated() {
        let g = GuideView::new(&sample_matter());
        assert_eq!(g.time[0], Fact::new("法定办结时限", "未写明"));
        assert_eq!(g.conditions.empty.as_deref(), Some("无特别的受理条件。"));
        assert_eq!(g.fee.empty.as_deref(), Some("不收费。"));
        assert_eq!(g.visits, "1 次。需现场核验身份。");
    }

    fn step(name: &str, department: Option<&str>, counted: bool) -> crate::emit::doc::StepDoc {
        crate::emit::doc::StepDoc {
            id: name.into(),
            name: name.into(),
            department: department.map(Into::into),
            department_name: None,
            post: None,
            time: None,
            result: None,
            note: None,
            counted,
            unverified: None,
        }
    }

    #[test]
    fn a_written_process_is_drawn_in_lanes_and_tabled() {
        let mut m = sample_matter();
        m.accepting = Some("各街道办事处".into());
        m.steps = vec![
            step("受理", None, true),
            step("公示", None, false),
            step("审批", Some("区民政局"), true),
        ];
        let g = GuideView::new(&m);
        let p = g.process.as_ref().map(|p| &p.steps);
        let bodies: Vec<&str> = p.into_iter().flatten().map(|s| s.body.as_str()).collect();
        assert_eq!(bodies, ["各街道办事处", "各街道办事处", "区民政局"]);
        assert_eq!(p.map(|s| s[1].time.as_str()), Some("不计入办结时限"));
        assert_eq!(g.headings.process.as_deref(), Some("七、办理流程"));
        assert!(
            g.department
                .items
                .contains(&Fact::new("受理机构", "各街道办事处"))
        );
        let svg = g.process.map(|p| p.svg).unwrap_or_default();
        assert_eq!(svg.matches("class=\"lane-name\"").count(), 2);
    }

    #[test]
    fn a_variant_shows_only_what_it_adds_or_replaces() {
        let base = sample_matter();
        let mut own = base.clone();
        own.materials.push(MaterialDoc {
            name: "居民户口簿".into(),
            ..base.materials[0].clone()
        });
        own.time.promised = Some(crate::emit::doc::LimitDoc {
            instant: false,
            days: Some(20),
            unit: Some("自然日".into()),
            text: "20 个自然日".into(),
        });
        let mut m = base.clone();
        m.variants = vec![crate::emit::doc::VariantDoc {
            id: "补领".into(),
            name: "居民身份证丢失补领".into(),
            conditions: own.conditions.clone(),
            materials: Vec::new(),
            time: own.time.clone(),
            fee: own.fee.clone(),
            visits: own.visits.clone(),
            channels: own.channels.clone(),
            location: own.location.clone(),
            result: own.result.clone(),
            steps: Vec::new(),
            commitment: None,
            doc: Box::new(own),
        }];
        let g = GuideView::new(&m);
        let v = &g.variants[0];
        assert_eq!(v.heading, "（一）居民身份证丢失补领");
        let names: Vec<&str> = v.materials.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(names, ["居民户口簿"]);
        assert!(v.conditions.is_empty());
        assert!(v.time.is_some());
        assert_eq!((&v.fee, &v.visits, &v.result), (&None, &None, &None));
        assert_eq!(v.checklist, format!("checklists/{}.补领.html", m.id));
        assert!(g.headings.variants.is_some());
    }

    #[test]
    fn materials_carry_their_marks_samples_and_mistakes() {
        let g = GuideView::new(&sample_matter());
        let rows = &g.materials.items;
        assert!(rows[1].deferred && !rows[0].deferred);
        assert_eq!(rows[1].situation, "委托他人代为申请的");
        assert_eq!(rows[0].situation, "—");
        assert_eq!(
            rows[2].exempt.as_deref(),
            Some("窗口通过数据共享获取：通过省电子证照库调取")
        );
        assert_eq!(g.samples[0].href, "forms/申请书.docx");
        assert_eq!(g.mistakes[0].text, "未签字");
    }
}
