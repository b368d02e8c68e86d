//! JSON documents and NDJSON: every record object is flattened to dotted keys
//! (`Agent.ConnectedToAgentTimestamp`), so the same format recognition and mappings as for
//! tables apply. Arrays of scalars become comma-separated text; arrays of objects get index
//! keys (`contacts.0.id`) for their first elements.

use serde_json::Value;

use super::mapping::Header;
use super::text::RawRecord;
use super::{FileError, IngestOptions, Ingested, TableState};
use crate::engine::error::{Position, Problem};

/// Array elements of nested arrays of objects kept as columns.
const MAX_NESTED_ELEMENTS: usize = 3;

/// Top-level keys that hold the records of a JSON export, most likely first.
const RECORD_KEYS: &[&str] = &[
    "tickets", "conversations", "results", "records", "Records", "data", "items", "calls", "contacts", "cases",
    "sessions", "events", "users", "groups", "organizations", "admins", "teams", "owners",
];

/// Arrays next to the main records that are lookup tables of their own (Zendesk sideloads
/// `users`, `groups`, `organizations` with `include=`).
const SIDE_TABLES: &[&str] = &["users", "groups", "organizations"];

/// Arrays of ticket metrics joined onto their tickets by `ticket_id` (Zendesk
/// `include=metric_sets`), so their keys read as `metric_set.*`.
const METRIC_KEYS: &[&str] = &["metric_sets", "ticket_metrics"];

/// One table of a JSON document: its key (if any) and its records with their line numbers.
struct JsonTable {
    key: Option<String>,
    records: Vec<(u64, Value)>,
}

/// Reads a JSON document (array, object holding an array, NDJSON, or concatenated objects).
/// A line of an NDJSON file that is not JSON is a rejected row; a document that is not JSON
/// at all is a file error.
pub fn read_json(name: &str, buf: &[u8], opts: &IngestOptions) -> Result<Ingested, FileError> {
    let text = std::str::from_utf8(buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf))
        .map_err(|e| FileError::Malformed { message: format!("JSON must be UTF-8: {e}"), position: None })?;
    let mut bad_lines = Vec::new();
    let tables = if looks_like_ndjson(text) {
        let (records, bad) = read_ndjson(text);
        bad_lines = bad;
        vec![JsonTable { key: None, records }]
    } else {
        match parse_value(text) {
            Ok(v) => tables_of(v),
            Err(e) if e.is_syntax() && e.to_string().contains("trailing characters") => {
                vec![JsonTable { key: None, records: read_concatenated(text)? }]
            }
            Err(e) => return Err(json_error(&e)),
        }
    };
    let mut parts = Vec::new();
    for (i, t) in tables.into_iter().enumerate() {
        let part_name = match (&t.key, i) {
            (Some(k), i) if i > 0 => format!("{name}#{k}"),
            _ => name.to_string(),
        };
        let bad = if i == 0 { std::mem::take(&mut bad_lines) } else { Vec::new() };
        if t.records.is_empty() && bad.is_empty() {
            if i == 0 {
                return Err(FileError::HeaderOnly);
            }
            continue;
        }
        parts.push(read_table(&part_name, t, bad, opts)?);
    }
    Ok(Ingested { parts })
}

fn read_table(name: &str, t: JsonTable, bad: Vec<(u64, String)>, opts: &IngestOptions) -> Result<super::IngestedPart, FileError> {
    let mut keys: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut flat_records = Vec::with_capacity(t.records.len());
    for (line, v) in t.records {
        let mut flat = Vec::new();
        flatten("", &v, &mut flat);
        for (k, _) in &flat {
            if !index.contains_key(k) {
                index.insert(k.clone(), keys.len());
                keys.push(k.clone());
            }
        }
        // Every key is a column of every row: a document whose records each bring new keys
        // would make a table too wide to read (the same limit as a delimited record's fields).
        if keys.len() > opts.limits.max_fields {
            return Err(FileError::Limit {
                what: "columns (distinct keys) in the JSON records".into(),
                limit: opts.limits.max_fields as u64,
                position: Some(Position { line, ..Default::default() }),
            });
        }
        flat_records.push((line, flat));
    }
    let header = Header::new(keys.clone());
    let mut table = TableState::new(name, opts.clone(), Some(header));
    table.summary.encoding = Some("UTF-8".into());
    if let Some(k) = &t.key {
        table.set_hint(k);
    }
    let mut row = vec![String::new(); keys.len()];
    let mut bad = bad.into_iter().peekable();
    for (line, flat) in flat_records {
        while let Some((bad_line, message)) = bad.next_if(|(l, _)| *l < line) {
            table.reject_row(bad_line, Problem::InvalidJson { message });
        }
        for cell in row.iter_mut() {
            cell.clear();
        }
        for (k, v) in flat {
            if let Some(&i) = index.get(&k) {
                row[i] = v;
            }
        }
        table.push(&RawRecord::from_fields(line, &row));
    }
    for (bad_line, message) in bad {
        table.reject_row(bad_line, Problem::InvalidJson { message });
    }
    table.finish()
}

