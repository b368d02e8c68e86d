//! Zip containers. First byte even: the rest is the raw archive (zip parser, sizes, nesting).
//! Odd: the rest describes members (`name \0 body \0\0 name \0 body …`) that are zipped here,
//! deflated when the first byte is 1 mod 4, so the bytes reach member handling, nested zips and
//! the per-member readers.
#![no_main]

use deflect_fuzz::{check, opts, split_at_marker, zip_of};
use deflect::engine::ingest::ingest_bytes;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let file = if mode % 2 == 0 {
        rest.to_vec()
    } else {
        let mut members = Vec::new();
        let mut left = rest;
        while !left.is_empty() && members.len() < 8 {
            let (member, after) = split_at_marker(left, b"\0\0");
            let (name, body) = split_at_marker(member, b"\0");
            members.push((String::from_utf8_lossy(name).into_owned(), body.to_vec()));
            left = after;
        }
        zip_of(&members, mode % 4 == 1)
    };
    let out = ingest_bytes("fuzz.zip", &file, &opts());
    check(&out);
});
