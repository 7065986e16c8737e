//! `banshi new`: skeletons of a catalog, a matter and a bundle (text from [`crate::scaffold`]).
//!
//! What the language does not let be unknown comes from flags, never from defaults; the rest
//! is `待核`. Nothing is overwritten: a file is linked into place only where no entry exists
//! (a hard link fails rather than replace), a new catalog is assembled in a hidden sibling
//! folder and renamed onto a missing or empty folder. Each result is checked before it is
//! kept, and withdrawn — only what this run created — when the check finds an error in it.

use crate::cli::{ReadArgs, name_unreadable, parse_date, render};
use crate::diagnostic::{Diagnostic, Severity};
use crate::driver;
use crate::model::MatterKind;
use crate::model::words::{Level, Rank};
use crate::scaffold::{self, BundleFacts, CatalogFacts, FlowKind, MatterFacts};
use clap::ValueEnum;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand, Debug)]
enum What {
    /// 新建事项目录：banshi.yaml、部门、依据和证照登记表，以及第一个事项
    Catalog(CatalogArgs),
    /// 在事项目录中新建事项文件 <部门>/<事项>.banshi（部门和依据须已登记）
    Matter(MatterArgs),
    /// 在事项目录中新建一件事文件 一件事/<一件事>.banshi
    Bundle(BundleArgs),
}

#[derive(clap::Args, Debug)]
struct CatalogArgs {
    /// 新目录的文件夹：不存在或为空（上级文件夹须已存在）
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// 目录名称，如 常州市天宁区政务服务事项目录
    #[arg(long, value_name = "NAME")]
    name: String,
    /// 目录所属地区的 6 位行政区划代码，如 320402
    #[arg(long, value_name = "REGION")]
    region: String,
    /// 第一个部门的 id（事项中“实施主体”引用的名字），如 民政局
    #[arg(long, value_name = "DEPARTMENT")]
    department: String,
    /// 该部门的单位全称，如 常州市天宁区民政局
    #[arg(long, value_name = "FULL_NAME")]
    department_name: String,
    /// 该部门的 18 位统一社会信用代码
    #[arg(long, value_name = "CREDIT_CODE")]
    credit_code: String,
    /// 该部门的层级：国家级、省级、市级、县级、镇级、村级
    #[arg(long, value_name = "LEVEL")]
    level: String,
    /// 第一个事项的 id，如 低保申请
    #[arg(long, value_name = "MATTER")]
    matter: String,
    /// 第一个事项的名称，如 城乡居民最低生活保障申请
    #[arg(long, value_name = "NAME")]
    matter_name: String,
    /// 第一个事项的类型，如 行政许可、行政给付、公共服务
    #[arg(long, value_name = "KIND")]
    kind: String,
    /// 第一个事项的依据，如 "《社会救助暂行办法》第九条"；《》内的法规随之登记
    #[arg(long, value_name = "BASIS")]
    basis: String,
    /// 该法规的位阶：法律、行政法规、地方性法规、部门规章、地方政府规章、规范性文件
    #[arg(long, value_name = "RANK")]
    law_rank: String,
    /// 该法规的制定机关，如 国务院
    #[arg(long, value_name = "ISSUER")]
    law_issuer: String,
    /// 该法规现行版本的施行日期（YYYY-MM-DD）
    #[arg(long, value_name = "TODAY", value_parser = parse_date)]
    law_effective: jiff::civil::Date,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(clap::Args, Debug)]
