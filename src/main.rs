use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use newsdex::cli::{Cli, Command};
use newsdex::commands::{self, Outcome};
use newsdex::index::NewsIndex;

fn main() -> ExitCode {
    let result = run(Cli::parse());
    match result {
        Ok(outcome) => ExitCode::from(outcome.exit_code()),
        // `newsdex search … | head` closes the pipe early: that is not an error.
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("newsdex: error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<Outcome> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let outcome = match cli.command {
        Command::Index(args) => {
            let config = commands::index::IndexConfig {
                paths: args.paths,
                dir: args.index.dir,
                strict: args.strict,
                quiet: args.quiet,
                commit_every: std::time::Duration::from_secs(args.commit_every.max(1)),
            };
            commands::index::run(&config, &mut out)?;
            Outcome::Match
        }
        Command::Search(args) => commands::search::run(&args, &mut out)?,
        Command::Extract(args) => {
            commands::extract::run(&args.paths, &mut out)?;
            Outcome::Match
        }
        Command::Stats(args) => {
            let index = NewsIndex::open(&args.index.dir)?;
            let stats = commands::stats::collect(&index, args.top)?;
            commands::stats::write(&mut out, &stats, args.format)?;
            Outcome::Match
        }
        Command::TrainNer(args) => {
            let config = commands::train_ner::TrainConfig {
                train: args.train,
                out: args.out,
                epochs: args.epochs,
                seed: args.seed,
                eval: args.eval,
            };
            commands::train_ner::run(&config, &mut out)?;
            Outcome::Match
        }
    };
    out.flush()?;
    Ok(outcome)
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|cause| {
        let io_kind = cause
            .downcast_ref::<io::Error>()
            .map(io::Error::kind)
            .or_else(|| {
                cause
                    .downcast_ref::<serde_json::Error>()
                    .and_then(|e| e.io_error_kind())
            });
        io_kind == Some(io::ErrorKind::BrokenPipe)
    })
}
