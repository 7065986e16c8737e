//! The workbook exchange: `export xlsx` then `import xlsx` means what the catalog means (the
//! shipped catalog, the fixture catalogs, random ones); the exported workbook has the layout
//! it promises; the hand-made county workbook imports as its cells say, no more; and the
//! commands refuse what they must refuse without touching anything.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use banshi::interchange::{export, import, read};
use proptest::prelude::*;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn checked(dir: &Path) -> banshi::driver::Checked {
    let options = banshi::driver::Options {
        today: Some(common::TODAY.parse().expect("date")),
        ..Default::default()
    };
    banshi::driver::check(dir, &options).expect("check")
}

fn export_bytes(dir: &Path) -> Vec<u8> {
    export::workbook(&checked(dir)).expect("export")
}

/// A new folder holding `files` (catalog-relative paths).
fn write_catalog(files: &[(String, String)]) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("tempdir");
    for (rel, text) in files {
        let path = tmp.path().join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    tmp
}

/// Writes the catalog `bytes` import into a new folder; 样表 files (not part of a workbook)
/// are copied over from `samples_from`.
fn import_into(bytes: &[u8], samples_from: Option<&Path>) -> (tempfile::TempDir, import::Report) {
    let tables = read::tables(bytes).expect("tables");
    let imported = import::import(
        &tables,
        &import::Mapping::default(),
        &import::Given::default(),
    )
    .expect("import");
    let tmp = write_catalog(&imported.files);
    if let Some(from) = samples_from
        && from.join("forms").is_dir()
    {
        std::fs::create_dir_all(tmp.path().join("forms")).unwrap();
        common::copy_dir(&from.join("forms"), &tmp.path().join("forms"));
    }
    (tmp, imported.report)
}

fn assert_round_trip(dir: &Path) {
    let (back, report) = import_into(&export_bytes(dir), Some(dir));
    assert!(report.own_layout);
    assert_eq!(report.totals.unverified, 0, "{:#?}", report.matters);
    assert_eq!(report.totals.empty, 0);
    let (before, after) = (common::meaning(dir), common::meaning(back.path()));
    assert_eq!(before.1, after.1, "findings changed");
    assert_eq!(before.0.len(), after.0.len());
    for (a, b) in before.0.iter().zip(&after.0) {
        assert_eq!(a, b, "published document changed");
    }
}

#[test]
fn the_shipped_catalog_round_trips() {
    assert_round_trip(&root().join("catalogs"));
}

#[test]
fn the_part_two_and_bundle_catalogs_round_trip() {
    assert_round_trip(&root().join("tests/part_two_catalog"));
    assert_round_trip(&root().join("tests/bundle_catalog"));
}

#[test]
fn export_is_deterministic() {
    let dir = root().join("tests/part_two_catalog");
    assert_eq!(export_bytes(&dir), export_bytes(&dir));
}

/// The committed workbook is what export writes for the part-two catalog, cell for cell; it
/// imports back to that catalog's meaning. Regenerate it with
/// `cargo run -- export xlsx tests/part_two_catalog --out tests/workbooks/导出示例.xlsx --force`
/// when the layout changes on purpose.
#[test]
fn the_committed_export_matches_the_exporter() {
    let dir = root().join("tests/part_two_catalog");
    let committed = std::fs::read(root().join("tests/workbooks/导出示例.xlsx")).unwrap();
    let cells = |bytes: &[u8]| -> Vec<(String, Vec<Vec<String>>)> {
        read::tables(bytes)
            .unwrap()
            .into_iter()
            .map(|t| {
                let rows = t
                    .rows
                    .into_iter()
                    .map(|r| r.into_iter().map(|c| c.text).collect())
                    .collect();
                (t.name, rows)
            })
            .collect()
    };
    assert_eq!(cells(&committed), cells(&export_bytes(&dir)));
    let (back, _) = import_into(&committed, Some(&dir));
    assert_eq!(common::meaning(&dir), common::meaning(back.path()));
}

