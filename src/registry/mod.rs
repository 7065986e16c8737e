//! `banshi.yaml` and `registry/*.yaml` → [`Config`] and [`Registry`].
//!
//! Every problem is a diagnostic pointing into the YAML file: a file that is not YAML, an entry
//! that is not a mapping, a missing or mistyped key, an unknown enumeration word. Entries with
//! problems are still loaded as far as they go, so references to them do not cascade into
//! `unknown-reference` findings.

mod rank_hint;
mod yaml;

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::lower::names::{Definitions, report_unknown};
use crate::model::{
    Completeness, Config, Department, DeptId, Evidence, EvidenceId, FolderOverride, Issuer, Law,
    LawId, Level, Rank, Ref, Registry, RuleLevel, RuleSetting,
};
use crate::source::{FileId, Span, Spanned};
use crate::suggest::closest;
use yaml::{Kind, Node};

/// The rules this stage declares, for [`crate::rules::table`].
pub static RULES: &[&crate::diagnostic::Rule] = &[&INVALID_REGISTRY, &UNKNOWN_KEY];

declare_rule! {
    /// ## 检查内容
    /// `banshi.yaml` 或 `registry/` 下的登记表（部门、法规、证照）写得不对：不是合法的 YAML，
    /// 嵌套超过 100 层，使用了 YAML 别名（`*名称`，banshi 不展开别名），同一个键值表中有重复的键，
    /// 条目不是键值表，缺少必填项（如部门的 `credit_code`、法规的 `rank`），取值类型不对
    /// （`articles` 不是整数、日期不是 `YYYY-MM-DD`），或取值不在规定范围内（`level`、`rank`）。
    ///
    /// ## 为什么有问题
    /// 登记表是所有事项共用的基础数据：实施编码由部门的信用代码和层级生成，依据的排序和时效
    /// 由法规的位阶和日期判断，材料能否免交由证照目录决定。登记表有误，这些检查都无法进行。
    ///
    /// ## 示例
    /// ```yaml
    /// - id: 社会救助暂行办法
    ///   rank: 法规
    ///   effective: 2014年5月1日
    /// ```
    ///
    /// ## 改为
    /// ```yaml
    /// - id: 社会救助暂行办法
    ///   rank: 行政法规
    ///   issuer: 国务院
    ///   effective: 2014-05-01
    /// ```
    ///
    /// ## 依据
    /// 语言参考 docs/language.md 第 1 节（目录结构与登记表格式）。
    pub static INVALID_REGISTRY = {
        code: "E002",
        name: "invalid-registry",
        severity: Error,
        summary: "配置文件或登记表格式不正确",
    };
}

declare_rule! {
    /// ## 检查内容
    /// `banshi.yaml` 或登记表中出现了 banshi 不认识的键。
    ///
    /// ## 为什么有问题
    /// 多数是键名写错（`credit-code` 写成了 `credit_code` 以外的样子），
    /// 写错的键会被忽略，本应生效的信息因此丢失。
    ///
    /// ## 示例
    /// ```yaml
    /// - id: 居民身份证
    ///   shard: true
    /// ```
    ///
    /// ## 改为
    /// ```yaml
    /// - id: 居民身份证
    ///   shared: true
    /// ```
    ///
    /// ## 依据
    /// 语言参考 docs/language.md 第 1 节。
    pub static UNKNOWN_KEY = {
        code: "W003",
        name: "unknown-key",
        severity: Warning,
        summary: "配置文件或登记表中有不认识的键",
    };
}

/// Where the registries live, relative to the catalog root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegistryPaths {
    pub departments: Spanned<String>,
    pub laws: Spanned<String>,
    pub evidence: Spanned<String>,
}

impl RegistryPaths {
    pub fn defaults(config_file: FileId) -> RegistryPaths {
        let at = Span::file_start(config_file);
        RegistryPaths {
            departments: Spanned::new("registry/departments.yaml".into(), at),
            laws: Spanned::new("registry/laws.yaml".into(), at),
            evidence: Spanned::new("registry/evidence.yaml".into(), at),
        }
    }
}

