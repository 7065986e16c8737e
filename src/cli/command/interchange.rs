//! `banshi import xlsx` and `banshi export xlsx`: the implementation list as a workbook.
//!
//! Import writes a new catalog as `new catalog` does (a hidden sibling folder, renamed into
//! place only when every file is written), then checks it. Export writes one `.xlsx` file,
//! never over a file that is there unless `--force` is given, and then only through a
//! temporary file renamed over it, so a failed export leaves the old workbook whole.

use super::new::{describe, stage, vacant_folder};
use crate::cli::{ReadArgs, name_unreadable, render, to_json};
use crate::diagnostic::Counts;
use crate::driver;
use crate::interchange::{export, import, read};
use clap::{Subcommand, ValueEnum};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    #[command(subcommand)]
    what: ImportWhat,
}

#[derive(Subcommand, Debug)]
enum ImportWhat {
    /// 从政务服务事项实施清单工作簿（.xlsx）生成事项目录，并写出导入报告 import-report.md
    Xlsx(ImportXlsx),
}

#[derive(clap::Args, Debug)]
struct ImportXlsx {
    /// 实施清单工作簿（.xlsx）
    #[arg(value_name = "WORKBOOK")]
    workbook: PathBuf,
    /// 生成的事项目录：不存在的或空的文件夹
    #[arg(long, value_name = "CATALOG")]
    out: PathBuf,
    /// 列映射文件（import.yaml）：工作簿的列名与 banshi 列名不同时，写明哪一列是什么
    #[arg(long, value_name = "FILE")]
    mapping: Option<PathBuf>,
    /// 目录名称（工作簿没有「目录」工作表时必须给出）
    #[arg(long, value_name = "NAME")]
    name: Option<String>,
    /// 6 位行政区划代码（工作簿没有「目录」工作表时必须给出）
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// 终端输出的格式：导入摘要，或导入报告的 JSON
    #[arg(long, value_enum, default_value_t = ReportFormat::Human)]
    format: ReportFormat,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    /// 供人阅读的摘要
    Human,
    /// 导入报告的 JSON 对象（与 import-report.md 内容相同）
    Json,
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    #[command(subcommand)]
    what: ExportWhat,
}

#[derive(Subcommand, Debug)]
enum ExportWhat {
    /// 把事项目录写成实施清单工作簿（.xlsx）：事项、材料、一件事和登记表各一张工作表
    Xlsx(ExportXlsx),
}

#[derive(clap::Args, Debug)]
struct ExportXlsx {
    /// 事项目录所在的文件夹；省略时从当前文件夹向上查找 banshi.yaml
    catalog: Option<PathBuf>,
    /// 写出的工作簿（.xlsx）
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// 文件已存在时替换它（默认不覆盖任何已有文件）
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    read: ReadArgs,
}

type Refusal = String;

fn refused(why: Refusal) -> ExitCode {
    eprintln!("banshi: {why}");
    ExitCode::from(2)
}

pub fn run_import(args: ImportArgs) -> ExitCode {
    let ImportWhat::Xlsx(a) = args.what;
    import_xlsx(&a).unwrap_or_else(refused)
}

pub fn run_export(args: ExportArgs) -> ExitCode {
    let ExportWhat::Xlsx(a) = args.what;
    export_xlsx(&a).unwrap_or_else(refused)
}

