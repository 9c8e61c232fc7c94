//! The service layer: the one implementation REST handlers and server functions both call.

pub mod caller;
pub mod rotations;
pub mod simulations;
pub mod status;
