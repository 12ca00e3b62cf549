//! The index: one tantivy document per passage, in a directory on disk.
//!
//! `NewsIndex` opens or creates it (registering newsdex's tokenizers, which tantivy does not
//! persist); `writer` turns annotated articles into documents.

pub mod derived;
pub mod duplicates;
pub mod ledger;
pub mod lock;
pub mod memo;
pub mod merges;
pub mod names;
pub mod pipeline;
pub mod schema;
pub mod store;
pub mod terms;
pub mod writer;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use tantivy::directory::MmapDirectory;
use tantivy::Index;

use derived::Derived;
pub use ledger::CommitPayload;
pub use names::Aliases;
pub use schema::Fields;
use store::Store;

/// Errors a caller branches on when opening an index.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("no index at {}: run newsdex index CORPUS first", .0.display())]
    Missing(PathBuf),
    #[error("{} is not a newsdex index of this version ({reason}); rebuild it with newsdex index --rebuild", .path.display())]
    Incompatible { path: PathBuf, reason: String },
    #[error("{} is damaged ({detail}); rebuild it with newsdex index --rebuild", .path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("cannot open index at {}: {source}", .path.display())]
    Tantivy {
        path: PathBuf,
        #[source]
        source: tantivy::TantivyError,
    },
    #[error("cannot create index directory {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Remove the index in `dir` so the next run starts from scratch (`index --rebuild`). Only
/// files newsdex and tantivy write are removed, and only when there is nothing else in the
/// directory: pointing `--index` at a folder of one's own must not empty it.
pub fn remove_index_files(dir: &Path) -> std::io::Result<()> {
    let mut ours = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if !is_index_file(&name) || !entry.file_type()?.is_file() {
            return Err(std::io::Error::other(format!(
                "{} holds {name:?}, which is not part of a newsdex index; not removing anything",
                dir.display()
            )));
        }
        ours.push(name);
    }
    // meta.json first: if this is interrupted, what is left is no index rather than a broken one.
    ours.sort_by_key(|name| name != "meta.json");
    for name in ours.iter().filter(|name| *name != lock::LOCK_FILE) {
        std::fs::remove_file(dir.join(name))?;
    }
    Ok(())
}

fn is_index_file(name: &str) -> bool {
    const OURS: &[&str] = &[
        "meta.json",
        ".managed.json",
        ".tantivy-meta.lock",
        ".tantivy-writer.lock",
        lock::LOCK_FILE,
        // Side files of earlier formats, removed by a rebuild.
        "names.json",
        "aliases.json",
        "duplicates.json",
    ];
    if OURS.contains(&name)
        || store::STORE_FILES.contains(&name)
        || name.starts_with("ledger-")
        || name.ends_with(".json.tmp")
    {
        return true;
    }
    // Segment files: a 32-digit hex segment id, then an extension (and an opstamp for deletes).
    let (id, _rest) = name.split_once('.').unwrap_or((name, ""));
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The payload of the last commit, refusing an index written in another format: a clear
/// "rebuild" now is better than wrong results or an obscure failure later.
fn check_format(index: &Index, dir: &Path) -> Result<CommitPayload, OpenError> {
    let incompatible = |reason: String| OpenError::Incompatible {
        path: dir.to_path_buf(),
        reason,
    };
    let metas = index.load_metas().map_err(|source| OpenError::Tantivy {
        path: dir.to_path_buf(),
        source,
    })?;
    let payload = match metas.payload.as_deref() {
        Some(text) => CommitPayload::parse(text)
            .ok_or_else(|| incompatible("its last commit was not made by newsdex".to_string()))?,
        // Created, never committed: nothing in it to be incompatible with.
        None if metas.segments.is_empty() => return Ok(CommitPayload::current()),
        None => return Err(incompatible("made by an older newsdex".to_string())),
    };
    if payload.format != ledger::FORMAT_VERSION {
        return Err(incompatible(format!(
            "index format {}, this newsdex reads format {}",
            payload.format,
            ledger::FORMAT_VERSION
        )));
    }
    Ok(payload)
}

/// What is wrong with an index file, in a line: the file and tantivy's reason.
fn damage(error: &tantivy::TantivyError) -> String {
    use tantivy::directory::error::OpenReadError;
    match error {
        tantivy::TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath }) => {
            let reason = io_error.to_string();
            // tantivy's footer message goes on about old versions; the first clause is the news.
            let reason = reason.split(". ").next().unwrap_or(&reason);
            format!("{}: {reason}", filepath.display())
        }
        tantivy::TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(path)) => {
            format!("{} is missing", path.display())
        }
        other => other.to_string(),
    }
}