fn zipped(bytes: &[u8], name: &str) -> String {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn the_exported_workbook_is_laid_out_for_people() {
    let bytes = export_bytes(&root().join("catalogs"));
    let book = zipped(&bytes, "xl/workbook.xml");
    for sheet in ["事项", "材料", "一件事", "部门", "法规", "证照", "目录"] {
        assert!(book.contains(&format!("name=\"{sheet}\"")), "sheet {sheet}");
    }
    let matters = zipped(&bytes, "xl/worksheets/sheet1.xml");
    // Header row and the id and name columns frozen.
    assert!(
        matters.contains(r#"<pane xSplit="2" ySplit="1""#),
        "{}",
        &matters[..600]
    );
    assert!(matters.contains(r#"state="frozen""#));
    // Column widths set, not Excel's default.
    assert!(
        matters.contains("<col min=\"2\" max=\"2\" width=\"28"),
        "widths"
    );
    // Drop-down lists for the enumerated columns, as warnings so 待核 stays typeable.
    assert!(matters.contains("<dataValidation type=\"list\" errorStyle=\"warning\""));
    assert!(matters.contains("行政许可,行政处罚"), "kind list");
    let materials = zipped(&bytes, "xl/worksheets/sheet2.xml");
    assert!(materials.contains("原件,复印件,原件和复印件"));
    assert!(zipped(&bytes, "xl/styles.xml").contains("wrapText=\"1\""));
    // A 基本编码 is text, so its leading zeros stay.
    let tables = read::tables(&bytes).unwrap();
    let code = &tables[0].rows[1][2];
    assert!(code.text.starts_with("00") && !code.number, "{code:?}");
}

#[test]
fn cells_are_written_in_the_plainest_words_that_read_back() {
    let bytes = export_bytes(&root().join("catalogs"));
    let tables = read::tables(&bytes).unwrap();
    let header = &tables[0].rows[0];
    let col = |name: &str| header.iter().position(|c| c.text == name).unwrap();
    let row = tables[0]
        .rows
        .iter()
        .find(|r| r[0].text == "失业保险金申领")
        .unwrap();
    assert_eq!(row[col("法定办结时限")].text, "10个工作日");
    assert_eq!(row[col("到现场次数")].text, "0次");
    assert_eq!(row[col("办理形式")].text, "网上、窗口");
    assert!(row[col("受理条件")].text.starts_with("1. 失业前用人单位"));
    assert!(!row[col("办理地点")].text.starts_with('"'));
}

// ------------------------------------------------------------------------------------------
// The hand-made county workbook
// ------------------------------------------------------------------------------------------

fn messy() -> (tempfile::TempDir, import::Report) {
    let tables = read::workbook(&root().join("tests/workbooks/县级实施清单.xlsx")).unwrap();
    let given = import::Given {
        name: Some("常州市天宁区政务服务事项目录".into()),
        region: Some("320402".into()),
    };
    let imported = import::import(&tables, &import::Mapping::default(), &given).unwrap();
    (write_catalog(&imported.files), imported.report)
}

fn spec(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

#[test]
fn the_county_workbook_imports_as_its_cells_say() {
    let (dir, report) = messy();
    let d = dir.path();
    assert!(!report.own_layout);
    assert_eq!(
        report.header_row, 2,
        "the title row above the header is skipped"
    );
    assert_eq!(report.totals.matters, 6);
    // The department cell merged beside three matters belongs to each of them.
    for m in [
        "最低生活保障申请",
        "临时救助申请",
        "困难残疾人生活补贴和重度残疾人护理补贴",
    ] {
        assert!(
            spec(d, &format!("民政局/{m}.banshi")).contains("实施主体 民政局"),
            "{m}"
        );
    }
    let dibao = spec(d, "民政局/最低生活保障申请.banshi");
    assert!(
        dibao.contains("《社会救助暂行办法》第九条 第十一条"),
        "{dibao}"
    );
    assert!(
        dibao.contains("承诺 15 工作日"),
        "full-width digits: {dibao}"
    );
    assert!(dibao.contains("名称 \"申请人居民身份证\"\n      形式 原件和复印件\n      份数 1"));
    // 「等」 is kept as written, for check to report.
    assert!(dibao.contains("户口簿等户籍证明材料"));
    let linshi = spec(d, "民政局/临时救助申请.banshi");
    assert!(
        linshi.contains("编码 待核 \"单元格以数字 505013000 存储"),
        "{linshi}"
    );
    assert!(linshi.contains("法定 待核 \"工作簿原文：受理后尽快办理\""));
    assert!(linshi.contains("承诺 5 自然日"));
    assert!(linshi.contains("服务对象 自然人"), "个人 is read as 自然人");
    // A basis without 《》 is not a citation; 依据 cannot be unknown, so check says so.
    let canji = spec(d, "民政局/困难残疾人生活补贴和重度残疾人护理补贴.banshi");
    assert!(
        canji.contains("依据 待核 \"工作簿原文：国务院关于"),
        "{canji}"
    );
    assert!(canji.contains("办件类型 待核 \"单元格为空\""));
    // A licence's 「20日」 counts working days.
    let food = spec(d, "市场监督管理局/食品经营许可.banshi");
    assert!(food.contains("法定 20 工作日"), "{food}");
    assert!(food.contains("服务对象 待核 \"工作簿原文：企业法人、个体工商户\""));
    let zhujian = spec(d, "住房和城乡建设局/公共租赁住房申请.banshi");
    assert!(zhujian.contains("法定 待核 \"工作簿原文：材料齐全后20个工作日内\""));
    let laws = spec(d, "registry/laws.yaml");
    assert!(laws.contains("- id: \"社会救助暂行办法\"") && !laws.contains("rank"));
    let depts = spec(d, "registry/departments.yaml");
    assert!(
        depts.contains("- id: \"民政局\"\n  name: \"常州市天宁区民政局\""),
        "{depts}"
    );

    let findings = common::meaning(d).1;
    let has =
        |rule: &str, words: &str| findings.iter().any(|(r, m)| r == rule && m.contains(words));
    assert!(has("vague-wording", "等"));
    assert!(has("invalid-value", "依据"), "{findings:#?}");
    assert!(has("invalid-registry", "rank"));
    assert!(has("unverified-fact", "编码"));
}

#[test]
fn the_county_import_report() {
    let (dir, report) = messy();
    let findings = checked(dir.path()).diagnostics;
    let md = banshi::cli::render::import::markdown("县级实施清单.xlsx", &report, &findings);
    insta::assert_snapshot!(md);
}

// ------------------------------------------------------------------------------------------
// Random catalogs
// ------------------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_catalogs_round_trip_through_a_workbook(
        matters in prop::collection::vec(common::random::matter(), 1..4),
        style in common::random::style(),
    ) {
        let spec = common::random::render(&matters, &style);
        let dir = common::catalog("ok_complete_matter");
        std::fs::remove_file(dir.path().join("input.banshi")).unwrap();
        std::fs::write(dir.path().join("random.banshi"), &spec).unwrap();
        let before = common::meaning(dir.path());
        prop_assume!(before.1.iter().all(|(rule, _)| rule != "syntax-error"));
        let (back, _) = import_into(&export_bytes(dir.path()), Some(dir.path()));
        prop_assert_eq!(before, common::meaning(back.path()), "spec:\n{}", spec);
    }
}

// ------------------------------------------------------------------------------------------
// The commands
// ------------------------------------------------------------------------------------------

fn banshi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_banshi"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run banshi")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn import_writes_a_checked_catalog_and_its_report() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("目录");
    let wb = root().join("tests/workbooks/县级实施清单.xlsx");
    let o = banshi(&[
        "import",
        "xlsx",
        s(&wb),
        "--out",
        s(&out),
        "--name",
        "天宁区目录",
        "--region",
        "320402",
        "--format",
        "json",
    ]);
    // The workbook's gaps are errors of the new catalog: exit 1, as check would.
    common::assert_exit(&o, 1);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["totals"]["matters"], 6);
    assert!(out.join("import-report.md").is_file());
    assert!(out.join("民政局/最低生活保障申请.banshi").is_file());
    // Not over a catalog that is there.
    let before = std::fs::read_to_string(out.join("banshi.yaml")).unwrap();
    let again = banshi(&[
        "import",
        "xlsx",
        s(&wb),
        "--out",
        s(&out),
        "--name",
        "x",
        "--region",
        "320402",
    ]);
    common::assert_exit(&again, 2);
    assert!(
        stderr(&again).contains("不是空文件夹"),
        "{}",
        stderr(&again)
    );
    assert_eq!(
        std::fs::read_to_string(out.join("banshi.yaml")).unwrap(),
        before
    );
}

