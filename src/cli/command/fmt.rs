//! `banshi fmt [PATHS] [--check] [--encoding gb18030]`. With `--encoding gb18030`, files saved
//! as GBK/GB18030 are read as such and written back as UTF-8: formatting them is also the
//! conversion the `invalid-encoding` finding asks for.

use crate::cli::SourceEncoding;
use crate::load::{Encoding, Fetched, MAX_FILE_BYTES, fetch_path};
use crate::syntax::fmt::format;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 要格式化的文件或文件夹；省略时为当前所在的事项目录（从当前文件夹向上查找 banshi.yaml）
    paths: Vec<PathBuf>,
    /// 只列出需要格式化的文件，不修改；有则以 1 退出
    #[arg(long)]
    check: bool,
    /// 文件编码：utf-8（默认），或 gb18030——不是 UTF-8 的文件按 GB18030 读取，格式化后存为 UTF-8
    #[arg(long, value_enum, default_value_t = SourceEncoding::Utf8)]
    encoding: SourceEncoding,
}

/// An entry named and not formatted, with why.
type Refused = (PathBuf, String);

/// The `.banshi` files named by `paths` (folders are searched), sorted, and the entries that
/// are not formatted and must be named: links, pipes and devices found in a folder (writing
/// would replace a link with a file; `check` names them too), and a named file that is not a
/// regular `.banshi` file — `fmt` writes only the spec files it was given or found.
fn files(paths: &[PathBuf]) -> Result<(Vec<PathBuf>, Vec<Refused>), crate::error::Error> {
    let mut out = Vec::new();
    let mut refused = Vec::new();
    for p in paths {
        let meta = std::fs::symlink_metadata(p);
        if p.is_dir() && meta.as_ref().is_ok_and(|m| m.is_dir()) {
            let found = crate::load::discover(p)?;
            for rel in &found.others {
                match crate::load::judge_other(p, rel, &found.files) {
                    crate::load::Unread::Duplicate => {}
                    crate::load::Unread::Outside(_) => refused.push((
                        p.join(rel),
                        "是指向目录之外的符号链接，未格式化".to_string(),
                    )),
                    crate::load::Unread::Failed(f) => refused.push((p.join(rel), f.message)),
                }
            }
            out.extend(found.files.iter().map(|rel| p.join(rel)));
        } else if let Ok(m) = &meta {
            let why = if m.file_type().is_symlink() {
                Some("是符号链接，未格式化；请格式化它指向的文件本身")
            } else if !m.is_file() {
                Some("不是普通文件，未格式化")
            } else if p.extension().is_none_or(|e| e != "banshi") {
                Some("不是 .banshi 事项描述文件，未格式化")
            } else {
                None
            };
            match why {
                Some(why) => refused.push((p.clone(), why.to_string())),
                None => out.push(p.clone()),
            }
        } else {
            return Err(crate::error::Error::NotACatalog(p.clone()));
        }
    }
    out.sort();
    out.dedup();
    refused.sort();
    Ok((out, refused))
}

/// Replaces a file's contents through a temporary sibling, so an interrupted run never leaves
/// half a file.
fn replace(path: &Path, text: &str) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.banshi-fmt-{}", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// What became of the files that were read.
#[derive(Default)]
struct Outcome<'a> {
    /// Reformatted, or with `--check`, needing it.
    changed: Vec<&'a Path>,
    unparsable: Vec<&'a Path>,
    /// The file, the offset of its first byte that is not UTF-8, and whether it reads as GB18030.
    not_utf8: Vec<(&'a Path, usize, bool)>,
    /// A file could not be read or written, or an entry was refused.
    failed: bool,
}

pub fn run(args: Args) -> ExitCode {
    let paths = if args.paths.is_empty() {
        match crate::cli::catalog_of(None) {
            Ok(root) => vec![root],
            Err(code) => return code,
        }
    } else {
        args.paths.clone()
    };
    let (files, refused) = match files(&paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("banshi: {e}");
            return ExitCode::from(2);
        }
    };
    for (path, why) in &refused {
        eprintln!("banshi: 「{}」{why}", crate::escape::path(path));
    }
    let mut outcome = Outcome {
        failed: !refused.is_empty(),
        ..Outcome::default()
    };
    for path in &files {
        format_file(path, args.check, args.encoding.into(), &mut outcome);
    }
    conclude(&outcome, args.check, files.len())
}

