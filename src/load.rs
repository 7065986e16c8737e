//! Finding and reading the files of a catalog. Bytes become text here; a file that is not
//! UTF-8 is a diagnostic on that file, and a file that cannot be read at all is recorded as an
//! I/O failure while the other files are still checked.

use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::error::Error;
use crate::source::{FileId, Sources, Span};
use std::path::{Path, PathBuf};

declare_rule! {
    /// ## 检查内容
    /// 文件不是 UTF-8 编码。
    ///
    /// ## 为什么有问题
    /// banshi 只读 UTF-8 文本。用记事本或旧版办公软件另存的文件常是 GBK/GB18030 编码，
    /// 其中的中文在其他系统上会变成乱码。
    ///
    /// ## 示例
    /// 以「ANSI」或「GB2312」编码保存的 `低保申请.banshi`。
    ///
    /// ## 改为
    /// 在编辑器中选择「另存为 → 编码：UTF-8」，或在命令行转换：
    /// `iconv -f GB18030 -t UTF-8 低保申请.banshi > 低保申请.utf8 && mv 低保申请.utf8 低保申请.banshi`；
    /// 也可用 `banshi fmt 文件或文件夹 --encoding gb18030` 按 GB18030 读取、格式化并存为 UTF-8。
    /// 暂时无法转换时，`banshi check --encoding gb18030` 可按 GB18030 读取检查。
    ///
    /// ## 依据
    /// 事项描述语言规范第 2 节：文件为 UTF-8 编码。
    pub static INVALID_ENCODING = {
        code: "E004",
        name: "invalid-encoding",
        severity: Error,
        summary: "文件不是 UTF-8 编码",
    };
}

declare_rule! {
    /// ## 检查内容
    /// 事项描述文件或登记表文件大于 64 MiB。
    ///
    /// ## 为什么有问题
    /// 一个事项的描述只有几千字节；把一个省的全部事项写进一个文件也不过几十兆字节。更大的文件
    /// 几乎一定是放错位置或改错扩展名的数据（数据库导出、压缩包、日志）。解析时每字节文本约需
    /// 25 字节内存，为免一个文件耗尽服务器内存、拖垮整条检查流水线，这样的文件不予读取。
    ///
    /// ## 示例
    /// 把 2 GB 的数据库导出文件命名为 `全部事项.banshi` 放进事项目录。
    ///
    /// ## 改为
    /// 移走不属于事项目录的文件；确为事项描述的，按部门拆分成多个文件（每个事项一个文件最好）。
    ///
    /// ## 依据
    /// 事项描述语言规范第 2 节：每个部门一个文件夹，文件中写事项与一件事。
    pub static FILE_TOO_LARGE = {
        code: "E010",
        name: "file-too-large",
        severity: Error,
        summary: "文件过大，未读取",
    };
}

/// The largest file banshi reads. Real spec files are kilobytes and one file holding every matter
/// of a province about 50 MB; parsing costs about 25 bytes of memory per byte of text, so this
/// keeps one file under about 1.6 GB while a misplaced dump of gigabytes cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 64 << 20;

/// How the bytes of a file become text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 only (the language's rule).
    #[default]
    Utf8,
    /// UTF-8 when the bytes are UTF-8, otherwise GB18030 (a superset of GBK and GB2312), which is
    /// what Chinese office software saves as "ANSI" — for reading old catalogs as they are.
    Gb18030,
}

/// A file that could not be read: reported at the end of the run, exit code 2.
#[derive(Debug, PartialEq, Eq)]
pub struct IoFailure {
    pub path: String,
    pub message: String,
}

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

pub enum Read {
    Ok(FileId),
    Missing,
    Failed,
}

/// The bytes of a file, decoded.
#[derive(Debug)]
pub enum Fetched {
    Text(String),
    /// Not UTF-8, read as GB18030 because `--encoding gb18030` asked for it: text that differs
    /// from the bytes on disk.
    Converted(String),
    Missing,
    /// Not UTF-8: the text up to the first bad byte, that byte's offset, and whether the whole
    /// file reads as GB18030 text.
    NotUtf8 {
        valid: String,
        at: usize,
        gb18030: bool,
    },
    Failed(IoFailure),
    /// Larger than [`MAX_FILE_BYTES`]: not read.
    TooLarge(u64),
}

/// Reads `rel` under `root`. Touches nothing shared, so files can be fetched in parallel.
pub fn fetch(root: &Path, rel: &str, encoding: Encoding) -> Fetched {
    fetch_path(&root.join(rel), rel, encoding)
}