#[test]
fn import_refuses_without_writing_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("新目录");
    let wb = root().join("tests/workbooks/县级实施清单.xlsx");
    // A county list names neither the catalog nor its region.
    let o = banshi(&["import", "xlsx", s(&wb), "--out", s(&out)]);
    common::assert_exit(&o, 2);
    assert!(stderr(&o).contains("--name"), "{}", stderr(&o));
    let text = tmp.path().join("清单.xlsx");
    std::fs::write(&text, "事项名称,基本编码\n").unwrap();
    let o = banshi(&[
        "import",
        "xlsx",
        s(&text),
        "--out",
        s(&out),
        "--name",
        "x",
        "--region",
        "320402",
    ]);
    common::assert_exit(&o, 2);
    assert!(stderr(&o).contains("不是 .xlsx 工作簿"), "{}", stderr(&o));
    let xls = tmp.path().join("旧.xls");
    std::fs::write(&xls, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]).unwrap();
    let o = banshi(&[
        "import",
        "xlsx",
        s(&xls),
        "--out",
        s(&out),
        "--name",
        "x",
        "--region",
        "320402",
    ]);
    common::assert_exit(&o, 2);
    assert!(stderr(&o).contains("另存为 .xlsx"), "{}", stderr(&o));
    let o = banshi(&[
        "import",
        "xlsx",
        "没有这个文件.xlsx",
        "--out",
        s(&out),
        "--name",
        "x",
        "--region",
        "320402",
    ]);
    common::assert_exit(&o, 2);
    let o = banshi(&[
        "import",
        "xlsx",
        s(&wb),
        "--out",
        s(&out),
        "--name",
        "x",
        "--region",
        "32",
    ]);
    common::assert_exit(&o, 2);
    let mapping = tmp.path().join("import.yaml");
    std::fs::write(&mapping, "sheets: 事项\n").unwrap();
    let o = banshi(&[
        "import",
        "xlsx",
        s(&wb),
        "--out",
        s(&out),
        "--mapping",
        s(&mapping),
        "--name",
        "x",
        "--region",
        "320402",
    ]);
    common::assert_exit(&o, 2);
    assert!(stderr(&o).contains("列映射文件"), "{}", stderr(&o));
    assert!(!out.exists());
    // Nothing left behind beside it either.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left.len(), 3, "{left:?}");
}

