//! JSON documents and NDJSON: every record object is flattened to dotted keys
//! (`Agent.ConnectedToAgentTimestamp`), so the same format recognition and mappings as for
//! tables apply. Arrays of scalars become comma-separated text; arrays of objects get index
//! keys (`contacts.0.id`) for their first elements.

use serde_json::Value;

use super::mapping::Header;
use super::text::RawRecord;
use super::{FileError, IngestOptions, Ingested, TableState};
use crate::engine::error::Position;

/// Array elements of nested arrays of objects kept as columns.
const MAX_NESTED_ELEMENTS: usize = 3;

/// Top-level keys that hold the records of a JSON export, most likely first.
const RECORD_KEYS: &[&str] = &[
    "tickets", "conversations", "results", "records", "Records", "data", "items", "calls", "contacts", "cases",
    "sessions", "events", "_embedded",
];

/// Reads a JSON document (array, object holding an array, or NDJSON).
pub fn read_json(name: &str, buf: &[u8], opts: &IngestOptions) -> Result<Ingested, FileError> {
    let text = std::str::from_utf8(buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf))
        .map_err(|e| FileError::Malformed { message: format!("JSON must be UTF-8: {e}"), position: None })?;
    let records = match serde_json::from_str::<Value>(text) {
        Ok(v) => records_of(v).into_iter().enumerate().map(|(i, v)| (i as u64 + 1, v)).collect::<Vec<_>>(),
        Err(e) if e.is_syntax() && e.line() > 1 && looks_like_ndjson(text) => read_ndjson(text)?,
        Err(e) => return Err(json_error(&e)),
    };
    if records.is_empty() {
        return Err(FileError::HeaderOnly);
    }
    let mut keys: Vec<String> = Vec::new();
    let mut index = std::collections::HashMap::new();
    let mut flat_records = Vec::with_capacity(records.len());
    for (line, v) in records {
        let mut flat = Vec::new();
        flatten("", &v, &mut flat);
        for (k, _) in &flat {
            if !index.contains_key(k) {
                index.insert(k.clone(), keys.len());
                keys.push(k.clone());
            }
        }
        flat_records.push((line, flat));
    }
    let header = Header::new(keys.clone());
    let mut table = TableState::new(name, opts.clone(), Some(header));
    table.summary.encoding = Some("UTF-8".into());
    let mut row = vec![String::new(); keys.len()];
    for (line, flat) in flat_records {
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
    Ok(Ingested { parts: vec![table.finish()?] })
}

fn json_error(e: &serde_json::Error) -> FileError {
    let position = Some(Position { line: e.line() as u64, ..Default::default() });
    if e.to_string().contains("recursion limit") {
        FileError::Limit { what: "JSON nesting depth".into(), limit: 128, position }
    } else {
        FileError::Malformed { message: format!("not valid JSON: {e}"), position }
    }
}

fn looks_like_ndjson(text: &str) -> bool {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).take(2).all(|l| l.starts_with('{'))
}

fn read_ndjson(text: &str) -> Result<Vec<(u64, Value)>, FileError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let l = line.trim();
        if l.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(l).map_err(|e| {
            let mut err = json_error(&e);
            if let FileError::Malformed { position, .. } | FileError::Limit { position, .. } = &mut err {
                *position = Some(Position { line: i as u64 + 1, ..Default::default() });
            }
            err
        })?;
        out.push((i as u64 + 1, unwrap_single(v)));
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

/// The record objects of a document.
fn records_of(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a.into_iter().map(unwrap_single).collect(),
        Value::Object(mut m) => {
            for k in RECORD_KEYS {
                if let Some(Value::Array(_)) = m.get(*k) {
                    if let Some(Value::Array(a)) = m.remove(*k) {
                        return a;
                    }
                }
            }
            // The largest array of objects at the top level.
            let best = m
                .iter()
                .filter_map(|(k, v)| match v {
                    Value::Array(a) if a.iter().any(Value::is_object) => Some((k.clone(), a.len())),
                    _ => None,
                })
                .max_by_key(|(_, n)| *n)
                .map(|(k, _)| k);
            match best.and_then(|k| m.remove(&k)) {
                Some(Value::Array(a)) => a,
                _ => vec![Value::Object(m)],
            }
        }
        other => vec![other],
    }
}

/// Flattens an object into `(dotted key, text)` pairs.
pub fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let key = |k: &str| if prefix.is_empty() { k.to_string() } else { format!("{prefix}.{k}") };
    match v {
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
}
