//! The index schema, shared by the generator that writes the index and the runtime that
//! reads it.
//!
//! Words are indexed three times (see `bagdar_analysis`): `exact`, `fold` and `stem`, for
//! the title (page title, section heading, region names and spellings) and for the body.
//! The analysis is done by Bagdar, not by tantivy tokenizers, so these fields take
//! pre-tokenized text and queries are built from terms directly.

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
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
    /// The languages the document answers in (filter, boost); vacancies have all three.
    pub lang: Field,
    /// The region id (filter).
    pub region: Field,
    /// Lowest salary, KZT (range filter).
    pub salary_min: Field,
    /// Highest salary, KZT (range filter).
    pub salary_max: Field,
    /// 1 when housing is provided (filter).
    pub housing: Field,
    /// Stored: the page path, relative to the site root, with `#anchor`; `{lang}` stands for
    /// the reader's language in documents of every language.
    pub url: Field,
    /// Stored: the page title.
    pub title: Field,
    /// Stored: the section heading, if the hit is a section of a page.
    pub section: Field,
    /// Stored: the start of the text, for the result's snippet.
    pub excerpt: Field,
    /// Stored: the language of the stored texts, or `*`.
    pub lang_stored: Field,
}

/// The word fields of one part of a document, for query building.
#[derive(Clone, Copy, Debug)]
pub struct WordFields {
    /// Lowercased words.
    pub exact: Field,
    /// Fold keys.
    pub fold: Field,
    /// Stems.
    pub stem: Field,
}

impl Fields {
    /// The title's word fields.
    pub fn title_words(&self) -> WordFields {
        WordFields {
            exact: self.title_exact,
            fold: self.title_fold,
            stem: self.title_stem,
        }
    }

    /// The body's word fields.
    pub fn body_words(&self) -> WordFields {
        WordFields {
            exact: self.body_exact,
            fold: self.body_fold,
            stem: self.body_stem,
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
        salary_min: builder.add_u64_field("salary_min", INDEXED | FAST),
        salary_max: builder.add_u64_field("salary_max", INDEXED | FAST),
        housing: builder.add_u64_field("housing", INDEXED | FAST),
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
        salary_min: field("salary_min")?,
        salary_max: field("salary_max")?,
        housing: field("housing")?,
        url: field("url")?,
        title: field("title")?,
        section: field("section")?,
        excerpt: field("excerpt")?,
        lang_stored: field("lang_stored")?,
    })
}
