use crate::check::Context;
use crate::check::vague::Detector;
use crate::declare_rule;
use crate::diagnostic::{Diagnostic, Sink};
use crate::model::{Citation, Matter};
use crate::source::Text;

declare_rule! {
    /// ## 检查内容
    /// 受理条件、材料名称和材料情形中出现模糊的兜底用语：等、等等、之类、包括但不限于（开放式列举），
    /// 其他、其它（兜底），有关、相关（指代不明），若干、没有写明数额的相应（「有相应的资金」，数量不明），
    /// 必要的、必要时、如有必要（条件不明）。相邻的几个用语（「其他相关」「有关部门等」）算一处，只报一次。
    ///
    /// 不会误报：词语中的字（等级、平等、一等奖、不等、息息相关），法律术语（法人或者其他组织、
    /// 其他行政权力、其他职权、其他共有人、委托其他人），固定的法律用语（承担相关法律责任、
    /// 依法承担相应法律责任、隐瞒有关情况），紧跟条款的「第…条相关规定」，写明所对应对象的
    /// 「与经营规模相适应的」，写明项数的封闭列举（等3项、等五个部门），否定句
    /// （无需提交其他材料、不得收取其他费用、未参加职工医保或其他医疗保障制度），以及《》内的文件标题。
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
    /// 逐项列出全部材料，删除兜底项；确需概括时写明项数（「等3项」）。
    /// 照录法规兜底条款的（其他、其它），在该条件或材料后写明条款（`依据 《…》第…条`）：
    /// 本规则不再报错，改由 statutory-catch-all（W151）报为警告，提示逐项写出该条款对应的条件。
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
    for Place { text, place, cited } in places(m) {
        for f in detector.find(&text.value) {
            // A catch-all in an item that cites its own article is the statute's wording, reported
            // as a warning by statutory-catch-all (W151), as the help below promises.
            if cited && f.catch_all {
                continue;
            }
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
}

/// A text the vague-wording rules read: a condition, a material's name or its 情形.
pub(crate) struct Place<'m> {
    pub text: &'m Text,
    /// Where it is, for the message (受理条件, 材料名称, 材料情形).
    pub place: &'static str,
    /// Whether the condition or material cites an article of its own (`依据 《…》第…条`).
    pub cited: bool,
}

/// Every text of a matter the vague-wording rules read, in source order.
pub(crate) fn places(m: &Matter) -> impl Iterator<Item = Place<'_>> {
    let cites = |basis: Option<&Citation>| basis.is_some_and(|c| !c.articles.is_empty());
    let conditions = m.conditions.iter().map(move |c| Place {
        text: &c.text,
        place: "受理条件",
        cited: cites(c.basis.as_ref()),
    });
    let materials = m.materials.iter().flat_map(move |mat| {
        let cited = cites(mat.basis.as_deref());
        let name = mat.name.as_ref().map(|text| Place {
            text,
            place: "材料名称",
            cited,
        });
        let situation = mat.situation.as_deref().map(|text| Place {
            text,
            place: "材料情形",
            cited,
        });
        name.into_iter().chain(situation)
    });
    conditions.chain(materials)
}
