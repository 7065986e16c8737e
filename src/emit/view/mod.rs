//! View models: one per published page, plain data holding the final text of everything the
//! page shows. Rust decides here what a page says (the words for a missing fact, the 办理流程
//! steps, verdicts against targets); the templates only lay a view out, so the HTML guide and
//! the Markdown guide, both rendered from one [`guide::GuideView`], say the same.
//!
//! Views are built from the portal documents ([`super::doc`]) and the report; they never see
//! the model or the syntax tree.

pub mod booklet;
pub mod bundle;
pub mod checklist;
pub mod guide;
pub mod index;

use serde::Serialize;

/// What a page shows where a spec states nothing: never a guess.
pub const UNSTATED: &str = "未写明";
/// What the pages print for a fact written as `待核`.
pub const UNVERIFIED: &str = "待核实";

/// One labelled fact of a page: `<dt>label</dt><dd>value</dd>`, `- label：value`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

impl Fact {
    pub fn new(label: &str, value: impl Into<String>) -> Fact {
        Fact {
            label: label.to_string(),
            value: value.into(),
        }
    }
}

/// A list of a page, and the sentence shown instead when it is empty.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Listing<T> {
    pub items: Vec<T>,
    /// Set exactly when `items` is empty.
    pub empty: Option<String>,
}

impl<T> Listing<T> {
    pub fn new(items: Vec<T>, when_empty: &str) -> Listing<T> {
        let empty = items.is_empty().then(|| when_empty.to_string());
        Listing { items, empty }
    }
}

/// A figure set against its target: whether it meets it, and the word that says so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub met: bool,
    pub label: String,
}

impl Verdict {
    pub fn new(met: bool, met_word: &str, missed_word: &str) -> Verdict {
        Verdict {
            met,
            label: if met { met_word } else { missed_word }.to_string(),
        }
    }
}

/// Labelled facts of optional fields, each only when the spec states it: a page says nothing
/// of an optional field the spec leaves out.
fn stated(facts: &[(&str, Option<&String>)]) -> Vec<Fact> {
    facts
        .iter()
        .filter_map(|(label, value)| value.map(|v| Fact::new(label, v.clone())))
        .collect()
}

/// Several values of a repeatable field (several windows), as one sentence the HTML and the
/// Markdown page print alike; `None` when none is written.
fn joined(values: &[String]) -> Option<String> {
    (!values.is_empty()).then(|| values.join("；"))
}

/// What a page prints for a field written as `待核`: never a value, always visibly marked.
pub fn unverified_text(u: &crate::emit::doc::UnverifiedDoc) -> String {
    match &u.reason {
        Some(reason) => format!("{UNVERIFIED}（{reason}）"),
        None => UNVERIFIED.to_string(),
    }
}

/// The 待核实 text of the first of `fields` written as `待核`, if any.
fn unverified_of(facts: &[crate::emit::doc::UnverifiedDoc], fields: &[&str]) -> Option<String> {
    fields
        .iter()
        .find_map(|f| facts.iter().find(|u| u.field == *f))
        .map(unverified_text)
}

/// A fee item's amount and standard as printed: `40 元/证；标准……；减免：……`.
fn fee_standard(f: &crate::emit::doc::FeeItemDoc) -> String {
    let mut parts = Vec::new();
    if let Some(amount) = &f.amount {
        parts.push(match &f.per {
            Some(per) => format!("{amount} 元/{per}"),
            None => format!("{amount} 元"),
        });
    }
    if let Some(standard) = &f.standard {
        parts.push(standard.clone());
    }
    for r in &f.reliefs {
        parts.push(match &r.basis {
            Some(b) => format!("减免：{}（依据：{}）", r.text, b.text),
            None => format!("减免：{}", r.text),
        });
    }
    parts.join("；")
}

/// The contact and place facts both pages print: as written, else 待核实 when written as
/// `待核`, else nothing. Returns (地点, 时间, 咨询, 监督).
fn contact_facts(m: &crate::emit::doc::MatterDoc) -> [Option<String>; 4] {
    let or = |value: Option<String>, field: &str| {
        value.or_else(|| unverified_of(&m.unverified, &[field]))
    };
    [
        or(joined(&m.location), "地点"),
        or(joined(&m.hours), "时间"),
        or(m.consult.clone(), "咨询"),
        or(m.supervise.clone(), "监督"),
    ]
}

/// `value`, or [`UNSTATED`] when the spec says nothing.
fn or_unstated(value: Option<&str>) -> String {
    value.map_or_else(|| UNSTATED.to_string(), str::to_string)
}

/// A share as a page prints it: `0.583` → `58.3%`.
pub fn percent(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

/// An average number of days as a page prints it, or `—` when there is none.
pub fn days(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_string(), |d| format!("{d:.1}"))
}

