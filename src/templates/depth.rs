//! Templates that use themselves without end stop with an error, never with a stack overflow.
//!
//! Tera 1 sets no limit: a template that includes itself, directly or through others, or a
//! macro that calls itself on every path, recurses until the thread's stack runs out and the
//! process aborts. So after parsing, the body of every template and of every macro is put
//! between calls of two internal functions, [`ENTER`] and [`LEAVE`], which keep a stack of what
//! this thread is rendering. A call that would go deeper than [`MAX_DEPTH`] levels, or that
//! finds the thread's stack nearly used up, fails with the chain of templates and macros that
//! led there, and the render fails as any other template error does.
//!
//! The stack is per thread. That is right because Tera renders a template from start to end on
//! the thread that asked for it, and the functions it calls run on that thread too. A thread
//! may render something else in the middle of a render (a rayon worker waiting in `join` runs
//! other tasks): that render leaves the stack as it found it, because every render goes through
//! [`scoped`], which also cleans up after a render that failed half-way.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

use tera::ast::{Expr, ExprVal, FunctionCall, Node, WS};
use tera::{Tera, Value};

/// The function called at the start of every template and macro body.
pub(super) const ENTER: &str = "__loess_enter";
/// The function called at the end of every template and macro body.
pub(super) const LEAVE: &str = "__loess_leave";

/// How deep templates and macros may nest: far more than any real theme needs (a recursive
/// menu or table of contents goes a few levels deep), and few enough that a render thread's
/// stack holds them.
pub(super) const MAX_DEPTH: usize = 128;

/// The stack a thread keeps in reserve: a level of rendering (a macro call, an include, a
/// `markdown` filter with its shortcodes) uses far less than this.
const RESERVE: usize = 256 * 1024;

/// The start of the message of a render that went too deep; [`is_recursion`] looks for it.
const MESSAGE: &str = "templates use each other without end:";

/// What is being rendered at one level.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Frame {
    Template(String),
    Macro { template: String, name: String },
}

impl fmt::Display for Frame {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Frame::Template(name) => write!(f, "{name}"),
            Frame::Macro { template, name } => write!(f, "macro {name} ({template})"),
        }
    }
}

thread_local! {
    static STACK: RefCell<Vec<Frame>> = const { RefCell::new(Vec::new()) };
}

/// Puts every template's and macro's body of `tera` between [`ENTER`] and [`LEAVE`], and
/// registers those two functions.
pub(super) fn guard(tera: &mut Tera) {
    for (name, template) in tera.templates.iter_mut() {
        wrap(&mut template.ast, name, None);
        for (macro_name, definition) in template.macros.iter_mut() {
            wrap(&mut definition.body, name, Some(macro_name));
        }
    }
    tera.register_function(ENTER, enter);
    tera.register_function(LEAVE, leave);
}

/// Whether `name` is one of the guard's functions (they are not the site's calls).
pub(super) fn is_guard(name: &str) -> bool {
    name == ENTER || name == LEAVE
}

/// Runs a render; the stack is as it was before, whether the render succeeded or not.
pub(super) fn scoped<T>(render: impl FnOnce() -> T) -> T {
    let depth = STACK.with(|stack| stack.borrow().len());
    let result = render();
    STACK.with(|stack| stack.borrow_mut().truncate(depth));
    result
}

/// Whether a message (one of an error's causes) is the guard's.
pub(super) fn is_recursion(message: &str) -> bool {
    message.starts_with(MESSAGE)
}

/// The template and the call that repeats in a message of the guard: where the template
/// `caller` calls the template or macro `callee` (`None` for a template, else the macro name).
pub(super) fn repeated_call(message: &str) -> Option<(String, String, Option<String>)> {
    let cycle = message
        .strip_prefix(MESSAGE)?
        .split(" (repeating)")
        .next()?;
    let names: Vec<&str> = cycle.split(" → ").map(str::trim).collect();
    let callee = names.last()?;
    let caller = names.get(names.len().checked_sub(2)?)?;
    let template_of = |frame: &str| -> String {
        match frame.strip_prefix("macro ") {
            Some(rest) => rest
                .split_once(" (")
                .map_or(rest, |(_, t)| t.trim_end_matches(')'))
                .to_string(),
            None => frame.to_string(),
        }
    };
    let called_macro = callee
        .strip_prefix("macro ")
        .and_then(|rest| rest.split_once(" ("))
        .map(|(name, _)| name.to_string());
    Some((template_of(caller), template_of(callee), called_macro))
}

fn wrap(nodes: &mut Vec<Node>, template: &str, macro_name: Option<&str>) {
    let mut args = HashMap::from([("t".to_string(), string(template))]);
    if let Some(name) = macro_name {
        args.insert("m".to_string(), string(name));
    }
    nodes.insert(0, call(ENTER, args));
    nodes.push(call(LEAVE, HashMap::new()));
}

