//! Operational failures: the run itself could not be carried out. Problems *in* a catalog are
//! diagnostics, never these. Every variant maps to exit code 2.

use std::fmt;
use std::path::PathBuf;

#[derive(Debug)]
pub enum Error {
    /// The catalog path does not exist or is not a directory.
    NotACatalog(PathBuf),
    /// Reading or writing failed.
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotACatalog(p) => write!(
                f,
                "「{}」不是事项目录（目录不存在或不是文件夹）",
                p.display()
            ),
            Error::Io { path, source } => write!(f, "无法读写「{}」：{source}", path.display()),
        }
    }
}

impl std::error::Error for Error {}
