//! A checked catalog → a workbook in the implementation-list layout (rust_xlsxwriter writes
//! the OOXML).
//!
//! Every field of every spec goes into a cell. A cell is written in the plainest words that
//! the importer reads back as exactly that field (`15个工作日`, `自然人、法人`, a string
//! without its quotes); where no plainer words would come back the same, the cell holds the
//! field as the spec writes it. Each plain cell is read back here before it is written, so
//! the round trip cannot drift from the importer.

use super::import::{Context, read_cell, read_time, spec_form};
use super::tables::{
    BUNDLE_COLUMNS, BUNDLES_SHEET, CATALOG_KEYS, CATALOG_SHEET, Column, DEPARTMENT_COLUMNS,
    DEPARTMENTS_SHEET, EVIDENCE_COLUMNS, EVIDENCE_SHEET, Key, LAW_COLUMNS, LAWS_SHEET,
    MATERIAL_COLUMNS, MATERIALS_SHEET, MATTER_COLUMNS, MATTERS_SHEET,
};
use crate::driver::Checked;
use crate::model::{
    Form, Handling, Issuer, Level, MatterKind, Medium, Necessity, PowerSource, Rank, Source,
    Tongban,
};
use crate::syntax::fields::{FieldText, ItemText, MaterialText, Place, items};
use rayon::prelude::*;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Workbook, Worksheet,
};

/// Why a catalog cannot be exported.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// These spec files do not parse: their fields cannot be told apart.
    Unparsed(Vec<String>),
    /// A cell would hold more than Excel's 32,767 characters.
    TooLong {
        sheet: String,
        row: usize,
        header: String,
    },
    /// The writer failed.
    Writer(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Unparsed(files) => write!(
                f,
                "以下文件有语法错误，无法分出字段，先用 banshi check 找到并修正：{}",
                files.join("、")
            ),
            Refusal::TooLong { sheet, row, header } => write!(
                f,
                "工作表「{sheet}」第 {row} 行「{header}」超过工作簿单元格 32767 字的上限"
            ),
            Refusal::Writer(e) => write!(f, "写工作簿出错：{e}"),
        }
    }
}

/// Excel's limit on the characters of one cell.
const CELL_LIMIT: usize = 32_767;

