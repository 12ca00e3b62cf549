#![allow(dead_code)] // each test binary uses its own part of the harness
//! A temporary directory per test, with copies of fixtures and a handle to run the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct TestEnv {
    dir: tempfile::TempDir,
}

/// The repository root, where `corpus/` and `tests/fixtures/` live.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl TestEnv {
    pub fn new() -> TestEnv {
        TestEnv {
            dir: tempfile::tempdir().expect("create temp dir"),
        }
    }

    /// A test dir whose `corpus/` holds copies of the given files or folders (relative to the
    /// repository root), each under its own file name.
    pub fn with(paths: &[&str]) -> TestEnv {
        let env = TestEnv::new();
        let corpus = env.path().join("corpus");
        std::fs::create_dir_all(&corpus).expect("create corpus dir");
        for path in paths {
            copy(&repo().join(path), &corpus);
        }
        env
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_newsdex"));
        command
            .args(args)
            .current_dir(self.path())
            .env_remove("NEWSDEX_INDEX")
            .env("NO_COLOR", "1")
            .stdin(Stdio::null());
        command
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run newsdex")
    }

    /// Run and insist on the exit code; returns stdout.
    pub fn run_ok(&self, args: &[&str], code: i32) -> String {
        let output = self.run(args);
        assert_eq!(
            output.status.code(),
            Some(code),
            "newsdex {args:?}\n--- stdout\n{}\n--- stderr\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("stdout is UTF-8")
    }

    pub fn index(&self) -> String {
        self.run_ok(&["index", "corpus", "--quiet"], 0)
    }

    /// `search … --format json`, parsed.
    pub fn search_json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["search"];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--format", "json"]);
        let output = self.run(&all);
        assert!(
            matches!(output.status.code(), Some(0) | Some(1)),
            "newsdex {all:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        serde_json::from_slice(&output.stdout).expect("search prints one JSON object")
    }
}

pub fn copy(from: &Path, into: &Path) {
    let target = into.join(from.file_name().expect("fixture has a name"));
    if from.is_dir() {
        std::fs::create_dir_all(&target).expect("create fixture dir");
        for entry in std::fs::read_dir(from).expect("read fixture dir") {
            copy(&entry.expect("fixture entry").path(), &target);
        }
    } else {
        std::fs::copy(from, &target).expect("copy fixture");
    }
}

/// Texts of the hits of a JSON search result.
pub fn hit_texts(results: &serde_json::Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .expect("hits is an array")
        .iter()
        .map(|hit| hit["text"].as_str().expect("hit text").to_string())
        .collect()
}
