//! Property tests of the formatter on random valid catalogs: whatever the layout (colons or
//! not, full-width blanks, CRLF, comments, Chinese or ASCII quotes, escapes, numerals written
//! either way, separators in value lists, field order), `fmt` accepts the file, is idempotent,
//! and the checked meaning (published documents and findings) of the formatted catalog equals
//! the original's. The constructs of language Part two (待核, 办理情形, 任选, 办理流程, 受理机构 and
//! 决定机构, 法定 无, 延长, 金额 and 减免, 有效期 and 送达, 告知承诺, repeated 地点, 后补时限) are drawn
//! too, each in some of the cases.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use proptest::prelude::*;

use common::random::*;

/// What `spec` means as the only file of a catalog over the fixture registries.
fn meaning(spec: &str) -> (Vec<String>, Vec<(String, String)>) {
    let dir = common::catalog("ok_complete_matter");
    std::fs::remove_file(dir.path().join("input.banshi")).expect("remove");
    std::fs::write(dir.path().join("random.banshi"), spec).expect("write");
    common::meaning(dir.path())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_catalogs_round_trip_through_the_formatter(
        matters in prop::collection::vec(matter(), 1..4),
        style in style(),
    ) {
        let spec = render(&matters, &style);
        let formatted = banshi::syntax::fmt::format(&spec);
        prop_assert!(formatted.is_some(), "fmt refused a valid file:\n{spec}");
        let formatted = formatted.unwrap_or_default();
        let twice = banshi::syntax::fmt::format(&formatted);
        prop_assert_eq!(twice.as_deref(), Some(formatted.as_str()), "not idempotent");
        let before = meaning(&spec);
        prop_assert!(
            before.1.iter().all(|(rule, _)| rule != "syntax-error"),
            "the generator wrote an invalid file: {:?}\n{}", before.1, spec
        );
        prop_assert_eq!(before, meaning(&formatted), "meaning changed:\n{}\n---\n{}", spec, formatted);
    }
}

/// The generator really writes every Part two construct, validly: a matter with all of them
/// parses without a syntax error, and the formatted file still contains each keyword.
#[test]
fn the_generator_writes_every_part_two_construct() {
    let m = Matter {
        name: "城乡居民最低生活保障申请".into(),
        articles: vec![9, 11],
        conditions: vec![("申请人家庭经济困难".into(), true)],
        materials: Vec::new(),
        legal: 30,
        promised: 20,
        visits: 1,
        online: true,
        swap_fields: false,
        part_two: PartTwo {
            unverified_location: Some(Some("窗口地址待确认".into())),
            two_windows: false,
            group: true,
            steps: vec![(5, true), (7, false), (3, true)],
            bodies: true,
            no_legal: true,
            extension: Some(15),
            fee: Some((12, 5)),
            validity: Some(1),
            commitment: Some("事后核查".into()),
            variant: Some(("首次申请".into(), "授权书".into(), Some(3))),
        },
    };
    let style = Style {
        crlf: false,
        colon: "",
        gap: " ",
        indent: "  ",
        comments: false,
        chinese_quotes: false,
        ascii_articles: false,
        ge: false,
        list_sep: " ",
    };
    let spec = render(&[m], &style);
    let (_, findings) = meaning(&spec);
    assert!(
        findings.iter().all(|(rule, _)| rule != "syntax-error"),
        "{findings:?}\n{spec}"
    );
    let formatted = banshi::syntax::fmt::format(&spec).expect("formats");
    for keyword in [
        "待核",
        "任选",
        "后补时限",
        "办理流程",
        "不计入时限",
        "受理机构",
        "决定机构",
        "法定 无",
        "延长",
        "金额",
        "减免",
        "有效期",
        "送达",
        "告知承诺",
        "办理情形",
    ] {
        assert!(formatted.contains(keyword), "{keyword}");
    }
}