/// One sheet's rows before writing.
struct Rows {
    name: &'static str,
    headers: Vec<(&'static str, f64)>,
    rows: Vec<Vec<String>>,
    /// Columns with a drop-down list: column index and its words.
    lists: Vec<(usize, Vec<&'static str>)>,
}

/// The workbook of `checked`, as bytes.
pub fn workbook(checked: &Checked) -> Result<Vec<u8>, Refusal> {
    let sheets = sheets(checked)?;
    write(&sheets, checked)
}

fn sheets(checked: &Checked) -> Result<Vec<Rows>, Refusal> {
    let catalog = &checked.catalog;
    // Every spec file read, in order: a file whose items all failed to parse has no matter in
    // the catalog, and must stop the export rather than drop out of it.
    let files: Vec<crate::source::FileId> = (0u32..)
        .map(crate::source::FileId)
        .take_while(|&f| checked.sources.get(f).is_some())
        .filter(|&f| checked.sources.path(f).ends_with(".banshi"))
        .collect();
    let mut unparsed = Vec::new();
    let mut parsed: Vec<(String, Vec<ItemText>)> = Vec::new();
    for f in files {
        let path = checked.sources.path(f).to_string();
        let text = checked.sources.get(f).map_or("", |s| s.text.as_str());
        match crate::syntax::fmt::format_without_comments(text).and_then(|t| items(&t)) {
            Some(items) => parsed.push((path, items)),
            None => unparsed.push(path),
        }
    }
    if !unparsed.is_empty() {
        return Err(Refusal::Unparsed(unparsed));
    }

    let departments: Vec<(String, String)> = catalog
        .registry
        .departments
        .iter()
        .map(|d| (d.id.value.clone(), d.display_name().to_string()))
        .collect();
    let mut matters = Rows {
        name: MATTERS_SHEET,
        headers: MATTER_COLUMNS.iter().map(|c| (c.header, c.width)).collect(),
        rows: Vec::new(),
        lists: vec![
            (
                index(MATTER_COLUMNS, Key::Field("类型")),
                MatterKind::words().collect(),
            ),
            (
                index(MATTER_COLUMNS, Key::Field("办件类型")),
                Handling::words().collect(),
            ),
            (
                index(MATTER_COLUMNS, Key::Field("代办")),
                vec!["A", "B", "C"],
            ),
            (
                index(MATTER_COLUMNS, Key::Field("通办")),
                Tongban::words().collect(),
            ),
            (
                index(MATTER_COLUMNS, Key::Field("权力来源")),
                PowerSource::words().collect(),
            ),
        ],
    };
    let mut materials = Rows {
        name: MATERIALS_SHEET,
        headers: MATERIAL_COLUMNS
            .iter()
            .map(|c| (c.header, c.width))
            .collect(),
        rows: Vec::new(),
        lists: vec![
            (
                index(MATERIAL_COLUMNS, Key::Field("形式")),
                Form::words().collect(),
            ),
            (
                index(MATERIAL_COLUMNS, Key::Field("介质")),
                Medium::words().collect(),
            ),
            (
                index(MATERIAL_COLUMNS, Key::Field("来源")),
                Source::words().collect(),
            ),
            (
                index(MATERIAL_COLUMNS, Key::Field("必要性")),
                Necessity::words().collect(),
            ),
        ],
    };
    let mut bundles = Rows {
        name: BUNDLES_SHEET,
        headers: BUNDLE_COLUMNS.iter().map(|c| (c.header, c.width)).collect(),
        rows: Vec::new(),
        lists: Vec::new(),
    };
    // Rows are made in parallel (each plain cell is read back through the grammar), in order.
    let all: Vec<(&str, &ItemText)> = parsed
        .iter()
        .flat_map(|(path, items)| items.iter().map(move |i| (path.as_str(), i)))
        .collect();
    type Made = (Vec<String>, Vec<Vec<String>>);
    let made: Vec<(bool, Made)> = all
        .par_iter()
        .map(|(path, item)| {
            if item.bundle {
                (true, (bundle_row(item, path), Vec::new()))
            } else {
                (false, matter_row(item, path, &departments))
            }
        })
        .collect();
    for (is_bundle, (row, mats)) in made {
        if is_bundle {
            bundles.rows.push(row);
        } else {
            matters.rows.push(row);
            materials.rows.extend(mats);
        }
    }

    let reg = &catalog.registry;
    let departments_rows = Rows {
        name: DEPARTMENTS_SHEET,
        headers: DEPARTMENT_COLUMNS
            .iter()
            .map(|(h, _, w)| (*h, *w))
            .collect(),
        rows: reg
            .departments
            .iter()
            .map(|d| {
                vec![
                    d.id.value.clone(),
                    opt(&d.name),
                    opt(&d.credit_code),
                    d.level
                        .as_ref()
                        .map_or(String::new(), |l| l.value.word().to_string()),
                    opt(&d.region),
                ]
            })
            .collect(),
        lists: vec![(3, Level::words().collect())],
    };
    let laws = Rows {
        name: LAWS_SHEET,
        headers: LAW_COLUMNS.iter().map(|(h, _, w)| (*h, *w)).collect(),
        rows: reg
            .laws
            .iter()
            .map(|l| {
                vec![
                    l.id.value.clone(),
                    l.rank
                        .as_ref()
                        .map_or(String::new(), |r| r.value.word().to_string()),
                    opt(&l.issuer),
                    opt(&l.number),
                    l.effective
                        .as_ref()
                        .map_or(String::new(), |d| d.value.to_string()),
                    l.repealed
                        .as_ref()
                        .map_or(String::new(), |d| d.value.to_string()),
                    l.articles
                        .as_ref()
                        .map_or(String::new(), |n| n.value.to_string()),
                ]
            })
            .collect(),
        lists: vec![(1, Rank::words().collect())],
    };
    let evidence = Rows {
        name: EVIDENCE_SHEET,
        headers: EVIDENCE_COLUMNS.iter().map(|(h, _, w)| (*h, *w)).collect(),
        rows: reg
            .evidence
            .iter()
            .map(|e| {
                let (dept, named) = match &e.issuer {
                    Some(Issuer::Department(r)) => (r.name.clone(), String::new()),
                    Some(Issuer::Named(n)) => (String::new(), n.value.clone()),
                    None => (String::new(), String::new()),
                };
                vec![
                    e.id.value.clone(),
                    e.name.as_ref().map_or(String::new(), |n| n.value.clone()),
                    dept,
                    named,
                    (if e.shared { "是" } else { "否" }).to_string(),
                ]
            })
            .collect(),
        lists: vec![(4, vec!["是", "否"])],
    };
    let config = &catalog.config;
    let catalog_rows = Rows {
        name: CATALOG_SHEET,
        headers: vec![("项目", 16.0), ("内容", 40.0)],
        rows: CATALOG_KEYS
            .iter()
            .map(|(h, key)| {
                let v = match *key {
                    "name" => opt(&config.name),
                    "region" => opt(&config.region),
                    "edition" => opt(&config.edition),
                    _ => config
                        .date
                        .as_ref()
                        .map_or(String::new(), |d| d.value.to_string()),
                };
                vec![(*h).to_string(), v]
            })
            .collect(),
        lists: Vec::new(),
    };
    Ok(vec![
        matters,
        materials,
        bundles,
        departments_rows,
        laws,
        evidence,
        catalog_rows,
    ])
}

fn opt(s: &Option<crate::source::Spanned<String>>) -> String {
    s.as_ref().map_or(String::new(), |s| s.value.clone())
}

fn index(columns: &[Column], key: Key) -> usize {
    columns.iter().position(|c| c.key == key).unwrap_or(0)
}

// ------------------------------------------------------------------------------------------
// Cells
// ------------------------------------------------------------------------------------------

/// `text` with blanks outside strings and titles collapsed, to compare two spellings of a
/// field; `None` when it holds a comment (which collapsing would run into the next line).
fn canon(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut blank = false;
    while let Some(c) = chars.next() {
        if c.is_whitespace() {
            blank = true;
            continue;
        }
        if blank && !out.is_empty() {
            out.push(' ');
        }
        blank = false;
        match c {
            '"' => {
                out.push(c);
                while let Some(d) = chars.next() {
                    out.push(d);
                    if d == '\\' {
                        if let Some(e) = chars.next() {
                            out.push(e);
                        }
                    } else if d == '"' {
                        break;
                    }
                }
            }
            '“' => {
                // Written again as "…" by the formatter; compare the contents.
                out.push('"');
                for d in chars.by_ref() {
                    if d == '”' {
                        break;
                    }
                    match d {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        d => out.push(d),
                    }
                }
                out.push('"');
            }
            '《' => {
                out.push(c);
                for d in chars.by_ref() {
                    out.push(d);
                    if d == '》' {
                        break;
                    }
                }
            }
            '/' if chars.peek() == Some(&'/') => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// Whether two texts of fields at `place` say the same: the same up to blanks, or else the
/// same once formatted (which also evens out 、 between values, `个工作日`, quotes).
fn same(place: Place, a: &str, b: &str) -> bool {
    if let (Some(x), Some(y)) = (canon(a), canon(b))
        && x == y
    {
        return true;
    }
    let wrap = |t: &str| match place {
        Place::Matter => format!("事项 甲 {{\n{t}\n}}\n"),
        Place::Bundle => format!("一件事 甲 {{\n{t}\n}}\n"),
        Place::Material => format!("事项 甲 {{\n材料 {{\n乙 {{\n{t}\n}}\n}}\n}}\n"),
        Place::Group => format!("事项 甲 {{\n材料 {{\n任选 乙 {{\n{t}\n}}\n}}\n}}\n"),
    };
    match (
        crate::syntax::fmt::format(&wrap(a)),
        crate::syntax::fmt::format(&wrap(b)),
    ) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}

/// The content of a value that is one string literal.
fn literal(value: &str) -> Option<String> {
    let v = value.trim();
    if let Some(inner) = v.strip_prefix('“').and_then(|r| r.strip_suffix('”')) {
        return (!inner.contains('”')).then(|| inner.to_string());
    }
    let inner = v.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                e => out.push(e),
            },
            '"' => return None,
            c => out.push(c),
        }
    }
    Some(out)
}

/// The lines of a value without the outer braces of a block, de-indented.
fn inner(value: &str) -> String {
    let v = value.trim();
    match v.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
        Some(body) => dedent(body.trim_end().trim_start_matches('\n')),
        None => dedent_tail(v),
    }
}

fn dedent(s: &str) -> String {
    let indent = s
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start().len())
        .min()
        .unwrap_or(0);
    s.lines()
        .map(|l| l.get(indent..).unwrap_or(l.trim_start()).trim_end())
        .collect::<Vec<_>>()
        .join("\n")
}

