//! The workbook layout and the words read in its cells: data, kept in one place.

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// The matter's (or bundle's, or material's) identifier in the spec.
    Id,
    /// The spec file the item is written in, relative to the catalog root.
    File,
    /// A spec field, by its keyword.
    Field(&'static str),
    /// 时限's 法定 line.
    Legal,
    /// 时限's 承诺 line.
    Promised,
    /// 时限's other lines (特别程序, 延长), or the whole 时限 when it is not a block.
    TimeMore,
    /// The 实施主体's 统一社会信用代码 (a registry fact, read into departments.yaml).
    DepartmentCode,
    /// The level the matter is exercised at (行使层级), read as its department's level.
    DepartmentLevel,
    /// In the materials sheet: the matter a material belongs to.
    Owner,
    /// In the materials sheet: the 任选 group, its 名称, and its other fields.
    Group,
    GroupName,
    GroupMore,
    /// A column of the national list that the language has no field for (实施编码 …).
    Unused,
}

/// One column: the header banshi writes, the other headers lists use for it, what it holds,
/// and its width in the exported workbook (in characters).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub header: &'static str,
    pub aliases: &'static [&'static str],
    pub key: Key,
    pub width: f64,
}

const fn col(
    header: &'static str,
    aliases: &'static [&'static str],
    key: Key,
    width: f64,
) -> Column {
    Column {
        header,
        aliases,
        key,
        width,
    }
}

use Key::*;

/// The matters sheet: the columns of the national 实施清单 first, then what the language adds.
pub const MATTER_COLUMNS: &[Column] = &[
    col("事项标识", &["标识"], Id, 16.0),
    col(
        "事项名称",
        &["名称", "事项全称", "主项名称"],
        Field("名称"),
        28.0,
    ),
    col("基本编码", &["事项编码", "编码"], Field("编码"), 16.0),
    col("实施编码", &["事项实施编码"], Unused, 12.0),
    col(
        "事项类型",
        &["类型", "权力类型", "事项类别"],
        Field("类型"),
        12.0,
    ),
    col(
        "实施主体",
        &["实施机构", "实施主体名称", "实施部门"],
        Field("实施主体"),
        24.0,
    ),
    col(
        "实施主体编码",
        &["实施主体统一社会信用代码", "统一社会信用代码"],
        DepartmentCode,
        20.0,
    ),
    col("行使层级", &["层级"], DepartmentLevel, 10.0),
    col(
        "服务对象",
        &["服务对象类型", "办理对象"],
        Field("服务对象"),
        14.0,
    ),
    col("办件类型", &[], Field("办件类型"), 10.0),
    col(
        "设定依据",
        &["依据", "法律依据", "实施依据", "设立依据"],
        Field("依据"),
        40.0,
    ),
    col(
        "受理条件",
        &["申请条件", "办理条件"],
        Field("受理条件"),
        40.0,
    ),
    col(
        "申请材料",
        &["材料", "所需材料", "申请材料目录"],
        Field("材料"),
        40.0,
    ),
    col("法定办结时限", &["法定时限", "法定期限"], Legal, 14.0),
    col("承诺办结时限", &["承诺时限", "承诺期限"], Promised, 14.0),
    col("特别程序及延长", &["特别程序"], TimeMore, 24.0),
    col(
        "收费标准",
        &["收费", "是否收费", "收费情况", "收费标准及依据", "收费依据"],
        Field("收费"),
        30.0,
    ),
    col(
        "到现场次数",
        &["到办事现场次数", "到现场"],
        Field("到现场"),
        12.0,
    ),
    col("办理形式", &["办理方式"], Field("办理形式"), 14.0),
    col(
        "网办地址",
        &["网上办理地址", "在线办理地址"],
        Field("网办地址"),
        30.0,
    ),
    col("办理地点", &["地点", "受理地点"], Field("地点"), 30.0),
    col("办理时间", &["时间", "受理时间"], Field("时间"), 24.0),
    col("咨询电话", &["咨询", "咨询方式"], Field("咨询"), 18.0),
    col(
        "监督电话",
        &["监督", "监督投诉方式", "投诉电话"],
        Field("监督"),
        18.0,
    ),
    col(
        "审批结果",
        &["办理结果", "结果", "结果名称", "审批结果名称"],
        Field("结果"),
        28.0,
    ),
    col("代办", &["代办类型"], Field("代办"), 8.0),
    col("通办", &["通办范围"], Field("通办"), 10.0),
    col("数量限制", &["有无数量限制"], Field("数量限制"), 16.0),
    col("行政复议", &["复议"], Field("复议"), 30.0),
    col("行政诉讼", &["诉讼"], Field("诉讼"), 30.0),
    col("受理机构", &[], Field("受理机构"), 20.0),
    col("决定机构", &[], Field("决定机构"), 16.0),
    col("委托", &[], Field("委托"), 24.0),
    col("权力来源", &[], Field("权力来源"), 14.0),
    col("告知承诺", &[], Field("告知承诺"), 24.0),
    col("常见问题", &[], Field("常见问题"), 40.0),
    col("办理流程", &[], Field("办理流程"), 40.0),
    col("办理情形", &[], Field("办理情形"), 40.0),
    col("豁免", &[], Field("豁免"), 24.0),
    col("所在文件", &["文件"], File, 28.0),
];