/// Parses a YAML file, reporting why it cannot be read as `invalid-registry`. `Some(None)` is
/// an empty file; `None` a file that is not read (not YAML, too deep, or with an alias).
fn parse_yaml(file: FileId, src: &str, path: &str, sink: &mut Sink) -> Option<Option<Node>> {
    let refused = match yaml::parse(file, src) {
        Ok(parsed) => {
            for d in parsed.findings {
                sink.push(d);
            }
            return Some(parsed.root);
        }
        Err(refused) => refused,
    };
    let d = match refused.why {
        yaml::Why::Syntax(info) => {
            Diagnostic::new(&INVALID_REGISTRY, refused.span, format!("{path} 不是合法的 YAML"))
                .label("此处无法解析")
                .note(yaml::explain(&info))
                .help("检查缩进（只能用空格）、冒号后的空格和引号是否成对")
        }
        yaml::Why::TooDeep => Diagnostic::new(
            &INVALID_REGISTRY,
            refused.span,
            format!(
                "{path} 在此处嵌套超过 {} 层，文件未被读取",
                yaml::MAX_DEPTH
            ),
        )
        .label(format!("超过 {} 层", yaml::MAX_DEPTH))
        .help("登记表是条目的列表，每个条目是一个键值表，只需要两三层；检查文件是否被生成程序写坏"),
        yaml::Why::Alias => Diagnostic::new(
            &INVALID_REGISTRY,
            refused.span,
            format!("{path} 使用了 YAML 别名（*），文件未被读取"),
        )
        .label("别名")
        .note("banshi 不展开别名：每个取值应写在读取它的地方，展开别名还可能使一个小文件膨胀成巨量数据")
        .help("把锚点（&）处的内容直接写到这里，并删除锚点和别名"),
    };
    sink.push(d);
    None
}

/// `banshi.yaml`.
pub fn config(file: FileId, src: &str, sink: &mut Sink) -> (Config, RegistryPaths) {
    let mut paths = RegistryPaths::defaults(file);
    let mut config = Config::default();
    let Some(root) = parse_yaml(file, src, "banshi.yaml", sink).flatten() else {
        return (config, paths);
    };
    if root.is_null() {
        sink.push(Diagnostic::new(
            &INVALID_REGISTRY,
            Span::file_start(file),
            "banshi.yaml 是空的：至少需要 name 和 region",
        ));
        return (config, paths);
    }
    let mut entry = Entry::new(&root, "目录配置", CONFIG_KEYS, sink);
    config.name = entry.string("name", true);
    config.region = entry.string("region", true);
    if let Some(region) = &config.region
        && !(region.value.len() == 6 && region.value.bytes().all(|b| b.is_ascii_digit()))
    {
        entry.sink.push(
            Diagnostic::new(
                &INVALID_REGISTRY,
                region.span,
                format!("region「{}」不是 6 位行政区划代码", region.value),
            )
            .label("应为 6 位数字")
            .help("按 GB/T 2260 填写，例如常州市天宁区为 \"320402\""),
        );
    }
    config.edition = entry.string("edition", false);
    config.date = entry.date("date", false);
    if let Some(rules) = root.get("rules") {
        config.rules = rule_settings(rules, entry.sink);
    }
    if let Some(overrides) = root.get("overrides") {
        match overrides.items() {
            Some(items) => {
                for item in items {
                    let mut o = Entry::new(item, "overrides 条目", OVERRIDE_KEYS, entry.sink);
                    let Some(path) = o.string("path", true) else {
                        continue;
                    };
                    let rules = item
                        .get("rules")
                        .map_or_else(Vec::new, |r| rule_settings(r, o.sink));
                    config.overrides.push(FolderOverride {
                        path: Spanned::new(path.value.trim_end_matches('/').to_string(), path.span),
                        rules,
                    });
                }
            }
            None => entry.sink.push(
                Diagnostic::new(
                    &INVALID_REGISTRY,
                    overrides.span,
                    "overrides 应当是一个列表",
                )
                .label(format!("这里是{}", overrides.describe()))
                .help("每个条目写「- path: 文件夹/」和「rules:」"),
            ),
        }
    }
    if let Some(registry) = root.get("registry") {
        let mut sub = Entry::new(registry, "registry 配置", REGISTRY_KEYS, entry.sink);
        if let Some(p) = sub.string("departments", false) {
            paths.departments = p;
        }
        if let Some(p) = sub.string("laws", false) {
            paths.laws = p;
        }
        if let Some(p) = sub.string("evidence", false) {
            paths.evidence = p;
        }
    }
    (config, paths)
}

