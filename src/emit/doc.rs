//! The published documents: one struct per portal JSON file, also the data every template
//! receives. Built from the checked model and the analyses; `portal/schema.json` is generated
//! from these types (schemars), so the schema and the files cannot drift apart.

use crate::analysis::bundle::{BundleFigures, Side};
use crate::codes::implementation_code;
use crate::model::{ArticleRef, Body, Catalog, Citation, Fee, Flow, Law, Limit, Material, Matter};
use crate::numeral::to_chinese;
use schemars::JsonSchema;
use serde::Serialize;

/// Any file under `portal/`: the schema accepts exactly these three shapes.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "document", rename_all = "lowercase")]
pub enum PortalDocument {
    Matter(Box<MatterDoc>),
    Bundle(Box<BundleDoc>),
    Index(IndexDoc),
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct DepartmentDoc {
    pub id: String,
    pub name: String,
    pub credit_code: String,
    /// 国家级 … 村级
    pub level: String,
    /// Its own division code (6, 9 or 12 digits) when it differs from the catalog's region.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
}

/// A cited law with the articles cited.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CitationDoc {
    /// The title, without 《》.
    pub law: String,
    /// 法律 … 规范性文件; empty if the law is not registered.
    pub rank: String,
    /// "第九条", "第十一条第二款第三项", "第二十条之一".
    pub articles: Vec<String>,
    /// The citation as printed: "《社会救助暂行办法》第九条、第十一条".
    pub text: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ConditionDoc {
    pub text: String,
    pub basis: Option<CitationDoc>,
}

/// How a material is obtained instead of submitted.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ExemptDoc {
    /// 数据共享 | 部门核查 | 告知承诺
    pub how: String,
    /// "窗口通过数据共享获取"
    pub explanation: String,
    /// The author's note on how, if any.
    pub note: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MaterialDoc {
    pub id: String,
    pub name: String,
    /// The registered 证照 id, if any.
    pub evidence: Option<String>,
    /// Its full name in the 证照目录.
    pub evidence_name: Option<String>,
    pub form: String,
    pub copies: u32,
    pub medium: String,
    pub source: String,
    /// 必要 | 非必要 | 容缺后补
    pub necessity: String,
    pub situation: Option<String>,
    pub basis: Option<CitationDoc>,
    /// Path of the blank form, relative to the catalog.
    pub sample: Option<String>,
    pub mistakes: Vec<String>,
    /// Set when the applicant does not bring it.
    pub exempt: Option<ExemptDoc>,
    pub to_submit: bool,
    /// 后补时限 of a 容缺后补 material, e.g. "5 个工作日".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<String>,
    /// The name of the `任选` group this material belongs to (the portal nests it instead).
    #[serde(skip)]
    pub group: Option<String>,
    /// Fields written as `待核` (the portal writes them in place of their value).
    #[serde(skip)]
    pub unverified: Vec<UnverifiedDoc>,
}

/// A field written as `待核`: in the portal, `{"unverified": true, "reason": …}` stands in
/// place of its value.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct UnverifiedDoc {
    /// The field's keyword; not written in the portal, where the key says it.
    #[serde(skip)]
    pub field: &'static str,
    /// Always true.
    pub unverified: bool,
    pub reason: Option<String>,
}

/// An entry of the portal's `materials`: a material, or a `任选` group of them.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum MaterialEntryDoc {
    Material(Box<MaterialDoc>),
    Group(MaterialGroupDoc),
}

/// `任选`: the applicant brings exactly one of `one_of`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MaterialGroupDoc {
    pub id: String,
    pub name: String,
    pub one_of: Vec<MaterialDoc>,
}

/// A step of 办理流程.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct StepDoc {
    pub id: String,
    pub name: String,
    /// The acting department's id, as written or from 受理机构/实施主体; `None` when the
    /// accepting body is a class of bodies and no 主体 is written.
    pub department: Option<String>,
    pub department_name: Option<String>,
    pub post: Option<String>,
    /// `null` when not written; `{"unverified": true, …}` for 待核.
    pub time: Option<LimitDoc>,
    pub result: Option<String>,
    pub note: Option<String>,
    /// False for 不计入时限.
    pub counted: bool,
    #[serde(skip)]
    pub unverified: Option<UnverifiedDoc>,
}

