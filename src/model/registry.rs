//! The catalog configuration and the three registries (departments, laws, evidence), with the
//! spans of their YAML entries so that checks can point into the YAML files.

use super::words::{Level, Rank};
use crate::source::{Span, Spanned};
use std::collections::HashMap;

/// `banshi.yaml`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Config {
    pub name: Option<Spanned<String>>,
    pub region: Option<Spanned<String>>,
    /// `edition:` — the catalog's version as its publisher names it (`2026年第1版`), printed
    /// on booklet covers.
    pub edition: Option<Spanned<String>>,
    /// `date:` — the 编制日期 printed on booklet covers. A build never takes today's date in
    /// its place: two builds of one catalog must print the same cover.
    pub date: Option<Spanned<jiff::civil::Date>>,
    /// `rules:` — severity overrides for the whole catalog.
    pub rules: Vec<RuleSetting>,
    /// `overrides:` — severity overrides for the files under a folder.
    pub overrides: Vec<FolderOverride>,
}

/// `<rule>: error | warning | off`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleSetting {
    /// A rule code or name, as written.
    pub rule: Spanned<String>,
    pub level: Spanned<super::words::RuleLevel>,
}

/// `- path: <folder>/ rules: { … }`
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderOverride {
    /// A folder relative to the catalog, `/` separators.
    pub path: Spanned<String>,
    pub rules: Vec<RuleSetting>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeptId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LawId(pub u32);
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EvidenceId(pub u32);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Department {
    pub id: Spanned<String>,
    /// The whole entry (its first line is where "this department" is pointed at).
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub credit_code: Option<Spanned<String>>,
    pub level: Option<Spanned<Level>>,
    /// Its division code when it differs from the catalog's region (a 街道: 9 digits).
    pub region: Option<Spanned<String>>,
}

impl Department {
    /// The full official name, or the id when the name is missing.
    pub fn display_name(&self) -> &str {
        self.name.as_ref().map_or(&self.id.value, |n| &n.value)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Law {
    /// Exactly the title written inside 《》.
    pub id: Spanned<String>,
    pub span: Span,
    pub rank: Option<Spanned<Rank>>,
    pub issuer: Option<Spanned<String>>,
    pub number: Option<Spanned<String>>,
    pub effective: Option<Spanned<jiff::civil::Date>>,
    pub repealed: Option<Spanned<jiff::civil::Date>>,
    pub articles: Option<Spanned<u32>>,
}

/// Who issues an evidence: a registered department, or a body outside the registry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issuer {
    Department(super::Ref<DeptId>),
    Named(Spanned<String>),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Evidence {
    pub id: Spanned<String>,
    pub span: Span,
    pub name: Option<Spanned<String>>,
    pub issuer: Option<Issuer>,
    /// Obtainable by the handling department through data sharing / 电子证照库.
    pub shared: bool,
}

impl Evidence {
    pub fn display_name(&self) -> &str {
        self.name.as_ref().map_or(&self.id.value, |n| &n.value)
    }

    /// The issuing department when it is in the registry.
    pub fn issuer_department(&self) -> Option<DeptId> {
        match &self.issuer {
            Some(Issuer::Department(r)) => r.target,
            _ => None,
        }
    }
}

/// Which registries were read in full. A registry file that is missing or not YAML has already
/// been reported; references into it are then not reported a second time, one by one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Completeness {
    pub departments: bool,
    pub laws: bool,
    pub evidence: bool,
}

/// The three registries, with lookup tables by id (first definition wins; duplicates are
/// reported while loading). The tables are hash maps: they are only looked up, never iterated,
/// so their order cannot reach any output, and a province's evidence catalog is large.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Registry {
    pub departments: Vec<Department>,
    pub laws: Vec<Law>,
    pub evidence: Vec<Evidence>,
    pub complete: Completeness,
    department_index: HashMap<String, DeptId>,
    law_index: HashMap<String, LawId>,
    evidence_index: HashMap<String, EvidenceId>,
}

impl Registry {
    pub fn new(
        departments: Vec<Department>,
        laws: Vec<Law>,
        evidence: Vec<Evidence>,
        complete: Completeness,
    ) -> Self {
        fn index<T, I: Copy>(
            items: &[T],
            id: impl Fn(&T) -> &str,
            make: impl Fn(u32) -> I,
        ) -> HashMap<String, I> {
            let mut map = HashMap::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                let n = u32::try_from(i).unwrap_or(u32::MAX);
                map.entry(id(item).to_string()).or_insert(make(n));
            }
            map
        }
        Registry {
            department_index: index(&departments, |d| &d.id.value, DeptId),
            law_index: index(&laws, |l| &l.id.value, LawId),
            evidence_index: index(&evidence, |e| &e.id.value, EvidenceId),
            departments,
            laws,
            evidence,
            complete,
        }
    }

    pub fn department_id(&self, id: &str) -> Option<DeptId> {
        self.department_index.get(id).copied()
    }
    pub fn law_id(&self, id: &str) -> Option<LawId> {
        self.law_index.get(id).copied()
    }
    pub fn evidence_id(&self, id: &str) -> Option<EvidenceId> {
        self.evidence_index.get(id).copied()
    }

    pub fn department(&self, id: DeptId) -> Option<&Department> {
        self.departments.get(id.0 as usize)
    }
    pub fn law(&self, id: LawId) -> Option<&Law> {
        self.laws.get(id.0 as usize)
    }
    pub fn evidence(&self, id: EvidenceId) -> Option<&Evidence> {
        self.evidence.get(id.0 as usize)
    }
}
