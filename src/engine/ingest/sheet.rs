//! Spreadsheets (XLSX, XLS, XLSB, ODS) through calamine. Cells become text the table reader
//! understands: dates as Excel serial numbers (local time), time-only cells as `HH:MM:SS`
//! durations, integral floats without a fraction.
//!
//! calamine trusts the file: it inflates members whatever their headers declare, reserves the
//! shared-string count the file claims, and allocates a sheet's whole bounding box (a cell at
//! `A1` and one at `XFD1048576` in a 2 KB file is 17 billion cells). So a zipped workbook is
//! inspected first ([`inspect_workbook`]): every member is inflated once, stopping as soon as it
//! goes past the size its header declares or the total past [`super::MAX_ZIP_EXPANDED`], and
//! the sheet XML is scanned for the cells calamine would allocate.

use std::io::{Cursor, Read};

use calamine::{open_workbook_auto_from_rs, Cell, Data, DataRef, Range, Reader, Sheets, XlsxError};

use super::mapping::Header;
use super::text::RawRecord;
use super::{FileError, IngestOptions, Ingested, TableState};
use crate::engine::error::Position;

/// Largest number of cells read from one sheet.
pub const MAX_CELLS: u64 = 50_000_000;

/// True when a zip holds a workbook (xlsx/xlsm/xlsb or ods) rather than a set of exports.
pub fn is_spreadsheet_zip(buf: &[u8]) -> bool {
    let Ok(mut z) = zip::ZipArchive::new(Cursor::new(buf)) else {
        return false;
    };
    if z.by_name("xl/workbook.xml").is_ok() || z.by_name("xl/workbook.bin").is_ok() {
        return true;
    }
    if let Ok(mut f) = z.by_name("mimetype") {
        let mut s = String::new();
        if f.by_ref().take(100).read_to_string(&mut s).is_ok() {
            return s.contains("opendocument.spreadsheet");
        }
    }
    false
}

/// Reads the chosen sheet (default: the first with data).
pub fn read_spreadsheet(name: &str, buf: &[u8], opts: &IngestOptions) -> Result<Ingested, FileError> {
    if buf.starts_with(b"PK") {
        inspect_workbook(buf, opts)?;
    }
    // A borrowed cursor: calamine clones its reader once per format it tries.
    let mut wb = open_workbook_auto_from_rs(Cursor::new(buf))
        .map_err(|e| FileError::Malformed { message: format!("not a readable spreadsheet: {e}"), position: None })?;
    let sheets = wb.sheet_names().to_vec();
    if sheets.is_empty() {
        return Err(FileError::Malformed { message: "the workbook has no sheets".into(), position: None });
    }
    let mut chosen = None;
    let candidates: Vec<String> = match &opts.sheet {
        Some(s) => vec![s.clone()],
        None => sheets.clone(),
    };
    for s in candidates {
        let range = sheet_range(&mut wb, &s, opts).map_err(|e| FileError::Malformed { message: format!("sheet `{s}`: {e}"), position: None })?;
        if range.height() > 0 {
            chosen = Some((s, range));
            break;
        }
    }
    let Some((sheet, range)) = chosen else {
        return Err(FileError::HeaderOnly);
    };
    let cells = range.height() as u64 * range.width() as u64;
    if cells > MAX_CELLS {
        return Err(FileError::Limit { what: format!("cells in sheet `{sheet}`"), limit: MAX_CELLS, position: None });
    }
    let first_row = range.start().map(|(r, _)| r as u64).unwrap_or(0);
    let mut table = TableState::new(name, opts.clone(), None::<Header>);
    table.summary.sheet = Some(sheet.clone());
    table.summary.sheets = sheets;
    let mut rec = RawRecord::default();
    let mut text = String::new();
    for (i, row) in range.rows().enumerate() {
        rec.clear();
        rec.line = first_row + i as u64 + 1;
        rec.index = i as u64;
        // Trailing empty cells are dropped, as a CSV export would.
        let last = row.iter().rposition(|c| !matches!(c, Data::Empty)).map_or(0, |p| p + 1);
        for cell in &row[..last] {
            match cell {
                // Text cells as they are: no copy per cell.
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => rec.push(s),
                _ => {
                    text.clear();
                    write_cell_text(cell, &mut text);
                    rec.push(&text);
                }
            }
        }
        table.push(&rec);
    }
    Ok(Ingested { parts: vec![table.finish()?] })
}

