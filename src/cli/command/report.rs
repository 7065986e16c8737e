//! `banshi report`: the catalog's figures (materials, visits, time limits) against the targets.

use crate::cli::{ReadArgs, checked_for_report, emit, render, to_json};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 事项目录所在的文件夹
    catalog: Option<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// 供人阅读的统计表：全目录（对照目标值）、一件事、各部门、各事项
    Human,
    /// JSON 对象：与统计表相同的数字，供程序读取
    Json,
}

impl Args {
    /// The catalog folder, once `run` has found it.
    fn root(&self) -> &std::path::Path {
        self.catalog.as_deref().unwrap_or(std::path::Path::new("."))
    }
}

pub fn run(args: Args) -> ExitCode {
    let mut args = args;
    match crate::cli::catalog_of(args.catalog.as_deref()) {
        Ok(root) => args.catalog = Some(root),
        Err(code) => return code,
    }
    let (checked, code) = match checked_for_report(args.root(), &args.read) {
        Ok(x) => x,
        Err(code) => return code,
    };
    let report =
        crate::analysis::report::report(&checked.catalog, &checked.graph, &checked.sources);
    let text = match args.format {
        Format::Human => render::report::human(&report),
        Format::Json => match to_json(&report) {
            Ok(s) => s,
            Err(code) => return code,
        },
    };
    emit(&text, code)
}