/// A multi-line value whose first line starts after its keyword: the later lines de-indented.
fn dedent_tail(s: &str) -> String {
    match s.split_once('\n') {
        Some((first, rest)) => format!("{first}\n{}", dedent(rest)),
        None => s.to_string(),
    }
}

/// The spec text of fields `fs` (all with one keyword).
fn spec_text(fs: &[&FieldText]) -> String {
    fs.iter()
        .map(|f| format!("{} {}", f.keyword, f.value))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The plainest cell that reads back as fields `fs`.
fn cell(place: Place, fs: &[&FieldText], ctx: Context) -> String {
    let Some(first) = fs.first() else {
        return String::new();
    };
    let keyword = first.keyword.as_str();
    let original = spec_text(fs);
    let back = |cell: &str| -> bool {
        read_cell(place, keyword, cell, ctx)
            .text
            .is_some_and(|t| same(place, &t, &original))
    };
    for candidate in plain(keyword, fs) {
        if back(&candidate) {
            return candidate;
        }
    }
    if let [one] = fs {
        let shown = inner(&one.value);
        if spec_form(place, keyword, &shown).is_some_and(|t| same(place, &t, &original)) {
            return shown;
        }
    }
    // Whole fields: always read back as themselves.
    fs.iter()
        .map(|f| format!("{} {}", f.keyword, dedent_tail(&f.value)))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Plainer spellings of fields `fs` to try, best first.
fn plain(keyword: &str, fs: &[&FieldText]) -> Vec<String> {
    let mut out = Vec::new();
    let literals: Option<Vec<String>> = fs.iter().map(|f| literal(&f.value)).collect();
    if let Some(l) = &literals
        && l.iter().all(|s| !s.contains('\n') || l.len() == 1)
    {
        out.push(l.join("\n"));
    }
    let [one] = fs else { return out };
    let value = one.value.trim();
    match keyword {
        "服务对象" | "办理形式" if !value.starts_with("待核") => {
            out.push(value.split_whitespace().collect::<Vec<_>>().join("、"));
        }
        "到现场" => {
            if let Some(n) = value.strip_suffix(" 次") {
                out.push(format!("{n}次"));
            }
        }
        "结果" => {
            let body = inner(value);
            if let Some(name) = body.strip_prefix("名称 ").and_then(literal)
                && !body.contains('\n')
            {
                out.push(name);
            }
        }
        "受理条件" if value.starts_with('{') => {
            let mut items = Vec::new();
            for (i, line) in inner(value).lines().enumerate() {
                let Some((text, rest)) = leading_literal(line.trim()) else {
                    items.clear();
                    break;
                };
                let rest = rest.trim();
                if rest.is_empty() {
                    items.push(format!("{}. {text}", i + 1));
                } else if let Some(c) = rest.strip_prefix("依据 ") {
                    items.push(format!("{}. {text}（依据{}）", i + 1, c.trim()));
                } else {
                    items.clear();
                    break;
                }
            }
            if !items.is_empty() {
                out.push(items.join("\n"));
            }
        }
        _ => {}
    }
    out
}

/// A line that starts with a string literal: its content and the rest.
fn leading_literal(line: &str) -> Option<(String, &str)> {
    let bytes = line.as_bytes();
    if !line.starts_with('"') {
        return None;
    }
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'"' => {
                let lit = &line[..=i];
                return Some((literal(lit)?, &line[i + 1..]));
            }
            _ => i += 1,
        }
    }
    None
}

