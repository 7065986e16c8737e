//! pest errors → `syntax-error` diagnostics in domain words.
//!
//! pest reports the rules it tried at the furthest position it reached. Each rule is named
//! here in words a clerk knows (「字段名」, 「材料名称」, 「}」); pest's own names and
//! rendering never reach the user. The token that was found is quoted, and when it looks like a
//! misspelt keyword or a full-width look-alike of a symbol, the help says what to write.

use super::Rule;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use crate::suggest::closest;

declare_rule! {
    /// ## 检查内容
    /// 文件不符合事项描述语言的语法：缺少括号、字段名写错、字符串没有结束引号、
    /// 在需要取值的地方写了别的内容。
    ///
    /// 一处语法错误不会掩盖其余错误：banshi 在每个「事项」「一件事」、块中的每个字段
    /// 和每项材料处重新开始解析，每处错误各报告一次（每个文件最多报告 50 处）。
    ///
    /// ## 为什么有问题
    /// 含语法错误的事项无法被理解：它不会被检查，也不会出现在办事指南中。
    /// 同一文件中没有语法错误的事项、以及其他文件，仍照常检查；
    /// 引用含语法错误事项的一件事不会再被报告为“未知的事项”。
    ///
    /// ## 示例
    /// ```banshi
    /// 事项 低保申请 {
    ///   名城 "城乡居民最低生活保障申请"
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 事项 低保申请 {
    ///   名称 "城乡居民最低生活保障申请"
    /// }
    /// ```
    ///
    /// ## 依据
    /// 语言参考 docs/language.md。
    pub static SYNTAX_ERROR = {
        code: "E001",
        name: "syntax-error",
        severity: Error,
        summary: "文件不符合事项描述语言的语法",
    };
}

/// What pest could have accepted at the error position, in domain words.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    /// Any field name; carries the keyword so a misspelling can be matched against it.
    Field(&'static str),
    /// A keyword that is not a field name (即办, 次, 工作日 …).
    Keyword(&'static str),
    /// Anything else, already worded.
    Thing(&'static str),
}

fn expected(rule: Rule) -> Option<Expected> {
    use Expected::*;
    if let Some(k) = super::keywords::of(rule) {
        return Some(match k.kind {
            super::keywords::Kind::Field => Field(k.word),
            super::keywords::Kind::Word => Keyword(k.word),
        });
    }
    let e = match rule {
        Rule::EOI => Thing("文件结尾"),
        Rule::file | Rule::item => Thing("「事项」或「一件事」定义"),
        Rule::matter => Keyword("事项"),
        Rule::bundle => Keyword("一件事"),
        Rule::matter_field
        | Rule::matter_field_peek
        | Rule::matter_field_any
        | Rule::material_field
        | Rule::material_field_peek
        | Rule::material_field_any
        | Rule::time_item
        | Rule::fee_field => Thing("字段名"),
        Rule::result_field | Rule::bundle_field | Rule::flow_child => Thing("字段名"),
        Rule::f_name | Rule::m_name | Rule::fee_name | Rule::r_name | Rule::b_name => Field("名称"),
        Rule::f_code => Field("编码"),
        Rule::f_type => Field("类型"),
        Rule::f_department => Field("实施主体"),
        Rule::f_subjects => Field("服务对象"),
        Rule::f_handling => Field("办件类型"),
        Rule::f_basis | Rule::m_basis | Rule::fee_basis => Field("依据"),
        Rule::f_conditions => Field("受理条件"),
        Rule::f_materials => Field("材料"),
        Rule::f_time => Field("时限"),
        Rule::f_fee => Field("收费"),
        Rule::f_visits => Field("到现场"),
        Rule::f_channels => Field("办理形式"),
        Rule::f_agency => Field("代办"),
        Rule::f_tongban => Field("通办"),
        Rule::f_result => Field("结果"),
        Rule::f_consult => Field("咨询"),
        Rule::f_online_url => Field("网办地址"),
        Rule::f_review => Field("复议"),
        Rule::f_litigation => Field("诉讼"),
        Rule::f_quantity_limit => Field("数量限制"),
        Rule::f_supervise => Field("监督"),
        Rule::f_location => Field("地点"),
        Rule::f_hours => Field("时间"),
        Rule::f_faq => Field("常见问题"),
        Rule::m_evidence | Rule::r_evidence => Field("证照"),
        Rule::m_form => Field("形式"),
        Rule::m_copies => Field("份数"),
        Rule::m_medium => Field("介质"),
        Rule::m_source => Field("来源"),
        Rule::m_necessity => Field("必要性"),
        Rule::m_situation => Field("情形"),
        Rule::m_sample => Field("样表"),
        Rule::m_mistake => Field("常见错误"),
        Rule::m_exempt => Field("免提交"),
        Rule::f_suppress => Field("豁免"),
        Rule::rule_key => Thing("规则编号或名称（如 E150 或 vague-wording）"),
        Rule::t_legal => Field("法定"),
        Rule::t_promised => Field("承诺"),
        Rule::t_special => Field("特别程序"),
        Rule::fee_standard => Field("标准"),
        Rule::b_lead => Field("牵头"),
        Rule::b_flow => Field("流程"),
        Rule::b_target => Field("目标时限"),
        Rule::subject => Thing("服务对象（自然人、法人、非法人组织）"),
        Rule::channel => Thing("办理形式（窗口、网上、快递）"),
        Rule::list_sep => return None,
        Rule::condition => Thing("受理条件（用 \"…\" 括起的文字）"),
        Rule::qa => Keyword("问"),
        Rule::material => Thing("材料名称"),
        Rule::material_id => Thing("材料名称"),
        Rule::duration => Thing("时限（天数或「即办」）"),
        Rule::days => Thing("天数（如 20 工作日）"),
        Rule::day_unit => Thing("时限单位（工作日、自然日）"),
        Rule::fee_item | Rule::fee_id => Thing("收费项目名称"),
        Rule::citation => Thing("法规引用（《法规名称》第…条）"),
        Rule::law_title => Thing("法规名称"),
        Rule::article_ref | Rule::article => Thing("条款号（第…条）"),
        Rule::paragraph => Thing("款号（第…款）"),
        Rule::clause => Thing("项号（第…项）"),
        Rule::numeral | Rule::cn_digit => Thing("序号（数字或中文数字）"),
        Rule::serial => Keyword("串联"),
        Rule::parallel => Keyword("并联"),
        Rule::flow_matter => Thing("事项名称"),
        Rule::matter_id => Thing("事项名称"),
        Rule::bundle_id => Thing("一件事名称"),
        Rule::value => Thing("取值"),
        Rule::text => Thing("字符串（用 \"…\" 括起）"),
        Rule::text_escape => Thing("转义字符（\\\" \\\\ \\n）"),
        Rule::number => Thing("数字"),
        Rule::colon => Thing("「：」"),
        Rule::lbrace => Thing("「{」"),
        Rule::rbrace => Thing("「}」"),
        Rule::lquote => Thing("「《」"),
        Rule::rquote => Thing("「》」"),
        // Blanks and comment text are never what is missing; keywords were looked up above.
        _ => return None,
    };
    Some(e)
}

/// Full-width and look-alike characters typed where an ASCII symbol belongs.
const LOOKALIKES: &[(char, &str)] = &[
    ('｛', "{"),
    ('｝', "}"),
    ('【', "{"),
    ('】', "}"),
    ('〔', "{"),
    ('〕', "}"),
    ('（', "{"),
    ('）', "}"),
    ('＂', "\""),
    ('「', "\""),
    ('」', "\""),
    ('『', "\""),
    ('』', "\""),
    ('‘', "\""),
    ('’', "\""),
    ('﹛', "{"),
    ('﹜', "}"),
    ('＜', "《"),
    ('＞', "》"),
    ('<', "《"),
    ('>', "》"),
    ('〈', "《"),
    ('〉', "》"),
    ('；', "换行"),
    (';', "换行"),
];

/// Builds the diagnostic for a pest error in file `file` whose text is `src`.
pub fn to_diagnostic(file: FileId, src: &str, err: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match err.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let pos = pos.min(src.len());
    let (found, found_len) = found_token(src, pos);
    let span = Span::new(file, pos..pos + found_len);

    let positives: Vec<Rule> = match &err.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives.clone(),
        pest::error::ErrorVariant::CustomError { message } => {
            return Diagnostic::new(&SYNTAX_ERROR, span, format!("无法解析此文件：{message}"))
                .label("解析在此停止");
        }
    };
    // pest lists what it tried in grammar order, which is also the order users know the
    // fields in; keep it, without repeats.
    let mut expected_list: Vec<Expected> = Vec::new();
    for e in positives.into_iter().filter_map(expected) {
        if !expected_list.contains(&e) {
            expected_list.push(e);
        }
    }
    let expected = expected_list;
    let fields: Vec<&'static str> = expected
        .iter()
        .filter_map(|e| match e {
            Expected::Field(k) => Some(*k),
            _ => None,
        })
        .collect();
    let mut words: Vec<String> = Vec::new();
    if !fields.is_empty() {
        words.push("「字段名」".to_string());
    }
    for e in &expected {
        match e {
            Expected::Field(_) => {}
            Expected::Keyword(k) => words.push(format!("「{k}」")),
            Expected::Thing(t) if t.starts_with('「') => words.push((*t).to_string()),
            Expected::Thing(t) => words.push(format!("「{t}」")),
        }
    }
    words.dedup();
    let wanted = match words.len() {
        0 => "其他内容".to_string(),
        1 => words.remove(0),
        _ => {
            let last = words.pop().unwrap_or_default();
            format!("{}或{}", words.join("、"), last)
        }
    };

    if let Some(d) = string_problem(file, src, pos, &expected) {
        return d;
    }
    // `类型` with its value forgotten: `实施主体` was read as the value, and the parse stopped
    // at the word after it.
    if let Some((field, taken)) = value_swallowed_field(src, pos) {
        let taken = Span::new(file, taken);
        return Diagnostic::new(
            &SYNTAX_ERROR,
            taken,
            format!(
                "「{field}」后面缺少取值，却遇到「{}」",
                src.get(taken.range()).unwrap_or("")
            ),
        )
        .label("此处应为取值")
        .help(format!("在「{field}」后面写上取值"));
    }
    let context = preceding_keyword(src, pos);
    let found_words = match &found {
        Found::End => "文件结尾".to_string(),
        Found::Text(t) => format!("「{t}」"),
    };
    let message = match (&found, context) {
        (_, Some(kw)) if expected.contains(&Expected::Thing("取值")) => {
            format!("「{kw}」后面缺少取值，却遇到{found_words}")
        }
        _ => format!("此处应为{wanted}，却遇到{found_words}"),
    };
    let mut d = Diagnostic::new(&SYNTAX_ERROR, span, message).label(format!("此处应为{wanted}"));

    if let Found::Text(t) = &found {
        let first = t.chars().next().unwrap_or(' ');
        let wants_number = expected.iter().any(|e| {
            matches!(
                e,
                Expected::Thing("数字" | "时限（天数或「即办」）" | "天数（如 20 工作日）")
            )
        });
        let wants_unit = expected.contains(&Expected::Thing("时限单位（工作日、自然日）"));
        if let Some(h) = number_hint(t, wants_number, wants_unit) {
            d = d.help(h);
        } else if let Some((_, ascii)) = LOOKALIKES.iter().find(|(c, _)| *c == first) {
            d = d.help(format!("「{first}」是全角或形近符号，请改为「{ascii}」"));
        } else if expected.contains(&Expected::Thing("材料名称")) {
            d = d.help("每份材料写作：身份证 { 名称 \"…\" 形式 原件 份数 1 来源 申请人自备 }");
        } else if closes_earlier_string(src, pos) {
            d = d
                .help("这一行的引号结束了前面某行开始的字符串：请检查前面的字符串是否缺少结束引号");
        } else if !fields.is_empty() {
            if let Some(s) = closest(t, fields.iter().copied()) {
                d = d.help(format!("您是不是想写「{s}」？"));
            } else {
                d = d.note(format!("此处可用的字段：{}", fields.join("、")));
            }
        } else if let Some(s) = closest(
            t,
            expected.iter().filter_map(|e| match e {
                Expected::Keyword(k) => Some(*k),
                _ => None,
            }),
        ) {
            d = d.help(format!("您是不是想写「{s}」？"));
        }
    } else if expected.contains(&Expected::Thing("「}」")) {
        d = d.help("文件在定义结束前就结束了：请补上缺少的「}」");
    }
    d
}

/// The help for a number or a unit of days written in a way the language does not take.
fn number_hint(found: &str, wants_number: bool, wants_unit: bool) -> Option<String> {
    if wants_number {
        if found
            .chars()
            .next()
            .is_some_and(|c| ('０'..='９').contains(&c))
        {
            let ascii: String = found
                .chars()
                .map(|c| match c {
                    '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                    c => c,
                })
                .collect();
            return Some(format!("「{found}」是全角数字，请改为半角数字「{ascii}」"));
        }
        if let Some(n) = crate::numeral::parse(found) {
            return Some(format!(
                "数量和天数用阿拉伯数字书写：请把「{found}」改为「{n}」"
            ));
        }
    }
    if wants_unit {
        return match found {
            "天" | "日" => Some(format!(
                "「{found}」没有说明怎样计算：请按法律规定写「工作日」或「自然日」"
            )),
            "." | "．" => Some(
                "时限只能写整数天数：不足一日的，按法律规定的计算方式写整日；当场办结的写「即办」"
                    .to_string(),
            ),
            _ => None,
        };
    }
    None
}

enum Found {
    End,
    Text(String),
}

/// The token at `pos`: a run of identifier characters, or a single other character.
fn found_token(src: &str, pos: usize) -> (Found, usize) {
    let rest = src.get(pos..).unwrap_or("");
    let mut chars = rest.chars();
    let Some(first) = chars.next() else {
        return (Found::End, 0);
    };
    if ('０'..='９').contains(&first) {
        let len: usize = rest
            .chars()
            .take_while(|c| ('０'..='９').contains(c))
            .take(20)
            .map(char::len_utf8)
            .sum();
        return (Found::Text(rest[..len].to_string()), len);
    }
    if unicode_ident::is_xid_start(first) || first.is_ascii_digit() {
        let len: usize = rest
            .chars()
            .take_while(|&c| unicode_ident::is_xid_continue(c))
            .take(20)
            .map(char::len_utf8)
            .sum();
        return (Found::Text(rest[..len].to_string()), len);
    }
    let shown = match first {
        '\n' | '\r' => "换行".to_string(),
        c => c.to_string(),
    };
    (Found::Text(shown), first.len_utf8())
}

/// The keyword written just before `pos` (skipping blanks and a colon), if it is one.
fn preceding_keyword(src: &str, pos: usize) -> Option<&'static str> {
    let before = src.get(..pos)?;
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
    let word: String = {
        let mut w: Vec<char> = trimmed
            .chars()
            .rev()
            .take_while(|&c| unicode_ident::is_xid_continue(c))
            .collect();
        w.reverse();
        w.into_iter().collect()
    };
    VALUE_FIELDS.iter().copied().find(|k| *k == word)
}

/// Fields whose value is a single word.
const VALUE_FIELDS: &[&str] = &[
    "类型",
    "实施主体",
    "办件类型",
    "代办",
    "通办",
    "证照",
    "形式",
    "介质",
    "来源",
    "必要性",
    "牵头",
];

/// A string that starts at `pos` but never ends, or holds an escape the language lacks.
fn string_problem(
    file: FileId,
    src: &str,
    pos: usize,
    expected: &[Expected],
) -> Option<Diagnostic> {
    let is_text = |e: &Expected| matches!(e, Expected::Thing(t) if t.starts_with("字符串"));
    if !expected.iter().any(is_text) || !src[pos..].starts_with('"') {
        return None;
    }
    let mut chars = src[pos + 1..].char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return None,
            '\\' => match chars.next() {
                Some((_, '"' | '\\' | 'n')) => {}
                Some((j, other)) => {
                    let start = pos + 1 + i;
                    let end = pos + 1 + j + other.len_utf8();
                    return Some(
                        Diagnostic::new(
                            &SYNTAX_ERROR,
                            Span::new(file, start..end),
                            format!("字符串中的「\\{other}」不是有效的转义"),
                        )
                        .label("无效的转义")
                        .help("字符串中只能使用 \\\" \\\\ \\n 三种转义；反斜杠本身请写成 \\\\"),
                    );
                }
                None => break,
            },
            _ => {}
        }
    }
    Some(
        Diagnostic::new(
            &SYNTAX_ERROR,
            Span::new(file, pos..pos + 1),
            "字符串缺少结束引号",
        )
        .label("字符串从这里开始，直到文件结尾都没有结束")
        .help("在字符串末尾补上「\"」"),
    )
}

