use crate::check::Context;
use crate::check::vague::Detector;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::Matter;
use crate::source::Text;

declare_rule! {
    /// ## 检查内容
    /// 受理条件、材料名称和材料情形中出现模糊的兜底用语：等、等等、之类、包括但不限于（开放式列举），
    /// 其他、其它（兜底），有关、相关（指代不明），若干（数量不明），必要的、必要时、如有必要（条件不明）。
    ///
    /// 不会误报：词语中的字（等级、平等、一等奖、不等、息息相关），法律术语（法人或者其他组织、
    /// 其他行政权力、其他共有人），写明项数的封闭列举（等3项、等五个部门），否定句
    /// （无需提交其他材料、不得收取其他费用），以及《》内的文件标题。
    /// 会发现：看似普通词语的开放式列举，例如「购房合同等」「身份核对等」。
    ///
    /// ## 为什么有问题
    /// 兜底用语让窗口人员可以随意要求“其他材料”，同一事项因人、因时、因地得到不同结果，
    /// 申请人也无法一次备齐材料，“一次性告知”落空。
    ///
    /// ## 示例
    /// ```banshi
    /// 受理条件 { "能够提供房屋产权证明、租赁合同等居住证明" }
    /// 材料 { 其他 { 名称 "其他相关材料" … } }
    /// ```
    ///
    /// ## 改为
    /// ```banshi
    /// 受理条件 { "能够提供房屋产权证明或房屋租赁合同之一作为居住证明" }
    /// ```
    /// 逐项列出全部材料，删除兜底项；确需概括时写明项数（「等3项」）；
    /// 法定兜底条件应引用其条款（`依据 《…》第…条`）。
    ///
    /// ## 依据
    /// 衡水市《市县两级公共服务中心标准化工作规范》二(三)：服务条件及所需资料应当依据充分、
    /// 表述清晰、明确，不得出现“等”“其他”字样；北京、河南、广东、上海《优化营商环境条例》
    /// 禁止“其他”“有关”等模糊性兜底要求。
    pub static VAGUE_WORDING = {
        code: "E150",
        name: "vague-wording",
        severity: Error,
        summary: "受理条件或材料中使用了模糊兜底用语",
    };
}

pub fn check(_cx: &Context, m: &Matter, sink: &mut Sink) {
    let detector = Detector::get();
    for condition in &m.conditions {
        scan(detector, &condition.text, "受理条件", sink);
    }
    for material in &m.materials {
        if let Some(name) = &material.name {
            scan(detector, name, "材料名称", sink);
        }
        if let Some(situation) = &material.situation {
            scan(detector, situation, "材料情形", sink);
        }
    }
}

fn scan(detector: &Detector, text: &Text, place: &str, sink: &mut Sink) {
    for f in detector.find(&text.value) {
        let word = &text.value[f.start..f.end];
        sink.push(
            Diagnostic::new(
                &VAGUE_WORDING,
                text.span_of(f.start..f.end),
                format!("{place}中使用了模糊兜底用语「{word}」"),
            )
            .label(f.trigger.kind.describe())
            .help(f.trigger.fix.clone()),
        );
    }
}
