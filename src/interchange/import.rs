//! An implementation-list workbook → the files of a catalog, and what became of every cell.
//!
//! A cell becomes a field when it is written in the language (the way `export` writes the
//! cells it cannot say in plainer words) or in one of the regular forms of [`cells`]; any
//! other non-empty cell becomes `待核` with its text as the reason, and an empty cell of a
//! required field becomes `待核 "单元格为空"`. Nothing is made up: what a list does not say,
//! the catalog does not say either, and `check` then reports every gap.
//!
//! A workbook whose matters sheet has the 事项标识 column is banshi's own layout (`export`
//! writes it): there an empty cell is a field the spec leaves out, not an unknown fact.

use super::cells::{self, ListedMaterial};
use super::read::{Cell, Table, cell_name};
use super::tables::{
    Alias, BUNDLE_COLUMNS, BUNDLES_SHEET, CATALOG_KEYS, CATALOG_SHEET, Column, DEPARTMENT_COLUMNS,
    DEPARTMENTS_SHEET, EVIDENCE_COLUMNS, EVIDENCE_SHEET, Key, LAW_COLUMNS, LAWS_SHEET,
    MATERIAL_COLUMNS, MATERIALS_SHEET, MATTER_COLUMNS, MATTERS_SHEET, column_for, header_key,
};
use crate::scaffold::{is_identifier, quote, yaml};
use crate::syntax::fields::{Place, field_count};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// `import.yaml`: how a workbook of another layout is read.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The sheet of matters (default: the sheet named 事项, else the first whose header names
    /// at least three known columns).
    pub sheet: Option<String>,
    /// The 1-based row of the header (default: the first of the first ten rows that names at
    /// least three known columns).
    pub header_row: Option<usize>,
    /// Header in the workbook → a header of banshi's layout (`事项名称`) or a field keyword.
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    /// The sheet of materials, one row per material (default: the sheet named 材料).
    pub materials_sheet: Option<String>,
}

/// Facts the workbook may lack: the catalog's name and division code.
#[derive(Clone, Debug, Default)]
pub struct Given {
    pub name: Option<String>,
    pub region: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Imported {
    /// Catalog-relative path (`/` separators) and text, in writing order.
    pub files: Vec<(String, String)>,
    pub report: Report,
}

/// What became of the workbook: `import-report.md` and `--format json`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Report {
    pub sheet: String,
    pub header_row: usize,
    /// Whether this is banshi's own layout (an empty cell leaves a field out).
    pub own_layout: bool,
    pub columns: Vec<ColumnUse>,
    pub matters: Vec<ItemReport>,
    pub bundles: Vec<ItemReport>,
    pub registry: Vec<String>,
    pub totals: Totals,
}

#[derive(Clone, Debug, Serialize)]
pub struct ColumnUse {
    pub cell: String,
    pub header: String,
    /// The field or registry fact it was read into; `None` when it was not used.
    pub read_as: Option<String>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct ItemReport {
    pub id: String,
    pub name: String,
    pub file: String,
    pub row: usize,
    pub cells: Vec<CellReport>,
}

#[derive(Clone, Debug, Serialize)]
pub struct CellReport {
    /// `C5`; for a material, the cell in the materials sheet.
    pub cell: String,
    pub field: String,
    pub outcome: Outcome,
    /// Why it is 待核, or how a wording was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Copied into the field as written.
    Field,
    /// Read into the field through a stated reading (an alias, a unit).
    Read,
    /// Written `待核`, with the cell's text as the reason.
    Unverified,
    /// An empty cell of a required field: `待核 "单元格为空"`.
    Empty,
}

#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Totals {
    pub matters: usize,
    pub bundles: usize,
    pub materials: usize,
    /// Non-empty cells read into fields, as written or through a reading.
    pub fields: usize,
    pub read: usize,
    /// Non-empty cells that became 待核.
    pub unverified: usize,
    /// Empty cells of required fields.
    pub empty: usize,
    /// Non-empty cells of columns the language has no field for.
    pub unused: usize,
}

impl Totals {
    fn add(&mut self, o: &Totals) {
        self.materials += o.materials;
        self.fields += o.fields;
        self.read += o.read;
        self.unverified += o.unverified;
        self.empty += o.empty;
        self.unused += o.unused;
    }
}

// The fields a matter must state (`missing-field` otherwise), in the order they are written.
use crate::lower::MATTER_REQUIRED as REQUIRED;

/// Fields that may repeat, one value per line of their cell.
const REPEATED: &[&str] = &["地点", "时间", "常见错误", "豁免", "办理情形"];

/// Fields that hold a string.
const TEXT_FIELDS: &[&str] = &[
    "名称",
    "编码",
    "咨询",
    "监督",
    "网办地址",
    "复议",
    "诉讼",
    "数量限制",
    "告知承诺",
    "地点",
    "时间",
    "情形",
    "样表",
    "常见错误",
];

/// Fields the grammar lets be `待核`, by place: those the language allows to be unknown, and
/// 名称, 类型, 实施主体 and 依据, whose `待核` `check` reports as `invalid-value`, with the cell's
/// text as the reason.
fn may_be_unverified(place: Place, keyword: &str) -> bool {
    const MATERIAL: &[&str] = &["形式", "份数", "来源"];
    let allowed = crate::lower::MAY_BE_UNVERIFIED.contains(&keyword);
    match place {
        Place::Matter => {
            (allowed && !MATERIAL.contains(&keyword))
                || ["名称", "类型", "实施主体", "依据"].contains(&keyword)
        }
        Place::Material => allowed && MATERIAL.contains(&keyword),
        Place::Bundle | Place::Group => false,
    }
}

