//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("read fixture dir") {
        let entry = entry.expect("fixture entry");
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            std::fs::create_dir_all(&target).expect("create dir");
            copy_dir(&path, &target);
        } else if path.extension().is_none_or(|e| e != "snap" && e != "new") {
            std::fs::copy(&path, &target).expect("copy fixture file");
        }
    }
}

/// A temporary catalog: the shared base with the files of fixture `case` laid over it.
pub fn catalog(case: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures_dir().join("_base"), tmp.path());
    copy_dir(&fixtures_dir().join(case), tmp.path());
    tmp
}

/// The fixed day fixtures are checked on, so repeal dates do not age the snapshots.
pub const TODAY: &str = "2026-06-01";
