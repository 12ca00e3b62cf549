//! Named steps where a test can make the process die, to prove that a kill at that instruction
//! leaves an index the next run completes.
//!
//! `NEWSDEX_FAILPOINT=NAME` makes [`hit`]`(NAME)` end the process at once with SIGKILL's
//! semantics (no destructors, no flushing, no cleanup), as a power cut or `kill -9` would.
//! Without the variable every call is one load of a cached `Option`.

use std::sync::LazyLock;

/// The failpoint this process was asked to die at, read once.
static ARMED: LazyLock<Option<String>> = LazyLock::new(|| {
    std::env::var("NEWSDEX_FAILPOINT")
        .ok()
        .filter(|s| !s.is_empty())
});

/// The named steps, in the order an indexing run passes them; tests iterate over this list.
pub const STEPS: &[&str] = &[
    "before-ledger-commit",
    "before-commit",
    "after-commit",
    "before-derived-commit",
];

/// Die here if this step is the armed one.
pub fn hit(step: &str) {
    if ARMED.as_deref() == Some(step) {
        #[cfg(unix)]
        // SAFETY: raising a signal has no memory-safety preconditions; SIGKILL never returns.
        unsafe {
            libc::raise(libc::SIGKILL);
        }
        std::process::abort();
    }
}