const CONFIG_KEYS: &[&str] = &[
    "name",
    "region",
    "edition",
    "date",
    "registry",
    "rules",
    "overrides",
];
const OVERRIDE_KEYS: &[&str] = &["path", "rules"];

/// `rules:` — a mapping from rule code or name to error | warning | off. Rule names are
/// checked against the rule registry later (`unknown-rule`), where the registry is known.
fn rule_settings(node: &Node, sink: &mut Sink) -> Vec<RuleSetting> {
    let Some(entries) = node.entries() else {
        sink.push(
            Diagnostic::new(
                &INVALID_REGISTRY,
                node.span,
                "rules 应当是「规则: 级别」的键值表",
            )
            .label(format!("这里是{}", node.describe()))
            .help("例如「basis-order: error」；级别为 error、warning 或 off"),
        );
        return Vec::new();
    };
    let mut out = Vec::new();
    for (k, v) in entries {
        let Some(rule) = k.as_scalar() else { continue };
        let value = v.as_scalar().unwrap_or("");
        match RuleLevel::from_word(value) {
            Some(level) => out.push(RuleSetting {
                rule: Spanned::new(rule.to_string(), k.span),
                level: Spanned::new(level, v.span),
            }),
            None => sink.push(
                Diagnostic::new(
                    &INVALID_REGISTRY,
                    v.span,
                    format!("规则「{rule}」的级别「{value}」无效"),
                )
                .label("应为 error、warning 或 off"),
            ),
        }
    }
    out
}
const REGISTRY_KEYS: &[&str] = &["departments", "laws", "evidence"];
const DEPARTMENT_KEYS: &[&str] = &["id", "name", "credit_code", "level", "region"];
const LAW_KEYS: &[&str] = &[
    "id",
    "rank",
    "issuer",
    "number",
    "effective",
    "repealed",
    "articles",
];
const EVIDENCE_KEYS: &[&str] = &["id", "name", "issuer", "issuer_name", "shared"];

/// The list at the root of a registry file; an empty file is an empty list.
fn list<'a>(root: Option<&'a Node>, file: FileId, path: &str, sink: &mut Sink) -> &'a [Node] {
    let Some(root) = root else { return &[] };
    if root.is_null() {
        return &[];
    }
    match root.items() {
        Some(items) => items,
        None => {
            let span = if root.span.end > root.span.start {
                root.span
            } else {
                Span::file_start(file)
            };
            sink.push(
                Diagnostic::new(&INVALID_REGISTRY, span, format!("{path} 应当是一个列表"))
                    .label(format!("这里是{}", root.describe()))
                    .help("每个条目以「- id: …」开头"),
            );
            &[]
        }
    }
}

/// A department's own `region` (language §11): a division code of 6 (county), 9 (township) or
/// 12 (village) digits, for a body below the catalog's region such as a 街道.
fn department_region(e: &mut Entry) -> Option<Spanned<String>> {
    let region = e.string("region", false)?;
    let digits = region.value.bytes().all(|b| b.is_ascii_digit());
    if digits && matches!(region.value.len(), 6 | 9 | 12) {
        return Some(region);
    }
    e.sink.push(
        Diagnostic::new(
            &INVALID_REGISTRY,
            region.span,
            format!(
                "部门的 region「{}」不是 6、9 或 12 位行政区划代码",
                region.value
            ),
        )
        .label("应为 6、9 或 12 位数字")
        .help("按 GB/T 2260 及其乡级、村级扩展填写：县级 6 位，乡镇（街道）9 位，村（社区）12 位"),
    );
    None
}

