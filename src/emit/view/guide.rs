//! The 办事指南 of one matter, in the order of the national guide standard: what the HTML guide,
//! the Markdown guide and every booklet page show.

use super::{Fact, Listing, UNSTATED, href, or_unstated};
use crate::emit::doc::{CitationDoc, MaterialDoc, MatterDoc};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GuideView {
    pub id: String,
    pub name: String,
    /// `办事指南 · 常州市天宁区民政局`.
    pub subtitle: String,
    /// 一、事项名称与编码.
    pub codes: Vec<Fact>,
    /// 二、实施主体.
    pub department: Listing<Fact>,
    /// 三、服务对象, joined.
    pub subjects: String,
    /// 四、设定依据.
    pub basis: Vec<Cited>,
    /// 五、受理条件.
    pub conditions: Listing<Cited>,
    /// 六、申请材料.
    pub materials: Listing<MaterialRow>,
    pub samples: Vec<Sample>,
    pub mistakes: Vec<Mistake>,
    /// 七、办理流程.
    pub process: Vec<Step>,
    /// 八、办理时限.
    pub time: Vec<Fact>,
    /// 九、收费: the fee items, or the sentence that there is no fee.
    pub fee: Listing<FeeRow>,
    /// 十、到办事现场次数.
    pub visits: String,
    /// 十一、办理形式.
    pub channels: String,
    /// 十二、代办服务.
    pub agency: String,
    /// 十三、通办范围.
    pub tongban: String,
    /// 十四、办理结果.
    pub result: String,
    /// 十五、咨询与监督.
    pub contact: Vec<Fact>,
    /// 十六、办理地点与时间.
    pub place: Vec<Fact>,
    /// 十七、常见问题.
    pub faq: Listing<Qa>,
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
    pub copies: u32,
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

/// A step of 办理流程: `申请：申请人通过窗口提交申请材料。`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Step {
    pub title: String,
    pub text: String,
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
        form: x.form.clone(),
        copies: x.copies,
        medium: x.medium.clone(),
        source: x.source.clone(),
        necessity: x.necessity.clone(),
        deferred: x.necessity == "容缺后补",
        situation: x.situation.clone().unwrap_or_else(|| "—".to_string()),
    }
}

/// 办理流程 as banshi has always printed it from the matter's facts: 即办件 are decided at the
/// window, 承诺件 go through review and decision; a result is delivered.
fn process(m: &MatterDoc) -> Vec<Step> {
    let step = |title: &str, text: String| Step {
        title: title.to_string(),
        text,
    };
    let department = m
        .department
        .as_ref()
        .map_or("实施机关", |d| d.name.as_str());
    let online_only = m.visits.as_ref().is_some_and(|v| v.count == 0);
    let by_post = m.channels.iter().any(|c| c == "快递");
    let mut steps = vec![step(
        "申请",
        format!(
            "申请人{}提交申请材料{}。",
            if m.channels.is_empty() {
                String::new()
            } else {
                format!("通过{}", m.channels.join("、"))
            },
            if online_only {
                "，全程无需到办事现场"
            } else {
                ""
            }
        ),
    )];
    if m.handling == "即办件" {
        steps.push(step(
            "受理并办结",
            format!("材料齐全、符合法定形式的，{department}当场受理并办结；材料不齐全的，一次性告知需要补正的全部材料。"),
        ));
    } else {
        steps.push(step(
            "受理",
            "材料齐全、符合法定形式的，当场受理并出具受理凭证；材料不齐全的，当场或者在五个工作日内一次性告知需要补正的全部材料。".to_string(),
        ));
        let promised = m
            .time
            .promised
            .as_ref()
            .map_or_else(String::new, |p| format!("，承诺在 {}内办结", p.text));
        let special: String = m
            .time
            .special
            .iter()
            .map(|s| format!("；{}{}，不计入办理时限", s.name, s.text))
            .collect();
        steps.push(step(
            "审查",
            format!("{department}对申请材料进行审查{promised}{special}。"),
        ));
        steps.push(step(
            "决定",
            format!(
                "符合条件的，作出{}；不符合条件的，书面告知理由。",
                m.result
                    .as_ref()
                    .map_or("准予办理的决定", |r| r.name.as_str())
            ),
        ));
    }
    if let Some(r) = &m.result {
        let how = match (online_only, by_post) {
            (true, true) => "通过快递免费寄送或网上发放",
            (true, false) => "通过网上发放",
            (false, true) => "可选择窗口领取或免费快递送达",
            (false, false) => "申请人到窗口领取",
        };
        let evidence = r
            .evidence_name
            .as_ref()
            .map_or_else(String::new, |e| format!("（同步生成电子证照「{e}」）"));
        steps.push(step(
            "送达",
            format!("{how}办理结果：{}{evidence}。", r.name),
        ));
    }
    steps
}

/// 一、事项名称与编码.
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
            or_unstated(m.time.legal.as_ref().map(|l| l.text.as_str())),
        ),
        Fact::new(
            "承诺办结时限",
            or_unstated(m.time.promised.as_ref().map(|l| l.text.as_str())),
        ),
    ];
    time.extend(m.time.special.iter().map(|s| {
        Fact::new(
            "特别程序",
            format!("{}：{}（不计入办结时限）", s.name, s.text),
        )
    }));
    time
}

