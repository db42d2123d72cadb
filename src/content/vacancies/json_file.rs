//! Reading vacancy JSON exports: an array of objects whose keys are the vacancy fields; `title`
//! may also be given as `{"kk": …, "ru": …, "en": …}`.

use std::io::{BufRead, Read};
use std::path::Path;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{FIELDS, Found, RawField, RawRecord, Sink, Source, cannot_read};

/// The longest vacancy read: far more than the fields' own limits allow, and a string or an
/// object that is never closed stops here instead of taking the rest of the file.
const MAX_ELEMENT_BYTES: usize = 1024 * 1024;

/// How deeply values may nest, the array itself counted, as serde_json allows.
const MAX_DEPTH: usize = 128;

/// How much of a file whose top level is not an array is read to say what it is instead.
const NOT_AN_ARRAY_BYTES: u64 = 1024 * 1024;

const ARRAY_HINT: &str = "a vacancy export is a JSON array of objects: [{\"id\": …}, …]";

/// Reads the records of a JSON file one element of its array at a time, handing each to
/// `sink`. The first problem in the JSON itself stops the reading there.
pub(super) fn read(file: &Path, reader: impl BufRead, sink: &mut Sink<'_>) {
    let mut scan = Scanner {
        reader,
        line: 1,
        column: 1,
    };
    match scan.first_byte_past_whitespace() {
        Ok(Some(b'[')) => scan.bump(b'['),
        Ok(Some(_)) => return not_an_array(file, scan, sink),
        Ok(None) => return stop(file, &scan, "EOF while parsing a value", ARRAY_HINT, sink),
        Err(e) => return stop(file, &scan, &cannot_read(&e), "", sink),
    }
    let mut after_comma = false;
    let mut first = true;
    loop {
        let byte = match scan.first_byte_past_whitespace() {
            Ok(Some(byte)) => byte,
            Ok(None) => return stop(file, &scan, "EOF while parsing a list", ARRAY_HINT, sink),
            Err(e) => return stop(file, &scan, &cannot_read(&e), "", sink),
        };
        match byte {
            b']' if after_comma => return stop(file, &scan, "trailing comma", ARRAY_HINT, sink),
            b']' => {
                scan.bump(b']');
                break;
            }
            b',' if !first && !after_comma => {
                scan.bump(b',');
                after_comma = true;
                continue;
            }
            _ if !first && !after_comma => {
                return stop(file, &scan, "expected `,` or `]`", ARRAY_HINT, sink);
            }
            _ => {}
        }
        let (line, column) = (scan.line, scan.column);
        let element = match scan.element() {
            Ok(element) => element,
            Err(ScanError::Read(e)) => return stop(file, &scan, &cannot_read(&e), "", sink),
            Err(ScanError::Stop(message, hint)) => return stop(file, &scan, message, hint, sink),
        };
        if !element_record(file, &element, line, column, sink) {
            return;
        }
        first = false;
        after_comma = false;
    }
    match scan.first_byte_past_whitespace() {
        Ok(None) => {}
        Ok(Some(_)) => stop(file, &scan, "trailing characters", ARRAY_HINT, sink),
        Err(e) => stop(file, &scan, &cannot_read(&e), "", sink),
    }
}

/// Reports a problem where the scanner stands; the file is not read further.
fn stop(file: &Path, scan: &Scanner<impl BufRead>, message: &str, hint: &str, sink: &mut Sink<'_>) {
    let hint = (!hint.is_empty()).then_some(hint);
    sink.problem_at(file, (scan.line, scan.column), message, hint);
}

/// Reports what the top-level value is instead of an array, as serde_json says it, from the
/// first part of it.
fn not_an_array(file: &Path, scan: Scanner<impl BufRead>, sink: &mut Sink<'_>) {
    let (line, column) = (scan.line, scan.column);
    let mut bytes = Vec::new();
    if let Err(e) = scan.reader.take(NOT_AN_ARRAY_BYTES).read_to_end(&mut bytes) {
        return sink.problem_at(file, (line, column), cannot_read(&e), None);
    }
    let text = String::from_utf8_lossy(&bytes);
    let source = Source::new(file, &text, line, column);
    let found = match serde_json::from_str::<Vec<IgnoredAny>>(&text) {
        Err(e) => source.error_in_record(e.line(), e.column(), without_position(&e)),
        Ok(_) => source.error(0, "the top level is not an array"),
    };
    sink.record(&source, None, vec![found.with_hint(ARRAY_HINT)]);
}

