//! OData v4 query options (`$filter`, `$orderby`, `$select`, `$expand`, `$top`, `$skip`, `$count`)
//! parsed into an AST bound to the model. Pure: no I/O.
//!
//! Every error has a stable [`ODataError::code`], names the option it is about in
//! [`ODataError::target`] and, when the problem is at one place, the 0-based character offset of
//! that place in the option's text; the message says the same in plain English
//! (`unexpected token ')' at position 14 of $filter`).
//!
//! Error codes: `invalid_filter` (syntax), `unknown_field`, `type_mismatch`, `invalid_choice`,
//! `invalid_orderby`, `invalid_select`, `invalid_expand`, `invalid_top`, `invalid_skip`,
//! `invalid_count`, `unknown_query_option`, `duplicate_query_option`.
//!
//! Grammar notes: keywords are case-sensitive and lower case, as in OData. Precedence is
//! `not` > comparison > `and` > `or`, with `not` applying to the comparison that follows it
//! (`not priority eq 'high'` is `not (priority eq 'high')`).

pub mod ast;
mod filter;
mod lexer;
mod literal;
mod options;

pub use ast::*;
pub use options::{parse_expand, parse_orderby, parse_query, parse_select};
use steward_model::{Model, Table};

#[derive(Debug, Clone, PartialEq)]
pub struct ODataError {
    /// A stable, machine-readable code (`invalid_filter`, `unknown_field`...).
    pub code: &'static str,
    /// Plain English, naming the token or field and the position.
    pub message: String,
    /// The query option the error is about (`$filter`).
    pub target: String,
    /// 0-based character offset in that option's text.
    pub position: Option<usize>,
}

impl std::fmt::Display for ODataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for ODataError {}

impl ODataError {
    /// Add advice after the message.
    pub(crate) fn hint(mut self, hint: &str) -> Self {
        if !hint.is_empty() {
            self.message.push_str("; ");
            self.message.push_str(hint);
        }
        self
    }
}

/// The most rows one page may hold. `$top` above it is not an error: the caller clamps.
pub const MAX_PAGE_SIZE: u64 = 1000;
/// Longest `$filter` accepted, in characters.
pub const MAX_FILTER_LEN: usize = 8000;
/// Deepest nesting of parentheses and `not` accepted in `$filter`.
pub const MAX_DEPTH: usize = 100;
/// Tallest `$filter` expression tree accepted: every `and`, `or` and `not` adds a level, so a chain
/// `a or b or c ...` of n terms is n levels tall. This keeps the SQL compiled from it well under
/// SQLite's expression depth limit (1000).
pub const MAX_HEIGHT: usize = 500;

/// An error about `target`; with a position, the message says where.
pub(crate) fn err(
    code: &'static str,
    target: &str,
    position: Option<usize>,
    message: impl Into<String>,
) -> ODataError {
    let mut message = message.into();
    if let Some(p) = position {
        message.push_str(&format!(" at position {p} of {target}"));
    }
    ODataError {
        code,
        message,
        target: target.to_string(),
        position,
    }
}

/// User text quoted in a message, cut to a readable length.
pub(crate) fn short(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// A field path (`name`, `requested_by/name`), as (segment, position) pairs, resolved against the
/// model: every segment but the last is a navigation property.
pub(crate) fn resolve_path(
    model: &Model,
    table: &Table,
    segments: &[(String, usize)],
    target: &str,
) -> Result<FieldRef, ODataError> {
    let mut t = table;
    let mut via = Vec::new();
    let Some(((last, last_pos), hops)) = segments.split_last() else {
        return Err(err("unknown_field", target, None, "an empty field path"));
    };
    for (seg, pos) in hops {
        let Some(f) = t.navigation(seg) else {
            let hint = match t.public_field(seg) {
                Some(f) if f.navigation_name().is_some() => format!(
                    "navigate with '{}', not with its field",
                    f.navigation_name().unwrap_or_default()
                ),
                Some(_) => format!("'{seg}' is a field, not a lookup to go through"),
                None => String::new(),
            };
            return Err(err(
                "unknown_field",
                target,
                Some(*pos),
                format!("{} has no navigation property '{seg}'", t.name),
            )
            .hint(&hint));
        };
        via.push(f.name.clone());
        let to = f.ty.lookup_table().unwrap_or_default();
        t = model.table(to).ok_or_else(|| {
            err(
                "unknown_field",
                target,
                Some(*pos),
                format!("'{seg}' leads to table '{to}', which the model does not have"),
            )
        })?;
    }
    let Some(f) = t.public_field(last) else {
        let hint = match t.navigation(last) {
            Some(f) => format!(
                "'{last}' is a navigation property: use its field '{}', or a field through it like {last}/name",
                f.name
            ),
            None => String::new(),
        };
        return Err(err(
            "unknown_field",
            target,
            Some(*last_pos),
            format!("{} has no field '{last}'", t.name),
        )
        .hint(&hint));
    };
    Ok(FieldRef {
        via,
        field: f.name.clone(),
        table: t.name.clone(),
        ty: f.ty.clone(),
    })
}

/// `text` as an OData string literal (`'O''Brien'`), for filters built from what people type.
pub fn string_literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Parse a `$filter` expression.
pub fn parse_filter(model: &Model, table: &Table, text: &str) -> Result<Expr, ODataError> {
    filter::parse(model, table, text)
}

#[cfg(test)]
mod tests;
