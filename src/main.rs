use std::io::{self, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use clap::Parser;

use newsdex::cli::{Cli, Command};
use newsdex::commands::{self, Outcome};
use newsdex::index::NewsIndex;
use newsdex::limits::{self, Origin};

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
                commit_every: args.commit_every,
                rebuild: args.rebuild,
                keep_deleted: args.keep_deleted,
                stop: stop_on_interrupt(),
            };
            let report = commands::index::run(&config, &mut out)?;
            if report.interrupted {
                Outcome::Interrupted
            } else {
                Outcome::Match
            }
        }
        Command::Search(args) => commands::search::run(&args, &mut out)?,
        Command::Extract(args) => {
            commands::extract::run(&args.paths, args.explain, &mut out)?;
            Outcome::Match
        }
        Command::Stats(args) => {
            limits::TOP.check(args.top, Origin::Cli)?;
            let index = NewsIndex::open(&args.index.dir)?;
            let stats = newsdex::search::stats::collect(&index, args.top)?;
            commands::stats::write(&mut out, &stats, args.format)?;
            Outcome::Match
        }
        Command::Timeline(args) => commands::timeline::run(&args, &mut out)?,
        Command::Speakers(args) => {
            commands::names::run(&args, newsdex::search::FacetKind::Speaker, &mut out)?
        }
        Command::Entities(args) => {
            commands::names::run(&args, newsdex::search::FacetKind::Entity, &mut out)?
        }
        Command::Serve(args) => {
            let config = newsdex::serve::ServeConfig {
                dir: args.index.dir,
                addr: args.addr,
            };
            newsdex::serve::run(&config, &mut out)?;
            Outcome::Match
        }
        Command::Export(args) => {
            let index = NewsIndex::open(&args.index.dir)?;
            let report = newsdex::export::run(&index, args.to, &args.out)?;
            writeln!(
                out,
                "exported {} passages to {}:",
                report.passages,
                args.out.display()
            )?;
            for file in &report.files {
                writeln!(out, "  {}", file.display())?;
            }
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
        Command::TrainCues(args) => {
            let config = commands::train_cues::TrainConfig {
                gold: args.gold,
                corpus: args.corpus,
                out: args.out,
                model: newsdex::extract::cue_model::TrainConfig {
                    epochs: args.epochs,
                    seed: args.seed,
                    threshold: args.threshold,
                    ..Default::default()
                },
            };
            commands::train_cues::run(&config, &mut out)?;
            Outcome::Match
        }
    };
    out.flush()?;
    Ok(outcome)
}

/// A flag Ctrl-C (or SIGTERM) sets so indexing stops after committing what it has; a second
/// one exits at once, which is still safe: the last commit stays searchable.
fn stop_on_interrupt() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let installed = ctrlc::set_handler(move || {
        if flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("newsdex: interrupted; committing what is indexed (Ctrl-C again to quit now)");
    });
    if let Err(e) = installed {
        eprintln!("newsdex: warning: Ctrl-C will not commit before quitting: {e}");
    }
    stop
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