/// The materials sheet: one row per material, keyed by the matter's identifier.
pub const MATERIAL_COLUMNS: &[Column] = &[
    col("事项标识", &[], Owner, 16.0),
    col("材料标识", &[], Id, 14.0),
    col("材料名称", &["名称"], Field("名称"), 30.0),
    col("任选组", &[], Group, 12.0),
    col("任选组名称", &[], GroupName, 20.0),
    col("任选组其他", &[], GroupMore, 16.0),
    col("证照", &["电子证照"], Field("证照"), 14.0),
    col("材料形式", &["形式"], Field("形式"), 14.0),
    col("份数", &["材料份数", "纸质材料份数"], Field("份数"), 8.0),
    col("介质", &["载体"], Field("介质"), 10.0),
    col("来源渠道", &["来源", "材料来源"], Field("来源"), 14.0),
    col("必要性", &["是否必要", "是否必需"], Field("必要性"), 10.0),
    col("适用情形", &["情形"], Field("情形"), 24.0),
    col("依据", &["设定依据"], Field("依据"), 30.0),
    col("样表", &["空白表格", "示范文本"], Field("样表"), 20.0),
    col("常见错误", &["填报须知"], Field("常见错误"), 24.0),
    col("免提交", &[], Field("免提交"), 18.0),
    col("后补时限", &[], Field("后补时限"), 12.0),
    col("豁免", &[], Field("豁免"), 20.0),
];

/// The bundles sheet.
pub const BUNDLE_COLUMNS: &[Column] = &[
    col("一件事标识", &["标识"], Id, 16.0),
    col("一件事名称", &["名称"], Field("名称"), 28.0),
    col("牵头部门", &["牵头"], Field("牵头"), 16.0),
    col("流程", &[], Field("流程"), 40.0),
    col("目标时限", &[], Field("目标时限"), 14.0),
    col("受理条件", &[], Field("受理条件"), 30.0),
    col("材料", &[], Field("材料"), 40.0),
    col("所在文件", &["文件"], File, 28.0),
];

pub const MATTERS_SHEET: &str = "事项";
pub const MATERIALS_SHEET: &str = "材料";
pub const BUNDLES_SHEET: &str = "一件事";
pub const DEPARTMENTS_SHEET: &str = "部门";
pub const LAWS_SHEET: &str = "法规";
pub const EVIDENCE_SHEET: &str = "证照";
pub const CATALOG_SHEET: &str = "目录";

/// Registry sheets: header, the YAML key it is written to, width.
pub const DEPARTMENT_COLUMNS: &[(&str, &str, f64)] = &[
    ("部门标识", "id", 16.0),
    ("部门名称", "name", 28.0),
    ("统一社会信用代码", "credit_code", 22.0),
    ("层级", "level", 10.0),
    ("区划代码", "region", 14.0),
];
pub const LAW_COLUMNS: &[(&str, &str, f64)] = &[
    ("法规名称", "id", 36.0),
    ("位阶", "rank", 14.0),
    ("制定机关", "issuer", 24.0),
    ("文号", "number", 20.0),
    ("施行日期", "effective", 12.0),
    ("废止日期", "repealed", 12.0),
    ("条数", "articles", 8.0),
];
pub const EVIDENCE_COLUMNS: &[(&str, &str, f64)] = &[
    ("证照标识", "id", 18.0),
    ("证照名称", "name", 30.0),
    ("发证部门", "issuer", 16.0),
    ("发证机构名称", "issuer_name", 24.0),
    ("可共享", "shared", 8.0),
];
/// The catalog sheet: one row per `banshi.yaml` key.
pub const CATALOG_KEYS: &[(&str, &str)] = &[
    ("目录名称", "name"),
    ("行政区划代码", "region"),
    ("版本", "edition"),
    ("编制日期", "date"),
];

/// Alias tables: which list a cell is read against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alias {
    Kind,
    Subject,
    Handling,
    Channel,
    Form,
    Medium,
    Source,
    Necessity,
    Level,
    Shared,
}

