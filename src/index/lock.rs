//! One `newsdex index` per index directory, and a message that says who holds it.
//!
//! tantivy's own writer lock fails a second writer too, but cannot say by whom, and it is taken
//! only once the index is open; `--rebuild` must hold the directory before it removes anything.
//! The lock is an OS file lock on `newsdex.lock`, so it dies with its process however that
//! process ends (a killed indexer leaves no stale lock); the file keeps the holder's pid for
//! the message.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

pub(super) const LOCK_FILE: &str = "newsdex.lock";

/// Why the directory could not be locked.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("{} is being indexed by another newsdex process{}", .dir.display(), pid_note(*.pid))]
    Busy { dir: PathBuf, pid: Option<u32> },
    #[error("cannot lock {}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

fn pid_note(pid: Option<u32>) -> String {
    pid.map(|pid| format!(" (pid {pid})")).unwrap_or_default()
}

/// Held for as long as this value lives.
#[derive(Debug)]
pub struct IndexLock {
    _file: File,
}

impl IndexLock {
    /// Lock `dir` (which must exist) for writing, or say who holds it; never waits.
    pub fn acquire(dir: &Path) -> Result<IndexLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let io_error = |source| LockError::Io {
            path: path.clone(),
            source,
        };
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io_error)?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) => {
                let mut text = String::new();
                // The holder may be writing its pid right now: then the message has none.
                let _ = file.read_to_string(&mut text);
                return Err(LockError::Busy {
                    dir: dir.to_path_buf(),
                    pid: text.trim().parse().ok(),
                });
            }
            Err(TryLockError::Error(e)) => return Err(io_error(e)),
        }
        file.set_len(0).map_err(io_error)?;
        file.seek(SeekFrom::Start(0)).map_err(io_error)?;
        writeln!(file, "{}", std::process::id()).map_err(io_error)?;
        Ok(IndexLock { _file: file })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_is_refused_with_the_holders_pid_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let first = IndexLock::acquire(dir.path()).unwrap();
        let err = IndexLock::acquire(dir.path()).unwrap_err();
        let expected = format!(
            "{} is being indexed by another newsdex process (pid {})",
            dir.path().display(),
            std::process::id()
        );
        assert_eq!(err.to_string(), expected);
        drop(first);
        assert!(IndexLock::acquire(dir.path()).is_ok());
    }
}
