//! The interface strings that Bagdar's own code prints; templates name theirs themselves. The
//! code can only look up a string through a constant of this module, and every constant is
//! required in every language's i18n file, so a theme that lacks one is refused at load,
//! naming the file and the key, instead of printing the bare key on a page.

/// A key of an interface string that the code looks up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    name: &'static str,
    plural: bool,
}

impl Key {
    /// Its name in the i18n files.
    pub(crate) fn name(self) -> &'static str {
        self.name
    }

    /// Whether it is a counted string (CLDR plural forms) rather than a plain one.
    pub(crate) fn is_plural(self) -> bool {
        self.plural
    }
}

/// Declares the keys, plain strings first, then counted ones, and [`ALL`] of them.
macro_rules! keys {
    (
        text { $($text:ident = $text_name:literal,)* }
        plural { $($plural:ident = $plural_name:literal,)* }
    ) => {
        $(
            #[doc = concat!("`", $text_name, "`")]
            pub(crate) const $text: Key = Key { name: $text_name, plural: false };
        )*
        $(
            #[doc = concat!("`", $plural_name, "`, with plural forms")]
            pub(crate) const $plural: Key = Key { name: $plural_name, plural: true };
        )*
        /// Every key the code looks up, each required in every language.
        pub(crate) const ALL: &[Key] = &[$($text,)* $($plural,)*];
    };
}

keys! {
    text {
    NAV_GUIDES = "nav_guides",
    NAV_REGIONS = "nav_regions",
    NAV_VACANCIES = "nav_vacancies",
    HELP_TITLE = "help_title",
    HELP_1404 = "help_1404",
    HELP_1414 = "help_1414",
    NOT_FOUND_TITLE = "not_found_title",
    NOT_FOUND_TEXT = "not_found_text",
    DATE_FORMAT = "date_format",
    MONTH_01 = "month_01",
    MONTH_02 = "month_02",
    MONTH_03 = "month_03",
    MONTH_04 = "month_04",
    MONTH_05 = "month_05",
    MONTH_06 = "month_06",
    MONTH_07 = "month_07",
    MONTH_08 = "month_08",
    MONTH_09 = "month_09",
    MONTH_10 = "month_10",
    MONTH_11 = "month_11",
    MONTH_12 = "month_12",
    SEARCH_TITLE = "search_title",
    SEARCH_LOADING = "search_loading",
    SEARCH_NONE = "search_none",
    SEARCH_ERROR_LOAD = "search_error_load",
    SEARCH_ERROR_STALE = "search_error_stale",
    SEARCH_KIND_GUIDE = "search_kind_guide",
    SEARCH_KIND_REGION = "search_kind_region",
    SEARCH_KIND_VACANCY = "search_kind_vacancy",
    SEARCH_KIND_NEWS = "search_kind_news",
    NEWS_TITLE = "news_title",
    FEED_TITLE = "feed_title",
    WHAT_CHANGED = "what_changed",
    SEARCH_ALL_RESULTS = "search_all_results",
    SEARCH_TRUNCATED = "search_truncated",
    REGIONS_TITLE = "regions_title",
    REGIONS_SUMMARY = "regions_summary",
    VACANCIES_TITLE = "vacancies_title",
    VACANCIES_SUMMARY = "vacancies_summary",
    THOUSANDS_SEPARATOR = "thousands_separator",
    SALARY_EXACT = "salary_exact",
    SALARY_RANGE = "salary_range",
    SALARY_FROM = "salary_from",
    SALARY_TO = "salary_to",
    SALARY_AGREED = "salary_agreed",
    YES = "yes",
    NO = "no",
    EMPLOYMENT_FULL_TIME = "employment_full_time",
    EMPLOYMENT_PART_TIME = "employment_part_time",
    EMPLOYMENT_TEMPORARY = "employment_temporary",
    EMPLOYMENT_SEASONAL = "employment_seasonal",
    EMPLOYMENT_SHIFT = "employment_shift",
    FIELD_LOCALITY = "field_locality",
    FIELD_EMPLOYMENT = "field_employment",
    FIELD_SCHEDULE = "field_schedule",
    FIELD_HOUSING = "field_housing",
    FIELD_OPENINGS = "field_openings",
    FIELD_EXPERIENCE = "field_experience",
    FIELD_EDUCATION = "field_education",
    FIELD_LANGUAGES = "field_languages",
    FIELD_DUTIES = "field_duties",
    FIELD_REQUIREMENTS = "field_requirements",
    HELP_1404_SHORT = "help_1404_short",
    HELP_1414_SHORT = "help_1414_short",
    OFFLINE_SAVE = "offline_save",
    OFFLINE_SIZE = "offline_size",
    OFFLINE_CONFIRM = "offline_confirm",
    OFFLINE_PROGRESS = "offline_progress",
    OFFLINE_SAVED = "offline_saved",
    OFFLINE_UPDATE = "offline_update",
    OFFLINE_FAILED = "offline_failed",
    OFFLINE_TITLE = "offline_title",
    OFFLINE_TEXT = "offline_text",
    OFFLINE_SAVED_PAGES = "offline_saved_pages",
    OFFLINE_VISITED = "offline_visited",
    OFFLINE_NONE = "offline_none",
    OFFLINE_KB = "offline_kb",
    OFFLINE_MB = "offline_mb",
    OFFLINE_CHECK = "offline_check",
    OFFLINE_CURRENT = "offline_current",
    }
    plural {
    RESULT_COUNT = "result_count",
    }
}

/// The names of the months, January first, as dates write them.
pub(crate) const MONTHS: [Key; 12] = [
    MONTH_01, MONTH_02, MONTH_03, MONTH_04, MONTH_05, MONTH_06, MONTH_07, MONTH_08, MONTH_09,
    MONTH_10, MONTH_11, MONTH_12,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_key_is_declared_once() {
        let mut names: Vec<&str> = ALL.iter().map(|k| k.name()).collect();
        names.sort_unstable();
        let count = names.len();
        names.dedup();
        assert_eq!(names.len(), count);
    }
}
