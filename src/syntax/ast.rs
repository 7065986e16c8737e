//! The spanned syntax tree of one `.banshi` file: what was written, in source order, with no
//! validation of values or references (that is `lower`'s job). Repeated and missing fields are
//! representable here on purpose, so that lowering can report them.

use crate::source::{Span, Text};

/// A word written in the source: an identifier or an enumerated value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub span: Span,
}

/// A number written with ASCII digits; `value` is `None` when it does not fit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Number {
    pub value: Option<u32>,
    pub span: Span,
}

/// A field: the span of its keyword and its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field<T> {
    pub key: Span,
    pub value: T,
}

#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct File {
    pub items: Vec<Item>,
    /// The names of the matters left out because of a syntax error in them: they exist, and a
    /// bundle naming one must not be told otherwise.
    pub unparsed_matters: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Item {
    Matter(Matter),
    Bundle(Bundle),
}

/// `事项 <id> { … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Matter {
    pub id: Word,
    /// The keyword and the id: where "this matter" is pointed at.
    pub header: Span,
    pub span: Span,
    pub fields: Vec<Field<MatterField>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatterField {
    Name(Text),
    Code(Text),
    Type(Word),
    Department(Word),
    Subjects(Vec<Word>),
    Handling(Word),
    Basis(Vec<Citation>),
    Conditions(Vec<Condition>),
    Materials(Vec<MaterialItem>),
    Time(TimeLimit),
    Fee(Fee),
    Visits(Visits),
    Channels(Vec<Word>),
    Agency(Word),
    Tongban(Word),
    Result(Vec<Field<ResultField>>),
    Consult(Text),
    OnlineUrl(Text),
    Review(Text),
    Litigation(Text),
    QuantityLimit(Text),
    Supervise(Text),
    Location(Text),
    Hours(Text),
    Faq(Vec<Qa>),
    Suppress(Suppress),
    /// 办理情形 <id> { … }
    Variant(Variant),
    /// 办理流程 { … }
    Steps(Vec<Step>),
    /// 受理机构 <department> | "a class of bodies"
    Accepting(Body),
    /// 决定机构 <department>
    Deciding(Word),
    /// 委托 <department> 依据 <citation>
    Entrust(Word, Citation),
    /// 权力来源 …
    PowerSource(Word),
    /// 告知承诺 "…"
    Commitment(Text),
    /// `待核 ["reason"]` written in place of the value of the named field.
    Unverified(&'static str, Unverified),
}

/// `待核 ["reason"]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unverified {
    /// From 待核 to the end of the reason.
    pub span: Span,
    pub reason: Option<Text>,
}

/// A body written as a department id or, for a class of bodies, as a string.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    Department(Word),
    Class(Text),
}

/// `办理情形 <id> { … }`: the fields are those of a matter that a variant may carry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Variant {
    pub id: Word,
    pub header: Span,
    pub span: Span,
    pub fields: Vec<Field<MatterField>>,
}

/// `<id> { … }` inside 办理流程.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    pub id: Word,
    pub span: Span,
    pub fields: Vec<Field<StepField>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepField {
    Name(Text),
    Body(Word),
    Post(Text),
    Time(StepTime),
    Result(Text),
    Note(Text),
    Uncounted,
    Suppress(Suppress),
}

impl StepField {
    pub fn keyword(&self) -> &'static str {
        match self {
            StepField::Name(_) => "名称",
            StepField::Body(_) => "主体",
            StepField::Post(_) => "岗位",
            StepField::Time(_) => "时限",
            StepField::Result(_) => "结果",
            StepField::Note(_) => "说明",
            StepField::Uncounted => "不计入时限",
            StepField::Suppress(_) => "豁免",
        }
    }
}

/// The 时限 of a step.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StepTime {
    Instant(Span),
    Days(Days),
    Unverified(Unverified),
}

/// An entry of 材料: a material or a `任选` group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MaterialItem {
    Single(Material),
    Group(MaterialGroup),
}

/// `任选 <id> { 名称 "…" <material>… }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaterialGroup {
    pub id: Word,
    /// `任选 <id>`
    pub header: Span,
    pub span: Span,
    pub name: Vec<Field<Text>>,
    pub members: Vec<Material>,
    pub suppress: Vec<Field<Suppress>>,
}

/// `豁免 <rule> ["reason"]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppress {
    pub rule: Word,
    pub reason: Option<Text>,
}