fn with<'a>(fields: &'a [FieldText], keyword: &str) -> Vec<&'a FieldText> {
    fields.iter().filter(|f| f.keyword == keyword).collect()
}

fn matter_row(
    item: &ItemText,
    path: &str,
    departments: &[(String, String)],
) -> (Vec<String>, Vec<Vec<String>>) {
    let kind = with(&item.fields, "类型");
    let ctx = Context {
        licensing: kind.first().is_some_and(|f| f.value.trim() == "行政许可"),
        departments: None,
    };
    let mut row = Vec::with_capacity(MATTER_COLUMNS.len());
    let time = with(&item.fields, "时限");
    let (legal, promised, more) = time_cells(time.first().copied(), ctx);
    let mut materials = Vec::new();
    for column in MATTER_COLUMNS {
        let value = match column.key {
            Key::Id => item.id.clone(),
            Key::File => path.to_string(),
            Key::Legal => legal.clone(),
            Key::Promised => promised.clone(),
            Key::TimeMore => more.clone(),
            Key::Field("实施主体") => {
                let fs = with(&item.fields, "实施主体");
                match fs.first() {
                    // The full name, as lists write it; the 部门 sheet gives the id back.
                    Some(f) => departments
                        .iter()
                        .find(|(id, _)| *id == f.value.trim())
                        .filter(|(_, name)| {
                            departments.iter().filter(|(_, n)| n == name).count() == 1
                                && !departments.iter().any(|(id, _)| id == name)
                        })
                        .map_or_else(|| cell(Place::Matter, &fs, ctx), |(_, n)| n.clone()),
                    None => String::new(),
                }
            }
            Key::Field("材料") => {
                let fs = with(&item.fields, "材料");
                match fs.first().and_then(|f| f.materials.as_ref()) {
                    Some(list) if !list.is_empty() => {
                        for m in list {
                            materials.push(material_row(&item.id, m));
                        }
                        material_names(list)
                    }
                    _ => cell(Place::Matter, &fs, ctx),
                }
            }
            Key::Field(kw) => cell(Place::Matter, &with(&item.fields, kw), ctx),
            _ => String::new(),
        };
        row.push(value);
    }
    (row, materials)
}