/// Formats one file in place, or with `check` only finds out whether it would change.
fn format_file<'a>(path: &'a Path, check: bool, encoding: Encoding, outcome: &mut Outcome<'a>) {
    let Some((src, converted)) = read(path, encoding, outcome) else {
        return;
    };
    let Some(formatted) = format(&src) else {
        outcome.unparsable.push(path);
        return;
    };
    // A file read as GB18030 changes even when its layout does not: it is saved as UTF-8.
    if !converted && formatted == src {
        return;
    }
    if !check && let Err(e) = replace(path, &formatted) {
        eprintln!(
            "banshi: 无法写入「{}」：{}",
            crate::escape::path(path),
            crate::os_error::describe(&e)
        );
        outcome.failed = true;
        return;
    }
    outcome.changed.push(path);
}

/// A file's text and whether it was converted from GB18030; `None`, with the reason recorded or
/// named, when there is no text to format.
fn read<'a>(
    path: &'a Path,
    encoding: Encoding,
    outcome: &mut Outcome<'a>,
) -> Option<(String, bool)> {
    match fetch_path(path, &path.display().to_string(), encoding) {
        Fetched::Text(text) => return Some((text, false)),
        Fetched::Converted(text) => return Some((text, true)),
        Fetched::NotUtf8 { at, gb18030, .. } => {
            outcome.not_utf8.push((path, at, gb18030));
            return None;
        }
        Fetched::TooLarge(_) => {
            eprintln!(
                "banshi: 「{}」大于 {} MiB，未格式化（banshi check 报告 file-too-large）",
                crate::escape::path(path),
                MAX_FILE_BYTES >> 20
            );
        }
        Fetched::Failed(f) => {
            eprintln!(
                "banshi: 无法读取「{}」：{}",
                crate::escape::terminal(&f.path),
                crate::escape::terminal(&f.message)
            );
        }
        Fetched::Missing => {
            eprintln!(
                "banshi: 无法读取「{}」：文件已不存在",
                crate::escape::path(path)
            );
        }
    }
    outcome.failed = true;
    None
}

/// Names the changed files, then the ones left alone and why, then the summary; the exit code.
fn conclude(outcome: &Outcome, check: bool, files: usize) -> ExitCode {
    for path in &outcome.changed {
        if check {
            println!("需要格式化：{}", crate::escape::path(path));
        } else {
            println!("已格式化：{}", crate::escape::path(path));
        }
    }
    for (path, at, gb18030) in &outcome.not_utf8 {
        if *gb18030 {
            eprintln!(
                "banshi: 「{}」不是 UTF-8 编码，看起来是 GB18030（GBK）编码，未格式化；加 --encoding gb18030 可按 GB18030 读取并存为 UTF-8",
                crate::escape::path(path)
            );
        } else {
            eprintln!(
                "banshi: 「{}」不是 UTF-8 编码（第 {at} 字节起，从 0 起算），未格式化；请先用编辑器另存为 UTF-8",
                crate::escape::path(path)
            );
        }
    }
    for path in &outcome.unparsable {
        eprintln!(
            "banshi: 「{}」有语法错误，未格式化；运行 banshi check 查看",
            crate::escape::path(path)
        );
    }
    let changed = outcome.changed.len();
    let summary = if check {
        format!("{files} 个文件中有 {changed} 个需要格式化")
    } else {
        format!("{files} 个文件中格式化了 {changed} 个")
    };
    println!("{summary}");
    if outcome.failed {
        ExitCode::from(2)
    } else if !outcome.unparsable.is_empty()
        || !outcome.not_utf8.is_empty()
        || (check && !outcome.changed.is_empty())
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
