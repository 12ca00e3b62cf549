//! The one place that names index fields and the tokenizers they use.
//!
//! One tantivy document is one passage. Extracted names are indexed twice: as words (so the query
//! language finds `speaker:peskov`) and as one exact, case-insensitive term with an original-case
//! fast column (so `--speaker "Dmitri S. Peskov"` filters exactly and facets count whole names).

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, IndexRecordOption, NumericOptions, Schema,
    TextFieldIndexing, TextOptions, FAST, STORED, STRING,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer,
    Stemmer, TextAnalyzer,
};
use tantivy::Index;

pub const ARTICLE_ID: &str = "article_id";
pub const PASSAGE: &str = "passage";
pub const TITLE: &str = "title";
pub const TEXT: &str = "text";
pub const SOURCE: &str = "source";
pub const SOURCE_EXACT: &str = "source_exact";
pub const URL: &str = "url";
pub const PATH: &str = "path";
pub const DATE: &str = "date";
pub const MENTIONED: &str = "mentioned";
pub const DATES: &str = "dates";
pub const SPEAKER: &str = "speaker";
pub const SPEAKER_EXACT: &str = "speaker_exact";
pub const ENTITY: &str = "entity";
pub const ENTITY_EXACT: &str = "entity_exact";
/// The article's MinHash signature (`dedup::Signature`), on its first passage only.
pub const MINHASH: &str = "minhash";
/// Every name a passage stores, once, with its kind: `p\u{1f}NAME` for a person, `o\u{1f}NAME`
/// for anything else. A fast column only: the corpus-wide name registry is counted from it over
/// the live passages of a commit, so it can never disagree with them (see `index::names`).
pub const NAMES: &str = "names";

/// Stemmed English words for passage text and titles: "ceasefires" finds "ceasefire".
pub const NEWS_TOKENIZER: &str = "news";
/// Unstemmed, accent-folded words for names: "Zelensky" must not be stemmed to "zelenski".
pub const NAME_TOKENIZER: &str = "name";
/// A whole value as one lowercased term, for exact filters.
pub const EXACT_TOKENIZER: &str = "exact";

/// Handles to every field of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    pub article_id: Field,
    pub passage: Field,
    pub title: Field,
    pub text: Field,
    pub source: Field,
    pub source_exact: Field,
    pub url: Field,
    pub path: Field,
    pub date: Field,
    pub mentioned: Field,
    pub dates: Field,
    pub speaker: Field,
    pub speaker_exact: Field,
    pub entity: Field,
    pub entity_exact: Field,
    pub minhash: Field,
    pub names: Field,
}

impl Fields {
    pub fn build() -> (Schema, Fields) {
        let mut builder = Schema::builder();
        let words = |tokenizer: &str| {
            TextOptions::default().set_stored().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let exact = TextOptions::default()
            .set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(EXACT_TOKENIZER)
                    .set_index_option(IndexRecordOption::Basic)
                    .set_fieldnorms(false),
            )
            .set_fast("raw");
        let date = DateOptions::from(tantivy::schema::INDEXED)
            .set_stored()
            .set_fast()
            .set_precision(DateTimePrecision::Seconds);
        let fields = Fields {
            // Fast too: grouping near-duplicates reads every article's id without touching the store.
            article_id: builder.add_text_field(ARTICLE_ID, STRING | STORED | FAST),
            passage: builder.add_u64_field(
                PASSAGE,
                NumericOptions::default()
                    .set_stored()
                    .set_indexed()
                    .set_fast(),
            ),
            title: builder.add_text_field(TITLE, words(NEWS_TOKENIZER)),
            text: builder.add_text_field(TEXT, words(NEWS_TOKENIZER)),
            source: builder.add_text_field(SOURCE, words(NAME_TOKENIZER)),
            source_exact: builder.add_text_field(SOURCE_EXACT, exact.clone()),
            url: builder.add_text_field(URL, STORED),
            path: builder.add_text_field(PATH, STORED),
            date: builder.add_date_field(DATE, date),
            mentioned: builder.add_text_field(MENTIONED, STRING),
            dates: builder.add_text_field(DATES, STORED),
            speaker: builder.add_text_field(SPEAKER, words(NAME_TOKENIZER)),
            speaker_exact: builder.add_text_field(SPEAKER_EXACT, exact.clone()),
            entity: builder.add_text_field(ENTITY, words(NAME_TOKENIZER)),
            entity_exact: builder.add_text_field(ENTITY_EXACT, exact),
            minhash: builder.add_u64_field(MINHASH, NumericOptions::default().set_fast()),
            names: builder.add_text_field(NAMES, TextOptions::default().set_fast("raw")),
        };
        (builder.build(), fields)
    }

    /// Look the fields up in an existing index's schema; an index built by another version of
    /// newsdex with other fields is reported, not misread.
    pub fn open(schema: &Schema) -> tantivy::Result<Fields> {
        let get = |name: &str| schema.get_field(name);
        Ok(Fields {
            article_id: get(ARTICLE_ID)?,
            passage: get(PASSAGE)?,
            title: get(TITLE)?,
            text: get(TEXT)?,
            source: get(SOURCE)?,
            source_exact: get(SOURCE_EXACT)?,
            url: get(URL)?,
            path: get(PATH)?,
            date: get(DATE)?,
            mentioned: get(MENTIONED)?,
            dates: get(DATES)?,
            speaker: get(SPEAKER)?,
            speaker_exact: get(SPEAKER_EXACT)?,
            entity: get(ENTITY)?,
            entity_exact: get(ENTITY_EXACT)?,
            minhash: get(MINHASH)?,
            names: get(NAMES)?,
        })
    }
}

/// Register newsdex's tokenizers; tantivy forgets custom tokenizers on open, so every open calls
/// this.
pub fn register_tokenizers(index: &Index) {
    let manager = index.tokenizers();
    manager.register(
        NEWS_TOKENIZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .filter(Stemmer::new(Language::English))
            .build(),
    );
    manager.register(
        NAME_TOKENIZER,
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(40))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
    manager.register(
        EXACT_TOKENIZER,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// The seconds tantivy can hold as a date (see `article::STORABLE_SECS`).
const DATE_RANGE_SECS: std::ops::RangeInclusive<i64> = crate::article::STORABLE_SECS;

/// `secs` as a tantivy date, if tantivy can store it.
pub fn date_from_secs(secs: i64) -> Option<tantivy::DateTime> {
    DATE_RANGE_SECS
        .contains(&secs)
        .then(|| tantivy::DateTime::from_timestamp_secs(secs))
}

/// `secs` clamped into what tantivy can store, for range bounds.
pub fn clamped_date(secs: i64) -> tantivy::DateTime {
    tantivy::DateTime::from_timestamp_secs(
        secs.clamp(*DATE_RANGE_SECS.start(), *DATE_RANGE_SECS.end()),
    )
}

/// A stored date as the day it names, `YYYY-MM-DD` (dates are stored as the article's wall time).
pub fn day_of(date: tantivy::DateTime) -> Option<String> {
    chrono::DateTime::from_timestamp(date.into_timestamp_secs(), 0)
        .map(|d| d.format("%Y-%m-%d").to_string())
}
