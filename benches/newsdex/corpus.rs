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
