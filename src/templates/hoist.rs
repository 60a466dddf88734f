//! Constant calls, evaluated once per build.
//!
//! Themes call `get_section(path="blog/_index.md")` or `get_taxonomy(kind="tags")` on every
//! page. Each call builds a value holding many pages, so a site pays for it once per page
//! (the slowness Zola is known for). Calls whose arguments are all literals always give the
//! same value, so they are evaluated once when templates load, and the call in the template's
//! syntax tree is replaced by a variable that every render borrows from its context.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;
use tera::ast::{Block, Expr, ExprVal, FunctionCall, Node};
use tera::Tera;

use super::usage::{Fields, Usage};

/// Functions whose result depends on nothing but their arguments (and the files they read,
/// which do not change during a build) and is worth sharing.
const HOISTABLE: &[&str] = &[
    "get_section",
    "get_page",
    "get_taxonomy",
    "get_taxonomy_term",
    "load_data",
    "get_image_metadata",
];

const PREFIX: &str = "__loess_constant_";

/// The values of hoisted calls, and which templates need which.
#[derive(Debug, Default)]
pub struct Constants {
    /// Variable names and values.
    pub values: Vec<(String, Value)>,
    /// For each template, the indexes (into `values`) of the constants it or anything it
    /// extends, includes or imports uses.
    pub by_template: HashMap<String, BTreeSet<usize>>,
}

/// Computes the value of a call: function name, arguments, and the fields listed pages need
/// (see `usage`).
pub(super) type Eval<'a> = dyn Fn(&str, &HashMap<String, Value>, &Fields) -> Option<Value> + 'a;

/// Rewrites every hoistable call with literal arguments in every template of `tera`.
/// `eval` computes a call's value; a call that fails stays a call, so its error still
/// appears where and when the template reaches it.
pub(super) fn hoist(tera: &mut Tera, usage: &Usage, eval: &Eval) -> Constants {
    let mut hoister = Hoister {
        eval,
        names: BTreeMap::new(),
        constants: Vec::new(),
        uses: BTreeSet::new(),
        fields: Fields::All,
    };
    let mut direct: HashMap<String, BTreeSet<usize>> = HashMap::new();
    for (name, template) in tera.templates.iter_mut() {
        hoister.fields = usage.fields_where_used(name).of_pages();
        hoister.nodes(&mut template.ast);
        for definition in template.macros.values_mut() {
            hoister.nodes(&mut definition.body);
        }
        for block in template.blocks.values_mut() {
            hoister.block(block);
        }
        for chain in template.blocks_definitions.values_mut() {
            for (_, block) in chain {
                hoister.block(block);
            }
        }
        direct.insert(name.clone(), std::mem::take(&mut hoister.uses));
    }
    let by_template = direct
        .keys()
        .map(|name| {
            let reached = usage
                .closure(name)
                .filter_map(|t| direct.get(t))
                .flatten()
                .copied()
                .collect();
            (name.clone(), reached)
        })
        .collect();
    Constants {
        values: hoister.constants,
        by_template,
    }
}

struct Hoister<'a> {
    eval: &'a Eval<'a>,
    /// Canonical call text to constant index (`None` when the call failed).
    names: BTreeMap<String, Option<usize>>,
    constants: Vec<(String, Value)>,
    /// Constants used by the template being walked.
    uses: BTreeSet<usize>,
    /// The fields listed pages need in values made for the template being walked.
    fields: Fields,
}

