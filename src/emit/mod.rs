//! Artifacts. Emitters turn model and analysis data into text; they never read the
//! syntax tree, never print and never write files (the CLI does).

pub mod doc;
pub mod graph;
pub mod site;
pub mod svg;
pub mod view;
pub mod words;
