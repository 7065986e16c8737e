//! The output folder of `banshi build`: which folders may be replaced, and putting the rendered
//! site in place atomically.
//!
//! Everything is written into a fresh sibling directory first; only when every file is
//! written is it swapped with the output directory. A failure at any point leaves the
//! previous output exactly as it was. On Linux the swap is one atomic exchange of the two
//! directories, so even a build killed at any instant leaves either the old output or the new
//! one, complete; what an interrupted build leaves behind (its hidden sibling) is removed by the
//! next build.

use crate::emit::site::{Artifact, Output};
use crate::error::Error;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

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

// A folder without the marker is never replaced unless it is empty.
use crate::layout::MARKER;
/// The marker's first line; the rest is for a person who opens the folder.
const SIGNATURE: &str = "banshi-output: 1";

fn marker_text() -> String {
    format!(
        "{SIGNATURE}\n# 此文件夹由 banshi build 生成，每次构建都会整体替换。请不要在此存放其他文件。\n"
    )
}

/// `path` made absolute with every existing part resolved (links, `..`), the rest appended as
/// written: `out` usually does not exist yet.
fn resolved(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut done = PathBuf::new();
    let mut parts = absolute.components().peekable();
    while let Some(part) = parts.next() {
        match part {
            Component::ParentDir => {
                done.pop();
            }
            Component::CurDir => {}
            other => {
                let next = done.join(other);
                match next.canonicalize() {
                    Ok(real) => done = real,
                    Err(_) => {
                        done = next;
                        // Nothing below a missing folder exists: the rest is taken as written.
                        for rest in parts.by_ref() {
                            match rest {
                                Component::ParentDir => {
                                    done.pop();
                                }
                                Component::CurDir => {}
                                c => done.push(c),
                            }
                        }
                    }
                }
            }
        }
    }
    Ok(done)
}

/// Refuses an `--out` that a build would destroy something in: the catalog itself, a folder
/// inside it or holding it, the working folder or one holding it, anything that is not a
/// folder, and a folder with content that carries no [`MARKER`].
pub fn check_out(out: &Path, catalog: &Path) -> Result<(), Error> {
    let refuse = |reason: &str| Error::Output {
        path: out.to_path_buf(),
        reason: reason.to_string(),
    };
    let target = resolved(out).map_err(io(out))?;
    let catalog = resolved(catalog).map_err(io(catalog))?;
    if target == catalog {
        return Err(refuse("这就是事项目录本身；请另选一个输出文件夹，例如 out"));
    }
    if target.starts_with(&catalog) {
        return Err(refuse(
            "它在事项目录之内，生成的文件会混入目录；请另选事项目录之外的文件夹",
        ));
    }
    if catalog.starts_with(&target) {
        return Err(refuse(
            "它包含事项目录，替换它会删除事项目录；请另选一个输出文件夹，例如 out",
        ));
    }
    if let Ok(cwd) = std::env::current_dir().and_then(|d| d.canonicalize())
        && cwd.starts_with(&target)
    {
        return Err(refuse(
            "它是当前所在的文件夹或其上级，整体替换会删除其中的一切；请另选一个新的文件夹，例如 out",
        ));
    }
    let meta = match std::fs::symlink_metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io(out)(e)),
        Ok(m) => m,
    };
    if meta.file_type().is_symlink() {
        return Err(refuse("它是符号链接；请直接写出真实的文件夹"));
    }
    if !meta.is_dir() {
        return Err(refuse("已有同名的文件，不是文件夹"));
    }
    let mut entries = std::fs::read_dir(out).map_err(io(out))?;
    if entries.next().is_none() {
        return Ok(());
    }
    let marked = std::fs::read_to_string(out.join(MARKER))
        .is_ok_and(|text| text.lines().next() == Some(SIGNATURE));
    if marked {
        return Ok(());
    }
    Err(refuse(&format!(
        "文件夹不是空的，也不是 banshi 生成的（没有 {MARKER} 标记），整体替换会删除其中的文件；请另选一个新的或空的文件夹。若它是旧版 banshi 生成的输出，请确认后自行删除再构建"
    )))
}

/// What was written.
pub struct Written {
    pub files: usize,
    pub bytes: u64,
}

/// Writes each artifact into a directory as it arrives, from any thread.
struct DirOutput {
    root: PathBuf,
    files: AtomicUsize,
    bytes: AtomicU64,
    /// Folders already created, so each is created once.
    made: Mutex<BTreeSet<PathBuf>>,
}

impl Output for DirOutput {
    fn put(&self, a: Artifact) -> Result<(), Error> {
        let Some(rel) = contained(&a.path) else {
            return Err(Error::Io {
                path: PathBuf::from(&a.path),
                source: std::io::Error::other("输出路径不在输出目录之内"),
            });
        };
        let path = self.root.join(rel);
        if let Some(dir) = path.parent() {
            // Created under the lock: another thread must not write into a folder that is
            // recorded but not there yet.
            let mut made = self.made.lock().map_err(|_| Error::Io {
                path: dir.to_path_buf(),
                source: std::io::Error::other("另一个线程写入失败"),
            })?;
            if !made.contains(dir) {
                std::fs::create_dir_all(dir).map_err(io(dir))?;
                made.insert(dir.to_path_buf());
            }
        }
        std::fs::write(&path, &a.bytes).map_err(io(&path))?;
        self.files.fetch_add(1, Ordering::Relaxed);
        self.bytes
            .fetch_add(a.bytes.len() as u64, Ordering::Relaxed);
        Ok(())
    }
}

