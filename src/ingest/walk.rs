//! Finding the corpus files: takes the paths given on the command line, gives every article file
//! under them in name order, the files that are not articles, and the paths that could not be
//! walked.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{io_message, Discovery, Format, Problem, ProblemKind, SourceFile};

/// The format and gzip flag an article file's name announces, case-insensitively.
/// File stems (lowercased) that document a corpus rather than belong to it.
const NOT_ARTICLES: &[&str] = &[
    "readme",
    "license",
    "licence",
    "changelog",
    "copying",
    "notice",
];

pub(super) fn classify(path: &Path) -> Option<(Format, bool)> {
    let name = path.file_name()?.to_string_lossy().to_lowercase();
    let (name, gzip) = match name.strip_suffix(".gz") {
        Some(inner) => (inner, true),
        None => (name.as_str(), false),
    };
    let (stem, ext) = name.rsplit_once('.')?;
    // A corpus folder's own documentation (its README, licence, changelog) is not news.
    if stem.is_empty() || NOT_ARTICLES.contains(&stem) {
        return None;
    }
    let format = match ext {
        "txt" | "md" => Format::Text,
        "json" => Format::Json,
        "jsonl" | "ndjson" => Format::JsonLines,
        _ => return None,
    };
    Some((format, gzip))
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

/// Walk `paths` (files or folders), sorted by name, and classify every file.
///
/// Folders are walked in file-name order so index order, and so tests, are reproducible; the
/// given paths keep the order they were given in. Symlinks are followed (a loop is a problem,
/// not a hang), hidden entries inside folders are left out, and a file reached twice (through a
/// symlink, or named twice) is listed once so its articles are not indexed twice.
pub fn discover(paths: &[PathBuf]) -> Discovery {
    let mut found = Discovery::default();
    let mut seen = HashSet::new();
    for root in paths {
        if let Err(e) = std::fs::metadata(root) {
            let kind = ProblemKind::Unreadable(io_message(&e));
            found.problems.push(Problem::new(root, None, kind));
            continue;
        }
        let walk = WalkDir::new(root)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let path = e.path().unwrap_or(root);
                    let message = match (e.loop_ancestor(), e.io_error()) {
                        (Some(ancestor), _) => {
                            format!("symlink loop back to {}", ancestor.display())
                        }
                        (None, Some(io)) => io_message(io),
                        (None, None) => e.to_string(),
                    };
                    let kind = ProblemKind::Unreadable(message);
                    found.problems.push(Problem::new(path, None, kind));
                    continue;
                }
            };
            if entry.file_type().is_dir() {
                continue;
            }
            let named = entry.depth() == 0;
            let path = entry.into_path();
            let metadata = match std::fs::metadata(&path) {
                Ok(m) => m,
                Err(e) => {
                    let kind = ProblemKind::Unreadable(io_message(&e));
                    found.problems.push(Problem::new(&path, None, kind));
                    continue;
                }
            };
            // One file under two names (a symlink, a hard link, named twice) is read once,
            // under the first name in walk order.
            if !seen.insert(file_identity(&path, &metadata)) {
                continue;
            }
            let class = classify(&path);
            if !metadata.is_file() {
                // A FIFO or device would block or never end: never read, and said so when the
                // user named it or named it like an article.
                if named || class.is_some() {
                    let kind = ProblemKind::NotRegular(file_kind(&metadata));
                    found.problems.push(Problem::new(&path, None, kind));
                } else {
                    found.skipped.push(path);
                }
                continue;
            }
            match class {
                Some((format, gzip)) => found.files.push(SourceFile {
                    path,
                    format,
                    gzip,
                    bytes: metadata.len(),
                }),
                None => found.skipped.push(path),
            }
        }
    }
    found
}

/// What makes two paths one file: device and inode where the system has them.
#[derive(Debug, PartialEq, Eq, Hash)]
enum FileIdentity {
    #[cfg(unix)]
    Inode(u64, u64),
    #[cfg(not(unix))]
    Path(PathBuf),
}

#[cfg(unix)]
fn file_identity(_path: &Path, metadata: &std::fs::Metadata) -> FileIdentity {
    use std::os::unix::fs::MetadataExt;
    FileIdentity::Inode(metadata.dev(), metadata.ino())
}

