//! Word counts and reading times, counted on the text as written, as Zola counts them.

use unicode_segmentation::UnicodeSegmentation;

const WORDS_PER_MINUTE: usize = 200;

/// Minutes to read `words`, rounded up, at 200 words a minute (as Zola counts).
pub(crate) fn reading_time(words: usize) -> usize {
    words.div_ceil(WORDS_PER_MINUTE)
}

/// Words outside fenced code: every other stretch between ``` marks, as Zola counts them.
pub(crate) fn count_words(text: &str) -> usize {
    text.split("```")
        .step_by(2)
        .map(|prose| prose.unicode_words().count())
        .sum()
}
