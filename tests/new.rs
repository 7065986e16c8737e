//! `banshi new`: the real binary writes skeletons that check with warnings only, build and are
//! already formatted; every refusal exits 2 in Chinese and leaves the files as they were.
// Test helpers may panic: that is the test failing, with its message.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn banshi_in(dir: Option<&Path>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_banshi"));
    cmd.args(args).env("NO_COLOR", "1");
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    cmd.output().expect("run banshi")
}

fn banshi(args: &[&str]) -> Output {
    banshi_in(None, args)
}

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Every file under `root` with its bytes, hidden ones included: what "untouched" compares.
fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read dir") {
            let path = entry.expect("entry").path();
            let meta = std::fs::symlink_metadata(&path).expect("metadata");
            if meta.is_dir() {
                out.insert(path.clone(), Vec::new());
                stack.push(path);
            } else if meta.file_type().is_symlink() {
                out.insert(path.clone(), b"->".to_vec());
            } else {
                out.insert(path.clone(), std::fs::read(&path).expect("read"));
            }
        }
    }
    out
}

const CATALOG_FACTS: &[&str] = &[
    "--name",
    "测试区政务服务事项目录",
    "--region",
    "320402",
    "--department",
    "民政局",
    "--department-name",
    "常州市天宁区民政局",
    "--credit-code",
    "113204020141123452",
    "--level",
    "县级",
    "--matter",
    "低保申请",
    "--matter-name",
    "城乡居民最低生活保障申请",
    "--kind",
    "行政给付",
    "--basis",
    "《社会救助暂行办法》第九条",
    "--law-rank",
    "行政法规",
    "--law-issuer",
    "国务院",
    "--law-effective",
    "2014-05-01",
];

fn new_catalog(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["new", "catalog", s(dir)];
    args.extend_from_slice(CATALOG_FACTS);
    args.extend_from_slice(extra);
    banshi(&args)
}

fn check_json(dir: &Path) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = banshi(&[
        "check",
        s(dir),
        "--today",
        common::TODAY,
        "--format",
        "json",
    ]);
    let items = serde_json::from_slice(&out.stdout).expect("JSON array");
    (out.status.code(), items)
}

fn new_matter(catalog: &Path, target: &str, basis: &str) -> Output {
    banshi(&[
        "new",
        "matter",
        target,
        "--name",
        "临时救助",
        "--kind",
        "行政给付",
        "--basis",
        basis,
        "--catalog",
        s(catalog),
        "--today",
        common::TODAY,
    ])
}

#[test]
fn a_new_catalog_checks_with_warnings_only_builds_and_is_formatted() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("新目录");
    let out = new_catalog(&dir, &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("已创建事项目录"), "{}", stdout(&out));
    for f in [
        "banshi.yaml",
        "registry/departments.yaml",
        "registry/laws.yaml",
        "registry/evidence.yaml",
        "民政局/低保申请.banshi",
    ] {
        assert!(dir.join(f).is_file(), "{f}");
    }
    // Nothing of the staging folder is left beside it.
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
    assert_eq!(left.len(), 1);

    let (code, items) = check_json(&dir);
    assert_eq!(code, Some(0), "{items:?}");
    assert!(!items.is_empty());
    assert!(items.iter().all(|d| d["code"] == "W180"), "{items:?}");
    let fields: Vec<String> = items
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    for f in [
        "服务对象",
        "受理条件",
        "材料",
        "时限",
        "收费",
        "到现场",
        "编码",
    ] {
        assert!(
            fields.iter().any(|m| m.contains(&format!("「{f}」"))),
            "{f} in {fields:?}"
        );
    }

    let fmt = banshi(&["fmt", "--check", s(&dir)]);
    assert_eq!(fmt.status.code(), Some(0), "{}", stdout(&fmt));

    let site = tmp.path().join("站点");
    let build = banshi(&[
        "build",
        s(&dir),
        "--out",
        s(&site),
        "--today",
        common::TODAY,
        "-q",
    ]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let guide = std::fs::read_to_string(site.join("guides/低保申请.html")).unwrap();
    assert!(guide.contains("待核实"));
    assert!(
        !guide.contains("无需提交申请材料"),
        "materials 待核 is not 'none'"
    );
    assert!(
        !guide.contains("无特别的受理条件"),
        "conditions 待核 is not 'none'"
    );
    let md = std::fs::read_to_string(site.join("guides/低保申请.md")).unwrap();
    assert!(md.contains("待核实") && !md.contains("无需提交申请材料"));
    let checklist = std::fs::read_to_string(site.join("checklists/低保申请.html")).unwrap();
    assert!(checklist.contains("申请材料尚待核实"), "{checklist}");
    assert!(!checklist.contains("无需提交申请材料"));
    assert!(!checklist.contains("不会再要求您提交本单以外的材料"));
    let portal: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("portal/matters/低保申请.json")).unwrap(),
    )
    .unwrap();
    for key in [
        "subjects",
        "conditions",
        "materials",
        "checklist",
        "fee",
        "time",
    ] {
        assert_eq!(portal[key]["unverified"], true, "{key}: {}", portal[key]);
    }
    assert_portal_valid(&site);

    let report = banshi(&["report", s(&dir), "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert_eq!(
        report["catalog"]["unverified_facts"].as_u64(),
        Some(items.len() as u64)
    );
    // Per department too: 服务对象, 受理条件 and 材料 are counted with the rest.
    assert_eq!(report["departments"][0]["id"], "民政局");
    assert_eq!(
        report["departments"][0]["unverified_facts"].as_u64(),
        Some(items.len() as u64)
    );
}

