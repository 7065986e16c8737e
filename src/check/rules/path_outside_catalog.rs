use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::load::Outside;
use crate::model::Matter;
use crate::source::{FileId, Span};
use std::path::Path;

declare_rule! {
    /// ## 检查内容
    /// 事项描述中的路径（材料的 `样表`）以及 `banshi.yaml` 中登记表的路径指向事项目录之外：
    /// 绝对路径（`/…`、`C:\…`）、用 `..` 跳出目录根的路径，或经符号链接通往目录之外的路径；
    /// 目录中的 `.banshi` 文件本身是指向目录之外的符号链接时也一样（不读取）。
    ///
    /// ## 为什么有问题
    /// 生成办事指南时，banshi 会把样表复制到发布目录供群众下载。指向目录之外的路径在别的
    /// 电脑上不存在，发布出去就是死链接；更严重的是，它可能把服务器上与事项无关的文件
    /// （甚至密码文件）当作样表公开发布。事项目录应当自成一体，换一台电脑也能原样检查和发布。
    ///
    /// ## 示例
    /// ```banshi
    /// 样表 "../../共享盘/表格/低保申请书.docx"
    /// 样表 "D:\\表格\\低保申请书.docx"
    /// ```
    ///
    /// ## 改为
    /// 把样表文件复制到事项目录中（如 `forms/` 文件夹），写相对于目录根的路径：
    /// ```banshi
    /// 样表 "forms/低保申请书.docx"
    /// ```
    ///
    /// ## 依据
    /// 语言参考 docs/language.md：样表为「相对于目录根的路径」；国务院办公厅关于全面实行政务服务事项
    /// 办事指南标准化的要求：空白表格与示范文本随指南一并公开，须可下载。
    pub static PATH_OUTSIDE_CATALOG = {
        code: "E106",
        name: "path-outside-catalog",
        severity: Error,
        summary: "路径指向事项目录之外",
    };
}

pub fn check(cx: &Context, m: &Matter, sink: &mut Sink) {
    for material in &m.materials {
        if let Some(sample) = &material.sample
            && let Some(why) = cx.paths.outside(&sample.value)
        {
            sink.push(diagnostic(sample.span, "样表", &sample.value, why));
        }
    }
}

/// The finding for `path`, written at `span` as the value of `what`.
pub fn diagnostic(span: Span, what: &str, path: &str, why: &Outside) -> Diagnostic {
    let (label, reason) = match why {
        Outside::Absolute => ("绝对路径".to_string(), "是绝对路径".to_string()),
        Outside::Parent => (
            "「..」跳出了目录根".to_string(),
            "用「..」跳出了事项目录".to_string(),
        ),
        Outside::Link(target) => (
            "经符号链接通往目录之外".to_string(),
            format!("经符号链接指向目录之外的 {}", target.display()),
        ),
    };
    Diagnostic::new(
        &PATH_OUTSIDE_CATALOG,
        span,
        format!("{what}路径「{path}」{reason}"),
    )
    .label(label)
    .help("把文件放进事项目录（如 forms/ 文件夹），写相对于目录根的路径，如 \"forms/低保申请书.docx\"")
}

/// The finding for a `.banshi` entry of the catalog that is itself a link to `target` outside
/// it (reported on the file; nothing is read through the link).
pub fn linked_spec(file: FileId, rel: &str, target: &Path) -> Diagnostic {
    Diagnostic::new(
        &PATH_OUTSIDE_CATALOG,
        Span::new(file, 0..0),
        format!(
            "事项描述文件「{rel}」是指向目录之外的 {} 的符号链接，未读取",
            target.display()
        ),
    )
    .label("经符号链接通往目录之外")
    .help("把文件本身复制到事项目录中，不要用符号链接；目录应当自成一体，换一台电脑也能原样检查和发布")
}
