//! Sentences the published documents say about analysis results. Analyses return data (an
//! enum saying why); the words a citizen reads are chosen here, once, for every output that
//! shows them (the bundle guide, the portal JSON, `banshi graph --format json`).

use crate::analysis::bundle::Why;
use crate::model::Acquisition;

/// Why a bundle does not ask for a material, as the guide says it.
pub fn not_required(why: &Why) -> String {
    match why {
        Why::Exempt(how) => how.explain().to_string(),
        // A shared 证照 is obtained exactly as a material declared 免提交 数据共享 is.
        Why::Shared => Acquisition::DataSharing.explain().to_string(),
        Why::Produced { by } => format!("由前一环节「{by}」的办理结果提供"),
    }
}

/// The figures of `banshi graph` serialize the reason as the sentence above, so that every
/// output states it in the same words.
impl serde::Serialize for Why {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&not_required(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_reason_has_its_sentence() {
        assert_eq!(
            not_required(&Why::Exempt(Acquisition::InternalCheck)),
            "由办理部门内部核查"
        );
        assert_eq!(not_required(&Why::Shared), "窗口通过数据共享获取");
        assert_eq!(
            not_required(&Why::Produced {
                by: "出生医学证明".into()
            }),
            "由前一环节「出生医学证明」的办理结果提供"
        );
        assert_eq!(
            serde_json::to_string(&Why::Shared).ok().as_deref(),
            Some("\"窗口通过数据共享获取\"")
        );
    }
}
