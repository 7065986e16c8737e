//! A workbook's sheets as tables of cell texts (calamine reads the OOXML).
//!
//! Merged cells are filled: every cell of a merged region reads as its top-left cell, which is
//! how a county list writes one department beside several matters. Numbers come back as the
//! text Excel shows for a whole number (`15`, not `15.0`), and are marked as numbers, because
//! a 基本编码 typed as a number has lost its leading zeros.

use crate::error::Error;
use calamine::{Data, Reader as _, Xlsx};
use std::path::Path;

/// The largest workbook read: the same bound as for a spec file.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;
/// The most cells read from one workbook (a province's list is about 40 columns by 20,000
/// rows): a compressed sheet can claim far more than it holds on disk.
pub const MAX_CELLS: usize = 4_000_000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    /// Stored as a number, not as text.
    pub number: bool,
    /// Part of a merged region, not its top-left cell: a copy.
    pub merged_copy: bool,
}

#[derive(Clone, Debug, Default)]
pub struct Table {
    pub name: String,
    /// Rows from the sheet's first row (row 1 in Excel is `rows[0]`), columns from column A.
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn cell(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows.get(row)?.get(col)
    }
}

/// `A1`-style name of a cell (row and column from 0).
pub fn cell_name(row: usize, col: usize) -> String {
    let mut letters = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push(char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!("{}{}", letters.into_iter().collect::<String>(), row + 1)
}

fn text_of(d: &Data) -> (String, bool) {
    match d {
        Data::Empty => (String::new(), false),
        Data::String(s) => (s.clone(), false),
        Data::Int(i) => (i.to_string(), true),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                (format!("{}", *f as i64), true)
            } else {
                (f.to_string(), true)
            }
        }
        Data::Bool(b) => ((if *b { "是" } else { "否" }).to_string(), false),
        Data::DateTime(dt) => match excel_date(dt.as_f64()) {
            Some(d) => (d.to_string(), false),
            None => (dt.as_f64().to_string(), true),
        },
        Data::DateTimeIso(s) | Data::DurationIso(s) => (s.clone(), false),
        Data::Error(e) => (format!("#{e}"), false),
    }
}

/// The day of an Excel date serial (1900 system; days since 1899-12-30, which absorbs Excel's
/// phantom 1900-02-29 for every date after it).
fn excel_date(serial: f64) -> Option<jiff::civil::Date> {
    if !(1.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let epoch = jiff::civil::date(1899, 12, 30);
    epoch
        .checked_add(jiff::Span::new().days(serial.floor() as i64))
        .ok()
}

/// Every sheet of the workbook at `path`, in the workbook's order.
pub fn workbook(path: &Path) -> Result<Vec<Table>, Error> {
    let failed = |reason: String| Error::Workbook {
        path: path.to_path_buf(),
        reason,
    };
    let meta = std::fs::metadata(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if !meta.is_file() {
        return Err(failed("不是文件".to_string()));
    }
    if meta.len() > MAX_BYTES {
        return Err(failed(format!(
            "大小 {} MiB，超过 64 MiB 的上限",
            meta.len() / (1024 * 1024)
        )));
    }
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    tables(&bytes).map_err(failed)
}

/// The sheets of a workbook held in memory; the error says why it is not one.
pub fn tables(bytes: &[u8]) -> Result<Vec<Table>, String> {
    if !bytes.starts_with(b"PK") {
        return Err(if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            "是旧版 .xls 工作簿：请用表格软件另存为 .xlsx 后再导入".to_string()
        } else {
            "不是 .xlsx 工作簿".to_string()
        });
    }
    let mut book = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e| format!("不是可读的 .xlsx 工作簿（{e}）"))?;
    let names = book.sheet_names();
    let mut out = Vec::with_capacity(names.len());
    let mut cells = 0usize;
    for name in names {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("无法读取工作表「{name}」（{e}）"))?;
        let merges = book.merge_cells_by_sheet_name(&name).unwrap_or_default();
        let (height, width) = range.get_size();
        cells = cells.saturating_add(height.saturating_mul(width));
        if cells > MAX_CELLS {
            return Err(format!(
                "单元格超过 {MAX_CELLS} 个（工作表「{name}」起）：请按部门拆分后分别导入"
            ));
        }
        let (top, left) = range.start().unwrap_or((0, 0));
        let (top, left) = (top as usize, left as usize);
        let mut rows = vec![Vec::new(); top + height];
        for (r, row) in range.rows().enumerate() {
            let mut line = vec![Cell::default(); left + row.len()];
            for (c, d) in row.iter().enumerate() {
                let (text, number) = text_of(d);
                line[left + c] = Cell {
                    text,
                    number,
                    merged_copy: false,
                };
            }
            rows[top + r] = line;
        }
        for m in merges {
            let (r0, c0) = (m.start.0 as usize, m.start.1 as usize);
            let (r1, c1) = (m.end.0 as usize, m.end.1 as usize);
            let Some(first) = rows.get(r0).and_then(|r| r.get(c0)).cloned() else {
                continue;
            };
            // A region is the workbook's word: one whose end comes before its start, or that
            // would fill more cells than are read, is not applied.
            if r1 < r0 || c1 < c0 || (r1 - r0 + 1).saturating_mul(c1 - c0 + 1) > MAX_CELLS {
                continue;
            }
            for r in r0..=r1.min(rows.len().saturating_sub(1)) {
                let row = &mut rows[r];
                if row.len() <= c1 {
                    row.resize(c1 + 1, Cell::default());
                }
                for (c, cell) in row.iter_mut().enumerate().take(c1 + 1).skip(c0) {
                    if (r, c) != (r0, c0) {
                        *cell = Cell {
                            merged_copy: true,
                            ..first.clone()
                        };
                    }
                }
            }
        }
        out.push(Table { name, rows });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_names() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(4, 25), "Z5");
        assert_eq!(cell_name(9, 26), "AA10");
    }

    #[test]
    fn not_a_workbook() {
        assert!(tables(b"hello").unwrap_err().contains("不是 .xlsx"));
        assert!(
            tables(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0])
                .unwrap_err()
                .contains(".xls")
        );
        assert!(tables(b"PK\x03\x04garbage").is_err());
    }
}
