use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;

declare_rule! {
    /// ## 检查内容
    /// 材料的 `样表` 路径与 `banshi build` 生成的文件或文件夹重名：目录根下的 `index.html`、
    /// `.banshi-output`，或位于生成的文件夹 `assets/`、`booklets/`、`bundles/`、`checklists/`、
    /// `guides/`、`portal/` 之中（不区分英文字母大小写）。
    ///
    /// ## 为什么有问题
    /// 发布时样表按原路径复制到网站中供群众下载。与生成的文件重名的样表会顶替网站的首页、
    /// 办事指南或门户数据：群众看到的不再是 banshi 按事项描述生成的内容，而是目录中的某个
    /// 文件——可能是过时的，也可能是有人故意放进来的。
    ///
    /// ## 示例
    /// ```banshi
    /// 样表 "index.html"
    /// 样表 "guides/低保申请书.docx"
    /// ```
    ///
    /// ## 改为
    /// 把样表放在自己的文件夹中，例如 `forms/`：
    /// ```banshi
    /// 样表 "forms/低保申请书.docx"
    /// ```
    ///
    /// ## 依据
    /// banshi 发布目录的结构（README「Publishing」）：这些文件和文件夹由 banshi 生成，每次构建
    /// 整体替换。
    pub static SAMPLE_COLLIDES_WITH_OUTPUT = {
        code: "E107",
        name: "sample-collides-with-output",
        severity: Error,
        summary: "样表路径与生成的文件重名",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    for material in &m.materials {
        let Some(sample) = &material.sample else {
            continue;
        };
        let Some(generated) = crate::layout::claimed(&sample.value) else {
            continue;
        };
        let what = if crate::layout::FOLDERS.contains(&generated) {
            format!("落在生成的文件夹「{generated}/」中")
        } else {
            format!("与生成的文件「{generated}」重名")
        };
        sink.push(
            Diagnostic::new(
                &SAMPLE_COLLIDES_WITH_OUTPUT,
                sample.span,
                format!("样表路径「{}」{what}，发布时会顶替网站的内容", sample.value),
            )
            .label("与生成的内容重名")
            .help("把样表放在自己的文件夹中，例如 \"forms/低保申请书.docx\""),
        );
    }
}
