//! Asterisk CDR (cdr-csv `Master.csv`): fuzzer lines after enough real lines that the file is
//! recognised, so the bytes exercise the CDR call builder.
#![no_main]

use deflect_fuzz::{ingest_chunked, split_chunks};
use libfuzzer_sys::fuzz_target;

const PREFIX: &[u8] = include_bytes!("../../fixtures/asterisk_master.csv");

fuzz_target!(|data: &[u8]| {
    let (sizes, lines) = split_chunks(data);
    let mut file = Vec::new();
    for _ in 0..4 {
        file.extend_from_slice(PREFIX);
    }
    file.push(b'\n');
    file.extend_from_slice(lines);
    let _ = ingest_chunked("Master.csv", &file, &sizes);
});
