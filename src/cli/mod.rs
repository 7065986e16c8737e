//! The command line: the only module that prints or writes files.

// Printing is this module's job; every other module is denied it (Cargo.toml, [lints]).
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod build;
mod excerpt;
pub(crate) mod explain;
mod fmt;
mod progress;
pub mod render;
mod report;
mod table;

use crate::driver;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
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

#[derive(Subcommand, Debug)]
enum Command {
    /// 检查事项目录，报告发现的问题
    Check(CheckArgs),
    /// 生成办事指南、一次性告知单、一件事指南、门户 JSON 和目录首页（有错误时不生成）
    Build(BuildArgs),
    /// 统计材料、跑动次数和时限，对照目标值生成报告
    Report(ReportArgs),
    /// 把事项描述文件整理为统一格式（--check 只检查不修改）
    Fmt(FmtArgs),
    /// 输出一件事的审批依赖图、关键路径和“办理前后”对比（或整个目录的证照依赖图）
    Graph(GraphArgs),
    /// 查看检查规则的说明（按编号或名称，如 E150 或 vague-wording）
    Explain(ExplainArgs),
}

#[derive(clap::Args, Debug)]
struct ReportArgs {
    /// 事项目录所在的文件夹
    #[arg(default_value = "catalogs")]
    catalog: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(clap::Args, Debug)]
