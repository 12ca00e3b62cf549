//! Runs one measured job in a fresh process, so each job's peak memory is its own.
//!
//! The parent re-executes this benchmark binary as `child <job> …` (or runs the real `newsdex`
//! binary) and reads the child's peak resident set from its `/proc` status while it runs.

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};

/// Wall time, CPU time, peak resident memory and standard output of one child process.
#[derive(Debug, Clone)]
pub struct Measured {
    pub seconds: f64,
    /// User plus system time of the child and its threads: with the wall time, how many
    /// cores the job kept busy.
    pub cpu_seconds: f64,
    pub peak_rss_bytes: u64,
    pub stdout: String,
}

/// Run `command` to completion; fail with its stderr if it fails.
pub fn measure(mut command: Command) -> anyhow::Result<Measured> {
    let started = Instant::now();
    let child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {command:?}"))?;
    let pid = child.id() as libc::pid_t;
    let read_all = |mut pipe: Box<dyn std::io::Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stdout = read_all(Box::new(child.stdout.expect("stdout is piped")));
    let reader = read_all(Box::new(child.stderr.expect("stderr is piped")));
    let mut status: libc::c_int = 0;
    // SAFETY: `rusage` is plain old data, for which all zeroes is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // The peak is read from the child's own /proc status while it runs: `wait4`'s ru_maxrss
    // would also count the pages of this process, which the child shares between fork and
    // exec (and this process holds the whole corpus). A sample every 10 ms can miss a peak
    // in the child's last 10 ms; the indexers' peaks come well before their end.
    let mut peak_kib: u64 = 0;
    let waited = loop {
        if let Some(kib) = high_water_kib(pid) {
            peak_kib = peak_kib.max(kib);
        }
        // SAFETY: plain FFI call with pointers to locals that outlive it; `pid` is our own
        // child. Unlike its peak memory, the child's CPU time in `usage` is its own.
        let waited = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if waited != 0 {
            break waited;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    };
    let seconds = started.elapsed().as_secs_f64();
    let stderr = reader.join().unwrap_or_default();
    let stdout = stdout.join().unwrap_or_default();
    if waited != pid || !libc::WIFEXITED(status) || libc::WEXITSTATUS(status) != 0 {
        bail!("{command:?} failed:\n{stderr}");
    }
    let time = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    Ok(Measured {
        seconds,
        cpu_seconds: time(usage.ru_utime) + time(usage.ru_stime),
        peak_rss_bytes: peak_kib * 1024,
        stdout,
    })
}

/// `VmHWM` of a running process, in KiB: the peak resident set of its own address space.
fn high_water_kib(pid: libc::pid_t) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// This benchmark binary, to run a job in a child process.
pub fn this_binary(job: &str) -> anyhow::Result<Command> {
    let mut command = Command::new(std::env::current_exe()?);
    command.arg("child").arg(job);
    Ok(command)
}

/// Bytes of all files under `dir`.
pub fn dir_size(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .filter(|m| m.is_file())
        .map(|m| m.len())
        .sum()
}
