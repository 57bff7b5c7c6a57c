//! The one error type of the library, with the kind that decides the exit
//! status of the command-line tool.

/// Whose fault an error is.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input is at fault: a bad file, name or argument (exit status 2).
    BadInput,
    /// Anything else: the system, or a bug (exit status 1).
    Internal,
}

/// What can go wrong running the pipeline. Every message names the file,
/// the place in it and the object at fault where there is one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Reading, parsing or writing a file.
    #[error(transparent)]
    Io(#[from] railshed_io::Error),
    /// Input that is well formed but cannot be used (an unknown name,
    /// scenarios that cannot be compared, a hub with no station).
    #[error("{0}")]
    BadInput(String),
    /// Evaluating a scenario's network failed.
    #[error("{file}: {error}")]
    Evaluate {
        /// The scenario file.
        file: String,
        /// Why.
        error: railshed_scenario::run::RunError,
    },
    /// A journey-planning query failed.
    #[error(transparent)]
    Solve(#[from] railshed_solver::SolveError),
    /// The worker threads of a matrix could not be started.
    #[error("starting worker threads: {0}")]
    Threads(#[source] rayon::ThreadPoolBuildError),
    /// Drawing the maps and charts or the report failed.
    #[error(transparent)]
    Render(#[from] railshed_report::Error),
}

impl Error {
    /// Whose fault it is.
    pub fn kind(&self) -> ErrorKind {
        match self {
            Error::Io(e) if e.is_bad_input() => ErrorKind::BadInput,
            Error::BadInput(_) => ErrorKind::BadInput,
            Error::Io(_)
            | Error::Evaluate { .. }
            | Error::Solve(_)
            | Error::Threads(_)
            | Error::Render(_) => ErrorKind::Internal,
        }
    }

    /// A bad-input error with this message.
    pub fn bad_input(message: impl Into<String>) -> Error {
        Error::BadInput(message.into())
    }
}

/// The library's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// " (did you mean A, B?)" when `query` is close to some of `known`, else
/// " (known: ...)" listing them all; for messages about unknown names.
pub fn did_you_mean<'a>(query: &str, known: impl IntoIterator<Item = &'a str> + Clone) -> String {
    let close = railshed_core::closest(query, known.clone());
    if close.is_empty() {
        format!(" (known: {})", known.into_iter().collect::<Vec<_>>().join(", "))
    } else {
        format!(" (did you mean {}?)", close.join(", "))
    }
}
