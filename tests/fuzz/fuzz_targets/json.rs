//! JSON documents, NDJSON and concatenated objects: parsing, flattening, table detection.
#![no_main]

use deflect_fuzz::ingest_chunked;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let name = if data.first() == Some(&b'{') && data.contains(&b'\n') { "fuzz.ndjson" } else { "fuzz.json" };
    let _ = ingest_chunked(name, data, &[4096]);
});
