//! `loess init [DIR]`: asks Zola's questions (the base URL, Sass, a search index) for the
//! answers no flag gives, when standard input is a terminal (otherwise the defaults answer),
//! then creates the site and says what to do next.

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::builder::BoolishValueParser;
use clap::Args;

use super::{report, Cli};
use crate::error::{Error, Result};
use crate::init::{self, NewSite};

#[derive(Debug, Args)]
pub(super) struct InitArgs {
    /// The directory of the new site (made if missing; it must be empty).
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Create the site in a directory that is not empty (its files are kept as they are).
    #[arg(short, long)]
    force: bool,
    /// The URL the site will be published at [asked; default: https://example.com].
    #[arg(short = 'u', long)]
    base_url: Option<String>,
    /// Compile Sass files from sass/ [asked; default: yes].
    #[arg(long, value_name = "yes|no", value_parser = BoolishValueParser::new())]
    sass: Option<bool>,
    /// Build a search index of the pages [asked; default: no].
    #[arg(long, value_name = "yes|no", value_parser = BoolishValueParser::new())]
    search: Option<bool>,
}

pub(super) fn run(cli: &Cli, args: &InitArgs) -> Result<()> {
    init::check_target(&args.dir, args.force)?;
    if let Some(url) = &args.base_url {
        init::check_base_url(url).map_err(|reason| Error::file(Path::new("--base-url"), reason))?;
    }
    let today = chrono::Local::now().format("%Y-%m-%d").to_string();
    let mut site = NewSite::with_defaults(&today);
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        let mut prompt = Prompt {
            input: stdin.lock(),
            output: std::io::stdout(),
        };
        ask(&mut prompt, args, &mut site)?;
        println!();
    } else {
        site.base_url = args.base_url.clone().unwrap_or(site.base_url);
        site.compile_sass = args.sass.unwrap_or(site.compile_sass);
        site.build_search_index = args.search.unwrap_or(site.build_search_index);
    }
    let created = init::create(&args.dir, &site, args.force)?;
    if !created.kept.is_empty() {
        let kept: Vec<String> = created
            .kept
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        report::warning(&format!(
            "{} files were there already and were kept as they are: {}",
            kept.len(),
            kept.join(", ")
        ));
    }
    if !cli.quiet {
        println!("{}", summary(&args.dir, &site, created.written.len()));
    }
    Ok(())
}

/// Asks the questions that no flag answered.
fn ask<R: BufRead, W: Write>(
    prompt: &mut Prompt<R, W>,
    args: &InitArgs,
    site: &mut NewSite,
) -> Result<()> {
    site.base_url = match &args.base_url {
        Some(url) => url.clone(),
        None => prompt.url("What is the URL of your site?", &site.base_url)?,
    };
    site.compile_sass = match args.sass {
        Some(yes) => yes,
        None => prompt.yes_no("Do you want to enable Sass compilation?", site.compile_sass)?,
    };
    site.build_search_index = match args.search {
        Some(yes) => yes,
        None => prompt.yes_no(
            "Do you want to build a search index of the content?",
            site.build_search_index,
        )?,
    };
    Ok(())
}

/// `Created a new site in blog (...)`, and what to run next.
fn summary(dir: &Path, site: &NewSite, files: usize) -> String {
    let yes_no = |on: bool| if on { "yes" } else { "no" };
    let next = if dir == Path::new(".") {
        String::new()
    } else {
        format!("`cd {}`, then ", dir.display())
    };
    format!(
        "Created a new site in {} with the terrace theme ({files} files): base URL {}, Sass: {}, \
         search index: {}\nNext: {next}`loess serve` for a live preview, `loess build` to write \
         it to public/; settings are in zola.toml",
        dir.display(),
        site.base_url,
        yes_no(site.compile_sass),
        yes_no(site.build_search_index),
    )
}

/// Questions on a terminal, one line per answer.
struct Prompt<R, W> {
    input: R,
    output: W,
}

