//! Items as field texts, and single field texts as the parser reads them: what the workbook
//! exchange (`interchange`) needs of the syntax, in plain data.
//!
//! The export writes each field of a spec into a cell as the spec writes it; the import puts a
//! cell back into a spec only when the cell is exactly one field of the expected kind, asked of
//! the grammar itself ([`field_count`]), so no cell can close a block early, add a field or an
//! item, or hide a syntax error inside a generated file.

use super::{BanshiParser, Rule};
use pest::Parser as _;
use pest::iterators::Pair;

/// A matter or bundle of a formatted file: its id and its fields in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemText {
    pub bundle: bool,
    pub id: String,
    pub fields: Vec<FieldText>,
}

/// One field: its keyword, and its value as written after it (without the colon).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldText {
    pub keyword: String,
    pub value: String,
    /// For a 材料 block: its materials one by one, the members of a 任选 group each with the
    /// group. `None` for every other field, and for `材料 待核`.
    pub materials: Option<Vec<MaterialText>>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaterialText {
    pub id: String,
    pub fields: Vec<FieldText>,
    pub group: Option<GroupText>,
}

/// The 任选 group a material belongs to: its id and its own fields (名称, 豁免).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupText {
    pub id: String,
    pub fields: Vec<FieldText>,
}

/// Where a field text is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    Matter,
    Bundle,
    Material,
    /// The fields of a 任选 group (名称, 豁免), not its members.
    Group,
}

/// The items of `src`, which must parse (the exporter gives it formatted files of a checked
/// catalog); `None` when it does not.
pub fn items(src: &str) -> Option<Vec<ItemText>> {
    if super::nesting::too_deep(src).is_some() {
        return None;
    }
    let file = BanshiParser::parse(Rule::file, src).ok()?.next()?;
    let mut out = Vec::new();
    for item in file.into_inner() {
        let bundle = match item.as_rule() {
            Rule::matter => false,
            Rule::bundle => true,
            _ => continue,
        };
        let mut inner = item.into_inner();
        inner.next();
        let id = inner.next()?.as_str().to_string();
        out.push(ItemText {
            bundle,
            id,
            fields: fields(src, inner),
        });
    }
    Some(out)
}

fn is_brace(p: &Pair<Rule>) -> bool {
    matches!(p.as_rule(), Rule::lbrace | Rule::rbrace)
}

fn fields<'i>(src: &'i str, pairs: impl Iterator<Item = Pair<'i, Rule>>) -> Vec<FieldText> {
    pairs
        .filter(|p| !is_brace(p))
        .filter_map(|p| field(src, p))
        .collect()
}

fn field<'i>(src: &'i str, pair: Pair<'i, Rule>) -> Option<FieldText> {
    let end = pair.as_span().end();
    let rule = pair.as_rule();
    let mut inner = pair.into_inner();
    let keyword = inner.next()?;
    let value = src.get(keyword.as_span().end()..end)?;
    let value = value
        .trim_start()
        .trim_start_matches([':', '：'])
        .trim()
        .to_string();
    let materials = (rule == Rule::f_materials && value.starts_with('{')).then(|| {
        let mut out = Vec::new();
        for entry in inner.filter(|p| !is_brace(p)) {
            match entry.as_rule() {
                Rule::material => out.push(material(src, entry, None)),
                Rule::material_group => {
                    let mut parts = entry.into_inner();
                    parts.next();
                    let id = parts.next().map(|p| p.as_str().to_string());
                    let mut group = GroupText {
                        id: id.unwrap_or_default(),
                        fields: Vec::new(),
                    };
                    let mut members = Vec::new();
                    for p in parts.filter(|p| !is_brace(p)) {
                        if p.as_rule() == Rule::material {
                            members.push(p);
                        } else if let Some(f) = field(src, p) {
                            group.fields.push(f);
                        }
                    }
                    for m in members {
                        out.push(material(src, m, Some(group.clone())));
                    }
                }
                _ => {}
            }
        }
        out
    });
    Some(FieldText {
        keyword: keyword.as_str().to_string(),
        value,
        materials,
    })
}