/// The text of field `keyword` whose cell says `cell`, as the language writes it; `None` when
/// the cell is not written in the language.
pub fn spec_form(place: Place, keyword: &str, cell: &str) -> Option<String> {
    let cell = cell.trim();
    if cell.is_empty() {
        return None;
    }
    // A string field's value starts with a quote or 待核: anything else cannot be one, and
    // asking the grammar would only cost time (cells are mostly plain text).
    if TEXT_FIELDS.contains(&keyword)
        && !(cell.starts_with(['"', '“']) || cell.starts_with("待核") || cell.starts_with(keyword))
    {
        return None;
    }
    let repeated = REPEATED.contains(&keyword);
    let fits = |text: &str| {
        field_count(place, keyword, text).is_some_and(|n| n == 1 || (repeated && n > 1))
    };
    if cell.starts_with(keyword) && fits(cell) {
        return Some(cell.to_string());
    }
    let plain = format!("{keyword} {cell}");
    if fits(&plain) {
        return Some(plain);
    }
    let block = format!("{keyword} {{\n{cell}\n}}");
    if fits(&block) {
        return Some(block);
    }
    if repeated && cell.contains('\n') {
        let lines: Vec<String> = cell
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{keyword} {}", l.trim()))
            .collect();
        let joined = lines.join("\n");
        if field_count(place, keyword, &joined) == Some(lines.len()) {
            return Some(joined);
        }
    }
    None
}

/// How one cell was read: the field text (if any) and the outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reading {
    pub text: Option<String>,
    pub outcome: Outcome,
    pub note: Option<String>,
}

impl Reading {
    fn field(text: String) -> Reading {
        Reading {
            text: Some(text),
            outcome: Outcome::Field,
            note: None,
        }
    }
    fn read(text: String, note: Option<String>) -> Reading {
        Reading {
            outcome: if note.is_some() {
                Outcome::Read
            } else {
                Outcome::Field
            },
            text: Some(text),
            note,
        }
    }
}

/// What the reader knows beyond the cell.
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    pub licensing: bool,
    pub departments: Option<&'a Departments>,
}

/// Reads the cell of field `keyword` at `place`. Empty cells are the caller's business.
pub fn read_cell(place: Place, keyword: &str, cell: &str, ctx: Context) -> Reading {
    let cell = cell.trim();
    // A department's full name is an identifier too, and must not be read as one.
    if keyword == "实施主体"
        && let Some(r) = national(place, keyword, cell, ctx)
    {
        return r;
    }
    if let Some(text) = spec_form(place, keyword, cell) {
        return Reading::field(text);
    }
    if let Some(r) = national(place, keyword, cell, ctx) {
        return r;
    }
    if TEXT_FIELDS.contains(&keyword) {
        if REPEATED.contains(&keyword) {
            let lines: Vec<String> = cell
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(|l| format!("{keyword} {}", quote(l)))
                .collect();
            return Reading::field(lines.join("\n"));
        }
        return Reading::field(format!("{keyword} {}", quote(cell)));
    }
    unverified(place, keyword, cell)
}

/// `待核` with the cell as the reason, where the grammar allows it; elsewhere the field is left
/// out and a comment in its place keeps the cell's text in front of the clerk.
fn unverified(place: Place, keyword: &str, cell: &str) -> Reading {
    let original = one_line(cell);
    let text = if may_be_unverified(place, keyword) {
        format!(
            "{keyword} 待核 {}",
            quote(&format!("工作簿原文：{original}"))
        )
    } else {
        format!("// 未能读取「{keyword}」，未导入。工作簿原文：{original}")
    };
    Reading {
        text: Some(text),
        outcome: Outcome::Unverified,
        note: Some(original),
    }
}

