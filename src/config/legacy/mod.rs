//! Keys of Zola versions before 0.22 whose mapping is more than a rename: the pre-0.14
//! `languages` array, per-language `[translations.xx]` and taxonomy `lang`, and the syntect-era
//! highlighting keys that 0.22 replaced with `[markdown.highlighting]`.
//!
//! Each is accepted with a warning that names what to write instead, and mapped onto it:
//! the language keys here, the highlighting keys in `highlighting`.

mod highlighting;

use std::ops::Range;

use toml::Spanned;

use super::raw::{OldLanguage, RawTaxonomy, Text};
use super::resolve::{check_language_code, merge_translations, Context, LanguageFields, Languages};

pub(super) use highlighting::{highlighting, MarkdownHighlighting, TopLevelHighlighting};

/// `languages = [{ code = "fr", feed = true, search = true }]`, before Zola 0.14.
pub(super) fn languages_array(
    cx: &mut Context,
    span: Range<usize>,
    entries: Vec<Spanned<OldLanguage>>,
    languages: &mut Languages,
) {
    cx.warn_key(
        span,
        "`languages` as an array is the old form of `[languages.<code>]` tables; using each \
         entry as one, its `feed` as `generate_feeds` and its `search` as `build_search_index`",
    );
    for entry in entries {
        let span = entry.span();
        let old = entry.into_inner();
        check_language_code(cx, &old.code);
        if languages.contains_key(old.code.get_ref()) {
            cx.error_value(
                old.code.span(),
                format!("language `{}` is listed twice", old.code.get_ref()),
            );
            continue;
        }
        let fields = LanguageFields {
            generate_feeds: Some(Spanned::new(span.clone(), old.feed || old.rss)),
            build_search_index: Some(Spanned::new(span, old.search)),
            ..LanguageFields::default()
        };
        languages.insert(old.code.into_inner(), fields);
    }
}

/// `[translations.xx]` (a table of one language's strings), before Zola 0.14.
pub(super) fn translations_table(
    cx: &mut Context,
    default_language: &str,
    (code, span, table): (
        Text,
        Range<usize>,
        std::collections::BTreeMap<String, String>,
    ),
    top: &mut LanguageFields,
    languages: &mut Languages,
) {
    let old = format!("[translations.{}]", code.get_ref());
    let translations = Spanned::new(span, table);
    if code.get_ref() == default_language {
        cx.warn_key(
            code.span(),
            format!(
                "`{old}` is the old form of `[translations]` for the default language; \
                 using it as that"
            ),
        );
        merge_translations(top, translations);
        return;
    }
    let new = format!("[languages.{}.translations]", code.get_ref());
    match languages.get_mut(code.get_ref()) {
        Some(fields) if fields.translations.is_some() => cx.warn_key(
            code.span(),
            format!("`{old}` is the old form of `{new}`, which is also set; ignoring `{old}`"),
        ),
        Some(fields) => {
            cx.warn_key(
                code.span(),
                format!("`{old}` is the old form of `{new}`; using it as that"),
            );
            fields.translations = Some(translations);
        }
        None => cx.warn_key(
            code.span(),
            format!(
                "`{old}` is the old form of `{new}`, but `{}` is not a language of this site; \
                 ignoring it",
                code.get_ref()
            ),
        ),
    }
}

/// The language a top-level taxonomy's legacy `lang` sends it to, if another than the default.
pub(super) fn taxonomy_language(
    cx: &mut Context,
    taxonomy: &mut Spanned<RawTaxonomy>,
    default_language: &str,
    languages: &Languages,
) -> Option<String> {
    let lang = taxonomy.get_mut().lang.take()?;
    let code = lang.get_ref();
    if code == default_language {
        cx.warn_key(
            lang.span(),
            format!(
                "`lang` is the old way to give a taxonomy to a language; `{code}` is the \
                 default language, so ignoring `lang`"
            ),
        );
        None
    } else if languages.contains_key(code) {
        cx.warn_key(
            lang.span(),
            format!(
                "`lang` is the old way to give a taxonomy to a language; using this taxonomy \
                 as one of `[languages.{code}]`"
            ),
        );
        Some(code.clone())
    } else {
        cx.error_key(
            lang.span(),
            format!("this taxonomy is for language `{code}`, which is not a language of this site"),
        );
        None
    }
}
