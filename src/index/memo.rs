//! Answers read from the side store, kept for the next question about the same key.
//!
//! A search process reads the store through a pinned snapshot (see `store.rs`), so an answer
//! cannot change under it (an indexer's store is not pinned, and its memo keeps nothing): a server, a batch or a facet that asks for the same name again gets
//! it from memory instead of a new query. Only answers are kept, never errors, and the memo is
//! emptied when it reaches [`MEMO_LIMIT`] entries, so memory stays bounded whatever is asked.

use std::collections::HashMap;
use std::sync::Mutex;

/// The most answers one memo keeps before it starts again.
pub const MEMO_LIMIT: usize = 100_000;

#[derive(Debug, Default)]
pub struct Memo<V> {
    answers: Mutex<HashMap<String, V>>,
    /// Off for a store read without a pinned snapshot (an indexer's), whose answers change.
    off: bool,
}

impl<V: Clone> Memo<V> {
    /// A memo that keeps answers when `snapshot` says the store's reads are pinned, and else
    /// asks the store every time.
    pub fn new(snapshot: bool) -> Memo<V> {
        Memo {
            answers: Mutex::default(),
            off: !snapshot,
        }
    }

    /// The answer for `key`, from memory or from `load` (kept when it succeeds).
    pub fn get_or_load<E>(&self, key: &str, load: impl FnOnce() -> Result<V, E>) -> Result<V, E> {
        if self.off {
            return load();
        }
        if let Some(answer) = self.lock().get(key) {
            return Ok(answer.clone());
        }
        let answer = load()?;
        let mut answers = self.lock();
        if answers.len() >= MEMO_LIMIT {
            answers.clear();
        }
        answers.insert(key.to_string(), answer.clone());
        Ok(answer)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, V>> {
        // A panic elsewhere while holding the lock leaves whole answers: keep using them.
        self.answers
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_snapshot_every_question_goes_to_the_store() {
        let memo: Memo<u32> = Memo::new(false);
        let mut loads = 0;
        for _ in 0..3 {
            memo.get_or_load("putin", || {
                loads += 1;
                Ok::<_, ()>(7)
            })
            .unwrap();
        }
        assert_eq!(loads, 3);
    }

    #[test]
    fn answers_are_kept_errors_are_not_and_the_memo_stays_bounded() {
        let memo: Memo<u32> = Memo::new(true);
        let mut loads = 0;
        for _ in 0..3 {
            let answer = memo.get_or_load("putin", || {
                loads += 1;
                Ok::<_, ()>(7)
            });
            assert_eq!(answer, Ok(7));
        }
        assert_eq!(loads, 1, "one load, then memory");
        assert_eq!(
            memo.get_or_load("x", || Err::<u32, _>("locked")),
            Err("locked")
        );
        assert_eq!(
            memo.get_or_load("x", || Ok::<_, &str>(1)),
            Ok(1),
            "an error is not kept"
        );
        for n in 0..MEMO_LIMIT + 10 {
            memo.get_or_load(&n.to_string(), || Ok::<_, ()>(0)).unwrap();
        }
        assert!(memo.lock().len() <= MEMO_LIMIT);
    }
}
