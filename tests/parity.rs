//! The lean reader held to tantivy: over the bundled portal and a generated site, every term,
//! posting, position, field norm and stored document decodes the same through both readers;
//! every leaf of every relevance query and of a few hundred generated queries (phrases,
//! exclusions, filters, typos) matches the same documents with the same scores, to the bit;
//! and the top 10 of both readers are equal.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use bagdar::index::reference::Reference;
use bagdar_search::manifest::{self, Kind, Manifest};
use bagdar_search::plan::{self, Filters, Plan};
use bagdar_search::postings::{self, Record};
use bagdar_search::rank::Leaves;
use bagdar_search::terms::{self, Table};
use bagdar_search::{Field, Request, Searcher, positions, query};
use tantivy::postings::Postings as _;
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, Index, Term};

fn file(search: &Path, name: u64) -> Vec<u8> {
    common::lean_file(search, &manifest::hex(name)).expect("file")
}

fn open_manifest(search: &Path) -> Manifest {
    let bytes = std::fs::read(search.join(manifest::MANIFEST)).expect("manifest");
    Manifest::decode(&bagdar::index::compress::decode(&bytes).expect("gzip")).expect("decode")
}

fn tantivy_index(search: &Path) -> Index {
    let listing: bagdar::index::directory::Listing =
        serde_json::from_slice(&std::fs::read(search.join("tantivy.json")).expect("listing"))
            .expect("json");
    let directory = bagdar::index::directory::BundleDirectory::new(
        listing,
        Box::new(bagdar::index::directory::FolderSource(
            search.join("chunks"),
        )),
    );
    Index::open(directory).expect("tantivy opens the bundle")
}

/// Every term of every word field, its postings and positions; every field norm; every stored
/// document.
fn formats_agree(search: &Path) {
    let manifest = open_manifest(search);
    let index = tantivy_index(search);
    let reader = index.reader().expect("reader");
    let searcher = reader.searcher();
    let segment = &searcher.segment_readers()[0];
    assert_eq!(segment.max_doc(), manifest.docs);
    let schema = index.schema();

    // The term table, decoded whole.
    // (field, term) → (entry, postings bytes, positions bytes).
    type Decoded = BTreeMap<(u32, String), (terms::Entry, Vec<u8>, Vec<u8>)>;
    let mut table: Decoded = BTreeMap::new();
    for (kind, shards) in [
        (Table::Fold, &manifest.fold_shards),
        (Table::Words, &manifest.word_shards),
    ] {
        for shard_ref in shards {
            let payload = file(search, shard_ref.name);
            let content = manifest::content(&payload, Kind::Terms, shard_ref.name).expect("shard");
            let shard = terms::decode(kind, content).expect("decode shard");
            for (key, entry) in &shard.entries {
                assert!(key >= &shard_ref.first_key, "a key below its shard");
                let bytes = |range: &std::ops::Range<u64>| {
                    let mut out = Vec::new();
                    for (i, from, to) in shard.pieces(range).expect("covered") {
                        let name = shard.chunks[i].name;
                        let payload = file(search, name);
                        out.extend_from_slice(
                            &manifest::content(&payload, Kind::Chunk, name).expect("chunk")
                                [from..to],
                        );
                    }
                    out
                };
                let (postings, positions) = (bytes(&entry.postings), bytes(&entry.positions));
                table.insert(
                    (entry.field, entry.term.clone()),
                    (entry.clone(), postings, positions),
                );
            }
        }
    }

    let mut terms_seen = 0;
    for field in Field::ALL {
        let tantivy_field = schema.get_field(field.name()).expect("field");
        let id = manifest.field(field.name()).expect("in the manifest").id;
        assert_eq!(id, tantivy_field.field_id());
        let inverted = segment.inverted_index(tantivy_field).expect("inverted");
        assert_eq!(
            manifest
                .field(field.name())
                .expect("in the manifest")
                .tokens,
            inverted.total_num_tokens()
        );
        let mut stream = inverted.terms().stream().expect("stream");
        while stream.advance() {
            let text = std::str::from_utf8(stream.key()).expect("utf-8").to_owned();
            let (entry, postings_bytes, positions_bytes) = table
                .get(&(id, text.clone()))
                .unwrap_or_else(|| panic!("{text:?} of {} is not in the term table", field.name()));
            assert_eq!(entry.doc_freq, stream.value().doc_freq, "{text}");
            let lean = postings::decode(
                postings_bytes,
                entry.doc_freq,
                Record::FreqsAndPositions,
                manifest.docs,
            )
            .unwrap_or_else(|e| panic!("{text}: {e}"));
            let total: usize = lean.freqs.iter().map(|f| *f as usize).sum();
            let gaps =
                positions::decode(positions_bytes, total).unwrap_or_else(|e| panic!("{text}: {e}"));
            let mut theirs = inverted
                .read_postings(
                    &Term::from_field_text(tantivy_field, &text),
                    IndexRecordOption::WithFreqsAndPositions,
                )
                .expect("read")
                .expect("the term");
            let mut at = 0usize;
            let mut start = 0usize;
            let mut doc = theirs.doc();
            while doc != tantivy::TERMINATED {
                assert_eq!(lean.docs.get(at), Some(&doc), "{text}: document {at}");
                assert_eq!(
                    lean.freqs[at],
                    theirs.term_freq(),
                    "{text}: frequency in {doc}"
                );
                let mut expected = Vec::new();
                theirs.positions(&mut expected);
                let mine =
                    positions::of_document(&gaps, start, lean.freqs[at], 0).expect("positions");
                assert_eq!(mine, expected, "{text}: positions in {doc}");
                start += lean.freqs[at] as usize;
                at += 1;
                doc = theirs.advance();
            }
            assert_eq!(at, lean.docs.len(), "{text}: as many documents");
            terms_seen += 1;
        }
        // Field norms.
        let norms = segment.get_fieldnorms_reader(tantivy_field).expect("norms");
        let array = manifest
            .field(field.name())
            .and_then(|f| f.norm_array)
            .expect("a word field has norms");
        for (i, &(first, name)) in manifest.norm_pages.iter().enumerate() {
            let end = manifest
                .norm_pages
                .get(i + 1)
                .map_or(manifest.docs, |(n, _)| *n);
            let payload = file(search, name);
            let content = manifest::content(&payload, Kind::Norms, name).expect("norm page");
            let len = (end - first) as usize;
            assert_eq!(content.len(), usize::from(manifest.norm_arrays) * len);
            for doc in first..end {
                let at = usize::from(array) * len + (doc - first) as usize;
                assert_eq!(
                    content[at],
                    norms.fieldnorm_id(doc),
                    "{} of {doc}",
                    field.name()
                );
            }
        }
    }
    assert_eq!(
        terms_seen,
        table.len(),
        "the term table holds tantivy's terms and no others"
    );

    // Stored documents, through the lean reader's store directory and blocks.
    let reference = Reference::open_folder(search).expect("reference");
    let mut lean = common::lean_open(search);
    for doc in 0..manifest.docs {
        let stored = loop {
            match lean.stored_document(doc).expect("stored") {
                Ok(stored) => break stored,
                Err(names) => {
                    for name in names {
                        let payload = common::lean_file(search, &name).expect("file");
                        lean.provide(&name, &payload).expect("provide");
                    }
                }
            }
        };
        assert_eq!(
            stored,
            reference.stored(doc).expect("stored"),
            "document {doc}"
        );
    }
}

