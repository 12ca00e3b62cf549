//! Command-line arguments as typed data. No I/O here: `commands` does the work.

use std::path::PathBuf;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

use crate::choice::Choice;
use crate::export::Target;
use crate::output::{ColorChoice, Format};
use crate::search::{DateInterval, FacetKind, Sort};

/// Clap's parser for a domain [`Choice`]: its names and help lines are the possible values, so
/// `--help` lists them and a bad value gets clap's own error naming them.
fn choice<T: Choice + Send + Sync>() -> impl TypedValueParser<Value = T> {
    PossibleValuesParser::new(
        T::ALL
            .iter()
            .map(|value| PossibleValue::new(value.name()).help(value.help())),
    )
    .map(|name| T::from_name(&name).expect("clap passes only the possible values"))
}

#[derive(Debug, Parser)]
#[command(
    name = "newsdex",
    version,
    about = "Index and search news coverage: passages by keyword, speaker, entity and date"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read articles from files and folders and add their passages to the index.
    Index(IndexArgs),
    /// Search the index: ranked passages, filters and facet counts.
    Search(SearchArgs),
    /// Print what `index` would store for each article, as JSON lines (no index needed).
    Extract(ExtractArgs),
    /// Summarise the index: articles, passages, dates, top sources, speakers and entities.
    Stats(StatsArgs),
    /// Matches per day, week, month or year, as a chart (text, SVG) or data (JSON, CSV).
    Timeline(TimelineArgs),
    /// Who is quoted on a topic: speakers with counts, first and last dates, and co-occurring
    /// entities.
    Speakers(ReportArgs),
    /// Who and what is mentioned on a topic, with counts, dates and co-occurring entities.
    Entities(ReportArgs),
    /// Serve the search API and web page over HTTP.
    Serve(ServeArgs),
    /// Write every passage with its extracted fields for a distributed search engine.
    Export(ExportArgs),
    /// Train the entity tagger on CoNLL-style JSON lines and write its model file.
    TrainNer(TrainNerArgs),
    /// Train the learned cue-word model on attribution gold and write its model file.
    TrainCues(TrainCuesArgs),
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The engine to load the export into.
    #[arg(long, value_parser = choice::<Target>())]
    pub to: Target,
    /// Folder to write the documents and the index configuration into.
    #[arg(value_name = "OUT_DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub index: IndexLocation,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub index: IndexLocation,
    /// Address to listen on; port 0 picks a free one. Loopback by default: put a proxy in
    /// front to share it.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "HOST:PORT")]
    pub addr: std::net::SocketAddr,
}

#[derive(Debug, Clone, Args)]
pub struct IndexLocation {
    /// Index directory.
    #[arg(
        long = "index",
        env = "NEWSDEX_INDEX",
        default_value = "newsdex-index",
        value_name = "DIR"
    )]
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct IndexArgs {
    /// Files or folders of articles (.txt, .md, .json, .jsonl, .ndjson, optionally .gz).
    #[arg(required = true, value_name = "CORPUS")]
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub index: IndexLocation,
    /// Stop at the first bad file or article instead of warning and going on.
    #[arg(long)]
    pub strict: bool,
    /// No progress bar and no warnings; the summary is still printed.
    #[arg(long, short)]
    pub quiet: bool,
    /// Commit at least this often (300, 90s, 5m, 500ms): a crash loses at most this much work.
    /// (Each commit lets tantivy merge sooner, which costs memory: keep it in minutes.)
    #[arg(long, value_name = "DURATION", default_value = "5m", value_parser = parse_duration)]
    pub commit_every: std::time::Duration,
    /// Remove the index and index everything from scratch.
    #[arg(long)]
    pub rebuild: bool,
    /// Keep the passages of articles whose file is gone from the corpus.
    #[arg(long)]
    pub keep_deleted: bool,
}

