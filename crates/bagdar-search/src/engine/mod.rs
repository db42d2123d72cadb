//! The lean reader: searches the index tantivy wrote without tantivy, from the files a web
//! server sends, asking for the files it needs round by round.
//!
//! A search runs as far as the files it has allow and then names the files it is missing
//! ([`Outcome::Need`]); the caller fetches them all at once, hands them over with
//! [`Searcher::provide`] and asks again. Everything decoded is kept, so asking again costs
//! little, and a later query reuses what earlier ones fetched. A query usually costs three
//! rounds on a cold cache: the term shards of its words, then their postings (and positions,
//! for phrases), then the stored blocks of its hits.

mod leaves;

use std::collections::{BTreeSet, HashMap};
use std::ops::Range;
use std::rc::Rc;

use crate::SearchError;
use crate::bm25::Bm25;
use crate::bytes::Damaged;
use crate::fuzzy;
use crate::hit::{self, Hit, Stored};
use crate::manifest::{self, Kind, Manifest};
use crate::plan::{self, Field, Filters, LeafKind, Plan};
use crate::positions;
use crate::postings::{self, Postings, Record};
use crate::query;
use crate::rank::{self, Leaves};
use crate::store;
use crate::terms::{self, Entry, Shard, Table};
use leaves::{LeanLeaves, Lookups};

/// What to search for and how many results to return.
#[derive(Clone, Debug, Default)]
pub struct Request {
    /// What the visitor typed.
    pub query: String,
    /// The reader's language: its results come first.
    pub lang: Option<String>,
    /// Filters.
    pub filters: Filters,
    /// At most this many hits.
    pub limit: usize,
}

/// The results of a search.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Response {
    /// The hits, best first.
    pub hits: Vec<Hit>,
    /// Whether the query was cut (see [`query::MAX_WORDS`]).
    pub truncated: bool,
}

/// What a search gives: the results, or the files to fetch before asking again.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The results.
    Done(Response),
    /// Files to fetch, by name.
    Need(Vec<String>),
}

/// A term found in a shard, with the shard that says where its bytes lie.
#[derive(Clone, Debug)]
struct Found {
    shard: Rc<Shard>,
    entry: Entry,
}

/// An opened index.
#[derive(Debug)]
pub struct Searcher {
    manifest: Manifest,
    word_fields: HashMap<Field, u32>,
    stored_fields: HashMap<u32, &'static str>,
    /// What each requested file is.
    asked: HashMap<u64, Kind>,
    /// The content of every file provided.
    files: HashMap<u64, Rc<[u8]>>,
    shards: HashMap<u64, Rc<Shard>>,
    postings: HashMap<(u32, String), Rc<Postings>>,
    gaps: HashMap<(u32, String), Rc<Vec<u32>>>,
    store_pieces: HashMap<u64, Rc<Vec<(u32, u64)>>>,
    blocks: HashMap<u64, Rc<Vec<u8>>>,
    fetched: (u64, u64),
    first_search: bool,
}

fn damaged(error: Damaged) -> SearchError {
    SearchError(error.to_string())
}

impl Searcher {
    /// Opens the index described by the manifest's payload.
    pub fn open(payload: &[u8]) -> Result<Searcher, SearchError> {
        let manifest = Manifest::decode(payload).map_err(damaged)?;
        let mut word_fields = HashMap::new();
        for field in Field::ALL {
            let info = manifest
                .field(field.name())
                .ok_or_else(|| SearchError(format!("the index has no field {}", field.name())))?;
            word_fields.insert(field, info.id);
        }
        let stored_fields = hit::STORED_FIELDS
            .iter()
            .filter_map(|name| manifest.field(name).map(|f| (f.id, *name)))
            .collect();
        Ok(Searcher {
            manifest,
            word_fields,
            stored_fields,
            asked: HashMap::new(),
            files: HashMap::new(),
            shards: HashMap::new(),
            postings: HashMap::new(),
            gaps: HashMap::new(),
            store_pieces: HashMap::new(),
            blocks: HashMap::new(),
            fetched: (0, 0),
            first_search: true,
        })
    }