/// The 申请材料 cell beside a materials sheet: the names, numbered, for the reader of the
/// matters sheet (the materials sheet is what is read back).
fn material_names(list: &[MaterialText]) -> String {
    let mut names: Vec<String> = Vec::new();
    let mut last_group: Option<&str> = None;
    for m in list {
        let name = |fields: &[FieldText]| {
            with(fields, "名称")
                .first()
                .and_then(|f| literal(&f.value))
                .unwrap_or_else(|| m.id.clone())
        };
        match &m.group {
            Some(g) if last_group == Some(g.id.as_str()) => continue,
            Some(g) => {
                last_group = Some(g.id.as_str());
                names.push(name(&g.fields));
            }
            None => {
                last_group = None;
                names.push(name(&m.fields));
            }
        }
    }
    names
        .iter()
        .enumerate()
        .map(|(i, n)| format!("{}. {}", i + 1, n.replace('\n', " ")))
        .collect::<Vec<_>>()
        .join("\n")
}

fn material_row(owner: &str, m: &MaterialText) -> Vec<String> {
    let ctx = Context::default();
    MATERIAL_COLUMNS
        .iter()
        .map(|column| match column.key {
            Key::Owner => owner.to_string(),
            Key::Id => m.id.clone(),
            Key::Group => m.group.as_ref().map_or(String::new(), |g| g.id.clone()),
            Key::GroupName => m.group.as_ref().map_or(String::new(), |g| {
                cell(Place::Group, &with(&g.fields, "名称"), ctx)
            }),
            Key::GroupMore => m.group.as_ref().map_or(String::new(), |g| {
                let fs = with(&g.fields, "豁免");
                if fs.is_empty() {
                    String::new()
                } else {
                    spec_text(&fs)
                }
            }),
            Key::Field(kw) => cell(Place::Material, &with(&m.fields, kw), ctx),
            _ => String::new(),
        })
        .collect()
}

