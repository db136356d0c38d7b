//! The git repository an export writes to, driven through the `git` binary.
//!
//! The commits are written by `git fast-import` onto a scratch ref, the working tree is moved
//! to them with `git read-tree -m -u` (a two-way merge, as `git checkout` does, so local
//! changes that would be overwritten stop the export), and only then is the branch moved.
//! A failure on the way leaves the branch, the index and the files as they were.

use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use anyhow::{Context, bail};

/// Where `fast-import` writes before the branch moves.
pub(super) const SCRATCH_REF: &str = "refs/longhand/export";

/// A repository whose HEAD is a branch, opened for an export.
#[derive(Debug)]
pub(super) struct Repo {
    dir: PathBuf,
    /// `refs/heads/…`.
    branch: String,
    /// The branch's commit; `None` before the first commit.
    head: Option<String>,
}

impl Repo {
    /// Opens `dir` for an export. A missing or empty directory becomes a new repository (on
    /// `main`); anything else must be a repository's top directory, with a branch checked
    /// out and its full history (a shallow clone would hide what was exported).
    pub fn open(dir: &Path) -> anyhow::Result<Repo> {
        check_git_installed()?;
        prepare(dir)?;
        let top = git(dir, &["rev-parse", "--show-toplevel"]).ok();
        let canonical = dir
            .canonicalize()
            .with_context(|| format!("cannot read {}", dir.display()))?;
        if top.as_deref().map(str::trim).map(Path::new) != Some(canonical.as_path()) {
            bail!(
                "{} is not empty and is not the top directory of a git repository; give a new or \
                 empty directory, or the top of a repository",
                dir.display()
            );
        }
        if git(dir, &["rev-parse", "--is-shallow-repository"])?.trim() == "true" {
            bail!(
                "{} is a shallow clone; fetch its whole history (`git fetch --unshallow`) so the \
                 export can see what it wrote before",
                dir.display()
            );
        }
        let branch = git(dir, &["symbolic-ref", "--quiet", "HEAD"])
            .map(|name| name.trim().to_owned())
            .with_context(|| format!("HEAD of {} is not a branch; check one out", dir.display()))?;
        let head = git(dir, &["rev-parse", "--quiet", "--verify", "HEAD^{commit}"])
            .ok()
            .map(|sha| sha.trim().to_owned());
        Ok(Repo {
            dir: dir.to_owned(),
            branch,
            head,
        })
    }

    /// The branch name without `refs/heads/`.
    pub fn branch(&self) -> &str {
        self.branch
            .strip_prefix("refs/heads/")
            .unwrap_or(&self.branch)
    }

    /// The commit the branch points at, if any.
    pub fn head(&self) -> Option<&str> {
        self.head.as_deref()
    }

    /// The `Longhand-Revision` trailer and the files of every commit on the branch, as
    /// `export::Exported::read` parses it; empty before the first commit.
    pub fn log(&self) -> anyhow::Result<String> {
        if self.head.is_none() {
            return Ok(String::new());
        }
        git(
            &self.dir,
            &[
                "log",
                "--no-renames",
                "--format=%x1e%(trailers:key=Longhand-Revision,valueonly,separator=%x1f)",
                "--name-only",
                "HEAD",
            ],
        )
    }

    /// Appends the commits of a `fast-import` stream (written onto [`SCRATCH_REF`], the
    /// first one with `from` the current head) to the branch and checks them out; returns
    /// the new head.
    pub fn append(&mut self, stream: &[u8]) -> anyhow::Result<String> {
        git(&self.dir, &["update-ref", "-d", SCRATCH_REF])?;
        run(
            &self.dir,
            &["fast-import", "--quiet", "--done"],
            Some(stream),
        )
        .context("git fast-import refused the export")?;
        let new = git(&self.dir, &["rev-parse", "--verify", SCRATCH_REF])?
            .trim()
            .to_owned();
        let checked_out = self.check_out(&new);
        let moved = checked_out.and_then(|()| self.move_branch(&new));
        git(&self.dir, &["update-ref", "-d", SCRATCH_REF])?;
        moved?;
        self.head = Some(new.clone());
        Ok(new)
    }

    fn check_out(&self, new: &str) -> anyhow::Result<()> {
        let outcome = match &self.head {
            Some(old) => git(&self.dir, &["read-tree", "-m", "-u", old.as_str(), new]),
            None => git(&self.dir, &["read-tree", "-m", "-u", new]),
        };
        outcome.map(drop).with_context(|| {
            format!(
                "cannot update the files in {}; commit, stash or remove the local changes there \
                 and run the export again",
                self.dir.display()
            )
        })
    }

    fn move_branch(&self, new: &str) -> anyhow::Result<()> {
        let old = self.head.as_deref().unwrap_or("");
        let args = [
            "update-ref",
            "-m",
            "longhand export",
            &self.branch,
            new,
            old,
        ];
        git(&self.dir, &args).map(drop)
    }
}

fn check_git_installed() -> anyhow::Result<()> {
    match command(Path::new("."), &["--version"]).output() {
        Ok(output) if output.status.success() => Ok(()),
        Err(err) if err.kind() == ErrorKind::NotFound => bail!(
            "git is not installed (or not on PATH); `longhand export --git` needs it to write \
             the repository"
        ),
        _ => bail!("`git --version` failed; check the git installation"),
    }
}

/// Makes a missing or empty directory a new repository; refuses a file.
fn prepare(dir: &Path) -> anyhow::Result<()> {
    match std::fs::metadata(dir) {
        Err(err) if err.kind() == ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        Err(err) => return Err(err).with_context(|| format!("cannot read {}", dir.display())),
        Ok(meta) if !meta.is_dir() => bail!("{} is a file, not a directory", dir.display()),
        Ok(_) => {
            let mut entries =
                std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
            if entries.next().is_some() {
                return Ok(());
            }
        }
    }
    git(dir, &["init", "--quiet", "--initial-branch=main"]).map(drop)
}

/// Runs git in `dir` and returns its standard output; fails with git's own message.
fn git(dir: &Path, args: &[&str]) -> anyhow::Result<String> {
    run(dir, args, None)
}

fn run(dir: &Path, args: &[&str], input: Option<&[u8]>) -> anyhow::Result<String> {
    let shown = args.join(" ");
    let output =
        feed(command(dir, args), input).with_context(|| format!("cannot run git {shown}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        bail!("git {shown} failed: {}", stderr.trim());
    }
    String::from_utf8(output.stdout).context("git printed something that is not UTF-8")
}

/// A git command in `dir`, deaf to `GIT_DIR` and friends from the environment: when the
/// export runs inside a git hook, those name another repository.
fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new("git");
    command.arg("-C").arg(dir).args(args);
    for variable in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_OBJECT_DIRECTORY",
    ] {
        command.env_remove(variable);
    }
    command
}

/// Runs the command, writing `input` to its stdin from another thread while its output is
/// read, so neither side can fill a pipe and wait for the other.
fn feed(mut command: Command, input: Option<&[u8]>) -> std::io::Result<Output> {
    let Some(input) = input else {
        return command.output();
    };
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    let stdin = child.stdin.take();
    std::thread::scope(|scope| {
        if let Some(mut stdin) = stdin {
            // A write error means git stopped reading; its exit status and stderr say why.
            scope.spawn(move || stdin.write_all(input));
        }
        child.wait_with_output()
    })
}
