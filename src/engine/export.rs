//! CSV export with spreadsheet-formula neutralisation (OWASP "CSV injection"): a cell that
//! starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'` so that a
//! spreadsheet shows it as text instead of running it.

/// Neutralises and quotes one cell.
pub fn csv_cell(value: &str) -> String {
    let dangerous = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    // A plain negative number is data, not a formula.
    let is_number = value.parse::<f64>().is_ok();
    let v = if dangerous && !is_number { format!("'{value}") } else { value.to_string() };
    if v.contains([',', '"', '\n', '\r', ';']) {
        format!("\"{}\"", v.replace('"', "\"\""))
    } else {
        v
    }
}

/// A CSV document from a header and rows (CRLF line ends, as spreadsheets expect).
pub fn to_csv(columns: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let line = |cells: &[String]| cells.iter().map(|c| csv_cell(c)).collect::<Vec<_>>().join(",");
    out.push_str(&line(columns));
    out.push_str("\r\n");
    for r in rows {
        out.push_str(&line(r));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(csv_cell("=HYPERLINK(\"http://x\")"), "\"'=HYPERLINK(\"\"http://x\"\")\"");
        assert_eq!(csv_cell("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("-2+3"), "'-2+3");
        assert_eq!(csv_cell("\tx"), "'\tx");
        assert_eq!(csv_cell("-12.5"), "-12.5");
        assert_eq!(csv_cell("Ana"), "Ana");
    }

    #[test]
    fn documents_have_crlf_and_quotes() {
        let csv = to_csv(&["a".into(), "b".into()], &[vec!["1,5".into(), "x".into()]]);
        assert_eq!(csv, "a,b\r\n\"1,5\",x\r\n");
    }
}
