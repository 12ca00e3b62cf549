//! The same passages in SQLite FTS5, the tool a newsroom developer would otherwise reach for.
//!
//! Text and titles are tokenised `porter unicode61` (stemmed, like newsdex's); speakers and
//! entities are FTS columns for filters and side tables for counting.

use std::path::Path;

use rusqlite::{params, Connection};

use crate::corpus::StoredPassage;

pub fn build(file: &Path, passages: &[StoredPassage]) -> anyhow::Result<()> {
    let _ = std::fs::remove_file(file);
    let mut db = Connection::open(file)?;
    db.execute_batch(
        "PRAGMA journal_mode = OFF;
         PRAGMA synchronous = OFF;
         CREATE VIRTUAL TABLE passages USING fts5(
             title, text, speakers, entities,
             article_id UNINDEXED, passage UNINDEXED, source UNINDEXED, day UNINDEXED,
             tokenize = 'porter unicode61');
         CREATE TABLE passage_speakers(id INTEGER, value TEXT);
         CREATE TABLE passage_entities(id INTEGER, value TEXT);",
    )?;
    let tx = db.transaction()?;
    {
        let mut passage = tx.prepare(
            "INSERT INTO passages(rowid, title, text, speakers, entities, article_id, passage, source, day)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?;
        let mut speaker = tx.prepare("INSERT INTO passage_speakers VALUES (?1, ?2)")?;
        let mut entity = tx.prepare("INSERT INTO passage_entities VALUES (?1, ?2)")?;
        for (id, p) in passages.iter().enumerate() {
            let id = id as i64 + 1;
            passage.execute(params![
                id,
                p.title,
                p.text,
                p.speakers.join("; "),
                p.entities.join("; "),
                p.article_id,
                p.passage as i64,
                p.source,
                p.day
            ])?;
            for name in &p.speakers {
                speaker.execute(params![id, name])?;
            }
            for name in &p.entities {
                entity.execute(params![id, name])?;
            }
        }
    }
    tx.execute_batch(
        "CREATE INDEX speakers_by_id ON passage_speakers(id);
         CREATE INDEX entities_by_id ON passage_entities(id);",
    )?;
    tx.commit()?;
    Ok(())
}

pub fn open(file: &Path) -> anyhow::Result<Connection> {
    Ok(Connection::open(file)?)
}

/// FTS5's spelling of a query: every term quoted, so no word is read as an operator.
fn quoted(term: &str) -> String {
    format!("\"{}\"", term.replace('"', ""))
}

/// The FTS5 side of one benchmark query: the top ten (with a snippet, like newsdex's hits),
/// and the counts when facets are asked for.
pub fn run(db: &Connection, q: &crate::queries::BenchQuery) -> anyhow::Result<usize> {
    use crate::queries::Kind;
    let words = |ws: &[String], op: &str| ws.iter().map(|w| quoted(w)).collect::<Vec<_>>().join(op);
    let text = match q.kind {
        Kind::Phrase => format!("{{title text}} : {}", quoted(&q.words.join(" "))),
        Kind::Or => format!("{{title text}} : ({})", words(&q.words, " OR ")),
        _ => format!("{{title text}} : ({})", words(&q.words, " AND ")),
    };
    let filter = match (&q.speaker, &q.entity) {
        (Some(s), _) => Some(format!("speakers : {}", quoted(s))),
        (_, Some(e)) => Some(format!("entities : {}", quoted(e))),
        _ => None,
    };
    let text = match (q.words.is_empty(), filter) {
        (true, Some(filter)) => filter,
        (false, Some(filter)) => format!("{text} AND {filter}"),
        (_, None) => text,
    };
    let mut top = match q.days {
        Some(_) => db.prepare_cached(
            "SELECT rowid, title, source, snippet(passages, 1, '[', ']', '…', 24)
             FROM passages WHERE passages MATCH ?1 AND day BETWEEN ?2 AND ?3
             ORDER BY rank LIMIT 10",
        )?,
        None => db.prepare_cached(
            "SELECT rowid, title, source, snippet(passages, 1, '[', ']', '…', 24)
             FROM passages WHERE passages MATCH ?1 AND ?2 <= ?3
             ORDER BY rank LIMIT 10",
        )?,
    };
    let (first, last) = q.days.unwrap_or((0, 0));
    let mut rows = 0;
    let mut found = top.query(params![text, first, last])?;
    while let Some(row) = found.next()? {
        let _: (i64, String, String, String) = (row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?);
        rows += 1;
    }
    if q.facets {
        for table in ["passage_speakers", "passage_entities"] {
            let mut counts = db.prepare_cached(&format!(
                "SELECT value, count(*) AS n FROM {table}
                 WHERE id IN (SELECT rowid FROM passages WHERE passages MATCH ?1)
                 GROUP BY value ORDER BY n DESC LIMIT 10"
            ))?;
            let mut found = counts.query(params![text])?;
            while found.next()?.is_some() {}
        }
        let mut sources = db.prepare_cached(
            "SELECT source, count(*) AS n FROM passages WHERE passages MATCH ?1
             GROUP BY source ORDER BY n DESC LIMIT 10",
        )?;
        let mut found = sources.query(params![text])?;
        while found.next()?.is_some() {}
    }
    Ok(rows)
}
