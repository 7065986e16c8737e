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
        if let Some(Body::Department(d)) = &mut m.accepting {
            self.department(d, sink);
        }
        if let Some(d) = &mut m.deciding {
            self.department(d, sink);
        }
        if let Some(e) = &mut m.entrust {
            self.department(&mut e.department, sink);
            self.citation(&mut e.basis, sink);
        }
        for c in &mut m.basis {
            self.citation(c, sink);
        }
        self.conditions(&mut m.conditions, sink);
        self.materials(&mut m.materials, sink);
        if let Some(Fee::Items(_, items)) = &mut m.fee {
            for item in items {
                if let Some(b) = &mut item.basis {
                    self.citation(b, sink);
                }
                for r in &mut item.reliefs {
                    if let Some(b) = &mut r.basis {
                        self.citation(b, sink);
                    }
                }
            }
        }
        if let Some(e) = m.time.as_mut().and_then(|t| t.extension.as_mut()) {
            self.citation(&mut e.basis, sink);
        }
        if let Some(r) = &mut m.result
            && let Some(e) = &mut r.evidence
        {
            self.evidence(e, sink);
        }
        if let Some(steps) = &mut m.steps {
            for step in &mut steps.steps {
                if let Some(b) = &mut step.body {
                    self.department(b, sink);
                }
            }
        }
        for v in &mut m.variants {
            self.matter(&mut v.own, sink);
        }
    }

    fn conditions(&self, conditions: &mut [Condition], sink: &mut Sink) {
        for c in conditions {
            if let Some(b) = &mut c.basis {
                self.citation(b, sink);
            }
        }
    }

    fn materials(&self, materials: &mut [Material], sink: &mut Sink) {
        for material in materials {
            if let Some(e) = &mut material.evidence {
                self.evidence(e, sink);
            }
            if let Some(b) = &mut material.basis {
                self.citation(b, sink);
            }
        }
    }

    pub fn bundle(&self, b: &mut Bundle, sink: &mut Sink) {
        if let Some(lead) = &mut b.lead {
            self.department(lead, sink);
        }
        self.conditions(&mut b.conditions, sink);
        self.materials(&mut b.materials, sink);
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
