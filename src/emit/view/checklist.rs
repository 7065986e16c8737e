//! The 一次性告知单 of one matter: everything the applicant brings, grouped by circumstance,
//! what they need not bring, and the facts they are told at the window.

use super::{Fact, Listing, UNSTATED, or_unstated, stated};
use crate::emit::doc::{MaterialDoc, MatterDoc, VariantDoc};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChecklistView {
    pub id: String,
    /// The matter whose guide the page links.
    pub guide: String,
    pub name: String,
    /// `最低生活保障申请 · 常州市天宁区民政局`.
    pub subtitle: String,
    /// The promise the notice makes, naming the matter.
    pub intro: String,
    pub groups: Listing<Group>,
    /// Materials not to bring: the material, and how the window obtains it instead.
    pub exempt: Vec<Fact>,
    pub facts: Vec<Fact>,
    /// The checklists of the matter's 办理情形 (label: variant name, value: file name), listed on
    /// the common checklist; each variant's own checklist has none.
    pub variants: Vec<Fact>,
    pub source_file: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Group {
    /// `所有申请人均需提交`, or `委托他人代为申请的，另需提交`.
    pub heading: String,
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Item {
    pub name: String,
    pub tag: Option<Tag>,
    /// `原件 1 份`, `复印件 2 份 · 电子`.
    pub how: String,
}

/// A mark beside an item: 可容缺后补 (styled as deferrable) or 非必要.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tag {
    pub text: String,
    pub defer: bool,
}

fn how(x: &MaterialDoc) -> String {
    if x.medium == "纸质" {
        format!("{} {} 份", x.form, x.copies)
    } else {
        format!("{} {} 份 · {}", x.form, x.copies, x.medium)
    }
}

/// The lines of one group: a material each, except that the members of a `任选` group make one
/// line (the applicant brings one of them, §8).
fn items<'a>(materials: impl Iterator<Item = &'a MaterialDoc>) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    let mut open: Option<&str> = None;
    for x in materials {
        if let (Some(g), Some(item)) = (x.group.as_deref(), items.last_mut())
            && open == Some(g)
        {
            item.how = format!("{}；或 {}（{}）", item.how, x.name, how(x));
            continue;
        }
        open = x.group.as_deref();
        items.push(Item {
            name: x.group.clone().unwrap_or_else(|| x.name.clone()),
            tag: match x.necessity.as_str() {
                "容缺后补" => Some(Tag {
                    text: match &x.deadline {
                        Some(d) => format!("可容缺后补，受理后 {d}内补交"),
                        None => "可容缺后补".to_string(),
                    },
                    defer: true,
                }),
                "非必要" => Some(Tag {
                    text: "非必要".to_string(),
                    defer: false,
                }),
                _ => None,
            },
            how: match &x.group {
                Some(_) => format!("任选其一：{}（{}）", x.name, how(x)),
                None => how(x),
            },
        });
    }
    items
}

impl ChecklistView {
    pub fn new(m: &MatterDoc) -> ChecklistView {
        ChecklistView::named(m, &m.name)
    }

    /// The checklist of `m` under the name it is applied for by (a variant's is longer).
    fn named(m: &MatterDoc, name: &str) -> ChecklistView {
        let [location, _, consult, supervise] = super::contact_facts(m);
        let materials_unverified = super::unverified_of(&m.unverified, &["材料"]);
        let groups = m
            .checklist
            .iter()
            .map(|g| Group {
                heading: match &g.situation {
                    Some(s) => format!("{s}，另需提交"),
                    None => "所有申请人均需提交".to_string(),
                },
                items: items(g.materials.iter().filter_map(|&i| m.materials.get(i))),
            })
            .collect();
        let exempt = m
            .materials
            .iter()
            .filter_map(|x| {
                let e = x.exempt.as_ref()?;
                Some(Fact::new(
                    &x.name,
                    match &e.note {
                        Some(note) => format!("{}（{note}）", e.explanation),
                        None => e.explanation.clone(),
                    },
                ))
            })
            .collect();
        let visits = m.visits.as_ref().map_or_else(
            || {
                super::unverified_of(&m.unverified, &["到现场"])
                    .unwrap_or_else(|| UNSTATED.to_string())
            },
            |v| match &v.reason {
                Some(reason) => format!("{} 次（{reason}）", v.count),
                None => format!("{} 次", v.count),
            },
        );
        let fee = if let Some(text) = super::unverified_of(&m.unverified, &["收费"]) {
            text
        } else if m.fee.free {
            "不收费".to_string()
        } else {
            m.fee
                .items
                .iter()
                .map(|f| format!("{} {}", f.name, super::fee_standard(f)))
                .collect::<Vec<_>>()
                .join("；")
        };
        ChecklistView {
            id: m.id.clone(),
            guide: m.id.clone(),
            name: name.to_string(),
            subtitle: match &m.department {
                Some(d) => format!("{name} · {}", d.name),
                None => name.to_string(),
            },
            // While the materials are 待核 the list is not complete, so the page promises
            // nothing beyond it and says that it is unknown rather than empty.
            intro: match &materials_unverified {
                Some(_) => format!(
                    "您申请办理「{name}」。本事项的申请材料尚待核实，请在办理前向窗口或咨询电话确认。"
                ),
                None => format!(
                    "您申请办理「{name}」，请一次性备齐以下材料。在办理过程中，我们不会再要求您提交本单以外的材料。"
                ),
            },
            groups: Listing::new(
                groups,
                materials_unverified
                    .as_deref()
                    .unwrap_or("本事项无需提交申请材料。"),
            ),
            exempt,
            facts: [
                Fact::new("到现场次数", visits),
                Fact::new(
                    "承诺办结时限",
                    super::unverified_of(&m.unverified, &["时限", "承诺"]).unwrap_or_else(|| {
                        or_unstated(m.time.promised.as_ref().map(|l| l.text.as_str()))
                    }),
                ),
                Fact::new("收费", fee),
            ]
            .into_iter()
            .chain(stated(&[
                ("办理地点", location.as_ref()),
                ("咨询电话", consult.as_ref()),
                ("监督投诉", supervise.as_ref()),
            ]))
            .collect(),
            variants: m
                .variants
                .iter()
                .map(|v| Fact::new(&v.name, format!("{}.{}.html", m.id, v.id)))
                .collect(),
            source_file: m.source_file.clone(),
        }
    }