fn bundle_row(item: &ItemText, path: &str) -> Vec<String> {
    BUNDLE_COLUMNS
        .iter()
        .map(|column| match column.key {
            Key::Id => item.id.clone(),
            Key::File => path.to_string(),
            Key::Field(kw) => {
                let fs = with(&item.fields, kw);
                let Some(first) = fs.first() else {
                    return String::new();
                };
                match literal(&first.value) {
                    Some(l) if kw == "名称" && spec_form(Place::Bundle, kw, &l).is_none() => l,
                    _ => {
                        let shown = inner(&first.value);
                        if spec_form(Place::Bundle, kw, &shown)
                            .is_some_and(|t| same(Place::Bundle, &t, &spec_text(&fs)))
                        {
                            shown
                        } else {
                            spec_text(&fs)
                        }
                    }
                }
            }
            _ => String::new(),
        })
        .collect()
}

/// The 法定, 承诺 and other cells of a 时限 field, read back before they are chosen.
fn time_cells(time: Option<&FieldText>, ctx: Context) -> (String, String, String) {
    let Some(t) = time else {
        return Default::default();
    };
    let original = format!("时限 {}", t.value);
    let value = t.value.trim();
    let whole = (String::new(), String::new(), inner(value));
    if !value.starts_with('{') {
        return whole;
    }
    let (mut legal, mut promised, mut more) = (String::new(), String::new(), Vec::new());
    for line in inner(value).lines() {
        let line = line.trim();
        if let Some(v) = line.strip_prefix("法定 ").filter(|_| legal.is_empty()) {
            legal = plain_limit(v);
        } else if let Some(v) = line.strip_prefix("承诺 ").filter(|_| promised.is_empty()) {
            promised = plain_limit(v);
        } else {
            more.push(line.to_string());
        }
    }
    let more = more.join("\n");
    let back = read_time(&legal, &promised, &more, ctx).0;
    if back.is_some_and(|b| same(Place::Matter, &b, &original)) {
        (legal, promised, more)
    } else {
        whole
    }
}

/// `15 工作日` as lists write it: `15个工作日`.
fn plain_limit(v: &str) -> String {
    let v = v.trim();
    match v.split_once(' ') {
        Some((n, unit @ ("工作日" | "自然日"))) if n.bytes().all(|b| b.is_ascii_digit()) => {
            format!("{n}个{unit}")
        }
        _ => v.to_string(),
    }
}

// ------------------------------------------------------------------------------------------
// Writing
// ------------------------------------------------------------------------------------------

