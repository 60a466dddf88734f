//! The walk over one template's syntax tree that finds the names it reads below variables,
//! and whether it may read any field at all.

use std::collections::{BTreeSet, HashSet};

use tera::ast::{Expr, ExprVal, FunctionCall, Node};

/// The context variables that hold the current page or section itself.
const CURRENT: &[&str] = &["page", "section"];

pub(super) struct Walker {
    /// Every field name read below a variable.
    pub(super) names: BTreeSet<String>,
    /// Set when the template may read any field (subscript by variable, `json_encode`, ...).
    pub(super) any: bool,
    /// Local names (loop variables, macro arguments, `set` targets) in scope.
    pub(super) scopes: Vec<HashSet<String>>,
    /// In an included template every name may be the includer's local variable.
    pub(super) all_local: bool,
}

impl Walker {
    fn is_local(&self, name: &str) -> bool {
        self.all_local || self.scopes.iter().any(|s| s.contains(name))
    }

    pub(super) fn nodes(&mut self, nodes: &[Node]) {
        // `set` targets count as local for the whole body they appear in.
        let set_here: HashSet<String> = nodes
            .iter()
            .filter_map(|n| match n {
                Node::Set(_, set) => Some(set.key.clone()),
                _ => None,
            })
            .collect();
        self.scopes.push(set_here);
        for node in nodes {
            self.node(node);
        }
        self.scopes.pop();
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::VariableBlock(_, expr) => self.expr(expr),
            Node::Set(_, set) => self.expr(&set.value),
            Node::FilterSection(_, section, _) => {
                self.call(&section.filter);
                self.nodes(&section.body);
            }
            Node::Block(_, block, _) => self.nodes(&block.body),
            Node::Forloop(_, forloop, _) => {
                // Iterating over an object's keys reads all of its fields.
                self.any |= forloop.key.is_some();
                self.expr(&forloop.container);
                let mut names: HashSet<String> = forloop.key.iter().cloned().collect();
                names.insert(forloop.value.clone());
                self.scopes.push(names);
                self.nodes(&forloop.body);
                self.scopes.pop();
                if let Some(body) = &forloop.empty_body {
                    self.nodes(body);
                }
            }
            Node::If(branches, _) => {
                for (_, condition, body) in &branches.conditions {
                    self.expr(condition);
                    self.nodes(body);
                }
                if let Some((_, body)) = &branches.otherwise {
                    self.nodes(body);
                }
            }
            Node::MacroDefinition(_, definition, _) => {
                self.scopes.push(definition.args.keys().cloned().collect());
                self.nodes(&definition.body);
                self.scopes.pop();
            }
            _ => {}
        }
    }

    fn expr(&mut self, expr: &Expr) {
        self.value(&expr.val);
        for filter in &expr.filters {
            self.call(filter);
        }
    }

    fn call(&mut self, call: &FunctionCall) {
        if call.name == "json_encode" {
            self.any = true;
        }
        // `get(key=...)`, `map(attribute=...)`, `sort(attribute=...)`, ... name a field.
        for arg in ["key", "attribute"] {
            let Some(expr) = call.args.get(arg) else {
                continue;
            };
            match (&expr.val, expr.filters.is_empty()) {
                (ExprVal::String(name), true) => {
                    let field = name.split('.').next().unwrap_or(name);
                    self.names.insert(field.to_string());
                }
                _ => self.any = true,
            }
        }
        call.args.values().for_each(|a| self.expr(a));
    }

    fn value(&mut self, val: &ExprVal) {
        match val {
            ExprVal::Ident(path) => self.ident(path),
            ExprVal::FunctionCall(call) => self.call(call),
            ExprVal::Math(m) => {
                self.expr(&m.lhs);
                self.expr(&m.rhs);
            }
            ExprVal::Logic(l) => {
                self.expr(&l.lhs);
                self.expr(&l.rhs);
            }
            ExprVal::Test(t) => {
                self.ident(&t.ident);
                t.args.iter().for_each(|a| self.expr(a));
            }
            ExprVal::MacroCall(m) => m.args.values().for_each(|a| self.expr(a)),
            ExprVal::Array(items) => items.iter().for_each(|a| self.expr(a)),
            ExprVal::StringConcat(concat) => concat.values.iter().for_each(|v| self.value(v)),
            ExprVal::In(i) => {
                self.expr(&i.lhs);
                self.expr(&i.rhs);
            }
            _ => {}
        }
    }

    /// `a.b.c`, `a["b"]`, `a[0]`, `a[var]`.
    fn ident(&mut self, path: &str) {
        if path == "__tera_context" {
            self.any = true;
            return;
        }
        let mut segments = Vec::new();
        for part in path.split('.') {
            let mut rest = part;
            if let Some(open) = rest.find('[') {
                segments.push(rest[..open].to_string());
                rest = &rest[open..];
                while let Some(inner) = rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
                    let (index, after) = inner;
                    let index = index.trim().trim_matches(['"', '\'']);
                    if index.chars().all(|c| c.is_ascii_digit())
                        || inner.0.trim().starts_with(['"', '\''])
                    {
                        segments.push(index.to_string());
                    } else {
                        // A subscript by variable can name any field.
                        self.any = true;
                        self.ident(index);
                    }
                    rest = after;
                }
            } else {
                segments.push(rest.to_string());
            }
        }
        let Some(root) = segments.first() else {
            return;
        };
        // `page.toc` is the current page's own field; `page.lower.toc`, `p.toc` on a loop
        // variable and `term.pages.0.toc` may be a listed page's.
        let current = !self.is_local(root) && CURRENT.contains(&root.as_str());
        let skip = if current { 2 } else { 1 };
        self.names.extend(segments.iter().skip(skip).cloned());
    }
}