/// Reads `rel` under `root`, a spec file that [`discover`] listed as a regular file, so its
/// kind and size are not asked again, as [`fetch_path`] asks them (a `statx` per file besides
/// the open, reads and close). The bytes of a spec file (kilobytes) go into a buffer each thread
/// keeps, and only the text is allocated anew; a file over a megabyte is sized once and its
/// buffer becomes its text.
/// Touches nothing shared, so files can be fetched in parallel.
pub fn fetch_listed(root: &Path, rel: &str, encoding: Encoding) -> Fetched {
    thread_local! {
        static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    /// A buffer grown past this by an unusually large file is let go rather than kept.
    const KEEP: usize = 1 << 20;
    let failed = |e: std::io::Error| {
        Fetched::Failed(IoFailure {
            path: rel.to_string(),
            message: read_error(&e),
        })
    };
    let mut file = match open(&root.join(rel)) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Fetched::Missing,
        Err(e) => return failed(e),
    };
    BUFFER.with_borrow_mut(|bytes| {
        bytes.clear();
        let fetched = match read_listed(&mut file, bytes, KEEP) {
            Err(e) => failed(e),
            Ok(n) if n as u64 > MAX_FILE_BYTES => {
                Fetched::TooLarge(file.metadata().map_or(n as u64, |m| m.len()))
            }
            Ok(n) if n > KEEP => decode_owned(std::mem::take(bytes), encoding),
            Ok(_) => decode(bytes, encoding),
        };
        if bytes.capacity() > KEEP {
            *bytes = Vec::new();
        }
        fetched
    })
}

/// Reads `file` to its end into `bytes`, but never more than one byte over the size limit:
/// replaced by something else since the walk, the file may be endless (a device), and one byte
/// over is enough to know. A file longer than `small` has the rest of its size reserved at once
/// (its one `fstat`) rather than doubling a buffer of tens of megabytes, which held twice the
/// file at its peak.
fn read_listed(
    file: &mut std::fs::File,
    bytes: &mut Vec<u8>,
    small: usize,
) -> std::io::Result<usize> {
    use std::io::Read as _;
    let n = (&mut *file).take(small as u64 + 1).read_to_end(bytes)?;
    if n <= small {
        return Ok(n);
    }
    if let Ok(meta) = file.metadata() {
        let size = usize::try_from(meta.len().min(MAX_FILE_BYTES + 1)).unwrap_or(0);
        bytes.reserve_exact(size.saturating_sub(bytes.len()));
    }
    let rest = (&mut *file)
        .take(MAX_FILE_BYTES + 1 - n as u64)
        .read_to_end(bytes)?;
    Ok(n + rest)
}

/// What a failed read says, in the words [`fetch_path`] uses for the same cases.
fn read_error(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::IsADirectory => IS_FOLDER.into(),
        // Opened without waiting, a named pipe has nothing to read.
        std::io::ErrorKind::WouldBlock => NOT_REGULAR.into(),
        _ => e.to_string(),
    }
}

const NOT_REGULAR: &str = "不是普通文件（可能是命名管道、设备或套接字），未读取";
const IS_FOLDER: &str = "是文件夹，不是文件";

/// Reads the file at `full`, named `name` in what is reported. Only regular files up to
/// [`MAX_FILE_BYTES`] are read: a named pipe would block the run, a device never end. The kind
/// and size come from the opened file, once: the read is bounded by the limit rather than
/// letting `File::read_to_end` ask for the size again.
pub fn fetch_path(full: &Path, name: &str, encoding: Encoding) -> Fetched {
    use std::io::Read as _;
    let failed = |message: String| {
        Fetched::Failed(IoFailure {
            path: name.to_string(),
            message,
        })
    };
    let mut file = match open(full) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Fetched::Missing,
        Err(e) => return failed(e.to_string()),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return failed(e.to_string()),
    };
    if meta.is_dir() {
        return failed(IS_FOLDER.into());
    }
    if !meta.is_file() {
        return failed(NOT_REGULAR.into());
    }
    if meta.len() > MAX_FILE_BYTES {
        return Fetched::TooLarge(meta.len());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    match (&mut file).take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes) {
        Err(e) => failed(e.to_string()),
        // Grown since it was measured.
        Ok(n) if n as u64 > MAX_FILE_BYTES => Fetched::TooLarge(n as u64),
        Ok(_) => decode_owned(bytes, encoding),
    }
}

/// Reads a file named on the command line (`--baseline`): only a regular UTF-8 file up to
/// [`MAX_FILE_BYTES`], as every file banshi reads; a named pipe would block the run. The error
/// is a Chinese sentence ending the message that names the file.
pub fn read_argument(path: &Path) -> Result<String, String> {
    match fetch_path(path, &path.display().to_string(), Encoding::Utf8) {
        Fetched::Text(text) | Fetched::Converted(text) => Ok(text),
        Fetched::Missing => Err("文件不存在".into()),
        Fetched::NotUtf8 { at, .. } => Err(format!("不是 UTF-8 编码（第 {at} 字节起，从 0 起算）")),
        Fetched::Failed(f) => Err(f.message),
        Fetched::TooLarge(size) => Err(format!(
            "文件有 {} MiB，大于上限 {} MiB，未读取",
            size >> 20,
            MAX_FILE_BYTES >> 20
        )),
    }
}