fn write(sheets: &[Rows], checked: &Checked) -> Result<Vec<u8>, Refusal> {
    let failed = |e: rust_xlsxwriter::XlsxError| Refusal::Writer(e.to_string());
    let mut book = Workbook::new();
    // A fixed creation time: two exports of one catalog are the same bytes.
    let created = match &checked.catalog.config.date {
        Some(d) => ExcelDateTime::from_ymd(
            u16::try_from(d.value.year()).unwrap_or(2000),
            u8::try_from(d.value.month()).unwrap_or(1),
            u8::try_from(d.value.day()).unwrap_or(1),
        ),
        None => ExcelDateTime::from_ymd(2000, 1, 1),
    }
    .map_err(failed)?;
    let title = checked
        .catalog
        .config
        .name
        .as_ref()
        .map_or("政务服务事项实施清单".to_string(), |n| {
            n.value.clone()
        });
    book.set_properties(
        &DocProperties::new()
            .set_title(&title)
            .set_author("banshi")
            .set_creation_datetime(&created),
    );
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color("#DDE7F0")
        .set_border(FormatBorder::Thin);
    let body = Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
        .set_border_color("#BFBFBF");
    for s in sheets {
        let sheet: &mut Worksheet = book.add_worksheet();
        sheet.set_name(s.name).map_err(failed)?;
        for (c, (h, w)) in s.headers.iter().enumerate() {
            let c = col(c);
            sheet
                .write_string_with_format(0, c, *h, &header)
                .map_err(failed)?;
            sheet.set_column_width(c, *w).map_err(failed)?;
        }
        sheet.set_row_height(0, 30).map_err(failed)?;
        // The header stays in view, and so do the id and name of a matter.
        let frozen_cols = if s.name == MATTERS_SHEET { 2 } else { 0 };
        sheet.set_freeze_panes(1, frozen_cols).map_err(failed)?;
        for (r, row) in s.rows.iter().enumerate() {
            let rn = u32::try_from(r + 1).map_err(|_| Refusal::Writer("行数过多".to_string()))?;
            for (c, text) in row.iter().enumerate() {
                if text.is_empty() {
                    sheet.write_blank(rn, col(c), &body).map_err(failed)?;
                    continue;
                }
                if text.chars().count() > CELL_LIMIT {
                    return Err(Refusal::TooLong {
                        sheet: s.name.to_string(),
                        row: r + 2,
                        header: s.headers.get(c).map_or("", |h| h.0).to_string(),
                    });
                }
                sheet
                    .write_string_with_format(rn, col(c), text, &body)
                    .map_err(failed)?;
            }
        }
        let last = u32::try_from(s.rows.len().max(1) + 500).unwrap_or(u32::MAX);
        for (c, words) in &s.lists {
            // A warning, not a stop: `待核 "…"` must stay typeable in these columns.
            let v = DataValidation::new()
                .allow_list_strings(words)
                .map_err(failed)?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("不是可选的取值")
                .map_err(failed)?
                .set_error_message("请从下拉列表中选择；尚未核实的写「待核」。")
                .map_err(failed)?;
            sheet
                .add_data_validation(1, col(*c), last, col(*c), &v)
                .map_err(failed)?;
        }
        if !s.rows.is_empty() {
            let last_row = u32::try_from(s.rows.len()).unwrap_or(u32::MAX);
            sheet
                .autofilter(0, 0, last_row, col(s.headers.len().saturating_sub(1)))
                .map_err(failed)?;
        }
    }
    book.save_to_buffer().map_err(failed)
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_spelling() {
        let m = Place::Matter;
        assert!(same(
            m,
            "时限 {\n  法定 30 工作日\n}",
            "时限 { 法定 30 个工作日 }"
        ));
        assert!(same(m, "名称 “a b”", "名称 \"a b\""));
        assert!(same(m, "办理形式 网上、窗口", "办理形式 网上 窗口"));
        assert!(!same(m, "名称 \"a  b\"", "名称 \"a b\""));
        assert!(!same(m, "办理形式 窗口 网上", "办理形式 网上 窗口"));
    }

    #[test]
    fn literals_and_blocks() {
        assert_eq!(literal("\"a\\\"b\\nc\"").as_deref(), Some("a\"b\nc"));
        assert_eq!(literal("“甲”").as_deref(), Some("甲"));
        assert_eq!(literal("\"a\" \"b\""), None);
        assert_eq!(inner("{\n    甲\n      乙\n  }"), "甲\n  乙");
        assert_eq!(plain_limit("15 工作日"), "15个工作日");
        assert_eq!(plain_limit("即办"), "即办");
    }
}