/// Sheet `name`'s cells, as calamine's `worksheet_range` reads them; an XLSX sheet through its
/// cell reader (the same loop) with the heartbeat told every 4,096 cells (0 rows read yet):
/// calamine reads a whole sheet in one call, seconds for a big one.
fn sheet_range<RS: std::io::Read + std::io::Seek>(wb: &mut Sheets<RS>, name: &str, opts: &IngestOptions) -> Result<Range<Data>, calamine::Error> {
    let Sheets::Xlsx(xlsx) = wb else { return wb.worksheet_range(name) };
    let mut reader = match xlsx.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        Err(XlsxError::NotAWorksheet(_)) => return Ok(Range::default()),
        Err(e) => return Err(calamine::Error::Xlsx(e)),
    };
    let mut cells = Vec::new();
    while let Some(cell) = reader.next_cell().map_err(calamine::Error::Xlsx)? {
        if !matches!(cell.get_value(), DataRef::Empty) {
            cells.push(Cell::new(cell.get_position(), Data::from(cell.get_value().clone())));
            opts.beat(cells.len() as u64, 0);
        }
    }
    Ok(Range::from_sparse(cells))
}

/// Appends the text of a cell, in the form the value readers expect, to `out` (a buffer
/// reused across cells).
fn write_cell_text(cell: &Data, out: &mut String) {
    use std::fmt::Write;
    // Writing into a String cannot fail.
    let _ = match cell {
        Data::Empty => Ok(()),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            out.push_str(s);
            Ok(())
        }
        Data::Int(i) => write!(out, "{i}"),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                write!(out, "{}", *f as i64)
            } else {
                write!(out, "{f}")
            }
        }
        Data::Bool(b) => write!(out, "{b}"),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            if dt.is_duration() || (0.0..1.0).contains(&v) {
                let total = (v * 86_400.0).round() as i64;
                write!(out, "{}:{:02}:{:02}", total / 3600, (total % 3600) / 60, total % 60)
            } else if v.fract() == 0.0 {
                write!(out, "{v:.1}")
            } else {
                write!(out, "{v}")
            }
        }
        Data::Error(e) => write!(out, "#{e:?}"),
    };
}

/// Longest XML tag the workbook inspection accepts (real ones are a few hundred bytes).
pub const MAX_XML_TAG: usize = 1 << 20;

