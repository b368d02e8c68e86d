//! Delimited text: encoding detection and decoding, delimiter sniffing, and a push tokenizer.
//!
//! The tokenizer is `csv_core`'s push parser fed chunk by chunk: a file is never held whole.
//! Records come out as [`RawRecord`]s that reuse one buffer. Every record knows the 1-based
//! line it starts on (quoted fields may span lines).

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1252};
use serde::{Deserialize, Serialize};

/// The text encoding of a file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TextEncoding {
    /// UTF-8 (a BOM, if any, is skipped).
    Utf8,
    /// UTF-16 little-endian (Excel "Unicode text").
    Utf16Le,
    /// UTF-16 big-endian.
    Utf16Be,
    /// Windows-1252 (a superset of ISO-8859-1 for printable text).
    Windows1252,
}

impl TextEncoding {
    /// Label shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf16Le => "UTF-16 LE",
            TextEncoding::Utf16Be => "UTF-16 BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }

    fn encoding(self) -> Option<&'static Encoding> {
        match self {
            TextEncoding::Utf8 => None,
            TextEncoding::Utf16Le => Some(UTF_16LE),
            TextEncoding::Utf16Be => Some(UTF_16BE),
            TextEncoding::Windows1252 => Some(WINDOWS_1252),
        }
    }
}

/// Guesses the encoding from the first bytes of a file: BOMs first, then UTF-16 by its zero
/// bytes, then UTF-8 validity (a truncated last character allowed), else Windows-1252.
pub fn detect_encoding(head: &[u8]) -> TextEncoding {
    if head.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return TextEncoding::Utf8;
    }
    if head.starts_with(&[0xFF, 0xFE]) {
        return TextEncoding::Utf16Le;
    }
    if head.starts_with(&[0xFE, 0xFF]) {
        return TextEncoding::Utf16Be;
    }
    let sample = &head[..head.len().min(4096)];
    if sample.len() >= 4 {
        let even_zero = sample.iter().step_by(2).filter(|b| **b == 0).count();
        let odd_zero = sample.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let half = sample.len() / 2;
        if odd_zero * 10 > half * 6 && even_zero * 10 < half {
            return TextEncoding::Utf16Le;
        }
        if even_zero * 10 > half * 6 && odd_zero * 10 < half {
            return TextEncoding::Utf16Be;
        }
    }
    match std::str::from_utf8(head) {
        Ok(_) => TextEncoding::Utf8,
        // Only the last character cut by the chunk boundary is invalid: still UTF-8.
        Err(e) if e.error_len().is_none() => TextEncoding::Utf8,
        // Mixed: some rows were written as UTF-8 (valid multi-byte characters), others in a
        // legacy code page. Read as UTF-8; the tokenizer reads each invalid field as
        // Windows-1252 and says so, rather than turning every `é` of the UTF-8 rows into `Ã©`.
        Err(_) if has_utf8_multibyte(head) => TextEncoding::Utf8,
        Err(_) => TextEncoding::Windows1252,
    }
}

/// True when `bytes` hold at least two valid UTF-8 multi-byte characters (one could be a
/// Windows-1252 pair such as `Ã©` by chance).
fn has_utf8_multibyte(mut bytes: &[u8]) -> bool {
    let mut found = 0;
    while !bytes.is_empty() {
        let valid = match std::str::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or(""),
        };
        found += valid.chars().filter(|c| c.len_utf8() > 1).count();
        if found >= 2 {
            return true;
        }
        let skip = match std::str::from_utf8(bytes) {
            Ok(_) => bytes.len(),
            Err(e) => e.valid_up_to() + e.error_len().unwrap_or(bytes.len() - e.valid_up_to()),
        };
        bytes = &bytes[skip.min(bytes.len())..];
    }
    false
}

/// Streams bytes in any [`TextEncoding`] to UTF-8.
pub struct Decoder {
    inner: Option<encoding_rs::Decoder>,
    out: Vec<u8>,
}

impl Decoder {
    /// A decoder for `enc`; UTF-8 passes through untouched.
    pub fn new(enc: TextEncoding) -> Decoder {
        Decoder { inner: enc.encoding().map(|e| e.new_decoder_with_bom_removal()), out: Vec::new() }
    }

