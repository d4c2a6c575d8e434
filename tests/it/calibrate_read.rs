//! Reading CRM exports (docs in README.md, "Start from your CRM").
