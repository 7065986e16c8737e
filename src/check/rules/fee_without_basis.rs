use crate::check::Context;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Fee, Matter};

declare_rule! {
    /// ## 检查内容
    /// 收费项目没有写收费依据（`依据 《…》第…条`）。
    ///
    /// ## 为什么有问题
    /// 行政机关收费必须有法律、法规或经批准的收费标准作依据，并向社会公开；
    /// 没有依据的收费就是乱收费，办事指南必须同时列明收费标准和依据。
    ///
    /// ## 示例
    /// ```banshi
    /// 收费 {
    ///   工本费 { 名称 "居民身份证工本费" 标准 "20元/证" }
    /// }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 收费 {
    ///   工本费 {
    ///     名称 "居民身份证工本费"
    ///     标准 "20元/证"
    ///     依据 《中华人民共和国居民身份证法》第二十一条
    ///   }
    /// }
    /// ```
    ///
    /// ## 依据
    /// 《中华人民共和国行政许可法》第五十八条；衡水市《市县两级公共服务中心标准化工作规范》
    /// “规范收费”：按照公布的法定项目和标准收费。
    pub static FEE_WITHOUT_BASIS = {
        code: "E132",
        name: "fee-without-basis",
        severity: Error,
        summary: "收费项目没有收费依据",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let Some(Fee::Items(_, items)) = &m.fee else {
        return;
    };
    for item in items.iter().filter(|i| i.basis.is_none()) {
        let name = item
            .name
            .as_ref()
            .map_or(item.id.text.as_str(), |n| n.value.as_str());
        sink.push(
            Diagnostic::new(
                &FEE_WITHOUT_BASIS,
                item.id.span,
                format!("收费项目「{name}」没有收费依据"),
            )
            .label("缺少依据")
            .help("在收费项目中写明「依据 《法规名称》第…条」；没有依据的项目不得收费"),
        );
    }
}