struct MatterArgs {
    /// 部门 id 和事项 id，以 / 分隔，如 民政局/低保申请；文件写到 <目录>/<部门>/<事项>.banshi
    #[arg(value_name = "DEPARTMENT/MATTER")]
    path: String,
    /// 事项名称，如 城乡居民最低生活保障申请
    #[arg(long, value_name = "NAME")]
    name: String,
    /// 事项类型，如 行政许可、行政给付、公共服务
    #[arg(long, value_name = "KIND")]
    kind: String,
    /// 依据，如 "《社会救助暂行办法》第九条"，法规须已登记；可写多次
    #[arg(long, value_name = "BASIS", required = true)]
    basis: Vec<String>,
    /// 事项目录；省略时从当前文件夹向上查找 banshi.yaml
    #[arg(long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(clap::Args, Debug)]
struct BundleArgs {
    /// 一件事的 id，如 新生儿出生；文件写到 <目录>/一件事/<id>.banshi
    #[arg(value_name = "BUNDLE")]
    id: String,
    /// 一件事的名称，如 新生儿出生一件事
    #[arg(long, value_name = "NAME")]
    name: String,
    /// 牵头部门的 id，须已登记
    #[arg(long, value_name = "DEPARTMENT")]
    lead: String,
    /// 一件事包含的事项 id（或 事项.办理情形），按办理顺序，可写多次或以逗号分隔
    #[arg(
        long = "matter",
        value_name = "MATTER",
        required = true,
        value_delimiter = ','
    )]
    matters: Vec<String>,
    /// 事项之间的办理方式（写明后可在文件中改为嵌套的串联、并联）
    #[arg(long, value_enum, value_name = "FLOW")]
    flow: Flow,
    /// 事项目录；省略时从当前文件夹向上查找 banshi.yaml
    #[arg(long, value_name = "CATALOG")]
    catalog: Option<PathBuf>,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Flow {
    /// 依次办理（串联）
    Serial,
    /// 同时办理（并联）
    Parallel,
}

/// A refusal: printed, exit 2, nothing written.
type Refusal = String;

pub fn run(args: Args) -> ExitCode {
    let result = match args.what {
        What::Catalog(a) => new_catalog(&a),
        What::Matter(a) => new_matter(&a),
        What::Bundle(a) => new_bundle(&a),
    };
    match result {
        Ok(code) => code,
        Err(why) => {
            eprintln!("banshi: {why}");
            ExitCode::from(2)
        }
    }
}

// ------------------------------------------------------------------------------------------
// Facts
// ------------------------------------------------------------------------------------------

fn identifier(what: &str, s: &str) -> Result<(), Refusal> {
    if scaffold::is_identifier(s) {
        Ok(())
    } else {
        Err(format!(
            "{what}「{}」不是合法的标识符：须以汉字或字母开头，只含汉字、字母、数字和下划线\
             （不能有 /、.、空格等）",
            crate::escape::terminal(s)
        ))
    }
}

/// A free-text fact: not blank, and without control characters (a line break or tab in a name
/// is a slip, and a YAML escape would hide it from the invisible-character check).
fn text(flag: &str, s: &str) -> Result<(), Refusal> {
    if s.trim().is_empty() {
        return Err(format!("{flag} 不能为空"));
    }
    if s.chars().any(char::is_control) {
        return Err(format!(
            "{flag}「{}」中有换行、制表符等控制字符",
            crate::escape::terminal(s)
        ));
    }
    Ok(())
}

/// The closest of `names` to `word`, as a sentence to append.
fn did_you_mean<'a>(word: &str, names: impl IntoIterator<Item = &'a str>) -> String {
    crate::suggest::closest(word, names)
        .map(|s| format!("您是不是想写「{s}」？"))
        .unwrap_or_default()
}

fn word<T: Copy>(flag: &str, value: &str, all: &'static [(T, &'static str)]) -> Result<T, Refusal> {
    if let Some((v, _)) = all.iter().find(|(_, w)| *w == value) {
        return Ok(*v);
    }
    let words: Vec<&str> = all.iter().map(|(_, w)| *w).collect();
    Err(format!(
        "{flag}「{}」不是可用的取值；可选：{}。{}",
        crate::escape::terminal(value),
        words.join("、"),
        did_you_mean(value, words.iter().copied())
    ))
}

fn basis_title<'a>(flag: &str, basis: &'a str) -> Result<&'a str, Refusal> {
    scaffold::citation_title(basis).map_err(|why| {
        format!(
            "{flag}「{}」的写法不对：{why}",
            crate::escape::terminal(basis)
        )
    })
}

/// The spec text through the formatter, so that `banshi fmt --check` passes on it, and parsed
/// once more: a skeleton that does not parse alone is never written.
fn formatted(text: &str) -> Result<String, Refusal> {
    let out = crate::syntax::fmt::format(text)
        .ok_or_else(|| "生成的文件无法解析（请检查各选项的取值）".to_string())?;
    let mut sink = crate::diagnostic::Sink::new();
    let parsed = crate::syntax::parse(crate::source::FileId(0), &out, &mut sink);
    if parsed.is_none() || !sink.is_empty() {
        return Err("生成的文件无法解析（请检查各选项的取值）".to_string());
    }
    Ok(out)
}

