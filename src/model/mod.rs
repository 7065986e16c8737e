//! The typed model of a catalog: what the specs mean, with every reference resolved to an index.
//!
//! Built by `lower` from the syntax tree and by `registry` from the YAML files. Nothing here
//! knows about pest or YAML. Fields that the language requires are still `Option`s: a missing
//! field is reported once (`missing-field`) and the rest of the matter is checked anyway.

pub mod registry;
pub mod words;

pub use registry::*;
pub use words::*;

use crate::source::{Span, Spanned, Text};

/// A name written at a definition or reference site.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Name {
    pub text: String,
    pub span: Span,
}

/// A reference by name; `target` is `None` when it did not resolve (already reported).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ref<T> {
    pub name: String,
    pub span: Span,
    pub target: Option<T>,
}

/// Index of a matter in [`Catalog::matters`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MatterId(pub u32);

/// Index of a bundle in [`Catalog::bundles`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BundleId(pub u32);

#[derive(Debug, Default)]
pub struct Catalog {
    pub config: Config,
    pub registry: Registry,
    /// In file order, then source order within a file. Boxed where the worker thread that
    /// lowered it put it: copying every matter (1 KB each) into one fresh array cost a quarter
    /// of a second of page faults at 100,000 matters, on one thread.
    pub matters: Vec<Box<Matter>>,
    pub bundles: Vec<Bundle>,
    /// Every `豁免` of every matter, material and fee item, in source order.
    pub suppressions: Vec<Suppression>,
    /// One per matter, in the same order: see [`MatterKey`].
    pub keys: Vec<MatterKey>,
}

/// Hashes of what the catalog-wide passes compare between matters (ids, 基本编码, names per
/// department), in one array beside the matters. Those passes run again after every edit;
/// reading the strings of a hundred thousand matters scattered over the heap cost them more
/// than the comparing. Equal hashes are only a hint: the texts are compared before two
/// matters are taken to be the same.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MatterKey {
    /// Of the id.
    pub id: u64,
    /// Of the trimmed 基本编码, when there is one that is not blank.
    pub code: Option<u64>,
    /// Of the trimmed name with the written 实施主体, when both are there and the name is not
    /// blank.
    pub name: Option<u64>,
}

impl MatterKey {
    pub fn of(m: &Matter) -> MatterKey {
        let code = m
            .code
            .as_ref()
            .map(|c| c.value.trim())
            .filter(|c| !c.is_empty());
        let name = match (&m.name, &m.department) {
            (Some(n), Some(d)) if !n.value.trim().is_empty() => {
                Some(text_hash(&(n.value.trim(), d.name.as_str())))
            }
            _ => None,
        };
        MatterKey {
            id: text_hash(m.id.text.as_str()),
            code: code.map(text_hash),
            name,
        }
    }
}

/// The hash of [`MatterKey`]: fast on short strings, and the same in every run (a catalog
/// author can only slow down their own check, so no protection against chosen collisions).
pub fn text_hash<T: std::hash::Hash + ?Sized>(t: &T) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(t)
}

/// `豁免 <rule> "reason"`: silences one rule on one element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The whole 豁免 field.
    pub span: Span,
    /// The rule as written (code or name).
    pub rule: Name,
    pub reason: Option<Text>,
    /// The element it excuses (a matter, a material, a fee item)…
    pub scope: Span,
    /// …minus the elements inside it that it does not excuse (a matter's materials and fee
    /// items), sorted by start. Shared: every 豁免 of a matter has the same list, and a matter
    /// may have tens of thousands of materials.
    pub except: std::sync::Arc<[Span]>,
}

impl Suppression {
    /// Whether a finding at `span` lies on the excused element.
    pub fn covers(&self, span: Span) -> bool {
        self.scope.file == span.file
            && self.scope.start <= span.start
            && span.end <= self.scope.end
            && !self.excepted(span)
    }

    /// Whether `span` lies in one of the excepted elements. They do not overlap, so only the
    /// last one starting at or before `span` can contain it.
    fn excepted(&self, span: Span) -> bool {
        let n = self
            .except
            .partition_point(|e| (e.file, e.start) <= (span.file, span.start));
        n.checked_sub(1)
            .and_then(|i| self.except.get(i))
            .is_some_and(|e| e.file == span.file && e.start <= span.start && span.end <= e.end)
    }
}