/// Numbers too large for an `f64` read again, at most this many times per document.
const MAX_BIG_NUMBERS: usize = 100;

/// Parses a JSON value. serde_json reads a number as an `f64` at most, so a 400-digit number is
/// "out of range" and would make the whole document unreadable: such a number is turned into a
/// string (its digits kept) and the text parsed again, so only the value that holds it is
/// unreadable (its row is rejected with the value quoted) and the other records are read.
fn parse_value(text: &str) -> Result<Value, serde_json::Error> {
    let mut owned: Option<String> = None;
    let mut tries = 0;
    loop {
        let current = owned.as_deref().unwrap_or(text);
        match serde_json::from_str::<Value>(current) {
            Err(e) if tries < MAX_BIG_NUMBERS && e.to_string().starts_with("number out of range") => {
                let Some(quoted) = quote_number_at(current, e.line(), e.column()) else { return Err(e) };
                owned = Some(quoted);
                tries += 1;
            }
            other => return other,
        }
    }
}

/// `text` with the number around 1-based `line` and byte `column` written as a string.
fn quote_number_at(text: &str, line: usize, column: usize) -> Option<String> {
    let bytes = text.as_bytes();
    let line_start = if line <= 1 { 0 } else { bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').nth(line - 2)?.0 + 1 };
    let is_number = |b: u8| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E');
    let mut end = (line_start + column).min(bytes.len());
    while end < bytes.len() && is_number(bytes[end]) {
        end += 1;
    }
    let mut start = end;
    while start > 0 && is_number(bytes[start - 1]) {
        start -= 1;
    }
    // Number bytes are ASCII, so both ends are character boundaries.
    let digits = text.get(start..end).filter(|d| !d.is_empty())?;
    Some(format!("{}\"{digits}\"{}", text.get(..start)?, text.get(end..)?))
}

fn json_error(e: &serde_json::Error) -> FileError {
    let position = Some(Position { line: e.line() as u64, ..Default::default() });
    if e.to_string().contains("recursion limit") {
        FileError::Limit { what: "JSON nesting depth".into(), limit: 128, position }
    } else {
        FileError::Malformed { message: format!("not valid JSON: {e}"), position }
    }
}

/// Two or more non-empty lines, each an object on its own.
fn looks_like_ndjson(text: &str) -> bool {
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let two: Vec<&str> = lines.by_ref().take(2).collect();
    two.len() == 2 && two.iter().all(|l| l.starts_with('{'))
}

/// Records with their 1-based lines.
type Numbered = Vec<(u64, Value)>;
/// Lines that are not JSON, with the parser's message.
type BadLines = Vec<(u64, String)>;

/// The records of NDJSON and the lines that are not JSON.
fn read_ndjson(text: &str) -> (Numbered, BadLines) {
    let mut out = Vec::new();
    let mut bad = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        match parse_value(l) {
            Ok(v) => out.push((i as u64 + 1, unwrap_single(v))),
            Err(e) => {
                let message = if e.to_string().contains("recursion limit") { "nested deeper than 128 levels".to_string() } else { e.to_string() };
                bad.push((i as u64 + 1, message));
            }
        }
    }
    (out, bad)
}

/// Objects written one after another without separators (Kinesis Firehose delivers Amazon
/// Connect records this way). A syntax error stops the file: there is no line to resume at.
fn read_concatenated(text: &str) -> Result<Vec<(u64, Value)>, FileError> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    // Lines are counted as the stream moves on, never from the start again.
    let (mut start, mut counted, mut line) = (0usize, 0usize, 1u64);
    while let Some(item) = stream.next() {
        let v = item.map_err(|e| json_error(&e))?;
        line += text.as_bytes()[counted..start].iter().filter(|b| **b == b'\n').count() as u64;
        counted = start;
        out.push((line, unwrap_single(v)));
        start = stream.byte_offset();
        // The next value starts after any whitespace.
        start += text[start..].len() - text[start..].trim_start().len();
    }
    Ok(out)
}