// ------------------------------------------------------------------------------------------
// Writing without clobbering
// ------------------------------------------------------------------------------------------

pub(super) fn describe(e: &std::io::Error) -> String {
    crate::os_error::describe(e)
}

/// Whether anything at all is at `path`, a dangling symbolic link included.
fn occupied(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Writes `text` to `path`, which must not exist: first to a hidden temporary file beside it,
/// then linked into place, so that the file appears whole or not at all and an entry that
/// appeared meanwhile is never replaced.
pub(super) fn write_new(path: &Path, text: &str) -> Result<(), Refusal> {
    let shown = crate::escape::path(path);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.banshi-new", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(text.as_bytes())?;
            f.sync_all()
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("无法写入「{shown}」：{}", describe(&e)));
    }
    let linked = std::fs::hard_link(&tmp, path);
    let _ = std::fs::remove_file(&tmp);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(format!("「{shown}」已存在，不予覆盖"))
        }
        // A file system without hard links: exclusive creation still never replaces anything.
        Err(_) => {
            let direct = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path);
            match direct {
                Ok(mut f) => f.write_all(text.as_bytes()).map_err(|e| {
                    let _ = std::fs::remove_file(path);
                    format!("无法写入「{shown}」：{}", describe(&e))
                }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    Err(format!("「{shown}」已存在，不予覆盖"))
                }
                Err(e) => Err(format!("无法写入「{shown}」：{}", describe(&e))),
            }
        }
    }
}

/// The errors found in files whose catalog-relative path is `path`.
fn errors_in<'a>(checked: &'a driver::Checked, path: &str) -> Vec<&'a Diagnostic> {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error && checked.sources.path(d.span.file) == path)
        .collect()
}

/// How many facts of the files at `path` (all files when `None`) are written as `待核`.
fn unverified_in(checked: &driver::Checked, path: Option<&str>) -> usize {
    checked
        .diagnostics
        .iter()
        .filter(|d| d.rule.code == crate::check::rules::unverified_fact::UNVERIFIED_FACT.code)
        .filter(|d| path.is_none_or(|p| checked.sources.path(d.span.file) == p))
        .count()
}

fn print_findings(checked: &driver::Checked, found: &[Diagnostic]) {
    let mut err = std::io::stderr().lock();
    let _ = render::human(&mut err, checked, found, false);
}

fn check(root: &Path, read: &ReadArgs) -> Result<driver::Checked, Refusal> {
    let checked = driver::check(root, &read.options()).map_err(|e| e.to_string())?;
    if name_unreadable(&checked) {
        return Err("目录中有文件无法读取，未创建任何文件".to_string());
    }
    Ok(checked)
}

// ------------------------------------------------------------------------------------------
// new catalog
// ------------------------------------------------------------------------------------------

