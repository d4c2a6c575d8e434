//! The one place that writes result files. Everything else in `report` turns results into
//! bytes ([`OutputFile`]); a command renders all of its files first and hands them here, so a
//! failure while rendering leaves the output folder untouched.
//!
//! Each file is written to a temporary file in its destination folder (named `.NAME.XXXXXX.tmp`,
//! so it is recognisable), flushed to disk with `sync_all`, then renamed over `NAME` by
//! [`tempfile::NamedTempFile::persist`]: a reader, or a crash, never sees half a file, and a
//! failed write removes its temporary file.
//!
//! [`OutputDir`] is the folder a command writes into, checked before any work starts (it exists
//! or is created, and takes a file); a folder it created is removed again when the command
//! fails before writing into it. [`remove_stale`] deletes the files of an earlier run of the same
//! command that this run did not write, so a folder never mixes two runs.

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// The name of the resolved scenario (overrides applied, as TOML) in a run's output folder.
pub const SCENARIO_FILE: &str = "scenario.toml";

/// Formats a streamed file's text into the writer it is given.
pub type Fill<'a> = Box<dyn Fn(&mut dyn Write) -> io::Result<()> + Send + Sync + 'a>;

/// What goes into a file.
pub enum Content<'a> {
    /// Bytes rendered in advance (summaries, charts, the report).
    Bytes(Vec<u8>),
    /// Text streamed straight into the file as it is written: for the per-trial CSV, which a
    /// million trials make hundreds of megabytes long. The closure only formats values it is
    /// given, so the only way it can fail is the write itself.
    Stream(Fill<'a>),
}

/// One output file: its name in the output folder and its content.
pub struct OutputFile<'a> {
    /// The file name, without folder (`summary.json`, `revenue.png`).
    pub name: String,
    /// What it holds.
    pub content: Content<'a>,
}

impl<'a> OutputFile<'a> {
    /// A file of bytes rendered in advance.
    pub fn bytes(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        OutputFile {
            name: name.into(),
            content: Content::Bytes(bytes.into()),
        }
    }

    /// A file streamed when it is written (see [`Content::Stream`]).
    pub fn stream(
        name: impl Into<String>,
        fill: impl Fn(&mut dyn Write) -> io::Result<()> + Send + Sync + 'a,
    ) -> Self {
        OutputFile {
            name: name.into(),
            content: Content::Stream(Box::new(fill)),
        }
    }

    /// The content as bytes (streamed content is rendered into memory): for tests and for
    /// callers that want the bytes without a file.
    ///
    /// # Errors
    /// Only if a streamed content's formatting fails, which writing into memory does not.
    pub fn to_bytes(&self) -> io::Result<Vec<u8>> {
        match &self.content {
            Content::Bytes(b) => Ok(b.clone()),
            Content::Stream(fill) => {
                let mut out = Vec::new();
                fill(&mut out)?;
                Ok(out)
            }
        }
    }
}

/// The folder a command writes into, prepared before the command's work starts.
///
/// Dropped without anything written into it, it removes the folders [`OutputDir::prepare`]
/// created (only while they are empty), so a failing command leaves nothing behind.
#[derive(Debug)]
pub struct OutputDir {
    path: PathBuf,
    /// Folders `prepare` created, deepest first.
    created: Vec<PathBuf>,
}

impl OutputDir {
    /// Creates `path` (and missing parents) and checks that a file can be written in it, by
    /// creating and deleting a temporary file there.
    ///
    /// # Errors
    /// When `path` is a file, or the folder cannot be created or written (the error names it
    /// and the reason).
    pub fn prepare(path: &Path) -> Result<OutputDir> {
        if path.is_file() {
            anyhow::bail!(
                "{} is a file; name a folder (it is created if missing)",
                path.display()
            );
        }
        let created: Vec<PathBuf> = path
            .ancestors()
            .filter(|p| !p.as_os_str().is_empty())
            .take_while(|p| !p.exists())
            .map(Path::to_path_buf)
            .collect();
        let dir = OutputDir {
            path: path.to_path_buf(),
            created,
        };
        std::fs::create_dir_all(path)
            .with_context(|| format!("cannot create the output folder {}", path.display()))?;
        tempfile::Builder::new()
            .prefix(".prospect-sim-check.")
            .suffix(".tmp")
            .tempfile_in(path)
            .with_context(|| format!("cannot write in the output folder {}", path.display()))?;
        Ok(dir)
    }