    /// Decodes one chunk; `last` flushes. Returns UTF-8 bytes (borrowed for UTF-8 input).
    pub fn decode<'a>(&'a mut self, chunk: &'a [u8], last: bool) -> &'a [u8] {
        let Some(dec) = self.inner.as_mut() else {
            return chunk;
        };
        let need = dec.max_utf8_buffer_length(chunk.len()).unwrap_or(chunk.len() * 3 + 16);
        self.out.clear();
        self.out.resize(need, 0);
        let (_, _, written, _) = dec.decode_to_utf8(chunk, &mut self.out, last);
        self.out.truncate(written);
        &self.out
    }
}

/// Fields per record of the first lines, for each candidate delimiter.
pub fn sniff_delimiter(sample: &[u8]) -> u8 {
    const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
    // Comment lines (`#` first: GA4 report preambles, annotated logs) say nothing about the
    // delimiter.
    let uncommented: Vec<u8> = sample.split_inclusive(|b| *b == b'\n').filter(|l| !l.starts_with(b"#")).flatten().copied().collect();
    let sample = if uncommented.is_empty() { sample } else { &uncommented[..] };
    let mut best = (b',', 0.0f64);
    for &d in &CANDIDATES {
        let counts = field_counts(sample, d, 50);
        if counts.is_empty() {
            continue;
        }
        let mode = mode_of(&counts);
        if mode < 2 {
            continue;
        }
        // Share of records with the modal count (title lines and a cut last line lower it
        // a little), weighted so that more columns win ties between consistent candidates.
        let consistent = counts.iter().filter(|c| **c == mode).count() as f64 / counts.len() as f64;
        let score = consistent * 100.0 + (mode as f64).min(50.0) / 10.0;
        if score > best.1 {
            best = (d, score);
        }
    }
    best.0
}

/// Number of fields of each of the first `max` records of `sample` with delimiter `d`
/// (the last record is dropped: it may be cut by the sample boundary).
pub fn field_counts(sample: &[u8], d: u8, max: usize) -> Vec<usize> {
    let mut rdr = csv_core::ReaderBuilder::new().delimiter(d).build();
    let mut out = vec![0u8; 1 << 16];
    let mut ends = vec![0usize; 4096];
    let mut input = sample;
    let mut counts = Vec::new();
    let mut fields_in_record = 0usize;
    loop {
        let (res, nin, _, nend) = rdr.read_record(input, &mut out, &mut ends);
        input = &input[nin..];
        fields_in_record += nend;
        match res {
            csv_core::ReadRecordResult::Record => {
                counts.push(fields_in_record);
                fields_in_record = 0;
                if counts.len() >= max {
                    break;
                }
            }
            csv_core::ReadRecordResult::OutputFull | csv_core::ReadRecordResult::OutputEndsFull => {
                // Enormous record: count what fits and move on.
            }
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => break,
        }
        if input.is_empty() {
            break;
        }
    }
    if counts.len() > 1 && !sample.ends_with(b"\n") {
        counts.pop();
    }
    counts
}

/// The most frequent value (the largest among equally frequent ones).
pub fn mode_of(v: &[usize]) -> usize {
    let mut freq: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for x in v {
        *freq.entry(*x).or_default() += 1;
    }
    freq.into_iter().max_by_key(|(k, n)| (*n, *k)).map(|(k, _)| k).unwrap_or(0)
}

/// One record: fields in one reusable UTF-8 buffer.
#[derive(Clone, Debug, Default)]
pub struct RawRecord {
    /// 1-based line the record starts on.
    pub line: u64,
    /// 0-based index among all records of the file (header and title lines included).
    pub index: u64,
    /// Byte offset (in the decoded stream) where the record starts.
    pub byte: u64,
    buf: String,
    ends: Vec<usize>,
    /// Indices of fields that were not valid UTF-8 and were read as Windows-1252.
    pub recoded: Vec<usize>,
    /// The record exceeded a size limit; its fields are not kept.
    pub too_long: bool,
    /// The limit it exceeded was [`TextLimits::max_fields`] (else `max_record_bytes`).
    pub too_wide: bool,
    /// The value of the limit it exceeded.
    pub limit: u64,
    /// The file ended inside a quoted field of this record: a quote was never closed, and
    /// every line after it up to `last_line` was read into this one record.
    pub unclosed_quote: bool,
    /// 1-based line the record ends on (set for an unclosed quote).
    pub last_line: u64,
}

