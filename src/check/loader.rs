//! Check stage: reading the files a policy names (its calendar). A policy is untrusted input
//! wherever it is embedded or served, so a file it names resolves only inside one folder: the
//! policy's own, or a root the embedder sets. Absolute paths, `..` that leaves the folder and
//! symbolic links that point out of it are refused; a file is read only up to a size limit.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The largest file a policy may name (a holiday calendar is a few kilobytes).
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Why a file a policy names was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// The path is absolute (`/etc/passwd`, `C:\…`).
    Absolute,
    /// The path leaves the folder the policy may read (`../../etc/shadow`, or a symbolic link
    /// that points outside it).
    Outside,
    /// There is no such file.
    NotFound,
    /// It is not a regular file (a folder, a device, a pipe).
    NotAFile,
    /// It is larger than [`MAX_FILE_BYTES`].
    TooLarge {
        /// The limit in bytes.
        limit: u64,
    },
    /// It is not UTF-8 text.
    NotText,
    /// Another error of the file system.
    Io(crate::sys::IoFailure),
}

/// Reads the files a policy names (its calendar), relative to the policy.
pub trait Loader {
    /// The text of the file at `path` as the policy writes it, or why it cannot be read.
    fn load(&self, path: &str) -> Result<String, LoadError>;
}

/// The path with `.` and `..` resolved without touching the disk, if it stays inside the
/// folder it is relative to (`a/../b` does, `../b` does not).
pub fn confined(path: &str) -> Result<PathBuf, LoadError> {
    let p = Path::new(path);
    // A leading `/` or `\` is absolute on every system a policy may come from.
    if p.is_absolute() || p.has_root() || path.starts_with(['/', '\\']) {
        return Err(LoadError::Absolute);
    }
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return Err(LoadError::Outside);
                }
            }
            Component::RootDir | Component::Prefix(_) => return Err(LoadError::Absolute),
        }
    }
    Ok(out)
}

/// Loads files relative to a folder, never from outside a root folder (by default the folder
/// itself).
#[derive(Clone, Debug)]
pub struct DirLoader {
    base: PathBuf,
    root: PathBuf,
}

impl DirLoader {
    /// Loads relative to `base`, and only from inside it.
    pub fn new(base: impl Into<PathBuf>) -> Self {
        let base = base.into();
        DirLoader {
            root: base.clone(),
            base,
        }
    }

    /// Allows reading anywhere inside `root` (which should hold the base folder), e.g. a
    /// repository of policies that share a `calendars/` folder.
    pub fn with_root(mut self, root: impl Into<PathBuf>) -> Self {
        self.root = root.into();
        self
    }

    /// The file's real path, if it lies inside the root.
    fn resolve(&self, path: &str) -> Result<PathBuf, LoadError> {
        let p = Path::new(path);
        if p.is_absolute() || p.has_root() || path.starts_with(['/', '\\']) {
            return Err(LoadError::Absolute);
        }
        let root = canonical(&self.root)?;
        let mut full = canonical(&self.base)?;
        if !full.starts_with(&root) {
            return Err(LoadError::Outside);
        }
        // `..` may climb from the base as far as the root, and no further.
        for c in p.components() {
            match c {
                Component::Normal(part) => full.push(part),
                Component::CurDir => {}
                Component::ParentDir => {
                    if !full.pop() || !full.starts_with(&root) {
                        return Err(LoadError::Outside);
                    }
                }
                Component::RootDir | Component::Prefix(_) => return Err(LoadError::Absolute),
            }
        }
        // A symbolic link inside the folder may point out of it.
        let real = canonical(&full)?;
        if real.starts_with(&root) {
            Ok(real)
        } else {
            Err(LoadError::Outside)
        }
    }
}

fn canonical(p: &Path) -> Result<PathBuf, LoadError> {
    let p = if p.as_os_str().is_empty() {
        Path::new(".")
    } else {
        p
    };
    std::fs::canonicalize(p).map_err(|e| io_error(&e))
}

fn io_error(e: &std::io::Error) -> LoadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => LoadError::NotFound,
        _ => LoadError::Io(crate::sys::IoFailure::new(e)),
    }
}

impl Loader for DirLoader {
    fn load(&self, path: &str) -> Result<String, LoadError> {
        let real = self.resolve(path)?;
        let meta = std::fs::metadata(&real).map_err(|e| io_error(&e))?;
        if !meta.is_file() {
            return Err(LoadError::NotAFile);
        }
        let limit = MAX_FILE_BYTES;
        if meta.len() > limit {
            return Err(LoadError::TooLarge { limit });
        }
        let file = std::fs::File::open(&real).map_err(|e| io_error(&e))?;
        let mut bytes = Vec::new();
        file.take(limit + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| io_error(&e))?;
        if bytes.len() as u64 > limit {
            return Err(LoadError::TooLarge { limit });
        }
        String::from_utf8(bytes).map_err(|_| LoadError::NotText)
    }
}

/// Loads from a fixed list of (path, text) pairs and never from the disk; for tests and for
/// embedding. Paths are confined as [`DirLoader`] confines them, so the errors agree.
#[derive(Clone, Debug, Default)]
pub struct MemoryLoader {
    files: HashMap<PathBuf, String>,
}

impl MemoryLoader {
    /// An empty loader.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a file (a path that leaves the folder is never found).
    pub fn with(mut self, path: &str, text: &str) -> Self {
        if let Ok(p) = confined(path) {
            self.files.insert(p, text.to_string());
        }
        self
    }
}

impl Loader for MemoryLoader {
    fn load(&self, path: &str) -> Result<String, LoadError> {
        let p = confined(path)?;
        self.files.get(&p).cloned().ok_or(LoadError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_their_folder() {
        assert_eq!(confined("a/./b.csv"), Ok(PathBuf::from("a/b.csv")));
        assert_eq!(confined("a/../b.csv"), Ok(PathBuf::from("b.csv")));
        assert_eq!(confined("../b.csv"), Err(LoadError::Outside));
        assert_eq!(confined("a/../../b.csv"), Err(LoadError::Outside));
        assert_eq!(confined("/etc/passwd"), Err(LoadError::Absolute));
        assert_eq!(confined("\\\\server\\share"), Err(LoadError::Absolute));
    }

    #[test]
    fn the_memory_loader_reads_no_disk() {
        let m = MemoryLoader::new().with("cal.csv", "x");
        assert_eq!(m.load("./cal.csv"), Ok("x".to_string()));
        // Files that exist on the disk are not found in memory.
        assert_eq!(m.load("Cargo.toml"), Err(LoadError::NotFound));
        assert_eq!(m.load("src/lib.rs"), Err(LoadError::NotFound));
        assert_eq!(m.load("/etc/hostname"), Err(LoadError::Absolute));
    }
}
