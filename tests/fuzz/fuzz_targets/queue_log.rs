//! Asterisk queue_log: fuzzer lines after enough real lines that the file is recognised, so
//! the bytes exercise the queue_log call builder rather than the sniffing.
#![no_main]

use deflect_fuzz::{ingest_chunked, split_chunks};
use libfuzzer_sys::fuzz_target;

const PREFIX: &[u8] = include_bytes!("../../fixtures/asterisk_queue_log");

fuzz_target!(|data: &[u8]| {
    let (sizes, lines) = split_chunks(data);
    let mut file = Vec::with_capacity(PREFIX.len() * 2 + lines.len() + 1);
    file.extend_from_slice(PREFIX);
    file.extend_from_slice(PREFIX);
    file.push(b'\n');
    file.extend_from_slice(lines);
    let _ = ingest_chunked("queue_log", &file, &sizes);
});