/// 九、收费. A fee block without items states neither a fee nor its absence.
fn fee(m: &MatterDoc) -> Listing<FeeRow> {
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
                standard: f.standard.clone(),
                basis: or_unstated(f.basis.as_ref().map(|b| b.text.as_str())),
            })
            .collect(),
        empty: None,
    }
}

/// 六、申请材料, with the 样表 and 常见错误 listed after them.
fn materials(m: &MatterDoc) -> (Listing<MaterialRow>, Vec<Sample>, Vec<Mistake>) {
    let rows = Listing::new(
        m.materials.iter().map(material_row).collect(),
        "无需提交申请材料。",
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
    let facts = m.department.as_ref().map_or_else(Vec::new, |d| {
        vec![
            Fact::new("实施主体", d.name.clone()),
            Fact::new("统一社会信用代码", d.credit_code.clone()),
            Fact::new("行使层级", d.level.clone()),
        ]
    });
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
    (basis, Listing::new(conditions, "无特别的受理条件。"))
}

/// 十 to 十四: one sentence each.
fn visits(m: &MatterDoc) -> String {
    m.visits.as_ref().map_or_else(
        || format!("{UNSTATED}。"),
        |v| match &v.reason {
            Some(reason) => format!("{} 次。{reason}。", v.count),
            None => format!("{} 次。", v.count),
        },
    )
}

fn result(m: &MatterDoc) -> String {
    m.result.as_ref().map_or_else(
        || format!("{UNSTATED}。"),
        |r| match &r.evidence_name {
            Some(e) => format!("{}（电子证照：{e}）", r.name),
            None => r.name.clone(),
        },
    )
}

impl GuideView {
    pub fn new(m: &MatterDoc) -> GuideView {
        let (materials, samples, mistakes) = materials(m);
        let (basis, conditions) = basis_and_conditions(m);
        GuideView {
            id: m.id.clone(),
            name: m.name.clone(),
            subtitle: match &m.department {
                Some(d) => format!("办事指南 · {}", d.name),
                None => "办事指南".to_string(),
            },
            codes: codes(m),
            department: department(m),
            subjects: m.subjects.join("、"),
            basis,
            conditions,
            materials,
            samples,
            mistakes,
            process: process(m),
            time: time(m),
            fee: fee(m),
            visits: visits(m),
            channels: if m.channels.is_empty() {
                UNSTATED.to_string()
            } else {
                m.channels.join("、")
            },
            agency: m.agency.as_ref().map_or_else(
                || "不提供代办服务".to_string(),
                |a| format!("{} 类：{}", a.class, a.meaning),
            ),
            tongban: or_unstated(m.tongban.as_deref()),
            result: result(m),
            contact: vec![
                Fact::new("咨询方式", or_unstated(m.consult.as_deref())),
                Fact::new("监督投诉", or_unstated(m.supervise.as_deref())),
            ],
            place: vec![
                Fact::new("办理地点", or_unstated(m.location.as_deref())),
                Fact::new("办理时间", or_unstated(m.hours.as_deref())),
            ],
            faq: Listing::new(
                m.faq
                    .iter()
                    .map(|q| Qa {
                        question: q.question.clone(),
                        answer: q.answer.clone(),
                    })
                    .collect(),
                "暂无。",
            ),
            source_file: m.source_file.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::view::sample_matter;

    #[test]
    fn a_promised_matter_is_reviewed_decided_and_delivered() {
        let g = GuideView::new(&sample_matter());
        let titles: Vec<&str> = g.process.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["申请", "受理", "审查", "决定", "送达"]);
        assert_eq!(
            g.process[2].text,
            "天宁区民政局对申请材料进行审查，承诺在 15 个工作日内办结；入户调查10 个工作日，不计入办理时限。"
        );
        assert_eq!(
            g.process[4].text,
            "可选择窗口领取或免费快递送达办理结果：最低生活保障审核确认决定书。"
        );
    }

    #[test]
    fn an_instant_matter_online_is_settled_at_once_and_sent_online() {
        let mut m = sample_matter();
        m.handling = "即办件".into();
        m.channels = vec!["网上".into()];
        m.visits = Some(crate::emit::doc::VisitsDoc {
            count: 0,
            reason: None,
        });
        m.result = None;
        let g = GuideView::new(&m);
        let titles: Vec<&str> = g.process.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["申请", "受理并办结"]);
        assert_eq!(
            g.process[0].text,
            "申请人通过网上提交申请材料，全程无需到办事现场。"
        );
        assert_eq!(g.visits, "0 次。");
        assert_eq!(g.result, "未写明。");
    }

    #[test]
    fn what_no_field_states_is_said_to_be_unstated() {
        let g = GuideView::new(&sample_matter());
        assert_eq!(g.time[0], Fact::new("法定办结时限", "未写明"));
        assert_eq!(g.contact[1], Fact::new("监督投诉", "未写明"));
        assert_eq!(g.tongban, "未写明");
        assert_eq!(g.agency, "不提供代办服务");
        assert_eq!(g.conditions.empty.as_deref(), Some("无特别的受理条件。"));
        assert_eq!(g.fee.empty.as_deref(), Some("不收费。"));
        assert_eq!(g.faq.empty.as_deref(), Some("暂无。"));
        assert_eq!(g.visits, "1 次。需现场核验身份。");
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
