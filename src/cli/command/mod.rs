//! One file per subcommand, each with its arguments and its `run`.

pub(super) mod build;
pub(super) mod check;
pub(super) mod explain;
pub(super) mod fmt;
pub(super) mod graph;
pub(super) mod interchange;
pub(super) mod new;
pub(super) mod preview;
pub(super) mod report;
