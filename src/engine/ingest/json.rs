//! JSON documents and NDJSON: every record object is flattened to dotted keys
//! (`Agent.ConnectedToAgentTimestamp`), so the same format recognition and mappings as for
//! tables apply. Arrays of scalars become comma-separated text; arrays of objects get index
//! keys (`contacts.0.id`) for their first elements.

use std::borrow::Cow;

use serde_json::value::RawValue;

use crate::engine::intern::{fast_map, FastMap};
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

/// One table of a JSON document: its key (if any) and its records, each the text of one JSON
/// value with its number (the line of an NDJSON file, the element of an array).
///
/// Records stay text until they are read, one at a time, twice: once for the keys (every key of
/// every record is a column), once for the row. A document of a million tickets is never a
/// million `Value` trees at once (that took 7× the file in memory); the first pass over the
/// whole text only checks it and cuts it into records, without reading numbers or building
/// anything.
struct JsonTable<'t> {
    key: Option<String>,
    records: Vec<(u64, &'t str)>,
    /// `{"ticket": {...}}` → the inner object (records of arrays and NDJSON; not a document
    /// that is one object).
    unwrap: bool,
    /// A record that is not JSON is a rejected row (NDJSON lines); otherwise a file error.
    lenient: bool,
    /// Zendesk metric sets to join onto their tickets, by ticket id, in `METRIC_KEYS` order.
    metric_sets: Vec<std::collections::HashMap<String, Value>>,
}

impl<'t> JsonTable<'t> {
    fn new(key: Option<String>, records: Vec<(u64, &'t str)>) -> Self {
        JsonTable { key, records, unwrap: true, lenient: false, metric_sets: Vec::new() }
    }

    /// Reads record `text`: parsed, its metric set joined, unwrapped. `taken` holds, per
    /// metric-set table, the ticket ids already given theirs in this pass (the first ticket
    /// with an id gets it, as the sideload means).
    fn read(&self, text: &str, taken: &mut [std::collections::HashSet<String>]) -> Result<Value, serde_json::Error> {
        let mut v = parse_value(text)?;
        if !self.metric_sets.is_empty() {
            let id = v.get("id").map(scalar_text).unwrap_or_default();
            for (sets, taken) in self.metric_sets.iter().zip(taken.iter_mut()) {
                if let (Some(m), Value::Object(obj)) = (sets.get(&id), &mut v) {
                    if taken.insert(id.clone()) {
                        obj.entry("metric_set").or_insert_with(|| m.clone());
                    }
                }
            }
        }
        Ok(if self.unwrap { unwrap_single(v) } else { v })
    }
}

/// Reads a JSON document (array, object holding an array, NDJSON, or concatenated objects).
/// A line of an NDJSON file that is not JSON is a rejected row; a document that is not JSON
/// at all is a file error.
pub fn read_json(name: &str, buf: &[u8], opts: &IngestOptions) -> Result<Ingested, FileError> {
    let text = std::str::from_utf8(buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf))
        .map_err(|e| FileError::Malformed { message: format!("JSON must be UTF-8: {e}"), position: None })?;
    let tables = if looks_like_ndjson(text) {
        let mut t = JsonTable::new(None, ndjson_lines(text));
        t.lenient = true;
        vec![t]
    } else if let Some(items) = text.trim_start().starts_with('[').then(|| array_elements(text, opts).ok()).flatten() {
        // The commonest document, an array of records, checked and cut into records in one
        // pass (what the two steps below do for it; a broken one takes them, for their message).
        vec![JsonTable::new(None, numbered(items))]
    } else {
        // Checks the whole document and finds its extent without reading numbers (so a
        // 400-digit one is not an error here) and without recursion (so depth is not either).
        match serde_json::from_str::<&RawValue>(text) {
            Ok(doc) => tables_of(doc)?,
            Err(e) if e.is_syntax() && e.to_string().contains("trailing characters") => vec![JsonTable::new(None, read_concatenated(text)?)],
            Err(e) => return Err(json_error(&e)),
        }
    };
    let mut parts = Vec::new();
    for (i, t) in tables.into_iter().enumerate() {
        let part_name = match (&t.key, i) {
            (Some(k), i) if i > 0 => format!("{name}#{k}"),
            _ => name.to_string(),
        };
        if t.records.is_empty() {
            if i == 0 {
                return Err(FileError::HeaderOnly);
            }
            continue;
        }
        parts.push(read_table(&part_name, text, t, opts)?);
    }
    Ok(Ingested { parts })
}