fn new_catalog(a: &CatalogArgs) -> Result<ExitCode, Refusal> {
    let shown = crate::escape::path(&a.dir);
    let (parent, folder) = vacant_folder(&a.dir)?;
    identifier("--department", &a.department)?;
    identifier("--matter", &a.matter)?;
    for (flag, value) in [
        ("--name", &a.name),
        ("--department-name", &a.department_name),
        ("--credit-code", &a.credit_code),
        ("--matter-name", &a.matter_name),
        ("--law-issuer", &a.law_issuer),
    ] {
        text(flag, value)?;
    }
    if !(a.region.len() == 6 && a.region.bytes().all(|b| b.is_ascii_digit())) {
        return Err(format!(
            "--region「{}」不是 6 位数字的行政区划代码（如 320402）",
            crate::escape::terminal(&a.region)
        ));
    }
    let kind = word("--kind", &a.kind, MatterKind::ALL)?;
    word("--level", &a.level, Level::ALL)?;
    word("--law-rank", &a.law_rank, Rank::ALL)?;
    let law = basis_title("--basis", &a.basis)?;
    let effective = a.law_effective.to_string();
    let facts = CatalogFacts {
        name: &a.name,
        region: &a.region,
        department: &a.department,
        department_name: &a.department_name,
        credit_code: &a.credit_code,
        level: &a.level,
        law,
        law_rank: &a.law_rank,
        law_issuer: &a.law_issuer,
        law_effective: &effective,
    };
    let basis = [a.basis.clone()];
    let matter = formatted(&scaffold::matter(&MatterFacts {
        id: &a.matter,
        name: &a.matter_name,
        kind,
        department: &a.department,
        basis: &basis,
    }))?;
    let matter_path = format!("{}/{}.banshi", a.department, a.matter);
    let files: [(&str, String); 5] = [
        ("banshi.yaml", scaffold::config(&facts)),
        ("registry/departments.yaml", scaffold::departments(&facts)),
        ("registry/laws.yaml", scaffold::laws(&facts)),
        ("registry/evidence.yaml", scaffold::evidence()),
        (&matter_path, matter),
    ];

    // Assembled beside the target under a hidden name of this run's own, checked, and only then
    // renamed into place: a catalog with an error in it is never left behind.
    let owned: Vec<(String, String)> = files
        .iter()
        .map(|(rel, text)| ((*rel).to_string(), text.clone()))
        .collect();
    let staging = stage(&parent, &folder, &owned)?;
    let withdraw = |why: Refusal| -> Refusal {
        let _ = std::fs::remove_dir_all(&staging);
        why
    };
    let checked = check(&staging, &a.read).map_err(withdraw)?;
    let errors: Vec<Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        print_findings(&checked, &errors);
        return Err(withdraw(format!(
            "给出的事实未通过检查（见上），未创建「{shown}」"
        )));
    }
    let unverified = unverified_in(&checked, None);
    // rename(2) replaces a missing or empty folder and fails on one that has gained files.
    std::fs::rename(&staging, &a.dir).map_err(|e| {
        withdraw(format!(
            "无法创建「{shown}」：{}（它可能刚被写入了文件），未做任何修改",
            describe(&e)
        ))
    })?;
    let list: Vec<&str> = files.iter().map(|(rel, _)| *rel).collect();
    println!("已创建事项目录「{shown}」：{}", list.join("、"));
    println!("其中 {unverified} 项写成「待核」，须核实后写明；运行 banshi check {shown} 查看");
    Ok(ExitCode::SUCCESS)
}

/// A folder a new catalog may be created as: missing, or an empty folder. Its parent (which
/// must exist) and its name.
pub(super) fn vacant_folder(dir: &Path) -> Result<(PathBuf, std::ffi::OsString), Refusal> {
    let shown = crate::escape::path(dir);
    match std::fs::symlink_metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(format!("无法读取「{shown}」：{}", describe(&e))),
        Ok(m) if m.is_dir() => {
            let mut entries = std::fs::read_dir(dir)
                .map_err(|e| format!("无法读取「{shown}」：{}", describe(&e)))?;
            if entries.next().is_some() {
                return Err(format!(
                    "「{shown}」已存在且不是空文件夹：新目录只建在不存在的或空的文件夹中，不会覆盖已有文件"
                ));
            }
        }
        Ok(_) => {
            return Err(format!(
                "「{shown}」已存在，且不是文件夹（文件或符号链接），不予覆盖"
            ));
        }
    }
    let Some(folder) = dir.file_name() else {
        return Err(format!("「{shown}」不是可以新建的文件夹名"));
    };
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !parent.is_dir() {
        return Err(format!(
            "上级文件夹「{}」不存在：请先创建它",
            crate::escape::path(&parent)
        ));
    }
    Ok((parent, folder.to_os_string()))
}

/// Writes `files` (catalog-relative paths) into a new hidden folder beside the target, named
/// for this run; on failure nothing of it is left.
pub(super) fn stage(
    parent: &Path,
    folder: &std::ffi::OsStr,
    files: &[(String, String)],
) -> Result<PathBuf, Refusal> {
    let staging = parent.join(format!(
        ".{}.{}.banshi-new",
        folder.to_string_lossy(),
        std::process::id()
    ));
    std::fs::create_dir(&staging).map_err(|e| {
        format!(
            "无法创建临时文件夹「{}」：{}",
            crate::escape::path(&staging),
            describe(&e)
        )
    })?;
    let withdraw = |why: Refusal| -> Refusal {
        let _ = std::fs::remove_dir_all(&staging);
        why
    };
    for (rel, text) in files {
        let path = staging.join(rel);
        if let Some(dir) = path.parent()
            && let Err(e) = std::fs::create_dir_all(dir)
        {
            return Err(withdraw(format!("无法创建「{rel}」：{}", describe(&e))));
        }
        if let Err(why) = write_new(&path, text) {
            return Err(withdraw(why));
        }
    }
    Ok(staging)
}