impl RawRecord {
    /// A record from owned fields (spreadsheets, JSON, tests).
    pub fn from_fields<S: AsRef<str>>(line: u64, fields: &[S]) -> RawRecord {
        let mut r = RawRecord { line, ..Default::default() };
        for f in fields {
            r.push(f.as_ref());
        }
        r
    }

    /// Appends a field.
    pub fn push(&mut self, field: &str) {
        self.buf.push_str(field);
        self.ends.push(self.buf.len());
    }

    /// Empties the record for reuse.
    pub fn clear(&mut self) {
        self.buf.clear();
        self.ends.clear();
        self.recoded.clear();
        self.too_long = false;
        self.too_wide = false;
        self.limit = 0;
        self.unclosed_quote = false;
        self.last_line = 0;
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True for a record with no fields.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`, if present.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.buf.get(start..end)
    }

    /// All fields.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(move |i| self.get(i).unwrap_or(""))
    }

    /// True when every field is blank.
    pub fn is_blank(&self) -> bool {
        self.iter().all(|f| f.trim().is_empty())
    }

    /// Bytes held (for memory accounting).
    pub fn bytes(&self) -> usize {
        self.buf.len()
    }
}

/// Limits that keep a hostile file from freezing the tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextLimits {
    /// Largest record in bytes.
    pub max_record_bytes: usize,
    /// Most fields in a record.
    pub max_fields: usize,
}

impl Default for TextLimits {
    fn default() -> Self {
        TextLimits { max_record_bytes: 4 << 20, max_fields: 10_000 }
    }
}

/// A push tokenizer: feed UTF-8 bytes, receive records.
pub struct Tokenizer {
    rdr: csv_core::Reader,
    out: Vec<u8>,
    ends: Vec<usize>,
    nout: usize,
    nend: usize,
    line: u64,
    byte: u64,
    index: u64,
    start: Option<(u64, u64)>,
    overflow: bool,
    overflow_fields: bool,
    quotes: u64,
    ended_line: bool,
    unclosed: bool,
    limits: TextLimits,
    rec: RawRecord,
    delimiter: u8,
}

impl Tokenizer {
    /// A tokenizer for delimiter `delimiter` (quote `"`, doubled quotes, CRLF or LF). Pipe
    /// files are quoted too: a CSV writer quotes a pipe-separated field that holds a pipe, and
    /// Asterisk's queue_log never starts a field with a quote.
    pub fn new(delimiter: u8, limits: TextLimits) -> Tokenizer {
        Tokenizer {
            rdr: csv_core::ReaderBuilder::new().delimiter(delimiter).build(),
            // Start small but never above the limits, so that a record over them is noticed
            // when its buffer fills.
            out: vec![0; (64 * 1024).min(limits.max_record_bytes.max(1))],
            ends: vec![0; 256.min(limits.max_fields.max(1))],
            nout: 0,
            nend: 0,
            line: 1,
            byte: 0,
            index: 0,
            start: None,
            overflow: false,
            overflow_fields: false,
            quotes: 0,
            ended_line: false,
            unclosed: false,
            limits,
            rec: RawRecord::default(),
            delimiter,
        }
    }

    /// Feeds UTF-8 bytes; `emit` is called for each complete record.
    pub fn feed(&mut self, mut input: &[u8], emit: &mut dyn FnMut(&RawRecord)) {
        while !input.is_empty() {
            if self.start.is_none() {
                // Skip blank lines between records ourselves so that line numbers stay exact.
                let skip = input.iter().take_while(|b| **b == b'\n' || **b == b'\r').count();
                self.line += input[..skip].iter().filter(|b| **b == b'\n').count() as u64;
                self.byte += skip as u64;
                input = &input[skip..];
                if input.is_empty() {
                    return;
                }
                self.start = Some((self.line, self.byte));
                // A whole line ahead: most lines hold no quote and split at the delimiter alone.
                if let Some(nl) = memchr::memchr(b'\n', input) {
                    if self.plain_line(&input[..nl]) {
                        emit(&self.rec);
                        self.line += 1;
                        self.byte += nl as u64 + 1;
                        input = &input[nl + 1..];
                        self.reset_record();
                        continue;
                    }
                }
            }
            let (res, nin, nout, nend) =
                self.rdr.read_record(input, &mut self.out[self.nout..], &mut self.ends[self.nend..]);
            // Lines and quotes in one pass: an odd number of quotes in a record that reaches
            // the end of the file means a quote was never closed.
            let (lines, quotes) = input[..nin].iter().fold((0u64, 0u64), |(l, q), b| (l + u64::from(*b == b'\n'), q + u64::from(*b == b'"')));
            self.line += lines;
            self.quotes += quotes;
            if nin > 0 {
                self.ended_line = input[nin - 1] == b'\n';
            }
            self.byte += nin as u64;
            input = &input[nin..];
            self.nout += nout;
            self.nend += nend;
            self.step(res, emit);
        }
    }

    /// Signals the end of input; emits the last record if it had no line terminator.
    pub fn finish(&mut self, emit: &mut dyn FnMut(&RawRecord)) {
        // A quote still open at the end of the file swallowed every line after it: the record
        // then spans lines and holds an odd number of quotes (doubled quotes and closed
        // fields are even; a stray quote in an unquoted field on one line is left alone).
        if let Some((line, _)) = self.start {
            self.unclosed = self.quotes % 2 == 1 && self.line > line;
        }
        loop {
            let (res, _, nout, nend) = self.rdr.read_record(&[], &mut self.out[self.nout..], &mut self.ends[self.nend..]);
            self.nout += nout;
            self.nend += nend;
            if res == csv_core::ReadRecordResult::End {
                break;
            }
            if self.start.is_none() {
                // Nothing pending (file ended with a newline).
                if res == csv_core::ReadRecordResult::Record {
                    self.reset_record();
                    continue;
                }
            }
            self.step(res, emit);
        }
    }

    fn step(&mut self, res: csv_core::ReadRecordResult, emit: &mut dyn FnMut(&RawRecord)) {
        match res {
            csv_core::ReadRecordResult::InputEmpty | csv_core::ReadRecordResult::End => {}
            csv_core::ReadRecordResult::OutputFull => {
                if self.out.len() >= self.limits.max_record_bytes {
                    // Keep parsing to find the record's end, but stop keeping its bytes.
                    self.overflow = true;
                    self.nout = 0;
                } else {
                    let n = (self.out.len() * 2).min(self.limits.max_record_bytes);
                    self.out.resize(n, 0);
                }
            }
            csv_core::ReadRecordResult::OutputEndsFull => {
                // `ends` never grows past the limit, so a record with exactly `max_fields`
                // fields fits and one more is over.
                if self.ends.len() >= self.limits.max_fields {
                    self.overflow = true;
                    self.overflow_fields = true;
                    self.nend = 0;
                    self.nout = 0;
                } else {
                    let n = (self.ends.len() * 2).min(self.limits.max_fields.max(1));
                    self.ends.resize(n, 0);
                }
            }
            csv_core::ReadRecordResult::Record => {
                self.build_record();
                emit(&self.rec);
                self.reset_record();
            }
        }
    }

    /// Reads a line (without its `\n`) into the record when it is a plain one: valid UTF-8,
    /// no quote, no carriage return but at its end, no byte-order mark or NUL, within the buffers
    /// the tokenizer starts with. Anything else goes through `csv_core` (false).
    fn plain_line(&mut self, line: &[u8]) -> bool {
        let body = line.strip_suffix(b"\r").unwrap_or(line);
        // NUL bytes and byte-order marks are stripped from values on the general path.
        // A line over a limit goes the general way too, which reports it.
        if body.len() >= self.out.len()
            || body.len() > self.limits.max_record_bytes
            || memchr::memchr3(b'"', b'\r', 0xEF, body).is_some()
            || memchr::memchr(0, body).is_some()
        {
            return false;
        }
        let Ok(text) = std::str::from_utf8(body) else { return false };
        let (line_no, byte) = self.start.unwrap_or((self.line, self.byte));
        self.rec.clear();
        self.rec.line = line_no;
        self.rec.byte = byte;
        self.rec.index = self.index;
        let mut from = 0;
        for i in memchr::memchr_iter(self.delimiter, body) {
            self.rec.push(text.get(from..i).unwrap_or(""));
            from = i + 1;
        }
        self.rec.push(text.get(from..).unwrap_or(""));
        if self.rec.len() > self.ends.len().min(self.limits.max_fields) {
            self.rec.clear();
            return false;
        }
        true
    }

    fn reset_record(&mut self) {
        self.nout = 0;
        self.nend = 0;
        self.start = None;
        self.overflow = false;
        self.overflow_fields = false;
        self.quotes = 0;
        self.index += 1;
    }

    fn build_record(&mut self) {
        let (line, byte) = self.start.unwrap_or((self.line, self.byte));
        self.rec.clear();
        self.rec.line = line;
        self.rec.byte = byte;
        self.rec.index = self.index;
        if std::mem::take(&mut self.unclosed) {
            self.rec.unclosed_quote = true;
            self.rec.last_line = self.line - u64::from(self.ended_line && self.line > 1);
        }
        if self.overflow {
            self.rec.too_long = true;
            self.rec.too_wide = self.overflow_fields;
            self.rec.limit = if self.overflow_fields { self.limits.max_fields } else { self.limits.max_record_bytes } as u64;
            return;
        }
        let mut prev = 0;
        for i in 0..self.nend {
            let end = self.ends[i];
            let bytes = &self.out[prev..end];
            match std::str::from_utf8(bytes) {
                // NUL bytes (padding of broken exports) and byte-order marks (files joined
                // with `cat`) are invisible: left in, `Ana\0` and `Ana` would be two agents.
                Ok(s) if bytes.contains(&0) || s.contains('\u{feff}') => self.rec.push(&s.replace(['\0', '\u{feff}'], "")),
                Ok(s) => self.rec.push(s),
                Err(_) => {
                    let (s, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
                    self.rec.recoded.push(i);
                    self.rec.push(&s.replace('\0', ""));
                }
            }
            prev = end;
        }
    }
}

/// Reads every record of a UTF-8 text (tests and small inputs).
pub fn records_of(text: &[u8], delimiter: u8) -> Vec<Vec<String>> {
    let mut t = Tokenizer::new(delimiter, TextLimits::default());
    let mut out = Vec::new();
    let mut push = |r: &RawRecord| out.push(r.iter().map(str::to_string).collect::<Vec<_>>());
    t.feed(text, &mut push);
    t.finish(&mut push);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines_of(text: &[u8], chunk: usize) -> Vec<(u64, Vec<String>)> {
        let mut t = Tokenizer::new(b',', TextLimits::default());
        let mut out = Vec::new();
        let mut push = |r: &RawRecord| out.push((r.line, r.iter().map(str::to_string).collect::<Vec<_>>()));
        for c in text.chunks(chunk) {
            t.feed(c, &mut push);
        }
        t.finish(&mut push);
        out
    }

    #[test]
    fn lines_are_exact_across_chunks_blank_lines_and_quoted_newlines() {
        let text = b"a,b\r\n\r\n1,\"x\ny\"\n2,z";
        for chunk in [1, 2, 3, 5, 100] {
            let recs = lines_of(text, chunk);
            assert_eq!(
                recs,
                vec![
                    (1, vec!["a".to_string(), "b".into()]),
                    (3, vec!["1".into(), "x\ny".into()]),
                    (5, vec!["2".into(), "z".into()]),
                ],
                "chunk size {chunk}"
            );
        }
    }

    #[test]
    fn plain_lines_and_csv_core_agree() {
        // Quotes, lone and paired carriage returns, a byte-order mark inside, trailing
        // delimiters and empty fields, each cut at every chunk size.
        let text = b"id,a,b\n1,x,\n2,\"q,1\",y\r\n3,p\rq,r\n4,\xef\xbb\xbfz,w\n,,\n5,\"a\"\"b\",c\n6,last,row";
        let want = vec![
            (1, vec!["id", "a", "b"]),
            (2, vec!["1", "x", ""]),
            (3, vec!["2", "q,1", "y"]),
            (4, vec!["3", "p"]),
            (4, vec!["q", "r"]),
            (5, vec!["4", "z", "w"]),
            (6, vec!["", "", ""]),
            (7, vec!["5", "a\"b", "c"]),
            (8, vec!["6", "last", "row"]),
        ];
        let want: Vec<(u64, Vec<String>)> = want.into_iter().map(|(l, f)| (l, f.into_iter().map(String::from).collect())).collect();
        for chunk in [1, 2, 3, 7, 16, 1000] {
            assert_eq!(lines_of(text, chunk), want, "chunk size {chunk}");
        }
    }

    #[test]
    fn bom_is_skipped_and_invalid_utf8_is_recoded() {
        let mut text = b"\xef\xbb\xbfid,name\n1,Jos\xe9\n".to_vec();
        text.extend_from_slice(b"2,Ana\n");
        let recs = records_of(&text, b',');
        assert_eq!(recs[0], vec!["id", "name"]);
        assert_eq!(recs[1], vec!["1", "José"]);
    }

    #[test]
    fn encodings_are_detected() {
        assert_eq!(detect_encoding(b"id,name\n1,Jos\xc3\xa9"), TextEncoding::Utf8);
        assert_eq!(detect_encoding(b"id,name\n1,Jos\xe9\n"), TextEncoding::Windows1252);
        assert_eq!(detect_encoding(b"\xff\xfei\x00d\x00"), TextEncoding::Utf16Le);
        assert_eq!(detect_encoding(b"i\x00d\x00,\x00n\x00a\x00"), TextEncoding::Utf16Le);
        assert_eq!(detect_encoding(b"\x00i\x00d\x00,\x00n"), TextEncoding::Utf16Be);
        // A multi-byte character cut at the end of the sample is still UTF-8.
        assert_eq!(detect_encoding(b"a,b\nJos\xc3"), TextEncoding::Utf8);
    }

    #[test]
    fn utf16_decodes_across_chunks() {
        let (encoded, _, _) = UTF_16LE.encode("id;città\n1;Roma\n");
        let mut bytes = vec![0xFF, 0xFE];
        // encoding_rs encodes UTF-16 as UTF-8 (per the spec); build LE by hand.
        bytes.clear();
        bytes.extend_from_slice(&[0xFF, 0xFE]);
        for u in "id;città\n1;Roma\n".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let _ = encoded;
        let mut d = Decoder::new(TextEncoding::Utf16Le);
        let mut text = Vec::new();
        for c in bytes.chunks(3) {
            text.extend_from_slice(d.decode(c, false));
        }
        text.extend_from_slice(d.decode(&[], true));
        assert_eq!(String::from_utf8(text).expect("utf8"), "id;città\n1;Roma\n");
    }

    #[test]
    fn delimiters_are_sniffed() {
        assert_eq!(sniff_delimiter(b"a;b;c\n1;2,5;3\n4;5;6\n"), b';');
        assert_eq!(sniff_delimiter(b"a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_delimiter(b"a\tb\n1\t2\n"), b'\t');
        assert_eq!(sniff_delimiter(b"1596512941|1.1|q|NONE|ENTERQUEUE||7000|1\n1596512941|1.1|q|NONE|ABANDON|1|1|68\n"), b'|');
        // A title line above the header does not fool it.
        assert_eq!(sniff_delimiter(b"Report of tickets\nid;created;agent\n1;2026-01-01;Ana\n2;2026-01-02;Bo\n"), b';');
        // Nor do comment lines, even when they outnumber the records.
        assert_eq!(sniff_delimiter(b"# a, b\n# c, d\n# e\n1|x|q\n2|y|q\n"), b'|');
    }

    #[test]
    fn oversized_records_are_flagged_not_kept() {
        let limits = TextLimits { max_record_bytes: 64 * 1024, max_fields: 100 };
        let mut t = Tokenizer::new(b',', limits);
        let mut big = b"a,b\n".to_vec();
        big.extend(std::iter::repeat_n(b'x', 200_000));
        big.extend_from_slice(b"\n1,2\n");
        let mut out = Vec::new();
        let mut push = |r: &RawRecord| out.push((r.line, r.too_long, r.len()));
        t.feed(&big, &mut push);
        t.finish(&mut push);
        assert_eq!(out, vec![(1, false, 2), (2, true, 0), (3, false, 2)]);
    }
}