/// Every leaf of the plan matches the same documents with the same scores in both readers,
/// the filters pass the same documents, and both give the same top 10.
fn leaves_agree(
    search: &Path,
    reference: &Reference,
    lean: &mut Searcher,
    plan: &Plan,
    request: &Request,
) -> usize {
    let lean_leaves = loop {
        match lean.evaluate(plan).expect("evaluate") {
            Ok(leaves) => break leaves,
            Err(names) => {
                for name in names {
                    let payload = common::lean_file(search, &name).expect("file");
                    lean.provide(&name, &payload).expect("provide");
                }
            }
        }
    };
    let mut theirs = reference.leaves();
    let leaves = plan
        .words
        .iter()
        .flatten()
        .chain(plan.proximity.iter())
        .chain(plan.phrases.iter().flatten());
    for (leaf, mine) in leaves.zip(&lean_leaves) {
        let expected = theirs.matches(leaf).expect("tantivy");
        let bits = |m: &[(u32, f32)]| -> Vec<(u32, u32)> {
            m.iter().map(|(d, s)| (*d, s.to_bits())).collect()
        };
        assert_eq!(
            bits(mine),
            bits(&expected),
            "{:?}: leaf {leaf:?}",
            request.query
        );
    }
    let (lean_response, _) = common::lean_search(search, request);
    let expected = reference.search(request).expect("search");
    let urls = |hits: &[bagdar_search::Hit]| -> Vec<String> {
        hits.iter().map(|h| h.url.clone()).collect()
    };
    assert_eq!(
        urls(&lean_response.hits),
        urls(&expected.hits),
        "{:?} {:?}",
        request.query,
        request.filters
    );
    expected.hits.len()
}