/// A link to a file of the catalog (样表): only plain relative paths become links; anything
/// else (`javascript:`, `http:`, `/etc/…`, `../`) links nowhere.
pub fn href(path: &str) -> String {
    let plain = std::path::Path::new(path)
        .components()
        .all(|c| matches!(c, std::path::Component::Normal(_)));
    if plain && !path.contains(':') && !path.is_empty() {
        path.to_string()
    } else {
        "#".to_string()
    }
}

/// A small matter document for the views' unit tests: a 承诺件 with one material of each kind
/// the pages mark, and the facts a clerk most often leaves out left out.
#[cfg(test)]
pub(crate) fn sample_matter() -> crate::emit::doc::MatterDoc {
    use crate::emit::doc::*;
    let material = |name: &str| MaterialDoc {
        id: name.to_string(),
        name: name.to_string(),
        evidence: None,
        evidence_name: None,
        form: "原件".into(),
        copies: 1,
        medium: "纸质".into(),
        source: "申请人自备".into(),
        necessity: "必要".into(),
        situation: None,
        basis: None,
        sample: None,
        mistakes: Vec::new(),
        exempt: None,
        to_submit: true,
        deadline: None,
        group: None,
        unverified: Vec::new(),
    };
    let mut deferred = material("户口簿");
    deferred.necessity = "容缺后补".into();
    deferred.medium = "电子".into();
    deferred.situation = Some("委托他人代为申请的".into());
    let mut shared = material("居民身份证");
    shared.to_submit = false;
    shared.exempt = Some(ExemptDoc {
        how: "数据共享".into(),
        explanation: "窗口通过数据共享获取".into(),
        note: Some("通过省电子证照库调取".into()),
    });
    let mut form = material("申请书");
    form.sample = Some("forms/申请书.docx".into());
    form.mistakes = vec!["未签字".into()];
    let materials = vec![form, deferred, shared];
    MatterDoc {
        id: "低保申请".into(),
        name: "最低生活保障申请".into(),
        basic_code: "000505012000".into(),
        implementation_code: String::new(),
        kind: "行政给付".into(),
        kind_code: "05".into(),
        department: Some(DepartmentDoc {
            id: "民政局".into(),
            name: "天宁区民政局".into(),
            credit_code: "113204020141123452".into(),
            level: "县级".into(),
            region: None,
        }),
        subjects: vec!["自然人".into()],
        handling: "承诺件".into(),
        basis: Vec::new(),
        conditions: Vec::new(),
        checklist: vec![
            ChecklistGroup {
                situation: None,
                materials: vec![0],
            },
            ChecklistGroup {
                situation: Some("委托他人代为申请的".into()),
                materials: vec![1],
            },
        ],
        materials,
        time: TimeDoc {
            legal: None,
            promised: Some(LimitDoc {
                instant: false,
                days: Some(15),
                unit: Some("工作日".into()),
                text: "15 个工作日".into(),
            }),
            special: vec![SpecialDoc {
                name: "入户调查".into(),
                days: Some(10),
                unit: Some("工作日".into()),
                text: Some("10 个工作日".into()),
            }],
            no_legal_limit: false,
            extension: None,
        },
        fee: FeeDoc {
            free: true,
            items: Vec::new(),
        },
        visits: Some(VisitsDoc {
            count: 1,
            reason: Some("需现场核验身份".into()),
        }),
        channels: vec!["窗口".into(), "快递".into()],
        agency: None,
        tongban: None,
        result: Some(ResultDoc {
            name: "最低生活保障审核确认决定书".into(),
            evidence: None,
            evidence_name: None,
            validity: None,
            delivery: Vec::new(),
        }),
        consult: Some("0519-85600000".into()),
        online_url: None,
        review: None,
        litigation: None,
        quantity_limit: None,
        supervise: None,
        location: Vec::new(),
        hours: Vec::new(),
        faq: Vec::new(),
        accepting: None,
        deciding: None,
        entrust: None,
        power_source: None,
        commitment: None,
        steps: Vec::new(),
        variants: Vec::new(),
        material_entries: Vec::new(),
        unverified: Vec::new(),
        source_file: "民政局/低保.banshi".into(),
        draft: false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_relative_paths_become_links() {
        assert_eq!(href("forms/a.docx"), "forms/a.docx");
        for bad in ["javascript:alert(1)", "http://x", "/etc/passwd", "../a", ""] {
            assert_eq!(href(bad), "#", "{bad}");
        }
    }

    #[test]
    fn an_empty_listing_says_so_and_a_full_one_does_not() {
        assert_eq!(
            Listing::<u8>::new(vec![], "暂无。").empty.as_deref(),
            Some("暂无。")
        );
        assert_eq!(Listing::new(vec![1], "暂无。").empty, None);
    }

    #[test]
    fn figures_print_as_on_the_pages() {
        assert_eq!(percent(0.583), "58.3%");
        assert_eq!(days(None), "—");
        assert_eq!(days(Some(4.26)), "4.3");
        assert_eq!(Verdict::new(false, "达标", "未达标").label, "未达标");
    }
}