/// serde_json's message without the " at line … column …" it adds.
fn without_position(e: &serde_json::Error) -> String {
    let mut message = e.to_string();
    if let Some(i) = message.find(" at line ") {
        message.truncate(i);
    }
    message
}

/// Checks one element of the array and hands it to `sink`. False when the JSON is broken in
/// it, and the file is not read further.
fn element_record(
    file: &Path,
    bytes: &[u8],
    line: usize,
    column: usize,
    sink: &mut Sink<'_>,
) -> bool {
    let text = String::from_utf8_lossy(bytes);
    let source = Source::new(file, &text, line, column);
    if let Err(e) = std::str::from_utf8(bytes) {
        let found = source
            .error(e.valid_up_to(), "the file is not valid UTF-8 text")
            .with_hint("export the file as UTF-8");
        sink.record(&source, None, vec![found]);
        return false;
    }
    // serde_json keeps the last of two equal keys silently; a feed that sends two employers
    // for one vacancy is broken, so it is refused where the second key stands.
    if let Err(e) = serde_json::from_str::<NoDuplicateKeys>(&text) {
        let message = without_position(&e);
        let found = if e.is_data() {
            let key_len = message.split('`').nth(1).map_or(0, |key| {
                serde_json::to_string(key).map_or(0, |k| k.chars().count())
            });
            // The parser stops on the key's closing quote; point at its opening one.
            let column = (e.column() + 1).saturating_sub(key_len).max(1);
            source
                .error_in_record(e.line(), column, message)
                .with_hint("keep one of the two values")
        } else {
            source
                .error_in_record(e.line(), e.column(), message)
                .with_hint(ARRAY_HINT)
        };
        sink.record(&source, None, vec![found]);
        return false;
    }
    let mut found = Vec::new();
    let record = match serde_json::from_str::<Value>(&text) {
        Ok(Value::Object(object)) => Some(record(&source, object, &mut found)),
        Ok(_) => {
            found.push(source.error(0, "each vacancy must be a JSON object"));
            None
        }
        Err(e) => {
            found.push(source.error_in_record(e.line(), e.column(), without_position(&e)));
            None
        }
    };
    sink.record(&source, record, found);
    true
}

/// The raw record of one vacancy object. A record with a bad field is still checked field by
/// field, so one run lists every problem; the build fails on the errors already reported.
fn record(
    source: &Source<'_>,
    object: serde_json::Map<String, Value>,
    problems: &mut Vec<Found>,
) -> RawRecord {
    let key_at = |key: &str| {
        let needle = format!("\"{key}\"");
        source.text.find(&needle).unwrap_or(0)
    };
    let mut raw = RawRecord::default();
    for (key, value) in object {
        let offset = key_at(&key);
        if key == "title" && !value.is_object() {
            problems.push(
                source
                    .error(offset, "`title` must be an object of languages")
                    .with_hint("write \"title\": {\"kk\": …, \"ru\": …, \"en\": …}"),
            );
            continue;
        }
        if key == "title"
            && let Value::Object(titles) = &value
        {
            for (lang, title) in titles {
                match (format!("title_{lang}"), title) {
                    (name, Value::String(text)) if FIELDS.iter().any(|(f, _)| *f == name) => {
                        raw.fields.insert(
                            name,
                            RawField {
                                value: text.clone(),
                                offset,
                            },
                        );
                    }
                    _ => {
                        problems.push(source.error(
                            offset,
                            format!("`title.{lang}` must be a string in kk, ru or en"),
                        ));
                    }
                }
            }
            continue;
        }
        if !FIELDS.iter().any(|(f, _)| *f == key) {
            let names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
            problems.push(
                source
                    .error(offset, format!("unknown field `{}`", key.escape_debug()))
                    .with_hint(format!("the fields are: title, {}", names.join(", "))),
            );
            continue;
        }
        let text = match value {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Null => String::new(),
            Value::Array(_) | Value::Object(_) => {
                problems.push(source.error(
                    offset,
                    format!("`{key}` must be a string, number or boolean"),
                ));
                continue;
            }
        };
        raw.fields.insert(
            key,
            RawField {
                value: text,
                offset,
            },
        );
    }
    raw
}

/// Why an element could not be taken from the file.
enum ScanError {
    Read(std::io::Error),
    /// A problem in the JSON where the scanner stands, and a hint.
    Stop(&'static str, &'static str),
}

