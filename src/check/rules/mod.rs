//! One rule per file. Each file declares its rule with `declare_rule!` and exports `check`.

pub mod agency_requires_visit;
pub mod article_out_of_range;
pub mod basis_order;
pub mod bundle_over_target;
pub mod circular_proof;
pub mod dependency_order;
pub mod empty_flow_block;
pub mod fee_without_basis;
pub mod instant_mismatch;
pub mod invalid_code;
pub mod invalid_credit_code;
pub mod invalid_url;
pub mod law_not_yet_effective;
pub mod lead_not_involved;
pub mod matter_repeated_in_bundle;
pub mod no_remote_channel;
pub mod own_department_material;
pub mod path_outside_catalog;
pub mod promise_exceeds_legal;
pub mod repealed_law;
pub mod same_contact;
pub mod sample_collides_with_output;
pub mod shared_material_requested;
pub mod sharing_not_available;
pub mod vague_wording;
pub mod visit_without_reason;
