//! newsdex: index and search news coverage.
//!
//! Data flows through one module per stage:
//!
//! ```text
//! paths ─ ingest ─▶ Article ─ extract ─▶ Annotated ─ index ─▶ tantivy
//! query ─ search ─▶ SearchResults ─ output ─▶ text / JSON / JSON Lines
//! ```

pub mod article;
pub mod extract;
pub mod ingest;