struct CheckArgs {
    /// 事项目录所在的文件夹
    #[arg(default_value = "catalogs")]
    catalog: PathBuf,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    /// 有警告也按失败处理（退出码 1）
    #[arg(long)]
    deny_warnings: bool,
    /// 在结果后按规则和部门统计问题数（机器格式时输出到标准错误）
    #[arg(long)]
    statistics: bool,
    /// 只报告不在此基线文件中的问题
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    baseline: Option<PathBuf>,
    /// 把当前全部问题记入基线文件，并以 0 退出
    #[arg(long, value_name = "FILE")]
    write_baseline: Option<PathBuf>,
    /// 何时使用颜色
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// 不显示进度条（诊断照常输出；输出不是终端或使用机器格式时本就不显示）
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    read: ReadArgs,
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
enum CheckFormat {
    /// 供人阅读的诊断信息，标出出错的原文
    Human,
    /// 每个问题一行：文件:行:列: 编号 [名称] 说明
    Concise,
    /// JSON 数组，每个问题一个对象
    Json,
    /// SARIF 2.1.0（代码扫描平台）
    Sarif,
    /// GitHub Actions 注释命令
    Github,
    /// JUnit XML（每个文件一个测试用例）
    Junit,
}

#[derive(clap::Args, Debug)]
struct BuildArgs {
    /// 事项目录所在的文件夹
    #[arg(default_value = "catalogs")]
    catalog: PathBuf,
    /// 输出文件夹（整体替换，失败时保留原有内容）
    #[arg(long, default_value = "out")]
    out: PathBuf,
    /// 在页脚写入生成时间（默认不写，两次生成的文件逐字节相同）
    #[arg(long)]
    stamp: bool,
    /// 何时使用颜色
    #[arg(long, value_enum, default_value_t = Color::Auto)]
    color: Color,
    /// 不显示进度条和结尾的汇总行（输出不是终端时本就不显示进度条）
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(clap::Args, Debug)]
struct FmtArgs {
    /// 要格式化的文件或文件夹
    #[arg(default_value = "catalogs")]
    paths: Vec<PathBuf>,
    /// 只列出需要格式化的文件，不修改；有则以 1 退出
    #[arg(long)]
    check: bool,
    /// 文件编码：utf-8（默认），或 gb18030——不是 UTF-8 的文件按 GB18030 读取，格式化后存为 UTF-8
    #[arg(long, value_enum, default_value_t = SourceEncoding::Utf8)]
    encoding: SourceEncoding,
}

#[derive(clap::Args, Debug)]
struct GraphArgs {
    /// 事项目录所在的文件夹
    #[arg(default_value = "catalogs")]
    catalog: PathBuf,
    /// 一件事的名称；不写时输出整个目录的证照依赖图
    #[arg(long)]
    bundle: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
    format: GraphFormat,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum GraphFormat {
    /// JSON：关键路径、办理前后对比、节点和边
    Json,
    /// Graphviz DOT，部门为分组
    Dot,
    /// Mermaid 流程图，部门为分组
    Mermaid,
}

#[derive(clap::Args, Debug)]
struct ExplainArgs {
    /// 规则编号或名称
    rule: Option<String>,
    /// 列出全部规则的说明
    #[arg(long)]
    all: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// 供人阅读的诊断信息，标出出错的原文
    Human,
    /// JSON 数组，每个问题一个对象
    Json,
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

/// With `BANSHI_TIMINGS` set, the wall time of each stage goes to stderr.
fn print_timings(checked: &driver::Checked) {
    if std::env::var_os("BANSHI_TIMINGS").is_none() {
        return;
    }
    for lap in &checked.timings {
        let rss = lap
            .resident_bytes
            .map_or(String::new(), |b| format!("  RSS {:>6} MB", b / 1_000_000));
        eprintln!(
            "banshi: {:<14} {:>8.1} ms{rss}",
            lap.stage,
            lap.wall.as_secs_f64() * 1000.0
        );
    }
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match cli.command {
        Command::Check(args) => check(args),
        Command::Build(args) => build_site(args),
        Command::Report(args) => report(args),
        Command::Fmt(args) => fmt::run(&args.paths, args.check, args.encoding.into()),
        Command::Graph(args) => graph(args),
        Command::Explain(args) => explain::run(args.rule.as_deref(), args.all),
    }
}

fn use_color(choice: Color) -> bool {
    match choice {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
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

fn build_site(args: BuildArgs) -> ExitCode {
    // Before the catalog is read: a refused --out is known at once.
    if let Err(e) = build::check_out(&args.out, &args.catalog) {
        eprintln!("banshi: {e}");
        return ExitCode::from(2);
    }
    let options = args.read.options();
    let bar = progress::Bar::new();
    let progress: &dyn crate::progress::Progress = if progress::wanted(false, args.quiet) {
        &bar
    } else {
        &crate::progress::Silent
    };
    let checked = check_catalog(&args.catalog, &options, progress);
    let code = build_checked(&args, checked, progress);
    bar.finish();
    code
}

fn build_checked(
    args: &BuildArgs,
    checked: Result<&'static mut driver::Checked, ExitCode>,
    progress: &dyn crate::progress::Progress,
) -> ExitCode {
    let checked = match checked {
        Ok(c) => c,
        Err(code) => return code,
    };
    if name_unreadable(checked) {
        return ExitCode::from(2);
    }
    let counts = crate::diagnostic::Counts::of(&checked.diagnostics);
    if counts.errors > 0 {
        let mut out = std::io::stdout().lock();
        let _ = render::human(
            &mut out,
            checked,
            &checked.diagnostics,
            use_color(args.color),
        );
        eprintln!("banshi: 目录中有 {} 个错误，未生成任何文件", counts.errors);
        return ExitCode::from(1);
    }
    let overrides = match crate::load::templates(&args.catalog) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("banshi: {e}");
            return ExitCode::from(2);
        }
    };
    let report =
        crate::analysis::report::report(&checked.catalog, &checked.graph, &checked.sources);
    // From here on only file paths are needed; the text of a large catalog is a sixth of the
    // memory a build holds.
    checked.sources.release_texts();
    let stamp = args
        .stamp
        .then(|| jiff::Zoned::now().strftime("%Y-%m-%d %H:%M").to_string());
    let input = crate::emit::site::Input {
        catalog: &checked.catalog,
        graph: &checked.graph,
        sources: &checked.sources,
        report: &report,
        overrides: &overrides,
        stamp: stamp.as_deref(),
    };
    let samples: Vec<String> = checked
        .catalog
        .matters
        .iter()
        .flat_map(|m| {
            m.materials
                .iter()
                .filter_map(|x| x.sample.as_ref().map(|s| s.value.clone()))
        })
        .collect();
    let written = build::publish(&args.out, &args.catalog, &samples, |output| {
        crate::emit::site::build(&input, output, progress)
    });
    let written = match written {
        Ok(w) => w,
        Err(e) => {
            eprintln!("banshi: {e}");
            return ExitCode::from(2);
        }
    };
    if args.quiet {
        return ExitCode::SUCCESS;
    }
    let warnings = if counts.warnings > 0 {
        format!(
            "；目录中有 {} 个警告，运行 banshi check 查看",
            counts.warnings
        )
    } else {
        String::new()
    };
    println!(
        "已生成 {} 个文件（{:.1} MB）到 {}：{} 份办事指南、{} 份一次性告知单、{} 个一件事指南{warnings}",
        written.files,
        written.bytes as f64 / 1_048_576.0,
        crate::escape::path(&args.out),
        checked.catalog.matters.len(),
        checked.catalog.matters.len(),
        checked.catalog.bundles.len()
    );
    ExitCode::SUCCESS
}

fn check(args: CheckArgs) -> ExitCode {
    let options = args.read.options();
    let machine = !matches!(args.format, CheckFormat::Human | CheckFormat::Concise);
    let bar = progress::Bar::new();
    let progress: &dyn crate::progress::Progress = if progress::wanted(machine, args.quiet) {
        &bar
    } else {
        &crate::progress::Silent
    };
    let checked = check_catalog(&args.catalog, &options, progress);
    bar.finish();
    let checked = match checked {
        Ok(c) => c,
        Err(code) => return code,
    };
    print_timings(checked);
    if let Some(path) = &args.write_baseline {
        if let Err(why) = crate::load::writable_argument(path) {
            eprintln!(
                "banshi: 无法写入基线「{}」：{why}",
                crate::escape::path(path)
            );
            return ExitCode::from(2);
        }
        let baseline = crate::policy::baseline::Baseline::record(&checked.diagnostics);
        if let Err(e) = std::fs::write(path, baseline.to_json()) {
            eprintln!("banshi: 无法写入基线「{}」：{e}", crate::escape::path(path));
            return ExitCode::from(2);
        }
        eprintln!(
            "banshi: 已把 {} 个问题记入基线 {}",
            baseline.findings.len(),
            crate::escape::path(path)
        );
        return ExitCode::SUCCESS;
    }
    let mut diagnostics = checked.diagnostics.clone();
    let mut fixed = None;
    if let Some(path) = &args.baseline {
        let text = match crate::load::read_argument(path) {
            Ok(t) => t,
            Err(why) => {
                eprintln!(
                    "banshi: 无法读取基线「{}」：{why}",
                    crate::escape::path(path)
                );
                return ExitCode::from(2);
            }
        };
        let baseline = match crate::policy::baseline::Baseline::from_json(&text) {
            Ok(b) => b,
            Err(e) => {
                eprintln!(
                    "banshi: 基线「{}」格式不正确：{e}",
                    crate::escape::path(path)
                );
                return ExitCode::from(2);
            }
        };
        let (new, gone) = baseline.filter(diagnostics);
        diagnostics = new;
        fixed = Some((baseline.findings.len(), gone));
    }
    let color = use_color(args.color);
    let prefix = load_prefix(&args.catalog);
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        CheckFormat::Human => render::human(&mut out, checked, &diagnostics, color),
        CheckFormat::Concise => render::concise(&mut out, checked, &diagnostics),
        CheckFormat::Json => render::json(&mut out, checked, &diagnostics),
        CheckFormat::Sarif => render::sarif(&mut out, checked, &diagnostics, &prefix),
        CheckFormat::Github => render::github(&mut out, checked, &diagnostics, &prefix),
        CheckFormat::Junit => render::junit(&mut out, checked, &diagnostics),
    };
    let written = written.and_then(|()| {
        if let Some((total, gone)) = fixed {
            let line = format!(
                "基线中有 {total} 个问题，其中 {gone} 个已不再出现（已修复）；以上只列出基线以外的问题"
            );
            if machine {
                eprintln!("banshi: {line}");
            } else {
                writeln!(out, "{line}")?;
            }
        }
        if args.statistics {
            if machine {
                render::statistics(&mut std::io::stderr().lock(), &diagnostics)?;
            } else {
                render::statistics(&mut out, &diagnostics)?;
            }
        }
        out.flush()
    });
    if let Err(e) = written {
        // A closed pipe (`banshi check | head`) is not a failure of the check.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("banshi: 无法写出结果：{e}");
            return ExitCode::from(2);
        }
    }
    if name_unreadable(checked) {
        return ExitCode::from(2);
    }
    let counts = crate::diagnostic::Counts::of(&diagnostics);
    let failed = counts.errors > 0 || (args.deny_warnings && counts.warnings > 0);
    ExitCode::from(if failed { 1 } else { 0 })
}

/// The catalog folder as the user gave it, with `/` separators, to prefix file paths in CI
/// formats (annotations and SARIF want paths from the repository root).
fn load_prefix(catalog: &std::path::Path) -> String {
    let p = catalog.to_string_lossy().replace('\\', "/");
    let p = p.strip_prefix("./").unwrap_or(&p);
    p.trim_end_matches('/').to_string()
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
        eprintln!("banshi: 无法写出结果：{e}");
        return ExitCode::from(2);
    }
    ExitCode::from(code)
}

