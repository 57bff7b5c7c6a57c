//! One module per command.

pub(crate) mod compare;
pub(crate) mod export;
pub(crate) mod isochrone;
pub(crate) mod matrix;
pub(crate) mod merge;
pub(crate) mod network;
pub(crate) mod query;
pub(crate) mod route;
#[cfg(feature = "serve")]
pub(crate) mod serve;
pub(crate) mod sweep;
pub(crate) mod timetable;
pub(crate) mod validate;
