//! `banshi graph`: a bundle's dependency graph, critical path and before/after figures, or the
//! catalog's evidence graph, as JSON, DOT or Mermaid.

use super::{ReadArgs, checked_for_report, emit, to_json};
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// 事项目录所在的文件夹
    #[arg(default_value = "catalogs")]
    pub catalog: PathBuf,
    /// 一件事的名称；不写时输出整个目录的证照依赖图
    #[arg(long)]
    pub bundle: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = GraphFormat::Json)]
    pub format: GraphFormat,
    #[command(flatten)]
    pub read: ReadArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    /// JSON：关键路径、办理前后对比、节点和边
    Json,
    /// Graphviz DOT，部门为分组
    Dot,
    /// Mermaid 流程图，部门为分组
    Mermaid,
}

pub fn run(args: GraphArgs) -> ExitCode {
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
