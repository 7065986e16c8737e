//! Operational failures: the run itself could not be carried out. Problems *in* a catalog are
//! diagnostics, never these. Every variant maps to exit code 2.

use crate::escape;
use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// The catalog path does not exist or is not a directory.
    NotACatalog(PathBuf),
    /// An edit names a file that is not one of the catalog's spec files as it was opened.
    NotASpec(String),
    /// Reading or writing failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A template failed to compile or render (a misspelt field under strict undefined).
    Template { name: String, message: String },
    /// A file banshi would read (a catalog's own template) is a symbolic link, or lies behind
    /// one, that leads out of the catalog: its content would be published.
    Outside { path: PathBuf, target: PathBuf },
    /// `build --out` names a folder banshi may not replace: the catalog, one holding it or
    /// inside it, the working folder, or a folder that is not an earlier output of banshi.
    Output { path: PathBuf, reason: String },
    /// `build --pdf`: the browser could not print a page, or its PDF could not be read back.
    Pdf { path: PathBuf, reason: String },
    /// A workbook that cannot be read or written as an implementation list.
    Workbook { path: PathBuf, reason: String },
}

/// Paths and template names come from the catalog and may hold control characters: every one
/// is escaped, as this text goes to the terminal.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotACatalog(p) => write!(
                f,
                "「{}」不是事项目录（目录不存在或不是文件夹）",
                escape::path(p)
            ),
            Error::NotASpec(rel) => write!(
                f,
                "「{}」不是打开目录时读取的事项文件（.banshi）；新增或删除文件、修改登记表后请重新打开目录",
                escape::terminal(rel)
            ),
            Error::Io { path, source } => write!(
                f,
                "无法读写「{}」：{}",
                escape::path(path),
                crate::os_error::describe(source)
            ),
            Error::Template { name, message } => write!(
                f,
                "模板「{}」出错：{}",
                escape::terminal(name),
                escape::terminal(message)
            ),
            Error::Outside { path, target } => write!(
                f,
                "「{}」经符号链接指向目录之外的「{}」：为免外部文件被发布，不予读取",
                escape::path(path),
                escape::path(target)
            ),
            Error::Output { path, reason } => {
                write!(f, "不能把输出写到「{}」：{reason}", escape::path(path))
            }
            Error::Pdf { path, reason } => {
                write!(f, "无法生成 PDF「{}」：{reason}", escape::path(path))
            }
            Error::Workbook { path, reason } => {
                write!(f, "工作簿「{}」：{reason}", escape::path(path))
            }
        }
    }
}

impl std::error::Error for Error {}