impl Catalog {
    pub fn matter(&self, id: MatterId) -> Option<&Matter> {
        self.matters.get(id.0 as usize).map(|m| &**m)
    }

    /// The registered evidence a material names, if any.
    pub fn evidence_of(&self, material: &Material) -> Option<&Evidence> {
        self.registry.evidence(material.evidence.as_ref()?.target?)
    }

    /// The material's evidence is obtainable through data sharing.
    pub fn is_shared(&self, material: &Material) -> bool {
        self.evidence_of(material).is_some_and(|e| e.shared)
    }

    /// The material's evidence is issued by the matter's own 实施主体.
    pub fn is_own_issued(&self, matter: &Matter, material: &Material) -> bool {
        let handler = matter.department.as_ref().and_then(|d| d.target);
        handler.is_some()
            && self
                .evidence_of(material)
                .and_then(|e| e.issuer_department())
                == handler
    }

    /// Still to submit, though the government already holds it (shared or own-issued), and
    /// not an item the applicant must hand over.
    pub fn is_avoidable(&self, matter: &Matter, material: &Material) -> bool {
        material.to_submit()
            && (self.is_shared(material) || self.is_own_issued(matter, material))
            && !self.must_hand_over(matter, material)
    }

    /// Whether the applicant hands over the physical item itself, which no data sharing can
    /// replace: the spec says the item is handed over, taken back or kept ([`HAND_OVER_WORDS`]
    /// in its name or 情形), or it is the very certificate a 换领, 签注 or 变更 matter issues
    /// anew ([`RENEWAL_WORDS`]; a 换领 takes the old card back, 居民身份证法 第十一条).
    pub fn must_hand_over(&self, matter: &Matter, material: &Material) -> bool {
        let says = |words: &[&str], t: Option<&Text>| {
            t.is_some_and(|t| words.iter().any(|w| t.value.contains(w)))
        };
        let texts = [material.name.as_ref(), material.situation.as_deref()];
        if texts.iter().any(|t| says(HAND_OVER_WORDS, *t)) {
            return true;
        }
        let issued_here = matter
            .result
            .as_ref()
            .and_then(|r| r.evidence.as_ref())
            .and_then(|r| r.target);
        let evidence = material.evidence.as_ref().and_then(|r| r.target);
        evidence.is_some()
            && evidence == issued_here
            && (says(RENEWAL_WORDS, matter.name.as_ref())
                || texts.iter().any(|t| says(RENEWAL_WORDS, *t)))
    }
}

/// Words by which a material's name or 情形 says the item itself is handed over or kept
/// (「原居民身份证（交回）」, 「需缴销的残疾人证」).
pub const HAND_OVER_WORDS: &[&str] = &["交回", "收回", "缴回", "缴销", "交还", "收缴", "留存"];

