//! Reading the cells of an implementation list as spec values.
//!
//! Only regular forms are read: a citation list, a numbered list, `15个工作日`, `即办`, `不收费`,
//! `1次`. What does not fit is not guessed at; the caller writes `待核` with the cell's text
//! as the reason. Words the clerk wrote are kept as written (a 「等」 in a material name stays,
//! for `check` to report). Each reading that is a choice rather than a copy (a 「15日」 read as
//! calendar days, 「个人」 read as 自然人) comes back with a note for the import report.

use super::tables::{ALIASES, Alias, ENUMERATORS_CIRCLED, FEE_FREE, INSTANT_WORDS, NO_LIMIT_WORDS};
use crate::model::Form;

/// Full-width digits and letters as ASCII, the ideographic space as a blank: how numbers and
/// codes typed with a Chinese input method are compared. Text kept in a spec is not changed.
pub fn half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

/// A whole number in ASCII, full-width or Chinese digits (`15`, `１５`, `十五`, `两`).
pub fn count(s: &str) -> Option<u32> {
    let s = half_width(s.trim());
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    crate::numeral::parse(&s)
}

/// A spec string literal.
pub fn quote(s: &str) -> String {
    crate::scaffold::quote(s)
}

/// The word an alias table gives for `cell`, and whether that was a reading (an alias) rather
/// than the word itself.
pub fn word(table: Alias, cell: &str) -> Option<(&'static str, bool)> {
    let key: String = half_width(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    ALIASES
        .iter()
        .filter(|(t, _, _)| *t == table)
        .find(|(_, from, _)| *from == key)
        .map(|(_, from, to)| (*to, from != to))
}

/// Values of a list cell (服务对象, 办理形式): split at 、，,;；/ and blanks, each read through
/// the alias table; `None` when one of them is not known.
pub fn word_list(table: Alias, cell: &str) -> Option<(Vec<&'static str>, bool)> {
    let mut out: Vec<&'static str> = Vec::new();
    let mut read = false;
    let cell = half_width(cell);
    for part in cell.split(|c: char| "、，,;；/".contains(c) || c.is_whitespace()) {
        if part.is_empty() {
            continue;
        }
        let (w, alias) = word(table, part)?;
        read |= alias;
        if !out.contains(&w) {
            out.push(w);
        }
    }
    (!out.is_empty()).then_some((out, read))
}

/// A limit cell: `即办`, `N 工作日`, `N 自然日`, or `无` when `legal` (the law sets none).
/// `N日`/`N天` is calendar days, except for a 行政许可, whose limits count working days
/// (《中华人民共和国行政许可法》第八十二条); both readings carry a note.
pub fn limit(cell: &str, legal: bool, licensing: bool) -> Option<(String, Option<String>)> {
    let compact: String = half_width(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = compact
        .trim_start_matches("法定")
        .trim_start_matches("承诺")
        .trim_start_matches("办结时限")
        .trim_start_matches("时限")
        .trim_start_matches([':', '：'])
        .trim_end_matches(['。', '；', ';']);
    if INSTANT_WORDS.contains(&t) {
        return Some(("即办".to_string(), None));
    }
    if legal && NO_LIMIT_WORDS.contains(&t) {
        return Some(("无".to_string(), None));
    }
    let t = t.strip_suffix("内").unwrap_or(t);
    for (suffix, unit) in [
        ("个工作日", "工作日"),
        ("工作日", "工作日"),
        ("个自然日", "自然日"),
        ("自然日", "自然日"),
    ] {
        if let Some(n) = t.strip_suffix(suffix) {
            let n = count(n).filter(|&n| n > 0)?;
            return Some((format!("{n} {unit}"), None));
        }
    }
    for suffix in ["日", "天"] {
        if let Some(n) = t.strip_suffix(suffix) {
            let n = count(n).filter(|&n| n > 0)?;
            let (unit, why) = if licensing {
                (
                    "工作日",
                    "行政许可的期限以工作日计算（行政许可法第八十二条）",
                )
            } else {
                ("自然日", "未写明工作日")
            };
            return Some((
                format!("{n} {unit}"),
                Some(format!("「{}」读作 {n} {unit}：{why}", cell.trim())),
            ));
        }
    }
    None
}

/// A fee cell that says nothing is charged.
pub fn free(cell: &str) -> bool {
    let t: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    FEE_FREE.contains(&t.trim_end_matches('。'))
}

/// A visits cell: `1`, `1次`, `一次`, `最多跑一次`, `0次`.
pub fn visits(cell: &str) -> Option<u32> {
    let t: String = half_width(cell)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let t = t.trim_start_matches("最多").trim_start_matches('跑');
    let t = t.strip_suffix('次').unwrap_or(t);
    count(t)
}

/// A cell of citations: `《法》第九条、第十一条；《法》第五条第二款` and the like. Every piece
/// must be a title or an article reference (separators between them: 、，,；;和及 and
/// blanks); anything else and the cell is not read. Returns the citations, one per line.
pub fn citations(cell: &str) -> Option<Vec<String>> {
    let cell = half_width(cell);
    let mut out: Vec<String> = Vec::new();
    let mut rest = cell.trim();
    while !rest.is_empty() {
        let after = rest.strip_prefix('《')?;
        let (title, tail) = after.split_once('》')?;
        if title.trim().is_empty() || title.contains(['《', '\n']) {
            return None;
        }
        let end = tail.find('《').unwrap_or(tail.len());
        let (articles, next) = tail.split_at(end);
        let refs = article_refs(articles)?;
        let mut line = format!("《{}》", title.trim());
        if !refs.is_empty() {
            line.push_str(&refs.join(" "));
        }
        out.push(line);
        rest = next.trim_start();
    }
    (!out.is_empty()).then_some(out)
}

/// `第九条、第十一条第二款第（三）项` as spec article references; `None` when anything but
/// references and separators is there.
fn article_refs(s: &str) -> Option<Vec<String>> {
    let is_sep = |c: char| c.is_whitespace() || "、，,；;和及。".contains(c);
    let mut out: Vec<String> = Vec::new();
    let mut rest = s.trim_matches(is_sep);
    while !rest.is_empty() {
        let (article, tail) = unit_ref(rest, '条')?;
        let mut r = format!("第{article}条");
        let mut tail = tail;
        if let Some(t) = tail.strip_prefix('之') {
            let n = t
                .char_indices()
                .take_while(|&(_, c)| is_numeral(c))
                .last()
                .map(|(i, c)| i + c.len_utf8())?;
            r.push_str(&format!("之{}", &t[..n]));
            tail = &t[n..];
        }
        if let Some((p, t)) = unit_ref(tail, '款') {
            r.push_str(&format!("第{p}款"));
            tail = t;
        }
        if let Some(t) = tail.strip_prefix('第') {
            let (inner, bracketed) = match t.strip_prefix(['（', '(']) {
                Some(t) => (t, true),
                None => (t, false),
            };
            let n = inner
                .char_indices()
                .take_while(|&(_, c)| is_numeral(c))
                .last()
                .map(|(i, c)| i + c.len_utf8())?;
            let mut after = &inner[n..];
            if bracketed {
                after = after.strip_prefix(['）', ')'])?;
            }
            let after = after.strip_prefix('项')?;
            if bracketed {
                r.push_str(&format!("第（{}）项", &inner[..n]));
            } else {
                r.push_str(&format!("第{}项", &inner[..n]));
            }
            tail = after;
        }
        out.push(r);
        rest = tail.trim_start_matches(is_sep);
    }
    Some(out)
}

fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || "零〇一二两三四五六七八九十百千".contains(c)
}

/// `第<numeral><unit>` at the start of `s`: the numeral and what follows.
fn unit_ref(s: &str, unit: char) -> Option<(&str, &str)> {
    let t = s.strip_prefix('第')?;
    let n = t
        .char_indices()
        .take_while(|&(_, c)| is_numeral(c))
        .last()
        .map(|(i, c)| i + c.len_utf8())?;
    let after = t[n..].strip_prefix(unit)?;
    crate::numeral::parse(&t[..n])?;
    Some((&t[..n], after))
}

/// The items of a numbered list cell: `1.…`, `1、…`, `（1）…`, `一、…`, `①…`, at the start
/// of a line or after a 「；」. A line without a number continues the item before it; a cell
/// without any number is one item per line.
pub fn numbered(cell: &str) -> Vec<String> {
    let mut pieces: Vec<&str> = Vec::new();
    for line in cell.lines() {
        let mut rest = line;
        // `1.甲；2.乙` in one line: split where a 「；」 is followed by a number.
        loop {
            let cut = rest
                .char_indices()
                .filter(|&(_, c)| c == '；' || c == ';')
                .map(|(i, c)| i + c.len_utf8())
                .find(|&at| enumerator(rest[at..].trim_start()).is_some());
            match cut {
                Some(at) => {
                    pieces.push(&rest[..at]);
                    rest = &rest[at..];
                }
                None => break,
            }
        }
        pieces.push(rest);
    }
    let any_numbered = pieces.iter().any(|p| enumerator(p.trim_start()).is_some());
    let mut items: Vec<String> = Vec::new();
    for p in pieces {
        let t = p.trim();
        if t.is_empty() {
            continue;
        }
        match enumerator(t) {
            Some(n) => items.push(t[n..].trim().to_string()),
            None if any_numbered && !items.is_empty() => {
                if let Some(last) = items.last_mut() {
                    last.push('\n');
                    last.push_str(t);
                }
            }
            None => items.push(t.to_string()),
        }
    }
    for item in &mut items {
        let trimmed = item.trim_end_matches(['；', ';']).trim_end();
        *item = trimmed.to_string();
    }
    items.retain(|i| !i.is_empty());
    items
}

/// The byte length of a list number at the start of `s`, with its punctuation.
fn enumerator(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if ENUMERATORS_CIRCLED.contains(first) {
        return Some(first.len_utf8());
    }
    let (open, body) = match s.strip_prefix(['（', '(']) {
        Some(b) => (s.len() - b.len(), b),
        None => (0, s),
    };
    let digits = body
        .char_indices()
        .take_while(|&(_, c)| c.is_ascii_digit() || ('０'..='９').contains(&c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    let chinese = body
        .char_indices()
        .take_while(|&(_, c)| "一二三四五六七八九十".contains(c))
        .last()
        .map(|(i, c)| i + c.len_utf8());
    let n = digits.or(chinese)?;
    let after = &body[n..];
    let close: &[char] = if open > 0 {
        &['）', ')']
    } else if digits.is_some() {
        &['.', '、', '．', ')', '）']
    } else {
        &['、']
    };
    let c = after.chars().next()?;
    if !close.contains(&c) {
        return None;
    }
    // `1.5` is a number, not an item: a digit right after the dot.
    if c == '.' && after[1..].starts_with(|d: char| d.is_ascii_digit()) {
        return None;
    }
    Some(open + n + c.len_utf8())
}

/// One condition of a numbered list: its text, and the citation of a trailing
/// `（依据《…》第N条）` when that reads as citations.
pub fn condition(item: &str) -> (String, Option<String>) {
    let t = item.trim();
    for (open, close) in [("（依据", "）"), ("(依据", ")")] {
        if let Some(body) = t.strip_suffix(close)
            && let Some(at) = body.rfind(open)
        {
            let cited = body[at + open.len()..].trim_start_matches([':', '：']);
            if let Some(c) = citations(cited).filter(|c| c.len() == 1) {
                let text = body[..at].trim_end();
                if !text.is_empty() {
                    return (text.to_string(), c.into_iter().next());
                }
            }
        }
    }
    (t.to_string(), None)
}

/// What a material list item states of itself: its name, and 形式 and 份数 when a trailing
/// `（原件1份）`, `原件及复印件各1份` or `复印件2份` says so.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListedMaterial {
    pub name: String,
    pub form: Option<Form>,
    pub copies: Option<u32>,
}

pub fn listed_material(item: &str) -> ListedMaterial {
    let t = item
        .trim()
        .trim_end_matches(['。', '；', ';', '，', ','])
        .trim();
    // A trailing bracket group that says only form and copies.
    for (open, close) in [('（', '）'), ('(', ')')] {
        if let Some(body) = t.strip_suffix(close)
            && let Some(at) = body.rfind(open)
            && let Some((form, copies)) = form_and_copies(&body[at + open.len_utf8()..])
        {
            let name = body[..at].trim();
            if !name.is_empty() {
                return ListedMaterial {
                    name: name.to_string(),
                    form,
                    copies,
                };
            }
        }
    }
    // Or the same written straight after the name: 身份证原件及复印件各1份.
    for start in t.char_indices().map(|(i, _)| i).skip(1) {
        if let Some((form, copies)) = form_and_copies(&t[start..]).filter(|(f, _)| f.is_some()) {
            return ListedMaterial {
                name: t[..start].trim().to_string(),
                form,
                copies,
            };
        }
    }
    ListedMaterial {
        name: t.to_string(),
        form: None,
        copies: None,
    }
}

/// `原件1份`, `原件及复印件各1份`, `复印件`, `一式两份`, `1份`: the whole of `s` must be that.
fn form_and_copies(s: &str) -> Option<(Option<Form>, Option<u32>)> {
    let s: String = half_width(s)
        .chars()
        .filter(|c| !c.is_whitespace() && !"，,、".contains(*c))
        .collect();
    let mut rest = s.as_str();
    let mut form = None;
    for (w, f) in [
        ("原件和复印件", Form::Both),
        ("原件及复印件", Form::Both),
        ("原件复印件", Form::Both),
        ("原件", Form::Original),
        ("复印件", Form::Copy),
    ] {
        if let Some(r) = rest.strip_prefix(w) {
            form = Some(f);
            rest = r;
            break;
        }
    }
    let rest = rest.strip_prefix('各').unwrap_or(rest);
    let rest = rest.strip_prefix("一式").unwrap_or(rest);
    let copies = match rest.strip_suffix('份') {
        Some(n) => Some(count(n).filter(|&n| n > 0)?),
        None if rest.is_empty() => None,
        None => return None,
    };
    (form.is_some() || copies.is_some()).then_some((form, copies))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_in_the_ways_lists_write_them() {
        assert_eq!(
            citations("《社会救助暂行办法》第九条、第十一条；《最低生活保障审核确认办法》第５条"),
            Some(vec![
                "《社会救助暂行办法》第九条 第十一条".to_string(),
                "《最低生活保障审核确认办法》第5条".to_string()
            ])
        );
        assert_eq!(
            citations("《甲法》第十一条第二款第(三)项和第二十条之一"),
            Some(vec![
                "《甲法》第十一条第二款第（三）项 第二十条之一".to_string()
            ])
        );
        assert_eq!(citations("《甲法》"), Some(vec!["《甲法》".to_string()]));
        // Prose around the titles is not a citation list: it is kept for the clerk to decide.
        assert_eq!(citations("依据《甲法》第九条"), None);
        assert_eq!(citations("《甲法》第九条的规定"), None);
        assert_eq!(citations("《甲法》等"), None);
        assert_eq!(citations(""), None);
    }

    #[test]
    fn limits() {
        assert_eq!(
            limit("15个工作日", true, false),
            Some(("15 工作日".into(), None))
        );
        assert_eq!(
            limit("承诺５个工作日", false, false),
            Some(("5 工作日".into(), None))
        );
        assert_eq!(limit("即时办结", false, false), Some(("即办".into(), None)));
        assert_eq!(limit("当场办结", true, false), Some(("即办".into(), None)));
        assert_eq!(limit("无", true, false), Some(("无".into(), None)));
        assert_eq!(limit("无", false, false), None);
        assert_eq!(
            limit("二十日", true, true).map(|l| l.0),
            Some("20 工作日".into())
        );
        assert_eq!(
            limit("20日", true, false).map(|l| l.0),
            Some("20 自然日".into())
        );
        assert!(limit("20日", true, false).and_then(|l| l.1).is_some());
        assert_eq!(limit("0个工作日", true, false), None);
        assert_eq!(limit("受理后尽快办理", true, false), None);
    }

    #[test]
    fn numbered_lists() {
        assert_eq!(
            numbered("1.甲\n2、乙\n  续行\n（3）丙；"),
            vec!["甲", "乙\n续行", "丙"]
        );
        assert_eq!(numbered("1.甲；2.乙"), vec!["甲", "乙"]);
        assert_eq!(numbered("一、甲\n二、乙"), vec!["甲", "乙"]);
        assert_eq!(numbered("①甲②乙"), vec!["甲②乙"]);
        assert_eq!(numbered("甲\n乙"), vec!["甲", "乙"]);
        assert_eq!(numbered("1.5倍以上"), vec!["1.5倍以上"]);
    }

    #[test]
    fn material_items() {
        let m = listed_material("居民身份证原件及复印件各1份；");
        assert_eq!(
            (m.name.as_str(), m.form, m.copies),
            ("居民身份证", Some(Form::Both), Some(1))
        );
        let m = listed_material("户口簿（原件）");
        assert_eq!(
            (m.name.as_str(), m.form, m.copies),
            ("户口簿", Some(Form::Original), None)
        );
        let m = listed_material("营业执照复印件2份");
        assert_eq!(
            (m.name.as_str(), m.form, m.copies),
            ("营业执照", Some(Form::Copy), Some(2))
        );
        let m = listed_material("申请书（一式两份）");
        assert_eq!((m.name.as_str(), m.copies), ("申请书", Some(2)));
        let m = listed_material("身份证明等材料");
        assert_eq!((m.name.as_str(), m.form), ("身份证明等材料", None));
        // A bracket that says something else is part of the name.
        let m = listed_material("证明（加盖公章）");
        assert_eq!(m.name, "证明（加盖公章）");
    }

    #[test]
    fn conditions_with_their_basis() {
        assert_eq!(
            condition("持有本区户口（依据《甲法》第五条）"),
            ("持有本区户口".into(), Some("《甲法》第五条".into()))
        );
        assert_eq!(
            condition("收入低（见说明）"),
            ("收入低（见说明）".into(), None)
        );
    }

    #[test]
    fn words_and_numbers() {
        assert_eq!(count("１５"), Some(15));
        assert_eq!(count("两"), Some(2));
        assert_eq!(visits("最多跑一次"), Some(1));
        assert_eq!(visits("0次"), Some(0));
        assert!(free("不收费"));
        assert!(free("免费。"));
        assert!(!free("工本费20元"));
        assert_eq!(
            word_list(Alias::Subject, "自然人、企业法人,其他组织"),
            Some((vec!["自然人", "法人", "非法人组织"], true))
        );
        assert_eq!(word_list(Alias::Subject, "自然人 外国人"), None);
        assert_eq!(word(Alias::Kind, "行政许可"), Some(("行政许可", false)));
    }
}