/// Every portal document of a built site validates against the site's own schema.
fn assert_portal_valid(site: &Path) {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.join("portal/schema.json")).unwrap())
            .unwrap();
    let validator = jsonschema::validator_for(&schema).expect("valid schema");
    let mut n = 0;
    for dir in ["portal", "portal/matters"] {
        for entry in std::fs::read_dir(site.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "json") || path.ends_with("schema.json") {
                continue;
            }
            let doc: serde_json::Value =
                serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{}: {errors:?}", path.display());
            n += 1;
        }
    }
    assert!(n >= 2, "only {n} portal documents");
}

/// A variant's own `材料 待核` and `受理条件 待核` are shown in its section and its portal entry.
#[test]
fn unverified_lists_of_a_variant_are_published_as_such() {
    let cat = common::catalog("unverified_fact_lists");
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("站点");
    let build = banshi(&[
        "build",
        s(cat.path()),
        "--out",
        s(&site),
        "--today",
        common::TODAY,
        "-q",
    ]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let guide = std::fs::read_to_string(site.join("guides/低保申请.html")).unwrap();
    assert!(
        guide.contains("待核实（待民政局确认户籍和收入条件）"),
        "{guide}"
    );
    assert!(guide.contains("本情形另需提交的材料"));
    assert!(guide.contains("待核实（首次申请另需的材料待确认）"));
    let md = std::fs::read_to_string(site.join("guides/低保申请.md")).unwrap();
    assert!(md.contains("待核实（首次申请另需的材料待确认）"));
    let portal: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("portal/matters/低保申请.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(portal["subjects"]["unverified"], true);
    assert_eq!(
        portal["variants"][0]["materials"]["reason"],
        "首次申请另需的材料待确认"
    );
    assert_portal_valid(&site);
}

#[test]
fn skeletons_say_only_what_was_given() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    assert_eq!(new_catalog(&dir, &[]).status.code(), Some(0));
    let out = banshi_in(
        Some(&dir),
        &[
            "new",
            "bundle",
            "救助",
            "--name",
            "困难群众救助一件事",
            "--lead",
            "民政局",
            "--matter",
            "低保申请",
            "--flow",
            "serial",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap();
    insta::assert_snapshot!("new_matter_skeleton", read("民政局/低保申请.banshi"));
    insta::assert_snapshot!("new_bundle_skeleton", read("一件事/救助.banshi"));
    insta::assert_snapshot!("new_departments", read("registry/departments.yaml"));
    insta::assert_snapshot!("new_laws", read("registry/laws.yaml"));
    insta::assert_snapshot!("new_config", read("banshi.yaml"));
    let (code, items) = check_json(&dir);
    assert_eq!(code, Some(0), "{items:?}");
    let fmt = banshi(&["fmt", "--check", s(&dir)]);
    assert_eq!(fmt.status.code(), Some(0), "{}", stdout(&fmt));
}

#[test]
fn a_new_matter_goes_into_its_department_folder_of_the_enclosing_catalog() {
    let cat = common::catalog("ok_complete_matter");
    let before = check_json(cat.path()).1.len();
    // Found upwards from a folder inside the catalog, as other commands find it.
    std::fs::create_dir_all(cat.path().join("民政局")).unwrap();
    let out = banshi_in(
        Some(&cat.path().join("民政局")),
        &[
            "new",
            "matter",
            "民政局/临时救助",
            "--name",
            "临时救助",
            "--kind",
            "行政给付",
            "--basis",
            "《社会救助暂行办法》第四十七条",
            "--basis",
            "《最低生活保障审核确认办法》第五条",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(cat.path().join("民政局/临时救助.banshi")).unwrap();
    assert!(text.contains("实施主体 民政局"));
    assert!(text.contains("《最低生活保障审核确认办法》第五条"));
    assert!(!text.contains("\"000"), "no invented code");
    let (code, items) = check_json(cat.path());
    assert_eq!(code, Some(0), "{items:?}");
    let new: Vec<_> = items
        .iter()
        .filter(|d| d["file"] == "民政局/临时救助.banshi")
        .collect();
    assert!(new.iter().all(|d| d["code"] == "W180"), "{new:?}");
    assert_eq!(items.len() - new.len(), before);
    let file = cat.path().join("民政局/临时救助.banshi");
    let fmt = banshi(&["fmt", "--check", s(&file)]);
    assert_eq!(fmt.status.code(), Some(0), "{}", stdout(&fmt));

    // A bundle of it and the existing matter, with --catalog.
    let out = banshi(&[
        "new",
        "bundle",
        "救助",
        "--name",
        "困难群众救助一件事",
        "--lead",
        "民政局",
        "--matter",
        "低保申请,临时救助",
        "--flow",
        "parallel",
        "--catalog",
        s(cat.path()),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(cat.path().join("一件事/救助.banshi")).unwrap();
    assert!(text.contains("流程 并联 {"), "{text}");
    assert_eq!(check_json(cat.path()).0, Some(0));
    // The new matter's 材料 is 待核: the bundle's figures say so instead of counting it as none.
    let tmp = tempfile::tempdir().unwrap();
    let site = tmp.path().join("站点");
    let build = banshi(&[
        "build",
        s(cat.path()),
        "--out",
        s(&site),
        "--today",
        common::TODAY,
        "-q",
    ]);
    assert_eq!(build.status.code(), Some(0), "{}", stderr(&build));
    let page = std::fs::read_to_string(site.join("bundles/救助.html")).unwrap();
    assert!(page.contains("「临时救助」的申请材料待核实"), "{page}");
    assert!(page.contains("至少"), "{page}");
    let report = banshi(&["report", s(cat.path()), "--today", common::TODAY]);
    assert!(
        stdout(&report).contains("「临时救助」的申请材料待核实"),
        "{}",
        stdout(&report)
    );
}

/// Asserts a refusal: exit 2, a Chinese message containing `says`, nothing changed.
fn refused(out: &Output, root: &Path, before: &BTreeMap<PathBuf, Vec<u8>>, says: &str) {
    let e = stderr(out);
    assert_eq!(out.status.code(), Some(2), "{e}");
    assert!(e.contains(says), "«{says}» in {e}");
    assert!(e.starts_with("banshi: ") || e.contains("\nbanshi: "), "{e}");
    assert_eq!(&snapshot(root), before, "files changed by: {e}");
}

#[test]
fn new_matter_refusals_change_nothing() {
    let cat = common::catalog("ok_complete_matter");
    let root = cat.path();
    std::fs::create_dir_all(root.join("民政局")).unwrap();
    std::fs::write(root.join("民政局/临时救助.banshi"), "// 编写人自己的文件\n").unwrap();
    let before = snapshot(root);
    let basis = "《社会救助暂行办法》第九条";
    refused(
        &new_matter(root, "民政局/临时救助", basis),
        root,
        &before,
        "已存在，不予覆盖",
    );
    refused(
        &new_matter(root, "民政局/低保申请", basis),
        root,
        &before,
        "已有事项「低保申请」",
    );
    for bad in [
        "../x",
        "民政局/../../x",
        "/tmp/x",
        "民政局\\x",
        "..",
        "民政局/a.b",
    ] {
        let out = new_matter(root, bad, basis);
        refused(&out, root, &before, "");
        assert!(
            stderr(&out).contains("不能是路径") || stderr(&out).contains("不是合法的标识符"),
            "{bad}: {}",
            stderr(&out)
        );
    }
    refused(
        &new_matter(root, "民政局", basis),
        root,
        &before,
        "部门/事项",
    );
    refused(
        &new_matter(root, "民政局/1x", basis),
        root,
        &before,
        "不是合法的标识符",
    );
    refused(
        &new_matter(root, "民证局/x", basis),
        root,
        &before,
        "您是不是想写「民政局」",
    );
    refused(
        &new_matter(root, "民政局/x", "《社会救助暂行办》第九条"),
        root,
        &before,
        "不在依据目录",
    );
    refused(
        &new_matter(root, "民政局/x", "社会救助暂行办法第九条"),
        root,
        &before,
        "写法不对",
    );
    refused(
        &new_matter(root, "民政局/x", "《社会救助暂行办法》第九条 }\n事项 y {"),
        root,
        &before,
        "写法不对",
    );
    // A fact only the whole check can judge: the law is repealed. The file written for the
    // check is withdrawn, and so is the department folder made for it.
    refused(
        &new_matter(root, "公安局/x", "《食品经营许可管理办法》第十条"),
        root,
        &before,
        "未通过检查",
    );
    // A department folder that is a symbolic link may lead out of the catalog.
    #[cfg(unix)]
    {
        let outside = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.join("卫健委")).unwrap();
        let before = snapshot(root);
        refused(
            &new_matter(root, "卫健委/x", basis),
            root,
            &before,
            "不是文件夹",
        );
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    }
}

#[test]
fn new_bundle_refusals_change_nothing() {
    let cat = common::catalog("ok_complete_matter");
    let root = cat.path();
    let before = snapshot(root);
    let bundle = |id: &str, lead: &str, matters: &str| {
        banshi(&[
            "new",
            "bundle",
            id,
            "--name",
            "一件事",
            "--lead",
            lead,
            "--matter",
            matters,
            "--flow",
            "serial",
            "--catalog",
            s(root),
        ])
    };
    refused(
        &bundle("x", "民政局", "低保中请"),
        root,
        &before,
        "没有事项「低保中请」",
    );
    refused(
        &bundle("x", "民证局", "低保申请"),
        root,
        &before,
        "不在部门登记表",
    );
    refused(
        &bundle("../x", "民政局", "低保申请"),
        root,
        &before,
        "不是合法的标识符",
    );
    // An unknown variant is found by the check of the new file: withdrawn.
    refused(
        &bundle("x", "民政局", "低保申请.补领"),
        root,
        &before,
        "未通过检查",
    );
}

#[test]
fn new_catalog_refusals_change_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("c");
    std::fs::create_dir(&dir).unwrap();
    std::fs::write(dir.join("notes.txt"), "已有的文件").unwrap();
    let before = snapshot(tmp.path());
    refused(&new_catalog(&dir, &[]), tmp.path(), &before, "不是空文件夹");
    let fresh = tmp.path().join("d");
    for (flag, value, says) in [
        ("--credit-code", "113204020141123450", "未通过检查"),
        ("--region", "3204", "6 位数字"),
        ("--kind", "行政給付", "您是不是想写「行政给付」"),
        ("--level", "区级", "可选"),
        ("--law-rank", "法規", "可选"),
        ("--matter", "../x", "不是合法的标识符"),
        ("--department", "a/b", "不是合法的标识符"),
        ("--basis", "第九条", "写法不对"),
        ("--matter-name", "低保\n申请", "控制字符"),
        ("--name", " ", "不能为空"),
    ] {
        // A flag given twice is a usage error: each case replaces one fact.
        let mut args: Vec<String> = vec!["new".into(), "catalog".into(), s(&fresh).into()];
        let mut facts = CATALOG_FACTS.iter();
        while let Some(k) = facts.next() {
            let v = facts.next().unwrap();
            args.push((*k).into());
            args.push(if *k == flag {
                value.into()
            } else {
                (*v).into()
            });
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(&banshi(&args), tmp.path(), &before, says);
    }
    refused(
        &new_catalog(&tmp.path().join("没有/c"), &[]),
        tmp.path(),
        &before,
        "不存在",
    );
    // An empty folder is fine and becomes the catalog.
    let empty = tmp.path().join("e");
    std::fs::create_dir(&empty).unwrap();
    assert_eq!(new_catalog(&empty, &[]).status.code(), Some(0));
    assert!(empty.join("banshi.yaml").is_file());
}