/// The elements of the JSON array `text`, unread (as `Vec<&RawValue>` reads them), with the
/// heartbeat told along the way (0 rows: the records are cut, not read yet).
fn array_elements<'a>(text: &'a str, opts: &IngestOptions) -> Result<Vec<&'a RawValue>, serde_json::Error> {
    struct Elements<'o>(&'o IngestOptions);
    impl<'de> serde::de::DeserializeSeed<'de> for Elements<'_> {
        type Value = Vec<&'de RawValue>;
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_seq(self)
        }
    }
    impl<'de> serde::de::Visitor<'de> for Elements<'_> {
        type Value = Vec<&'de RawValue>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("an array")
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(element) = seq.next_element::<&'de RawValue>()? {
                out.push(element);
                self.0.beat(out.len() as u64, 0);
            }
            Ok(out)
        }
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let elements = serde::de::DeserializeSeed::deserialize(Elements(opts), &mut de)?;
    de.end()?;
    Ok(elements)
}

/// The message of a record that cannot be read, as its rejection says it.
fn record_message(e: &serde_json::Error) -> String {
    if e.to_string().contains("recursion limit") {
        "nested deeper than 128 levels".to_string()
    } else {
        e.to_string()
    }
}

/// A record of a document that cannot be read: a file error at its line in the document.
fn record_error(doc: &str, record: &str, e: &serde_json::Error) -> FileError {
    let offset = (record.as_ptr() as usize).saturating_sub(doc.as_ptr() as usize).min(doc.len());
    let before = doc.as_bytes()[..offset].iter().filter(|b| **b == b'\n').count() as u64;
    let position = Some(Position { line: before + e.line() as u64, ..Default::default() });
    if e.to_string().contains("recursion limit") {
        FileError::Limit { what: "JSON nesting depth".into(), limit: 128, position }
    } else {
        FileError::Malformed { message: format!("not valid JSON: {e}"), position }
    }
}