#[test]
fn a_mapping_file_reads_another_layout() {
    // The county workbook with its 事项名称 column renamed, read through a mapping.
    let tables = read::workbook(&root().join("tests/workbooks/县级实施清单.xlsx")).unwrap();
    let mut t = tables[0].clone();
    t.rows[1][2].text = "服务事项（县级）".into();
    let mapping: import::Mapping =
        serde_yaml::from_str("header_row: 2\ncolumns:\n  服务事项（县级）: 事项名称\n").unwrap();
    let given = import::Given {
        name: Some("x".into()),
        region: Some("320402".into()),
    };
    let imported = import::import(&[t], &mapping, &given).unwrap();
    assert!(
        imported
            .files
            .iter()
            .any(|(p, _)| p == "民政局/最低生活保障申请.banshi")
    );
}

#[test]
fn export_writes_a_workbook_and_never_over_one_by_accident() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("清单.xlsx");
    let catalog = root().join("catalogs");
    let o = banshi(&[
        "export",
        "xlsx",
        s(&catalog),
        "--out",
        s(&out),
        "--today",
        common::TODAY,
    ]);
    common::assert_exit(&o, 0);
    let first = std::fs::read(&out).unwrap();
    assert!(first.starts_with(b"PK"));
    let o = banshi(&["export", "xlsx", s(&catalog), "--out", s(&out)]);
    common::assert_exit(&o, 2);
    assert!(stderr(&o).contains("--force"));
    std::fs::write(&out, "某人的文件").unwrap();
    let o = banshi(&["export", "xlsx", s(&catalog), "--out", s(&out), "--force"]);
    common::assert_exit(&o, 0);
    assert_eq!(std::fs::read(&out).unwrap(), first);
    let o = banshi(&[
        "export",
        "xlsx",
        s(&catalog),
        "--out",
        s(&catalog.join("banshi.yaml")),
    ]);
    common::assert_exit(&o, 2);
    assert!(stderr(&o).contains(".xlsx"));
    let o = banshi(&[
        "export",
        "xlsx",
        s(&tmp.path().join("没有")),
        "--out",
        s(&tmp.path().join("a.xlsx")),
    ]);
    common::assert_exit(&o, 2);
    // Export then import by the commands: the catalog comes back.
    let back = tmp.path().join("回来");
    let o = banshi(&[
        "import",
        "xlsx",
        s(&out),
        "--out",
        s(&back),
        "--today",
        common::TODAY,
    ]);
    common::assert_exit(&o, 0);
    assert_eq!(common::meaning(&catalog), common::meaning(&back));
}