impl Hoister<'_> {
    fn block(&mut self, block: &mut Block) {
        self.nodes(&mut block.body);
    }

    fn nodes(&mut self, nodes: &mut [Node]) {
        for node in nodes {
            match node {
                Node::VariableBlock(_, expr) => self.expr(expr),
                Node::MacroDefinition(_, definition, _) => self.nodes(&mut definition.body),
                Node::Set(_, set) => self.expr(&mut set.value),
                Node::FilterSection(_, section, _) => {
                    self.call_args(&mut section.filter);
                    self.nodes(&mut section.body);
                }
                Node::Block(_, block, _) => self.block(block),
                Node::Forloop(_, forloop, _) => {
                    self.expr(&mut forloop.container);
                    self.nodes(&mut forloop.body);
                    if let Some(body) = &mut forloop.empty_body {
                        self.nodes(body);
                    }
                }
                Node::If(branches, _) => {
                    for (_, condition, body) in &mut branches.conditions {
                        self.expr(condition);
                        self.nodes(body);
                    }
                    if let Some((_, body)) = &mut branches.otherwise {
                        self.nodes(body);
                    }
                }
                _ => {}
            }
        }
    }

    fn expr(&mut self, expr: &mut Expr) {
        for filter in &mut expr.filters {
            self.call_args(filter);
        }
        self.value(&mut expr.val);
    }

    fn call_args(&mut self, call: &mut FunctionCall) {
        for arg in call.args.values_mut() {
            self.expr(arg);
        }
    }

    fn value(&mut self, val: &mut ExprVal) {
        match val {
            ExprVal::FunctionCall(call) => {
                if let Some(name) = self.constant(call) {
                    *val = ExprVal::Ident(name);
                } else {
                    self.call_args(call);
                }
            }
            ExprVal::Math(m) => {
                self.expr(&mut m.lhs);
                self.expr(&mut m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(&mut l.lhs);
                self.expr(&mut l.rhs);
            }
            ExprVal::Test(t) => t.args.iter_mut().for_each(|a| self.expr(a)),
            ExprVal::MacroCall(m) => m.args.values_mut().for_each(|a| self.expr(a)),
            ExprVal::Array(items) => items.iter_mut().for_each(|a| self.expr(a)),
            ExprVal::StringConcat(concat) => concat.values.iter_mut().for_each(|v| self.value(v)),
            ExprVal::In(i) => {
                self.expr(&mut i.lhs);
                self.expr(&mut i.rhs);
            }
            _ => {}
        }
    }

    /// The variable standing for `call`, if it is hoistable and its value could be computed.
    fn constant(&mut self, call: &FunctionCall) -> Option<String> {
        let index = self.constant_index(call)?;
        self.uses.insert(index);
        Some(self.constants[index].0.clone())
    }

    fn constant_index(&mut self, call: &FunctionCall) -> Option<usize> {
        if !HOISTABLE.contains(&call.name.as_str()) {
            return None;
        }
        let mut args = HashMap::new();
        for (name, expr) in &call.args {
            args.insert(name.clone(), literal(expr)?);
        }
        let sorted: BTreeMap<&String, &Value> = args.iter().collect();
        let key = format!(
            "{}{}{:?}",
            call.name,
            serde_json::to_string(&sorted).ok()?,
            self.fields
        );
        if let Some(known) = self.names.get(&key) {
            return *known;
        }
        let index = (self.eval)(&call.name, &args, &self.fields).map(|value| {
            self.constants
                .push((format!("{PREFIX}{}", self.constants.len()), value));
            self.constants.len() - 1
        });
        self.names.insert(key, index);
        index
    }
}

/// The value of a plain literal argument (no filters, not negated).
fn literal(expr: &Expr) -> Option<Value> {
    if expr.negated || !expr.filters.is_empty() {
        return None;
    }
    match &expr.val {
        ExprVal::String(s) => Some(Value::String(s.clone())),
        ExprVal::Int(i) => Some(Value::from(*i)),
        ExprVal::Float(f) => serde_json::Number::from_f64(*f).map(Value::Number),
        ExprVal::Bool(b) => Some(Value::Bool(*b)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_calls_become_variables_and_others_stay() {
        let mut tera = Tera::default();
        tera.add_raw_templates([
            ("base.html", "{% block b %}{% endblock b %}"),
            (
                "t.html",
                "{% extends \"base.html\" %}{% block b %}{% set s = get_section(path=\"a\") %}\
                 {{ get_section(path=\"a\") | length }}{{ get_section(path=p) }}{{ get_page(path=\"gone\") }}{% endblock b %}",
            ),
        ])
        .unwrap();
        let eval = |name: &str, args: &HashMap<String, Value>, _fields: &Fields| {
            (name == "get_section" && args["path"] == "a").then(|| serde_json::json!([1, 2]))
        };
        let usage = Usage::analyse(&tera);
        let constants = hoist(&mut tera, &usage, &eval);
        assert_eq!(
            constants.values,
            [(format!("{PREFIX}0"), serde_json::json!([1, 2]))]
        );
        assert_eq!(constants.by_template["t.html"], BTreeSet::from([0]));
        assert!(constants.by_template["base.html"].is_empty());
        let mut context = tera::Context::new();
        context.insert(format!("{PREFIX}0"), &serde_json::json!([1, 2]));
        context.insert("p", "x");
        let error = tera.render("t.html", &context).unwrap_err();
        // The call with a variable argument is still a call (and fails: no such function here).
        assert!(format!("{error:?}").contains("get_section"), "{error:?}");
    }
}
