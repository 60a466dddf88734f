//! The emoji pass (`render_emoji`): `:smile:` in text becomes 😄.

use std::borrow::Cow;
use std::sync::LazyLock;

use pulldown_cmark::CowStr;

static EMOJI: LazyLock<gh_emoji::Replacer> = LazyLock::new(gh_emoji::Replacer::new);

/// Replaces emoji shortcodes in the text of the document, when the options ask for it.
pub(super) struct Emoji {
    on: bool,
}

impl Emoji {
    pub(super) fn new(on: bool) -> Emoji {
        Emoji { on }
    }

    /// `text` with its emoji shortcodes replaced; as it was when there are none.
    pub(super) fn replace<'a>(&self, text: CowStr<'a>) -> CowStr<'a> {
        if !self.on {
            return text;
        }
        match EMOJI.replace_all(&text) {
            Cow::Borrowed(_) => text,
            Cow::Owned(replaced) => CowStr::from(replaced),
        }
    }
}
