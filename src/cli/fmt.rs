//! `banshi fmt [PATHS] [--check] [--encoding gb18030]`. With `--encoding gb18030`, files saved
//! as GBK/GB18030 are read as such and written back as UTF-8: formatting them is also the
//! conversion the `invalid-encoding` finding asks for.

use super::SourceEncoding;
use crate::load::{Encoding, Fetched, MAX_FILE_BYTES, fetch_path};
use crate::syntax::fmt::format;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct FmtArgs {
    /// 要格式化的文件或文件夹
    #[arg(default_value = "catalogs")]
    pub paths: Vec<PathBuf>,
    /// 只列出需要格式化的文件，不修改；有则以 1 退出
    #[arg(long)]
    pub check: bool,
    /// 文件编码：utf-8（默认），或 gb18030——不是 UTF-8 的文件按 GB18030 读取，格式化后存为 UTF-8
    #[arg(long, value_enum, default_value_t = SourceEncoding::Utf8)]
    pub encoding: SourceEncoding,
}

/// The `.banshi` files named by `paths` (folders are searched), sorted, and the entries that
/// are not formatted and must be named: links, pipes and devices found in a folder (writing
/// would replace a link with a file; `check` names them too), and a named file that is not a
/// regular `.banshi` file — `fmt` writes only the spec files it was given or found.
/// An entry named and not formatted, with why.
type Refused = (PathBuf, String);

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

pub fn run(paths: &[PathBuf], check: bool, encoding: Encoding) -> ExitCode {
    let (files, refused) = match files(paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("banshi: {e}");
            return ExitCode::from(2);
        }
    };
    for (path, why) in &refused {
        eprintln!("banshi: 「{}」{why}", crate::escape::path(path));
    }
    let (mut changed, mut unparsable, mut failed) = (Vec::new(), Vec::new(), !refused.is_empty());
    let mut not_utf8 = Vec::new();
    for path in &files {
        // A file read as GB18030 changes even when its layout does not: it is saved as UTF-8.
        let (src, converted) = match fetch_path(path, &path.display().to_string(), encoding) {
            Fetched::Text(text) => (text, false),
            Fetched::Converted(text) => (text, true),
            Fetched::NotUtf8 { at, gb18030, .. } => {
                not_utf8.push((path, at, gb18030));
                continue;
            }
            Fetched::TooLarge(_) => {
                eprintln!(
                    "banshi: 「{}」大于 {} MiB，未格式化（banshi check 报告 file-too-large）",
                    crate::escape::path(path),
                    MAX_FILE_BYTES >> 20
                );
                failed = true;
                continue;
            }
            Fetched::Failed(f) => {
                eprintln!(
                    "banshi: 无法读取「{}」：{}",
                    crate::escape::terminal(&f.path),
                    crate::escape::terminal(&f.message)
                );
                failed = true;
                continue;
            }
            Fetched::Missing => {
                eprintln!(
                    "banshi: 无法读取「{}」：文件已不存在",
                    crate::escape::path(path)
                );
                failed = true;
                continue;
            }
        };
        let Some(formatted) = format(&src) else {
            unparsable.push(path);
            continue;
        };
        if !converted && formatted == src {
            continue;
        }
        if !check && let Err(e) = replace(path, &formatted) {
            eprintln!("banshi: 无法写入「{}」：{e}", crate::escape::path(path));
            failed = true;
            continue;
        }
        changed.push(path);
    }
    for path in &changed {
        if check {
            println!("需要格式化：{}", crate::escape::path(path));
        } else {
            println!("已格式化：{}", crate::escape::path(path));
        }
    }
    for (path, at, gb18030) in &not_utf8 {
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
    for path in &unparsable {
        eprintln!(
            "banshi: 「{}」有语法错误，未格式化；运行 banshi check 查看",
            crate::escape::path(path)
        );
    }
    let summary = if check {
        format!("{} 个文件中有 {} 个需要格式化", files.len(), changed.len())
    } else {
        format!("{} 个文件中格式化了 {} 个", files.len(), changed.len())
    };
    println!("{summary}");
    if failed {
        ExitCode::from(2)
    } else if !unparsable.is_empty() || !not_utf8.is_empty() || (check && !changed.is_empty()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