/// A cell's text on one line: also what a `//` comment may hold, so every control character
/// (a lone carriage return ends a comment too) becomes a blank.
fn one_line(s: &str) -> String {
    s.split(|c: char| c.is_control() || c == '\u{2028}' || c == '\u{2029}')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn national(place: Place, keyword: &str, cell: &str, ctx: Context) -> Option<Reading> {
    let alias = |table: Alias| -> Option<Reading> {
        let (w, read) = cells::word(table, cell)?;
        let note = read.then(|| format!("「{}」读作「{w}」", cell.trim()));
        Some(Reading::read(format!("{keyword} {w}"), note))
    };
    match (place, keyword) {
        (Place::Matter, "类型") => alias(Alias::Kind),
        (Place::Matter, "办件类型") => alias(Alias::Handling),
        (Place::Matter, "服务对象" | "办理形式") => {
            let table = if keyword == "服务对象" {
                Alias::Subject
            } else {
                Alias::Channel
            };
            let (words, read) = cells::word_list(table, cell)?;
            let joined = words.join(" ");
            let note = read.then(|| format!("「{}」读作「{joined}」", one_line(cell)));
            Some(Reading::read(format!("{keyword} {joined}"), note))
        }
        (Place::Matter, "实施主体") => {
            let id = ctx
                .departments?
                .id_of(cell.trim())
                .filter(|id| is_identifier(id))?;
            Some(Reading::field(format!("实施主体 {id}")))
        }
        (Place::Matter | Place::Material, "依据") => {
            let list = cells::citations(cell)?;
            if place == Place::Material {
                let [one] = list.as_slice() else {
                    return None;
                };
                return Some(Reading::field(format!("依据 {one}")));
            }
            Some(Reading::field(format!("依据 {{\n{}\n}}", list.join("\n"))))
        }
        (Place::Matter, "受理条件") => {
            if matches!(cell.trim(), "无" | "无受理条件") {
                return Some(Reading::field("受理条件 {}".to_string()));
            }
            let lines: Vec<String> = cells::numbered(cell)
                .iter()
                .map(|item| {
                    let (text, basis) = cells::condition(item);
                    match basis {
                        Some(b) => format!("{} 依据 {b}", quote(&text)),
                        None => quote(&text),
                    }
                })
                .collect();
            (!lines.is_empty())
                .then(|| Reading::field(format!("受理条件 {{\n{}\n}}", lines.join("\n"))))
        }
        (Place::Matter, "收费") => cells::free(cell).then(|| {
            let note =
                (cell.trim() != "不收费").then(|| format!("「{}」读作「不收费」", cell.trim()));
            Reading::read("收费 不收费".to_string(), note)
        }),
        (Place::Matter, "到现场") => {
            let n = cells::visits(cell)?;
            let note = (cell.trim() != format!("{n}次") && cell.trim() != format!("{n} 次"))
                .then(|| format!("「{}」读作 {n} 次", cell.trim()));
            Some(Reading::read(format!("到现场 {n} 次"), note))
        }
        (Place::Matter, "结果") => {
            let t = cell.trim();
            (!t.contains('\n')).then(|| Reading::field(format!("结果 {{\n名称 {}\n}}", quote(t))))
        }
        (Place::Material, "形式") => alias(Alias::Form),
        (Place::Material, "介质") => alias(Alias::Medium),
        (Place::Material, "来源") => alias(Alias::Source),
        (Place::Material, "必要性") => alias(Alias::Necessity),
        (Place::Material, "份数") => {
            let t = cell.trim();
            let n = cells::count(t.strip_suffix('份').unwrap_or(t)).filter(|&n| n > 0)?;
            let note = (t != n.to_string()).then(|| format!("「{t}」读作 {n}"));
            Some(Reading::read(format!("份数 {n}"), note))
        }
        _ => None,
    }
}

/// Reads the three limit cells of a matter into one 时限 field.
pub fn read_time(
    legal: &str,
    promised: &str,
    more: &str,
    ctx: Context,
) -> (Option<String>, Vec<(Key, Reading)>) {
    let (legal, promised, more) = (legal.trim(), promised.trim(), more.trim());
    let mut readings = Vec::new();
    if legal.is_empty() && promised.is_empty() {
        if more.is_empty() {
            return (None, readings);
        }
        if let Some(t) = spec_form(Place::Matter, "时限", more) {
            readings.push((Key::TimeMore, Reading::field(t.clone())));
            return (Some(t), readings);
        }
    }
    let mut lines: Vec<String> = Vec::new();
    for (key, word, cell) in [
        (Key::Legal, "法定", legal),
        (Key::Promised, "承诺", promised),
    ] {
        if cell.is_empty() {
            continue;
        }
        let spec = format!("时限 {{\n{word} {cell}\n}}");
        let r = if field_count(Place::Matter, "时限", &spec) == Some(1) {
            Reading::field(format!("{word} {cell}"))
        } else if let Some((l, note)) = cells::limit(cell, key == Key::Legal, ctx.licensing) {
            Reading::read(format!("{word} {l}"), note)
        } else {
            Reading {
                text: Some(format!(
                    "{word} 待核 {}",
                    quote(&format!("工作簿原文：{}", one_line(cell)))
                )),
                outcome: Outcome::Unverified,
                note: Some(one_line(cell)),
            }
        };
        if let Some(t) = &r.text {
            lines.push(t.clone());
        }
        readings.push((key, r));
    }
    if !more.is_empty() {
        let block = format!("时限 {{\n{more}\n}}");
        if field_count(Place::Matter, "时限", &block) == Some(1) {
            lines.push(more.to_string());
            readings.push((Key::TimeMore, Reading::field(more.to_string())));
        } else {
            let why = format!("工作簿原文：{}", one_line(more));
            lines.push(format!("特别程序 {}", quote(&why)));
            readings.push((
                Key::TimeMore,
                Reading {
                    text: None,
                    outcome: Outcome::Unverified,
                    note: Some(format!(
                        "未能读作特别程序或延长，原文记作特别程序：{}",
                        one_line(more)
                    )),
                },
            ));
        }
    }
    (Some(format!("时限 {{\n{}\n}}", lines.join("\n"))), readings)
}

// ------------------------------------------------------------------------------------------
// Departments
// ------------------------------------------------------------------------------------------

/// The departments of the imported catalog: from the 部门 sheet, then one per 实施主体 name
/// that is not among them.
#[derive(Clone, Debug, Default)]
pub struct Departments {
    /// `(id, YAML fields)` in writing order.
    pub entries: Vec<(String, BTreeMap<&'static str, String>)>,
    by_name: BTreeMap<String, String>,
}

impl Departments {
    pub fn id_of(&self, cell: &str) -> Option<&str> {
        if let Some((id, _)) = self.entries.iter().find(|(id, _)| id == cell) {
            return Some(id);
        }
        self.by_name.get(cell).map(String::as_str)
    }

    fn add(&mut self, id: String, mut fields: BTreeMap<&'static str, String>) {
        fields.insert("id", id.clone());
        if let Some(name) = fields.get("name") {
            self.by_name
                .entry(name.clone())
                .or_insert_with(|| id.clone());
        }
        self.entries.push((id, fields));
    }
}

/// A short identifier for a department's full name: the division names in front of it
/// (常州市天宁区民政局 → 民政局) left out, and characters an identifier cannot hold.
pub fn department_id(name: &str) -> String {
    let mut rest: &str = name.trim();
    loop {
        let cut = rest
            .char_indices()
            .skip(2)
            .find(|&(_, c)| "省市区县旗".contains(c))
            .map(|(i, c)| i + c.len_utf8());
        match cut {
            Some(at) if rest[at..].chars().count() >= 2 => rest = &rest[at..],
            _ => break,
        }
    }
    identifier(rest, "部门")
}

/// `s` as an identifier: characters that cannot continue one left out, and a prefix when it
/// cannot start with what is left.
pub fn identifier(s: &str, prefix: &str) -> String {
    let kept: String = s
        .chars()
        .filter(|&c| unicode_ident::is_xid_continue(c))
        .collect();
    let id = if kept.chars().next().is_some_and(unicode_ident::is_xid_start) {
        kept
    } else {
        format!("{prefix}{kept}")
    };
    // Long names make long paths; 40 characters keep every name a list uses.
    id.chars().take(40).collect()
}

// ------------------------------------------------------------------------------------------
// Sheets
// ------------------------------------------------------------------------------------------

/// A sheet read against a column table: which column of the table each sheet column is.
struct Layout<'t> {
    header_row: usize,
    by_col: Vec<Option<&'static Column>>,
    table: &'t Table,
}

impl<'t> Layout<'t> {
    fn find(
        table: &'t Table,
        columns: &'static [Column],
        mapping: &Mapping,
        header_row: Option<usize>,
    ) -> Option<Layout<'t>> {
        let rows: Vec<usize> = match header_row {
            Some(r) => vec![r.checked_sub(1)?],
            None => (0..table.rows.len().min(10)).collect(),
        };
        for r in rows {
            let row = table.rows.get(r)?;
            let by_col: Vec<Option<&'static Column>> = {
                let mut seen: BTreeSet<&'static str> = BTreeSet::new();
                row.iter()
                    .map(|c| {
                        let header = header_key(&c.text);
                        let target = mapping
                            .columns
                            .get(&header)
                            .map_or(header.as_str(), String::as_str);
                        let col = column_for(columns, target).or_else(|| {
                            columns
                                .iter()
                                .find(|c| matches!(c.key, Key::Field(k) if k == target))
                        })?;
                        // A second column for the same thing is not read (the report says so).
                        seen.insert(col.header).then_some(col)
                    })
                    .collect()
            };
            if by_col
                .iter()
                .flatten()
                .filter(|c| c.key != Key::Unused)
                .count()
                >= 3
                || header_row.is_some()
            {
                return Some(Layout {
                    header_row: r,
                    by_col,
                    table,
                });
            }
        }
        None
    }

    fn column(&self, key: Key) -> Option<usize> {
        self.by_col
            .iter()
            .position(|c| c.is_some_and(|c| c.key == key))
    }

    fn get(&self, row: usize, key: Key) -> Option<(usize, &'t Cell)> {
        let col = self.column(key)?;
        Some((col, self.table.cell(row, col)?))
    }

    fn text(&self, row: usize, key: Key) -> &'t str {
        self.get(row, key).map_or("", |(_, c)| c.text.as_str())
    }

    fn data_rows(&self) -> impl Iterator<Item = usize> + '_ {
        (self.header_row + 1..self.table.rows.len()).filter(|&r| {
            self.table.rows[r].iter().enumerate().any(|(c, cell)| {
                !cell.text.trim().is_empty() && self.by_col.get(c).copied().flatten().is_some()
            })
        })
    }
}