/// `{"ticket": {...}}` (Zendesk NDJSON) → the inner object.
fn unwrap_single(v: Value) -> Value {
    match v {
        Value::Object(mut m) if m.len() == 1 && m.values().next().is_some_and(Value::is_object) => {
            let k = m.keys().next().cloned().unwrap_or_default();
            m.remove(&k).unwrap_or(Value::Null)
        }
        other => other,
    }
}

/// The tables of a document: the main records first (with the key they came from), then
/// sideloaded lookup tables.
fn tables_of(v: Value) -> Vec<JsonTable> {
    let numbered = |a: Vec<Value>| a.into_iter().enumerate().map(|(i, v)| (i as u64 + 1, unwrap_single(v))).collect::<Vec<_>>();
    match v {
        Value::Array(a) => vec![JsonTable { key: None, records: numbered(a) }],
        Value::Object(mut m) => {
            // Help Scout wraps its lists: `{"_embedded": {"conversations": [...]}}`.
            if let Some(Value::Object(inner)) = m.remove("_embedded") {
                return tables_of(Value::Object(inner));
            }
            let main_key = RECORD_KEYS
                .iter()
                .find(|k| matches!(m.get(**k), Some(Value::Array(_))))
                .map(|k| k.to_string())
                .or_else(|| {
                    m.iter()
                        .filter(|(k, _)| !METRIC_KEYS.contains(&k.as_str()))
                        .filter_map(|(k, v)| match v {
                            Value::Array(a) if a.iter().any(Value::is_object) => Some((k.clone(), a.len())),
                            _ => None,
                        })
                        .max_by_key(|(_, n)| *n)
                        .map(|(k, _)| k)
                });
            let Some(key) = main_key else {
                return vec![JsonTable { key: None, records: vec![(1, Value::Object(m))] }];
            };
            let mut records = match m.remove(&key) {
                Some(Value::Array(a)) => a,
                _ => Vec::new(),
            };
            for metric_key in METRIC_KEYS {
                if let Some(Value::Array(metrics)) = m.remove(*metric_key) {
                    join_metrics(&mut records, metrics);
                }
            }
            let mut tables = vec![JsonTable { key: Some(key.clone()), records: numbered(records) }];
            for side in SIDE_TABLES.iter().filter(|s| **s != key) {
                if let Some(Value::Array(a)) = m.remove(*side) {
                    tables.push(JsonTable { key: Some(side.to_string()), records: numbered(a) });
                }
            }
            tables
        }
        other => vec![JsonTable { key: None, records: vec![(1, other)] }],
    }
}

/// Puts each metric set under `metric_set` in the ticket whose `id` is its `ticket_id`.
fn join_metrics(tickets: &mut [Value], metrics: Vec<Value>) {
    let mut by_ticket: std::collections::HashMap<String, Value> = std::collections::HashMap::new();
    for m in metrics {
        if let Some(id) = m.get("ticket_id").map(scalar_text) {
            by_ticket.insert(id, m);
        }
    }
    for t in tickets.iter_mut() {
        let id = t.get("id").map(scalar_text).unwrap_or_default();
        if let (Some(m), Value::Object(obj)) = (by_ticket.remove(&id), t) {
            obj.entry("metric_set").or_insert(m);
        }
    }
}

/// Flattens an object into `(dotted key, text)` pairs.
pub fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let key = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    match v {
        // An empty object still says something (`"liveAgentHandoff": {}`): it reads as `{}`.
        Value::Object(m) if m.is_empty() && !prefix.is_empty() => out.push((prefix.to_string(), "{}".to_string())),
        Value::Object(m) => {
            for (k, x) in m {
                flatten(&key(k), x, out);
            }
        }
        Value::Array(a) => {
            if a.iter().all(|x| !x.is_object() && !x.is_array()) {
                let parts: Vec<String> = a.iter().map(scalar_text).filter(|s| !s.is_empty()).collect();
                out.push((prefix.to_string(), parts.join(", ")));
            } else {
                for (i, x) in a.iter().take(MAX_NESTED_ELEMENTS).enumerate() {
                    flatten(&key(&i.to_string()), x, out);
                }
            }
        }
        scalar => out.push((prefix.to_string(), scalar_text(scalar))),
    }
}

