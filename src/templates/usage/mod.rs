//! What templates read, found by walking their syntax trees once.
//!
//! Listings (a section's pages, a term's pages, neighbours, `get_section` results) hold
//! page objects of some thirty fields, and most templates read three or four of them. A
//! template gets listed pages with only the fields whose names it (or anything it extends,
//! includes or imports) reads from something other than the current page or section:
//! `page.content` and `page.toc` are the current page's own, but `p.content` on a loop
//! variable, or `page.lower.content`, may be a listed page's. The analysis is conservative:
//! anything it cannot follow (a subscript by variable, `json_encode`, iterating over an
//! object's keys, a variable named in an included template) gives listings every field.
//! Of the names a template reads, those that are fields of [`PageValue`] (its `FIELDS`, made
//! from the struct's own declaration) select what listed pages carry.

use std::collections::{BTreeSet, HashMap, HashSet};

use tera::ast::Node;
use tera::Tera;

use super::values::PageValue;
use walker::Walker;

mod walker;

/// The fields listed pages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fields {
    All,
    Only(BTreeSet<String>),
}

impl Fields {
    pub fn has(&self, field: &str) -> bool {
        match self {
            Fields::All => true,
            Fields::Only(names) => names.contains(field),
        }
    }

    /// Only the names that are fields of a page ([`PageValue::FIELDS`]): what a listed page
    /// is made of. Other names a template reads (a term's `name`, an index) select nothing.
    pub fn of_pages(self) -> Fields {
        match self {
            Fields::All => Fields::All,
            Fields::Only(names) => Fields::Only(
                (names.into_iter())
                    .filter(|name| PageValue::FIELDS.contains(&name.as_str()))
                    .collect(),
            ),
        }
    }

    fn union(self, other: Fields) -> Fields {
        match (self, other) {
            (Fields::Only(mut a), Fields::Only(b)) => {
                a.extend(b);
                Fields::Only(a)
            }
            _ => Fields::All,
        }
    }
}

/// What each template reads.
#[derive(Debug, Default)]
pub(crate) struct Usage {
    /// Templates each template reaches (itself, parents, includes, imported macros).
    closure: HashMap<String, BTreeSet<String>>,
    /// Field names each template's own nodes read (`None`: any field).
    names: HashMap<String, Option<BTreeSet<String>>>,
}

impl Usage {
    pub(crate) fn analyse(tera: &Tera) -> Usage {
        let included: HashSet<String> = tera
            .templates
            .values()
            .flat_map(|t| {
                let mut names = Vec::new();
                collect_includes(&t.ast, &mut names);
                t.blocks
                    .values()
                    .for_each(|b| collect_includes(&b.body, &mut names));
                names
            })
            .collect();
        let mut links: HashMap<String, BTreeSet<String>> = HashMap::new();
        let mut names = HashMap::new();
        for (name, template) in &tera.templates {
            let mut walker = Walker {
                scopes: Vec::new(),
                all_local: included.contains(name),
                names: BTreeSet::new(),
                any: false,
            };
            walker.nodes(&template.ast);
            for definition in template.macros.values() {
                walker
                    .scopes
                    .push(definition.args.keys().cloned().collect());
                walker.nodes(&definition.body);
                walker.scopes.pop();
            }
            for block in template.blocks.values() {
                walker.nodes(&block.body);
            }
            names.insert(name.clone(), (!walker.any).then_some(walker.names));
            let mut linked = BTreeSet::new();
            let mut includes = Vec::new();
            collect_includes(&template.ast, &mut includes);
            template
                .blocks
                .values()
                .for_each(|b| collect_includes(&b.body, &mut includes));
            linked.extend(includes);
            linked.extend(template.parents.iter().cloned());
            linked.extend(
                template
                    .imported_macro_files
                    .iter()
                    .map(|(file, _)| file.clone()),
            );
            links.insert(name.clone(), linked);
        }
        let closure = links
            .keys()
            .map(|name| (name.clone(), reach(name, &links)))
            .collect();
        Usage { closure, names }
    }

    /// The fields of listed pages that rendering `template` may read.
    pub(crate) fn fields(&self, template: &str) -> Fields {
        let Some(reached) = self.closure.get(template) else {
            return Fields::All;
        };
        let mut fields = Fields::Only(BTreeSet::new());
        for name in reached {
            match self.names.get(name) {
                Some(Some(own)) => fields = fields.union(Fields::Only(own.clone())),
                _ => return Fields::All,
            }
        }
        fields
    }

    /// The fields that values made in `template`'s own nodes need: those of every template
    /// that reaches it.
    pub(crate) fn fields_where_used(&self, template: &str) -> Fields {
        self.closure
            .iter()
            .filter(|(_, reached)| reached.contains(template))
            .fold(Fields::Only(BTreeSet::new()), |acc, (user, _)| {
                acc.union(self.fields(user))
            })
    }