#[cfg(not(unix))]
fn file_identity(path: &Path, _metadata: &std::fs::Metadata) -> FileIdentity {
    FileIdentity::Path(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()))
}

/// "a FIFO", "a device", …: what a path that is not a regular file is.
fn file_kind(metadata: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = metadata.file_type();
        if kind.is_fifo() {
            return "a FIFO";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    let _ = metadata;
    "not a file"
}

#[cfg(test)]
mod tests {
    use std::fs;

    use super::*;

    #[test]
    fn classify_by_extension() {
        let cases = [
            ("a.txt", Some((Format::Text, false))),
            ("a.MD", Some((Format::Text, false))),
            ("a.Json", Some((Format::Json, false))),
            ("a.jsonl", Some((Format::JsonLines, false))),
            ("a.ndjson", Some((Format::JsonLines, false))),
            (
                "allsides-2012-2020.jsonl.gz",
                Some((Format::JsonLines, true)),
            ),
            ("a.JSON.GZ", Some((Format::Json, true))),
            ("a.txt.gz", Some((Format::Text, true))),
            ("a.gz", None),
            ("a.tar.gz", None),
            ("a.csv", None),
            ("README", None),
            ("README.md", None),
            ("LICENSE.txt", None),
            ("readme.txt", None),
            ("txt", None),
            (".txt", None),
        ];
        for (name, want) in cases {
            assert_eq!(classify(Path::new(name)), want, "{name}");
        }
    }

    fn names(files: &[SourceFile], root: &Path) -> Vec<String> {
        files
            .iter()
            .map(|f| f.path.strip_prefix(root).unwrap().display().to_string())
            .collect()
    }

    #[test]
    fn sorted_walk_skips_hidden_and_non_articles() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for (name, text) in [
            ("b.jsonl", "{}\n"),
            ("a.txt", "Title\nBody"),
            ("sub/c.json.gz", "x"),
            ("sub/a.md", "x"),
            ("notes.csv", "x"),
            (".hidden.txt", "x"),
            (".git/d.txt", "x"),
            ("sub/.e.jsonl", "x"),
        ] {
            let path = root.join(name);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
        let found = discover(&[root.to_path_buf()]);
        assert_eq!(
            names(&found.files, root),
            ["a.txt", "b.jsonl", "sub/a.md", "sub/c.json.gz"]
        );
        assert_eq!(found.files[0].bytes, 10);
        assert_eq!(found.files[0].format, Format::Text);
        assert!(found.files[3].gzip);
        assert_eq!(found.skipped, [root.join("notes.csv")]);
        assert!(found.problems.is_empty());

        // A hidden file named explicitly is read, and given paths keep their order.
        let found = discover(&[root.join("sub"), root.join(".hidden.txt")]);
        assert_eq!(
            names(&found.files, root),
            ["sub/a.md", "sub/c.json.gz", ".hidden.txt"]
        );
    }

    #[test]
    fn missing_path_is_a_problem_and_the_rest_is_walked() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("no-such-corpus");
        fs::write(dir.path().join("a.txt"), "Title\nBody").unwrap();
        let found = discover(&[missing.clone(), dir.path().to_path_buf()]);
        assert_eq!(
            found.problems,
            [Problem::new(
                &missing,
                None,
                ProblemKind::Unreadable("no such file or directory".into())
            )]
        );
        assert_eq!(found.files.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loop_is_reported_and_duplicates_listed_once() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir(root.join("sub")).unwrap();
        fs::write(root.join("sub/a.txt"), "Title\nBody").unwrap();
        std::os::unix::fs::symlink(root, root.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink(root.join("sub/a.txt"), root.join("link.txt")).unwrap();
        let found = discover(&[root.to_path_buf()]);
        // "link.txt" sorts before "sub", so the link is the one listed.
        assert_eq!(names(&found.files, root), ["link.txt"]);
        assert_eq!(found.problems.len(), 1);
        assert_eq!(found.problems[0].path, root.join("sub/loop"));
        assert_eq!(
            found.problems[0].kind,
            ProblemKind::Unreadable(format!("symlink loop back to {}", root.display()))
        );
    }
}