/// Whether a file named on the command line may be written (`--write-baseline`): it does not
/// exist yet or is a regular file. Writing to a named pipe would block; a folder, a device or
/// a link is not a file banshi should replace.
pub fn writable_argument(path: &Path) -> Result<(), String> {
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.to_string()),
        Ok(m) if m.is_file() => Ok(()),
        Ok(m) if m.is_dir() => Err(IS_FOLDER.into()),
        Ok(m) if m.file_type().is_symlink() => Err("是符号链接，不予覆盖".into()),
        Ok(_) => Err("不是普通文件（可能是命名管道、设备或套接字），不予写入".into()),
    }
}

/// Opens a file for reading without waiting: `open` on a named pipe would otherwise block until
/// a writer comes. For regular files the flag changes nothing.
#[cfg(unix)]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt as _;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::File::open(path)
}

/// Bytes read into a vector of their own → text in `encoding`. Valid UTF-8 becomes the text
/// where it lies: for a file of tens of megabytes a copy into fresh pages costs more than std's
/// slower validation.
fn decode_owned(bytes: Vec<u8>, encoding: Encoding) -> Fetched {
    match String::from_utf8(bytes) {
        Ok(text) => Fetched::Text(text),
        Err(e) => decode(e.as_bytes(), encoding),
    }
}

/// Bytes → text in `encoding`.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Fetched {
    // std's validation goes through CJK text a character at a time; encoding_rs validates a
    // word at a time and is 15× faster on catalog text (27 → 1.8 ms for the 19 MB of 10,000
    // matters). The BOM is kept, as `String::from_utf8` keeps it.
    if let Some(text) =
        encoding_rs::UTF_8.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Fetched::Text(text.into_owned());
    }
    let gb18030 = as_gb18030(bytes);
    let readable = gb18030.is_some();
    if let Some(text) = gb18030.filter(|_| encoding == Encoding::Gb18030) {
        return Fetched::Converted(text);
    }
    let at = encoding_rs::Encoding::utf8_valid_up_to(bytes);
    Fetched::NotUtf8 {
        valid: String::from_utf8_lossy(&bytes[..at]).into_owned(),
        at,
        gb18030: readable,
    }
}

/// The text of `bytes` read as GB18030, when that reading is clean and looks like Chinese text:
/// every byte sequence valid, no control characters but tab and line breaks, and at least one
/// CJK character (GB18030 decodes almost any bytes, so validity alone says little).
fn as_gb18030(bytes: &[u8]) -> Option<String> {
    let text = encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)?
        .into_owned();
    let plausible = !text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        && text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    plausible.then_some(text)
}

/// Adds a fetched file to `sources` (every file that exists gets an id, so findings can
/// point at it) and reports what went wrong with it.
pub fn admit(
    rel: &str,
    fetched: Fetched,
    sources: &mut Sources,
    sink: &mut Sink,
    failures: &mut Vec<IoFailure>,
) -> Read {
    match fetched {
        Fetched::Text(text) | Fetched::Converted(text) => {
            Read::Ok(sources.add(rel.to_string(), text))
        }
        Fetched::Missing => Read::Missing,
        Fetched::Failed(f) => {
            failures.push(f);
            Read::Failed
        }
        Fetched::NotUtf8 { valid, at, gb18030 } => {
            let end = valid.len();
            let id = sources.add(rel.to_string(), valid);
            sink.push(not_utf8(id, end, at, gb18030));
            Read::Failed
        }
        Fetched::TooLarge(size) => {
            let id = sources.add(rel.to_string(), String::new());
            sink.push(too_large(id, size));
            Read::Failed
        }
    }
}

/// The finding for a file of `size` bytes, over [`MAX_FILE_BYTES`].
pub fn too_large(file: FileId, size: u64) -> Diagnostic {
    let mib = |b: u64| b.div_ceil(1 << 20);
    Diagnostic::new(
        &FILE_TOO_LARGE,
        Span::new(file, 0..0),
        format!(
            "文件有 {} MiB，超过上限 {} MiB，未读取",
            mib(size),
            MAX_FILE_BYTES >> 20
        ),
    )
    .label("文件过大")
    .help("事项描述只有几千字节：这可能是放错位置的数据文件，请移走；确为事项描述的，请按部门拆分成多个文件")
}