fn import_xlsx(a: &ImportXlsx) -> Result<ExitCode, Refusal> {
    let (parent, folder) = vacant_folder(&a.out)?;
    if let Some(r) = &a.region
        && !(r.len() == 6 && r.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(format!(
            "--region「{}」不是 6 位数字的行政区划代码（如 320402）",
            crate::escape::terminal(r)
        ));
    }
    let mapping = match &a.mapping {
        None => import::Mapping::default(),
        Some(p) => {
            let shown = crate::escape::path(p);
            let text = std::fs::read_to_string(p)
                .map_err(|e| format!("无法读取列映射文件「{shown}」：{}", describe(&e)))?;
            serde_yaml::from_str(&text).map_err(|e| {
                format!(
                    "列映射文件「{shown}」写法不对：{}（可用的键：sheet、header_row、columns、materials_sheet）",
                    crate::escape::terminal(&e.to_string())
                )
            })?
        }
    };
    let tables = read::workbook(&a.workbook).map_err(|e| e.to_string())?;
    let given = import::Given {
        name: a.name.clone(),
        region: a.region.clone(),
    };
    let imported = import::import(&tables, &mapping, &given)
        .map_err(|why| format!("工作簿「{}」：{why}", crate::escape::path(&a.workbook)))?;
    let staging = stage(&parent, &folder, &imported.files)?;
    let withdraw = |why: Refusal| -> Refusal {
        let _ = std::fs::remove_dir_all(&staging);
        why
    };
    let checked =
        driver::check(&staging, &a.read.options()).map_err(|e| withdraw(e.to_string()))?;
    if name_unreadable(&checked) {
        return Err(withdraw(
            "生成的目录中有文件无法读取，未创建目录".to_string(),
        ));
    }
    let workbook_name = a
        .workbook
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let md = render::import::markdown(&workbook_name, &imported.report, &checked.diagnostics);
    super::new::write_new(&staging.join("import-report.md"), &md).map_err(withdraw)?;
    std::fs::rename(&staging, &a.out).map_err(|e| {
        withdraw(format!(
            "无法创建「{}」：{}（它可能刚被写入了文件），未做任何修改",
            crate::escape::path(&a.out),
            describe(&e)
        ))
    })?;
    let counts = Counts::of(&checked.diagnostics);
    let code = if counts.errors > 0 { 1 } else { 0 };
    let t = &imported.report.totals;
    if a.format == ReportFormat::Json {
        let json = to_json(&imported.report).unwrap_or_default();
        let mut out = std::io::stdout().lock();
        let _ = out.write_all(json.as_bytes());
        return Ok(ExitCode::from(code));
    }
    let shown = crate::escape::path(&a.out);
    println!(
        "已从工作簿生成事项目录「{shown}」：{} 个事项、{} 个一件事",
        t.matters, t.bundles
    );
    let cells = t.fields + t.unverified;
    println!(
        "非空单元格 {cells} 个：{} 个成为字段（{}，其中 {} 个按约定读取），{} 个未能读取、写作待核（{}）；必填而为空的 {} 个写作待核",
        t.fields,
        render::import::percent(t.fields, cells),
        t.read,
        t.unverified,
        render::import::percent(t.unverified, cells),
        t.empty
    );
    println!(
        "检查：{} 个错误，{} 个警告；逐项说明见「{shown}/import-report.md」，运行 banshi check {shown} 查看",
        counts.errors, counts.warnings
    );
    Ok(ExitCode::from(code))
}

fn export_xlsx(a: &ExportXlsx) -> Result<ExitCode, Refusal> {
    let shown = crate::escape::path(&a.out);
    let is_xlsx = a
        .out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if !is_xlsx {
        return Err(format!("只写扩展名为 .xlsx 的工作簿，「{shown}」不是"));
    }
    match std::fs::symlink_metadata(&a.out) {
        Ok(m) if !m.is_file() => {
            return Err(format!("「{shown}」已存在且不是普通文件，不予覆盖"));
        }
        Ok(_) if !a.force => {
            return Err(format!("「{shown}」已存在，不予覆盖；确要替换时加 --force"));
        }
        _ => {}
    }
    let root = crate::cli::catalog_of(a.catalog.as_deref()).map_err(|_| String::new());
    let Ok(root) = root else {
        return Ok(ExitCode::from(2));
    };
    let checked = driver::check(&root, &a.read.options()).map_err(|e| e.to_string())?;
    if name_unreadable(&checked) {
        return Err("目录中有文件无法读取，未导出".to_string());
    }
    let bytes = export::workbook(&checked).map_err(|r| r.to_string())?;
    write_replacing(&a.out, &bytes)?;
    let counts = Counts::of(&checked.diagnostics);
    println!(
        "已写出工作簿「{shown}」：{} 个事项、{} 个一件事",
        checked.catalog.matters.len(),
        checked.catalog.bundles.len()
    );
    if !checked.catalog.config.rules.is_empty() || !checked.catalog.config.overrides.is_empty() {
        println!("banshi.yaml 中的 rules 和 overrides 不写入工作簿，导入后须照原样补回");
    }
    if counts.errors > 0 {
        eprintln!(
            "banshi: 目录中有 {} 个错误，已照原样导出；运行 banshi check 查看",
            counts.errors
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes `bytes` to a temporary file beside `path` and renames it over `path`.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<(), Refusal> {
    let shown = crate::escape::path(path);
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(format!(
            "文件夹「{}」不存在：请先创建它",
            crate::escape::path(&dir)
        ));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.banshi-tmp", std::process::id()));
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&tmp)
        .and_then(|mut f| {
            f.write_all(bytes)?;
            f.sync_all()
        });
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(format!("无法写入「{shown}」：{}", describe(&e)));
    }
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        format!("无法写入「{shown}」：{}", describe(&e))
    })
}
