//! XLSX: the fuzzer writes the worksheet XML and the shared strings (split at `\0\0`); the
//! rest of the workbook is fixed, so the bytes reach calamine's cell reader and our guards.
#![no_main]

use deflect_fuzz::{check, opts, split_at_marker, xlsx};
use deflect::engine::ingest::ingest_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (sheet, strings) = split_at_marker(data, b"\0\0");
    let file = xlsx(sheet, strings);
    let out = ingest_bytes("fuzz.xlsx", &file, &opts());
    check(&out);
});
