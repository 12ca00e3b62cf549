//! Export: every passage with its extracted fields, in the ingest formats of distributed search
//! engines, with the index configuration they need — for when one machine is not enough.
//!
//! The documents are the index's own passages (read back from the store, so an export equals
//! what `search` answers from). Both formats share one field table, [`FIELDS`], so a config
//! can never forget a field the documents carry. Document ids are `article_id#passage`: a
//! re-export of the same index replaces documents instead of duplicating them.
//!
//! - Quickwit: `passages.ndjson` (one document a line) and `quickwit-index.yaml`.
//! - OpenSearch / Elasticsearch: `bulk-NNNN.ndjson` (`_bulk` action and source pairs, in
//!   chunks a default cluster accepts) and `opensearch-mapping.json`.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use serde::Serialize;
use serde_json::{json, Map, Value};
use tantivy::schema::{TantivyDocument, Value as _};

use crate::choice::choices;
use crate::index::NewsIndex;

/// Where the export goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Quickwit,
    Opensearch,
}
choices!(Target {
    Quickwit = "quickwit",
    Opensearch = "opensearch",
});

/// Name of the index the configs create.
pub const INDEX_NAME: &str = "newsdex";

/// Passages per `_bulk` file: well under the 100 MB request limit of a default cluster.
const BULK_CHUNK: usize = 10_000;

/// How a field is searched once exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Full text: tokenised, positions for phrases, field norms for BM25.
    Text,
    /// One exact value to filter and count by.
    Keyword,
    /// Several exact values.
    Keywords,
    Integer,
    /// The publication time: the time axis of the index.
    Timestamp,
    /// Kept with the document, not searched.
    Stored,
}

/// Every field an exported document can carry. Absent values are left out of a document, never
/// written as null.
const FIELDS: &[(&str, Kind)] = &[
    ("article_id", Kind::Keyword),
    ("passage", Kind::Integer),
    ("title", Kind::Text),
    ("text", Kind::Text),
    ("source", Kind::Keyword),
    ("url", Kind::Stored),
    ("path", Kind::Stored),
    ("published", Kind::Timestamp),
    ("speakers", Kind::Keywords),
    ("entities", Kind::Keywords),
    ("mentioned_dates", Kind::Keywords),
];

/// What was written.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct ExportReport {
    pub passages: usize,
    pub files: Vec<PathBuf>,
}

/// Write the export of `index` for `target` into `out_dir` (created if need be).
pub fn run(index: &NewsIndex, target: Target, out_dir: &Path) -> anyhow::Result<ExportReport> {
    std::fs::create_dir_all(out_dir)
        .with_context(|| format!("cannot create {}", out_dir.display()))?;
    let mut report = ExportReport::default();
    let config = match target {
        Target::Quickwit => (
            "quickwit-index.yaml",
            serde_norway::to_string(&quickwit_config())?,
        ),
        Target::Opensearch => (
            "opensearch-mapping.json",
            serde_json::to_string_pretty(&opensearch_mapping())? + "\n",
        ),
    };
    let config_path = out_dir.join(config.0);
    std::fs::write(&config_path, config.1)
        .with_context(|| format!("cannot write {}", config_path.display()))?;
    report.files.push(config_path);

    let mut sink = Sink::new(target, out_dir);
    for_each_passage(index, |doc| {
        sink.write(&doc)?;
        report.passages += 1;
        Ok(())
    })?;
    report.files.extend(sink.finish()?);
    Ok(report)
}

/// Documents into NDJSON files: one file for Quickwit, numbered `_bulk` chunks for OpenSearch.
struct Sink {
    target: Target,
    dir: PathBuf,
    current: Option<(PathBuf, BufWriter<File>)>,
    in_current: usize,
    written: Vec<PathBuf>,
}

impl Sink {
    fn new(target: Target, dir: &Path) -> Sink {
        Sink {
            target,
            dir: dir.to_path_buf(),
            current: None,
            in_current: 0,
            written: Vec::new(),
        }
    }