    /// The folder.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for OutputDir {
    fn drop(&mut self) {
        // `remove_dir` fails on a folder with files in it: only empty folders go.
        for dir in &self.created {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

/// Deletes the files of `dir` named in `ours` (every file the command can write, and those an
/// earlier run's manifest lists) that are not in `written`; returns the names deleted, sorted.
/// Only plain file names are considered (a name with a folder in it is skipped), and files
/// that are already gone are fine.
///
/// # Errors
/// When a stale file exists but cannot be deleted (the error names it).
pub fn remove_stale(dir: &Path, ours: &[String], written: &[String]) -> Result<Vec<String>> {
    let mut removed = Vec::new();
    for name in ours {
        let plain = Path::new(name)
            .file_name()
            .is_some_and(|f| f == name.as_str());
        if !plain || written.contains(name) || removed.contains(name) {
            continue;
        }
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Ok(()) => removed.push(name.clone()),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(anyhow::Error::new(e)
                    .context(format!("removing {} of an earlier run", path.display())));
            }
        }
    }
    removed.sort();
    Ok(removed)
}

/// Creates `dir` if it is missing and writes `files` into it, in order; returns their paths.
///
/// # Errors
/// When the folder cannot be created or a file cannot be written (each error names the path).
/// Files written before the failing one stay; the failing one leaves neither a temporary file
/// nor a partial file behind.
pub fn write_all(dir: &Path, files: &[OutputFile<'_>]) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("creating the output folder {}", dir.display()))?;
    files
        .iter()
        .map(|f| {
            let path = dir.join(&f.name);
            write_file(&path, &f.content)?;
            Ok(path)
        })
        .collect()
}

/// Writes one file at `path` through a temporary file beside it (see the module's notes).
///
/// # Errors
/// When `path` names no file, or creating, writing, syncing or renaming fails.
pub fn write_file(path: &Path, content: &Content<'_>) -> Result<()> {
    let name = path
        .file_name()
        .with_context(|| format!("{} names no file", path.display()))?
        .to_string_lossy();
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("creating a temporary file for {}", path.display()))?;
    let written = (|| -> io::Result<()> {
        let mut w = BufWriter::with_capacity(1 << 20, tmp.as_file());
        match content {
            Content::Bytes(b) => w.write_all(b)?,
            Content::Stream(fill) => fill(&mut w)?,
        }
        w.flush()?;
        drop(w);
        tmp.as_file().sync_all()
    })();
    // On error `tmp` is dropped here, which deletes the temporary file.
    written.with_context(|| format!("writing {}", path.display()))?;
    tmp.persist(path)
        .map_err(|e| e.error)
        .with_context(|| format!("renaming a temporary file to {}", path.display()))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut n: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        n.sort();
        n
    }

    #[test]
    fn files_are_written_whole_and_nothing_else_is_left() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new");
        let files = [
            OutputFile::bytes("a.txt", "alpha\n"),
            OutputFile::stream("b.csv", |w| w.write_all(b"x,y\n1,2\n")),
        ];
        let paths = write_all(&out, &files).unwrap();
        assert_eq!(paths, [out.join("a.txt"), out.join("b.csv")]);
        assert_eq!(names(&out), ["a.txt", "b.csv"]);
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"alpha\n");
        assert_eq!(std::fs::read(out.join("b.csv")).unwrap(), b"x,y\n1,2\n");
        // Writing again replaces the file.
        write_all(&out, &[OutputFile::bytes("a.txt", "beta\n")]).unwrap();
        assert_eq!(std::fs::read(out.join("a.txt")).unwrap(), b"beta\n");
    }

    #[test]
    fn preparing_creates_the_folder_and_a_failure_after_it_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("a").join("b");
        let prepared = OutputDir::prepare(&out).unwrap();
        assert!(out.is_dir());
        assert!(names(&out).is_empty(), "the check leaves no file");
        drop(prepared);
        assert!(names(dir.path()).is_empty(), "both created folders went");
        // Once something is written, the folder stays.
        let prepared = OutputDir::prepare(&out).unwrap();
        write_all(prepared.path(), &[OutputFile::bytes("x", "1")]).unwrap();
        drop(prepared);
        assert_eq!(names(&out), ["x"]);
    }

    #[test]
    fn a_file_is_not_an_output_folder() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("f");
        std::fs::write(&file, "").unwrap();
        let err = OutputDir::prepare(&file).unwrap_err();
        assert!(format!("{err:#}").contains("is a file"), "{err:#}");
    }

    #[test]
    fn stale_files_of_ours_go_and_others_stay() {
        let dir = tempfile::tempdir().unwrap();
        for f in ["revenue.png", "revenue.svg", "notes.txt", "payback.png"] {
            std::fs::write(dir.path().join(f), "").unwrap();
        }
        let ours: Vec<String> = ["revenue.png", "revenue.svg", "payback.png", "payback.svg"]
            .map(String::from)
            .to_vec();
        let removed = remove_stale(dir.path(), &ours, &["revenue.svg".to_string()]).unwrap();
        assert_eq!(removed, ["payback.png", "revenue.png"]);
        assert_eq!(names(dir.path()), ["notes.txt", "revenue.svg"]);
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("keep.txt"), "old").unwrap();
        let failing = OutputFile::stream("keep.txt", |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        let err = write_all(dir.path(), &[failing]).unwrap_err();
        assert!(format!("{err:#}").contains("disk full"), "{err:#}");
        assert_eq!(names(dir.path()), ["keep.txt"], "no temporary file left");
        assert_eq!(std::fs::read(dir.path().join("keep.txt")).unwrap(), b"old");
    }
}
