//! Walking a catalog folder: which `.banshi` entries it holds, and why those that are not
//! regular files are not read.

use super::IoFailure;
use super::fetch::NOT_REGULAR;
use super::paths::{Outside, resolve_inside};
use crate::error::Error;
use std::path::{Path, PathBuf};

/// What a catalog folder holds: the spec files to read, and the `.banshi` entries that are not
/// regular files.
#[derive(Debug, Default)]
pub struct Discovered {
    /// Relative paths of the regular `.banshi` files, sorted, `/`-separated.
    pub files: Vec<String>,
    /// Relative paths of `.banshi` entries that are symbolic links (never followed), pipes,
    /// devices or sockets, sorted. They are not read; [`judge_other`] says why.
    pub others: Vec<String>,
}

/// Every `.banshi` entry under `root`. Hidden files and folders are skipped; symbolic links are
/// not followed.
pub fn discover(root: &Path) -> Result<Discovered, Error> {
    let mut out = Discovered::default();
    let walker = walkdir::WalkDir::new(root)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| Error::Io {
            path: e
                .path()
                .map_or_else(|| root.to_path_buf(), Path::to_path_buf),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("目录遍历失败")),
        })?;
        let path = entry.path();
        let kind = entry.file_type();
        if kind.is_dir() || path.extension().is_none_or(|e| e != "banshi") {
            continue;
        }
        let Ok(rel) = path.strip_prefix(root) else {
            continue;
        };
        if kind.is_file() {
            out.files.push(relative(rel));
        } else {
            out.others.push(relative(rel));
        }
    }
    out.files.sort();
    out.others.sort();
    Ok(out)
}

/// Why a `.banshi` entry that is not a regular file is not read.
#[derive(Debug, PartialEq, Eq)]
pub enum Unread {
    /// A link to a spec file that is read under its own name: nothing to say.
    Duplicate,
    /// A link leading out of the catalog (`path-outside-catalog`).
    Outside(PathBuf),
    /// A link to something else, a dangling link, a pipe, a device or a socket: named as a file
    /// that could not be read.
    Failed(IoFailure),
}

/// Judges one of [`Discovered::others`]; `files` is [`Discovered::files`].
pub fn judge_other(root: &Path, rel: &str, files: &[String]) -> Unread {
    let full = root.join(rel);
    let is_link = std::fs::symlink_metadata(&full).is_ok_and(|m| m.file_type().is_symlink());
    let failed = |message: String| {
        Unread::Failed(IoFailure {
            path: rel.to_string(),
            message,
        })
    };
    if !is_link {
        return failed(NOT_REGULAR.into());
    }
    if !full.exists() {
        return failed("是指向不存在的文件的符号链接，未读取".into());
    }
    let target = match resolve_inside(root, rel) {
        Err(Outside::Link(target)) => return Unread::Outside(target),
        Err(Outside::Absolute | Outside::Parent) => return failed("路径无效，未读取".into()),
        Ok(target) => target,
    };
    let inside = root
        .canonicalize()
        .ok()
        .and_then(|base| target.strip_prefix(base).ok().map(relative));
    match inside {
        Some(t) if files.binary_search(&t).is_ok() => Unread::Duplicate,
        Some(t) => failed(format!(
            "是符号链接，指向的「{t}」不是目录中的事项描述文件；banshi 不经符号链接读取文件，请把文件本身放进目录"
        )),
        // The catalog folder itself could not be resolved; the link cannot be judged.
        None => failed("是符号链接，无法确定它指向何处，未读取".into()),
    }
}

/// A path relative to the catalog with `/` separators.
pub fn relative(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