/// Inflates every member of a zipped workbook once, without keeping it, and checks what
/// calamine would allocate: sizes against their headers and [`super::MAX_ZIP_EXPANDED`], each
/// sheet's cell range and the whole workbook's cells against [`MAX_CELLS`], and the shared
/// strings count a file claims against the strings it holds.
pub fn inspect_workbook(buf: &[u8], opts: &IngestOptions) -> Result<(), FileError> {
    let mut z = zip::ZipArchive::new(Cursor::new(buf))
        .map_err(|e| FileError::Malformed { message: format!("not a readable zip archive: {e}"), position: None })?;
    let mut declared_total: u64 = 0;
    for i in 0..z.len() {
        if let Ok(f) = z.by_index_raw(i) {
            declared_total = declared_total.saturating_add(f.size());
        }
    }
    let limit = super::MAX_ZIP_EXPANDED;
    if declared_total > limit {
        return Err(FileError::Limit { what: "expanded size of the workbook".into(), limit, position: None });
    }
    let mut total: u64 = 0;
    let mut chunk = vec![0u8; 64 * 1024];
    let mut workbook_cells: u64 = 0;
    for i in 0..z.len() {
        let Ok(mut f) = z.by_index(i) else { continue };
        let name = f.name().map(|n| n.into_owned()).unwrap_or_default();
        let declared = f.size();
        let mut scan = Scan::for_member(&name);
        let mut scanner = TagScanner::default();
        let mut member: u64 = 0;
        let mut reader = (&mut f).take(declared.saturating_add(1));
        loop {
            let n = match reader.read(&mut chunk) {
                Ok(0) => break,
                Ok(n) => n,
                // The zip reader checks the declared size too (the same lie, caught there).
                Err(e) if e.to_string().contains("declared uncompressed size") => return Err(lying_member(&name, declared)),
                Err(e) => return Err(FileError::Malformed { message: format!("workbook member `{name}`: {e}"), position: None }),
            };
            member += n as u64;
            total += n as u64;
            opts.beat_now(0);
            if member > declared {
                return Err(lying_member(&name, declared));
            }
            if total > limit {
                return Err(FileError::Limit { what: "expanded size of the workbook".into(), limit, position: None });
            }
            if !matches!(scan, Scan::Nothing) {
                scanner.feed(&chunk[..n], &mut |tag| scan.tag(tag, &name))?;
            }
        }
        let cells = scan.finish(&name)?;
        workbook_cells = workbook_cells.saturating_add(cells);
        if workbook_cells > MAX_CELLS {
            return Err(FileError::Limit { what: "cells in the workbook".into(), limit: MAX_CELLS, position: None });
        }
    }
    Ok(())
}

fn lying_member(name: &str, declared: u64) -> FileError {
    FileError::Malformed { message: format!("workbook member `{name}` expands to more than the {declared} bytes its header declares"), position: None }
}

/// What the inspection looks for in one member.
enum Scan {
    Nothing,
    /// An XLSX worksheet: the range of its cells (as calamine places them).
    Sheet(CellRange),
    /// XLSX shared strings: the count claimed and the strings held.
    Strings { claimed: u64, held: u64 },
    /// ODS `content.xml`: the cells calamine builds for every table.
    Ods(OdsCells),
}

impl Scan {
    fn for_member(name: &str) -> Scan {
        if name.starts_with("xl/worksheets/") && name.ends_with(".xml") {
            Scan::Sheet(CellRange::default())
        } else if name == "xl/sharedStrings.xml" {
            Scan::Strings { claimed: 0, held: 0 }
        } else if name == "content.xml" {
            Scan::Ods(OdsCells::default())
        } else {
            Scan::Nothing
        }
    }

    fn tag(&mut self, tag: &[u8], member: &str) -> Result<(), FileError> {
        let (full, local, closing, empty) = tag_name(tag);
        match self {
            Scan::Nothing => Ok(()),
            Scan::Sheet(range) => range.tag(tag, local, closing, empty, member),
            Scan::Strings { claimed, held } => {
                if closing {
                    return Ok(());
                }
                if local == b"sst" {
                    *claimed = attr(tag, b"uniqueCount").and_then(|v| std::str::from_utf8(v).ok()?.trim().parse().ok()).unwrap_or(0);
                } else if local == b"si" {
                    *held += 1;
                }
                Ok(())
            }
            Scan::Ods(cells) => cells.tag(tag, full, closing, empty, member),
        }
    }