/// Renders the site (`render` puts every artifact into the output it is given) into a fresh
/// sibling of `out`, copies the sample forms the guides link to from the catalog, and only
/// then replaces `out`.
pub fn publish(
    out: &Path,
    catalog: &Path,
    samples: &[String],
    render: impl FnOnce(&dyn Output) -> Result<(), Error>,
    finish: impl FnOnce(&Path) -> Result<Written, Error>,
) -> Result<Written, Error> {
    check_out(out, catalog)?;
    // `--out .` or `--out ../x/..` names its folder only once resolved.
    let resolved_out = resolved(out).map_err(io(out))?;
    let out = resolved_out.as_path();
    let name = out
        .file_name()
        .map_or_else(|| "out".into(), |n| n.to_string_lossy().into_owned());
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io(&parent))?;
    let pid = std::process::id();
    remove_leftovers(&parent, &name, pid);
    let tmp = parent.join(format!(".{name}.banshi-new-{pid}"));
    let old = parent.join(format!(".{name}.banshi-old-{pid}"));
    let result = (|| {
        if tmp.exists() {
            std::fs::remove_dir_all(&tmp).map_err(io(&tmp))?;
        }
        std::fs::create_dir_all(&tmp).map_err(io(&tmp))?;
        let output = DirOutput {
            root: tmp.clone(),
            files: AtomicUsize::new(0),
            bytes: AtomicU64::new(0),
            made: Mutex::new(BTreeSet::new()),
        };
        render(&output)?;
        copy_samples(&tmp, catalog, samples)?;
        // Work on the finished site (printing it to PDF) is done before it replaces the old
        // one: if it fails, the old output stays as it was.
        let extra = finish(&tmp)?;
        let marker = tmp.join(MARKER);
        std::fs::write(&marker, marker_text()).map_err(io(&marker))?;
        swap(out, &tmp, &old)?;
        Ok(Written {
            files: output.files.load(Ordering::Relaxed) + extra.files,
            bytes: output.bytes.load(Ordering::Relaxed) + extra.bytes,
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&tmp);
    }
    result
}

/// Blank forms the guides link to: copied when they exist inside the catalog. A path that leads
/// outside (`path-outside-catalog` stops the build before this; checked again here because
/// this is where a file would leave the machine) is never followed.
fn copy_samples(tmp: &Path, catalog: &Path, samples: &[String]) -> Result<(), Error> {
    // Many materials may name one form: it is copied once.
    let unique: std::collections::BTreeSet<&String> = samples.iter().collect();
    for sample in unique {
        let (Ok(rel), Ok(from)) = (
            crate::load::catalog_path(sample),
            crate::load::resolve_inside(catalog, sample),
        ) else {
            continue;
        };
        if !from.is_file() {
            continue;
        }
        let to = tmp.join(&rel);
        // `sample-collides-with-output` stops such a build first; a sample never replaces a
        // page or a folder of the site.
        if std::fs::symlink_metadata(&to).is_ok() || rel == Path::new(MARKER) {
            return Err(Error::Io {
                path: rel,
                source: std::io::Error::other("样表与生成的文件同名，未复制，以免替换生成的页面"),
            });
        }
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(io(dir))?;
        }
        std::fs::copy(&from, &to).map_err(io(&from))?;
    }
    Ok(())
}

/// Removes the hidden siblings of `out` that builds which no longer run left behind (killed or
/// interrupted). A sibling whose process is still alive is another build at work and is left
/// alone; where the platform cannot tell (no `/proc`), nothing is removed.
fn remove_leftovers(parent: &Path, name: &str, pid: u32) {
    if !Path::new("/proc/self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = file_name.strip_prefix(&format!(".{name}.banshi-")) else {
            continue;
        };
        let owner = rest
            .strip_prefix("new-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|p| p.parse::<u32>().ok());
        if let Some(owner) = owner
            && owner != pid
            && !Path::new(&format!("/proc/{owner}")).exists()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Exchanges two directories in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt as _;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that outlive the call; AT_FDCWD makes them
    // relative to the working directory like every other path here.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

fn swap(out: &Path, tmp: &Path, old: &Path) -> Result<(), Error> {
    // Atomic where the platform and file system allow; otherwise two renames, with a moment
    // in between when `out` does not exist.
    if out.is_dir() && exchange(tmp, out).is_ok() {
        // `tmp` now holds the previous output. The new one is in place whatever happens here;
        // what cannot be removed now is removed by the next build.
        let _ = std::fs::remove_dir_all(tmp);
        return Ok(());
    }
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