fn scalar_text(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::time::Zone;

    #[test]
    fn flattens_nested_objects_and_arrays() {
        let v: Value = serde_json::from_str(r#"{"id":1,"Agent":{"Username":"ana","Holds":null},"tags":["a","b"],"contacts":[{"id":"c1"}]}"#)
            .expect("json");
        let mut out = Vec::new();
        flatten("", &v, &mut out);
        assert!(out.contains(&("Agent.Username".to_string(), "ana".to_string())));
        assert!(out.contains(&("Agent.Holds".to_string(), String::new())));
        assert!(out.contains(&("tags".to_string(), "a, b".to_string())));
        assert!(out.contains(&("contacts.0.id".to_string(), "c1".to_string())));
    }

    #[test]
    fn canonical_json_array_reads_like_csv() {
        let doc = br#"[{"id":"T1","created":"2026-03-02T09:00:00Z","channel":"email","agent":"Ana","first_response":"2026-03-02T10:00:00Z"},
                      {"id":"T2","created":"2026-03-02T11:00:00Z","channel":"chat","agent":"Bo"}]"#;
        let ing = read_json("t.json", doc, &IngestOptions::new(Zone::utc())).expect("reads");
        let p = &ing.parts[0];
        assert_eq!(p.summary.format, "canonical_contacts");
        assert_eq!((p.summary.rows, p.summary.used, p.summary.rejected), (2, 2, 0));
        assert_eq!(p.contacts[0].first_response.map(|t| t - p.contacts[0].created), Some(3_600_000));
    }

    #[test]
    fn ndjson_with_wrappers() {
        let doc = b"{\"ticket\":{\"id\":\"1\",\"created\":\"2026-03-02T09:00:00Z\",\"channel\":\"email\",\"agent\":\"A\",\"status\":\"open\"}}\n{\"ticket\":{\"id\":\"2\",\"created\":\"2026-03-02T10:00:00Z\",\"channel\":\"chat\",\"agent\":\"B\",\"status\":\"open\"}}\n";
        let ing = read_json("t.ndjson", doc, &IngestOptions::new(Zone::utc())).expect("reads");
        assert_eq!(ing.parts[0].contacts.len(), 2);
        assert_eq!(ing.parts[0].contacts[1].line, 2);
    }

    #[test]
    fn deep_nesting_is_a_limit_not_a_crash() {
        let doc = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        let err = read_json("deep.json", doc.as_bytes(), &IngestOptions::new(Zone::utc())).expect_err("too deep");
        assert!(matches!(err, FileError::Limit { ref what, limit: 128, .. } if what == "JSON nesting depth"), "{err:?}");
    }

    #[test]
    fn help_scout_embedded_lists_and_zendesk_metric_sideloads() {
        let doc: Value = serde_json::from_str(r#"{"_embedded":{"conversations":[{"id":1},{"id":2}]},"page":{"number":1}}"#).expect("json");
        let t = tables_of(doc);
        assert_eq!((t.len(), t[0].key.as_deref(), t[0].records.len()), (1, Some("conversations"), 2));
        let doc: Value = serde_json::from_str(
            r#"{"tickets":[{"id":7},{"id":8}],"metric_sets":[{"ticket_id":8,"reopens":2}],"users":[{"id":1,"name":"A"}],"end_of_stream":true}"#,
        )
        .expect("json");
        let t = tables_of(doc);
        assert_eq!(t.iter().map(|t| t.key.clone().unwrap_or_default()).collect::<Vec<_>>(), vec!["tickets", "users"]);
        assert_eq!(t[0].records[1].1.pointer("/metric_set/reopens"), Some(&Value::from(2)));
        assert_eq!(t[0].records[0].1.get("metric_set"), None);
    }

    #[test]
    fn concatenated_objects_keep_their_lines() {
        let recs = read_concatenated("{\"a\":1}{\"a\":2}\n\n{\"a\":3}").expect("reads");
        assert_eq!(recs.iter().map(|(l, _)| *l).collect::<Vec<_>>(), vec![1, 1, 3]);
        let ing = read_json("c.json", br#"{"id":"1","created":"2026-03-02T09:00:00Z","channel":"chat","agent":"A","status":"x"}{"id":"2","created":"2026-03-02T10:00:00Z","channel":"chat","agent":"B","status":"y"}"#, &IngestOptions::new(Zone::utc()))
            .expect("reads");
        assert_eq!(ing.parts[0].contacts.len(), 2);
    }

    #[test]
    fn empty_objects_still_say_something() {
        let v: Value = serde_json::from_str(r#"{"liveAgentHandoff":{},"x":{"y":{}}}"#).expect("json");
        let mut out = Vec::new();
        flatten("", &v, &mut out);
        assert_eq!(out, vec![("liveAgentHandoff".to_string(), "{}".to_string()), ("x.y".to_string(), "{}".to_string())]);
    }
}
