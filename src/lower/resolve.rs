//! Name resolution against the registries: every department, law and evidence a matter or a
//! bundle names gets its registry id, or an `unknown-reference` diagnostic.
//!
//! It is a pass of its own, after the per-file lowering, so that files can be parsed and
//! lowered while the registries are still being decoded (the evidence catalog of a large
//! province is megabytes of YAML).

use super::names::report_unknown;
use crate::diagnostic::Sink;
use crate::model::*;

pub struct Resolver<'a> {
    pub registry: &'a Registry,
}

impl Resolver<'_> {
    pub fn matter(&self, m: &mut Matter, sink: &mut Sink) {
        if let Some(d) = &mut m.department {
            self.department(d, sink);
        }
        for c in &mut m.basis {
            self.citation(c, sink);
        }
        for c in &mut m.conditions {
            if let Some(b) = &mut c.basis {
                self.citation(b, sink);
            }
        }
        for material in &mut m.materials {
            if let Some(e) = &mut material.evidence {
                self.evidence(e, sink);
            }
            if let Some(b) = &mut material.basis {
                self.citation(b, sink);
            }
        }
        if let Some(Fee::Items(_, items)) = &mut m.fee {
            for item in items {
                if let Some(b) = &mut item.basis {
                    self.citation(b, sink);
                }
            }
        }
        if let Some(r) = &mut m.result
            && let Some(e) = &mut r.evidence
        {
            self.evidence(e, sink);
        }
    }

    pub fn bundle(&self, b: &mut Bundle, sink: &mut Sink) {
        if let Some(lead) = &mut b.lead {
            self.department(lead, sink);
        }
    }

    fn department(&self, r: &mut Ref<DeptId>, sink: &mut Sink) {
        r.target = self.registry.department_id(&r.name);
        if r.target.is_none() && self.registry.complete.departments {
            report_unknown(
                sink,
                "部门",
                "部门登记表",
                &r.name,
                r.span,
                self.registry
                    .departments
                    .iter()
                    .map(|d| d.id.value.as_str()),
            );
        }
    }

    fn evidence(&self, r: &mut Ref<EvidenceId>, sink: &mut Sink) {
        r.target = self.registry.evidence_id(&r.name);
        if r.target.is_none() && self.registry.complete.evidence {
            report_unknown(
                sink,
                "证照",
                "证照目录",
                &r.name,
                r.span,
                self.registry.evidence.iter().map(|e| e.id.value.as_str()),
            );
        }
    }

    fn citation(&self, c: &mut Citation, sink: &mut Sink) {
        let r = &mut c.law;
        r.target = self.registry.law_id(&r.name);
        if r.target.is_none() && self.registry.complete.laws {
            report_unknown(
                sink,
                "法规",
                "法规登记表",
                &r.name,
                r.span,
                self.registry.laws.iter().map(|l| l.id.value.as_str()),
            );
        }
    }
}