/// A registry sheet as rows of `key → text`.
fn registry_rows(
    table: &Table,
    columns: &[(&str, &'static str, f64)],
) -> Vec<(usize, BTreeMap<&'static str, String>)> {
    let Some(header) = table.rows.first() else {
        return Vec::new();
    };
    let keys: Vec<Option<&'static str>> = header
        .iter()
        .map(|c| {
            let h = header_key(&c.text);
            columns
                .iter()
                .find(|(name, _, _)| *name == h)
                .map(|(_, k, _)| *k)
        })
        .collect();
    let mut out = Vec::new();
    for (r, row) in table.rows.iter().enumerate().skip(1) {
        let mut fields = BTreeMap::new();
        for (c, cell) in row.iter().enumerate() {
            if let Some(Some(k)) = keys.get(c)
                && !cell.text.trim().is_empty()
            {
                fields.insert(*k, cell.text.trim().to_string());
            }
        }
        if fields.contains_key("id") {
            out.push((r, fields));
        }
    }
    out
}

fn sheet<'a>(tables: &'a [Table], name: &str) -> Option<&'a Table> {
    tables.iter().find(|t| t.name.trim() == name)
}

/// A spec file path from the 所在文件 column, when it is a safe relative `.banshi` path: no
/// `..`, no absolute or hidden component, nothing but identifier characters and `-` in names.
fn safe_file(cell: &str) -> Option<String> {
    let path = cell.trim();
    let stem = path.strip_suffix(".banshi")?;
    let ok = stem.split('/').all(|part| {
        !part.is_empty()
            && part.chars().count() <= 64
            && part
                .chars()
                .all(|c| unicode_ident::is_xid_continue(c) || c == '-')
            && !part.starts_with('.')
    });
    (ok && !stem.is_empty()).then(|| path.to_string())
}

// ------------------------------------------------------------------------------------------
// Import
// ------------------------------------------------------------------------------------------

struct Item {
    file: String,
    text: String,
}

