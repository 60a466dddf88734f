//! The small commands: `--version` and `loess completion SHELL`.

use crate::support::TestSite;

#[test]
fn version_prints_the_version() {
    let site = TestSite::new();
    for flag in ["--version", "-V"] {
        let run = site.run(&[flag]);
        assert_eq!(run.code, Some(0), "{run:?}");
        assert_eq!(run.stdout, format!("loess {}\n", env!("CARGO_PKG_VERSION")));
    }
}

#[test]
fn completion_scripts_name_the_subcommands() {
    let site = TestSite::new();
    let run = site.run(&["completion", "bash"]);
    assert_eq!(run.code, Some(0), "{run:?}");
    assert!(run.stdout.contains("_loess()"), "{}", run.stdout);
    for word in [
        "init",
        "build",
        "serve",
        "check",
        "completion",
        "--output-dir",
        "--drafts",
    ] {
        assert!(run.stdout.contains(word), "{word} not in:\n{}", run.stdout);
    }
    let run = site.run(&["completion", "zsh"]);
    assert!(run.stdout.starts_with("#compdef loess"), "{}", run.stdout);
    for shell in ["fish", "elvish", "powershell"] {
        let run = site.run(&["completion", shell]);
        assert_eq!(run.code, Some(0), "{shell}: {run:?}");
        assert!(run.stdout.contains("serve"), "{shell}: {}", run.stdout);
    }
    let run = site.run(&["completion", "tcsh"]);
    assert_eq!(run.code, Some(2), "{run:?}");
    assert!(
        run.stderr.contains("invalid value 'tcsh'"),
        "{}",
        run.stderr
    );
}