impl MatterField {
    /// The field's keyword, for messages.
    pub fn keyword(&self) -> &'static str {
        match self {
            MatterField::Name(_) => "名称",
            MatterField::Code(_) => "编码",
            MatterField::Type(_) => "类型",
            MatterField::Department(_) => "实施主体",
            MatterField::Subjects(_) => "服务对象",
            MatterField::Handling(_) => "办件类型",
            MatterField::Basis(_) => "依据",
            MatterField::Conditions(_) => "受理条件",
            MatterField::Materials(_) => "材料",
            MatterField::Time(_) => "时限",
            MatterField::Fee(_) => "收费",
            MatterField::Visits(_) => "到现场",
            MatterField::Channels(_) => "办理形式",
            MatterField::Agency(_) => "代办",
            MatterField::Tongban(_) => "通办",
            MatterField::Result(_) => "结果",
            MatterField::Consult(_) => "咨询",
            MatterField::OnlineUrl(_) => "网办地址",
            MatterField::Review(_) => "复议",
            MatterField::Litigation(_) => "诉讼",
            MatterField::QuantityLimit(_) => "数量限制",
            MatterField::Supervise(_) => "监督",
            MatterField::Location(_) => "地点",
            MatterField::Hours(_) => "时间",
            MatterField::Faq(_) => "常见问题",
            MatterField::Suppress(_) => "豁免",
            MatterField::Variant(_) => "办理情形",
            MatterField::Steps(_) => "办理流程",
            MatterField::Accepting(_) => "受理机构",
            MatterField::Deciding(_) => "决定机构",
            MatterField::Entrust(..) => "委托",
            MatterField::PowerSource(_) => "权力来源",
            MatterField::Commitment(_) => "告知承诺",
            MatterField::Unverified(field, _) => field,
        }
    }
}

/// `《title》第N条…`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Citation {
    pub span: Span,
    /// The title as written between 《 and 》.
    pub title: Word,
    pub articles: Vec<ArticleRef>,
}

/// A numeral of an article reference: the digits or Chinese numerals as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Numeral {
    pub text: String,
    pub span: Span,
}

/// `第N条[之M][第N款][第N项]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArticleRef {
    pub span: Span,
    pub article: Numeral,
    /// `之M` of an inserted article (第二十条之一).
    pub insert: Option<Numeral>,
    pub paragraph: Option<Numeral>,
    pub clause: Option<Numeral>,
}

/// `"…" [依据 <citation>]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub text: Text,
    pub basis: Option<Citation>,
}

/// `<id> { … }` inside 材料.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Material {
    pub id: Word,
    pub span: Span,
    pub fields: Vec<Field<MaterialField>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MaterialField {
    Name(Text),
    Evidence(Word),
    Form(Word),
    Copies(Number),
    Medium(Word),
    Source(Word),
    Necessity(Word),
    Situation(Text),
    Basis(Citation),
    Sample(Text),
    Mistake(Text),
    /// `免提交 <how> ["note"]`
    Exempt(Word, Option<Text>),
    /// 后补时限 N 工作日
    Deadline(Days),
    Suppress(Suppress),
    /// `待核` in place of the value of 形式, 份数 or 来源.
    Unverified(&'static str, Unverified),
}

impl MaterialField {
    pub fn keyword(&self) -> &'static str {
        match self {
            MaterialField::Name(_) => "名称",
            MaterialField::Evidence(_) => "证照",
            MaterialField::Form(_) => "形式",
            MaterialField::Copies(_) => "份数",
            MaterialField::Medium(_) => "介质",
            MaterialField::Source(_) => "来源",
            MaterialField::Necessity(_) => "必要性",
            MaterialField::Situation(_) => "情形",
            MaterialField::Basis(_) => "依据",
            MaterialField::Sample(_) => "样表",
            MaterialField::Mistake(_) => "常见错误",
            MaterialField::Exempt(..) => "免提交",
            MaterialField::Deadline(_) => "后补时限",
            MaterialField::Suppress(_) => "豁免",
            MaterialField::Unverified(field, _) => field,
        }
    }
}