/// `None` when the file is not YAML at all (references into it are then not reported).
pub fn departments(
    file: FileId,
    src: &str,
    path: &str,
    sink: &mut Sink,
) -> Option<Vec<Department>> {
    let root = parse_yaml(file, src, path, sink)?;
    let nodes = list(root.as_ref(), file, path, sink);
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        let mut e = Entry::new(node, "部门", DEPARTMENT_KEYS, sink);
        let Some(id) = e.string("id", true) else {
            continue;
        };
        out.push(Department {
            id,
            span: node.span,
            name: e.string("name", true),
            credit_code: e.string("credit_code", true),
            level: e.word("level", Level::ALL, true),
            region: department_region(&mut e),
        });
    }
    Some(out)
}

/// `None` when the file is not YAML at all (references into it are then not reported).
pub fn laws(file: FileId, src: &str, path: &str, sink: &mut Sink) -> Option<Vec<Law>> {
    let root = parse_yaml(file, src, path, sink)?;
    let nodes = list(root.as_ref(), file, path, sink);
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        let mut e = Entry::new(node, "法规", LAW_KEYS, sink);
        let Some(id) = e.string("id", true) else {
            continue;
        };
        let issuer = e.string("issuer", true);
        let number = e.string("number", false);
        let issuer_name = issuer.as_ref().map(|i| i.value.clone());
        let number_text = number.as_ref().map(|n| n.value.clone());
        // The closest word by spelling may contradict the title (法规 → 法律 for a 国务院
        // 条例); what the title and issuer say comes first.
        let rank = e.word_hinted("rank", Rank::ALL, true, |value| {
            rank_hint::help(
                value,
                &id.value,
                issuer_name.as_deref(),
                number_text.as_deref(),
            )
        });
        let law = Law {
            id,
            span: node.span,
            rank,
            issuer,
            number,
            effective: e.date("effective", true),
            repealed: e.date("repealed", false),
            articles: e.count("articles"),
        };
        if let (Some(eff), Some(rep)) = (&law.effective, &law.repealed)
            && rep.value < eff.value
        {
            e.sink.push(
                Diagnostic::new(
                    &INVALID_REGISTRY,
                    rep.span,
                    format!("废止日期 {} 早于施行日期 {}", rep.value, eff.value),
                )
                .label("废止日期")
                .secondary(eff.span, "施行日期"),
            );
        }
        out.push(law);
    }
    Some(out)
}

/// `None` when the file is not YAML at all (references into it are then not reported).
pub fn evidence(file: FileId, src: &str, path: &str, sink: &mut Sink) -> Option<Vec<Evidence>> {
    let root = parse_yaml(file, src, path, sink)?;
    let nodes = list(root.as_ref(), file, path, sink);
    let mut out = Vec::with_capacity(nodes.len());
    for node in nodes {
        let mut e = Entry::new(node, "证照", EVIDENCE_KEYS, sink);
        let Some(id) = e.string("id", true) else {
            continue;
        };
        let name = e.string("name", true);
        let issuer_id = e.string("issuer", false);
        let issuer_name = e.string("issuer_name", false);
        let issuer = match (issuer_id, issuer_name) {
            (Some(dept), Some(named)) => {
                e.sink.push(
                    Diagnostic::new(
                        &INVALID_REGISTRY,
                        named.span,
                        "issuer 与 issuer_name 只能填写一个",
                    )
                    .label("与 issuer 重复")
                    .secondary(dept.span, "已填写 issuer")
                    .help(
                        "发证部门在部门登记表中时写 issuer（部门 id），否则写 issuer_name（全称）",
                    ),
                );
                Some(Issuer::Department(Ref {
                    name: dept.value,
                    span: dept.span,
                    target: None,
                }))
            }
            (Some(dept), None) => Some(Issuer::Department(Ref {
                name: dept.value,
                span: dept.span,
                target: None,
            })),
            (None, Some(named)) => Some(Issuer::Named(named)),
            (None, None) => None,
        };
        let shared = e.boolean("shared").unwrap_or(false);
        out.push(Evidence {
            id,
            span: node.span,
            name,
            issuer,
            shared,
        });
    }
    Some(out)
}

