//! `banshi graph`: a bundle's approval dependencies, or the catalog's licence dependencies, as
//! JSON, DOT or Mermaid.

use crate::analysis::bundle;
use crate::cli::{ReadArgs, checked_for_report, emit, to_json};
use crate::driver::Checked;
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// 事项目录所在的文件夹
    catalog: Option<PathBuf>,
    /// 一件事的名称；不写时输出整个目录的证照依赖图
    #[arg(long)]
    bundle: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    #[command(flatten)]
    read: ReadArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// JSON：关键路径、办理前后对比、节点和边
    Json,
    /// Graphviz DOT，部门为分组
    Dot,
    /// Mermaid 流程图，部门为分组
    Mermaid,
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
    let text = match &args.bundle {
        Some(id) => bundle_graph(checked, id, args.format),
        None => catalog_graph(checked, args.format),
    };
    match text {
        Ok(text) => emit(&text, code),
        Err(code) => code,
    }
}

/// One bundle's graph; a name that is no bundle's is refused with the closest one.
fn bundle_graph(checked: &Checked, id: &str, format: Format) -> Result<String, ExitCode> {
    let catalog = &checked.catalog;
    let Some(b) = catalog.bundles.iter().find(|b| b.id.text == id) else {
        let ids = catalog.bundles.iter().map(|b| b.id.text.as_str());
        let suggestion = crate::suggest::closest(id, ids);
        // Both names are shown on the terminal: the asked one and the catalog's.
        let id = crate::escape::terminal(id);
        match suggestion.map(|s| crate::escape::terminal(s).into_owned()) {
            Some(s) => eprintln!("banshi: 没有名为「{id}」的一件事。您是不是想写「{s}」？"),
            None => eprintln!("banshi: 没有名为「{id}」的一件事"),
        }
        return Err(ExitCode::from(2));
    };
    let f = bundle::figures(catalog, &checked.graph, b);
    Ok(match format {
        Format::Json => to_json(&f)?,
        Format::Dot => crate::emit::graph::dot(&f.name, &f.nodes, &f.edges),
        Format::Mermaid => crate::emit::graph::mermaid(&f.name, &f.nodes, &f.edges),
    })
}

/// The whole catalog's licence dependency graph.
fn catalog_graph(checked: &Checked, format: Format) -> Result<String, ExitCode> {
    let catalog = &checked.catalog;
    let g = bundle::catalog_graph(catalog, &checked.graph);
    let title = catalog
        .config
        .name
        .as_ref()
        .map_or("证照依赖图".to_string(), |n| {
            format!("{}：证照依赖图", n.value)
        });
    Ok(match format {
        Format::Json => to_json(&g)?,
        Format::Dot => crate::emit::graph::dot(&title, &g.nodes, &g.edges),
        Format::Mermaid => crate::emit::graph::mermaid(&title, &g.nodes, &g.edges),
    })
}