/// `时限 即办` or `时限 { … }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeLimit {
    Instant(Span),
    Block(Vec<Field<TimeItem>>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeItem {
    Legal(Duration),
    Promised(Duration),
    /// 法定 无
    NoLegal(Span),
    Special {
        name: Text,
        days: Option<Days>,
    },
    /// 延长 N 工作日 依据 <citation>
    Extension(Days, Citation),
    /// 法定 待核 | 承诺 待核
    Unverified(&'static str, Unverified),
}

impl TimeItem {
    pub fn keyword(&self) -> &'static str {
        match self {
            TimeItem::Legal(_) => "法定",
            TimeItem::Promised(_) => "承诺",
            TimeItem::NoLegal(_) => "法定",
            TimeItem::Special { .. } => "特别程序",
            TimeItem::Extension(..) => "延长",
            TimeItem::Unverified(field, _) => field,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Duration {
    Instant(Span),
    Days(Days),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Days {
    pub count: Number,
    pub unit: Word,
    pub span: Span,
}

/// `收费 不收费` or `收费 { … }`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fee {
    Free(Span),
    Items(Vec<FeeItem>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeeItem {
    pub id: Word,
    pub span: Span,
    pub fields: Vec<Field<FeeField>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeeField {
    Name(Text),
    Standard(Text),
    Basis(Citation),
    /// 金额 N 元: the amount as written (decimals allowed).
    Amount(Word),
    Per(Text),
    Relief(Text, Option<Citation>),
    Suppress(Suppress),
}

impl FeeField {
    pub fn keyword(&self) -> &'static str {
        match self {
            FeeField::Name(_) => "名称",
            FeeField::Standard(_) => "标准",
            FeeField::Basis(_) => "依据",
            FeeField::Amount(_) => "金额",
            FeeField::Per(_) => "每",
            FeeField::Relief(..) => "减免",
            FeeField::Suppress(_) => "豁免",
        }
    }
}

/// `到现场 N 次 ["reason"]`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visits {
    pub count: Number,
    pub reason: Option<Text>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultField {
    Name(Text),
    Evidence(Word),
    /// 有效期 N 年 | 长期: `None` for 长期.
    Validity(Option<(Number, Word)>),
    Delivery(Vec<Word>),
}

impl ResultField {
    pub fn keyword(&self) -> &'static str {
        match self {
            ResultField::Name(_) => "名称",
            ResultField::Evidence(_) => "证照",
            ResultField::Validity(_) => "有效期",
            ResultField::Delivery(_) => "送达",
        }
    }
}

/// `问 "…" 答 "…"`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Qa {
    pub question: Text,
    pub answer: Text,
}

/// `一件事 <id> { … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    pub id: Word,
    pub header: Span,
    pub span: Span,
    pub fields: Vec<Field<BundleField>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BundleField {
    Name(Text),
    Lead(Word),
    Flow(Flow),
    /// 目标时限 N 工作日
    Target(Days),
    /// 受理条件 collected once for the whole bundle.
    Conditions(Vec<Condition>),
    /// 材料 collected once for the whole bundle.
    Materials(Vec<MaterialItem>),
    /// `待核` written for 受理条件 or 材料: parsed as for a matter, refused while lowering
    /// (a bundle may leave both out).
    Unverified(&'static str, Unverified),
}

impl BundleField {
    pub fn keyword(&self) -> &'static str {
        match self {
            BundleField::Name(_) => "名称",
            BundleField::Lead(_) => "牵头",
            BundleField::Flow(_) => "流程",
            BundleField::Target(_) => "目标时限",
            BundleField::Conditions(_) => "受理条件",
            BundleField::Materials(_) => "材料",
            BundleField::Unverified(field, _) => field,
        }
    }
}

/// A step of a bundle's flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Flow {
    /// `串联 { … }`: children one after another.
    Serial {
        keyword: Span,
        span: Span,
        children: Vec<Flow>,
    },
    /// `并联 { … }`: children at the same time.
    Parallel {
        keyword: Span,
        span: Span,
        children: Vec<Flow>,
    },
    /// A matter named by its id, or one of its variants (`<matter>.<variant>`).
    Matter(FlowMatter),
}

/// A matter named in a flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlowMatter {
    /// The name as written, `<matter>` or `<matter>.<variant>`.
    pub name: Word,
    /// `可选`: the keyword, when the matter is needed by some applicants only.
    pub optional: Option<Span>,
}

impl Flow {
    pub fn span(&self) -> Span {
        match self {
            Flow::Serial { span, .. } | Flow::Parallel { span, .. } => *span,
            Flow::Matter(m) => m.optional.map_or(m.name.span, |o| o.to(m.name.span)),
        }
    }
}
