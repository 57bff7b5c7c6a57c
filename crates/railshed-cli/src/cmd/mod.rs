//! One module per command.

pub(crate) mod network;
pub(crate) mod validate;
