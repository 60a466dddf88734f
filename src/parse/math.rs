//! `$…$` and `$$…$$` in Markdown as MathML, made at build time when `math = true` is set under
//! `[markdown]`: browsers draw MathML Core themselves, so a page needs no script, stylesheet or
//! font from elsewhere to show it. pulldown-cmark finds the expressions; the `math-core` crate
//! turns their LaTeX into MathML.

use std::fmt;
use std::ops::Range;

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};

use crate::config::MathErrors;

/// The LaTeX converter of a build, and what an expression that does not parse is.
pub struct Math {
    converter: LatexToMathML,
    pub errors: MathErrors,
}

impl fmt::Debug for Math {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Math")
            .field("errors", &self.errors)
            .finish()
    }
}

/// Why an expression does not parse, and the bytes of it that are to blame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MathError {
    pub span: Range<usize>,
    pub message: String,
}

impl Math {
    pub fn new(errors: MathErrors) -> Math {
        let config = MathCoreConfig {
            // Each expression carries its LaTeX, for copying and for screen readers that
            // prefer it.
            annotation: true,
            ..MathCoreConfig::default()
        };
        let converter = LatexToMathML::new(config).expect("no macros are configured");
        Math { converter, errors }
    }

    /// The `<math>` element of `latex`, inline or as a block of its own.
    pub fn render(&self, latex: &str, block: bool) -> Result<String, MathError> {
        let display = if block {
            MathDisplay::Block
        } else {
            MathDisplay::Inline
        };
        match self.converter.convert_with_local_state(latex, display) {
            Ok(result) => Ok(result.mathml),
            Err(e) => Err(MathError {
                span: e.0.clone(),
                message: e.error_message(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latex_becomes_mathml() {
        let math = Math::new(MathErrors::Error);
        let inline = math.render(r"\frac{a}{b}", false).unwrap();
        assert!(inline.starts_with("<math>"), "{inline}");
        assert!(
            inline.contains("<mfrac><mi>a</mi><mi>b</mi></mfrac>"),
            "{inline}"
        );
        let block = math.render(r"\sqrt{2}", true).unwrap();
        assert!(block.starts_with("<math display=\"block\">"), "{block}");
        assert!(block.contains("<msqrt>"), "{block}");
    }

    #[test]
    fn an_error_names_the_bytes_to_blame() {
        let math = Math::new(MathErrors::Error);
        let e = math.render(r"x + \nosuchthing{y}", false).unwrap_err();
        assert_eq!(&r"x + \nosuchthing{y}"[e.span.clone()], r"\nosuchthing");
        assert!(e.message.contains("nosuchthing"), "{}", e.message);
    }
}