fn material<'i>(src: &'i str, pair: Pair<'i, Rule>, group: Option<GroupText>) -> MaterialText {
    let mut inner = pair.into_inner();
    let id = inner
        .next()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    MaterialText {
        id,
        fields: fields(src, inner),
        group,
    }
}

/// How many fields `text` is, when it is nothing but fields whose keyword is `keyword` (one at
/// least), as the grammar reads the fields of `place`: blanks and comments between them, and
/// nothing else.
pub fn field_count(place: Place, keyword: &str, text: &str) -> Option<usize> {
    if super::nesting::too_deep(text).is_some() {
        return None;
    }
    let rule = match place {
        Place::Matter => Rule::matter_fields_alone,
        Place::Bundle => Rule::bundle_fields_alone,
        Place::Material => Rule::material_fields_alone,
        Place::Group => Rule::group_alone,
    };
    let pairs = BanshiParser::parse(rule, text).ok()?;
    let mut n = 0;
    for p in pairs.filter(|p| p.as_rule() != Rule::EOI) {
        let ok = p.as_rule() != Rule::material
            && p.into_inner().next().is_some_and(|k| k.as_str() == keyword);
        if !ok {
            return None;
        }
        n += 1;
    }
    (n > 0).then_some(n)
}

/// The law titles cited in a spec file (in citations, not in strings), in order of first
/// appearance; none when the file does not parse.
pub fn cited_titles(src: &str) -> Vec<String> {
    if super::nesting::too_deep(src).is_some() {
        return Vec::new();
    }
    let Ok(pairs) = BanshiParser::parse(Rule::file, src) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for p in pairs.flatten().filter(|p| p.as_rule() == Rule::law_title) {
        let t = p.as_str().to_string();
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_one_field(place: Place, keyword: &str, text: &str) -> bool {
        field_count(place, keyword, text) == Some(1)
    }

    #[test]
    fn a_cell_is_one_field_or_nothing() {
        assert!(is_one_field(
            Place::Matter,
            "时限",
            "时限 {\n法定 20 工作日\n承诺 5 工作日\n}"
        ));
        assert!(is_one_field(
            Place::Matter,
            "到现场",
            "到现场 1 次 \"核验\""
        ));
        // A cell that closes the matter and opens another is not one field.
        assert!(!is_one_field(
            Place::Matter,
            "地点",
            "地点 \"a\" } 事项 乙 { 名称 \"b\""
        ));
        assert!(!is_one_field(
            Place::Matter,
            "地点",
            "地点 \"a\"\n名称 \"b\""
        ));
        assert!(!is_one_field(Place::Matter, "地点", "名称 \"b\""));
        assert!(!is_one_field(Place::Matter, "地点", "地点 \"a"));
        assert!(is_one_field(Place::Material, "形式", "形式 原件 // 注"));
        assert!(!is_one_field(Place::Group, "名称", "甲 { 名称 \"x\" }"));
    }

    #[test]
    fn items_split_into_fields_and_materials() {
        let src = "事项 甲 {\n  名称 \"a\"\n  材料 {\n    申请书 {\n      名称 \"申请书\"\n      份数 1\n    }\n    任选 户籍 {\n      名称 \"户籍证明\"\n      户口簿 {\n        名称 \"户口簿\"\n      }\n      证明 {\n        名称 \"证明\"\n      }\n    }\n  }\n  时限 即办\n}\n\n一件事 乙 {\n  名称 \"b\"\n}\n";
        let items = items(src).expect("parses");
        assert_eq!(items.len(), 2);
        let m = &items[0];
        assert_eq!(m.fields[0].value, "\"a\"");
        assert_eq!(m.fields[2].keyword, "时限");
        assert_eq!(m.fields[2].value, "即办");
        let mats = m.fields[1].materials.as_ref().expect("materials");
        assert_eq!(mats.len(), 3);
        assert_eq!(mats[0].fields[1].value, "1");
        let g = mats[2].group.as_ref().expect("group");
        assert_eq!(
            (g.id.as_str(), g.fields[0].value.as_str()),
            ("户籍", "\"户籍证明\"")
        );
        assert!(items[1].bundle);
    }
}
