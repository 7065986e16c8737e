//! A catalog's own templates, which override the shipped ones by name.

use super::paths::{Outside, resolve_inside};
use crate::error::Error;
use std::path::Path;

/// A catalog's own templates (`<catalog>/templates/*`), by file name: a publisher's house style
/// overrides the shipped templates of the same name.
///
/// A template that is, or lies behind, a symbolic link leading out of the catalog is refused:
/// whatever it reads would be published.
pub fn templates(root: &Path) -> Result<std::collections::BTreeMap<String, String>, Error> {
    // `None`: a name that does not read as a path inside (backslashes, `..`); no shipped
    // template has such a name, so it overrides nothing.
    let inside = |rel: &str| match resolve_inside(root, rel) {
        Ok(path) => Ok(Some(path)),
        Err(Outside::Link(target)) => Err(Error::Outside {
            path: root.join(rel),
            target,
        }),
        Err(Outside::Absolute | Outside::Parent) => Ok(None),
    };
    let Some(dir) = inside("templates")? else {
        return Ok(std::collections::BTreeMap::new());
    };
    let mut out = std::collections::BTreeMap::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let entries = std::fs::read_dir(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.clone(),
            source,
        })?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(path) = inside(&format!("templates/{name}"))? else {
            continue;
        };
        if !path.is_file() {
            continue;
        }
        let text = std::fs::read_to_string(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        out.insert(name, text);
    }
    Ok(out)
}