impl<R: BufRead, W: Write> Prompt<R, W> {
    /// The next answer, trimmed; the end of the input is an error.
    fn answer(&mut self, question: &str) -> Result<String> {
        let stdin = Path::new("standard input");
        self.output.flush().map_err(|e| Error::io(stdin, e))?;
        let mut line = String::new();
        let read = self
            .input
            .read_line(&mut line)
            .map_err(|e| Error::io(stdin, e))?;
        if read == 0 {
            return Err(Error::file(
                stdin,
                format!("no answer to “{question}”; nothing was created"),
            ));
        }
        Ok(line.trim().to_string())
    }

    fn say(&mut self, text: &str) -> Result<()> {
        write!(self.output, "{text}").map_err(|e| Error::io(Path::new("standard output"), e))
    }

    /// Asks until the answer is a URL; an empty answer takes `default`.
    fn url(&mut self, question: &str, default: &str) -> Result<String> {
        loop {
            self.say(&format!("> {question} ({default}): "))?;
            let answer = self.answer(question)?;
            if answer.is_empty() {
                return Ok(default.to_string());
            }
            match init::check_base_url(&answer) {
                Ok(()) => return Ok(answer),
                Err(reason) => self.say(&format!("{reason}\n"))?,
            }
        }
    }

    /// Asks until the answer is yes or no; an empty answer takes `default`.
    fn yes_no(&mut self, question: &str, default: bool) -> Result<bool> {
        let choices = if default { "[Y/n]" } else { "[y/N]" };
        loop {
            self.say(&format!("> {question} {choices}: "))?;
            match self.answer(question)?.to_lowercase().as_str() {
                "" => return Ok(default),
                "y" | "yes" | "true" => return Ok(true),
                "n" | "no" | "false" => return Ok(false),
                other => self.say(&format!("`{other}` is neither yes nor no\n"))?,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn args(flags: &[&str]) -> InitArgs {
        let cli = Cli::parse_from([&["loess", "init"], flags].concat());
        match cli.command {
            super::super::Command::Init(args) => args,
            _ => unreachable!("an init command"),
        }
    }

    /// The site the answers `input` give with `flags`, and what was printed.
    fn answered(input: &str, flags: &[&str]) -> (Result<NewSite>, String) {
        let mut prompt = Prompt {
            input: input.as_bytes(),
            output: Vec::new(),
        };
        let mut site = NewSite::with_defaults("2025-01-01");
        let result = ask(&mut prompt, &args(flags), &mut site).map(|()| site);
        (result, String::from_utf8(prompt.output).unwrap())
    }

    #[test]
    fn empty_answers_take_the_defaults() {
        let (site, shown) = answered("\n\n\n", &[]);
        assert_eq!(site.unwrap(), NewSite::with_defaults("2025-01-01"));
        assert_eq!(
            shown,
            "> What is the URL of your site? (https://example.com): \
             > Do you want to enable Sass compilation? [Y/n]: \
             > Do you want to build a search index of the content? [y/N]: "
        );
    }

    #[test]
    fn a_wrong_answer_asks_again() {
        let (site, shown) = answered("not a url\nhttps://blog.example.net/\nmaybe\nN\ny\n", &[]);
        let site = site.unwrap();
        assert_eq!(site.base_url, "https://blog.example.net/");
        assert!(!site.compile_sass && site.build_search_index);
        assert!(shown.contains("`maybe` is neither yes nor no\n"), "{shown}");
        assert!(shown.contains("`not a url` is not a URL"), "{shown}");
    }

    #[test]
    fn flags_answer_their_questions() {
        let (site, shown) = answered("\n", &["--base-url", "https://x.org", "--sass", "no"]);
        let site = site.unwrap();
        assert_eq!(site.base_url, "https://x.org");
        assert!(!site.compile_sass && !site.build_search_index);
        assert_eq!(
            shown,
            "> Do you want to build a search index of the content? [y/N]: "
        );
    }

    #[test]
    fn the_end_of_the_input_stops() {
        let (site, _) = answered("https://x.org\n", &[]);
        assert_eq!(
            site.unwrap_err().to_string(),
            "standard input: no answer to “Do you want to enable Sass compilation?”; nothing \
             was created"
        );
    }
}
