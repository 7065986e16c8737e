//! The command line: the only module that prints or writes files. Each subcommand is in
//! `command/`, each output format in `render/`; what is here is shared by several commands.

// Printing is this module's job; every other module is denied it (Cargo.toml, [lints]).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod clap_zh;
mod command;
pub mod locate;
mod output;
mod pdf;
mod preview;
mod progress;
pub mod render;

use crate::driver;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use command::{
    build, check, explain, fmt, graph, interchange, new, preview as preview_command, report,
};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Parser, Debug)]
#[command(
    name = "banshi",
    version,
    about = "办事：政务服务事项目录编译器——检查事项描述、生成办事指南",
    long_about = "banshi 读取按事项描述语言编写的政务服务事项目录，检查其中的问题\n（模糊兜底用语、时限矛盾、依据失效、引用错误……），并生成办事指南。",
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

// Parsed once per run and matched at once: the size of the largest variant (`new catalog`'s
// facts) costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
enum Command {
    /// 检查事项目录，报告发现的问题
    Check(check::Args),
    /// 生成办事指南、一次性告知单、一件事指南、门户 JSON 和目录首页（有错误时不生成）
    Build(build::Args),
    /// 在本机（127.0.0.1）预览生成的站点：目录中的文件一改动就重新生成并刷新页面
    Preview(preview_command::Args),
    /// 统计材料、跑动次数和时限，对照目标值生成报告
    Report(report::Args),
    /// 把事项描述文件整理为统一格式（--check 只检查不修改）
    Fmt(fmt::Args),
    /// 输出一件事的审批依赖图、关键路径和“办理前后”对比（或整个目录的证照依赖图）
    Graph(graph::Args),
    /// 查看检查规则的说明（按编号或名称，如 E150 或 vague-wording）
    Explain(explain::Args),
    /// 新建事项目录、事项或一件事的骨架：给出的事实照写，尚未核实的写成“待核”
    New(new::Args),
    /// 从实施清单工作簿（Excel）导入事项目录：读不懂的单元格写成“待核”，不做猜测
    Import(interchange::ImportArgs),
    /// 把事项目录导出为实施清单工作簿（Excel），可在各部门间传阅修改后再导入
    Export(interchange::ExportArgs),
}

