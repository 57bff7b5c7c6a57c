//! One module per command.

pub(crate) mod export;
pub(crate) mod network;
pub(crate) mod timetable;
pub(crate) mod validate;
