//! The index schema: what the generator writes and both readers read.
//!
//! Words are indexed three times (see `bagdar_analysis`): `exact`, `fold` and `stem`, for
//! the title (page title, section heading, region names and spellings) and for the body,
//! with frequencies and positions. The analysis is done by Bagdar, not by tantivy tokenizers,
//! so these fields take pre-tokenized text and queries are built from terms directly. The
//! lean reader finds the fields by the names here (`bagdar_search::Field::name`).

use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};

/// The fields of the index.
#[derive(Clone, Copy, Debug)]
pub struct Fields {
    /// Title words, lowercased.
    pub title_exact: Field,
    /// Title words, fold keys.
    pub title_fold: Field,
    /// Title words, stems.
    pub title_stem: Field,
    /// Body words, lowercased.
    pub body_exact: Field,
    /// Body words, fold keys.
    pub body_fold: Field,
    /// Body words, stems.
    pub body_stem: Field,
    /// `guide`, `region` or `vacancy` (filter).
    pub kind: Field,
    /// The document's language (filter, and the reader's language first).
    pub lang: Field,
    /// The region id (filter).
    pub region: Field,
    /// Stored: the page path, relative to the site root, with `#anchor`.
    pub url: Field,
    /// Stored: the page title.
    pub title: Field,
    /// Stored: the section heading, if the hit is a section of a page.
    pub section: Field,
    /// Stored: the start of the text, for the result's snippet.
    pub excerpt: Field,
    /// Stored: the language of the stored texts.
    pub lang_stored: Field,
}

impl Fields {
    /// The tantivy field of a word field of the plan.
    pub fn word(&self, field: bagdar_search::Field) -> Field {
        use bagdar_search::Field as W;
        match field {
            W::TitleExact => self.title_exact,
            W::TitleFold => self.title_fold,
            W::TitleStem => self.title_stem,
            W::BodyExact => self.body_exact,
            W::BodyFold => self.body_fold,
            W::BodyStem => self.body_stem,
        }
    }
}

/// Builds the schema and its fields.
pub fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let words = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let fields = Fields {
        title_exact: builder.add_text_field("title_exact", words.clone()),
        title_fold: builder.add_text_field("title_fold", words.clone()),
        title_stem: builder.add_text_field("title_stem", words.clone()),
        body_exact: builder.add_text_field("body_exact", words.clone()),
        body_fold: builder.add_text_field("body_fold", words.clone()),
        body_stem: builder.add_text_field("body_stem", words),
        kind: builder.add_text_field("kind", STRING | STORED),
        lang: builder.add_text_field("lang", STRING),
        region: builder.add_text_field("region", STRING | STORED),
        url: builder.add_text_field("url", STORED),
        title: builder.add_text_field("title", STORED),
        section: builder.add_text_field("section", STORED),
        excerpt: builder.add_text_field("excerpt", STORED),
        lang_stored: builder.add_text_field("lang_stored", STORED),
    };
    (builder.build(), fields)
}

/// The fields of an opened index, looked up by name.
pub fn fields_of(schema: &Schema) -> tantivy::Result<Fields> {
    let field = |name: &str| schema.get_field(name);
    Ok(Fields {
        title_exact: field("title_exact")?,
        title_fold: field("title_fold")?,
        title_stem: field("title_stem")?,
        body_exact: field("body_exact")?,
        body_fold: field("body_fold")?,
        body_stem: field("body_stem")?,
        kind: field("kind")?,
        lang: field("lang")?,
        region: field("region")?,
        url: field("url")?,
        title: field("title")?,
        section: field("section")?,
        excerpt: field("excerpt")?,
        lang_stored: field("lang_stored")?,
    })
}