    fn write(&mut self, doc: &Map<String, Value>) -> anyhow::Result<()> {
        let full = self.target == Target::Opensearch && self.in_current == BULK_CHUNK;
        if full {
            self.close()?;
        }
        if self.current.is_none() {
            let name = match self.target {
                Target::Quickwit => "passages.ndjson".to_string(),
                Target::Opensearch => format!("bulk-{:04}.ndjson", self.written.len() + 1),
            };
            let path = self.dir.join(name);
            let file =
                File::create(&path).with_context(|| format!("cannot write {}", path.display()))?;
            self.current = Some((path, BufWriter::new(file)));
            self.in_current = 0;
        }
        let Some((path, out)) = &mut self.current else {
            return Ok(());
        };
        let io = |e: std::io::Error| {
            anyhow::Error::new(e).context(format!("cannot write {}", path.display()))
        };
        if self.target == Target::Opensearch {
            let action = json!({"index": {"_index": INDEX_NAME, "_id": document_id(doc)}});
            serde_json::to_writer(&mut *out, &action)?;
            out.write_all(b"\n").map_err(io)?;
        }
        serde_json::to_writer(&mut *out, doc)?;
        out.write_all(b"\n").map_err(io)?;
        self.in_current += 1;
        Ok(())
    }

    fn close(&mut self) -> anyhow::Result<()> {
        if let Some((path, mut out)) = self.current.take() {
            out.flush()
                .with_context(|| format!("cannot write {}", path.display()))?;
            self.written.push(path);
        }
        Ok(())
    }

    fn finish(mut self) -> anyhow::Result<Vec<PathBuf>> {
        self.close()?;
        Ok(self.written)
    }
}

/// `article_id#passage`: stable across exports of the same index, unique within it.
pub fn document_id(doc: &Map<String, Value>) -> String {
    format!(
        "{}#{}",
        doc.get("article_id")
            .and_then(Value::as_str)
            .unwrap_or_default(),
        doc.get("passage")
            .and_then(Value::as_u64)
            .unwrap_or_default()
    )
}

/// Call `each` with every live passage of the index as an export document, segment by segment
/// (memory stays flat however large the index).
fn for_each_passage(
    index: &NewsIndex,
    mut each: impl FnMut(Map<String, Value>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let reader = index.index.reader().context("cannot read the index")?;
    let searcher = reader.searcher();
    for segment in searcher.segment_readers() {
        let store = segment
            .get_store_reader(64)
            .context("cannot read the stored passages")?;
        for doc_id in segment.doc_ids_alive() {
            let doc: TantivyDocument = store.get(doc_id)?;
            each(to_document(index, &doc))?;
        }
    }
    Ok(())
}

fn to_document(index: &NewsIndex, doc: &TantivyDocument) -> Map<String, Value> {
    let fields = &index.fields;
    let first = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let all = |field| -> Vec<Value> {
        doc.get_all(field)
            .filter_map(|v| v.as_str())
            .map(|s| Value::String(index.aliases.canonical(s).to_string()))
            .collect()
    };
    let mut out = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            out.insert(key.to_string(), value);
        }
    };
    put("article_id", first(fields.article_id).map(Value::String));
    put(
        "passage",
        doc.get_first(fields.passage)
            .and_then(|v| v.as_u64())
            .map(Value::from),
    );
    put("title", first(fields.title).map(Value::String));
    put("text", first(fields.text).map(Value::String));
    put("source", first(fields.source).map(Value::String));
    put("url", first(fields.url).map(Value::String));
    put("path", first(fields.path).map(Value::String));
    put(
        "published",
        doc.get_first(fields.date)
            .and_then(|v| v.as_datetime())
            .and_then(|d| chrono::DateTime::from_timestamp(d.into_timestamp_secs(), 0))
            .map(|d| Value::String(d.format("%Y-%m-%dT%H:%M:%SZ").to_string())),
    );
    let lists = [
        ("speakers", all(fields.speaker)),
        ("entities", all(fields.entity)),
        (
            "mentioned_dates",
            doc.get_all(fields.dates)
                .filter_map(|v| v.as_str())
                .map(|s| Value::String(s.to_string()))
                .collect(),
        ),
    ];
    for (key, mut values) in lists {
        dedup_in_order(&mut values);
        if !values.is_empty() {
            put(key, Some(Value::Array(values)));
        }
    }
    out
}

