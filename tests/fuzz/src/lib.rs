//! Helpers shared by the fuzz targets: chunked ingestion that checks the row accounting, and
//! the containers (XLSX, ODS, zip) the spreadsheet and zip targets wrap around fuzzer bytes,
//! so that the fuzzer spends its time inside the sheet XML rather than on the zip framing.

use std::io::{Cursor, Write};

use deflect::engine::error::FileError;
use deflect::engine::ingest::{IngestOptions, Ingested, Ingester};
use deflect::engine::time::Zone;
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

/// Options in a zone with DST (so gaps and folds are exercised).
pub fn opts() -> IngestOptions {
    IngestOptions::new(Zone::get("Europe/Rome").unwrap_or_else(|_| Zone::utc()))
}

/// Splits fuzzer input into chunk sizes and the file: the first byte says how many of the
/// following bytes (0..=7) are chunk sizes; each gives a size of `b * 37 + 1` bytes.
pub fn split_chunks(data: &[u8]) -> (Vec<usize>, &[u8]) {
    let Some((&n, rest)) = data.split_first() else {
        return (vec![1 << 20], data);
    };
    let n = (n as usize % 8).min(rest.len());
    let sizes: Vec<usize> = rest[..n].iter().map(|b| *b as usize * 37 + 1).collect();
    let sizes = if sizes.is_empty() { vec![1 << 20] } else { sizes };
    (sizes, &rest[n..])
}

/// Feeds `bytes` to an [`Ingester`] in chunks whose sizes cycle through `sizes`, finishes, and
/// checks what every reader must guarantee.
pub fn ingest_chunked(name: &str, bytes: &[u8], sizes: &[usize]) -> Result<Ingested, FileError> {
    let mut ing = Ingester::new(name, opts());
    let mut rest = bytes;
    let mut i = 0;
    while !rest.is_empty() {
        let n = sizes[i % sizes.len()].clamp(1, rest.len());
        ing.feed(&rest[..n]);
        let _ = ing.rows();
        rest = &rest[n..];
        i += 1;
    }
    let out = ing.finish();
    check(&out);
    out
}

/// Row accounting (`rows = used + rejected`, excluded and duplicates within used) and that
/// every message renders.
pub fn check(out: &Result<Ingested, FileError>) {
    match out {
        Err(e) => {
            let _ = e.to_string();
        }
        Ok(ing) => {
            for p in &ing.parts {
                let s = &p.summary;
                if let Some(e) = &s.error {
                    let _ = e.to_string();
                    continue;
                }
                assert_eq!(s.rows, s.used + s.rejected, "{}: rows = used + rejected", s.file);
                assert!(s.excluded <= s.used, "{}: excluded within used", s.file);
                assert!(s.duplicates <= s.used, "{}: duplicates within used", s.file);
                for d in &p.diagnostics {
                    let _ = d.to_string();
                }
            }
        }
    }
}

/// A zip of `(name, body)` members, stored or deflated.
pub fn zip_of(members: &[(String, Vec<u8>)], deflate: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = if deflate { CompressionMethod::Deflated } else { CompressionMethod::Stored };
    for (name, body) in members {
        if zip.start_file(name.as_str(), SimpleFileOptions::default().compression_method(method)).is_err() {
            continue;
        }
        let _ = zip.write_all(body);
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// An XLSX whose one worksheet is `sheet_xml` and whose shared strings are `strings_xml`.
pub fn xlsx(sheet_xml: &[u8], strings_xml: &[u8]) -> Vec<u8> {
    let members = vec![
        ("[Content_Types].xml".to_string(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/></Types>").into_bytes()),
        ("_rels/.rels".to_string(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>").into_bytes()),
        ("xl/workbook.xml".to_string(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{REL}\"><sheets><sheet name=\"Tickets\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>").into_bytes()),
        ("xl/_rels/workbook.xml.rels".to_string(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{PKG}\"><Relationship Id=\"rId1\" Type=\"{REL}/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>").into_bytes()),
        ("xl/styles.xml".to_string(), format!("<?xml version=\"1.0\" encoding=\"UTF-8\"?><styleSheet xmlns=\"{MAIN}\"><cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"22\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>").into_bytes()),
        ("xl/sharedStrings.xml".to_string(), strings_xml.to_vec()),
        ("xl/worksheets/sheet1.xml".to_string(), sheet_xml.to_vec()),
    ];
    zip_of(&members, false)
}

/// An ODS spreadsheet whose `content.xml` is `content_xml`.
pub fn ods(content_xml: &[u8]) -> Vec<u8> {
    let manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\"><manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/><manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/></manifest:manifest>";
    let members = vec![
        ("mimetype".to_string(), b"application/vnd.oasis.opendocument.spreadsheet".to_vec()),
        ("META-INF/manifest.xml".to_string(), manifest.as_bytes().to_vec()),
        ("content.xml".to_string(), content_xml.to_vec()),
    ];
    zip_of(&members, false)
}

/// Splits `data` at the first `sep`: (before, after).
pub fn split_at_marker<'a>(data: &'a [u8], sep: &[u8]) -> (&'a [u8], &'a [u8]) {
    match data.windows(sep.len()).position(|w| w == sep) {
        Some(i) => (&data[..i], &data[i + sep.len()..]),
        None => (data, &[]),
    }
}
