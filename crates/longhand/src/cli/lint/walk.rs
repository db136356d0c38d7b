//! Finding the files `longhand lint` and `longhand import adr` read: files named on the command
//! line as they are, and `*.md` / `*.markdown` files found by walking directories (every file,
//! for the import, which names the ones it skips).
//!
//! The walk skips hidden entries (`.git`, `.github`, editor temp files), `node_modules` and
//! `target`, and does not follow symbolic links to directories, so a link cycle cannot make it
//! loop. A path given explicitly is always used, even when it is hidden.

use std::ffi::OsStr;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// Directory names that hold dependencies or build output, never documents.
const SKIPPED_DIRS: [&str; 2] = ["node_modules", "target"];

/// A file to lint.
#[derive(Debug)]
pub(crate) struct Source {
    pub path: PathBuf,
    /// Named on the command line rather than found by the walk.
    pub explicit: bool,
}

/// Every file to lint under `paths`, sorted by path and without duplicates. `skip` is a
/// directory (canonical) left out of the walk: the one holding custom templates.
pub(crate) fn discover(paths: &[PathBuf], skip: Option<&Path>) -> anyhow::Result<Vec<Source>> {
    let mut walker = Walker {
        skip,
        wanted: is_markdown,
        found: Vec::new(),
    };
    for path in paths {
        walker.add(path)?;
    }
    if walker.found.is_empty() {
        bail!(
            "no Markdown files (*.md, *.markdown) found in {}",
            list(paths)
        );
    }
    Ok(sorted(walker.found))
}

/// Every file the walk reaches under `dir`, Markdown or not, sorted by path. The import
/// reads the Markdown files and names the others in its report, so that a record saved
/// without its `.md` extension does not vanish without a word.
pub(crate) fn every_file(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut walker = Walker {
        skip: None,
        wanted: |_| true,
        found: Vec::new(),
    };
    walker.walk(dir)?;
    Ok(sorted(walker.found).into_iter().map(|s| s.path).collect())
}

fn list(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    shown.join(", ")
}

/// Sorts by path and merges duplicates (`docs docs/a.md`), keeping "explicit" if either was.
fn sorted(mut found: Vec<Source>) -> Vec<Source> {
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found.dedup_by(|later, kept| {
        let same = later.path == kept.path;
        kept.explicit |= same && later.explicit;
        same
    });
    found
}

struct Walker<'s> {
    skip: Option<&'s Path>,
    /// Which files the walk takes.
    wanted: fn(&Path) -> bool,
    found: Vec<Source>,
}

impl Walker<'_> {
    fn add(&mut self, path: &Path) -> anyhow::Result<()> {
        let metadata =
            fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?;
        if metadata.is_dir() {
            return self.walk(path);
        }
        self.found.push(Source {
            path: path.to_owned(),
            explicit: true,
        });
        Ok(())
    }

    fn walk(&mut self, dir: &Path) -> anyhow::Result<()> {
        let entries = fs::read_dir(dir)
            .with_context(|| format!("cannot read directory {}", dir.display()))?;
        for entry in entries {
            let entry =
                entry.with_context(|| format!("cannot read directory {}", dir.display()))?;
            self.visit(&entry)?;
        }
        Ok(())
    }

    fn visit(&mut self, entry: &fs::DirEntry) -> anyhow::Result<()> {
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            return Ok(());
        }
        let path = entry.path();
        let file_type = entry
            .file_type()
            .with_context(|| format!("cannot read {}", path.display()))?;
        if file_type.is_dir() {
            if !self.skips_dir(&name, &path) {
                self.walk(&path)?;
            }
        } else if (self.wanted)(&path) && !symlink_to_dir(&path, file_type) {
            self.found.push(Source {
                path,
                explicit: false,
            });
        }
        Ok(())
    }

    fn skips_dir(&self, name: &OsStr, path: &Path) -> bool {
        let skipped_name = SKIPPED_DIRS.iter().any(|skipped| name == *skipped);
        // Canonicalising costs a syscall per directory, so it happens only when there is a
        // templates directory to compare with.
        skipped_name
            || self
                .skip
                .is_some_and(|skip| fs::canonicalize(path).is_ok_and(|p| p == skip))
    }
}

pub(crate) fn is_markdown(path: &Path) -> bool {
    path.extension()
        .and_then(OsStr::to_str)
        .is_some_and(|ext| ext.eq_ignore_ascii_case("md") || ext.eq_ignore_ascii_case("markdown"))
}

/// A symbolic link named `*.md` that points at a directory is not a document. A broken link
/// is kept, so reading it reports the problem instead of the file silently disappearing.
fn symlink_to_dir(path: &Path, file_type: fs::FileType) -> bool {
    file_type.is_symlink() && fs::metadata(path).is_ok_and(|m| m.is_dir())
}