    /// The checklist of one 办理情形: the common materials and that variant's own, and nothing
    /// of the other variants (§7), with the facts as they result for the variant.
    pub fn variant(m: &MatterDoc, v: &VariantDoc) -> ChecklistView {
        let mut view = ChecklistView::named(&v.doc, &format!("{}（{}）", m.name, v.name));
        view.id = format!("{}.{}", m.id, v.id);
        view
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::view::sample_matter;

    #[test]
    fn materials_are_grouped_tagged_and_the_exempt_named() {
        let c = ChecklistView::new(&sample_matter());
        let headings: Vec<&str> = c.groups.items.iter().map(|g| g.heading.as_str()).collect();
        assert_eq!(
            headings,
            ["所有申请人均需提交", "委托他人代为申请的，另需提交"]
        );
        let deferred = &c.groups.items[1].items[0];
        assert_eq!(
            deferred.tag,
            Some(Tag {
                text: "可容缺后补".into(),
                defer: true
            })
        );
        assert_eq!(deferred.how, "原件 1 份 · 电子");
        assert_eq!(c.groups.items[0].items[0].how, "原件 1 份");
        assert_eq!(
            c.exempt,
            [Fact::new(
                "居民身份证",
                "窗口通过数据共享获取（通过省电子证照库调取）"
            )]
        );
        assert_eq!(
            c.facts[0],
            Fact::new("到现场次数", "1 次（需现场核验身份）")
        );
        assert_eq!(c.facts[2], Fact::new("收费", "不收费"));
        // 办理地点 and 监督投诉 are not written: the checklist does not mention them.
        assert_eq!(c.facts[3], Fact::new("咨询电话", "0519-85600000"));
        assert_eq!(c.facts.len(), 4);
    }

    #[test]
    fn the_members_of_a_choice_make_one_line_and_a_deadline_is_told() {
        let mut m = sample_matter();
        let mut a = m.materials[0].clone();
        a.name = "居民户口簿".into();
        a.group = Some("户籍证明（任选一种）".into());
        let mut b = a.clone();
        b.name = "户籍证明".into();
        let mut c = m.materials[0].clone();
        c.necessity = "容缺后补".into();
        c.deadline = Some("5 个工作日".into());
        m.materials = vec![a, b, c];
        m.checklist = vec![crate::emit::doc::ChecklistGroup {
            situation: None,
            materials: vec![0, 1, 2],
        }];
        let v = ChecklistView::new(&m);
        let items = &v.groups.items[0].items;
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].name, "户籍证明（任选一种）");
        assert_eq!(
            items[0].how,
            "任选其一：居民户口簿（原件 1 份）；或 户籍证明（原件 1 份）"
        );
        assert_eq!(
            items[1].tag.as_ref().map(|t| t.text.as_str()),
            Some("可容缺后补，受理后 5 个工作日内补交")
        );
    }

    #[test]
    fn a_matter_without_materials_says_so() {
        let mut m = sample_matter();
        m.checklist.clear();
        let c = ChecklistView::new(&m);
        assert_eq!(c.groups.empty.as_deref(), Some("本事项无需提交申请材料。"));
    }
}