/// Builds the registry: reports duplicate ids and resolves evidence issuers to departments.
pub fn assemble(
    departments: Option<Vec<Department>>,
    laws: Option<Vec<Law>>,
    evidence: Option<Vec<Evidence>>,
    sink: &mut Sink,
) -> Registry {
    let complete = Completeness {
        departments: departments.is_some(),
        laws: laws.is_some(),
        evidence: evidence.is_some(),
    };
    let departments = departments.unwrap_or_default();
    let laws = laws.unwrap_or_default();
    let mut evidence = evidence.unwrap_or_default();
    let mut dept_defs = Definitions::with_capacity("部门", departments.len());
    for (i, d) in departments.iter().enumerate() {
        dept_defs.define(&d.id.value, d.id.span, DeptId(index(i)), sink);
    }
    let mut law_defs = Definitions::with_capacity("法规", laws.len());
    for (i, l) in laws.iter().enumerate() {
        law_defs.define(&l.id.value, l.id.span, LawId(index(i)), sink);
    }
    let mut ev_defs = Definitions::with_capacity("证照", evidence.len());
    for (i, e) in evidence.iter().enumerate() {
        ev_defs.define(&e.id.value, e.id.span, EvidenceId(index(i)), sink);
    }
    for e in &mut evidence {
        if let Some(Issuer::Department(r)) = &mut e.issuer {
            r.target = dept_defs.get(&r.name);
            if r.target.is_none() && complete.departments {
                report_unknown(
                    sink,
                    "部门",
                    "部门登记表",
                    &r.name,
                    r.span,
                    dept_defs.names(),
                );
            }
        }
    }
    Registry::new(departments, laws, evidence, complete)
}

fn index(i: usize) -> u32 {
    u32::try_from(i).unwrap_or(u32::MAX)
}

/// Decodes one mapping, reporting into the sink.
struct Entry<'a, 's> {
    node: &'a Node,
    what: &'static str,
    sink: &'s mut Sink,
}

impl<'a, 's> Entry<'a, 's> {
    fn new(node: &'a Node, what: &'static str, known: &[&str], sink: &'s mut Sink) -> Self {
        match node.entries() {
            Some(entries) => {
                for (k, _) in entries {
                    let key = k.as_scalar().unwrap_or("");
                    if !known.contains(&key) {
                        let mut d = Diagnostic::new(
                            &UNKNOWN_KEY,
                            k.span,
                            format!("{what}中有不认识的键「{key}」"),
                        )
                        .label("banshi 不使用此键")
                        .note(format!("可用的键：{}", known.join("、")));
                        if let Some(s) = closest(key, known.iter().copied()) {
                            d = d.help(format!("您是不是想写「{s}」？"));
                        }
                        sink.push(d);
                    }
                }
            }
            None => sink.push(
                Diagnostic::new(
                    &INVALID_REGISTRY,
                    node.span,
                    format!("{what}条目应当是「键: 值」的键值表"),
                )
                .label(format!("这里是{}", node.describe())),
            ),
        }
        Entry { node, what, sink }
    }