    /// Cells the member makes calamine hold.
    fn finish(self, member: &str) -> Result<u64, FileError> {
        match self {
            Scan::Nothing => Ok(0),
            Scan::Sheet(range) => Ok(range.cells()),
            Scan::Strings { claimed, held } => {
                // calamine reserves room for the claimed count before reading a string.
                if claimed > held.saturating_add(100_000) {
                    return Err(FileError::Malformed {
                        message: format!("`{member}` claims {claimed} shared strings but holds {held}"),
                        position: None,
                    });
                }
                Ok(0)
            }
            Scan::Ods(cells) if cells.open_table || cells.open_annotation => Err(FileError::Malformed {
                message: format!("`{member}` ends inside a {}: the document is cut short", if cells.open_table { "table" } else { "cell note" }),
                position: None,
            }),
            Scan::Ods(cells) => Ok(cells.total()),
        }
    }
}

/// Last row and column of a worksheet (XFD1048576), 1-based.
const SHEET_ROWS: u64 = 1_048_576;
const SHEET_COLUMNS: u64 = 16_384;

/// The bounding box of an XLSX worksheet's cells, placed the way calamine places them: a
/// `<c>` with a value at its `r` reference, or after the previous cell; `<row r>` sets the row.
#[derive(Default)]
struct CellRange {
    row: u64,
    col: u64,
    min: Option<(u64, u64)>,
    max: (u64, u64),
}

