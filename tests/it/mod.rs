//! The test modules, one per feature (the model and its outputs: docs/model.md).

/// Every file under configs/ validates.
mod all_configs;
/// Any scenario the validator accepts runs and gives finite means (a property test).
mod any_valid_scenario;
/// Every kind of bad input is refused with exit code 2, a place and nothing written.
mod bad_input;
/// FixedPBinomial and stochastic_round against their exact distributions.
mod binomial;
/// `calibrate` from end to end: examples in, a valid scenario out; bad input refused.
mod calibrate_cli;
/// The example CRM exports in examples/crm/ are the generator's output.
mod calibrate_examples;
mod calibrate_fit;
/// Reading CRM exports: each CRM's shape, every messy form, unusable rows counted by reason.
mod calibrate_read;
/// The command line from end to end.
mod cli;
/// The simulated mean revenue against the closed form (docs/model.md).
mod closed_form;
/// Helpers shared by the modules.
mod common;
/// Byte-identical outputs at any thread count and on paired trials.
mod determinism;
/// Every distribution spec form against its mean, sd, percentiles and CDF.
mod distributions;
/// The business case on hand-worked cash flows.
mod economics;
/// Values at the edges: IRR meanings, unsafe distribution corners, bounds, one number reader.
mod edges;
/// The playing field's exact checks: closed form, hand-worked schedules, priority against
/// shares, paired cell luck, thread-count invariance.
mod field;
/// The playing field conserves accounts, for any valid playing-field scenario (a property test).
mod field_conservation;
/// The collapsed funnel against a stage-by-stage simulation.
mod funnel;
/// No import runs back up a layer (the order is in ARCHITECTURE.md).
mod layers;
/// A scenario's text without its part B (shared with benches/engine.rs).
mod part_a_only;
/// Part B's exact checks: unlimited selling time, the installed base, the seat's Markov chain,
/// skill correlation, the hours balance, thread-count invariance.
mod part_b;
/// Part B's keys: defaults, selling hours resolved, `--set` on every new key, every problem at
/// once, the playing-field way shown to a flat scenario.
mod pb_keys;
/// Bad playing-field input: every problem refused with its place (the flat cases are in
/// `bad_input`).
mod pf_bad_input;
/// Playing-field keys: resolution, defaults, `--set` on every kind of key, sweeps and goal
/// seeks over them.
mod pf_keys;
/// Pinned draws of every distribution family and spec form, so a change of stream is seen.
mod sample_values;
/// Snapshots of four small seeded runs: summary.json, trials.csv's head, weekly.csv, the
/// terminal table and the report's text (review a change as tests/it/snapshot.rs says).
mod snapshot;
/// Overrides, sweeps, mixes, the tornado and goal seek: one file per feature.
mod whatif;
