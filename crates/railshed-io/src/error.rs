//! Errors that name the file and the place in it.

use std::fmt;
use std::path::PathBuf;

/// One problem with an input file, located as precisely as the format allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The file (or the name of an embedded resource).
    pub file: String,
    /// Where in it: a JSON path (`$.lines[3].calls[2]`) or `line:column`.
    pub location: String,
    /// The object at fault, e.g. `line "tpe-north"`; may be empty.
    pub object: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for part in [&self.file, &self.location, &self.object] {
            if !part.is_empty() {
                write!(f, "{part}: ")?;
            }
        }
        write!(f, "{}", self.message)
    }
}

/// An error of `railshed-io`.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The file could not be read or written.
    #[error("{}: {error}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why (in the message, so not also a `source` that reports repeat).
        error: std::io::Error,
    },
    /// The input is wrong; every problem found is listed, the first is shown.
    #[error("{}{}", problems[0], more(problems.len()))]
    Invalid {
        /// At least one problem.
        problems: Vec<Problem>,
    },
}

fn more(n: usize) -> String {
    match n {
        0 | 1 => String::new(),
        2 => " (and 1 more problem)".to_owned(),
        _ => format!(" (and {} more problems)", n - 1),
    }
}

impl Error {
    /// An input error with one problem.
    pub fn invalid(
        file: impl Into<String>,
        location: impl Into<String>,
        object: impl Into<String>,
        message: impl Into<String>,
    ) -> Error {
        Error::Invalid {
            problems: vec![Problem {
                file: file.into(),
                location: location.into(),
                object: object.into(),
                message: message.into(),
            }],
        }
    }

    /// The error with `file` named where it names no file.
    pub fn in_file(self, file: &str) -> Error {
        match self {
            Error::Invalid { mut problems } => {
                for p in &mut problems {
                    if p.file.is_empty() {
                        p.file = file.to_owned();
                    }
                }
                Error::Invalid { problems }
            }
            other => other,
        }
    }

    /// Every problem, one line each.
    pub fn problems(&self) -> Vec<String> {
        match self {
            Error::Invalid { problems } => problems.iter().map(|p| p.to_string()).collect(),
            other => vec![other.to_string()],
        }
    }

    /// Whether the input is at fault (as opposed to the system).
    pub fn is_bad_input(&self) -> bool {
        match self {
            Error::Invalid { .. } => true,
            Error::Io { error: source, .. } => matches!(
                source.kind(),
                std::io::ErrorKind::NotFound
                    | std::io::ErrorKind::InvalidData
                    | std::io::ErrorKind::InvalidInput
                    | std::io::ErrorKind::IsADirectory
                    | std::io::ErrorKind::PermissionDenied
            ),
        }
    }
}

/// Refuses a chain of scenarios nesting deeper than `max` `extends` links
/// (a scenario and `max` ancestors), when `read` files have been read and
/// `last` (the last of them) names one more parent. The error names `last`,
/// where the `extends` too many is written.
pub(crate) fn extends_depth(last: Option<&std::path::Path>, read: usize, max: usize) -> Result<(), Error> {
    match last {
        Some(last) if read > max => Err(Error::invalid(
            last.display().to_string(),
            "$.extends",
            "",
            format!("scenarios nest deeper than {max} `extends` links"),
        )),
        _ => Ok(()),
    }
}
