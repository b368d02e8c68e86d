//! The worker binary: registers the engine worker (see `deflect::worker`).
fn main() {}