fn report(args: ReportArgs) -> ExitCode {
    let (checked, code) = match checked_for_report(&args.catalog, &args.read) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let report =
        crate::analysis::report::report(&checked.catalog, &checked.graph, &checked.sources);
    let text = match args.format {
        Format::Human => report::human(&report),
        Format::Json => match to_json(&report) {
            Ok(s) => s,
            Err(code) => return code,
        },
    };
    emit(&text, code)
}

fn graph(args: GraphArgs) -> ExitCode {
    use crate::analysis::bundle;
    let (checked, code) = match checked_for_report(&args.catalog, &args.read) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let catalog = &checked.catalog;
    let text = match &args.bundle {
        Some(id) => {
            let Some(b) = catalog.bundles.iter().find(|b| &b.id.text == id) else {
                let ids = catalog.bundles.iter().map(|b| b.id.text.as_str());
                let suggestion = crate::suggest::closest(id, ids);
                // Both names are shown on the terminal: the asked one and the catalog's.
                let id = crate::escape::terminal(id);
                match suggestion.map(|s| crate::escape::terminal(s).into_owned()) {
                    Some(s) => eprintln!("banshi: 没有名为「{id}」的一件事。您是不是想写「{s}」？"),
                    None => eprintln!("banshi: 没有名为「{id}」的一件事"),
                }
                return ExitCode::from(2);
            };
            let f = bundle::figures(catalog, &checked.graph, b);
            match args.format {
                GraphFormat::Json => match to_json(&f) {
                    Ok(s) => s,
                    Err(code) => return code,
                },
                GraphFormat::Dot => crate::emit::graph::dot(&f.name, &f.nodes, &f.edges),
                GraphFormat::Mermaid => crate::emit::graph::mermaid(&f.name, &f.nodes, &f.edges),
            }
        }
        None => {
            let g = bundle::catalog_graph(catalog, &checked.graph);
            let title = catalog
                .config
                .name
                .as_ref()
                .map_or("证照依赖图".to_string(), |n| {
                    format!("{}：证照依赖图", n.value)
                });
            match args.format {
                GraphFormat::Json => match to_json(&g) {
                    Ok(s) => s,
                    Err(code) => return code,
                },
                GraphFormat::Dot => crate::emit::graph::dot(&title, &g.nodes, &g.edges),
                GraphFormat::Mermaid => crate::emit::graph::mermaid(&title, &g.nodes, &g.edges),
            }
        }
    };
    emit(&text, code)
}