    /// The build's id, in hex.
    pub fn build(&self) -> String {
        manifest::hex(self.manifest.build)
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// (files, bytes) provided so far.
    pub fn fetched(&self) -> (u64, u64) {
        self.fetched
    }

    /// The files worth fetching as soon as the index is opened from a page in `lang`: small
    /// ones its searches read (the store directory and field norms of its documents).
    pub fn eager(&mut self, lang: Option<&str>) -> Vec<String> {
        let lang = lang
            .and_then(|l| self.manifest.langs.iter().position(|m| m == l))
            .map_or(u16::MAX, |i| i as u16 + 1);
        let eager: Vec<u64> = self
            .manifest
            .eager
            .iter()
            .filter(|(l, _)| *l == 0 || *l == lang)
            .map(|(_, name)| *name)
            .collect();
        let mut need = Need::default();
        for name in eager {
            let kind = if self.manifest.store.iter().any(|(_, n)| *n == name) {
                Kind::Store
            } else {
                Kind::Norms
            };
            self.ask(&mut need, name, kind);
        }
        need.names()
    }

    /// Hands over a file's payload (gzip already undone). A payload that does not match its
    /// name, or that was not asked for, is an error.
    pub fn provide(&mut self, name: &str, payload: &[u8]) -> Result<(), SearchError> {
        let id = manifest::parse_hex(name)
            .ok_or_else(|| SearchError(format!("{name} is not a file name")))?;
        let kind = *self
            .asked
            .get(&id)
            .ok_or_else(|| SearchError(format!("file {name} was not asked for")))?;
        let content = manifest::content(payload, kind, id).map_err(damaged)?;
        self.fetched.0 += 1;
        self.fetched.1 += payload.len() as u64;
        self.files.insert(id, Rc::from(content));
        Ok(())
    }

    /// Searches, or names the files still needed.
    pub fn search(&mut self, request: &Request) -> Result<Outcome, SearchError> {
        let parsed = query::parse(&request.query);
        if parsed.is_empty() || request.limit == 0 {
            return Ok(Outcome::Done(Response {
                hits: Vec::new(),
                truncated: parsed.truncated,
            }));
        }
        let plan = plan::plan(&parsed, &request.filters, request.lang.as_deref());
        let mut need = Need::default();
        if self.first_search {
            for name in self.eager(request.lang.as_deref()) {
                need.names.insert(name);
            }
            self.first_search = false;
        }
        let found = self.lookup(&plan, &mut need)?;
        if !need.is_empty() {
            return Ok(Outcome::Need(need.names()));
        }
        self.data(&plan, &found, &mut need)?;
        if !need.is_empty() {
            return Ok(Outcome::Need(need.names()));
        }
        let ranked = {
            let mut leaves = LeanLeaves {
                searcher: self,
                found: &found,
            };
            rank::rank(&plan, &mut leaves)?
        };
        let (hits, _pending) = hit::select(&ranked, request.limit, &parsed, |doc| {
            self.stored(doc, &mut need)
        })?;
        if !need.is_empty() {
            return Ok(Outcome::Need(need.names()));
        }
        Ok(Outcome::Done(Response {
            hits,
            truncated: parsed.truncated,
        }))
    }

    /// Evaluates every leaf of `plan` — the words' leaves, then the proximity bonuses, then the
    /// phrases', in plan order — giving the documents each matches with their scores, or the
    /// files still needed. The parity tests compare it with tantivy leaf by leaf.
    pub fn evaluate(
        &mut self,
        plan: &Plan,
    ) -> Result<Result<LeafMatches, Vec<String>>, SearchError> {
        let mut need = Need::default();
        let found = self.lookup(plan, &mut need)?;
        if need.is_empty() {
            self.data(plan, &found, &mut need)?;
        }
        if !need.is_empty() {
            return Ok(Err(need.names()));
        }
        let mut leaves = LeanLeaves {
            searcher: self,
            found: &found,
        };
        let mut out = Vec::new();
        for leaf in plan
            .words
            .iter()
            .flatten()
            .chain(plan.proximity.iter())
            .chain(plan.phrases.iter().flatten())
        {
            out.push(leaves.matches(leaf)?);
        }
        Ok(Ok(out))
    }

    /// A document's stored fields, or the files still needed to read them (for the parity
    /// tests).
    pub fn stored_document(
        &mut self,
        doc: u32,
    ) -> Result<Result<Stored, Vec<String>>, SearchError> {
        let mut need = Need::default();
        match self.stored(doc, &mut need)? {
            Some(stored) => Ok(Ok(stored)),
            None => Ok(Err(need.names())),
        }
    }

    fn ask(&mut self, need: &mut Need, name: u64, kind: Kind) {
        self.asked.insert(name, kind);
        if !self.files.contains_key(&name) {
            need.names.insert(manifest::hex(name));
        }
    }

    fn field_id(&self, field: Field) -> u32 {
        self.word_fields.get(&field).copied().unwrap_or(u32::MAX)
    }

    /// The shard holding `key` in a table.
    fn shard_for(
        &mut self,
        table: Table,
        key: &[u8],
        need: &mut Need,
    ) -> Result<Option<Rc<Shard>>, SearchError> {
        let shards = match table {
            Table::Fold => &self.manifest.fold_shards,
            Table::Words => &self.manifest.word_shards,
        };
        let Some(at) = shards
            .partition_point(|s| s.first_key.as_slice() <= key)
            .checked_sub(1)
        else {
            return Ok(None);
        };
        let name = shards[at].name;
        self.shard(table, name, need)
    }

    fn shard(
        &mut self,
        table: Table,
        name: u64,
        need: &mut Need,
    ) -> Result<Option<Rc<Shard>>, SearchError> {
        if let Some(shard) = self.shards.get(&name) {
            return Ok(Some(shard.clone()));
        }
        self.ask(need, name, Kind::Terms);
        let Some(content) = self.files.get(&name) else {
            return Ok(None);
        };
        let shard = Rc::new(terms::decode(table, content).map_err(damaged)?);
        self.shards.insert(name, shard.clone());
        Ok(Some(shard))
    }

    /// The shards whose key ranges overlap `start..end`.
    fn shards_overlapping(
        &mut self,
        table: Table,
        start: &[u8],
        end: &[u8],
        need: &mut Need,
    ) -> Result<Vec<Rc<Shard>>, SearchError> {
        let shards = match table {
            Table::Fold => &self.manifest.fold_shards,
            Table::Words => &self.manifest.word_shards,
        };
        let first = shards
            .partition_point(|s| s.first_key.as_slice() <= start)
            .saturating_sub(1);
        let last = shards.partition_point(|s| s.first_key.as_slice() < end);
        let names: Vec<u64> = shards[first..last.max(first)]
            .iter()
            .map(|s| s.name)
            .collect();
        let mut out = Vec::new();
        for name in names {
            if let Some(shard) = self.shard(table, name, need)? {
                out.push(shard);
            }
        }
        Ok(out)
    }

    fn term(
        &mut self,
        field: Field,
        text: &str,
        need: &mut Need,
    ) -> Result<Option<Found>, SearchError> {
        let table = field.table();
        let key = terms::key(table, text);
        let id = self.field_id(field);
        Ok(self.shard_for(table, &key, need)?.and_then(|shard| {
            let entry = shard.get(table, id, text)?.clone();
            Some(Found { shard, entry })
        }))
    }

    fn fuzzy(
        &mut self,
        field: Field,
        text: &str,
        distance: u8,
        need: &mut Need,
    ) -> Result<Vec<Found>, SearchError> {
        let query: Vec<char> = text.chars().collect();
        let Some(&first) = query.first() else {
            return Ok(Vec::new());
        };
        let id = self.field_id(field);
        let group = terms::fold_group(first);
        let low = query.len().saturating_sub(usize::from(distance)).max(1);
        let high = (query.len() + usize::from(distance)).min(254);
        // Terms that begin with this letter's group, of every length within the distance, lie
        // together in the fold table.
        let mut start = group.clone();
        start.push(low as u8);
        let mut end = group;
        end.push(high as u8 + 1);
        let mut out = Vec::new();
        for shard in self.shards_overlapping(Table::Fold, &start, &end, need)? {
            for (_, entry) in shard.in_range(start.as_slice()..end.as_slice()) {
                if entry.field == id && fuzzy::matches(&query, &entry.term, distance) {
                    out.push(Found {
                        shard: shard.clone(),
                        entry: entry.clone(),
                    });
                }
            }
        }
        out.sort_by(|a, b| a.entry.term.cmp(&b.entry.term));
        out.dedup_by(|a, b| a.entry.term == b.entry.term);
        Ok(out)
    }

    /// Finds every term the plan reads (asking for shards as needed).
    fn lookup(&mut self, plan: &Plan, need: &mut Need) -> Result<Lookups, SearchError> {
        let mut found = Lookups::default();
        let leaves = plan
            .words
            .iter()
            .flatten()
            .chain(plan.proximity.iter())
            .chain(plan.phrases.iter().flatten());
        for leaf in leaves {
            match &leaf.kind {
                LeafKind::Term(text) => {
                    let key = (leaf.field, text.clone());
                    if let std::collections::hash_map::Entry::Vacant(slot) = found.terms.entry(key)
                    {
                        slot.insert(self.term(leaf.field, text, need)?);
                    }
                }
                LeafKind::Phrase { terms, .. } => {
                    for (_, text) in terms {
                        let key = (leaf.field, text.clone());
                        if let std::collections::hash_map::Entry::Vacant(slot) =
                            found.terms.entry(key)
                        {
                            slot.insert(self.term(leaf.field, text, need)?);
                        }
                        found.positions.insert((leaf.field, text.clone()));
                    }
                }
                LeafKind::Fuzzy { text, distance } => {
                    let key = (leaf.field, text.clone(), *distance);
                    if let std::collections::hash_map::Entry::Vacant(slot) = found.fuzzy.entry(key)
                    {
                        slot.insert(self.fuzzy(leaf.field, text, *distance, need)?);
                    }
                }
            }
        }
        for (field, text) in &plan.excluded {
            let key = (*field, text.clone());
            if let std::collections::hash_map::Entry::Vacant(slot) = found.terms.entry(key) {
                slot.insert(self.term(*field, text, need)?);
            }
        }
        Ok(found)
    }

    /// Asks for the postings, positions and field norms the plan's terms need.
    fn data(&mut self, plan: &Plan, found: &Lookups, need: &mut Need) -> Result<(), SearchError> {
        let mut ranges: Vec<(Rc<Shard>, Range<u64>)> = Vec::new();
        for ((field, text), term) in &found.terms {
            let Some(term) = term else { continue };
            ranges.push((term.shard.clone(), term.entry.postings.clone()));
            if found.positions.contains(&(*field, text.clone())) {
                ranges.push((term.shard.clone(), term.entry.positions.clone()));
            }
        }
        for candidates in found.fuzzy.values() {
            for term in candidates {
                ranges.push((term.shard.clone(), term.entry.postings.clone()));
            }
        }
        for (shard, range) in ranges {
            let pieces = shard
                .pieces(&range)
                .ok_or_else(|| SearchError("a term's bytes lie outside its shard".into()))?;
            for (index, _, _) in pieces {
                let name = shard.chunks[index].name;
                self.ask(need, name, Kind::Chunk);
            }
        }
        let scored: BTreeSet<Field> = plan
            .words
            .iter()
            .flatten()
            .chain(plan.proximity.iter())
            .chain(plan.phrases.iter().flatten())
            .filter(|leaf| !matches!(leaf.kind, LeafKind::Fuzzy { .. }))
            .map(|leaf| leaf.field)
            .collect();
        if !scored.is_empty() {
            let pages: Vec<u64> = self.manifest.norm_pages.iter().map(|(_, n)| *n).collect();
            for name in pages {
                self.ask(need, name, Kind::Norms);
            }
        }
        Ok(())
    }

    /// The bytes of a stream range from the chunks a shard names (all of them provided).
    fn bytes(&self, shard: &Shard, range: &Range<u64>) -> Result<Vec<u8>, SearchError> {
        let pieces = shard
            .pieces(range)
            .ok_or_else(|| SearchError("a term's bytes lie outside its shard".into()))?;
        let mut out = Vec::with_capacity((range.end - range.start) as usize);
        for (index, from, to) in pieces {
            let name = shard.chunks[index].name;
            let content = self
                .files
                .get(&name)
                .ok_or_else(|| SearchError(format!("chunk {} is missing", manifest::hex(name))))?;
            let piece = content
                .get(from..to)
                .ok_or_else(|| damaged(Damaged("a chunk is shorter than its shard says")))?;
            out.extend_from_slice(piece);
        }
        Ok(out)
    }

    fn postings_of(&mut self, found: &Found) -> Result<Rc<Postings>, SearchError> {
        let key = (found.entry.field, found.entry.term.clone());
        if let Some(postings) = self.postings.get(&key) {
            return Ok(postings.clone());
        }
        let bytes = self.bytes(&found.shard, &found.entry.postings)?;
        let decoded = postings::decode(
            &bytes,
            found.entry.doc_freq,
            Record::FreqsAndPositions,
            self.manifest.docs,
        )
        .map_err(damaged)?;
        let decoded = Rc::new(decoded);
        self.postings.insert(key, decoded.clone());
        Ok(decoded)
    }

    fn gaps_of(&mut self, found: &Found, total: usize) -> Result<Rc<Vec<u32>>, SearchError> {
        let key = (found.entry.field, found.entry.term.clone());
        if let Some(gaps) = self.gaps.get(&key) {
            return Ok(gaps.clone());
        }
        let bytes = self.bytes(&found.shard, &found.entry.positions)?;
        let decoded = Rc::new(positions::decode(&bytes, total).map_err(damaged)?);
        self.gaps.insert(key, decoded.clone());
        Ok(decoded)
    }

    /// The field-norm id of a document in a field.
    fn norm(&self, field: Field, doc: u32) -> Result<u8, SearchError> {
        let manifest = &self.manifest;
        let array = manifest
            .field(field.name())
            .and_then(|f| f.norm_array)
            .ok_or_else(|| SearchError(format!("the field {} has no norms", field.name())))?;
        let at = manifest::piece_of(&manifest.norm_pages, doc)
            .ok_or_else(|| damaged(Damaged("a document has no field norm")))?;
        let (first, name) = manifest.norm_pages[at];
        let end = manifest
            .norm_pages
            .get(at + 1)
            .map_or(manifest.docs, |(next, _)| *next);
        let content = self
            .files
            .get(&name)
            .ok_or_else(|| SearchError(format!("norms {} are missing", manifest::hex(name))))?;
        let index = usize::from(array) * (end - first) as usize + (doc - first) as usize;
        content
            .get(index)
            .copied()
            .ok_or_else(|| damaged(Damaged("a norm page is short")))
    }

    fn average_fieldnorm(&self, field: Field) -> f32 {
        let tokens = self.manifest.field(field.name()).map_or(0, |f| f.tokens);
        Bm25::average_fieldnorm(tokens, u64::from(self.manifest.docs))
    }

    /// A document's stored fields, or `None` after asking for the files that hold them.
    fn stored(&mut self, doc: u32, need: &mut Need) -> Result<Option<Stored>, SearchError> {
        let Some(piece) = manifest::piece_of(&self.manifest.store, doc) else {
            return Err(damaged(Damaged("a document is not in the store")));
        };
        let (first, name) = self.manifest.store[piece];
        let end = self
            .manifest
            .store
            .get(piece + 1)
            .map_or(self.manifest.docs, |(next, _)| *next);
        let blocks = match self.store_pieces.get(&name) {
            Some(blocks) => blocks.clone(),
            None => {
                self.ask(need, name, Kind::Store);
                let Some(content) = self.files.get(&name) else {
                    return Ok(None);
                };
                let blocks = Rc::new(terms::decode_store(content, first, end).map_err(damaged)?);
                self.store_pieces.insert(name, blocks.clone());
                blocks
            }
        };
        let at = manifest::piece_of(&blocks, doc)
            .ok_or_else(|| damaged(Damaged("a document is not in its store piece")))?;
        let (block_first, block_name) = blocks[at];
        let block = match self.blocks.get(&block_name) {
            Some(block) => block.clone(),
            None => {
                self.ask(need, block_name, Kind::Chunk);
                let Some(content) = self.files.get(&block_name) else {
                    return Ok(None);
                };
                let block =
                    Rc::new(store::decompress(content, self.manifest.compressor).map_err(damaged)?);
                self.blocks.insert(block_name, block.clone());
                block
            }
        };
        let bytes = store::document(&block, (doc - block_first) as usize).map_err(damaged)?;
        let mut stored = Stored::default();
        for (field, value) in store::fields(bytes).map_err(damaged)? {
            if let Some(name) = self.stored_fields.get(&field) {
                stored.set(name, value);
            }
        }
        Ok(Some(stored))
    }
}

/// The documents each leaf of a plan matches, with their scores, in plan order.
pub type LeafMatches = Vec<Vec<(u32, f32)>>;

/// Files to fetch, each named once.
#[derive(Default)]
struct Need {
    names: BTreeSet<String>,
}

impl Need {
    fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    fn names(self) -> Vec<String> {
        self.names.into_iter().collect()
    }
}

/// Runs a search to the end, fetching what it needs from `fetch` (name → payload). Returns
/// the response and the rounds of fetching it took.
pub fn run(
    searcher: &mut Searcher,
    request: &Request,
    mut fetch: impl FnMut(&str) -> Result<Vec<u8>, SearchError>,
) -> Result<(Response, usize), SearchError> {
    let mut rounds = 0;
    loop {
        match searcher.search(request)? {
            Outcome::Done(response) => return Ok((response, rounds)),
            Outcome::Need(names) => {
                rounds += 1;
                if rounds > MAX_ROUNDS {
                    return Err(SearchError("a search kept asking for files".into()));
                }
                for name in names {
                    let payload = fetch(&name)?;
                    searcher.provide(&name, &payload)?;
                }
            }
        }
    }
}

/// More rounds than any search needs (shards, postings, store directory, blocks, and a few
/// more when duplicates push the page past the blocks fetched).
pub const MAX_ROUNDS: usize = 12;