/// Reads `tables` (the sheets of a workbook) into a catalog's files.
pub fn import(tables: &[Table], mapping: &Mapping, given: &Given) -> Result<Imported, String> {
    let named = mapping
        .sheet
        .as_deref()
        .map(|n| sheet(tables, n).ok_or_else(|| format!("工作簿中没有工作表「{n}」")))
        .transpose()?;
    let layout = match named.or_else(|| sheet(tables, MATTERS_SHEET)) {
        Some(t) => Layout::find(t, MATTER_COLUMNS, mapping, mapping.header_row),
        None => tables
            .iter()
            .find_map(|t| Layout::find(t, MATTER_COLUMNS, mapping, mapping.header_row)),
    }
    .ok_or_else(|| {
        "找不到事项表：没有一张工作表在前 10 行中有 3 个以上可识别的列名（如 事项名称、基本编码、设定依据）；可在 import.yaml 中用 sheet、header_row 和 columns 指明".to_string()
    })?;
    let own = layout.column(Key::Id).is_some();
    let mut report = Report {
        sheet: layout.table.name.clone(),
        header_row: layout.header_row + 1,
        own_layout: own,
        ..Report::default()
    };
    if let Some(header) = layout.table.rows.get(layout.header_row) {
        for (c, cell) in header.iter().enumerate() {
            if cell.text.trim().is_empty() {
                continue;
            }
            report.columns.push(ColumnUse {
                cell: cell_name(layout.header_row, c),
                header: one_line(&cell.text),
                read_as: layout
                    .by_col
                    .get(c)
                    .copied()
                    .flatten()
                    .and_then(|col| match col.key {
                        Key::Unused => None,
                        Key::Field(k) => Some(k.to_string()),
                        _ => Some(col.header.to_string()),
                    }),
            });
        }
    }

    // The catalog's configuration.
    let mut config: BTreeMap<&'static str, String> = BTreeMap::new();
    if let Some(t) = sheet(tables, CATALOG_SHEET) {
        for row in &t.rows {
            if let (Some(k), Some(v)) = (row.first(), row.get(1))
                && let Some((_, key)) = CATALOG_KEYS.iter().find(|(h, _)| *h == k.text.trim())
                && !v.text.trim().is_empty()
            {
                config.insert(key, v.text.trim().to_string());
            }
        }
    }
    if let Some(n) = &given.name {
        config.insert("name", n.clone());
    }
    if let Some(r) = &given.region {
        config.insert("region", r.clone());
    }
    for (key, flag) in [("name", "--name"), ("region", "--region")] {
        if !config.contains_key(key) {
            return Err(format!(
                "工作簿没有「目录」工作表写明{}：请用 {flag} 给出",
                if key == "name" {
                    "目录名称"
                } else {
                    "行政区划代码"
                }
            ));
        }
    }

    // Departments: the sheet first, then the 实施主体 names not in it.
    let mut departments = Departments::default();
    if let Some(t) = sheet(tables, DEPARTMENTS_SHEET) {
        for (_, fields) in registry_rows(t, DEPARTMENT_COLUMNS) {
            let id = fields.get("id").cloned().unwrap_or_default();
            departments.add(id, fields);
        }
    }
    let rows: Vec<usize> = layout.data_rows().collect();
    for &r in &rows {
        let name = layout.text(r, Key::Field("实施主体")).trim();
        if name.is_empty() || departments.id_of(name).is_some() {
            continue;
        }
        let mut id = department_id(name);
        if departments.entries.iter().any(|(d, _)| *d == id) {
            id = identifier(name, "部门");
        }
        let mut fields = BTreeMap::new();
        fields.insert("name", name.to_string());
        let code = cells::half_width(layout.text(r, Key::DepartmentCode))
            .trim()
            .to_string();
        if !code.is_empty() {
            fields.insert("credit_code", code);
        }
        if let Some((level, _)) = cells::word(Alias::Level, layout.text(r, Key::DepartmentLevel)) {
            fields.insert("level", level.to_string());
        }
        let missing: Vec<&str> = [("credit_code", "统一社会信用代码"), ("level", "层级")]
            .iter()
            .filter(|(k, _)| !fields.contains_key(k))
            .map(|(_, w)| *w)
            .collect();
        let mut line = format!("部门「{id}」取自实施主体「{name}」");
        if !missing.is_empty() {
            line.push_str(&format!(
                "；工作簿未写明其{}，须补入 registry/departments.yaml",
                missing.join("、")
            ));
        }
        report.registry.push(line);
        departments.add(id, fields);
    }

    // Materials of the materials sheet, by owner.
    let materials_table = mapping
        .materials_sheet
        .as_deref()
        .map(|n| sheet(tables, n).ok_or_else(|| format!("工作簿中没有工作表「{n}」")))
        .transpose()?
        .or_else(|| sheet(tables, MATERIALS_SHEET));
    let material_layout = materials_table
        .and_then(|t| Layout::find(t, MATERIAL_COLUMNS, &Mapping::default(), Some(1)));
    let mut sheet_materials: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    if let Some(ml) = &material_layout {
        for r in ml.data_rows() {
            let owner = ml.text(r, Key::Owner).trim().to_string();
            sheet_materials.entry(owner).or_default().push(r);
        }
    }

    // Matters: a row, or the rows a merged 事项名称 cell spans.
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let name_col = layout.column(Key::Field("名称"));
    for &r in &rows {
        let continues = name_col
            .and_then(|c| layout.table.cell(r, c))
            .is_some_and(|c| c.merged_copy);
        match groups.last_mut() {
            Some(g) if continues => g.push(r),
            _ => groups.push(vec![r]),
        }
    }
    let mut items: Vec<Item> = Vec::new();
    let mut used_ids: BTreeSet<String> = BTreeSet::new();
    // Bundles and matters are separate namespaces.
    let mut bundle_ids: BTreeSet<String> = BTreeSet::new();
    let ctx_departments = departments.clone();
    let ids: Vec<String> = groups
        .iter()
        .map(|g| unique(wanted_id(&layout, g, own), &mut used_ids))
        .collect();
    // Matters are read in parallel (each cell may be asked of the grammar several times);
    // the results keep the rows' order.
    let read: Vec<(Item, ItemReport, Totals)> = groups
        .par_iter()
        .zip(ids)
        .map(|(group, id)| {
            matter(
                &layout,
                group,
                own,
                &ctx_departments,
                id,
                material_layout.as_ref(),
                &sheet_materials,
            )
        })
        .collect();
    for (item, rep, t) in read {
        report.totals.add(&t);
        report.matters.push(rep);
        items.push(item);
    }
    report.totals.matters = groups.len();

    // Bundles.
    if let Some(t) = sheet(tables, BUNDLES_SHEET)
        && let Some(bl) = Layout::find(t, BUNDLE_COLUMNS, &Mapping::default(), Some(1))
    {
        for r in bl.data_rows() {
            let (item, rep) = bundle(&bl, r, &mut bundle_ids, &mut report.totals);
            report.bundles.push(rep);
            items.push(item);
        }
    }
    report.totals.bundles = report.bundles.len();

    // Files, in the order their first item came.
    let mut order: Vec<String> = Vec::new();
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for it in items {
        let entry = texts.entry(it.file.clone()).or_insert_with(|| {
            order.push(it.file.clone());
            String::new()
        });
        if !entry.is_empty() {
            entry.push('\n');
        }
        entry.push_str(&it.text);
    }
    let mut files: Vec<(String, String)> = Vec::new();
    let mut cited: BTreeSet<String> = BTreeSet::new();
    let mut specs: Vec<(String, String)> = Vec::new();
    for path in order {
        let raw = texts.remove(&path).unwrap_or_default();
        let text = crate::syntax::fmt::format(&raw).unwrap_or(raw);
        cited.extend(crate::syntax::fields::cited_titles(&text));
        specs.push((path, text));
    }

    // Laws: the sheet, then every title cited and not in it.
    let mut laws: Vec<BTreeMap<&'static str, String>> = Vec::new();
    if let Some(t) = sheet(tables, LAWS_SHEET) {
        laws.extend(registry_rows(t, LAW_COLUMNS).into_iter().map(|(_, f)| f));
    }
    let listed: BTreeSet<String> = laws.iter().filter_map(|l| l.get("id").cloned()).collect();
    let mut unlisted = 0;
    for title in cited.iter().filter(|t| !listed.contains(*t)) {
        let mut f = BTreeMap::new();
        f.insert("id", title.clone());
        laws.push(f);
        unlisted += 1;
    }
    if unlisted > 0 {
        report.registry.push(format!(
            "{unlisted} 部被引用的法规不在工作簿的法规表中，已按标题登记；其位阶、制定机关和施行日期须补入 registry/laws.yaml"
        ));
    }
    let mut evidence: Vec<BTreeMap<&'static str, String>> = Vec::new();
    if let Some(t) = sheet(tables, EVIDENCE_SHEET) {
        evidence.extend(
            registry_rows(t, EVIDENCE_COLUMNS)
                .into_iter()
                .map(|(_, f)| f),
        );
    }

    files.push(("banshi.yaml".to_string(), config_yaml(&config)));
    files.push((
        "registry/departments.yaml".to_string(),
        registry_yaml(
            departments.entries.iter().map(|(_, f)| f),
            DEPARTMENT_COLUMNS,
            &[],
        ),
    ));
    files.push((
        "registry/laws.yaml".to_string(),
        registry_yaml(laws.iter(), LAW_COLUMNS, &["articles"]),
    ));
    files.push((
        "registry/evidence.yaml".to_string(),
        registry_yaml(evidence.iter(), EVIDENCE_COLUMNS, &["shared"]),
    ));
    files.extend(specs);
    Ok(Imported { files, report })
}

