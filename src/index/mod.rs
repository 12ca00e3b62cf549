//! The index: one tantivy document per passage, in a directory on disk.
//!
//! `NewsIndex` opens or creates it (registering newsdex's tokenizers, which tantivy does not
//! persist); `writer` turns annotated articles into documents.

pub mod names;
pub mod schema;
pub mod writer;

use std::path::{Path, PathBuf};

use tantivy::directory::MmapDirectory;
use tantivy::Index;

pub use names::Aliases;
pub use schema::Fields;

/// Errors a caller branches on when opening an index.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("no index at {}: run newsdex index CORPUS first", .0.display())]
    Missing(PathBuf),
    #[error("{} is not a newsdex index of this version ({reason}); rebuild it with newsdex index", .path.display())]
    Incompatible { path: PathBuf, reason: String },
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

/// An opened newsdex index.
pub struct NewsIndex {
    pub index: Index,
    pub fields: Fields,
    pub dir: PathBuf,
    /// Corpus-wide forms of people's names, as of the last finished `index` run.
    pub aliases: Aliases,
}

impl NewsIndex {
    /// Open an existing index for searching.
    pub fn open(dir: &Path) -> Result<NewsIndex, OpenError> {
        if !dir.join("meta.json").is_file() {
            return Err(OpenError::Missing(dir.to_path_buf()));
        }
        let tantivy_err = |source| OpenError::Tantivy {
            path: dir.to_path_buf(),
            source,
        };
        let mut index = Index::open_in_dir(dir).map_err(tantivy_err)?;
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
        let aliases = Aliases::load(dir).map_err(|e| OpenError::Incompatible {
            path: dir.to_path_buf(),
            reason: e.to_string(),
        })?;
        Ok(NewsIndex {
            index,
            fields,
            dir: dir.to_path_buf(),
            aliases,
        })
    }

    /// Open the index at `dir`, creating the directory and an empty index when there is none.
    pub fn open_or_create(dir: &Path) -> Result<NewsIndex, OpenError> {
        if dir.join("meta.json").is_file() {
            return NewsIndex::open(dir);
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
        }
    }
}
