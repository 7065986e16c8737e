//! The 政务服务事项实施清单 as an Excel workbook, in and out: service centres keep their lists
//! in workbooks, one row per matter, and a catalog has to come from one and go back as one.
//!
//! `read` turns a workbook into tables of cell texts, `import` turns those into the files of a
//! catalog (with a report of what became of every cell), and `export` writes a checked
//! catalog as a workbook in the same layout, so that `import(export(catalog))` means what the
//! catalog means. The layout and the words read in cells are data, in `tables`.

pub mod cells;
pub mod export;
pub mod import;
pub mod read;
pub mod tables;
