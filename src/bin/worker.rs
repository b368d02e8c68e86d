//! The worker binary: the engine service in a Web Worker (see `deflect::worker`).

fn main() {
    deflect::worker::run_worker();
}