fn relevance_queries() -> Vec<(String, String)> {
    std::fs::read_to_string(common::repo().join("tests/relevance/queries.tsv"))
        .expect("suite")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let cols: Vec<&str> = l.split('\t').collect();
            // An edition's case (kk-Arab) searches as its base language.
            let lang = cols[0].split('-').next().unwrap_or(cols[0]);
            (lang.to_owned(), cols[1].to_owned())
        })
        .collect()
}

/// Queries made from the index's own words: pairs (proximity), quoted phrases, exclusions,
/// typos (a letter dropped, doubled, swapped), filters — deterministic, `count` of them.
fn generated_queries(search: &Path, count: usize) -> Vec<Request> {
    let reference = Reference::open_folder(search).expect("reference");
    let mut words: Vec<String> = Vec::new();
    for doc in (0..reference.max_doc()).step_by(7) {
        let stored = reference.stored(doc).expect("stored");
        for (_, word) in bagdar_analysis::words(&format!("{} {}", stored.title, stored.excerpt)) {
            if word.chars().count() >= 3 && !words.iter().any(|w| w == word) {
                words.push(word.to_owned());
            }
        }
    }
    assert!(words.len() > 50, "enough words to make queries of");
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    let typo = |word: &str, how: usize| -> String {
        let chars: Vec<char> = word.chars().collect();
        let at = 1 + how % (chars.len() - 1).max(1);
        let mut out = chars.clone();
        match how % 3 {
            0 if at < out.len() => {
                out.remove(at);
            }
            1 if at < out.len() => out.insert(at, chars[at]),
            _ if at + 1 < out.len() => out.swap(at, at + 1),
            _ => {}
        }
        out.into_iter().collect()
    };
    let langs = ["kk", "ru", "en"];
    let kinds = [None, Some("guide"), Some("region"), Some("vacancy")];
    let mut out = Vec::new();
    for i in 0..count {
        let a = words[next(words.len())].clone();
        let b = words[next(words.len())].clone();
        let query = match i % 6 {
            0 => a,
            1 => format!("{a} {b}"),
            2 => format!("\"{a} {b}\""),
            3 => format!("{a} -{b}"),
            4 => typo(&a, next(100)),
            _ => format!("{} {b}", typo(&a, next(100))),
        };
        out.push(Request {
            query,
            lang: Some(langs[next(3)].to_owned()),
            filters: Filters {
                kind: kinds[next(4)].filter(|_| i % 5 == 0).map(str::to_owned),
                region: (i % 11 == 0).then(|| "pavlodar".to_owned()),
                lang: (i % 13 == 0).then(|| "ru".to_owned()),
            },
            limit: 10,
        });
    }
    out
}

fn queries_agree(search: &Path, generated: usize) {
    let reference = Reference::open_folder(search).expect("reference");
    let mut lean = common::lean_open(search);
    let mut requests: Vec<Request> = relevance_queries()
        .into_iter()
        .map(|(lang, query)| Request {
            query,
            lang: Some(lang),
            limit: 10,
            ..Request::default()
        })
        .collect();
    requests.extend(generated_queries(search, generated));
    let mut answered = 0;
    for request in &requests {
        let parsed = query::parse(&request.query);
        let plan = plan::plan(&parsed, &request.filters, request.lang.as_deref());
        if leaves_agree(search, &reference, &mut lean, &plan, request) > 0 {
            answered += 1;
        }
    }
    println!("{answered} of {} queries have results", requests.len());
    // The comparison means something only if most queries find pages.
    assert!(
        answered * 3 >= requests.len() * 2,
        "{answered} of {} queries have results",
        requests.len()
    );
}

#[test]
fn the_bundled_portal_reads_the_same_through_both_readers() {
    let (_tmp, output) = common::build_portal();
    let search = output.join("search");
    formats_agree(&search);
    queries_agree(&search, 300);
}

#[test]
fn a_generated_site_reads_the_same_through_both_readers() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = tmp.path().join("site");
    for part in ["content", "themes"] {
        common::copy_tree(&common::repo().join(part), &root.join(part));
    }
    std::fs::copy(common::repo().join("bagdar.yaml"), root.join("bagdar.yaml")).expect("copy");
    let vacancies =
        common::bagdar_synth(&["--count", "2000", "--seed", "7", "--today", "2026-11-23"]);
    std::fs::write(root.join("content/vacancies/synthetic.csv"), vacancies).expect("write");
    let output = tmp.path().join("public");
    let out = common::bagdar(&[
        "build",
        "--root",
        root.to_str().expect("utf-8"),
        "--output",
        output.to_str().expect("utf-8"),
        "--today",
        "2026-11-23",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let search = output.join("search");
    formats_agree(&search);
    queries_agree(&search, 200);
}
