//! Spreadsheets (XLSX, XLS, XLSB, ODS) through calamine. Cells become text the table reader
//! understands: dates as Excel serial numbers (local time), time-only cells as `HH:MM:SS`
//! durations, integral floats without a fraction.

use std::io::{Cursor, Read};

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::mapping::Header;
use super::text::RawRecord;
use super::{FileError, IngestOptions, Ingested, TableState};

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
        check_expanded_size(buf)?;
    }
    let mut wb = open_workbook_auto_from_rs(Cursor::new(buf.to_vec()))
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
        let range = wb
            .worksheet_range(&s)
            .map_err(|e| FileError::Malformed { message: format!("sheet `{s}`: {e}"), position: None })?;
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
    for (i, row) in range.rows().enumerate() {
        rec.clear();
        rec.line = first_row + i as u64 + 1;
        rec.index = i as u64;
        // Trailing empty cells are dropped, as a CSV export would.
        let last = row.iter().rposition(|c| !matches!(c, Data::Empty)).map_or(0, |p| p + 1);
        for cell in &row[..last] {
            rec.push(&cell_text(cell));
        }
        table.push(&rec);
    }
    Ok(Ingested { parts: vec![table.finish()?] })
}

/// Text of a cell in the form the value readers expect.
pub fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => {
            if f.fract() == 0.0 && f.abs() < 1e15 {
                format!("{}", *f as i64)
            } else {
                f.to_string()
            }
        }
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) => {
            let v = dt.as_f64();
            if dt.is_duration() || (0.0..1.0).contains(&v) {
                let total = (v * 86_400.0).round() as i64;
                format!("{}:{:02}:{:02}", total / 3600, (total % 3600) / 60, total % 60)
            } else if v.fract() == 0.0 {
                format!("{v:.1}")
            } else {
                format!("{v}")
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn check_expanded_size(buf: &[u8]) -> Result<(), FileError> {
    let mut z = zip::ZipArchive::new(Cursor::new(buf))
        .map_err(|e| FileError::Malformed { message: format!("not a readable zip archive: {e}"), position: None })?;
    let mut total: u64 = 0;
    for i in 0..z.len() {
        if let Ok(f) = z.by_index_raw(i) {
            total = total.saturating_add(f.size());
        }
    }
    if total > super::MAX_ZIP_EXPANDED {
        return Err(FileError::Limit { what: "expanded size of the workbook".into(), limit: super::MAX_ZIP_EXPANDED, position: None });
    }
    Ok(())
}