/// Words by which a matter (or the material) says it replaces or endorses the certificate it
/// issues, which the applicant then brings in itself.
pub const RENEWAL_WORDS: &[&str] = &["换领", "换发", "换证", "签注", "注销", "变更", "延续"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matter {
    pub id: Name,
    /// `事项 <id>`: where diagnostics about the whole matter point.
    pub header: Span,
    pub span: Span,
    pub name: Option<Text>,
    pub code: Option<Text>,
    pub kind: Option<Spanned<MatterKind>>,
    pub department: Option<Ref<DeptId>>,
    pub subjects: Vec<Spanned<Subject>>,
    pub handling: Option<Spanned<Handling>>,
    pub basis: Vec<Citation>,
    /// The keyword of the 依据 field when it is written: `依据 {}` cites nothing, which is
    /// not the same as leaving the field out.
    pub basis_key: Option<Span>,
    pub conditions: Vec<Condition>,
    pub materials: Vec<Material>,
    pub time: Option<TimeLimit>,
    pub fee: Option<Fee>,
    pub visits: Option<Visits>,
    /// The 办理形式 field's span and its values; `None` when the field is absent.
    pub channels: Option<Spanned<Vec<Spanned<Channel>>>>,
    pub agency: Option<Spanned<Agency>>,
    pub tongban: Option<Spanned<Tongban>>,
    pub result: Option<MatterResult>,
    pub consult: Option<Text>,
    /// 网办地址: where to apply online, as written (the rule `invalid-url` checks its scheme).
    pub online_url: Option<Text>,
    /// 复议 and 诉讼: the remedies open to the applicant, as written.
    pub review: Option<Text>,
    pub litigation: Option<Text>,
    /// 数量限制, as written.
    pub quantity_limit: Option<Text>,
    pub supervise: Option<Text>,
    pub location: Vec<Text>,
    /// 地点 and 时间 may repeat (several windows).
    pub hours: Vec<Text>,
    pub faq: Vec<Qa>,
    /// 受理机构: defaults to 实施主体 when absent.
    pub accepting: Option<Body>,
    /// 决定机构: defaults to 实施主体 when absent.
    pub deciding: Option<Ref<DeptId>>,
    /// 委托 <department> 依据 <citation>
    pub entrust: Option<Entrust>,
    pub power_source: Option<Spanned<PowerSource>>,
    /// 告知承诺 "<事后核查方式>"
    pub commitment: Option<Text>,
    /// 办理流程, in written order; `None` when the spec has none.
    pub steps: Option<Steps>,
    /// 办理情形, in written order.
    pub variants: Vec<Variant>,
    /// `任选` groups; their members are in `materials`, each naming its group.
    pub groups: Vec<MaterialGroup>,
    /// Every field written as `待核`, in source order.
    pub unverified: Vec<Unverified>,
}

/// A fact written as `待核`: unknown, to be verified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unverified {
    /// The field's keyword (`收费`, `承诺`, `形式`).
    pub field: &'static str,
    /// From 待核 to the end of the reason.
    pub span: Span,
    pub reason: Option<Text>,
}

/// A body named by a department id or, for a class of bodies, by a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Department(Ref<DeptId>),
    Class(Text),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entrust {
    pub department: Ref<DeptId>,
    pub basis: Citation,
}

/// `办理流程 { … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Steps {
    /// The 办理流程 keyword.
    pub key: Span,
    pub steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: Name,
    pub span: Span,
    pub name: Option<Text>,
    /// 主体; the matter's 受理机构 (or 实施主体) when absent.
    pub body: Option<Ref<DeptId>>,
    pub post: Option<Text>,
    pub time: Option<Spanned<Limit>>,
    pub time_unverified: Option<Unverified>,
    pub result: Option<Text>,
    pub note: Option<Text>,
    /// `false` for 不计入时限.
    pub counted: bool,
}

/// `任选 <id> { 名称 "…" … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaterialGroup {
    pub id: Name,
    pub header: Span,
    pub span: Span,
    pub name: Option<Text>,
}

/// `办理情形 <id> { … }`: the variant's own fields, lowered as a matter (`own`) whose absent
/// fields are the matter's. [`Matter::effective`] combines the two.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub id: Name,
    pub header: Span,
    pub span: Span,
    pub name: Option<Text>,
    pub own: Box<Matter>,
}

impl Matter {
    pub fn has_channel(&self, channel: Channel) -> bool {
        self.channels
            .as_ref()
            .is_some_and(|c| c.value.iter().any(|v| v.value == channel))
    }
}

/// `《title》第N条…`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub span: Span,
    pub law: Ref<LawId>,
    pub articles: Vec<ArticleRef>,
}

/// `第N条[之M][第N款][第N项]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleRef {
    pub span: Span,
    pub article: u32,
    pub insert: Option<u32>,
    pub paragraph: Option<u32>,
    pub clause: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub text: Text,
    pub basis: Option<Citation>,
}

