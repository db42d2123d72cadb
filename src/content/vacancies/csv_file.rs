//! Reading vacancy CSV exports: a header row naming the fields, then one row per vacancy.
//! CRLF line endings and a byte-order mark are accepted; everything else that is off is
//! reported with its row and column.

use std::io::BufRead;
use std::path::Path;

use csv_core::ReadRecordResult;

use super::{FIELDS, RawField, RawRecord, Sink, Source, cannot_read};

/// The longest row read: far more than the fields' own limits allow, and a quote that is never
/// closed stops here instead of taking the rest of the file into one row.
const MAX_ROW_BYTES: usize = 1024 * 1024;

/// Reads the records of a CSV file one row at a time, handing each to `sink`.
pub(super) fn read(file: &Path, reader: impl BufRead, sink: &mut Sink<'_>) {
    let mut rows = Rows {
        reader,
        core: csv_core::Reader::new(),
        line: 1,
        done: false,
    };
    let header = match rows.next() {
        Some(Err(broken)) => return broken.report(file, sink),
        Some(Ok(row)) if !row.fields().all(<[u8]>::is_empty) => row,
        // No row at all, or a header of empty names.
        empty => {
            let row = empty.and_then(Result::ok);
            let text = row.as_ref().map(|r| String::from_utf8_lossy(&r.raw));
            let source = Source::new(
                file,
                text.as_deref().unwrap_or_default(),
                row.as_ref().map_or(1, |r| r.line),
                1,
            );
            let found = source
                .error(
                    0,
                    "the file is empty; a vacancy export starts with a header row",
                )
                .with_hint(header_hint());
            return sink.record(&source, None, vec![found]);
        }
    };
    let text = String::from_utf8_lossy(&header.raw);
    let source = Source::new(file, &text, header.line, 1);
    let header_offsets = field_offsets(&text);
    let mut names = Vec::new();
    let mut found = Vec::new();
    for (i, raw) in header.fields().enumerate() {
        let at = header_offsets.get(i).copied().unwrap_or(0);
        let name = String::from_utf8_lossy(raw).trim().to_owned();
        if !FIELDS.iter().any(|(known, _)| *known == name) {
            found.push(
                source
                    .error(at, format!("unknown column `{}`", name.escape_debug()))
                    .with_hint(header_hint()),
            );
        } else if names.contains(&name) {
            found.push(source.error(at, format!("the column `{name}` appears twice")));
        }
        names.push(name);
    }
    if !found.is_empty() {
        return sink.record(&source, None, found);
    }

    for row in rows {
        let row = match row {
            Ok(row) => row,
            Err(broken) => return broken.report(file, sink),
        };
        let text = String::from_utf8_lossy(&row.raw);
        let source = Source::new(file, &text, row.line, 1);
        let offsets = field_offsets(&text);
        let mut found = Vec::new();
        if row.ends.len() != names.len() {
            found.push(
                source
                    .error(
                        0,
                        format!(
                            "this row has {} fields; the header has {}",
                            row.ends.len(),
                            names.len()
                        ),
                    )
                    .with_hint("a comma inside a value needs the value in double quotes"),
            );
            sink.record(&source, None, found);
            continue;
        }
        let mut raw = RawRecord::default();
        for (i, (name, value)) in names.iter().zip(row.fields()).enumerate() {
            let offset = offsets.get(i).copied().unwrap_or(0);
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
                Err(_) => found.push(
                    source
                        .error(offset, format!("column `{name}` is not valid UTF-8 text"))
                        .with_hint("export the file as UTF-8 (in Excel: CSV UTF-8)"),
                ),
            }
        }
        let complete = raw.fields.len() == names.len();
        sink.record(&source, complete.then_some(raw), found);
    }
}

/// One row of the file: its bytes as written, where it starts, and its fields' values.
struct Row {
    /// The row's text in the file, from its first byte to its line end.
    raw: Vec<u8>,
    /// The file's 1-based line where the row starts.
    line: usize,
    /// The fields' values, unquoted, one after another.
    values: Vec<u8>,
    /// Where each field's value ends in `values`.
    ends: Vec<usize>,
}

impl Row {
    fn fields(&self) -> impl Iterator<Item = &[u8]> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(self.ends.iter().copied())
            .map(|(start, end)| &self.values[start..end])
    }
}

/// A file that cannot be read on from some line.
struct Broken {
    line: usize,
    message: String,
    hint: &'static str,
}

impl Broken {
    fn report(self, file: &Path, sink: &mut Sink<'_>) {
        sink.problem_at(file, (self.line, 1), self.message, Some(self.hint));
    }
}

