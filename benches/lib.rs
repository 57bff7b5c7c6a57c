//! Shared fixtures for the criterion benchmarks in `benches/`.
//!
//! Run them with `cargo bench -p railshed-benches`.
