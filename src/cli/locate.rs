//! Which catalog a command works on, found as cargo finds `Cargo.toml`: the nearest folder,
//! from the path given (or the current folder) upwards, that holds a `banshi.yaml`.
//!
//! `banshi check` also takes files and sub-folders of a catalog (the form a pre-commit hook
//! uses): the whole catalog is checked, since rules such as circular proofs and duplicate
//! codes need every file, and only the findings in the paths given are reported.

use std::path::{Component, Path, PathBuf};

/// The file that makes a folder a catalog.
pub const CONFIG: &str = "banshi.yaml";

/// The catalog of a command, and the parts of it the command was pointed at.
#[derive(Debug, PartialEq, Eq)]
pub struct Target {
    /// The catalog's folder, as a path the user can read: relative to the current folder when
    /// it was found from one (`..`), as given otherwise.
    pub root: PathBuf,
    /// Catalog-relative paths (with `/`) of the files and folders given; empty for the whole
    /// catalog.
    pub only: Vec<String>,
}

impl Target {
    /// Whether a finding in the file at this catalog-relative path is reported.
    pub fn includes(&self, path: &str) -> bool {
        self.only.is_empty()
            || self.only.iter().any(|p| {
                path == p
                    || path
                        .strip_prefix(p.as_str())
                        .is_some_and(|rest| rest.starts_with('/'))
            })
    }
}

/// The catalog that `paths` belong to (see the module documentation). The legacy default,
/// `catalogs/` under the current folder, is used when no path is given and no catalog
/// encloses the current folder, so `banshi check` keeps working at a project's root.
pub fn locate(paths: &[PathBuf]) -> Result<Target, String> {
    if paths.is_empty() {
        if let Some(root) = enclosing(Path::new(".")) {
            return Ok(Target {
                root,
                only: Vec::new(),
            });
        }
        let legacy = Path::new("catalogs");
        if legacy.join(CONFIG).is_file() {
            return Ok(Target {
                root: legacy.to_path_buf(),
                only: Vec::new(),
            });
        }
        return Err(format!(
            "找不到事项目录：当前文件夹及其上级文件夹中都没有 {CONFIG}。\
             请在事项目录中运行，或写明目录，例如 banshi check catalogs"
        ));
    }
    let mut root: Option<(PathBuf, PathBuf)> = None;
    let mut only = Vec::new();
    let mut whole = false;
    for path in paths {
        if !path.exists() {
            return Err(format!(
                "「{}」不存在（找不到该文件或文件夹）",
                crate::escape::path(path)
            ));
        }
        let start = if path.is_dir() {
            path.clone()
        } else {
            path.parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let Some(found) = enclosing(&start) else {
            return Err(format!(
                "「{}」不在任何事项目录中：它所在的文件夹及其上级都没有 {CONFIG}",
                crate::escape::path(path)
            ));
        };
        let canonical = found
            .canonicalize()
            .map_err(|e| format!("无法读取「{}」：{e}", crate::escape::path(&found)))?;
        match &root {
            None => root = Some((found.clone(), canonical.clone())),
            Some((first, c)) if *c != canonical => {
                return Err(format!(
                    "给出的路径属于不同的事项目录（「{}」和「{}」）：一次只能检查一个目录",
                    crate::escape::path(first),
                    crate::escape::path(&found)
                ));
            }
            Some(_) => {}
        }
        let full = path
            .canonicalize()
            .map_err(|e| format!("无法读取「{}」：{e}", crate::escape::path(path)))?;
        match full.strip_prefix(&canonical) {
            Ok(rel) if rel.as_os_str().is_empty() => whole = true,
            Ok(rel) => only.push(slashed(rel)),
            Err(_) => whole = true,
        }
    }
    let Some((root, _)) = root else {
        return Err("没有给出事项目录".to_string());
    };
    if whole {
        only.clear();
    }
    only.sort();
    only.dedup();
    Ok(Target { root, only })
}

/// The nearest folder from `start` upwards that holds a `banshi.yaml`, written relative to
/// `start` the way the user wrote it (`catalogs/民政局` → `catalogs`, `.` → `..`).
fn enclosing(start: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(start).ok()?;
    let mut candidate = start.to_path_buf();
    for dir in absolute.ancestors() {
        if dir.join(CONFIG).is_file() {
            return Some(tidy(&candidate));
        }
        candidate = if candidate.as_os_str().is_empty()
            || candidate == Path::new(".")
            || candidate
                .components()
                .all(|c| matches!(c, Component::ParentDir | Component::CurDir))
        {
            candidate.join("..")
        } else {
            match candidate.parent() {
                Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
                _ => PathBuf::from("."),
            }
        };
    }
    None
}

/// `./..` → `..`, `` → `.`.
fn tidy(path: &Path) -> PathBuf {
    let parts: PathBuf = path
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .collect();
    if parts.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        parts
    }
}

fn slashed(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_or_folder_includes_what_lies_in_it() {
        let t = Target {
            root: PathBuf::from("c"),
            only: vec!["民政局".into(), "公安局/a.banshi".into()],
        };
        assert!(t.includes("民政局/低保.banshi"));
        assert!(t.includes("公安局/a.banshi"));
        assert!(!t.includes("民政局甲/低保.banshi"));
        assert!(!t.includes("公安局/ab.banshi"));
        assert!(
            Target {
                root: PathBuf::from("c"),
                only: Vec::new()
            }
            .includes("anything")
        );
    }
}
