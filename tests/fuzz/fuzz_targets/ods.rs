//! ODS: the fuzzer writes `content.xml`; mimetype and manifest are fixed.
#![no_main]

use deflect_fuzz::{check, ods, opts};
use deflect::engine::ingest::ingest_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let file = ods(data);
    let out = ingest_bytes("fuzz.ods", &file, &opts());
    check(&out);
});