    /// The templates `template` reaches, itself included.
    pub(crate) fn closure(&self, template: &str) -> impl Iterator<Item = &String> {
        self.closure.get(template).into_iter().flatten()
    }

    /// Whether rendering `template` may read the content of a listed page.
    #[cfg(test)]
    pub(crate) fn reads_listed_content(&self, template: &str) -> bool {
        self.fields(template).has("content")
    }
}

fn reach(name: &str, links: &HashMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![name.to_string()];
    while let Some(current) = stack.pop() {
        if seen.insert(current.clone()) {
            stack.extend(links.get(&current).into_iter().flatten().cloned());
        }
    }
    seen
}

fn collect_includes(nodes: &[Node], out: &mut Vec<String>) {
    for node in nodes {
        match node {
            Node::Include(_, names, _) => out.extend(names.iter().cloned()),
            Node::Block(_, block, _) => collect_includes(&block.body, out),
            Node::Forloop(_, forloop, _) => {
                collect_includes(&forloop.body, out);
                collect_includes(forloop.empty_body.as_deref().unwrap_or(&[]), out);
            }
            Node::If(branches, _) => {
                branches
                    .conditions
                    .iter()
                    .for_each(|(_, _, body)| collect_includes(body, out));
                collect_includes(branches.otherwise.as_ref().map_or(&[][..], |(_, b)| b), out);
            }
            Node::FilterSection(_, section, _) => collect_includes(&section.body, out),
            Node::MacroDefinition(_, definition, _) => collect_includes(&definition.body, out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(templates: &[(&str, &str)]) -> Usage {
        let mut tera = Tera::default();
        tera.add_raw_templates(templates.iter().copied()).unwrap();
        Usage::analyse(&tera)
    }

    #[test]
    fn the_current_page_content_is_not_a_listing() {
        let u = usage(&[
            ("base.html", "{% block main %}{% endblock main %}"),
            ("page.html", "{% extends \"base.html\" %}{% block main %}{{ page.content | safe }}{{ page.lower.title }}{% endblock main %}"),
            ("section.html", "{% for page in section.pages %}{{ page.summary }}{% endfor %}{{ section.content }}"),
        ]);
        assert!(!u.reads_listed_content("page.html"));
        assert!(!u.reads_listed_content("section.html"));
    }

    #[test]
    fn listed_content_is_seen_through_loops_macros_paths_and_filters() {
        for (name, text) in [
            (
                "a.html",
                "{% for p in section.pages %}{{ p.content }}{% endfor %}",
            ),
            ("b.html", "{{ page.higher.content }}"),
            ("c.html", "{{ section.pages[0].content }}"),
            (
                "d.html",
                "{% macro item(page) %}{{ page.content }}{% endmacro %}",
            ),
            (
                "e.html",
                "{{ section.pages | map(attribute=\"content\") | join }}",
            ),
            ("f.html", "{{ page[field] }}"),
            ("g.html", "{{ section.pages | json_encode() }}"),
            (
                "h.html",
                "{% set s = get_section(path=\"x\") %}{{ s.content }}",
            ),
        ] {
            assert!(usage(&[(name, text)]).reads_listed_content(name), "{text}");
        }
    }

    #[test]
    fn listings_carry_only_the_fields_templates_read() {
        let u = usage(&[
            ("list.html", "{% for t in terms %}{{ t.name }}{% for p in t.pages %}{{ p.title }}{% endfor %}{% endfor %}"),
            ("sorted.html", "{% for p in section.pages | sort(attribute=\"extra.order\") %}{{ p.permalink }}{% endfor %}"),
            ("any.html", "{% for k, v in page %}{{ v }}{% endfor %}"),
        ]);
        let names = |list: &[&str]| Fields::Only(list.iter().map(|s| s.to_string()).collect());
        assert_eq!(u.fields("list.html"), names(&["name", "pages", "title"]));
        // `section.pages` is the current section's own field; its pages' fields are read.
        assert_eq!(u.fields("sorted.html"), names(&["extra", "permalink"]));
        assert_eq!(u.fields("any.html"), Fields::All);
    }

    #[test]
    fn included_templates_count_every_name_as_local() {
        let u = usage(&[
            ("item.html", "{{ page.content }}"),
            (
                "list.html",
                "{% for page in section.pages %}{% include \"item.html\" %}{% endfor %}",
            ),
            ("other.html", "{{ page.title }}"),
        ]);
        assert!(u.reads_listed_content("list.html"));
        assert!(!u.reads_listed_content("other.html"));
        assert!(u.fields_where_used("item.html").has("content"));
    }
}