// ------------------------------------------------------------------------------------------
// new matter, new bundle
// ------------------------------------------------------------------------------------------

/// The catalog root for `--catalog`, found as the other commands find it.
fn root_of(catalog: Option<&Path>) -> Result<PathBuf, ExitCode> {
    crate::cli::catalog_of(catalog)
}

fn registered_department(checked: &driver::Checked, id: &str, flag: &str) -> Result<(), Refusal> {
    let registry = &checked.catalog.registry;
    if registry.departments.iter().any(|d| d.id.value == id) {
        return Ok(());
    }
    Err(format!(
        "{flag}部门「{}」不在部门登记表（默认 registry/departments.yaml）中：请先在其中登记该部门\
         （id、name、credit_code、level）。{}",
        crate::escape::terminal(id),
        did_you_mean(id, registry.departments.iter().map(|d| d.id.value.as_str()))
    ))
}

fn registered_law(checked: &driver::Checked, title: &str) -> Result<(), Refusal> {
    let registry = &checked.catalog.registry;
    if registry.laws.iter().any(|l| l.id.value == title) {
        return Ok(());
    }
    Err(format!(
        "--basis：《{}》不在依据目录（默认 registry/laws.yaml）中：请先在其中登记该法规\
         （id、rank、issuer、effective）。{}",
        crate::escape::terminal(title),
        did_you_mean(title, registry.laws.iter().map(|l| l.id.value.as_str()))
    ))
}

/// The folder a new spec goes in, under the root: it may exist only as a real folder (a
/// symbolic link could lead out of the catalog). Whether this run creates it.
fn spec_folder(root: &Path, name: &str) -> Result<(PathBuf, bool), Refusal> {
    let dir = root.join(name);
    match std::fs::symlink_metadata(&dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok((dir, true)),
        Err(e) => Err(format!(
            "无法读取「{}」：{}",
            crate::escape::path(&dir),
            describe(&e)
        )),
        Ok(m) if m.is_dir() => Ok((dir, false)),
        Ok(_) => Err(format!(
            "「{}」已存在，且不是文件夹（文件或符号链接），不予写入",
            crate::escape::path(&dir)
        )),
    }
}

/// Writes a new spec file at `<root>/<folder>/<id>.banshi`, checks the catalog with it and
/// keeps it only when it has no error.
fn place_spec(
    root: &Path,
    folder: &str,
    id: &str,
    text: &str,
    read: &ReadArgs,
) -> Result<ExitCode, Refusal> {
    let (dir, create) = spec_folder(root, folder)?;
    let path = dir.join(format!("{id}.banshi"));
    // As the user reads it: `民政局/低保申请.banshi` rather than `./民政局/…` inside the catalog.
    let shown = crate::escape::path(path.strip_prefix(".").unwrap_or(&path));
    if occupied(&path) {
        return Err(format!("「{shown}」已存在，不予覆盖"));
    }
    if create {
        std::fs::create_dir(&dir).map_err(|e| {
            format!(
                "无法创建「{}」：{}",
                crate::escape::path(&dir),
                describe(&e)
            )
        })?;
    }
    let withdraw_dir = || {
        if create {
            // Only when still empty: remove_dir never deletes what someone else put there.
            let _ = std::fs::remove_dir(&dir);
        }
    };
    if let Err(why) = write_new(&path, text) {
        withdraw_dir();
        return Err(why);
    }
    let withdraw = |why: Refusal| -> Refusal {
        let _ = std::fs::remove_file(&path);
        withdraw_dir();
        why
    };
    let checked = check(root, read).map_err(withdraw)?;
    let rel = format!("{folder}/{id}.banshi");
    let errors: Vec<Diagnostic> = errors_in(&checked, &rel).into_iter().cloned().collect();
    if !errors.is_empty() {
        print_findings(&checked, &errors);
        return Err(withdraw(format!(
            "给出的事实未通过检查（见上），未创建「{shown}」"
        )));
    }
    println!("已创建「{shown}」");
    let unverified = unverified_in(&checked, Some(&rel));
    if unverified > 0 {
        println!("其中 {unverified} 项写成「待核」，须核实后写明；运行 banshi check 查看");
    }
    Ok(ExitCode::SUCCESS)
}

