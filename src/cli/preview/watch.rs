//! Watching the catalog folder, recursively, for changes worth a rebuild, and gathering a
//! burst of them (an editor's save is several events; `git checkout` is hundreds) into one.

use notify::{EventKind, RecursiveMode, Watcher as _};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// A change is built once the catalog has been quiet this long.
pub(crate) const QUIET: Duration = Duration::from_millis(250);
/// ... or once changes have gone on this long, so a file written without pause is still built.
const LONGEST: Duration = Duration::from_secs(2);

/// A running watch; changes arrive on `changes` until it is dropped.
pub(crate) struct Watch {
    _watcher: notify::RecommendedWatcher,
    pub changes: Receiver<()>,
}

/// Starts watching `root` and everything below it. The error is a Chinese sentence.
pub(crate) fn start(root: &Path) -> Result<Watch, String> {
    let base = root
        .canonicalize()
        .or_else(|_| std::path::absolute(root))
        .unwrap_or_else(|_| root.to_path_buf());
    let (tx, changes) = std::sync::mpsc::channel();
    let filter_base = base.clone();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let worth = match event {
            // Opening and reading files is no change, and a rebuild reads every file: counting
            // those would rebuild for ever.
            Ok(e) if matches!(e.kind, EventKind::Access(_)) => false,
            // No path: the watcher lost track (an overflowed queue) and anything may have
            // changed.
            Ok(e) if e.paths.is_empty() => true,
            Ok(e) => e.paths.iter().any(|p| worth_a_build(&filter_base, p)),
            // The watch itself went wrong: build, rather than miss a change.
            Err(_) => true,
        };
        if worth {
            let _ = tx.send(());
        }
    })
    .map_err(|e| describe("无法监视文件变化", &e))?;
    watcher
        .watch(&base, RecursiveMode::Recursive)
        .map_err(|e| describe("无法监视事项目录中的文件变化", &e))?;
    Ok(Watch {
        _watcher: watcher,
        changes,
    })
}

fn describe(what: &str, e: &notify::Error) -> String {
    match &e.kind {
        notify::ErrorKind::Io(io) => format!("{what}：{}", crate::os_error::describe(io)),
        notify::ErrorKind::MaxFilesWatch => format!(
            "{what}：已达到系统允许监视的文件夹数上限（Linux 上可调大 fs.inotify.max_user_watches）"
        ),
        notify::ErrorKind::PathNotFound => format!("{what}：找不到文件或文件夹"),
        _ => format!("{what}（原始信息：{e}）"),
    }
}

/// Whether a change at `path` can change the site: not inside a version-control folder, and
/// not an editor's swap, backup or lock file.
fn worth_a_build(base: &Path, path: &Path) -> bool {
    let rel: PathBuf = path.strip_prefix(base).unwrap_or(path).to_path_buf();
    if rel.components().any(|c| {
        matches!(c, Component::Normal(n) if matches!(n.to_str(), Some(".git" | ".hg" | ".svn")))
    }) {
        return false;
    }
    let Some(name) = rel.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    !(name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.starts_with(".#")
        || (name.starts_with('#') && name.ends_with('#'))
        // vim's probe of whether it may write in a folder.
        || name == "4913"
        || name == ".DS_Store")
}

/// Waits for the next burst of changes and returns once it is over: [`QUIET`] without a
/// change, or [`LONGEST`] after its first. `false` when the watch has ended.
pub(crate) fn next_burst(changes: &Receiver<()>) -> bool {
    if changes.recv().is_err() {
        return false;
    }
    let first = Instant::now();
    loop {
        let left = LONGEST.saturating_sub(first.elapsed());
        if left.is_zero() {
            return true;
        }
        match changes.recv_timeout(QUIET.min(left)) {
            Ok(()) => {}
            Err(RecvTimeoutError::Timeout) => return true,
            // The burst that was seen is still built.
            Err(RecvTimeoutError::Disconnected) => return true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_and_version_control_are_not_worth_a_build() {
        let base = Path::new("/c");
        for yes in [
            "/c/民政局/低保申请.banshi",
            "/c/banshi.yaml",
            "/c/registry/laws.yaml",
            "/c/forms/申请书.docx",
            "/c/templates/guide.html",
        ] {
            assert!(worth_a_build(base, Path::new(yes)), "{yes}");
        }
        for no in [
            "/c/.git/index",
            "/c/民政局/.低保申请.banshi.swp",
            "/c/民政局/低保申请.banshi~",
            "/c/.#低保申请.banshi",
            "/c/#低保申请.banshi#",
            "/c/民政局/4913",
        ] {
            assert!(!worth_a_build(base, Path::new(no)), "{no}");
        }
    }

    #[test]
    fn a_burst_is_one_build() {
        let (tx, rx) = std::sync::mpsc::channel();
        for _ in 0..5 {
            tx.send(()).unwrap();
        }
        assert!(next_burst(&rx));
        assert!(rx.try_recv().is_err());
        drop(tx);
        assert!(!next_burst(&rx));
    }
}