/// The fields most materials leave out (情形, 依据, 样表, the note of 免提交) are boxed: inline
/// they made a material 568 bytes, and materials are the bulk of a catalog's model (a third of
/// its memory at 100,000 matters, where every fresh page costs time).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Material {
    pub id: Name,
    pub span: Span,
    pub name: Option<Text>,
    pub evidence: Option<Ref<EvidenceId>>,
    pub form: Option<Spanned<Form>>,
    pub copies: Option<Spanned<u32>>,
    /// `None` means the default, 纸质.
    pub medium: Option<Spanned<Medium>>,
    pub source: Option<Spanned<Source>>,
    /// `None` means the default, 必要.
    pub necessity: Option<Spanned<Necessity>>,
    pub situation: Option<Box<Text>>,
    pub basis: Option<Box<Citation>>,
    pub sample: Option<Box<Text>>,
    pub mistakes: Vec<Text>,
    /// `免提交`: declared as obtained another way, with an optional note on how.
    pub exempt: Option<Spanned<Acquisition>>,
    pub exempt_note: Option<Box<Text>>,
    /// 后补时限 of a 容缺后补 material.
    pub deadline: Option<Spanned<(u32, DayUnit)>>,
    /// The `任选` group (index into [`Matter::groups`]) this material is a member of.
    pub group: Option<u32>,
    /// 形式, 份数 or 来源 written as `待核`.
    pub unverified: Vec<Unverified>,
}

impl Material {
    /// Whether the applicant brings this material (it is not declared as obtained otherwise).
    pub fn to_submit(&self) -> bool {
        self.exempt.is_none()
    }

    pub fn necessity(&self) -> Necessity {
        self.necessity
            .as_ref()
            .map_or(Necessity::Required, |n| n.value)
    }

    pub fn medium(&self) -> Medium {
        self.medium.as_ref().map_or(Medium::Paper, |m| m.value)
    }
}

/// A time limit: on the spot, or a number of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Instant,
    Days(u32, DayUnit),
}

impl Limit {
    /// The limit in working days for adding up along a flow: 即办 is 0, and N 自然日 count as N
    /// (N calendar days never hold more than N working days, so sums stay upper bounds).
    pub fn days_upper_bound(self) -> u64 {
        match self {
            Limit::Instant => 0,
            Limit::Days(n, _) => u64::from(n),
        }
    }
}

impl std::fmt::Display for Limit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Limit::Instant => f.write_str("即办"),
            Limit::Days(n, unit) => write!(f, "{n} {}", unit.word()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimeLimit {
    /// The whole 时限 field.
    pub span: Span,
    pub legal: Option<Spanned<Limit>>,
    pub promised: Option<Spanned<Limit>>,
    pub special: Vec<SpecialProcedure>,
    /// `法定 无`: the law sets no limit.
    pub no_legal: Option<Span>,
    /// 延长 N 工作日 依据 <citation>
    pub extension: Option<Extension>,
}

/// The extension of the limit that the law allows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Extension {
    pub days: Spanned<(u32, DayUnit)>,
    pub basis: Citation,
}