fn new_matter(a: &MatterArgs) -> Result<ExitCode, Refusal> {
    // Two names, nothing that a path could make of them: no root, no `..`, no other separator.
    if a.path.starts_with(['/', '\\']) || a.path.contains("..") || a.path.contains('\\') {
        return Err(format!(
            "「{}」不能是路径：只写「部门/事项」两个名字，如 民政局/低保申请；文件总是写到事项目录中",
            crate::escape::terminal(&a.path)
        ));
    }
    let Some((department, id)) = a.path.split_once('/') else {
        return Err(format!(
            "「{}」应写成「部门/事项」，如 民政局/低保申请",
            crate::escape::terminal(&a.path)
        ));
    };
    identifier("部门", department)?;
    identifier("事项", id)?;
    text("--name", &a.name)?;
    let kind = word("--kind", &a.kind, MatterKind::ALL)?;
    let mut titles = Vec::new();
    for b in &a.basis {
        titles.push(basis_title("--basis", b)?);
    }
    let root = match root_of(a.catalog.as_deref()) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let checked = check(&root, &a.read)?;
    registered_department(&checked, department, "")?;
    for t in &titles {
        registered_law(&checked, t)?;
    }
    if let Some(m) = checked.catalog.matters.iter().find(|m| m.id.text == id) {
        return Err(format!(
            "目录中已有事项「{id}」（{}），事项 id 须唯一",
            crate::escape::terminal(checked.sources.path(m.id.span.file))
        ));
    }
    let text = formatted(&scaffold::matter(&MatterFacts {
        id,
        name: &a.name,
        kind,
        department,
        basis: &a.basis,
    }))?;
    place_spec(&root, department, id, &text, &a.read)
}

/// The folder bundles are kept in, as in the shipped catalog.
const BUNDLE_FOLDER: &str = "一件事";

fn new_bundle(a: &BundleArgs) -> Result<ExitCode, Refusal> {
    identifier("一件事", &a.id)?;
    identifier("--lead", &a.lead)?;
    text("--name", &a.name)?;
    for m in &a.matters {
        let (matter, variant) = match m.split_once('.') {
            Some((m, v)) => (m, Some(v)),
            None => (m.as_str(), None),
        };
        identifier("--matter", matter)?;
        if let Some(v) = variant {
            identifier("--matter 的办理情形", v)?;
        }
    }
    let root = match root_of(a.catalog.as_deref()) {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let checked = check(&root, &a.read)?;
    registered_department(&checked, &a.lead, "--lead：")?;
    let matters = &checked.catalog.matters;
    for m in &a.matters {
        let id = m.split_once('.').map_or(m.as_str(), |(m, _)| m);
        if !matters.iter().any(|x| x.id.text == id) {
            return Err(format!(
                "--matter：目录中没有事项「{}」，请先新建它（banshi new matter）。{}",
                crate::escape::terminal(id),
                did_you_mean(id, matters.iter().map(|x| x.id.text.as_str()))
            ));
        }
    }
    if let Some(b) = checked.catalog.bundles.iter().find(|b| b.id.text == a.id) {
        return Err(format!(
            "目录中已有一件事「{}」（{}），一件事 id 须唯一",
            a.id,
            crate::escape::terminal(checked.sources.path(b.id.span.file))
        ));
    }
    let text = formatted(&scaffold::bundle(&BundleFacts {
        id: &a.id,
        name: &a.name,
        lead: &a.lead,
        flow: match a.flow {
            Flow::Serial => FlowKind::Serial,
            Flow::Parallel => FlowKind::Parallel,
        },
        matters: &a.matters,
    }))?;
    place_spec(&root, BUNDLE_FOLDER, &a.id, &text, &a.read)
}