fn string(text: &str) -> Expr {
    Expr::new(ExprVal::String(text.to_string()))
}

fn call(name: &str, args: HashMap<String, Expr>) -> Node {
    let call = FunctionCall {
        name: name.to_string(),
        args,
    };
    Node::VariableBlock(WS::default(), Expr::new(ExprVal::FunctionCall(call)))
}

fn enter(args: &HashMap<String, Value>) -> tera::Result<Value> {
    let text = |key: &str| args.get(key).and_then(Value::as_str).map(str::to_string);
    let template = text("t").unwrap_or_default();
    let frame = match text("m") {
        Some(name) => Frame::Macro { template, name },
        None => Frame::Template(template),
    };
    let low_on_stack = stacker::remaining_stack().is_some_and(|left| left < RESERVE);
    STACK.with(|stack| {
        let mut stack = stack.borrow_mut();
        stack.push(frame);
        if stack.len() > MAX_DEPTH || low_on_stack {
            let message = describe(&stack);
            stack.pop();
            return Err(tera::Error::msg(message));
        }
        Ok(Value::String(String::new()))
    })
}

fn leave(_: &HashMap<String, Value>) -> tera::Result<Value> {
    STACK.with(|stack| stack.borrow_mut().pop());
    Ok(Value::String(String::new()))
}

/// The chain of a stack that went too deep, shortened to the first repeating cycle:
/// `page.html → a.html → b.html → a.html (repeating)`.
fn describe(stack: &[Frame]) -> String {
    let cycle = (0..stack.len()).find_map(|start| {
        let again = stack[start + 1..].iter().position(|f| *f == stack[start])?;
        Some((start, start + 1 + again))
    });
    let shown: Vec<String> = match cycle {
        Some((_, again)) => stack[..=again].iter().map(Frame::to_string).collect(),
        None => stack.iter().map(Frame::to_string).collect(),
    };
    let end = match cycle {
        Some(_) => " (repeating)".to_string(),
        None => format!(" (more than {MAX_DEPTH} levels)"),
    };
    format!("{MESSAGE} {}{end}", shown.join(" → "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(templates: &[(&str, &str)]) -> Result<String, String> {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.to_vec()).unwrap();
        guard(&mut tera);
        scoped(|| tera.render(templates[0].0, &tera::Context::new()))
            .map_err(|e| super::super::errors::causes(&e).join(" / "))
    }

    #[test]
    fn a_template_that_includes_itself_stops_at_the_cycle() {
        let error = render(&[
            ("page.html", "<p>{% include \"a.html\" %}</p>"),
            ("a.html", "a{% include \"b.html\" %}"),
            ("b.html", "b{% include \"a.html\" %}"),
        ])
        .unwrap_err();
        assert!(
            error.ends_with(
                "templates use each other without end: page.html → a.html → b.html → a.html (repeating)"
            ),
            "{error}"
        );
        assert_eq!(STACK.with(|s| s.borrow().len()), 0);
    }

    #[test]
    fn a_macro_that_calls_itself_stops_at_the_cycle() {
        let error = render(&[
            (
                "page.html",
                "{% import \"m.html\" as m %}{{ m::down(n=3) }}",
            ),
            (
                "m.html",
                "{% macro down(n) %}{{ n }}{{ self::down(n=n - 1) }}{% endmacro %}",
            ),
        ])
        .unwrap_err();
        assert!(
            error.ends_with("page.html → macro down (m.html) → macro down (m.html) (repeating)"),
            "{error}"
        );
        let (caller, callee, name) = repeated_call(error.rsplit(" / ").next().unwrap()).unwrap();
        assert_eq!((caller.as_str(), callee.as_str()), ("m.html", "m.html"));
        assert_eq!(name.as_deref(), Some("down"));
    }

    #[test]
    fn recursion_that_ends_renders_as_before() {
        let page = "{% import \"m.html\" as m %}[{{ m::down(n=5) }}]";
        let macros = "{% macro down(n) %}{{ n }}{% if n > 0 %}{{ self::down(n=n - 1) }}{% endif %}{% endmacro %}";
        let text = render(&[("page.html", page), ("m.html", macros)]).unwrap();
        assert_eq!(text, "[543210]");
    }

    #[test]
    fn deep_recursion_that_never_repeats_a_frame_is_cut_too() {
        let stack: Vec<Frame> = (0..=MAX_DEPTH)
            .map(|i| Frame::Template(format!("t{i}.html")))
            .collect();
        let message = describe(&stack);
        assert!(message.ends_with("(more than 128 levels)"), "{message}");
    }
}