impl CellRange {
    fn tag(&mut self, tag: &[u8], local: &[u8], closing: bool, empty: bool, member: &str) -> Result<(), FileError> {
        // calamine parses every `ref` it meets (`<dimension>`, `<mergeCell>`, `<hyperlink>`,
        // shared formulas) with u32 arithmetic that overflows on a long one.
        // (Most tags have no `ref`: a byte search spares parsing their attributes.)
        if !closing && memchr::memmem::find(tag, b"ref").is_some() {
            for range in attrs(tag, b"ref") {
                let what = if range.split(|b| *b == b':').any(overflows_u32) {
                    "outside a worksheet (A1:XFD1048576)"
                } else if inverted(range) {
                    "that ends before it starts"
                } else {
                    continue;
                };
                return Err(FileError::Malformed {
                    message: format!("`{member}` has a cell range `{}` {what}", String::from_utf8_lossy(&range[..range.len().min(40)])),
                    position: None,
                });
            }
        }
        match (local, closing) {
            (b"row", false) if !empty => {
                for r in attrs(tag, b"r") {
                    let Some(row) = std::str::from_utf8(r).ok().and_then(|r| r.trim().parse::<u64>().ok()).filter(|r| (1..=SHEET_ROWS).contains(r)) else {
                        return Err(outside(member, r));
                    };
                    self.row = row - 1;
                }
            }
            (b"row", true) => {
                self.row += 1;
                self.col = 0;
            }
            // calamine reads only `<c …>…</c>`; an empty-element `<c/>` holds no value.
            (b"c", false) if !empty => {
                // Every `r` is checked: calamine takes the last of repeated ones, and its
                // arithmetic overflows on a long one.
                for r in attrs(tag, b"r") {
                    let Some((row, col)) = cell_ref(r) else {
                        return Err(outside(member, r));
                    };
                    self.row = row;
                    self.col = col;
                }
                if self.row >= SHEET_ROWS || self.col >= SHEET_COLUMNS {
                    return Err(outside(member, format!("R{}C{}", self.row + 1, self.col + 1).as_bytes()));
                }
                let (row, col) = (self.row, self.col);
                let (r0, c0) = self.min.unwrap_or((row, col));
                self.min = Some((r0.min(row), c0.min(col)));
                self.max = (self.max.0.max(row), self.max.1.max(col));
                self.col += 1;
                if self.cells() > MAX_CELLS {
                    let sheet = member.rsplit('/').next().unwrap_or(member).trim_end_matches(".xml").to_string();
                    return Err(FileError::Limit {
                        what: "cells in the sheet's used range".into(),
                        limit: MAX_CELLS,
                        position: Some(Position { line: row + 1, sheet: Some(sheet), column: Some(column_name(col)), ..Default::default() }),
                    });
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn cells(&self) -> u64 {
        match self.min {
            None => 0,
            Some((r0, c0)) => (self.max.0 - r0 + 1) * (self.max.1 - c0 + 1),
        }
    }
}

/// `B12` → (11, 1), 0-based; `None` outside A1:XFD1048576 or not a reference.
fn cell_ref(r: &[u8]) -> Option<(u64, u64)> {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, row) = r.split_at(letters);
    if !(1..=3).contains(&letters) || row.is_empty() || row.len() > 7 || !row.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = col.iter().fold(0u64, |n, b| n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1);
    let row = row.iter().fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    ((1..=SHEET_ROWS).contains(&row) && (1..=SHEET_COLUMNS).contains(&col)).then(|| (row - 1, col - 1))
}

/// True when calamine's reading of reference `r` (letters in base 26, then digits, in u32)
/// would overflow.
fn overflows_u32(r: &[u8]) -> bool {
    let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (col, row) = r.split_at(letters);
    let too_big = |n: u64| n > u64::from(u32::MAX);
    let mut n = 0u64;
    for b in col {
        n = n * 26 + u64::from(b.to_ascii_uppercase() - b'A') + 1;
        if too_big(n) {
            return true;
        }
    }
    let mut n = 0u64;
    for b in row.iter().take_while(|b| b.is_ascii_digit()) {
        n = n * 10 + u64::from(b - b'0');
        if too_big(n) {
            return true;
        }
    }
    false
}

/// True for a range `B5:A3` that ends before it starts (calamine subtracts the corners).
fn inverted(range: &[u8]) -> bool {
    let corner = |r: &[u8]| -> Option<(u64, u64)> {
        let letters = r.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let (col, row) = r.split_at(letters);
        if letters == 0 || row.is_empty() || !row.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let col = col.iter().fold(0u64, |n, b| n.saturating_mul(26).saturating_add(u64::from(b.to_ascii_uppercase() - b'A') + 1));
        let row = row.iter().fold(0u64, |n, b| n.saturating_mul(10).saturating_add(u64::from(b - b'0')));
        Some((row, col))
    };
    let mut parts = range.split(|b| *b == b':');
    match (parts.next().and_then(corner), parts.next().and_then(corner)) {
        (Some((r0, c0)), Some((r1, c1))) => r1 < r0 || c1 < c0,
        _ => false,
    }
}

/// `0` → `A`, `16383` → `XFD`.
fn column_name(mut col: u64) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn outside(member: &str, r: &[u8]) -> FileError {
    FileError::Malformed {
        message: format!("`{member}` has a cell reference `{}` outside a worksheet (A1:XFD1048576)", String::from_utf8_lossy(&r[..r.len().min(40)])),
        position: None,
    }
}

/// The cells calamine builds from an ODS `content.xml`: per table, every row between the first
/// and the last with a value (repeats included) as wide as the widest, plus the cells it holds
/// while reading (each row up to its last value, repeats not expanded).
#[derive(Default)]
struct OdsCells {
    /// Rows before the current row element in the current table (repeats included).
    row: u64,
    /// The current row element's repeat count, and its first row.
    repeat: u64,
    row_start: u64,
    /// Columns so far in the current row, and the end of its last value.
    col: u64,
    width: u64,
    /// First row with a value, end of the last, widest row, in the current table.
    first: Option<u64>,
    last: u64,
    widest: u64,
    /// Cells of finished tables, and cells held while reading.
    done: u64,
    reading: u64,
    /// A named table, or a cell annotation, is open: calamine reads each to its end tag and
    /// loops forever if the document ends first.
    open_table: bool,
    open_annotation: bool,
}

impl OdsCells {
    fn tag(&mut self, tag: &[u8], full: &[u8], closing: bool, empty: bool, member: &str) -> Result<(), FileError> {
        let number = |name: &[u8]| attr(tag, name).and_then(|v| std::str::from_utf8(v).ok()?.trim().parse::<u64>().ok()).unwrap_or(1);
        match (full, closing) {
            (b"table:table", false) if !empty => {
                // calamine reads from a named table's start to the next end tag of any table.
                let open = self.open_table || attr(tag, b"table:name").is_some();
                self.end_table();
                self.open_table = open;
            }
            (b"table:table", true) => {
                self.end_table();
                self.open_table = false;
            }
            (b"office:annotation", false) if !empty => self.open_annotation = true,
            (b"office:annotation", true) => self.open_annotation = false,
            (b"table:table-row", false) => {
                self.repeat = number(b"table:number-rows-repeated").min(SHEET_ROWS);
                self.row_start = self.row;
                self.col = 0;
                self.width = 0;
                if empty {
                    self.end_row();
                }
            }
            (b"table:table-row", true) => self.end_row(),
            (b"table:table-cell" | b"table:covered-table-cell", false) => {
                let n = number(b"table:number-columns-repeated");
                self.col = self.col.saturating_add(n).min(SHEET_COLUMNS);
                if !empty || attr(tag, b"office:value-type").is_some() {
                    self.width = self.col;
                }
            }
            _ => {}
        }
        if self.total() > MAX_CELLS {
            return Err(FileError::Limit {
                what: format!("cells in `{member}`"),
                limit: MAX_CELLS,
                position: Some(Position { line: self.row_start + 1, ..Default::default() }),
            });
        }
        Ok(())
    }

    fn end_row(&mut self) {
        if self.width > 0 {
            self.first.get_or_insert(self.row);
            self.last = self.row + self.repeat;
            self.widest = self.widest.max(self.width);
            self.reading = self.reading.saturating_add(self.width);
        }
        self.row = (self.row + self.repeat).min(SHEET_ROWS);
        self.repeat = 1;
        self.width = 0;
    }

    fn end_table(&mut self) {
        self.done = self.done.saturating_add(self.table());
        *self = OdsCells { done: self.done, reading: self.reading, repeat: 1, open_annotation: self.open_annotation, ..Default::default() };
    }

    fn table(&self) -> u64 {
        self.first.map_or(0, |f| (self.last - f).saturating_mul(self.widest))
    }

    fn total(&self) -> u64 {
        self.done.saturating_add(self.table()).max(self.reading)
    }
}

/// Splits streamed XML into tags (the bytes between `<` and `>`, quotes respected), never
/// holding more than one tag.
#[derive(Default)]
struct TagScanner {
    tag: Vec<u8>,
    in_tag: bool,
    quote: Option<u8>,
}

impl TagScanner {
    /// Feeds XML bytes; `emit` gets every element tag (start, end or empty). Declarations,
    /// processing instructions, comments and CDATA end the way an XML reader ends them (`?>`,
    /// `-->`, `]]>`, with no quoting), so that a stray quote in them does not hide the tags
    /// that follow.
    fn feed(&mut self, mut bytes: &[u8], emit: &mut dyn FnMut(&[u8]) -> Result<(), FileError>) -> Result<(), FileError> {
        while !bytes.is_empty() {
            if !self.in_tag {
                let Some(start) = bytes.iter().position(|b| *b == b'<') else { return Ok(()) };
                bytes = &bytes[start + 1..];
                self.in_tag = true;
                self.quote = None;
                self.tag.clear();
                continue;
            }
            if self.is_element(bytes[0]) {
                // An element tag (all but a handful of a sheet's tags): find its end with a
                // tight loop over quotes, then copy the run at once.
                let mut end = None;
                for (i, &b) in bytes.iter().enumerate() {
                    match self.quote {
                        Some(q) if b == q => self.quote = None,
                        Some(_) => {}
                        None if b == b'>' => {
                            end = Some(i);
                            break;
                        }
                        None if b == b'"' || b == b'\'' => self.quote = Some(b),
                        None => {}
                    }
                }
                let take = end.unwrap_or(bytes.len());
                if self.tag.len() + take > MAX_XML_TAG {
                    return Err(tag_too_long());
                }
                self.tag.extend_from_slice(&bytes[..take]);
                bytes = &bytes[take..];
                if end.is_some() {
                    self.in_tag = false;
                    emit(&self.tag)?;
                    bytes = &bytes[1..];
                }
                continue;
            }
            // A declaration, processing instruction, comment or CDATA: no quoting, and it ends
            // at the first `>` that closes its kind.
            let mut end = None;
            for (i, &b) in bytes.iter().enumerate() {
                if b == b'>' {
                    let t = &self.tag;
                    let done = if t.starts_with(b"?") {
                        t.ends_with(b"?")
                    } else if t.starts_with(b"!--") {
                        t.len() >= 5 && t.ends_with(b"--")
                    } else if t.starts_with(b"![CDATA[") {
                        t.ends_with(b"]]")
                    } else {
                        true
                    };
                    if done {
                        end = Some(i);
                        break;
                    }
                }
                if self.tag.len() >= MAX_XML_TAG {
                    return Err(tag_too_long());
                }
                self.tag.push(b);
            }
            match end {
                Some(i) => {
                    self.in_tag = false;
                    bytes = &bytes[i + 1..];
                }
                None => return Ok(()),
            }
        }
        Ok(())
    }

    /// True inside an element tag (start, end or empty-element), false inside a declaration,
    /// processing instruction, comment or CDATA: the tag's first byte decides (`next` when the
    /// tag has none yet).
    fn is_element(&self, next: u8) -> bool {
        let first = self.tag.first().copied().unwrap_or(next);
        first != b'!' && first != b'?'
    }
}

fn tag_too_long() -> FileError {
    FileError::Limit { what: "length of an XML tag in the workbook".into(), limit: MAX_XML_TAG as u64, position: None }
}

/// (qualified name, local name, is a closing tag, is an empty-element tag).
fn tag_name(tag: &[u8]) -> (&[u8], &[u8], bool, bool) {
    let closing = tag.starts_with(b"/");
    let body = if closing { &tag[1..] } else { tag };
    let end = body.iter().position(|b| b.is_ascii_whitespace() || *b == b'/').unwrap_or(body.len());
    let full = &body[..end];
    let local = full.iter().rposition(|b| *b == b':').map_or(full, |i| &full[i + 1..]);
    (full, local, closing, tag.ends_with(b"/"))
}

/// The value of attribute `name` (qualified name, exactly as written) in a start tag; the
/// last one when it is repeated, as calamine reads it.
fn attr<'a>(tag: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    attrs(tag, name).pop()
}

/// Every value of attribute `name` in a start tag, in order (XML forbids repeats; a hostile
/// file does not care).
fn attrs<'a>(tag: &'a [u8], name: &[u8]) -> Vec<&'a [u8]> {
    let mut found = Vec::new();
    let Some(mut i) = tag.iter().position(|b| b.is_ascii_whitespace()) else { return found };
    while i < tag.len() {
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while i < tag.len() && tag[i] != b'=' && !tag[i].is_ascii_whitespace() && tag[i] != b'/' {
            i += 1;
        }
        let key = &tag[start..i];
        while i < tag.len() && (tag[i].is_ascii_whitespace() || tag[i] == b'=') {
            i += 1;
        }
        let Some(&q) = tag.get(i) else { break };
        if q != b'"' && q != b'\'' {
            i += 1;
            continue;
        }
        let vstart = i + 1;
        let Some(len) = tag.get(vstart..).and_then(|rest| rest.iter().position(|b| *b == q)) else { break };
        let vend = vstart + len;
        if key == name {
            found.push(&tag[vstart..vend]);
        }
        i = vend + 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scanner as it was before element tags were copied in runs: byte by byte, the kind of
    /// tag decided again at every byte. The fast way must emit exactly what this emits.
    fn tags_bytewise(chunks: &[&[u8]]) -> Vec<Vec<u8>> {
        let (mut tag, mut in_tag, mut quote, mut out) = (Vec::new(), false, None::<u8>, Vec::new());
        for chunk in chunks {
            for &b in *chunk {
                if !in_tag {
                    if b == b'<' {
                        in_tag = true;
                        quote = None;
                        tag.clear();
                    }
                    continue;
                }
                let element = !tag.starts_with(b"!") && !tag.starts_with(b"?") && !(tag.is_empty() && (b == b'!' || b == b'?'));
                if b == b'>' && quote.is_none() {
                    let done = element
                        || (tag.starts_with(b"?") && tag.ends_with(b"?"))
                        || (tag.starts_with(b"!--") && tag.len() >= 5 && tag.ends_with(b"--"))
                        || (tag.starts_with(b"![CDATA[") && tag.ends_with(b"]]"))
                        || (!tag.starts_with(b"?") && !tag.starts_with(b"!--") && !tag.starts_with(b"![CDATA["));
                    if done {
                        in_tag = false;
                        if element {
                            out.push(tag.clone());
                        }
                        continue;
                    }
                }
                if element {
                    match (quote, b) {
                        (Some(q), c) if c == q => quote = None,
                        (None, b'"' | b'\'') => quote = Some(b),
                        _ => {}
                    }
                }
                tag.push(b);
            }
        }
        out
    }

    fn tags_scanned(chunks: &[&[u8]]) -> Vec<Vec<u8>> {
        let mut scanner = TagScanner::default();
        let mut out = Vec::new();
        for chunk in chunks {
            scanner
                .feed(chunk, &mut |t| {
                    out.push(t.to_vec());
                    Ok(())
                })
                .expect("no tag over the limit");
        }
        out
    }

    #[test]
    fn tags_copied_in_runs_match_the_byte_by_byte_scanner_at_every_chunk_split() {
        let xml: &[u8] = br#"<?xml version="1.0- encoding="UTF-8"?><worksheet a='x>y' b="it's"><!-- a "quoted > comment -- --><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/></row><![CDATA[ <c r="Z9"> ]]><"q>"><>< x='1'/><!DOCTYPE x><dimension ref="A1:B2"/></worksheet>"#;
        let whole = tags_bytewise(&[xml]);
        assert!(whole.len() > 10, "{whole:?}");
        assert!(whole.iter().any(|t| t == br#"worksheet a='x>y' b="it's""#), "a `>` inside quotes stays in the tag");
        assert!(whole.iter().any(|t| t.is_empty()), "`<>` is an empty tag");
        for a in 0..=xml.len() {
            for b in [a, (a + 1).min(xml.len()), (a + 7).min(xml.len())] {
                let chunks = [&xml[..a], &xml[a..b], &xml[b..]];
                assert_eq!(tags_scanned(&chunks), whole, "split at {a} and {b}");
            }
        }
    }

    #[test]
    fn a_tag_of_exactly_the_limit_passes_and_one_byte_more_is_refused() {
        let mut at_limit = b"<c a=\"".to_vec();
        at_limit.resize(MAX_XML_TAG, b'x');
        at_limit.extend_from_slice(b"\">");
        // The tag is `c a="xxx…"`: MAX_XML_TAG - 1 bytes before the closing quote, then it.
        let mut scanner = TagScanner::default();
        let mut seen = 0;
        scanner.feed(&at_limit, &mut |t| {
            seen = t.len();
            Ok(())
        })
        .expect("at the limit");
        assert_eq!(seen, MAX_XML_TAG);
        let mut over = at_limit.clone();
        over.insert(10, b'x');
        let err = TagScanner::default().feed(&over, &mut |_| Ok(())).expect_err("over the limit");
        assert!(matches!(err, FileError::Limit { limit, .. } if limit == MAX_XML_TAG as u64), "{err:?}");
    }
}