fn read_table(name: &str, doc: &str, t: JsonTable, opts: &IngestOptions) -> Result<super::IngestedPart, FileError> {
    // Pass 1: the columns (every key of every record) and the records that are not JSON.
    let mut keys: Vec<String> = Vec::new();
    let mut index: FastMap<String, usize> = fast_map(0);
    let mut bad: std::collections::HashMap<u64, String> = std::collections::HashMap::new();
    let mut taken = vec![std::collections::HashSet::new(); t.metric_sets.len()];
    let mut key_buf = String::new();
    // Records of scalars only take the short way (`flat_leaves`); metric sets are joined on
    // the `Value` way only.
    let short_way = t.metric_sets.is_empty();
    let mut leaves = Vec::new();
    fn add_key(index: &mut FastMap<String, usize>, keys: &mut Vec<String>, k: &str) {
        if !index.contains_key(k) {
            index.insert(k.to_string(), keys.len());
            keys.push(k.to_string());
        }
    }
    let mut shape = Shape::default();
    for (n, &(line, text)) in t.records.iter().enumerate() {
        opts.beat(n as u64 + 1, 0);
        let members = if short_way { scalar_members(text) } else { None };
        if members.as_ref().is_some_and(|m| shape.matches(m)) {
            // The keys of the record before: no new column.
            continue;
        }
        if short_way && flat_leaves(text, &mut leaves) {
            for (k, _) in &leaves {
                add_key(&mut index, &mut keys, k);
            }
            if let Some(m) = &members {
                shape.set(m, |_| None);
            }
        } else {
            let v = match t.read(text, &mut taken) {
                Ok(v) => v,
                Err(e) if t.lenient => {
                    bad.insert(line, record_message(&e));
                    continue;
                }
                Err(e) => return Err(record_error(doc, text, &e)),
            };
            key_buf.clear();
            flatten_with(&mut key_buf, &v, &mut |k, _| add_key(&mut index, &mut keys, k));
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
    }
    let header = Header::new(keys.clone());
    let mut table = TableState::new(name, opts.clone(), Some(header));
    table.summary.encoding = Some("UTF-8".into());
    if let Some(k) = &t.key {
        table.set_hint(k);
    }
    // Pass 2: each record again, as a row of those columns.
    let mut row = vec![String::new(); keys.len()];
    let mut record = RawRecord::default();
    let mut taken = vec![std::collections::HashSet::new(); t.metric_sets.len()];
    let mut shape = Shape::default();
    for &(line, text) in &t.records {
        if let Some(message) = if bad.is_empty() { None } else { bad.remove(&line) } {
            table.reject_row(line, Problem::InvalidJson { message });
            continue;
        }
        for cell in row.iter_mut() {
            cell.clear();
        }
        // A record of scalars: each leaf written to its key's column in document order, so a
        // repeated key's last value stays (as `flat_leaves` and the parsed `Value` give it).
        let scalars = if short_way { scalar_members(text) } else { None };
        let read_short = scalars.is_some_and(|members| {
            if !shape.matches(&members) {
                shape.set(&members, |k| index.get(k).copied());
            }
            for ((_, raw), column) in members.iter().zip(&shape.columns) {
                let Some(leaf) = leaf_text(raw) else { return false };
                if let Some(cell) = column.and_then(|i| row.get_mut(i)) {
                    cell.clear();
                    cell.push_str(&leaf);
                }
            }
            true
        });
        if !read_short {
            let v = match t.read(text, &mut taken) {
                Ok(v) => v,
                // Only a record with the keys of the one before it was not read in pass 1
                // (its members are JSON, but its values may still not be): it fails as it
                // would have there, never silently.
                Err(e) if t.lenient => {
                    table.reject_row(line, Problem::InvalidJson { message: record_message(&e) });
                    continue;
                }
                Err(e) => return Err(record_error(doc, text, &e)),
            };
            for cell in row.iter_mut() {
                cell.clear();
            }
            key_buf.clear();
            flatten_with(&mut key_buf, &v, &mut |k, value| {
                // A later leaf with the same dotted key (`"a.b"` and `"a": {"b"}`) wins.
                if let Some(cell) = index.get(k).and_then(|&i| row.get_mut(i)) {
                    cell.clear();
                    value.write_to(cell);
                }
            });
        }
        record.clear();
        record.line = line;
        for cell in &row {
            record.push(cell);
        }
        table.push(&record);
    }
    table.finish()
}

/// The keys of the last record of scalars read, in document order, with a column for each
/// (pass 2): the records of an export nearly always repeat the keys of the one before in the
/// same order, so such a record needs no sorting of its keys and no lookup of its columns.
#[derive(Default)]
struct Shape {
    keys: Vec<String>,
    columns: Vec<Option<usize>>,
}

impl Shape {
    fn matches(&self, members: &[(Text<'_>, &RawValue)]) -> bool {
        self.keys.len() == members.len() && self.keys.iter().zip(members).all(|(k, (m, _))| *k == m.0)
    }

    fn set(&mut self, members: &[(Text<'_>, &RawValue)], column: impl Fn(&str) -> Option<usize>) {
        self.keys.clear();
        self.keys.extend(members.iter().map(|(k, _)| k.0.to_string()));
        self.columns.clear();
        self.columns.extend(members.iter().map(|(k, _)| column(&k.0)));
    }
}

/// The members of a record that is an object of scalars only (no object or array values,
/// which flatten to other keys), values unread; `None` for anything else.
fn scalar_members(text: &str) -> Option<Vec<(Text<'_>, &RawValue)>> {
    let Members(members) = serde_json::from_str::<Members<'_>>(text).ok()?;
    members.iter().all(|(_, raw)| !matches!(raw.get().trim_start().as_bytes().first(), Some(b'{' | b'['))).then_some(members)
}

/// Text of a JSON string, borrowed from the document unless it has escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> serde::Deserialize<'de> for Text<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(Visit)
    }
}

/// An object's members in document order, values unread.
struct Members<'a>(Vec<(Text<'a>, &'a RawValue)>);

impl<'de> serde::Deserialize<'de> for Members<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Members<'de>, M::Error> {
                let mut members = Vec::with_capacity(map.size_hint().unwrap_or(16));
                while let Some(key) = map.next_key::<Text<'de>>()? {
                    members.push((key, map.next_value::<&'de RawValue>()?));
                }
                Ok(Members(members))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// An integer serde_json keeps as an integer and prints as written (`0`, or up to 18 digits
/// without a leading zero, with an optional minus).
fn plain_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    (s == "0" || (digits.len() <= 18 && digits.as_bytes().first().is_some_and(|b| (b'1'..=b'9').contains(b))))
        && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The short way for the commonest record, one object of scalars: its `(key, text)` leaves
/// exactly as [`flatten_with`] gives them from the parsed `Value` (keys in `serde_json::Map`
/// order, that is sorted, a repeated key's last value; null as empty text, numbers as
/// serde_json prints them), without building a tree: no allocation per key or per string
/// without escapes. False (and `out` unusable) for anything else, nested values, numbers
/// beyond an `f64`, text that is not JSON, which then take the `Value` way.
fn flat_leaves<'a>(text: &'a str, out: &mut Vec<(Cow<'a, str>, Cow<'a, str>)>) -> bool {
    out.clear();
    let Ok(Members(members)) = serde_json::from_str::<Members<'a>>(text) else { return false };
    for (key, raw) in members {
        let Some(leaf) = leaf_text(raw) else { return false };
        out.push((key.0, leaf));
    }
    // Sorted by key, and of a repeated key the last: reversed, a stable sort puts the last
    // first among equals, and `dedup_by` keeps the first.
    out.reverse();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out.dedup_by(|later, first| later.0 == first.0);
    true
}

/// The text of a scalar as its cell holds it (null as empty text, numbers as serde_json prints
/// them); `None` for an object, an array, a number beyond an `f64` or text that is not JSON.
fn leaf_text(raw: &RawValue) -> Option<Cow<'_, str>> {
    let r = raw.get().trim();
    Some(match r.as_bytes().first() {
        // A string without escapes is the text between its quotes (`raw` is checked JSON, so
        // its quotes match and it holds no control character).
        Some(b'"') if r.len() >= 2 && r.ends_with('"') && !r.contains('\\') => Cow::Borrowed(&r[1..r.len() - 1]),
        Some(b'"') => serde_json::from_str::<Text<'_>>(r).ok()?.0,
        Some(b'n') if r == "null" => Cow::Borrowed(""),
        Some(b't') if r == "true" => Cow::Borrowed("true"),
        Some(b'f') if r == "false" => Cow::Borrowed("false"),
        Some(b'-' | b'0'..=b'9') if plain_integer(r) => Cow::Borrowed(r),
        Some(b'-' | b'0'..=b'9') => Cow::Owned(serde_json::from_str::<serde_json::Number>(r).ok()?.to_string()),
        _ => return None,
    })
}

/// Numbers too large for an `f64` read again, at most this many times per record.
const MAX_BIG_NUMBERS: usize = 100;

/// Parses a JSON value. serde_json reads a number as an `f64` at most, so a 400-digit number is
/// "out of range" and would make the record unreadable: such a number is turned into a string
/// (its digits kept) and the text parsed again, so only the value that holds it is unreadable
/// (its row is rejected with the value quoted).
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

/// The non-empty lines of an NDJSON file with their 1-based numbers.
fn ndjson_lines(text: &str) -> Vec<(u64, &str)> {
    text.lines().enumerate().map(|(i, l)| (i as u64 + 1, l.trim())).filter(|(_, l)| !l.is_empty()).collect()
}

/// Objects written one after another without separators (Kinesis Firehose delivers Amazon
/// Connect records this way), with their lines. A syntax error stops the file: there is no
/// line to resume at.
fn read_concatenated(text: &str) -> Result<Vec<(u64, &str)>, FileError> {
    let mut out = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<&RawValue>();
    // Lines are counted as the stream moves on, never from the start again.
    let (mut start, mut counted, mut line) = (0usize, 0usize, 1u64);
    while let Some(item) = stream.next() {
        let v = item.map_err(|e| json_error(&e))?;
        line += text.as_bytes()[counted..start].iter().filter(|b| **b == b'\n').count() as u64;
        counted = start;
        out.push((line, v.get()));
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

fn is_array(r: &RawValue) -> bool {
    r.get().trim_start().starts_with('[')
}

fn is_object(r: &RawValue) -> bool {
    r.get().trim_start().starts_with('{')
}

/// The elements of an array, as text.
fn elements(r: &RawValue) -> Result<Vec<&RawValue>, FileError> {
    serde_json::from_str::<Vec<&RawValue>>(r.get()).map_err(|e| json_error(&e))
}

/// Numbered records of an array's elements (1, 2, …).
fn numbered(items: Vec<&RawValue>) -> Vec<(u64, &str)> {
    items.into_iter().enumerate().map(|(i, v)| (i as u64 + 1, v.get())).collect()
}

/// The tables of a document: the main records first (with the key they came from), then
/// sideloaded lookup tables.
fn tables_of(doc: &RawValue) -> Result<Vec<JsonTable<'_>>, FileError> {
    if is_array(doc) {
        return Ok(vec![JsonTable::new(None, numbered(elements(doc)?))]);
    }
    fn whole(doc: &RawValue) -> Vec<JsonTable<'_>> {
        let mut t = JsonTable::new(None, vec![(1, doc.get())]);
        t.unwrap = false;
        vec![t]
    }
    if !is_object(doc) {
        return Ok(whole(doc));
    }
    // Keys in order, as `serde_json::Map` orders them.
    let mut m: std::collections::BTreeMap<String, &RawValue> = serde_json::from_str(doc.get()).map_err(|e| json_error(&e))?;
    // Help Scout wraps its lists: `{"_embedded": {"conversations": [...]}}`.
    if let Some(inner) = m.get("_embedded").copied().filter(|r| is_object(r)) {
        return tables_of(inner);
    }
    let mut main_key = RECORD_KEYS.iter().find(|k| m.get(**k).is_some_and(|r| is_array(r))).map(|k| k.to_string());
    if main_key.is_none() {
        let mut best: Option<(String, usize)> = None;
        for (k, v) in m.iter().filter(|(k, v)| !METRIC_KEYS.contains(&k.as_str()) && is_array(v)) {
            let items = elements(v)?;
            // The last of the longest, as `max_by_key` picks.
            if items.iter().any(|x| is_object(x)) && best.as_ref().is_none_or(|(_, n)| items.len() >= *n) {
                best = Some((k.clone(), items.len()));
            }
        }
        main_key = best.map(|(k, _)| k);
    }
    let Some(key) = main_key else {
        return Ok(whole(doc));
    };
    let records = match m.remove(&key) {
        Some(r) => elements(r)?,
        None => Vec::new(),
    };
    let mut main = JsonTable::new(Some(key.clone()), numbered(records));
    for metric_key in METRIC_KEYS {
        if let Some(r) = m.remove(*metric_key).filter(|r| is_array(r)) {
            let metrics: Vec<Value> = serde_json::from_str(r.get()).map_err(|e| json_error(&e))?;
            let mut by_ticket = std::collections::HashMap::new();
            for m in metrics {
                if let Some(id) = m.get("ticket_id").map(scalar_text) {
                    by_ticket.insert(id, m);
                }
            }
            main.metric_sets.push(by_ticket);
        }
    }
    let mut tables = vec![main];
    for side in SIDE_TABLES.iter().filter(|s| **s != key) {
        if let Some(r) = m.remove(*side).filter(|r| is_array(r)) {
            tables.push(JsonTable::new(Some(side.to_string()), numbered(elements(r)?)));
        }
    }
    Ok(tables)
}

/// A flattened value: what a dotted key holds.
enum Flat<'v> {
    /// A scalar (null is empty text).
    Scalar(&'v Value),
    /// An array of scalars: their texts joined with ", ".
    Joined(&'v [Value]),
    /// An empty object below the top: `{}`.
    EmptyObject,
}

impl Flat<'_> {
    /// Writes the text into `out` (cleared by the caller).
    fn write_to(&self, out: &mut String) {
        match self {
            Flat::Scalar(v) => out.push_str(&scalar_text(v)),
            Flat::Joined(a) => {
                for t in a.iter().map(scalar_text).filter(|s| !s.is_empty()) {
                    if !out.is_empty() {
                        out.push_str(", ");
                    }
                    out.push_str(&t);
                }
            }
            Flat::EmptyObject => out.push_str("{}"),
        }
    }
}

/// Calls `out(dotted key, value)` for every leaf of `v` below `key` (the prefix so far, which
/// is restored before returning): nested objects by dotted keys, arrays of scalars as one
/// value, arrays of objects by index for their first elements.
fn flatten_with<'v>(key: &mut String, v: &'v Value, out: &mut dyn FnMut(&str, Flat<'v>)) {
    let len = key.len();
    let child = |key: &mut String, k: &str, x: &'v Value, out: &mut dyn FnMut(&str, Flat<'v>)| {
        if len > 0 {
            key.push('.');
        }
        key.push_str(k);
        flatten_with(key, x, out);
        key.truncate(len);
    };
    match v {
        // An empty object still says something (`"liveAgentHandoff": {}`): it reads as `{}`.
        Value::Object(m) if m.is_empty() && len > 0 => out(key, Flat::EmptyObject),
        Value::Object(m) => {
            for (k, x) in m {
                child(key, k, x, out);
            }
        }
        Value::Array(a) => {
            if a.iter().all(|x| !x.is_object() && !x.is_array()) {
                out(key, Flat::Joined(a));
            } else {
                for (i, x) in a.iter().take(MAX_NESTED_ELEMENTS).enumerate() {
                    child(key, &i.to_string(), x, out);
                }
            }
        }
        scalar => out(key, Flat::Scalar(scalar)),
    }
}

/// Flattens an object into `(dotted key, text)` pairs.
pub fn flatten(prefix: &str, v: &Value, out: &mut Vec<(String, String)>) {
    let mut key = prefix.to_string();
    flatten_with(&mut key, v, &mut |k, value| {
        let mut text = String::new();
        value.write_to(&mut text);
        out.push((k.to_string(), text));
    });
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
    fn the_short_way_gives_the_leaves_the_value_way_gives() {
        let records = [
            r#"{"id":"1","b":2,"a":null,"c":true,"d":false}"#,
            r#"{"z":"esc\"aped \u00e9","z2":"plain","n":-0,"f":4.50,"e":1e2,"big":12345678901234567890,"i18":123456789012345678,"neg":-17}"#,
            r#"{"k":"first","k":"last","j":0, "spaced" : " x " }"#,
            r#"{}"#,
        ];
        for text in records {
            let mut short = Vec::new();
            assert!(flat_leaves(text, &mut short), "{text}");
            let mut by_value = Vec::new();
            flatten("", &serde_json::from_str::<Value>(text).expect("valid"), &mut by_value);
            let short: Vec<(String, String)> = short.into_iter().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
            assert_eq!(short, by_value, "{text}");
        }
        // Spelled out for one: sorted keys, the last of a repeated key, null as empty text.
        let mut leaves = Vec::new();
        assert!(flat_leaves(r#"{"k":"first","b":null,"k":"last","a":1.0}"#, &mut leaves));
        let texts: Vec<(&str, &str)> = leaves.iter().map(|(k, v)| (k.as_ref(), v.as_ref())).collect();
        assert_eq!(texts, vec![("a", "1.0"), ("b", ""), ("k", "last")]);
        // Anything else takes the Value way.
        for text in [r#"{"a":{"b":1}}"#, r#"{"tags":["x"]}"#, r#"{"n":1e400}"#, r#"[1,2]"#, r#"{"a":1"#, "not json"] {
            assert!(!flat_leaves(text, &mut leaves), "{text}");
        }
    }

    #[test]
    fn records_repeating_the_keys_before_them_read_as_each_alone() {
        let head = r#""created":"2026-03-02T09:00:00Z","channel":"email""#;
        let records = [
            format!(r#"{{"id":"T1",{head},"agent":"Ana"}}"#),
            format!(r#"{{"id":"T2",{head},"agent":"Bo"}}"#),
            // The same member keys, one of them now an object: other columns.
            format!(r#"{{"id":"T3",{head},"agent":{{"name":"Cy"}}}}"#),
            format!(r#"{{"agent":"Di",{head},"id":"T4"}}"#),
            format!(r#"{{"id":"T5",{head},"agent":"first","agent":"Ed"}}"#),
            format!(r#"{{"id":"T6",{head},"agent":"F\u00e1 \"x\""}}"#),
            format!(r#"{{"id":"T7",{head},"agent":null}}"#),
            format!(r#"{{"id":"T8",{head},"agent":12345678901234567890123}}"#),
        ];
        let agents = |doc: &str| {
            let ing = read_json("t.json", doc.as_bytes(), &IngestOptions::new(Zone::utc())).expect("reads");
            let p = &ing.parts[0];
            let header = p.summary.header.clone();
            let agents: Vec<String> = p.contacts.iter().map(|c| format!("{}={}", p.strings.get(c.id), p.strings.get(c.agent))).collect();
            (header, agents, p.summary.rejected)
        };
        let (header, all, rejected) = agents(&format!("[{}]", records.join(",")));
        assert_eq!(header, ["agent", "channel", "created", "id", "agent.name"]);
        assert_eq!(all, ["T1=Ana", "T2=Bo", "T3=", "T4=Di", "T5=Ed", "T6=Fá \"x\"", "T7=", "T8=1.2345678901234568e+22"]);
        assert_eq!(rejected, 0);
        // Each record alone (no shape before it) reads to the same agent.
        for (one, expected) in records.iter().zip(&all) {
            assert_eq!(agents(&format!("[{one}]")).1, std::slice::from_ref(expected), "{one}");
        }
    }

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
        assert_eq!(p.contacts[0].first_response.get().map(|t| t - p.contacts[0].created), Some(3_600_000));
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
        let doc: &RawValue = serde_json::from_str(r#"{"_embedded":{"conversations":[{"id":1},{"id":2}]},"page":{"number":1}}"#).expect("json");
        let t = tables_of(doc).expect("tables");
        assert_eq!((t.len(), t[0].key.as_deref(), t[0].records.len()), (1, Some("conversations"), 2));
        let doc: &RawValue = serde_json::from_str(
            r#"{"tickets":[{"id":7},{"id":8},{"id":8}],"metric_sets":[{"ticket_id":8,"reopens":2}],"users":[{"id":1,"name":"A"}],"end_of_stream":true}"#,
        )
        .expect("json");
        let t = tables_of(doc).expect("tables");
        assert_eq!(t.iter().map(|t| t.key.clone().unwrap_or_default()).collect::<Vec<_>>(), vec!["tickets", "users"]);
        // Read twice (both passes), the first ticket 8 gets the metric set each time, the
        // second (a duplicate) does not.
        for _ in 0..2 {
            let mut taken = vec![std::collections::HashSet::new(); t[0].metric_sets.len()];
            let read: Vec<Value> = t[0].records.iter().map(|(_, r)| t[0].read(r, &mut taken).expect("record")).collect();
            assert_eq!(read[1].pointer("/metric_set/reopens"), Some(&Value::from(2)));
            assert_eq!(read[0].get("metric_set"), None);
            assert_eq!(read[2].get("metric_set"), None);
        }
    }

    #[test]
    fn colliding_dotted_keys_come_in_key_order() {
        let doc = br#"[{"id":"T1","created":"2026-03-02T09:00:00Z","channel":"email","agent":"Ana","x.y":"first","x":{"y":"second"}}]"#;
        let ing = read_json("t.json", doc, &IngestOptions::new(Zone::utc())).expect("reads");
        assert_eq!(ing.parts[0].summary.used, 1);
        let v: Value = serde_json::from_str(std::str::from_utf8(&doc[1..doc.len() - 1]).expect("utf8")).expect("json");
        let mut out = Vec::new();
        flatten("", &v, &mut out);
        assert_eq!(out.iter().filter(|(k, _)| k == "x.y").map(|(_, v)| v.as_str()).collect::<Vec<_>>(), ["second", "first"]);
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