/// Walks a JSON file byte by byte, keeping the line and character column it is at.
struct Scanner<R> {
    reader: R,
    line: usize,
    column: usize,
}

impl<R: BufRead> Scanner<R> {
    /// The next byte, not consumed; none at the end of the file.
    fn peek(&mut self) -> std::io::Result<Option<u8>> {
        Ok(self.reader.fill_buf()?.first().copied())
    }

    /// Consumes `byte`, the one [`Scanner::peek`] gave.
    fn bump(&mut self, byte: u8) {
        self.reader.consume(1);
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if byte & 0xC0 != 0x80 {
            // Continuation bytes of UTF-8 belong to the character before them.
            self.column += 1;
        }
    }

    /// Skips whitespace and gives the byte after it, not consumed.
    fn first_byte_past_whitespace(&mut self) -> std::io::Result<Option<u8>> {
        while let Some(byte) = self.peek()? {
            if !matches!(byte, b' ' | b'\t' | b'\n' | b'\r') {
                return Ok(Some(byte));
            }
            self.bump(byte);
        }
        Ok(None)
    }

    /// The bytes of the element that starts here: an object or array up to its closing
    /// bracket, a string up to its closing quote, anything else up to the next `,`, `]` or
    /// whitespace. Whether it is valid JSON is left to the parser.
    fn element(&mut self) -> Result<Vec<u8>, ScanError> {
        let mut bytes = Vec::new();
        let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
        while let Some(byte) = self.peek().map_err(ScanError::Read)? {
            // Whether this byte closes the element: the last quote of a string, or the last
            // bracket of an object or array.
            let mut closes = false;
            if in_string {
                match byte {
                    _ if escaped => escaped = false,
                    b'\\' => escaped = true,
                    b'"' => {
                        in_string = false;
                        closes = depth == 0;
                    }
                    _ => {}
                }
            } else {
                match byte {
                    b'"' => in_string = true,
                    b'[' | b'{' => {
                        depth += 1;
                        // The array the element is in is one level.
                        if depth + 1 >= MAX_DEPTH {
                            return Err(ScanError::Stop("recursion limit exceeded", ""));
                        }
                    }
                    b']' | b'}' if depth == 0 => break,
                    b']' | b'}' => {
                        depth -= 1;
                        closes = depth == 0;
                    }
                    b',' | b' ' | b'\t' | b'\n' | b'\r' if depth == 0 => break,
                    _ => {}
                }
            }
            bytes.push(byte);
            self.bump(byte);
            if bytes.len() > MAX_ELEMENT_BYTES {
                return Err(ScanError::Stop(
                    "this vacancy is longer than 1 MiB; the file is not read past it",
                    "a string or an object that is opened must be closed",
                ));
            }
            if closes {
                break;
            }
        }
        Ok(bytes)
    }
}

/// Any JSON value, refused when an object in it has the same key twice.
struct NoDuplicateKeys;

impl<'de> Deserialize<'de> for NoDuplicateKeys {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(NoDuplicateKeys)
    }
}

impl<'de> Visitor<'de> for NoDuplicateKeys {
    type Value = NoDuplicateKeys;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut seen = std::collections::HashSet::new();
        while let Some(key) = map.next_key::<String>()? {
            if !seen.insert(key.clone()) {
                return Err(de::Error::custom(format!(
                    "the key `{}` appears twice",
                    key.escape_debug()
                )));
            }
            map.next_value::<NoDuplicateKeys>()?;
        }
        Ok(NoDuplicateKeys)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<NoDuplicateKeys>()?.is_some() {}
        Ok(NoDuplicateKeys)
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(NoDuplicateKeys)
    }
}

#[cfg(test)]
mod tests {
    use super::Scanner;

    #[test]
    fn elements_end_where_their_value_does() {
        let text = "{\"a\": [1, 2], \"b\": \"x,]\"},\n  12 , \"s\"]";
        let mut scan = Scanner {
            reader: text.as_bytes(),
            line: 1,
            column: 1,
        };
        let first = scan.element().ok().map(String::from_utf8);
        assert_eq!(
            first,
            Some(Ok("{\"a\": [1, 2], \"b\": \"x,]\"}".to_owned()))
        );
        scan.bump(b',');
        assert_eq!(scan.first_byte_past_whitespace().ok(), Some(Some(b'1')));
        assert_eq!((scan.line, scan.column), (2, 3));
        let second = scan.element().ok().map(String::from_utf8);
        assert_eq!(second, Some(Ok("12".to_owned())));
    }
}
