//! Reading vacancy CSV exports: a header row naming the fields, then one row per vacancy.
//! CRLF line endings and a byte-order mark are accepted; everything else that is off is
//! reported with its row and column.

use super::{FIELDS, RawField, RawRecord, Source};
use crate::diagnostic::Diagnostic;

/// Reads the records of a CSV file; problems are added to `problems`.
pub(super) fn read(
    source: &Source<'_>,
    bytes: &[u8],
    problems: &mut Vec<Diagnostic>,
) -> Vec<RawRecord> {
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
                let offset = e.position().map_or(0, |p| p.byte() as usize);
                problems.push(source.error(offset, format!("this row cannot be read: {e}")));
                continue;
            }
        };
        let start = record.position().map_or(0, |p| p.byte() as usize);
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
    use super::field_offsets;

    #[test]
    fn field_offsets_respect_quotes() {
        let text = "a,\"b,c\",d\ne,f";
        assert_eq!(field_offsets(text, 0), [0, 2, 8]);
        assert_eq!(field_offsets(text, 10), [10, 12]);
    }
}
