//! Loading the benchmark corpus once, before anything is timed.

use std::path::{Path, PathBuf};

use anyhow::bail;
use newsdex::article::Article;
use newsdex::ingest;

pub fn load(path: &Path, limit: Option<usize>) -> anyhow::Result<Vec<Article>> {
    let discovery = ingest::discover(&[PathBuf::from(path)]);
    if let Some(problem) = discovery.problems.first() {
        bail!("{problem}");
    }
    let mut articles = Vec::new();
    'files: for file in &discovery.files {
        for article in ingest::read_file(file).flatten() {
            if limit.is_some_and(|n| articles.len() >= n) {
                break 'files;
            }
            articles.push(article);
        }
    }
    if articles.is_empty() {
        bail!("no articles in {}", path.display());
    }
    Ok(articles)
}

pub fn body_bytes(articles: &[Article]) -> usize {
    articles.iter().map(|a| a.body.len()).sum()
}

/// Words (runs of letters and digits) and punctuation marks, the unit "tokens per second" counts.
pub fn count_tokens(text: &str) -> usize {
    let mut tokens = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() || c == '_' {
            if !in_word {
                tokens += 1;
                in_word = true;
            }
        } else {
            in_word = false;
            if !c.is_whitespace() {
                tokens += 1;
            }
        }
    }
    tokens
}

/// One passage as stored in a newsdex index, for loading other engines with the same passages.
pub struct StoredPassage {
    pub article_id: String,
    pub passage: u64,
    pub title: String,
    pub text: String,
    pub source: String,
    /// Publication day as days since 1970-01-01.
    pub day: Option<i64>,
    pub speakers: Vec<String>,
    pub entities: Vec<String>,
}

pub fn passages_in(dir: &Path) -> anyhow::Result<u64> {
    let index = newsdex::index::NewsIndex::open(dir)?;
    Ok(index.index.reader()?.searcher().num_docs())
}

/// Every passage of a newsdex index, in document order.
pub fn read_passages(dir: &Path) -> anyhow::Result<Vec<StoredPassage>> {
    use tantivy::collector::DocSetCollector;
    use tantivy::query::AllQuery;
    use tantivy::schema::{TantivyDocument, Value};

    let index = newsdex::index::NewsIndex::open(dir)?;
    let searcher = index.index.reader()?.searcher();
    let fields = index.fields;
    let mut addresses: Vec<_> = searcher
        .search(&AllQuery, &DocSetCollector)?
        .into_iter()
        .collect();
    addresses.sort();
    let mut out = Vec::with_capacity(addresses.len());
    for address in addresses {
        let doc: TantivyDocument = searcher.doc(address)?;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .to_string()
        };
        let all = |field| {
            doc.get_all(field)
                .filter_map(|v| v.as_str())
                .map(str::to_string)
                .collect()
        };
        out.push(StoredPassage {
            article_id: text(fields.article_id),
            passage: doc
                .get_first(fields.passage)
                .and_then(|v| v.as_u64())
                .unwrap_or(0),
            title: text(fields.title),
            text: text(fields.text),
            source: text(fields.source),
            day: doc
                .get_first(fields.date)
                .and_then(|v| v.as_datetime())
                .map(|d| d.into_timestamp_secs().div_euclid(86_400)),
            speakers: all(fields.speaker),
            entities: all(fields.entity),
        });
    }
    Ok(out)
}

/// Write articles as JSON Lines, their ids suffixed (for a corpus of copies under new ids).
pub fn write_jsonl(path: &Path, articles: &[Article], id_suffix: &str) -> anyhow::Result<()> {
    std::fs::File::create(path)?;
    append_jsonl(path, articles, id_suffix)
}

pub fn append_jsonl(path: &Path, articles: &[Article], id_suffix: &str) -> anyhow::Result<()> {
    use std::io::Write;
    let file = std::fs::OpenOptions::new().append(true).open(path)?;
    let mut out = std::io::BufWriter::new(file);
    for a in articles {
        let record = serde_json::json!({
            "id": format!("{}{id_suffix}", a.id),
            "title": a.title,
            "date": a.published.map(|p| p.format("%Y-%m-%dT%H:%M:%S").to_string()),
            "source": a.source,
            "url": a.url,
            "body": a.body,
        });
        serde_json::to_writer(&mut out, &record)?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}