    fn value(&mut self, key: &str, required: bool) -> Option<&'a Node> {
        let found = self.node.get(key).filter(|n| !n.is_null());
        if found.is_none() && required && self.node.entries().is_some() {
            let what = self.what;
            self.sink.push(
                Diagnostic::new(
                    &INVALID_REGISTRY,
                    self.node.span,
                    format!("{what}条目缺少必填的「{key}」"),
                )
                .label(format!("缺少 {key}")),
            );
        }
        found
    }

    fn string(&mut self, key: &str, required: bool) -> Option<Spanned<String>> {
        let node = self.value(key, required)?;
        match node.as_scalar() {
            Some(s) => Some(Spanned::new(s.trim().to_string(), node.span)),
            None => {
                self.mistyped(node, key, "一段文字");
                None
            }
        }
    }

    fn mistyped(&mut self, node: &Node, key: &str, wanted: &str) {
        self.sink.push(
            Diagnostic::new(
                &INVALID_REGISTRY,
                node.span,
                format!("「{key}」应为{wanted}，这里是{}", node.describe()),
            )
            .label(format!("应为{wanted}")),
        );
    }

    fn word<T: Copy>(
        &mut self,
        key: &str,
        all: &'static [(T, &'static str)],
        required: bool,
    ) -> Option<Spanned<T>> {
        self.word_hinted(key, all, required, |_| None)
    }

    /// [`Entry::word`], with a help for a wrong value that knows more than its spelling.
    fn word_hinted<T: Copy>(
        &mut self,
        key: &str,
        all: &'static [(T, &'static str)],
        required: bool,
        hint: impl Fn(&str) -> Option<String>,
    ) -> Option<Spanned<T>> {
        let s = self.string(key, required)?;
        match all.iter().find(|(_, w)| *w == s.value) {
            Some((v, _)) => Some(Spanned::new(*v, s.span)),
            None => {
                let listing: Vec<&str> = all.iter().map(|(_, w)| *w).collect();
                let mut d = Diagnostic::new(
                    &INVALID_REGISTRY,
                    s.span,
                    format!("「{key}」的取值「{}」无效", s.value),
                )
                .label("不在可选范围内")
                .note(format!("可选：{}", listing.join("、")));
                if let Some(h) = hint(&s.value) {
                    d = d.help(h);
                } else if let Some(c) = closest(&s.value, listing.iter().copied()) {
                    d = d.help(format!("您是不是想写「{c}」？"));
                }
                self.sink.push(d);
                None
            }
        }
    }

    fn date(&mut self, key: &str, required: bool) -> Option<Spanned<jiff::civil::Date>> {
        let s = self.string(key, required)?;
        match s.value.parse::<jiff::civil::Date>() {
            Ok(d) if s.value.len() == 10 => Some(Spanned::new(d, s.span)),
            _ => {
                self.sink.push(
                    Diagnostic::new(
                        &INVALID_REGISTRY,
                        s.span,
                        format!("「{key}」的日期「{}」无法识别", s.value),
                    )
                    .label("应为 YYYY-MM-DD")
                    .help("例如 2014-05-01"),
                );
                None
            }
        }
    }

    fn count(&mut self, key: &str) -> Option<Spanned<u32>> {
        let node = self.value(key, false)?;
        match node.as_scalar().map(|s| s.trim().parse::<u32>()) {
            Some(Ok(n)) if n > 0 => Some(Spanned::new(n, node.span)),
            _ => {
                self.mistyped(node, key, "正整数");
                None
            }
        }
    }

    fn boolean(&mut self, key: &str) -> Option<bool> {
        let node = self.value(key, false)?;
        match (&node.kind, node.as_scalar()) {
            (Kind::Scalar { plain: true, .. }, Some("true" | "True" | "TRUE")) => Some(true),
            (Kind::Scalar { plain: true, .. }, Some("false" | "False" | "FALSE")) => Some(false),
            _ => {
                self.mistyped(node, key, "true 或 false");
                None
            }
        }
    }
}

/// A configuration or registry file that does not exist.
pub fn missing_file(at: Span, what: &str, path: &str) -> Diagnostic {
    let help = if path == "banshi.yaml" {
        "在目录根上创建 banshi.yaml，写明目录名称 name 和行政区划代码 region".to_string()
    } else {
        format!("在目录中创建 {path}，或在 banshi.yaml 的 registry 中写明其位置")
    };
    Diagnostic::new(&INVALID_REGISTRY, at, format!("找不到{what} {path}"))
        .label("文件不存在")
        .help(help)
}
