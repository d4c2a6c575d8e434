//! The integration tests of prospect-sim, as one test binary (ripgrep's `tests/tests.rs` habit):
//! one compile and link for the whole suite. Each module under `tests/it/` tests one feature.

mod it;