/// The finding for a file whose bytes stop being UTF-8 at `at` (`end`: length of the text
/// that could be read).
pub fn not_utf8(file: FileId, end: usize, at: usize, gb18030: bool) -> Diagnostic {
    let d = Diagnostic::new(
        &INVALID_ENCODING,
        Span::new(file, end..end),
        if gb18030 {
            format!(
                "文件不是 UTF-8 编码，看起来是 GB18030（GBK）编码：第 {at} 字节（从 0 起算）起无法按 UTF-8 读取"
            )
        } else {
            format!("文件不是 UTF-8 编码：第 {at} 字节（从 0 起算）起无法按 UTF-8 读取")
        },
    )
    .label("此处之后无法读取");
    if gb18030 {
        d.help("转换为 UTF-8：运行 banshi fmt 此文件 --encoding gb18030（按 GB18030 读取，存为 UTF-8），或 iconv -f GB18030 -t UTF-8 原文件 > 新文件，或在编辑器中「另存为 → 编码：UTF-8」；转换前也可加 --encoding gb18030 按 GB18030 读取检查")
    } else {
        d.help("请用编辑器另存为 UTF-8 编码；文件可能已损坏，或不是文本文件")
    }
}

/// Reads `rel` under `root` into `sources`.
pub fn read(
    root: &Path,
    rel: &str,
    encoding: Encoding,
    sources: &mut Sources,
    sink: &mut Sink,
    failures: &mut Vec<IoFailure>,
) -> Read {
    admit(rel, fetch(root, rel, encoding), sources, sink, failures)
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_up_to_the_size_limit_and_not_beyond() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = std::fs::File::create(dir.path().join("a.banshi")).expect("create");
        // Sparse: nothing is written.
        file.set_len(MAX_FILE_BYTES).expect("set_len");
        assert!(matches!(
            fetch(dir.path(), "a.banshi", Encoding::Utf8),
            Fetched::Text(t) if t.len() as u64 == MAX_FILE_BYTES
        ));
        file.set_len(MAX_FILE_BYTES + 1).expect("set_len");
        assert!(matches!(
            fetch(dir.path(), "a.banshi", Encoding::Utf8),
            Fetched::TooLarge(n) if n == MAX_FILE_BYTES + 1
        ));
    }

    #[test]
    fn listed_files_are_read_up_to_the_size_limit_through_one_kept_buffer() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = std::fs::File::create(dir.path().join("a.banshi")).expect("create");
        file.set_len(MAX_FILE_BYTES + 1).expect("set_len");
        assert!(matches!(
            fetch_listed(dir.path(), "a.banshi", Encoding::Utf8),
            Fetched::TooLarge(n) if n == MAX_FILE_BYTES + 1
        ));
        // The buffer a large file grew holds nothing of it for the next, shorter file.
        std::fs::write(dir.path().join("b.banshi"), "事项 甲 {}").expect("write");
        assert!(matches!(
            fetch_listed(dir.path(), "b.banshi", Encoding::Utf8),
            Fetched::Text(t) if t == "事项 甲 {}"
        ));
        std::fs::write(dir.path().join("c.banshi"), b"ab\xffcd").expect("write");
        assert!(matches!(
            fetch_listed(dir.path(), "c.banshi", Encoding::Utf8),
            Fetched::NotUtf8 { valid, at: 2, .. } if valid == "ab"
        ));
        assert!(matches!(
            fetch_listed(dir.path(), "gone.banshi", Encoding::Utf8),
            Fetched::Missing
        ));
        // Replaced by a folder after the walk: said in the same words as `fetch`.
        std::fs::create_dir(dir.path().join("d.banshi")).expect("mkdir");
        for fetched in [
            fetch_listed(dir.path(), "d.banshi", Encoding::Utf8),
            fetch(dir.path(), "d.banshi", Encoding::Utf8),
        ] {
            assert!(
                matches!(&fetched, Fetched::Failed(f) if f.message == "是文件夹，不是文件"),
                "{fetched:?}"
            );
        }
    }

    #[test]
    fn a_file_past_the_small_size_is_read_whole_into_a_buffer_of_its_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let text: Vec<u8> = (0..1100u32).map(|i| b'a' + (i % 26) as u8).collect();
        for len in [0, 9, 10, 11, 1100] {
            let path = dir.path().join(format!("{len}.banshi"));
            std::fs::write(&path, &text[..len]).expect("write");
            let mut file = std::fs::File::open(&path).expect("open");
            let mut bytes = Vec::new();
            let n = read_listed(&mut file, &mut bytes, 10).expect("read");
            assert_eq!((n, &bytes[..]), (len, &text[..len]));
            // Doubling would have reached 2,048 bytes (tiny reads start from a few dozen bytes
            // of capacity whatever the size).
            if len == 1100 {
                assert!(bytes.capacity() < 1200, "{}", bytes.capacity());
            }
        }
    }

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
    }
}
