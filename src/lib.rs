//! banshi — a compiler for China's government service catalogs (政务服务事项目录).
//!
//! The pipeline, one stage per module, data flowing one way:
//!
//! 1. [`load`] finds the catalog's files and reads them into [`source::Sources`];
//! 2. [`syntax`] parses each `.banshi` file (pest, `grammar/banshi.pest`) into a spanned syntax
//!    tree; [`registry`] reads `banshi.yaml` and `registry/*.yaml` into spanned records;
//! 3. [`lower`] turns syntax trees into the typed [`model`], resolving every name;
//! 4. [`graph`] builds the approval dependency graph (petgraph); [`check`] runs the rules over
//!    the model and the graph; [`policy`] applies suppressions and severity settings and gives
//!    each finding its fingerprint;
//! 5. [`analysis`] computes figures over the checked model (report, bundle critical paths), as
//!    data; [`emit`] turns data into artifacts: portal documents, one view model per page, the
//!    site rendered from templates that only lay views out, SVG, DOT and Mermaid;
//! 6. [`driver`] runs the stages in order; only [`cli`] prints or writes files.
//!
//! `docs/architecture.md` is the map of folders and where to add a rule, a field or a format.
//!
//! Invariants kept throughout:
//! - problems in a catalog are [`diagnostic::Diagnostic`] values pushed into a sink, never Rust
//!   errors or panics; operational failures are the small [`error::Error`] enum (exit code 2);
//! - the model never imports pest; checks return diagnostics as data, never text on a terminal;
//! - output is deterministic: sources in path order, `Vec`s and `BTreeMap`s, sorted diagnostics;
//! - every rule is declared once, next to the code that emits it, listed once by its stage and gathered into the one table of [`rules`].

// pest is built without its `std` feature (see `syntax::nesting` for why), and the parser that
// pest_derive generates then names the `alloc` crate.
extern crate alloc;

pub mod analysis;
pub mod check;
pub mod cli;
pub mod codes;
pub mod diagnostic;
pub mod driver;
pub mod emit;
pub mod error;
pub mod escape;
pub mod graph;
pub mod interchange;
pub mod layout;
pub mod load;
pub mod lower;
pub mod model;
pub mod numeral;
pub mod os_error;
pub mod policy;
pub mod progress;
pub mod registry;
pub mod rules;
pub mod scaffold;
pub mod source;
pub mod suggest;
pub mod syntax;
