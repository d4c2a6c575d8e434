//! The prospecting model: distributions, a strategy's inputs, one rep's funnel, the closed form.

pub mod analytic;
pub mod beta_fit;
pub mod binomial;
pub mod dist;
pub mod field;
pub mod field_week;
pub mod field_week_b;
pub mod funnel;
pub mod hypergeometric;
pub mod inputs;
pub mod key;
pub mod normal_fit;
pub mod part_b_exact;
pub mod rep_b;
pub mod scenario;
pub mod selling;
pub mod skill;
pub mod team;
pub mod territory;
