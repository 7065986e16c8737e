//! Analyses over a checked catalog. Each returns data (serialisable structs); the
//! CLI decides how to print it.

pub mod bundle;
pub mod report;
pub mod targets;