/// docs/workbook.md names every header banshi reads or writes, and every other name a header
/// is read by.
#[test]
fn the_workbook_doc_names_every_column() {
    use banshi::interchange::tables::*;
    let doc = std::fs::read_to_string(root().join("docs/workbook.md")).unwrap();
    let mut missing = Vec::new();
    for c in MATTER_COLUMNS
        .iter()
        .chain(MATERIAL_COLUMNS)
        .chain(BUNDLE_COLUMNS)
    {
        for name in std::iter::once(&c.header).chain(c.aliases) {
            if !doc.contains(*name) {
                missing.push(*name);
            }
        }
    }
    for (h, _, _) in DEPARTMENT_COLUMNS
        .iter()
        .chain(LAW_COLUMNS)
        .chain(EVIDENCE_COLUMNS)
    {
        if !doc.contains(h) {
            missing.push(h);
        }
    }
    for (h, _) in CATALOG_KEYS {
        if !doc.contains(h) {
            missing.push(h);
        }
    }
    for (_, from, to) in ALIASES {
        if from != to && !doc.contains(from) {
            missing.push(from);
        }
    }
    assert!(missing.is_empty(), "not in docs/workbook.md: {missing:?}");
}

/// A workbook is input like any other: cells that try to close a block, a path that climbs
/// out, a YAML value with a line break, a department id that is a path.
#[test]
fn hostile_cells_stay_inside_their_fields() {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    s.set_name("事项").unwrap();
    let headers = [
        "事项标识",
        "事项名称",
        "实施主体",
        "办理地点",
        "代办",
        "所在文件",
        "收费标准",
    ];
    for (c, h) in headers.iter().enumerate() {
        s.write_string(0, c as u16, *h).unwrap();
    }
    let row = [
        "甲",
        "名称\"} 事项 恶意 { 名称 \"x\"",
        "坏部门",
        "地点\r} 事项 恶意二 {",
        "A\r} 事项 恶意三 {",
        "../../逃出.banshi",
        "不收费\n}\n事项 恶意四 {",
    ];
    for (c, v) in row.iter().enumerate() {
        s.write_string(1, c as u16, *v).unwrap();
    }
    let d = book.add_worksheet();
    d.set_name("部门").unwrap();
    for (c, h) in ["部门标识", "部门名称"].iter().enumerate() {
        d.write_string(0, c as u16, *h).unwrap();
    }
    d.write_string(1, 0, "../../部门").unwrap();
    d.write_string(1, 1, "坏部门").unwrap();
    let g = book.add_worksheet();
    g.set_name("目录").unwrap();
    g.write_string(0, 0, "目录名称").unwrap();
    g.write_string(0, 1, "x\nregistry:\n  laws: /etc/passwd")
        .unwrap();
    g.write_string(1, 0, "行政区划代码").unwrap();
    g.write_string(1, 1, "320402").unwrap();
    g.write_string(2, 0, "编制日期").unwrap();
    g.write_string(2, 1, "2026-01-01\nregistry: {}").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let tables = read::tables(&bytes).unwrap();
    let imported = import::import(
        &tables,
        &import::Mapping::default(),
        &import::Given::default(),
    )
    .unwrap();
    for (path, _) in &imported.files {
        assert!(!path.contains(".."), "{path}");
    }
    let spec: String = imported
        .files
        .iter()
        .filter(|(p, _)| p.ends_with(".banshi"))
        .map(|(_, t)| t.as_str())
        .collect();
    let items =
        banshi::syntax::fields::items(&spec).unwrap_or_else(|| panic!("does not parse:\n{spec}"));
    assert_eq!(items.len(), 1, "{spec}");
    assert_eq!(items[0].id, "甲");
    let config = &imported.files[0].1;
    assert!(
        !config.lines().any(|l| l.starts_with("registry")),
        "{config}"
    );
}

