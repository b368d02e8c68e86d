//! Delimited text: encoding and delimiter sniffing, the tokenizer, header detection, format
//! recognition and row mapping, on arbitrary bytes fed in fuzzer-chosen chunks.
#![no_main]

use deflect_fuzz::{ingest_chunked, split_chunks};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (sizes, file) = split_chunks(data);
    let _ = ingest_chunked("fuzz.csv", file, &sizes);
});
