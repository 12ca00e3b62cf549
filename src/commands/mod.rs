//! One function per subcommand: orchestration only, generic over the output writer.

pub mod extract;
pub mod index;
pub mod names;
pub mod search;
pub mod stats;
pub mod timeline;
pub mod train_cues;
pub mod train_ner;

/// How a command ended, as grep reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Something matched (or the command succeeded).
    Match,
    NoMatch,
    /// Part of the work failed and was reported (a bad query in a batch).
    Error,
    /// Stopped by Ctrl-C after committing what was done.
    Interrupted,
}

impl Outcome {
    pub fn exit_code(self) -> u8 {
        match self {
            Outcome::Match => 0,
            Outcome::NoMatch => 1,
            Outcome::Error => 2,
            Outcome::Interrupted => 130,
        }
    }
}
