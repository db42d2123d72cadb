//! Reading vacancy JSON exports: an array of objects whose keys are the vacancy fields; `title`
//! may also be given as `{"kk": …, "ru": …, "en": …}`.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::{FIELDS, Found, RawField, RawRecord, Source};

/// Reads the records of a JSON file; problems are added to `problems`.
pub(super) fn read(source: &Source<'_>, bytes: &[u8], problems: &mut Vec<Found>) -> Vec<RawRecord> {
    if let Err(e) = std::str::from_utf8(bytes) {
        problems.push(
            source
                .error(e.valid_up_to(), "the file is not valid UTF-8 text")
                .with_hint("export the file as UTF-8"),
        );
        return Vec::new();
    }
    // serde_json keeps the last of two equal keys silently; a feed that sends two employers
    // for one vacancy is broken, so it is refused where the second key stands.
    if let Err(e) = serde_json::from_str::<NoDuplicateKeys>(source.text)
        && e.is_data()
    {
        let message = e.to_string();
        let message = message.split(" at line ").next().unwrap_or(&message);
        let key_len = message.split('`').nth(1).map_or(0, |key| {
            serde_json::to_string(key).map_or(0, |k| k.chars().count())
        });
        // The parser stops on the key's closing quote; point at its opening one.
        let column = (e.column() + 1).saturating_sub(key_len).max(1);
        problems.push(
            source
                .error_at(e.line().max(1), column, message)
                .with_hint("keep one of the two values"),
        );
        return Vec::new();
    }
    let values: Vec<Value> = match serde_json::from_str(source.text) {
        Ok(values) => values,
        Err(e) => {
            let mut message = e.to_string();
            if let Some(i) = message.find(" at line ") {
                message.truncate(i);
            }
            problems.push(
                source
                    .error_at(e.line().max(1), e.column().max(1), message)
                    .with_hint("a vacancy export is a JSON array of objects: [{\"id\": …}, …]"),
            );
            return Vec::new();
        }
    };
    let starts = element_offsets(source.text);
    let mut records = Vec::new();
    for (i, value) in values.into_iter().enumerate() {
        let start = starts.get(i).copied().unwrap_or(0);
        let end = starts.get(i + 1).copied().unwrap_or(source.text.len());
        let Value::Object(object) = value else {
            problems.push(source.error(start, "each vacancy must be a JSON object"));
            continue;
        };
        let key_at = |key: &str| {
            let needle = format!("\"{key}\"");
            source.text[start..end]
                .find(&needle)
                .map_or(start, |i| start + i)
        };
        let mut raw = RawRecord {
            offset: start,
            ..RawRecord::default()
        };
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
        // A record with a bad field is still checked field by field, so one run lists every
        // problem; the build fails on the errors already reported.
        records.push(raw);
    }
    records
}

/// Byte offsets where the elements of the top-level JSON array start.
fn element_offsets(text: &str) -> Vec<usize> {
    let mut offsets = Vec::new();
    let (mut depth, mut in_string, mut escaped, mut expect_element) = (0usize, false, false, false);
    for (i, byte) in text.bytes().enumerate() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        if expect_element && !byte.is_ascii_whitespace() {
            offsets.push(i);
            expect_element = false;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth == 1 && byte == b'[' {
                    expect_element = true;
                }
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    expect_element = false;
                }
            }
            b',' if depth == 1 => expect_element = true,
            _ => {}
        }
    }
    offsets
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
    use super::element_offsets;

    #[test]
    fn element_offsets_skip_nested_values_and_strings() {
        let text = "[ {\"a\": [1, 2], \"b\": \"x,]\"},\n  {\"c\": 1} ]";
        let offsets = element_offsets(text);
        assert_eq!(offsets, [2, 31]);
        assert_eq!(&text[31..32], "{");
    }
}