/// Whether the quote just before `pos` on its line closes a string opened on an earlier line
/// (an odd number of quotes precede `pos` on the line).
fn closes_earlier_string(src: &str, pos: usize) -> bool {
    let line_start = src[..pos].rfind('\n').map_or(0, |i| i + 1);
    let before = &src[line_start..pos];
    let quotes = before.matches('"').count() - before.matches("\\\"").count();
    quotes % 2 == 1 && before.trim_end().ends_with('"')
}

/// The word ending just before byte `end` (after blanks and a colon), with its start.
fn word_before(src: &str, end: usize) -> Option<(usize, &str)> {
    let before = src.get(..end)?;
    let trimmed = before.trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == '：');
    let len: usize = trimmed
        .chars()
        .rev()
        .take_while(|&c| unicode_ident::is_xid_continue(c))
        .map(char::len_utf8)
        .sum();
    (len > 0).then(|| (trimmed.len() - len, &trimmed[trimmed.len() - len..]))
}

/// Every field name of the language (a field name is never a value).
const FIELD_NAMES: &[&str] = &[
    "名称",
    "编码",
    "类型",
    "实施主体",
    "服务对象",
    "办件类型",
    "依据",
    "受理条件",
    "材料",
    "时限",
    "收费",
    "到现场",
    "办理形式",
    "代办",
    "通办",
    "结果",
    "咨询",
    "监督",
    "地点",
    "时间",
    "常见问题",
    "网办地址",
    "复议",
    "诉讼",
    "数量限制",
    "证照",
    "形式",
    "份数",
    "介质",
    "来源",
    "必要性",
    "情形",
    "样表",
    "常见错误",
    "免提交",
    "豁免",
    "牵头",
    "流程",
    "目标时限",
    "标准",
];

/// `<value field> <field name> <pos>`: the field name was taken as the value.
fn value_swallowed_field(src: &str, pos: usize) -> Option<(&'static str, std::ops::Range<usize>)> {
    let (taken_start, taken) = word_before(src, pos)?;
    if !FIELD_NAMES.contains(&taken) {
        return None;
    }
    let (_, field) = word_before(src, taken_start)?;
    let field = VALUE_FIELDS.iter().copied().find(|k| *k == field)?;
    Some((field, taken_start..taken_start + taken.len()))
}