/// One 办理情形 with its effective fields (§7): common and own 受理条件 and 材料, and the
/// other fields as they result.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct VariantDoc {
    pub id: String,
    pub name: String,
    pub conditions: Vec<ConditionDoc>,
    pub materials: Vec<MaterialEntryDoc>,
    pub time: TimeDoc,
    pub fee: FeeDoc,
    pub visits: Option<VisitsDoc>,
    pub channels: Vec<String>,
    pub location: Vec<String>,
    pub result: Option<ResultDoc>,
    pub steps: Vec<StepDoc>,
    /// 告知承诺: how the commitment is checked afterwards.
    pub commitment: Option<String>,
    #[serde(skip)]
    pub doc: Box<MatterDoc>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct LimitDoc {
    /// True for 即办.
    pub instant: bool,
    pub days: Option<u32>,
    /// 工作日 | 自然日
    pub unit: Option<String>,
    /// "15 个工作日", "即办".
    pub text: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SpecialDoc {
    pub name: String,
    /// `null` when the duration is not known in advance.
    pub days: Option<u32>,
    pub unit: Option<String>,
    pub text: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct TimeDoc {
    pub legal: Option<LimitDoc>,
    pub promised: Option<LimitDoc>,
    /// `法定 无`: the law sets no limit.
    pub no_legal_limit: bool,
    /// Procedures not counted in the limit.
    pub special: Vec<SpecialDoc>,
    /// 延长: the extension the law allows.
    pub extension: Option<ExtensionDoc>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ExtensionDoc {
    pub days: u32,
    pub unit: String,
    pub text: String,
    pub basis: CitationDoc,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FeeItemDoc {
    pub name: String,
    /// 标准 as written; `None` when only 金额 is.
    pub standard: Option<String>,
    pub basis: Option<CitationDoc>,
    /// 金额 in 元, as written ("12.5").
    pub amount: Option<String>,
    /// 每: what the amount is charged for.
    pub per: Option<String>,
    pub reliefs: Vec<ReliefDoc>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ReliefDoc {
    pub text: String,
    pub basis: Option<CitationDoc>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct FeeDoc {
    pub free: bool,
    pub items: Vec<FeeItemDoc>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct VisitsDoc {
    pub count: u32,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct EntrustDoc {
    pub department: Option<DepartmentDoc>,
    pub department_id: String,
    pub basis: CitationDoc,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct AgencyDoc {
    /// A | B | C
    pub class: String,
    /// 全程代办 | 全程领办 | 咨询服务
    pub meaning: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ResultDoc {
    pub name: String,
    pub evidence: Option<String>,
    pub evidence_name: Option<String>,
    /// 有效期: "5 年", "长期".
    pub validity: Option<String>,
    /// 送达: 窗口领取, 邮寄, 网上下载, 电子证照.
    pub delivery: Vec<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct QaDoc {
    pub question: String,
    pub answer: String,
}

/// The checklist of one circumstance: materials needed in that case.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct ChecklistGroup {
    /// `None` for the materials every applicant brings.
    pub situation: Option<String>,
    /// Indices into `materials`.
    pub materials: Vec<usize>,
}

/// One matter: `portal/matters/<id>.json`, and the data of its guide and checklist.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct MatterDoc {
    pub id: String,
    pub name: String,
    /// 12-character 基本编码.
    pub basic_code: String,
    /// 31-character 实施编码: credit code + 行使层级 digit + 基本编码; empty when a part is missing.
    pub implementation_code: String,
    /// 事项类型 and its two-digit code.
    pub kind: String,
    pub kind_code: String,
    pub department: Option<DepartmentDoc>,
    pub subjects: Vec<String>,
    /// 即办件 | 承诺件
    pub handling: String,
    pub basis: Vec<CitationDoc>,
    pub conditions: Vec<ConditionDoc>,
    /// Every material, group members included, flat (the pages' view; the portal writes
    /// `material_entries`).
    #[serde(skip)]
    pub materials: Vec<MaterialDoc>,
    /// Materials the applicant brings, grouped by circumstance (the one-time checklist).
    pub checklist: Vec<ChecklistGroup>,
    pub time: TimeDoc,
    pub fee: FeeDoc,
    pub visits: Option<VisitsDoc>,
    pub channels: Vec<String>,
    /// 网办地址: where to apply online.
    pub online_url: Option<String>,
    /// 复议, 诉讼 and 数量限制, as written.
    pub review: Option<String>,
    pub litigation: Option<String>,
    pub quantity_limit: Option<String>,
    pub agency: Option<AgencyDoc>,
    pub tongban: Option<String>,
    pub result: Option<ResultDoc>,
    pub consult: Option<String>,
    pub supervise: Option<String>,
    /// 地点 and 时间: several windows may be listed.
    pub location: Vec<String>,
    pub hours: Vec<String>,
    pub faq: Vec<QaDoc>,
    /// 受理机构: a department's name, or a class of bodies as written.
    pub accepting: Option<String>,
    /// 决定机构.
    pub deciding: Option<DepartmentDoc>,
    /// 委托: the entrusted body and the citation that allows it.
    pub entrust: Option<EntrustDoc>,
    pub power_source: Option<String>,
    /// 告知承诺: how the commitment is checked afterwards.
    pub commitment: Option<String>,
    /// 办理流程; empty when the spec states none.
    pub steps: Vec<StepDoc>,
    /// 办理情形, in written order, each with its effective fields.
    pub variants: Vec<VariantDoc>,
    /// The portal's `materials`: materials and `任选` groups, in written order.
    #[serde(rename = "materials")]
    pub material_entries: Vec<MaterialEntryDoc>,
    /// Fields written as `待核` (the portal writes them in place of their value).
    #[serde(skip)]
    pub unverified: Vec<UnverifiedDoc>,
    /// The spec file, relative to the catalog.
    pub source_file: String,
    /// `build --draft`: published although `check` found errors (language §14).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

/// A step of a bundle's flow.
#[derive(Clone, Debug, Serialize, JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum FlowDoc {
    Serial {
        children: Vec<FlowDoc>,
    },
    Parallel {
        children: Vec<FlowDoc>,
    },
    Matter {
        id: String,
        /// `<matter>.<variant>`: the variant named.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        variant: Option<String>,
        /// `可选`: needed by some applicants only.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        optional: bool,
    },
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct SideDoc {
    pub matters: usize,
    pub departments: usize,
    pub materials: usize,
    pub visits: u64,
    pub promised_days: u64,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct CriticalPathDoc {
    pub promised_days: u64,
    pub legal_days: u64,
    pub matters: Vec<String>,
    /// Matters whose limits are not stated (待核): the day counts leave them out.
    pub unknown_limits: Vec<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BundleItemDoc {
    pub name: String,
    pub evidence: Option<String>,
    pub matters: Vec<String>,
    pub situation: Option<String>,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct NotRequiredDoc {
    pub name: String,
    pub matter: String,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BundleMatterDoc {
    /// `可选`: only some applicants need it; not counted in the figures.
    pub optional: bool,
    pub id: String,
    pub name: String,
    pub department: String,
    pub department_name: String,
    pub promised: String,
}

/// One bundle: `portal/bundles/<id>.json`, and the data of its guide.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct BundleDoc {
    pub id: String,
    pub name: String,
    pub lead: Option<DepartmentDoc>,
    pub flow: Option<FlowDoc>,
    pub matters: Vec<BundleMatterDoc>,
    /// 目标时限 in days, when the bundle states one.
    pub target_days: Option<u64>,
    pub critical_path: CriticalPathDoc,
    pub before: SideDoc,
    pub after: SideDoc,
    /// 自然日 limits counted as working days (an upper bound).
    pub calendar_day_limits: usize,
    /// Matters whose 材料 is 待核: the material counts and the checklist leave them out.
    pub unknown_materials: Vec<String>,
    /// The bundle's own 受理条件 (language §13), in written order.
    pub conditions: Vec<ConditionDoc>,
    /// The one merged checklist.
    pub checklist: Vec<BundleItemDoc>,
    pub not_required: Vec<NotRequiredDoc>,
    pub source_file: String,
    /// `build --draft`: published although `check` found errors.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct IndexMatter {
    pub id: String,
    pub name: String,
    pub department: String,
    pub kind: String,
    pub implementation_code: String,
}

#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct IndexBundle {
    pub id: String,
    pub name: String,
}

/// `portal/index.json`.
#[derive(Clone, Debug, Serialize, JsonSchema)]
pub struct IndexDoc {
    /// `build --draft`: the catalog did not pass `check`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub draft: bool,
    pub name: String,
    pub region: String,
    pub matters: Vec<IndexMatter>,
    pub bundles: Vec<IndexBundle>,
}

fn article_text(a: &ArticleRef) -> String {
    let mut s = format!("第{}条", to_chinese(a.article));
    if let Some(i) = a.insert {
        s.push_str(&format!("之{}", to_chinese(i)));
    }
    if let Some(p) = a.paragraph {
        s.push_str(&format!("第{}款", to_chinese(p)));
    }
    if let Some(c) = a.clause {
        s.push_str(&format!("第{}项", to_chinese(c)));
    }
    s
}

pub fn citation(catalog: &Catalog, c: &Citation) -> CitationDoc {
    let law: Option<&Law> = c.law.target.and_then(|id| catalog.registry.law(id));
    let articles: Vec<String> = c.articles.iter().map(article_text).collect();
    let text = if articles.is_empty() {
        format!("《{}》", c.law.name)
    } else {
        format!("《{}》{}", c.law.name, articles.join("、"))
    };
    CitationDoc {
        law: c.law.name.clone(),
        rank: law
            .and_then(|l| l.rank.as_ref())
            .map_or_else(String::new, |r| r.value.word().to_string()),
        articles,
        text,
    }
}

fn limit(l: Limit) -> LimitDoc {
    match l {
        Limit::Instant => LimitDoc {
            instant: true,
            days: None,
            unit: None,
            text: "即办".to_string(),
        },
        Limit::Days(n, unit) => LimitDoc {
            instant: false,
            days: Some(n),
            unit: Some(unit.word().to_string()),
            text: format!("{n} 个{}", unit.word()),
        },
    }
}

fn department(catalog: &Catalog, id: Option<crate::model::DeptId>) -> Option<DepartmentDoc> {
    let d = catalog.registry.department(id?)?;
    Some(DepartmentDoc {
        id: d.id.value.clone(),
        name: d.display_name().to_string(),
        credit_code: d
            .credit_code
            .as_ref()
            .map_or_else(String::new, |c| c.value.clone()),
        level: d
            .level
            .as_ref()
            .map_or_else(String::new, |l| l.value.word().to_string()),
        region: d.region.as_ref().map(|r| r.value.clone()),
    })
}

fn evidence_name(
    catalog: &Catalog,
    r: Option<&crate::model::Ref<crate::model::EvidenceId>>,
) -> (Option<String>, Option<String>) {
    match r {
        Some(r) => (
            Some(r.name.clone()),
            r.target
                .and_then(|e| catalog.registry.evidence(e))
                .map(|e| e.display_name().to_string()),
        ),
        None => (None, None),
    }
}

fn material(catalog: &Catalog, m: &Material) -> MaterialDoc {
    let (evidence, evidence_name) = evidence_name(catalog, m.evidence.as_ref());
    MaterialDoc {
        id: m.id.text.clone(),
        name: m
            .name
            .as_ref()
            .map_or_else(|| m.id.text.clone(), |n| n.value.clone()),
        evidence,
        evidence_name,
        form: m
            .form
            .as_ref()
            .map_or_else(String::new, |f| f.value.word().to_string()),
        copies: m.copies.as_ref().map_or(0, |c| c.value),
        medium: m.medium().word().to_string(),
        source: m
            .source
            .as_ref()
            .map_or_else(String::new, |s| s.value.word().to_string()),
        necessity: m.necessity().word().to_string(),
        situation: m.situation.as_ref().map(|t| t.value.clone()),
        basis: m.basis.as_ref().map(|c| citation(catalog, c)),
        sample: m.sample.as_ref().map(|t| t.value.clone()),
        mistakes: m.mistakes.iter().map(|t| t.value.clone()).collect(),
        exempt: m.exempt.as_ref().map(|e| ExemptDoc {
            how: e.value.word().to_string(),
            explanation: e.value.explain().to_string(),
            note: m.exempt_note.as_ref().map(|t| t.value.clone()),
        }),
        to_submit: m.to_submit(),
        deadline: m
            .deadline
            .as_ref()
            .map(|d| format!("{} 个{}", d.value.0, d.value.1.word())),
        group: None,
        unverified: unverified_docs(&m.unverified),
    }
}

impl UnverifiedDoc {
    fn new(u: &crate::model::Unverified) -> UnverifiedDoc {
        UnverifiedDoc {
            field: u.field,
            unverified: true,
            reason: u.reason.as_ref().map(|r| r.value.clone()),
        }
    }
}

fn unverified_docs(facts: &[crate::model::Unverified]) -> Vec<UnverifiedDoc> {
    facts.iter().map(UnverifiedDoc::new).collect()
}

/// The materials of a matter, flat, each member naming its group; and the portal's entries,
/// a group as one entry holding its members.
fn materials(catalog: &Catalog, m: &Matter) -> (Vec<MaterialDoc>, Vec<MaterialEntryDoc>) {
    let mut flat = Vec::with_capacity(m.materials.len());
    let mut entries: Vec<MaterialEntryDoc> = Vec::with_capacity(m.materials.len());
    let mut open: Option<u32> = None;
    for x in &m.materials {
        let mut d = material(catalog, x);
        let group = x.group.and_then(|g| m.groups.get(g as usize));
        d.group = group.map(|g| {
            g.name
                .as_ref()
                .map_or_else(|| g.id.text.clone(), |n| n.value.clone())
        });
        match (x.group, group) {
            (Some(index), Some(g)) => {
                if open != Some(index) {
                    entries.push(MaterialEntryDoc::Group(MaterialGroupDoc {
                        id: g.id.text.clone(),
                        name: d.group.clone().unwrap_or_default(),
                        one_of: Vec::new(),
                    }));
                    open = Some(index);
                }
                if let Some(MaterialEntryDoc::Group(gd)) = entries.last_mut() {
                    gd.one_of.push(d.clone());
                }
            }
            _ => {
                open = None;
                entries.push(MaterialEntryDoc::Material(Box::new(d.clone())));
            }
        }
        flat.push(d);
    }
    (flat, entries)
}

fn steps(catalog: &Catalog, m: &Matter) -> Vec<StepDoc> {
    let Some(steps) = &m.steps else {
        return Vec::new();
    };
    // A step's default 主体 is the 受理机构, or the 实施主体 when that is a class of bodies.
    let default = match &m.accepting {
        Some(Body::Department(d)) => d.target.map(|t| (d.name.clone(), t)),
        Some(Body::Class(_)) => None,
        None => m
            .department
            .as_ref()
            .and_then(|d| d.target.map(|t| (d.name.clone(), t))),
    };
    steps
        .steps
        .iter()
        .map(|s| {
            let body = match &s.body {
                Some(b) => b.target.map(|t| (b.name.clone(), t)),
                None => default.clone(),
            };
            let dept = body
                .as_ref()
                .and_then(|(_, t)| department(catalog, Some(*t)));
            StepDoc {
                id: s.id.text.clone(),
                name: s
                    .name
                    .as_ref()
                    .map_or_else(|| s.id.text.clone(), |n| n.value.clone()),
                department: body.map(|(name, _)| name),
                department_name: dept.map(|d| d.name),
                post: s.post.as_ref().map(|t| t.value.clone()),
                time: s.time.as_ref().map(|l| limit(l.value)),
                result: s.result.as_ref().map(|t| t.value.clone()),
                note: s.note.as_ref().map(|t| t.value.clone()),
                counted: s.counted,
                unverified: s.time_unverified.as_ref().map(UnverifiedDoc::new),
            }
        })
        .collect()
}

/// A matter's variants, each as the matter results for it.
fn variants(catalog: &Catalog, m: &Matter, source_file: &str) -> Vec<VariantDoc> {
    m.variants
        .iter()
        .map(|v| {
            let d = matter(catalog, &m.effective(v), source_file);
            VariantDoc {
                id: v.id.text.clone(),
                name: v
                    .name
                    .as_ref()
                    .map_or_else(|| v.id.text.clone(), |n| n.value.clone()),
                conditions: d.conditions.clone(),
                materials: d.material_entries.clone(),
                time: d.time.clone(),
                fee: d.fee.clone(),
                visits: d.visits.clone(),
                channels: d.channels.clone(),
                location: d.location.clone(),
                result: d.result.clone(),
                steps: d.steps.clone(),
                commitment: d.commitment.clone(),
                doc: Box::new(d),
            }
        })
        .collect()
}

/// The one-time checklist: materials to bring, those for every applicant first, then one group
/// per circumstance in order of first appearance.
fn checklist(materials: &[MaterialDoc]) -> Vec<ChecklistGroup> {
    let mut groups: Vec<ChecklistGroup> = vec![ChecklistGroup {
        situation: None,
        materials: Vec::new(),
    }];
    for (i, m) in materials.iter().enumerate().filter(|(_, m)| m.to_submit) {
        match groups.iter_mut().find(|g| g.situation == m.situation) {
            Some(g) => g.materials.push(i),
            None => groups.push(ChecklistGroup {
                situation: m.situation.clone(),
                materials: vec![i],
            }),
        }
    }
    groups.retain(|g| !g.materials.is_empty());
    groups
}

fn conditions(catalog: &Catalog, conditions: &[crate::model::Condition]) -> Vec<ConditionDoc> {
    conditions
        .iter()
        .map(|c| ConditionDoc {
            text: c.text.value.clone(),
            basis: c.basis.as_ref().map(|b| citation(catalog, b)),
        })
        .collect()
}

pub fn matter(catalog: &Catalog, m: &Matter, source_file: &str) -> MatterDoc {
    let dept_id = m.department.as_ref().and_then(|d| d.target);
    let dept = department(catalog, dept_id);
    let basic_code = m
        .code
        .as_ref()
        .map_or_else(String::new, |c| c.value.trim().to_string());
    let level = dept_id
        .and_then(|d| catalog.registry.department(d))
        .and_then(|d| d.level.as_ref())
        .map(|l| l.value);
    let implementation = match (&dept, level) {
        (Some(d), Some(level)) if d.credit_code.len() == 18 && basic_code.chars().count() == 12 => {
            implementation_code(&d.credit_code, level, &basic_code)
        }
        _ => String::new(),
    };
    let (materials, material_entries) = materials(catalog, m);
    let (result_evidence, result_evidence_name) =
        evidence_name(catalog, m.result.as_ref().and_then(|r| r.evidence.as_ref()));
    MatterDoc {
        id: m.id.text.clone(),
        name: m
            .name
            .as_ref()
            .map_or_else(|| m.id.text.clone(), |n| n.value.clone()),
        basic_code,
        implementation_code: implementation,
        kind: m
            .kind
            .as_ref()
            .map_or_else(String::new, |k| k.value.word().to_string()),
        kind_code: m
            .kind
            .as_ref()
            .map_or_else(String::new, |k| k.value.type_code().to_string()),
        department: dept,
        subjects: m
            .subjects
            .iter()
            .map(|s| s.value.word().to_string())
            .collect(),
        handling: m
            .handling
            .as_ref()
            .map_or_else(String::new, |h| h.value.word().to_string()),
        basis: m.basis.iter().map(|c| citation(catalog, c)).collect(),
        conditions: conditions(catalog, &m.conditions),
        checklist: checklist(&materials),
        materials,
        time: TimeDoc {
            legal: m
                .time
                .as_ref()
                .and_then(|t| t.legal.as_ref())
                .map(|l| limit(l.value)),
            promised: m
                .time
                .as_ref()
                .and_then(|t| t.promised.as_ref())
                .map(|l| limit(l.value)),
            special: m.time.as_ref().map_or_else(Vec::new, |t| {
                t.special
                    .iter()
                    .map(|s| SpecialDoc {
                        name: s.name.value.clone(),
                        days: s.days.as_ref().map(|d| d.value.0),
                        unit: s.days.as_ref().map(|d| d.value.1.word().to_string()),
                        text: s
                            .days
                            .as_ref()
                            .map(|d| format!("{} 个{}", d.value.0, d.value.1.word())),
                    })
                    .collect()
            }),
            no_legal_limit: m.time.as_ref().is_some_and(|t| t.no_legal.is_some()),
            extension: m
                .time
                .as_ref()
                .and_then(|t| t.extension.as_ref())
                .map(|e| ExtensionDoc {
                    days: e.days.value.0,
                    unit: e.days.value.1.word().to_string(),
                    text: format!("{} 个{}", e.days.value.0, e.days.value.1.word()),
                    basis: citation(catalog, &e.basis),
                }),
        },
        fee: match &m.fee {
            Some(Fee::Items(_, items)) => FeeDoc {
                free: false,
                items: items
                    .iter()
                    .map(|i| FeeItemDoc {
                        name: i
                            .name
                            .as_ref()
                            .map_or_else(|| i.id.text.clone(), |n| n.value.clone()),
                        standard: i.standard.as_ref().map(|s| s.value.clone()),
                        basis: i.basis.as_ref().map(|c| citation(catalog, c)),
                        amount: i.amount.as_ref().map(|a| a.text.clone()),
                        per: i.per.as_ref().map(|t| t.value.clone()),
                        reliefs: i
                            .reliefs
                            .iter()
                            .map(|r| ReliefDoc {
                                text: r.text.value.clone(),
                                basis: r.basis.as_ref().map(|c| citation(catalog, c)),
                            })
                            .collect(),
                    })
                    .collect(),
            },
            // Free only when the spec says 不收费: an absent or unverified fee is not.
            Some(Fee::Free(_)) => FeeDoc {
                free: true,
                items: Vec::new(),
            },
            None => FeeDoc {
                free: false,
                items: Vec::new(),
            },
        },
        visits: m.visits.as_ref().map(|v| VisitsDoc {
            count: v.count.value,
            reason: v.reason.as_ref().map(|r| r.value.clone()),
        }),
        channels: m.channels.as_ref().map_or_else(Vec::new, |c| {
            c.value.iter().map(|x| x.value.word().to_string()).collect()
        }),
        agency: m.agency.as_ref().map(|a| AgencyDoc {
            class: a.value.word().to_string(),
            meaning: a.value.meaning().to_string(),
        }),
        tongban: m.tongban.as_ref().map(|t| t.value.word().to_string()),
        result: m.result.as_ref().map(|r| ResultDoc {
            name: r
                .name
                .as_ref()
                .map_or_else(String::new, |n| n.value.clone()),
            evidence: result_evidence,
            evidence_name: result_evidence_name,
            validity: r.validity.as_ref().map(|v| v.value.to_string()),
            delivery: r
                .delivery
                .iter()
                .map(|d| d.value.word().to_string())
                .collect(),
        }),
        consult: m.consult.as_ref().map(|t| t.value.clone()),
        online_url: m.online_url.as_ref().map(|t| t.value.trim().to_string()),
        review: m.review.as_ref().map(|t| t.value.clone()),
        litigation: m.litigation.as_ref().map(|t| t.value.clone()),
        quantity_limit: m.quantity_limit.as_ref().map(|t| t.value.clone()),
        supervise: m.supervise.as_ref().map(|t| t.value.clone()),
        location: m.location.iter().map(|t| t.value.clone()).collect(),
        hours: m.hours.iter().map(|t| t.value.clone()).collect(),
        faq: m
            .faq
            .iter()
            .map(|q| QaDoc {
                question: q.question.value.clone(),
                answer: q.answer.value.clone(),
            })
            .collect(),
        accepting: match &m.accepting {
            Some(Body::Class(t)) => Some(t.value.clone()),
            Some(Body::Department(d)) => {
                Some(department(catalog, d.target).map_or_else(|| d.name.clone(), |x| x.name))
            }
            None => None,
        },
        deciding: m
            .deciding
            .as_ref()
            .and_then(|d| department(catalog, d.target)),
        entrust: m.entrust.as_ref().map(|e| EntrustDoc {
            department: department(catalog, e.department.target),
            department_id: e.department.name.clone(),
            basis: citation(catalog, &e.basis),
        }),
        power_source: m.power_source.as_ref().map(|p| p.value.word().to_string()),
        commitment: m.commitment.as_ref().map(|t| t.value.clone()),
        steps: steps(catalog, m),
        variants: variants(catalog, m, source_file),
        material_entries,
        unverified: unverified_docs(&m.unverified),
        source_file: source_file.to_string(),
        draft: false,
    }
}

/// The flow as a tree, built with an explicit stack so deep nesting stays off the native stack.
fn flow(catalog: &Catalog, f: &Flow) -> FlowDoc {
    enum Task<'a> {
        Visit(&'a Flow),
        Close(bool, usize),
    }
    let mut tasks = vec![Task::Visit(f)];
    let mut done: Vec<FlowDoc> = Vec::new();
    while let Some(task) = tasks.pop() {
        match task {
            Task::Visit(Flow::Matter(fm)) => done.push(FlowDoc::Matter {
                id: fm
                    .matter
                    .target
                    .and_then(|m| catalog.matter(m))
                    .map_or_else(|| fm.matter.name.clone(), |m| m.id.text.clone()),
                variant: fm.variant.as_ref().map(|v| v.name.clone()),
                optional: fm.optional,
            }),
            Task::Visit(
                node @ (Flow::Serial { children, .. } | Flow::Parallel { children, .. }),
            ) => {
                tasks.push(Task::Close(matches!(node, Flow::Serial { .. }), done.len()));
                tasks.extend(children.iter().rev().map(Task::Visit));
            }
            Task::Close(serial, start) => {
                let children = done.split_off(start.min(done.len()));
                done.push(if serial {
                    FlowDoc::Serial { children }
                } else {
                    FlowDoc::Parallel { children }
                });
            }
        }
    }
    done.pop().unwrap_or(FlowDoc::Serial {
        children: Vec::new(),
    })
}

fn side(s: &Side) -> SideDoc {
    SideDoc {
        matters: s.matters,
        departments: s.departments,
        materials: s.materials,
        visits: s.visits,
        promised_days: s.promised_days,
    }
}

pub fn bundle(
    catalog: &Catalog,
    b: &crate::model::Bundle,
    f: &BundleFigures,
    source_file: &str,
) -> BundleDoc {
    BundleDoc {
        id: b.id.text.clone(),
        name: f.name.clone(),
        lead: department(catalog, b.lead.as_ref().and_then(|l| l.target)),
        flow: b.flow.as_ref().map(|x| flow(catalog, x)),
        matters: f
            .nodes
            .iter()
            .map(|n| BundleMatterDoc {
                optional: f.optional.contains(&n.id),
                id: n.id.clone(),
                name: n.name.clone(),
                department: n.department.clone(),
                department_name: n.department_name.clone(),
                promised: n.promised.clone(),
            })
            .collect(),
        target_days: f.target_days,
        critical_path: CriticalPathDoc {
            promised_days: f.critical_path.promised_days,
            legal_days: f.critical_path.legal_days,
            matters: f.critical_path.matters.clone(),
            unknown_limits: f.critical_path.unknown.clone(),
        },
        before: side(&f.before),
        after: side(&f.after),
        calendar_day_limits: f.calendar_day_limits,
        unknown_materials: f.unknown_materials.clone(),
        conditions: conditions(catalog, &b.conditions),
        checklist: f
            .checklist
            .iter()
            .map(|i| BundleItemDoc {
                name: i.name.clone(),
                evidence: i.evidence.clone(),
                matters: i.matters.clone(),
                situation: i.situation.clone(),
            })
            .collect(),
        not_required: f
            .not_required
            .iter()
            .map(|n| NotRequiredDoc {
                name: n.name.clone(),
                matter: n.matter.clone(),
                reason: super::words::not_required(&n.why),
            })
            .collect(),
        source_file: source_file.to_string(),
        draft: false,
    }
}

/// Where each matter field that may be written as `待核` sits in its portal document.
/// 材料 stands for both the materials and the checklist made of them: an empty list in either
/// would say that nothing is needed.
const UNVERIFIED_PATHS: &[(&str, &[&str])] = &[
    ("编码", &["basic_code"]),
    ("服务对象", &["subjects"]),
    ("受理条件", &["conditions"]),
    ("材料", &["materials"]),
    ("材料", &["checklist"]),
    ("办件类型", &["handling"]),
    ("时限", &["time"]),
    ("法定", &["time", "legal"]),
    ("承诺", &["time", "promised"]),
    ("收费", &["fee"]),
    ("到现场", &["visits"]),
    ("咨询", &["consult"]),
    ("监督", &["supervise"]),
    ("地点", &["location"]),
    ("时间", &["hours"]),
];

/// The same for a material's fields.
const MATERIAL_UNVERIFIED: &[(&str, &str)] =
    &[("形式", "form"), ("份数", "copies"), ("来源", "source")];

/// Writes `{"unverified": true, "reason": …}` in place of each `待核` field's value.
fn mark_unverified(value: &mut serde_json::Value, facts: &[UnverifiedDoc]) {
    for u in facts {
        for (_, path) in UNVERIFIED_PATHS.iter().filter(|(f, _)| *f == u.field) {
            let pointer: String = path.iter().map(|k| format!("/{k}")).collect();
            if let Some(slot) = value.pointer_mut(&pointer) {
                *slot = serde_json::json!({ "unverified": true, "reason": u.reason });
            }
        }
    }
}

fn mark_materials(value: &mut serde_json::Value, entries: &[MaterialEntryDoc]) {
    let Some(array) = value.get_mut("materials").and_then(|v| v.as_array_mut()) else {
        return;
    };
    let mark = |v: &mut serde_json::Value, m: &MaterialDoc| {
        for u in &m.unverified {
            if let Some((_, key)) = MATERIAL_UNVERIFIED.iter().find(|(f, _)| *f == u.field)
                && let Some(slot) = v.get_mut(*key)
            {
                *slot = serde_json::json!({ "unverified": true, "reason": u.reason });
            }
        }
    };
    for (v, entry) in array.iter_mut().zip(entries) {
        match entry {
            MaterialEntryDoc::Material(m) => mark(v, m),
            MaterialEntryDoc::Group(g) => {
                if let Some(members) = v.get_mut("one_of").and_then(|x| x.as_array_mut()) {
                    for (mv, m) in members.iter_mut().zip(&g.one_of) {
                        mark(mv, m);
                    }
                }
            }
        }
    }
}

fn mark_steps(value: &mut serde_json::Value, steps: &[StepDoc]) {
    let Some(array) = value.get_mut("steps").and_then(|v| v.as_array_mut()) else {
        return;
    };
    for (v, s) in array.iter_mut().zip(steps) {
        if let (Some(u), Some(slot)) = (&s.unverified, v.get_mut("time")) {
            *slot = serde_json::json!({ "unverified": true, "reason": u.reason });
        }
    }
}

/// A matter's portal document: the serialized [`MatterDoc`] with every `待核` field, its
/// materials' and its steps' and those of each variant, written as unverified.
pub fn portal_matter(m: &MatterDoc) -> Result<serde_json::Value, serde_json::Error> {
    let mut value = serde_json::to_value(PortalDocument::Matter(Box::new(m.clone())))?;
    mark_unverified(&mut value, &m.unverified);
    mark_materials(&mut value, &m.material_entries);
    mark_steps(&mut value, &m.steps);
    if let Some(variants) = value.get_mut("variants").and_then(|v| v.as_array_mut()) {
        for (v, d) in variants.iter_mut().zip(&m.variants) {
            mark_unverified(v, &d.doc.unverified);
            mark_materials(v, &d.materials);
            mark_steps(v, &d.steps);
        }
    }
    Ok(value)
}

/// The portal's JSON Schema: the documents' types, where each field that may be `待核` also
/// admits the unverified object.
pub fn portal_schema() -> Result<serde_json::Value, serde_json::Error> {
    let mut schema = serde_json::to_value(schemars::schema_for!(PortalDocument))?;
    let unverified = serde_json::json!({
        "type": "object",
        "properties": {
            "unverified": { "const": true },
            "reason": { "type": ["string", "null"] }
        },
        "required": ["unverified", "reason"],
        "additionalProperties": false
    });
    let Some(defs) = schema.get_mut("$defs").and_then(|d| d.as_object_mut()) else {
        return Ok(schema);
    };
    defs.insert("Unverified".into(), unverified);
    let widen = |defs: &mut serde_json::Map<String, serde_json::Value>, def: &str, key: &str| {
        if let Some(slot) = defs
            .get_mut(def)
            .and_then(|d| d.get_mut("properties"))
            .and_then(|p| p.get_mut(key))
        {
            let original = slot.take();
            *slot = serde_json::json!({ "anyOf": [original, { "$ref": "#/$defs/Unverified" }] });
        }
    };
    for key in [
        "basic_code",
        "subjects",
        "conditions",
        "materials",
        "checklist",
        "handling",
        "time",
        "fee",
        "visits",
        "consult",
        "supervise",
        "location",
        "hours",
    ] {
        widen(defs, "MatterDoc", key);
    }
    for key in [
        "conditions",
        "materials",
        "time",
        "fee",
        "visits",
        "location",
    ] {
        widen(defs, "VariantDoc", key);
    }
    for key in ["legal", "promised"] {
        widen(defs, "TimeDoc", key);
    }
    for key in ["form", "copies", "source"] {
        widen(defs, "MaterialDoc", key);
    }
    widen(defs, "StepDoc", "time");
    Ok(schema)
}