/// Seconds as a bare number, or a duration with a unit ("500ms", "90s", "5m").
fn parse_duration(text: &str) -> Result<std::time::Duration, String> {
    let text = text.trim();
    let duration = match text.parse::<u64>() {
        Ok(seconds) => std::time::Duration::from_secs(seconds),
        Err(_) => humantime::parse_duration(text).map_err(|e| e.to_string())?,
    };
    if duration.is_zero() {
        return Err("must be more than zero".to_string());
    }
    Ok(duration)
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words, "exact phrases", AND/OR/NOT, +/-, field:value (title, text, speaker, entity,
    /// source, date, mentioned), date:2025-03 or date:[2025-01 TO 2025-03].
    #[arg(value_name = "QUERY", required_unless_present = "batch")]
    pub query: Option<String>,
    #[command(flatten)]
    pub index: IndexLocation,
    #[command(flatten)]
    pub filters: FilterArgs,
    /// Hits to show (1 to 10000).
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Hits to skip (for paging; at most 100000).
    #[arg(long, default_value_t = 0)]
    pub offset: usize,
    #[arg(long, value_parser = choice::<Sort>(), default_value = Sort::Relevance.name())]
    pub sort: Sort,
    /// Count matching passages by speaker, entity, source or date; repeatable.
    #[arg(long, value_parser = choice::<FacetKind>(), value_name = "FACET")]
    pub facet: Vec<FacetKind>,
    /// Rows per facet, 1 to 10000 (dates always show every period).
    #[arg(long, default_value_t = 10)]
    pub facet_limit: usize,
    /// Show every copy of a syndicated story as its own hit (by default one hit stands for
    /// its near-duplicates, listed under it).
    #[arg(long)]
    pub all_copies: bool,
    /// Period of the date facet.
    #[arg(long, value_parser = choice::<DateInterval>(), default_value = DateInterval::Month.name())]
    pub date_interval: DateInterval,
    #[arg(long, value_parser = choice::<Format>(), default_value = Format::Text.name())]
    pub format: Format,
    /// Run one query a line from FILE (- for standard input); writes one JSON line per query.
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub batch: Option<PathBuf>,
    #[arg(long, value_parser = choice::<ColorChoice>(), default_value = ColorChoice::Auto.name())]
    pub color: ColorChoice,
}

/// Filters every search-like command takes.
#[derive(Debug, Clone, Args)]
pub struct FilterArgs {
    /// Only passages quoting this speaker (canonical name, any case); repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub speaker: Vec<String>,
    /// Only passages mentioning this entity; repeat to require all of them.
    #[arg(long, value_name = "NAME")]
    pub entity: Vec<String>,
    /// Only articles from this source; repeat for any of several.
    #[arg(long, value_name = "NAME")]
    pub source: Vec<String>,
    /// Published on or after: YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,
    /// Published on or before (the whole period): YYYY, YYYY-MM or YYYY-MM-DD.
    #[arg(long, value_name = "DATE")]
    pub until: Option<String>,
}

impl FilterArgs {
    /// Search parameters with these filters and everything else at its default.
    pub fn params(&self, query: &str) -> crate::search::SearchParams {
        crate::search::SearchParams {
            query: query.to_string(),
            speakers: self.speaker.clone(),
            entities: self.entity.clone(),
            sources: self.source.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            ..crate::search::SearchParams::default()
        }
    }
}

/// Output of the report commands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
    Csv,
}

/// What a report is about: a query and filters, on an index.
#[derive(Debug, Args)]
pub struct TopicArgs {
    /// The query (as for search); empty for every passage.
    #[arg(value_name = "QUERY", default_value = "")]
    pub query: String,
    #[command(flatten)]
    pub index: IndexLocation,
    #[command(flatten)]
    pub filters: FilterArgs,
}

impl TopicArgs {
    /// The search the report is about, checked.
    pub fn request(
        &self,
        interval: DateInterval,
    ) -> Result<crate::search::SearchRequest, crate::search::ParamError> {
        let mut params = self.filters.params(&self.query);
        params.date_interval = interval;
        params.validate(crate::limits::Origin::Cli)
    }
}

