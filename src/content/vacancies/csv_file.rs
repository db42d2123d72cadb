//! Reading vacancy CSV exports: a header row naming the fields, then one row per vacancy.
//! CRLF line endings and a byte-order mark are accepted; everything else that is off is
//! reported with its row and column.

use super::{FIELDS, Found, RawField, RawRecord, Source};

/// Reads the records of a CSV file; problems are added to `problems`.
pub(super) fn read(source: &Source<'_>, bytes: &[u8], problems: &mut Vec<Found>) -> Vec<RawRecord> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .has_headers(true)
        .from_reader(bytes);
    let headers = match reader.byte_headers() {
        Ok(headers) => headers.clone(),
        Err(e) => {
            problems.push(source.error(0, format!("the header row cannot be read: {e}")));
            return Vec::new();
        }
    };
    if headers.is_empty() || headers.iter().all(|h| h.is_empty()) {
        problems.push(
            source
                .error(
                    0,
                    "the file is empty; a vacancy export starts with a header row",
                )
                .with_hint(header_hint()),
        );
        return Vec::new();
    }
    let header_offsets = field_offsets(source.text, 0);
    let mut names = Vec::new();
    let mut header_ok = true;
    for (i, raw) in headers.iter().enumerate() {
        let at = header_offsets.get(i).copied().unwrap_or(0);
        let name = String::from_utf8_lossy(raw).trim().to_owned();
        if !FIELDS.iter().any(|(known, _)| *known == name) {
            problems.push(
                source
                    .error(at, format!("unknown column `{}`", name.escape_debug()))
                    .with_hint(header_hint()),
            );
            header_ok = false;
        } else if names.contains(&name) {
            problems.push(source.error(at, format!("the column `{name}` appears twice")));
            header_ok = false;
        }
        names.push(name);
    }
    if !header_ok {
        return Vec::new();
    }

    let mut records = Vec::new();
    for result in reader.byte_records() {
        let record = match result {
            Ok(record) => record,
            Err(e) => {
                let offset = e
                    .position()
                    .map_or(0, |p| record_start(source.text, p.byte()));
                problems.push(source.error(offset, format!("this row cannot be read: {e}")));
                continue;
            }
        };
        let start = record
            .position()
            .map_or(0, |p| record_start(source.text, p.byte()));
        let offsets = field_offsets(source.text, start);
        if record.len() != names.len() {
            problems.push(
                source
                    .error(
                        start,
                        format!(
                            "this row has {} fields; the header has {}",
                            record.len(),
                            names.len()
                        ),
                    )
                    .with_hint("a comma inside a value needs the value in double quotes"),
            );
            continue;
        }
        let mut raw = RawRecord {
            offset: start,
            ..RawRecord::default()
        };
        for (i, (name, value)) in names.iter().zip(record.iter()).enumerate() {
            let offset = offsets.get(i).copied().unwrap_or(start);
            match std::str::from_utf8(value) {
                Ok(text) => {
                    raw.fields.insert(
                        name.clone(),
                        RawField {
                            value: text.to_owned(),
                            offset,
                        },
                    );
                }
                Err(_) => problems.push(
                    source
                        .error(offset, format!("column `{name}` is not valid UTF-8 text"))
                        .with_hint("export the file as UTF-8 (in Excel: CSV UTF-8)"),
                ),
            }
        }
        if raw.fields.len() == names.len() {
            records.push(raw);
        }
    }
    records
}

fn header_hint() -> String {
    let names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
    format!("the columns are: {}", names.join(", "))
}

/// The byte offset where the record the reader placed at `position` really starts. After a
/// CRLF line end the csv crate places the next record at the `\n` of the previous one's
/// `\r\n`; a record never starts with a line end, so skip them.
fn record_start(text: &str, position: u64) -> usize {
    let position = usize::try_from(position)
        .unwrap_or(usize::MAX)
        .min(text.len());
    let rest = &text.as_bytes()[position..];
    position
        + rest
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count()
}

/// Byte offsets of the fields of the CSV record starting at `start` (quotes respected).
fn field_offsets(text: &str, start: usize) -> Vec<usize> {
    let mut offsets = vec![start];
    let mut quoted = false;
    for (i, byte) in text.as_bytes().iter().enumerate().skip(start) {
        match byte {
            b'"' => quoted = !quoted,
            b',' if !quoted => offsets.push(i + 1),
            b'\n' if !quoted => break,
            _ => {}
        }
    }
    offsets
}

#[cfg(test)]
mod tests {
    use super::{field_offsets, record_start};

    #[test]
    fn field_offsets_respect_quotes() {
        let text = "a,\"b,c\",d\ne,f";
        assert_eq!(field_offsets(text, 0), [0, 2, 8]);
        assert_eq!(field_offsets(text, 10), [10, 12]);
    }

    #[test]
    fn a_record_after_a_crlf_starts_after_the_line_end() {
        let text = "a,b\r\nc,d\r\n";
        let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
        let record = reader.byte_records().next().and_then(Result::ok);
        let position = record.and_then(|r| r.position().map(csv::Position::byte));
        assert_eq!(position.map(|p| record_start(text, p)), Some(5));
        assert_eq!(record_start(text, 3), 5);
        assert_eq!(record_start(text, 99), text.len());
    }
}
