//! The native command: the same engine as the app, on the command line.
fn main() {}