fn config_yaml(config: &BTreeMap<&'static str, String>) -> String {
    let mut s = String::from("# 由 banshi import xlsx 从工作簿生成。\n");
    for (_, key) in CATALOG_KEYS {
        if let Some(v) = config.get(key) {
            if *key == "date" && is_date(v) {
                s.push_str(&format!("{key}: {v}\n"));
            } else {
                s.push_str(&format!("{key}: {}\n", yaml(v)));
            }
        }
    }
    s
}

/// A registry list; keys in `plain` are written unquoted (numbers, booleans).
fn registry_yaml<'a>(
    entries: impl Iterator<Item = &'a BTreeMap<&'static str, String>>,
    columns: &[(&str, &'static str, f64)],
    plain: &[&str],
) -> String {
    let mut s = String::new();
    for e in entries {
        let mut first = true;
        for (_, key, _) in columns {
            let Some(v) = e.get(key) else { continue };
            s.push_str(if first { "- " } else { "  " });
            first = false;
            let v = if *key == "shared" {
                cells::word(Alias::Shared, v).map_or(v.clone(), |(w, _)| w.to_string())
            } else {
                v.clone()
            };
            // Unquoted only what cannot be more than one YAML value: digits, a boolean, a date.
            let bare = (plain.contains(key)
                && ((!v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
                    || v == "true"
                    || v == "false"))
                || ((*key == "effective" || *key == "repealed") && is_date(&v));
            if bare {
                s.push_str(&format!("{key}: {v}\n"));
            } else {
                s.push_str(&format!("{key}: {}\n", yaml(&v)));
            }
        }
    }
    if s.is_empty() {
        s.push_str("[]\n");
    }
    s
}

fn is_date(s: &str) -> bool {
    s.parse::<jiff::civil::Date>().is_ok()
}

/// The id a matter's rows ask for (made unique by the caller, in row order).
fn wanted_id(layout: &Layout, group: &[usize], own: bool) -> String {
    let first_text = |key: Key| layout.text(group[0], key).trim().to_string();
    let id_cell = first_text(Key::Id);
    if own && is_identifier(&id_cell) {
        return id_cell;
    }
    let name = first_text(Key::Field("名称"));
    identifier(if name.is_empty() { "事项" } else { &name }, "事项")
}

#[allow(clippy::too_many_arguments)]
fn matter(
    layout: &Layout,
    group: &[usize],
    own: bool,
    departments: &Departments,
    id: String,
    materials: Option<&Layout>,
    sheet_materials: &BTreeMap<String, Vec<usize>>,
) -> (Item, ItemReport, Totals) {
    let mut totals = Totals::default();
    let totals = &mut totals;
    let first = group[0];
    // A merged region repeats one value; rows of one matter may each add a line.
    let joined = |key: Key| -> (String, Option<(usize, usize)>, bool) {
        let Some(col) = layout.column(key) else {
            return (String::new(), None, false);
        };
        let mut parts: Vec<&str> = Vec::new();
        let mut number = false;
        for &r in group {
            if let Some(c) = layout.table.cell(r, col)
                && (!c.merged_copy || r == first)
                && !c.text.trim().is_empty()
            {
                parts.push(c.text.trim());
                number |= c.number;
            }
        }
        (parts.join("\n"), Some((first, col)), number)
    };
    let name = joined(Key::Field("名称")).0;
    let id_cell = joined(Key::Id).0;
    let kind = joined(Key::Field("类型")).0;
    let ctx = Context {
        licensing: cells::word(Alias::Kind, &kind).is_some_and(|(w, _)| w == "行政许可"),
        departments: Some(departments),
    };
    let mut rep = ItemReport {
        id: id.clone(),
        name: one_line(&name),
        row: first + 1,
        ..ItemReport::default()
    };
    let mut fields: Vec<String> = Vec::new();
    let mut time_done = false;
    for column in MATTER_COLUMNS {
        let (cell, at, number) = joined(column.key);
        let at_name = at.map_or_else(no_cell, |(r, c)| cell_name(r, c));
        match column.key {
            Key::Field(kw) => {
                if kw == "材料" {
                    let rows = sheet_materials
                        .get(&id)
                        .or_else(|| sheet_materials.get(id_cell.trim()));
                    if let (Some(ml), Some(rows)) = (materials, rows) {
                        fields.push(sheet_materials_field(ml, rows, totals, &mut rep));
                        continue;
                    }
                }
                if cell.is_empty() {
                    if !own && REQUIRED.contains(&kw) {
                        fields.push(empty_field(kw, at.is_some()));
                        totals.empty += 1;
                        rep.cells.push(CellReport {
                            cell: at_name,
                            field: kw.to_string(),
                            outcome: Outcome::Empty,
                            note: Some(
                                if at.is_some() {
                                    "单元格为空"
                                } else {
                                    "工作簿中没有此列"
                                }
                                .to_string(),
                            ),
                        });
                    }
                    continue;
                }
                let r = if kw == "编码" && number && cell.chars().count() < 12 {
                    Reading {
                        text: Some(format!(
                            "编码 待核 {}",
                            quote(&format!("单元格以数字 {cell} 存储，开头的 0 可能已丢失"))
                        )),
                        outcome: Outcome::Unverified,
                        note: Some(format!("以数字 {cell} 存储，开头的 0 可能已丢失")),
                    }
                } else if kw == "材料" && !own {
                    listed_materials(&cell)
                } else {
                    let cell = if kw == "编码" {
                        cells::half_width(&cell)
                    } else {
                        cell.clone()
                    };
                    read_cell(Place::Matter, kw, &cell, ctx)
                };
                tally(totals, &r);
                if let Some(t) = &r.text {
                    fields.push(t.clone());
                }
                rep.cells.push(CellReport {
                    cell: at_name,
                    field: kw.to_string(),
                    outcome: r.outcome,
                    note: r.note,
                });
            }
            Key::Legal | Key::Promised | Key::TimeMore if !time_done => {
                time_done = true;
                let legal = joined(Key::Legal);
                let promised = joined(Key::Promised);
                let more = joined(Key::TimeMore);
                let (text, readings) = read_time(&legal.0, &promised.0, &more.0, ctx);
                for (key, r) in readings {
                    tally(totals, &r);
                    let at = match key {
                        Key::Legal => legal.1,
                        Key::Promised => promised.1,
                        _ => more.1,
                    };
                    rep.cells.push(CellReport {
                        cell: at.map_or_else(no_cell, |(r, c)| cell_name(r, c)),
                        field: match key {
                            Key::Legal => "时限·法定",
                            Key::Promised => "时限·承诺",
                            _ => "时限",
                        }
                        .to_string(),
                        outcome: r.outcome,
                        note: r.note,
                    });
                }
                match text {
                    Some(t) => {
                        let mut t = t;
                        let whole = t.starts_with("时限 待核") || t.starts_with("时限 即办");
                        // An empty 法定 or 承诺 cell of a list is a fact not known yet.
                        for (word, cell) in [("承诺", &promised), ("法定", &legal)] {
                            if own || whole || !cell.0.is_empty() {
                                continue;
                            }
                            totals.empty += 1;
                            rep.cells.push(CellReport {
                                cell: cell.1.map_or_else(no_cell, |(r, c)| cell_name(r, c)),
                                field: format!("时限·{word}"),
                                outcome: Outcome::Empty,
                                note: Some("单元格为空".to_string()),
                            });
                            t = t.replacen(
                                "时限 {\n",
                                &format!("时限 {{\n{word} 待核 \"单元格为空\"\n"),
                                1,
                            );
                        }
                        fields.push(t);
                    }
                    None if !own => {
                        fields.push(empty_field("时限", legal.1.is_some()));
                        totals.empty += 1;
                        rep.cells.push(CellReport {
                            cell: legal.1.map_or_else(no_cell, |(r, c)| cell_name(r, c)),
                            field: "时限".to_string(),
                            outcome: Outcome::Empty,
                            note: Some("单元格为空".to_string()),
                        });
                    }
                    None => {}
                }
            }
            Key::Unused if !cell.is_empty() => totals.unused += 1,
            _ => {}
        }
    }
    let dept = joined(Key::Field("实施主体")).0;
    // The folder is a department id only when that is an identifier: a 部门 sheet is input too.
    let folder = departments
        .id_of(dept.trim())
        .filter(|id| is_identifier(id))
        .map_or("未定部门".to_string(), str::to_string);
    let file = own
        .then(|| safe_file(&joined(Key::File).0))
        .flatten()
        .unwrap_or_else(|| format!("{folder}/{id}.banshi"));
    rep.file = file.clone();
    let text = format!("事项 {id} {{\n{}\n}}\n", fields.join("\n"));
    let totals = *totals;
    (Item { file, text }, rep, totals)
}

/// What the report names in place of a cell for a column the workbook does not have.
fn no_cell() -> String {
    "—".to_string()
}

fn empty_field(keyword: &str, column: bool) -> String {
    let why = if column {
        "单元格为空"
    } else {
        "工作簿中没有此列"
    };
    format!("{keyword} 待核 {}", quote(why))
}

fn tally(t: &mut Totals, r: &Reading) {
    match r.outcome {
        Outcome::Field => t.fields += 1,
        Outcome::Read => {
            t.fields += 1;
            t.read += 1;
        }
        Outcome::Unverified => t.unverified += 1,
        Outcome::Empty => t.empty += 1,
    }
}

fn unique(id: String, used: &mut BTreeSet<String>) -> String {
    let mut candidate = id.clone();
    let mut n = 2;
    while used.contains(&candidate) {
        candidate = format!("{id}{n}");
        n += 1;
    }
    used.insert(candidate.clone());
    candidate
}

/// 申请材料 as one cell of a numbered list: each item a material; 形式 and 份数 when the item
/// states them, `待核` otherwise, and 来源 always `待核` (a list does not say it).
fn listed_materials(cell: &str) -> Reading {
    if matches!(cell.trim(), "无" | "无需提交材料" | "无需材料") {
        return Reading::field("材料 {}".to_string());
    }
    let items = cells::numbered(cell);
    let mut out = String::from("材料 {\n");
    let mut read = false;
    for (i, item) in items.iter().enumerate() {
        let ListedMaterial { name, form, copies } = cells::listed_material(item);
        read |= form.is_some() || copies.is_some();
        out.push_str(&format!("材料{} {{\n名称 {}\n", i + 1, quote(&name)));
        match form {
            Some(f) => out.push_str(&format!("形式 {}\n", f.word())),
            None => out.push_str("形式 待核 \"工作簿未写明\"\n"),
        }
        match copies {
            Some(n) => out.push_str(&format!("份数 {n}\n")),
            None => out.push_str("份数 待核 \"工作簿未写明\"\n"),
        }
        out.push_str("来源 待核 \"工作簿未写明\"\n}\n");
    }
    out.push('}');
    Reading {
        text: Some(out),
        outcome: Outcome::Read,
        note: Some(format!(
            "按编号拆成 {} 项材料{}；来源{}写作待核",
            items.len(),
            if read {
                "，形式、份数取自原文"
            } else {
                ""
            },
            if read {
                "及未写明的形式、份数"
            } else {
                "、形式、份数"
            }
        )),
    }
}

/// The 材料 field of a matter from its rows in the materials sheet.
fn sheet_materials_field(
    ml: &Layout,
    rows: &[usize],
    totals: &mut Totals,
    rep: &mut ItemReport,
) -> String {
    let mut out = String::from("材料 {\n");
    let mut used: BTreeSet<String> = BTreeSet::new();
    let mut open_group: Option<String> = None;
    for &r in rows {
        totals.materials += 1;
        let group = ml.text(r, Key::Group).trim().to_string();
        if open_group.as_deref() != Some(group.as_str()) {
            if open_group.take().is_some_and(|g| !g.is_empty()) {
                out.push_str("}\n");
            }
            if !group.is_empty() {
                out.push_str(&format!("任选 {} {{\n", identifier(&group, "任选")));
                let name = ml.text(r, Key::GroupName).trim();
                if !name.is_empty() {
                    match spec_form(Place::Group, "名称", name) {
                        Some(t) => out.push_str(&format!("{t}\n")),
                        None => out.push_str(&format!("名称 {}\n", quote(name))),
                    }
                }
                let more = ml.text(r, Key::GroupMore).trim();
                if let Some(t) = spec_form(Place::Group, "豁免", more) {
                    out.push_str(&format!("{t}\n"));
                }
            }
            open_group = Some(group);
        }
        let id_cell = ml.text(r, Key::Id).trim();
        let id = if is_identifier(id_cell) {
            id_cell.to_string()
        } else {
            identifier(ml.text(r, Key::Field("名称")), "材料")
        };
        let id = unique(id, &mut used);
        out.push_str(&format!("{id} {{\n"));
        for column in MATERIAL_COLUMNS {
            let Key::Field(kw) = column.key else { continue };
            let Some((c, cell)) = ml.get(r, column.key) else {
                continue;
            };
            let text = cell.text.trim();
            if text.is_empty() {
                continue;
            }
            let reading = read_cell(Place::Material, kw, text, Context::default());
            tally(totals, &reading);
            if let Some(t) = &reading.text {
                out.push_str(t);
                out.push('\n');
            }
            if reading.outcome != Outcome::Field {
                rep.cells.push(CellReport {
                    cell: format!("{}!{}", ml.table.name, cell_name(r, c)),
                    field: format!("材料「{id}」·{kw}"),
                    outcome: reading.outcome,
                    note: reading.note,
                });
            }
        }
        out.push_str("}\n");
    }
    if open_group.is_some_and(|g| !g.is_empty()) {
        out.push_str("}\n");
    }
    out.push('}');
    out
}

fn bundle(
    bl: &Layout,
    r: usize,
    used_ids: &mut BTreeSet<String>,
    totals: &mut Totals,
) -> (Item, ItemReport) {
    let id_cell = bl.text(r, Key::Id).trim();
    let name = bl.text(r, Key::Field("名称")).trim();
    let id = if is_identifier(id_cell) {
        id_cell.to_string()
    } else {
        identifier(name, "一件事")
    };
    let id = unique(id, used_ids);
    let mut rep = ItemReport {
        id: id.clone(),
        name: name.to_string(),
        row: r + 1,
        ..ItemReport::default()
    };
    let mut fields = Vec::new();
    for column in BUNDLE_COLUMNS {
        let Key::Field(kw) = column.key else { continue };
        let Some((c, cell)) = bl.get(r, column.key) else {
            continue;
        };
        let text = cell.text.trim();
        if text.is_empty() {
            continue;
        }
        let reading = match spec_form(Place::Bundle, kw, text) {
            Some(t) => Reading::field(t),
            None if kw == "名称" => Reading::field(format!("名称 {}", quote(text))),
            None => Reading {
                text: None,
                outcome: Outcome::Unverified,
                note: Some(format!("不是此字段的写法，未导入：{}", one_line(text))),
            },
        };
        tally(totals, &reading);
        if let Some(t) = &reading.text {
            fields.push(t.clone());
        }
        rep.cells.push(CellReport {
            cell: format!("{}!{}", bl.table.name, cell_name(r, c)),
            field: kw.to_string(),
            outcome: reading.outcome,
            note: reading.note,
        });
    }
    let file = safe_file(bl.text(r, Key::File)).unwrap_or_else(|| format!("一件事/{id}.banshi"));
    rep.file = file.clone();
    let text = format!("一件事 {id} {{\n{}\n}}\n", fields.join("\n"));
    (Item { file, text }, rep)
}
