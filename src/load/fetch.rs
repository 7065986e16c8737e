//! Reading one file's bytes: only regular files, only up to the size limit, never blocking on
//! a pipe; for spec files listed by the walk, through a buffer each thread keeps.

use super::IoFailure;
use super::decode::{Encoding, decode, decode_owned};
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};
use std::path::Path;

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
    /// 语言参考 docs/language.md 第 2 节：每个部门一个文件夹，文件中写事项与一件事。
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

/// Reads `rel` under `root`, a spec file that [`super::discover`] listed as a regular file, so its
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
        _ => crate::os_error::describe(e),
    }
}

pub(super) const NOT_REGULAR: &str = "不是普通文件（可能是命名管道、设备或套接字），未读取";

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
        Err(e) => return failed(crate::os_error::describe(&e)),
    };
    let meta = match file.metadata() {
        Ok(m) => m,
        Err(e) => return failed(crate::os_error::describe(&e)),
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
        Err(e) => failed(crate::os_error::describe(&e)),
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
        Err(e) => Err(crate::os_error::describe(&e)),
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
}
