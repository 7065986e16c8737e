//! `banshi build`: render the site and put it in place atomically.
//!
//! Everything is written into a fresh sibling directory first; only when every file is
//! written is it swapped with the output directory. A failure at any point leaves the
//! previous output exactly as it was.

use crate::emit::site::Artifact;
use crate::error::Error;
use std::path::{Component, Path, PathBuf};

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A relative path with only normal components (no `..`, no root): safe to join under a
/// directory.
fn contained(rel: &str) -> Option<PathBuf> {
    let path = Path::new(rel);
    path.components()
        .all(|c| matches!(c, Component::Normal(_)))
        .then(|| path.to_path_buf())
}

/// Writes the artifacts, and copies the sample forms they link to from the catalog, into
/// `out`, replacing it only once everything is in place.
pub fn write_site(
    out: &Path,
    artifacts: &[Artifact],
    catalog: &Path,
    samples: &[String],
) -> Result<(), Error> {
    let name = out
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let pid = std::process::id();
    let tmp = parent.join(format!(".{name}.banshi-new-{pid}"));
    let old = parent.join(format!(".{name}.banshi-old-{pid}"));
    let result = fill(&tmp, artifacts, catalog, samples).and_then(|()| swap(out, &tmp, &old));
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

fn fill(
    tmp: &Path,
    artifacts: &[Artifact],
    catalog: &Path,
    samples: &[String],
) -> Result<(), Error> {
    if tmp.exists() {
        std::fs::remove_dir_all(tmp).map_err(io(tmp))?;
    }
    std::fs::create_dir_all(tmp).map_err(io(tmp))?;
    for a in artifacts {
        let Some(rel) = contained(&a.path) else {
            return Err(Error::Io {
                path: PathBuf::from(&a.path),
                source: std::io::Error::other("输出路径不在输出目录之内"),
            });
        };
        let path = tmp.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::write(&path, &a.bytes).map_err(io(&path))?;
    }
    // Blank forms the guides link to: copied when they exist inside the catalog.
    for sample in samples {
        let Some(rel) = contained(sample) else {
            continue;
        };
        let from = catalog.join(&rel);
        if !from.is_file() {
            continue;
        }
        let to = tmp.join(&rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::copy(&from, &to).map_err(io(&from))?;
    }
    Ok(())
}

fn swap(out: &Path, tmp: &Path, old: &Path) -> Result<(), Error> {
    if out.exists() {
        std::fs::rename(out, old).map_err(io(out))?;
        if let Err(e) = std::fs::rename(tmp, out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(old, out);
            return Err(io(out)(e));
        }
        std::fs::remove_dir_all(old).map_err(io(old))?;
    } else {
        std::fs::rename(tmp, out).map_err(io(out))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::contained;

    #[test]
    fn only_plain_relative_paths_are_contained() {
        assert!(contained("guides/a.html").is_some());
        assert!(contained("forms/低保申请书.docx").is_some());
        assert!(contained("../x").is_none());
        assert!(contained("/etc/passwd").is_none());
        assert!(contained("a/../../x").is_none());
    }
}