/// The rows of a CSV file, split as the csv crate's own reader splits them (quotes, `""`, CR,
/// LF and CRLF line ends, blank lines skipped), read from a buffered reader one row at a time.
struct Rows<R> {
    reader: R,
    core: csv_core::Reader,
    /// The line the next byte of the file is on.
    line: usize,
    done: bool,
}

impl<R: BufRead> Iterator for Rows<R> {
    type Item = Result<Row, Broken>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let mut raw = Vec::new();
        let mut values = vec![0; 1024];
        let mut ends = vec![0; 32];
        let (mut n_values, mut n_ends) = (0, 0);
        loop {
            let input = match self.reader.fill_buf() {
                Ok(input) => input,
                Err(e) => {
                    self.done = true;
                    return Some(Err(Broken {
                        line: self.line,
                        message: cannot_read(&e),
                        hint: "check the disk, and that the file is not written while it is read",
                    }));
                }
            };
            let (result, read, written, ended) =
                self.core
                    .read_record(input, &mut values[n_values..], &mut ends[n_ends..]);
            raw.extend_from_slice(&input[..read]);
            self.reader.consume(read);
            n_values += written;
            n_ends += ended;
            if raw.len() > MAX_ROW_BYTES {
                self.done = true;
                return Some(Err(Broken {
                    line: self.line + leading_line_ends(&raw).0,
                    message: format!(
                        "this row is longer than {} MiB; the file is not read past it",
                        MAX_ROW_BYTES / (1024 * 1024)
                    ),
                    hint: "a value that opens a double quote must close it",
                }));
            }
            match result {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => values.resize(values.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::End => {
                    self.done = true;
                    return None;
                }
                ReadRecordResult::Record => {
                    // The line ends before a row belong to the rows before it: skip them.
                    let (lines, skipped) = leading_line_ends(&raw);
                    raw.drain(..skipped);
                    self.line += lines;
                    let line = self.line;
                    self.line += raw.iter().filter(|&&b| b == b'\n').count();
                    values.truncate(n_values);
                    ends.truncate(n_ends);
                    return Some(Ok(Row {
                        raw,
                        line,
                        values,
                        ends,
                    }));
                }
            }
        }
    }
}

/// How many lines the line ends at the start of `raw` end, and how many bytes they take.
fn leading_line_ends(raw: &[u8]) -> (usize, usize) {
    let skipped = raw
        .iter()
        .take_while(|b| matches!(b, b'\r' | b'\n'))
        .count();
    let lines = raw[..skipped].iter().filter(|&&b| b == b'\n').count();
    (lines, skipped)
}

fn header_hint() -> String {
    let names: Vec<&str> = FIELDS.iter().map(|(n, _)| *n).collect();
    format!("the columns are: {}", names.join(", "))
}

/// Byte offsets of the fields of the CSV row `text` (quotes respected).
fn field_offsets(text: &str) -> Vec<usize> {
    let mut offsets = vec![0];
    let mut quoted = false;
    for (i, byte) in text.bytes().enumerate() {
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
    use super::{Rows, field_offsets};

    #[test]
    fn field_offsets_respect_quotes() {
        assert_eq!(field_offsets("a,\"b,c\",d\ne,f"), [0, 2, 8]);
    }

    fn rows(text: &str) -> Vec<(usize, String, Vec<String>)> {
        let rows = Rows {
            reader: text.as_bytes(),
            core: csv_core::Reader::new(),
            line: 1,
            done: false,
        };
        rows.map(|row| {
            let row = row.unwrap_or_else(|b| panic!("{}", b.message));
            let fields = row
                .fields()
                .map(|f| String::from_utf8_lossy(f).into_owned())
                .collect();
            (
                row.line,
                String::from_utf8_lossy(&row.raw).into_owned(),
                fields,
            )
        })
        .collect()
    }

    #[test]
    fn rows_keep_their_lines_across_crlf_blank_lines_and_quoted_line_ends() {
        let found = rows("a,b\r\n\r\nc,\"d\ne\"\nf,g");
        assert_eq!(
            found,
            [
                (1, "a,b\r".to_owned(), vec!["a".to_owned(), "b".to_owned()]),
                (
                    3,
                    "c,\"d\ne\"\n".to_owned(),
                    vec!["c".to_owned(), "d\ne".to_owned()]
                ),
                (5, "f,g".to_owned(), vec!["f".to_owned(), "g".to_owned()]),
            ]
        );
    }
}