/// An opened newsdex index.
pub struct NewsIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// Corpus-wide forms of people's names, as of the last commit.
    pub aliases: Aliases,
    /// What the last commit recorded (format version, ledger file).
    pub payload: CommitPayload,
    /// Groups of near-duplicate articles, as of the last commit.
    pub duplicates: duplicates::Duplicates,
    /// The aliases and groups were not saved for the last commit and were derived on opening:
    /// the next commit saves them (see `index::derived`).
    pub derived_stale: bool,
    /// The side store the aliases and groups are read from, when they are current there.
    pub store: Option<Arc<Store>>,
    /// Facet names looked up in segment dictionaries by earlier searches.
    pub terms: terms::TermCache,
}

impl NewsIndex {
    /// Open an existing index for searching. What it reads of the side store is pinned to the
    /// store's state at opening, so a search sees the aliases and groups of one commit while
    /// an indexer writes the next.
    pub fn open(dir: &Path) -> Result<NewsIndex, OpenError> {
        NewsIndex::open_with(dir, true)
    }

    fn open_with(dir: &Path, pin: bool) -> Result<NewsIndex, OpenError> {
        if !dir.join("meta.json").is_file() {
            return Err(OpenError::Missing(dir.to_path_buf()));
        }
        let tantivy_err = |source| OpenError::Tantivy {
            path: dir.to_path_buf(),
            source,
        };
        let mut index = Index::open_in_dir(dir).map_err(tantivy_err)?;
        let payload = check_format(&index, dir)?;
        // Search segments on every core: a facet query over a large index is mostly counting,
        // which splits cleanly by segment.
        index
            .set_default_multithread_executor()
            .map_err(tantivy_err)?;
        let fields = Fields::open(&index.schema()).map_err(|e| OpenError::Incompatible {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        })?;
        schema::register_tokenizers(&index);
        // Opening a reader opens every segment of the last commit: a damaged or missing segment
        // file is reported here, with the way out, before any search or run relies on it.
        let searcher = derived::latest_searcher(&index).map_err(|e| OpenError::Damaged {
            path: dir.to_path_buf(),
            detail: damage(&e),
        })?;
        // A store that is missing, unreadable or of another commit is not trusted: what a
        // search needs of it is derived from the passages instead (and an indexer says what is
        // wrong with it when it opens it to write).
        let store = Store::open_existing(dir).ok().flatten().map(Arc::new);
        let stored = store.as_ref().and_then(|store| {
            if pin {
                store.pin().ok()?;
            }
            Derived::stored(store, payload.content, pin).ok().flatten()
        });
        let (derived, derived_stale) = match stored {
            Some(derived) => (derived, false),
            None => (
                Derived::derive(&searcher).map_err(|e| OpenError::Damaged {
                    path: dir.to_path_buf(),
                    detail: damage(&e),
                })?,
                true,
            ),
        };
        Ok(NewsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            aliases: derived.aliases,
            payload,
            duplicates: derived.duplicates,
            derived_stale,
            store: if derived_stale { None } else { store },
            terms: Default::default(),
        })
    }

    /// Open the index at `dir`, creating the directory and an empty index when there is none.
    pub fn open_or_create(dir: &Path) -> Result<NewsIndex, OpenError> {
        if dir.join("meta.json").is_file() {
            // The indexer's own writes must not wait behind a pinned read.
            return NewsIndex::open_with(dir, false);
        }
        std::fs::create_dir_all(dir).map_err(|source| OpenError::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let tantivy_err = |source| OpenError::Tantivy {
            path: dir.to_path_buf(),
            source,
        };
        let directory =
            MmapDirectory::open(dir).map_err(|e| tantivy_err(tantivy::TantivyError::from(e)))?;
        let (schema, fields) = Fields::build();
        let index = Index::create(directory, schema, Default::default()).map_err(tantivy_err)?;
        schema::register_tokenizers(&index);
        Ok(NewsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            aliases: Aliases::default(),
            payload: CommitPayload::current(),
            duplicates: Default::default(),
            derived_stale: false,
            store: None,
            terms: Default::default(),
        })
    }

    /// An index in memory, for tests.
    pub fn in_ram() -> NewsIndex {
        let (schema, fields) = Fields::build();
        let index = Index::create_in_ram(schema);
        schema::register_tokenizers(&index);
        NewsIndex {
            index,
            fields,
            dir: PathBuf::new(),
            aliases: Aliases::default(),
            payload: CommitPayload::current(),
            duplicates: Default::default(),
            derived_stale: false,
            store: None,
            terms: Default::default(),
        }
    }
}