/// `(table, as written, the language's word)`. The language's own words map to themselves;
/// the others are the wordings national and provincial lists use for the same thing
/// (民法典 第二、五十七、一百零二条 for the kinds of 服务对象).
pub const ALIASES: &[(Alias, &str, &str)] = &[
    (Alias::Kind, "行政许可", "行政许可"),
    (Alias::Kind, "行政处罚", "行政处罚"),
    (Alias::Kind, "行政强制", "行政强制"),
    (Alias::Kind, "行政征收", "行政征收"),
    (Alias::Kind, "行政给付", "行政给付"),
    (Alias::Kind, "行政检查", "行政检查"),
    (Alias::Kind, "行政确认", "行政确认"),
    (Alias::Kind, "行政奖励", "行政奖励"),
    (Alias::Kind, "行政裁决", "行政裁决"),
    (Alias::Kind, "其他行政权力", "其他行政权力"),
    (Alias::Kind, "其他权力", "其他行政权力"),
    (Alias::Kind, "公共服务", "公共服务"),
    (Alias::Subject, "自然人", "自然人"),
    (Alias::Subject, "个人", "自然人"),
    (Alias::Subject, "公民", "自然人"),
    (Alias::Subject, "法人", "法人"),
    (Alias::Subject, "企业法人", "法人"),
    (Alias::Subject, "企事业法人", "法人"),
    (Alias::Subject, "事业单位法人", "法人"),
    (Alias::Subject, "事业法人", "法人"),
    (Alias::Subject, "社会组织法人", "法人"),
    (Alias::Subject, "机关法人", "法人"),
    (Alias::Subject, "非法人组织", "非法人组织"),
    (Alias::Subject, "非法人企业", "非法人组织"),
    (Alias::Subject, "其他组织", "非法人组织"),
    (Alias::Handling, "即办件", "即办件"),
    (Alias::Handling, "承诺件", "承诺件"),
    (Alias::Channel, "窗口", "窗口"),
    (Alias::Channel, "窗口办理", "窗口"),
    (Alias::Channel, "现场办理", "窗口"),
    (Alias::Channel, "网上", "网上"),
    (Alias::Channel, "网上办理", "网上"),
    (Alias::Channel, "网办", "网上"),
    (Alias::Channel, "在线办理", "网上"),
    (Alias::Channel, "快递", "快递"),
    (Alias::Channel, "快递办理", "快递"),
    (Alias::Channel, "邮寄", "快递"),
    (Alias::Form, "原件", "原件"),
    (Alias::Form, "复印件", "复印件"),
    (Alias::Form, "原件和复印件", "原件和复印件"),
    (Alias::Form, "原件及复印件", "原件和复印件"),
    (Alias::Form, "原件、复印件", "原件和复印件"),
    (Alias::Medium, "纸质", "纸质"),
    (Alias::Medium, "电子", "电子"),
    (Alias::Medium, "纸质和电子", "纸质和电子"),
    (Alias::Medium, "纸质及电子", "纸质和电子"),
    (Alias::Medium, "纸质、电子", "纸质和电子"),
    (Alias::Source, "申请人自备", "申请人自备"),
    (Alias::Source, "申请人", "申请人自备"),
    (Alias::Source, "自备", "申请人自备"),
    (Alias::Source, "政府部门核发", "政府部门核发"),
    (Alias::Source, "政府部门", "政府部门核发"),
    (Alias::Source, "中介机构出具", "中介机构出具"),
    (Alias::Source, "中介机构", "中介机构出具"),
    (Alias::Necessity, "必要", "必要"),
    (Alias::Necessity, "是", "必要"),
    (Alias::Necessity, "非必要", "非必要"),
    (Alias::Necessity, "否", "非必要"),
    (Alias::Necessity, "容缺后补", "容缺后补"),
    (Alias::Level, "国家级", "国家级"),
    (Alias::Level, "省级", "省级"),
    (Alias::Level, "市级", "市级"),
    (Alias::Level, "县级", "县级"),
    (Alias::Level, "镇级", "镇级"),
    (Alias::Level, "乡镇级", "镇级"),
    (Alias::Level, "村级", "村级"),
    (Alias::Shared, "是", "true"),
    (Alias::Shared, "否", "false"),
];

/// Limits that mean the matter is cleared on the spot.
pub const INSTANT_WORDS: &[&str] = &[
    "即办",
    "即办件",
    "即时办结",
    "即时办理",
    "当场办结",
    "当场办理",
    "当场",
    "立即办结",
    "即来即办",
];

/// 法定 limits that say no law sets one.
pub const NO_LIMIT_WORDS: &[&str] = &["无", "法律法规未规定", "无法定时限", "法律未规定"];

/// Fee cells that say nothing is charged.
pub const FEE_FREE: &[&str] = &[
    "不收费",
    "免费",
    "否",
    "无",
    "不收取费用",
    "免收费用",
    "0",
    "0元",
];

/// List numbers written as one character.
pub const ENUMERATORS_CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";

/// The header of a column, as lists vary it: blanks, line breaks, 「*」 marks of a required
/// column and a trailing 「（必填）」 are not part of its name.
pub fn header_key(s: &str) -> String {
    let t: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '＊')
        .collect();
    t.trim_end_matches("（必填）")
        .trim_end_matches("(必填)")
        .to_string()
}

/// The column a header names, among `columns`.
pub fn column_for<'c>(columns: &'c [Column], header: &str) -> Option<&'c Column> {
    let key = header_key(header);
    columns
        .iter()
        .find(|c| c.header == key)
        .or_else(|| columns.iter().find(|c| c.aliases.contains(&key.as_str())))
}
