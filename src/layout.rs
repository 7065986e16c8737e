//! Where `banshi build` puts what it generates, as data both sides read: the publisher writes
//! there, and the check `sample-collides-with-output` keeps a catalog's 样表 out of it. Neither
//! imports the other.

/// The folders of the site; everything in them is generated.
pub const FOLDERS: &[&str] = &[
    "assets",
    "booklets",
    "bundles",
    "checklists",
    "guides",
    "portal",
];

/// The marker every output folder carries, so that a later build knows the folder is its own
/// and may replace it — as cargo marks `target/` with `CACHEDIR.TAG`.
pub const MARKER: &str = ".banshi-output";

/// The generated files at the top of the site.
pub const FILES: &[&str] = &["index.html", MARKER];

/// The generated file or folder that a file at `rel` (relative to the site, `/`-separated) would
/// replace or be put into, if any. Compared without regard to ASCII case: on the file systems
/// of Windows and macOS `Index.html` is `index.html`.
pub fn claimed(rel: &str) -> Option<&'static str> {
    let mut parts = rel
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".");
    let first = parts.next()?;
    let alone = parts.next().is_none();
    if let Some(folder) = FOLDERS.iter().find(|f| f.eq_ignore_ascii_case(first)) {
        return Some(folder);
    }
    FILES
        .iter()
        .find(|f| alone && f.eq_ignore_ascii_case(first))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::claimed;

    #[test]
    fn generated_files_and_everything_in_generated_folders_are_claimed() {
        assert_eq!(claimed("index.html"), Some("index.html"));
        assert_eq!(claimed("./Index.HTML"), Some("index.html"));
        assert_eq!(claimed("guides"), Some("guides"));
        assert_eq!(claimed("guides/低保申请.html"), Some("guides"));
        assert_eq!(claimed("portal\\index.json"), Some("portal"));
        assert_eq!(claimed(".banshi-output"), Some(".banshi-output"));
        assert_eq!(claimed("forms/低保申请书.docx"), None);
        assert_eq!(claimed("forms/index.html"), None);
        assert_eq!(claimed("guidesx/a.docx"), None);
    }
}
