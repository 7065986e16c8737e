//! Paths written in a catalog (样表, registry files, templates): whether they stay inside it,
//! judged by their text and then through the file system's links.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Why a path written in the catalog does not lead to a file inside it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outside {
    /// `/…`, `\…` or `C:…`.
    Absolute,
    /// More `..` than folders before them.
    Parent,
    /// Inside as written, but a symbolic link on the way leads to this place outside.
    Link(PathBuf),
}

/// `rel` as a path inside the catalog, when it is written as one: `/` or `\` separated, `.`
/// and `folder/..` resolved. Only the text is looked at.
pub fn catalog_path(rel: &str) -> Result<PathBuf, Outside> {
    let bytes = rel.as_bytes();
    let drive = bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':';
    if rel.starts_with(['/', '\\']) || drive {
        return Err(Outside::Absolute);
    }
    let mut parts: Vec<&str> = Vec::new();
    for part in rel.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop().ok_or(Outside::Parent)?;
            }
            p => parts.push(p),
        }
    }
    Ok(parts.iter().collect())
}

/// `rel` as a path inside the catalog at `root`, following symbolic links: a path that is
/// inside as written but reaches outside through a link is [`Outside::Link`]. A path that does
/// not exist is judged by its text alone.
pub fn resolve_inside(root: &Path, rel: &str) -> Result<PathBuf, Outside> {
    let relative = catalog_path(rel)?;
    let full = root.join(&relative);
    if std::fs::symlink_metadata(&full).is_err() {
        return Ok(full);
    }
    match (full.canonicalize(), root.canonicalize()) {
        (Ok(target), Ok(base)) if !target.starts_with(&base) => Err(Outside::Link(target)),
        (Ok(target), _) => Ok(target),
        // A dangling link: it leads nowhere, so nothing outside can be read through it.
        (Err(_), _) => Ok(full),
    }
}

/// Where every 样表 path written in the catalog leads, judged once against the file system
/// while loading, so that the rules about paths look at data and do no I/O.
#[derive(Debug, Default)]
pub struct PathFacts {
    outside: BTreeMap<String, Outside>,
    /// Paths that lead inside the catalog but name no file there.
    missing: std::collections::BTreeSet<String>,
}

impl PathFacts {
    /// Judges each of `paths` (catalog-relative, as written) with [`resolve_inside`]; a path
    /// written many times is judged once. Parallel: a large catalog names thousands of forms.
    pub fn judge<'a>(root: &Path, paths: impl Iterator<Item = &'a str>) -> PathFacts {
        use rayon::prelude::*;
        let unique: std::collections::BTreeSet<&str> = paths.collect();
        let judged: Vec<(&str, Result<bool, Outside>)> = unique
            .into_par_iter()
            .map(|p| (p, resolve_inside(root, p).map(|full| full.is_file())))
            .collect();
        let mut facts = PathFacts {
            outside: BTreeMap::new(),
            missing: std::collections::BTreeSet::new(),
        };
        for (p, judged) in judged {
            match judged {
                Err(why) => {
                    facts.outside.insert(p.to_string(), why);
                }
                Ok(false) => {
                    facts.missing.insert(p.to_string());
                }
                Ok(true) => {}
            }
        }
        facts
    }

    /// Judges `paths` again (those of a file that was edited): the file system may have
    /// changed since, and a form added meanwhile is no longer missing.
    pub fn rejudge<'a>(&mut self, root: &Path, paths: impl Iterator<Item = &'a str>) {
        let paths: Vec<&str> = paths.collect();
        for p in &paths {
            self.outside.remove(*p);
            self.missing.remove(*p);
        }
        let fresh = PathFacts::judge(root, paths.into_iter());
        self.outside.extend(fresh.outside);
        self.missing.extend(fresh.missing);
    }

    /// Whether `path` leads inside the catalog but names no file there.
    pub fn missing(&self, path: &str) -> bool {
        self.missing.contains(path)
    }

    /// Why `path` does not lead inside the catalog, if it does not.
    pub fn outside(&self, path: &str) -> Option<&Outside> {
        self.outside.get(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_paths_are_judged_by_their_text() {
        assert_eq!(
            catalog_path("forms/a.docx"),
            Ok(PathBuf::from("forms/a.docx"))
        );
        assert_eq!(
            catalog_path("./forms\\x/../a.docx"),
            Ok(PathBuf::from("forms/a.docx"))
        );
        assert_eq!(catalog_path("../a.docx"), Err(Outside::Parent));
        assert_eq!(catalog_path("forms/../../a.docx"), Err(Outside::Parent));
        assert_eq!(catalog_path("/etc/passwd"), Err(Outside::Absolute));
        assert_eq!(catalog_path("\\\\server\\share"), Err(Outside::Absolute));
        assert_eq!(catalog_path("C:\\forms\\a.docx"), Err(Outside::Absolute));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_that_leads_outside_is_outside() {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret.txt"), "x").expect("write");
        let root = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(root.path().join("forms")).expect("mkdir");
        std::fs::write(root.path().join("forms/a.docx"), "x").expect("write");
        std::os::unix::fs::symlink(outside.path(), root.path().join("forms/out")).expect("link");
        std::os::unix::fs::symlink("a.docx", root.path().join("forms/b.docx")).expect("link");
        assert!(resolve_inside(root.path(), "forms/a.docx").is_ok());
        assert!(resolve_inside(root.path(), "forms/b.docx").is_ok());
        assert!(resolve_inside(root.path(), "forms/missing.docx").is_ok());
        assert!(matches!(
            resolve_inside(root.path(), "forms/out/secret.txt"),
            Err(Outside::Link(_))
        ));
        let facts = PathFacts::judge(
            root.path(),
            [
                "forms/a.docx",
                "forms/out/secret.txt",
                "../x",
                "forms/a.docx",
            ]
            .into_iter(),
        );
        assert_eq!(facts.outside("forms/a.docx"), None);
        assert_eq!(facts.outside("../x"), Some(&Outside::Parent));
        assert!(matches!(
            facts.outside("forms/out/secret.txt"),
            Some(Outside::Link(_))
        ));
    }
}