/// A procedure not counted in the limit (专家评审, 听证, 公示).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecialProcedure {
    pub name: Text,
    /// `None` when the duration is not known in advance.
    pub days: Option<Spanned<(u32, DayUnit)>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fee {
    Free(Span),
    Items(Span, Vec<FeeItem>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeeItem {
    pub id: Name,
    pub span: Span,
    pub name: Option<Text>,
    pub standard: Option<Text>,
    pub basis: Option<Citation>,
    /// 金额 N 元, as written (`12.5`).
    pub amount: Option<Name>,
    /// 每 "证"
    pub per: Option<Text>,
    /// 减免 "…" [依据 …]
    pub reliefs: Vec<Relief>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Relief {
    pub text: Text,
    pub basis: Option<Citation>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visits {
    /// The whole 到现场 field.
    pub span: Span,
    pub count: Spanned<u32>,
    pub reason: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MatterResult {
    pub span: Span,
    pub name: Option<Text>,
    pub evidence: Option<Ref<EvidenceId>>,
    pub validity: Option<Spanned<Validity>>,
    pub delivery: Vec<Spanned<Delivery>>,
}

/// 有效期
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Validity {
    LongTerm,
    For(u32, ValidityUnit),
}

impl std::fmt::Display for Validity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Validity::LongTerm => f.write_str("长期"),
            Validity::For(n, unit) => write!(f, "{n} {}", unit.word()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qa {
    pub question: Text,
    pub answer: Text,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    pub id: Name,
    pub header: Span,
    pub span: Span,
    pub name: Option<Text>,
    pub lead: Option<Ref<DeptId>>,
    pub flow: Option<Flow>,
    /// 目标时限: the published limit for the whole bundle.
    pub target: Option<Spanned<(u32, DayUnit)>>,
    /// 受理条件 and 材料 collected once for the whole bundle.
    pub conditions: Vec<Condition>,
    pub materials: Vec<Material>,
    pub groups: Vec<MaterialGroup>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flow {
    Serial {
        keyword: Span,
        span: Span,
        children: Vec<Flow>,
    },
    Parallel {
        keyword: Span,
        span: Span,
        children: Vec<Flow>,
    },
    Matter(FlowMatter),
}

/// A matter in a flow: `<matter>`, `<matter>.<variant>`, optionally `可选`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowMatter {
    pub matter: Ref<MatterId>,
    /// The variant's id and its index in the matter's variants.
    pub variant: Option<Ref<u32>>,
    /// `可选`: needed by some applicants only.
    pub optional: bool,
}

impl Matter {
    /// The matter as the applicant of one variant meets it: the variant's 受理条件 and 材料
    /// after the matter's own, its other fields in place of the matter's.
    pub fn effective(&self, v: &Variant) -> Matter {
        let own = &v.own;
        let mut out = self.clone();
        out.variants = Vec::new();
        let offset = u32::try_from(out.groups.len()).unwrap_or(u32::MAX);
        out.conditions.extend(own.conditions.iter().cloned());
        out.materials
            .extend(own.materials.iter().cloned().map(|mut m| {
                m.group = m.group.map(|g| g.saturating_add(offset));
                m
            }));
        out.groups.extend(own.groups.iter().cloned());
        let replaced: Vec<&str> = own.unverified.iter().map(|u| u.field).collect();
        macro_rules! replace {
            ($($field:ident: $keyword:literal),*) => {$(
                if own.$field.is_some() || replaced.contains(&$keyword) {
                    out.$field = own.$field.clone();
                    out.unverified.retain(|u| u.field != $keyword);
                }
            )*};
        }
        replace!(time: "时限", fee: "收费", visits: "到现场", handling: "办件类型",
            channels: "办理形式", result: "结果", steps: "办理流程", commitment: "告知承诺");
        if own.time.is_some() {
            out.unverified
                .retain(|u| u.field != "法定" && u.field != "承诺");
        }
        if !own.location.is_empty() || replaced.contains(&"地点") {
            out.location = own.location.clone();
            out.unverified.retain(|u| u.field != "地点");
        }
        out.unverified.extend(own.unverified.iter().cloned());
        out
    }

    /// The matter's materials and those of all its variants.
    pub fn all_materials(&self) -> impl Iterator<Item = &Material> {
        self.materials
            .iter()
            .chain(self.variants.iter().flat_map(|v| v.own.materials.iter()))
    }

    /// The `待核` written for a field, if any.
    pub fn unverified(&self, field: &str) -> Option<&Unverified> {
        self.unverified.iter().find(|u| u.field == field)
    }

    /// Every citation in the matter: 依据, conditions, materials and fee items, in source order.
    pub fn citations(&self) -> impl Iterator<Item = &Citation> {
        let fees: &[FeeItem] = match &self.fee {
            Some(Fee::Items(_, items)) => items,
            _ => &[],
        };
        let time = self.time.as_ref().and_then(|t| t.extension.as_ref());
        self.basis
            .iter()
            .chain(self.conditions.iter().filter_map(|c| c.basis.as_ref()))
            .chain(self.materials.iter().filter_map(|m| m.basis.as_deref()))
            .chain(fees.iter().filter_map(|f| f.basis.as_ref()))
            .chain(
                fees.iter()
                    .flat_map(|f| f.reliefs.iter().filter_map(|r| r.basis.as_ref())),
            )
            .chain(time.map(|e| &e.basis))
            .chain(self.entrust.as_ref().map(|e| &e.basis))
    }
}
