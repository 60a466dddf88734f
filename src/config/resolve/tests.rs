//! Unit tests of the language code check and of key positions.

use super::checks::is_language_identifier;
use super::context::key_start;

#[test]
fn language_identifiers() {
    for good in [
        "en",
        "fr",
        "pt-BR",
        "zh-Hant-TW",
        "sr_Latn",
        "es-419",
        "de-CH-1996",
        "und",
        "english",
    ] {
        assert!(is_language_identifier(good), "{good}");
    }
    for bad in [
        "",
        "e",
        "e1",
        "engl",
        "en-",
        "en--US",
        "fr FR",
        "日本",
        "en-US-x",
        "en-Latn-Latn",
    ] {
        assert!(!is_language_identifier(bad), "{bad}");
    }
}

#[test]
fn keys_before_values() {
    let text = "a = 1\n  \"b c\" = 2\nx.y-z = 3\n[t]\n";
    assert_eq!(key_start(text, 4), 0);
    assert_eq!(key_start(text, text.find('2').unwrap()), 8);
    assert_eq!(
        key_start(text, text.find('3').unwrap()),
        text.find("y-z").unwrap()
    );
    assert_eq!(
        key_start(text, text.find("[t]").unwrap()),
        text.find("[t]").unwrap()
    );
}