#[derive(Debug, Args)]
pub struct TimelineArgs {
    #[command(flatten)]
    pub topic: TopicArgs,
    #[arg(long, value_parser = choice::<DateInterval>(), default_value = DateInterval::Month.name())]
    pub interval: DateInterval,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Also draw the chart as an SVG picture into FILE.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Also draw the chart as a PNG picture into FILE.
    #[arg(long, value_name = "FILE")]
    pub png: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub topic: TopicArgs,
    /// Rows to show (1 to 1000).
    #[arg(long, short = 'n', default_value_t = 10)]
    pub limit: usize,
    /// Co-occurring entities to show per row (0 to 1000).
    #[arg(long, default_value_t = 5)]
    pub with: usize,
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
}

#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Files or folders of articles, read as `index` reads them.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Name beside each quote the rule ("sieve") that decided it and its speaker.
    #[arg(long)]
    pub explain: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    #[command(flatten)]
    pub index: IndexLocation,
    /// Rows in each top list (1 to 1000).
    #[arg(long, default_value_t = 10)]
    pub top: usize,
    #[arg(long, value_parser = choice::<Format>(), default_value = Format::Text.name())]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct TrainNerArgs {
    /// Training documents: JSON lines with "body" and "entities" (character offsets).
    #[arg(long, value_name = "PATH")]
    pub train: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "PATH", default_value = "ner.model")]
    pub out: PathBuf,
    /// Passes over the training data.
    #[arg(long, default_value_t = 12)]
    pub epochs: usize,
    /// Seed of the document shuffle (same seed and input: same model bytes).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Also print exact-span P/R/F1 on these documents (same format as --train).
    #[arg(long, value_name = "PATH")]
    pub eval: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct TrainCuesArgs {
    /// Gold attributions: PolNeAR-style JSON lines ("id", "annotators", "annotations").
    #[arg(long, value_name = "PATH")]
    pub gold: PathBuf,
    /// The articles the gold refers to: JSON lines with "id" and "body".
    #[arg(long, value_name = "PATH")]
    pub corpus: PathBuf,
    /// Where to write the model.
    #[arg(long, value_name = "PATH", default_value = "cue.model")]
    pub out: PathBuf,
    /// Passes over the training words.
    #[arg(long, default_value_t = 6)]
    pub epochs: usize,
    /// Seed of the shuffle (same seed and input: same model bytes).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Probability a word must reach to count as a cue.
    #[arg(long, default_value_t = 0.3)]
    pub threshold: f32,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn cli_is_consistent() {
        super::Cli::command().debug_assert();
    }

    #[test]
    fn domain_choices_parse_by_their_names_with_their_defaults() {
        use super::*;
        let parse = |args: &[&str]| match Cli::try_parse_from(args).unwrap().command {
            Command::Search(search) => search,
            other => panic!("not a search: {other:?}"),
        };
        let search = parse(&["newsdex", "search", "x"]);
        assert_eq!(
            (search.sort, search.format),
            (Sort::Relevance, Format::Text)
        );
        assert_eq!(
            (search.date_interval, search.color),
            (DateInterval::Month, ColorChoice::Auto)
        );
        let search = parse(&[
            "newsdex",
            "search",
            "x",
            "--sort",
            "oldest",
            "--facet",
            "date",
            "--facet",
            "speaker",
            "--date-interval",
            "week",
            "--format",
            "jsonl",
            "--color",
            "never",
        ]);
        assert_eq!((search.sort, search.format), (Sort::Oldest, Format::Jsonl));
        assert_eq!(search.facet, [FacetKind::Date, FacetKind::Speaker]);
        assert_eq!(
            (search.date_interval, search.color),
            (DateInterval::Week, ColorChoice::Never)
        );
        let export = Cli::try_parse_from(["newsdex", "export", "--to", "opensearch", "out"]);
        assert!(
            matches!(export.unwrap().command, Command::Export(e) if e.to == Target::Opensearch)
        );
    }
}
