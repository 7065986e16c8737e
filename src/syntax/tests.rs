//! Grammar tests on small inputs: what parses, into what, and what the errors say.

use super::ast::*;
use super::parse;
use crate::diagnostic::Sink;
use crate::source::FileId;

fn ok(src: &str) -> File {
    let mut sink = Sink::new();
    let file = parse(FileId(0), src, &mut sink);
    let messages: Vec<&str> = sink.iter().map(|d| d.message.as_str()).collect();
    assert!(sink.is_empty(), "unexpected: {messages:?}");
    file.unwrap_or_default()
}

fn err(src: &str) -> String {
    let mut sink = Sink::new();
    parse(FileId(0), src, &mut sink);
    assert!(!sink.is_empty(), "no syntax error in {src:?}");
    let d = sink
        .iter()
        .next()
        .map(|d| format!("{} | {}", d.message, d.help.clone().unwrap_or_default()));
    d.unwrap_or_default()
}

fn matter(file: &File) -> &Matter {
    match file.items.first() {
        Some(Item::Matter(m)) => m,
        other => panic!("not a matter: {other:?}"),
    }
}

#[test]
fn lexical_variants() {
    let src = "\u{feff}// 注释\r\n事项 甲 {\r\n\u{3000}名称：\"a\\\"b\\\\c\\nd\"\r\n  编码: \"1\"  // 行尾注释\r\n  服务对象 自然人、法人，非法人组织\r\n  办理形式 窗口,网上 快递\r\n  常见问题 { 问 “问题” 答 \"回答\" }\r\n}\r\n";
    let file = ok(src);
    let m = matter(&file);
    assert_eq!(m.id.text, "甲");
    let MatterField::Name(name) = &m.fields[0].value else {
        panic!()
    };
    assert_eq!(name.value, "a\"b\\c\nd");
    assert_eq!(name.escapes.len(), 3);
    let MatterField::Subjects(s) = &m.fields[2].value else {
        panic!()
    };
    assert_eq!(s.len(), 3);
    let MatterField::Channels(c) = &m.fields[3].value else {
        panic!()
    };
    assert_eq!(c.len(), 3);
    let MatterField::Faq(qa) = &m.fields[4].value else {
        panic!()
    };
    assert_eq!(qa[0].question.value, "问题");
}

#[test]
fn citations_with_chinese_and_ascii_numerals() {
    let file =
        ok("事项 甲 { 依据 { 《法甲》第一百零五条 第11条第二款第三项 第二十条之一\n 《法乙》 } }");
    let MatterField::Basis(cs) = &matter(&file).fields[0].value else {
        panic!()
    };
    assert_eq!(cs.len(), 2);
    assert_eq!(cs[0].title.text, "法甲");
    let a = &cs[0].articles;
    assert_eq!(a.len(), 3);
    assert_eq!(a[0].article.text, "一百零五");
    assert_eq!(a[1].article.text, "11");
    assert_eq!(a[1].paragraph.as_ref().map(|n| n.text.as_str()), Some("二"));
    assert_eq!(a[1].clause.as_ref().map(|n| n.text.as_str()), Some("三"));
    assert_eq!(a[2].insert.as_ref().map(|n| n.text.as_str()), Some("一"));
    assert!(cs[1].articles.is_empty());

    // Items are numbered （一）（二） in the law, and cited so.
    for written in ["第（三）项", "第(三)项"] {
        let file = ok(&format!("事项 甲 {{ 依据 《法甲》第九条第一款{written} }}"));
        let MatterField::Basis(cs) = &matter(&file).fields[0].value else {
            panic!()
        };
        let clause = cs[0].articles[0].clause.as_ref().map(|n| n.text.as_str());
        assert_eq!(clause, Some("三"), "{written}");
    }
}

#[test]
fn time_limits_and_visits() {
    let file = ok(
        "事项 甲 { 时限 { 法定 20 个工作日 承诺 即办 特别程序 \"公示\" 7 自然日 } 到现场 1次 \"核验\" }",
    );
    let m = matter(&file);
    let MatterField::Time(TimeLimit::Block(items)) = &m.fields[0].value else {
        panic!()
    };
    assert_eq!(items.len(), 3);
    let MatterField::Visits(v) = &m.fields[1].value else {
        panic!()
    };
    assert_eq!(v.count.value, Some(1));
    assert_eq!(v.reason.as_ref().map(|r| r.value.as_str()), Some("核验"));
    ok("事项 乙 { 时限 即办 收费 不收费 }");
}

#[test]
fn bundles_nest() {
    let file = ok("一件事 乙 { 名称 \"x\" 牵头 卫健委 流程 串联 { 甲 并联 { 丙 串联 { 丁 } } } }");
    let Some(Item::Bundle(b)) = file.items.first() else {
        panic!()
    };
    let BundleField::Flow(Flow::Serial { children, .. }) = &b.fields[2].value else {
        panic!()
    };
    assert_eq!(children.len(), 2);
    let Flow::Parallel {
        children: inner, ..
    } = &children[1]
    else {
        panic!()
    };
    assert!(matches!(&inner[1], Flow::Serial { .. }));
}

#[test]
fn keywords_do_not_swallow_identifiers() {
    // 名称栏 is not 名称 followed by 栏.
    assert!(err("事项 甲 { 名称栏 \"x\" }").contains("名称栏"));
    // A material may be called like a keyword.
    ok("事项 甲 { 材料 { 名称 { 名称 \"x\" } } }");
}

#[test]
fn errors_speak_domain_words() {
    assert!(err("事项 甲 { 名城 \"x\" }").contains("您是不是想写「名称」"));
    assert!(err("事项 甲 { 材料 { \"x\" } }").contains("材料名称"));
    assert!(err("事项 甲 { 名称 \"x\"").contains("}"));
    assert!(err("事项 甲 { 类型 }").contains("「类型」后面缺少取值"));
    assert!(err("事项 甲 ｛ }").contains("请改为「{」"));
    assert!(err("事项 甲 { 名称 \"a\\q\" }").contains("字符串"));
    assert!(
        err("事项 甲 { 依据 { 《法甲》第三 } }").contains("「条」")
            || err("事项 甲 { 依据 { 《法甲》第三 } }").contains("条款号")
    );
    // Numbers and units written as people write them on paper.
    let limit = |v: &str| err(&format!("事项 甲 {{ 时限 {{ 承诺 {v} }} }}"));
    assert!(
        limit("１５ 工作日").contains("半角数字「15」"),
        "{}",
        limit("１５ 工作日")
    );
    assert!(limit("十五 工作日").contains("改为「15」"));
    assert!(limit("15 天").contains("「天」没有说明怎样计算"));
    assert!(limit("15 日").contains("「工作日」或「自然日」"));
    assert!(limit("0.5 工作日").contains("整数天数"));
    assert!(err("事项 甲 { 材料 { a { 份数 二 } } }").contains("改为「2」"));
}