/// How the catalog is read: options shared by every command that checks a catalog.
#[derive(clap::Args, Debug)]
struct ReadArgs {
    /// 按指定日期（YYYY-MM-DD）判断法规是否已废止或尚未施行，默认为今天
    #[arg(long, value_parser = parse_date)]
    today: Option<jiff::civil::Date>,
    /// 文件编码：utf-8（默认），或 gb18030——不是 UTF-8 的文件按 GB18030（兼容 GBK、GB2312）读取
    #[arg(long, value_enum, default_value_t = SourceEncoding::Utf8)]
    encoding: SourceEncoding,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum SourceEncoding {
    /// UTF-8
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// GB18030（兼容 GBK、GB2312）
    #[value(name = "gb18030", alias = "gbk")]
    Gb18030,
}

impl ReadArgs {
    fn options(&self) -> driver::Options {
        driver::Options {
            today: self.today,
            encoding: self.encoding.into(),
        }
    }
}

impl From<SourceEncoding> for crate::load::Encoding {
    fn from(e: SourceEncoding) -> Self {
        match e {
            SourceEncoding::Utf8 => crate::load::Encoding::Utf8,
            SourceEncoding::Gb18030 => crate::load::Encoding::Gb18030,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Color {
    Auto,
    Always,
    Never,
}

fn parse_date(s: &str) -> Result<jiff::civil::Date, String> {
    s.parse()
        .map_err(|_| format!("「{s}」不是 YYYY-MM-DD 格式的日期"))
}

pub fn main() -> ExitCode {
    let mut cmd = clap_zh::localize(Cli::command());
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let parsed = cmd
        .try_get_matches_from_mut(&args)
        .and_then(|mut m| Cli::from_arg_matches_mut(&mut m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let args: Vec<String> = args
                .iter()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            return usage_error(&e, &cmd, &args);
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Build(args) => build::run(args),
        Command::Preview(args) => preview_command::run(args),
        Command::Report(args) => report::run(args),
        Command::Fmt(args) => fmt::run(args),
        Command::Graph(args) => graph::run(args),
        Command::Explain(args) => explain::run(args),
        Command::New(args) => new::run(args),
        Command::Import(args) => interchange::run_import(args),
        Command::Export(args) => interchange::run_export(args),
    }
}

/// Help and version go to stdout with 0; a wrong invocation gets clap's error in Chinese on
/// stderr with 2. Help shown because arguments are missing (`banshi` alone) is clap's own text,
/// already Chinese, and still an error.
fn usage_error(e: &clap::Error, cmd: &clap::Command, args: &[String]) -> ExitCode {
    use clap::error::ErrorKind;
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(if e.use_stderr() { 2 } else { 0 })
        }
        _ => {
            eprint!("{}", clap_zh::error(e, cmd, args));
            ExitCode::from(2)
        }
    }
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    }
}

/// The catalog folder of a command given at most one path (see [`locate`]); the error is
/// printed.
pub(crate) fn catalog_of(path: Option<&std::path::Path>) -> Result<std::path::PathBuf, ExitCode> {
    let paths: Vec<std::path::PathBuf> =
        path.map(std::path::Path::to_path_buf).into_iter().collect();
    match locate::locate(&paths) {
        Ok(t) => Ok(t.root),
        Err(why) => {
            eprintln!("banshi: {why}");
            Err(ExitCode::from(2))
        }
    }
}

/// Checks a catalog for a command. The result is leaked on purpose: the process ends with the
/// command, and freeing a large catalog's millions of small allocations one by one would only
/// delay the exit (rustc does the same).
fn check_catalog(
    catalog: &std::path::Path,
    options: &driver::Options,
    progress: &dyn crate::progress::Progress,
) -> Result<&'static mut driver::Checked, ExitCode> {
    match driver::check_with_progress(catalog, options, progress) {
        Ok(c) => Ok(Box::leak(Box::new(c))),
        Err(e) => {
            eprintln!("banshi: {e}");
            Err(ExitCode::from(2))
        }
    }
}

/// Names on stderr every file of the catalog that could not be read (unreadable, a dangling
/// link, a pipe …); whether there was one. Every command that reads a catalog does this and
/// then exits 2: results without those files are not the catalog's.
fn name_unreadable(checked: &driver::Checked) -> bool {
    for failure in &checked.io_failures {
        eprintln!(
            "banshi: 无法读取「{}」：{}",
            crate::escape::terminal(&failure.path),
            crate::escape::terminal(&failure.message)
        );
    }
    !checked.io_failures.is_empty()
}

/// Checks the catalog for a command that reports on it; errors in the catalog are announced on
/// stderr (the figures may be incomplete) and decide the exit code.
fn checked_for_report(
    catalog: &std::path::Path,
    read: &ReadArgs,
) -> Result<(&'static driver::Checked, u8), ExitCode> {
    let options = read.options();
    let checked = check_catalog(catalog, &options, &crate::progress::Silent)?;
    if name_unreadable(checked) {
        eprintln!("banshi: 目录中有文件无法读取，结果不完整，未输出");
        return Err(ExitCode::from(2));
    }
    let counts = crate::diagnostic::Counts::of(&checked.diagnostics);
    if counts.errors > 0 {
        eprintln!(
            "banshi: 目录中有 {} 个错误，以下结果可能不完整；运行 banshi check 查看",
            counts.errors
        );
    }
    Ok((checked, if counts.errors > 0 { 1 } else { 0 }))
}

fn to_json(value: &impl serde::Serialize) -> Result<String, ExitCode> {
    serde_json::to_string_pretty(value)
        .map(|s| s + "\n")
        .map_err(|e| {
            eprintln!("banshi: {e}");
            ExitCode::from(2)
        })
}

/// Writes `text` to stdout; `code` is the exit code unless writing fails.
fn emit(text: &str, code: u8) -> ExitCode {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("banshi: 无法写出结果：{}", crate::os_error::describe(&e));
        return ExitCode::from(2);
    }
    ExitCode::from(code)
}
