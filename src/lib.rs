//! newsdex: index and search news coverage.
//!
//! Data flows through one module per stage:
//!
//! ```text
//! paths ─ ingest ─▶ Article ─ text ─▶ Doc ─ extract ─▶ Annotated ─ index ─▶ tantivy (one document a passage)
//! query ─ search ─▶ SearchResults ─ output ─▶ text / JSON / JSON Lines
//! ```
//!
//! `text` analyses a body once (tokens, sentences, paragraphs, quotes) for every extractor;
//! `cli` holds the arguments, `commands` the glue of each subcommand.

pub mod article;
pub mod choice;
pub mod cli;
pub mod commands;
pub mod dedup;
pub mod export;
pub mod extract;
pub mod failpoint;
pub mod index;
pub mod ingest;
pub mod limits;
pub mod output;
pub mod search;
pub mod serve;
pub mod text;
