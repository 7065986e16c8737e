//! Published targets and reference figures the report sets beside the catalog's own figures.
//! One table, with the source of each figure.

/// A published target or reference figure.
#[derive(Clone, Copy, Debug, serde::Serialize)]
pub struct Target {
    /// Stable key used in JSON.
    pub key: &'static str,
    /// Chinese description for the human report.
    pub label: &'static str,
    pub value: f64,
    /// Where the figure comes from.
    pub source: &'static str,
}

/// 零跑动 ≥ 10% of matters (seed 003, 梅河口市政务中心).
pub const ZERO_VISIT: Target = Target {
    key: "zero_visit_share_min",
    label: "零跑动事项占比 ≥ 10%",
    value: 0.10,
    source: "吉林省梅河口市政务中心案例：网上服务“零跑动”事项达到项目总数的10%以上",
};

/// 一次跑动 ≥ 50% of matters (seed 003).
pub const AT_MOST_ONE_VISIT: Target = Target {
    key: "at_most_one_visit_share_min",
    label: "最多跑一次事项占比 ≥ 50%",
    value: 0.50,
    source: "吉林省梅河口市政务中心案例：“一次性跑动”办理事项达到项目总数的50%以上",
};

/// Ordinary matters done within 7 (working) days (seed 004, 海北州).
pub const ORDINARY_DAYS: Target = Target {
    key: "ordinary_promised_days_max",
    label: "一般事项承诺时限 ≤ 7 个工作日",
    value: 7.0,
    source: "海北州“一网、一门、一次”改革窗口调整方案：一般事项7天、复杂事项1个月内办结",
};

/// 梅河口: average approval time cut from 20.2 to 6.9 working days (seed 003).
pub const MEIHEKOU_BEFORE: f64 = 20.2;
pub const MEIHEKOU_AFTER: f64 = 6.9;
pub const MEIHEKOU_SOURCE: &str =
    "吉林省梅河口市政务中心案例：审批时限由平均20.2个工作日减少到6.9个工作日";

/// 梅河口's reduction as a share of the original time (≈ 65.8%).
pub fn meihekou_reduction() -> f64 {
    (MEIHEKOU_BEFORE - MEIHEKOU_AFTER) / MEIHEKOU_BEFORE
}