/// A spec with a syntax error cannot be split into fields: nothing is exported.
#[test]
fn export_refuses_a_catalog_that_does_not_parse() {
    let dir = common::catalog("ok_complete_matter");
    std::fs::write(dir.path().join("坏.banshi"), "事项 坏 { 名称 \"x\" ").unwrap();
    let out = dir.path().join("清单.xlsx");
    let o = banshi(&["export", "xlsx", s(dir.path()), "--out", s(&out)]);
    common::assert_exit(&o, 2);
    assert!(
        stderr(&o).contains("语法错误") && stderr(&o).contains("坏.banshi"),
        "{}",
        stderr(&o)
    );
    assert!(!out.exists());
}

/// Empty limit cells of a list are unknown facts, each of them, also beside a 特别程序.
#[test]
fn empty_limit_cells_are_each_unverified() {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let s = book.add_worksheet();
    for (c, h) in [
        "事项名称",
        "法定办结时限",
        "承诺办结时限",
        "特别程序及延长",
        "基本编码",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(0, c as u16, *h).unwrap();
    }
    s.write_string(1, 0, "甲事项").unwrap();
    s.write_string(1, 3, "特别程序 \"听证\"").unwrap();
    let bytes = book.save_to_buffer().unwrap();
    let given = import::Given {
        name: Some("x".into()),
        region: Some("320402".into()),
    };
    let imported = import::import(
        &read::tables(&bytes).unwrap(),
        &import::Mapping::default(),
        &given,
    )
    .unwrap();
    let spec = &imported.files.last().unwrap().1;
    assert!(spec.contains("法定 待核 \"单元格为空\""), "{spec}");
    assert!(spec.contains("承诺 待核 \"单元格为空\""), "{spec}");
    assert!(spec.contains("特别程序 \"听证\""), "{spec}");
    assert_eq!(
        imported.report.totals.empty,
        2 + 10,
        "{:#?}",
        imported.report.matters
    );
}