/// Corpus-wide names can make two forms one; keep the first of each.
fn dedup_in_order(values: &mut Vec<Value>) {
    let mut seen = std::collections::HashSet::new();
    values.retain(|v| seen.insert(v.to_string()));
}

/// Quickwit's index config (format version 0.8).
#[derive(Debug, Serialize)]
struct QuickwitConfig {
    version: &'static str,
    index_id: &'static str,
    doc_mapping: DocMapping,
    search_settings: SearchSettings,
    indexing_settings: IndexingSettings,
}

#[derive(Debug, Serialize)]
struct DocMapping {
    /// Reject a document with a field the mapping does not declare: an export bug shows at once.
    mode: &'static str,
    field_mappings: Vec<Value>,
    timestamp_field: &'static str,
}

#[derive(Debug, Serialize)]
struct SearchSettings {
    default_search_fields: Vec<&'static str>,
}

#[derive(Debug, Serialize)]
struct IndexingSettings {
    commit_timeout_secs: u32,
}

fn quickwit_config() -> QuickwitConfig {
    let field_mappings = FIELDS
        .iter()
        .map(|&(name, kind)| match kind {
            Kind::Text => json!({"name": name, "type": "text", "tokenizer": "default",
                "record": "position", "fieldnorms": true, "stored": true}),
            Kind::Keyword => json!({"name": name, "type": "text", "tokenizer": "raw",
                "fast": true, "stored": true}),
            Kind::Keywords => json!({"name": name, "type": "array<text>", "tokenizer": "raw",
                "fast": true, "stored": true}),
            Kind::Integer => json!({"name": name, "type": "u64", "fast": true, "stored": true}),
            Kind::Timestamp => json!({"name": name, "type": "datetime",
                "input_formats": ["rfc3339"], "output_format": "rfc3339",
                "fast_precision": "seconds", "fast": true, "stored": true}),
            Kind::Stored => json!({"name": name, "type": "text", "indexed": false, "stored": true}),
        })
        .collect();
    QuickwitConfig {
        version: "0.8",
        index_id: INDEX_NAME,
        doc_mapping: DocMapping {
            mode: "strict",
            field_mappings,
            timestamp_field: "published",
        },
        search_settings: SearchSettings {
            default_search_fields: vec!["title", "text"],
        },
        indexing_settings: IndexingSettings {
            commit_timeout_secs: 30,
        },
    }
}

/// OpenSearch (and Elasticsearch) index settings and mapping.
fn opensearch_mapping() -> Value {
    let properties: Map<String, Value> = FIELDS
        .iter()
        .map(|&(name, kind)| {
            let mapping = match kind {
                // BM25 is the default similarity; positions are indexed for phrases.
                Kind::Text => json!({"type": "text", "analyzer": "english",
                    "index_options": "positions"}),
                Kind::Keyword | Kind::Keywords => json!({"type": "keyword"}),
                Kind::Integer => json!({"type": "integer"}),
                Kind::Timestamp => json!({"type": "date", "format": "strict_date_time_no_millis"}),
                Kind::Stored => json!({"type": "keyword", "index": false}),
            };
            (name.to_string(), mapping)
        })
        .collect();
    json!({
        "settings": {"index": {"number_of_shards": 1, "number_of_replicas": 0}},
        "mappings": {"dynamic": "strict", "properties": properties}
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_configs_declare_exactly_the_field_table() {
        let names: Vec<&str> = FIELDS.iter().map(|(name, _)| *name).collect();
        let yaml = serde_norway::to_string(&quickwit_config()).unwrap();
        let parsed: Value = serde_norway::from_str(&yaml).unwrap();
        let quickwit: Vec<&str> = parsed["doc_mapping"]["field_mappings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(quickwit, names);
        assert_eq!(parsed["doc_mapping"]["timestamp_field"], "published");
        let mapping = opensearch_mapping();
        let mut opensearch: Vec<&str> = mapping["mappings"]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        opensearch.sort_unstable();
        assert_eq!(opensearch, sorted);
    }
}
