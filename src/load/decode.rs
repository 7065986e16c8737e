//! Bytes → text: UTF-8 as the language requires, GB18030 when asked for, and the finding for
//! a file that is neither.

use super::fetch::Fetched;
use crate::declare_rule;
use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Span};

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
    /// 语言参考 docs/language.md 第 2 节：文件为 UTF-8 编码。
    pub static INVALID_ENCODING = {
        code: "E004",
        name: "invalid-encoding",
        severity: Error,
        summary: "文件不是 UTF-8 编码",
    };
}

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

/// Bytes read into a vector of their own → text in `encoding`. Valid UTF-8 becomes the text
/// where it lies: for a file of tens of megabytes a copy into fresh pages costs more than std's
/// slower validation.
pub(super) fn decode_owned(bytes: Vec<u8>, encoding: Encoding) -> Fetched {
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
