//! `$orderby`, `$select`, `$expand`, `$top`, `$skip`, `$count`, and all options of a request.

use crate::literal::type_name;
use crate::{err, parse_filter, resolve_path, short, Expand, ODataError, OrderBy, Query};
use steward_model::{Model, Table};

/// Split on `sep` where it is not inside parentheses or quotes. Each part comes with the character
/// offset of its start.
fn split_top(text: &str, sep: char) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted) = (0i64, false);
    let (mut start_byte, mut start_char) = (0, 0);
    for (ci, (bi, c)) in text.char_indices().enumerate() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            c if c == sep && !quoted && depth == 0 => {
                parts.push((start_char, &text[start_byte..bi]));
                start_byte = bi + c.len_utf8();
                start_char = ci + 1;
            }
            _ => {}
        }
    }
    parts.push((start_char, &text[start_byte..]));
    parts
}

/// Trim whitespace off a part, moving its position past what was trimmed.
fn trim(pos: usize, s: &str) -> (usize, &str) {
    let rest = s.trim_start();
    (
        pos + s[..s.len() - rest.len()].chars().count(),
        rest.trim_end(),
    )
}

/// A snake_case name as the model uses (`requested_by_id`).
fn is_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Parse `$orderby`: `path [asc|desc], ...`, where a path is a field of the table or, through
/// one or two lookups, of a related table (`requested_by/name`).
pub fn parse_orderby(model: &Model, table: &Table, text: &str) -> Result<Vec<OrderBy>, ODataError> {
    const T: &str = "$orderby";
    let bad = |pos: usize, message: String| err("invalid_orderby", T, Some(pos), message);
    let mut out = Vec::new();
    for (start, raw) in split_top(text, ',') {
        let (pos, part) = trim(start, raw);
        if part.is_empty() {
            return Err(bad(pos, "an empty sort key".into()));
        }
        let path_end = part.find(char::is_whitespace).unwrap_or(part.len());
        let path = &part[..path_end];
        let (dpos, rest) = trim(pos + path.chars().count(), &part[path_end..]);
        let dir_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let desc = match &rest[..dir_end] {
            "" | "asc" => false,
            "desc" => true,
            other => {
                return Err(
                    bad(dpos, format!("'{}' is not a sort direction", short(other)))
                        .hint("use asc or desc"),
                )
            }
        };
        let (apos, after) = trim(dpos + rest[..dir_end].chars().count(), &rest[dir_end..]);
        if !after.is_empty() {
            return Err(bad(
                apos,
                format!("unexpected '{}' after the sort direction", short(after)),
            )
            .hint("separate sort keys with commas"));
        }
        let mut segments = Vec::new();
        let mut at = pos;
        for seg in path.split('/') {
            if !is_ident(seg) {
                let what = if seg.is_empty() {
                    "an empty field name".to_string()
                } else {
                    format!("'{}' is not a field name", short(seg))
                };
                return Err(bad(at, what));
            }
            segments.push((seg.to_string(), at));
            at += seg.chars().count() + 1;
        }
        if segments.len() > 3 {
            return Err(bad(
                pos,
                format!("'{}' goes through more than two lookups", short(path)),
            ));
        }
        let field = resolve_path(model, table, &segments, T)?;
        if !field.ty.is_orderable() {
            return Err(bad(
                pos,
                format!(
                    "'{}' is {} and cannot be sorted by",
                    field.field,
                    type_name(&field.ty)
                ),
            ));
        }
        out.push(OrderBy { field, desc });
    }
    Ok(out)
}

/// Parse `$select`: the table's own field names, comma-separated; `*` means every field (in
/// declaration order). Repeated names are kept once.
pub fn parse_select(table: &Table, text: &str) -> Result<Vec<String>, ODataError> {
    select_in(table, text, "$select", 0)
}

/// A `$select` list that starts at `offset` in the text of option `target`.
fn select_in(
    table: &Table,
    text: &str,
    target: &str,
    offset: usize,
) -> Result<Vec<String>, ODataError> {
    let bad = |pos: usize, message: String| err("invalid_select", target, Some(pos), message);
    let mut out: Vec<String> = Vec::new();
    let mut all = false;
    for (start, raw) in split_top(text, ',') {
        let (pos, name) = trim(offset + start, raw);
        if name.is_empty() {
            return Err(bad(pos, "an empty field name".into()));
        }
        if name == "*" {
            all = true;
            continue;
        }
        if name.contains('/') {
            return Err(bad(
                pos,
                format!(
                    "'{}' is a path, but only the table's own fields can be selected",
                    short(name)
                ),
            )
            .hint("for fields of a related record use $expand=nav($select=field)"));
        }
        if !is_ident(name) {
            return Err(bad(pos, format!("'{}' is not a field name", short(name))));
        }
        let Some(f) = table.public_field(name) else {
            let hint = match table.navigation(name) {
                Some(f) => format!(
                    "'{name}' is a navigation property: select '{}' or expand it with $expand={name}",
                    f.name
                ),
                None => String::new(),
            };
            return Err(err(
                "unknown_field",
                target,
                Some(pos),
                format!("{} has no field '{name}'", table.name),
            )
            .hint(&hint));
        };
        if !out.contains(&f.name) {
            out.push(f.name.clone());
        }
    }
    if all {
        return Ok(table.public_fields().map(|f| f.name.clone()).collect());
    }
    Ok(out)
}

/// Parse `$expand`: navigation properties (one level), each optionally with a nested `$select`:
/// `requested_by($select=name,email),assigned_to`.
pub fn parse_expand(model: &Model, table: &Table, text: &str) -> Result<Vec<Expand>, ODataError> {
    const T: &str = "$expand";
    let bad = |pos: usize, message: String| err("invalid_expand", T, Some(pos), message);
    let mut out: Vec<Expand> = Vec::new();
    for (start, raw) in split_top(text, ',') {
        let (pos, part) = trim(start, raw);
        if part.is_empty() {
            return Err(bad(pos, "an empty navigation property".into()));
        }
        let open = part.find('(');
        let nav = part[..open.unwrap_or(part.len())].trim_end();
        if nav == "*" {
            return Err(bad(
                pos,
                "expanding every navigation property (*) is not supported".into(),
            )
            .hint("name the navigation properties to expand"));
        }
        if nav.contains('/') {
            return Err(bad(
                pos,
                format!(
                    "'{}' expands more than one level, which is not supported",
                    short(nav)
                ),
            ));
        }
        let Some(field) = table.navigation(nav) else {
            let hint = match table.public_field(nav) {
                Some(f) => match f.navigation_name() {
                    Some(n) => format!("expand '{n}', the navigation property of '{nav}'"),
                    None => format!("'{nav}' is {}, not a lookup", type_name(&f.ty)),
                },
                None => String::new(),
            };
            return Err(bad(
                pos,
                format!(
                    "{} has no navigation property '{}' to expand",
                    table.name,
                    short(nav)
                ),
            )
            .hint(&hint));
        };
        if out.iter().any(|e| e.nav == nav) {
            return Err(bad(pos, format!("'{nav}' is expanded twice")));
        }
        let to = field.ty.lookup_table().unwrap_or_default();
        let target = model.table(to).ok_or_else(|| {
            bad(
                pos,
                format!("'{nav}' leads to table '{to}', which the model does not have"),
            )
        })?;
        let mut select = None;
        if let Some(i) = open {
            let open_pos = pos + part[..i].chars().count();
            let Some(inner) = part[i + 1..].strip_suffix(')') else {
                return Err(bad(
                    open_pos,
                    format!("the '(' after '{nav}' is not closed with ')'"),
                ));
            };
            for (ostart, oraw) in split_top(inner, ';') {
                let (opos, opt) = trim(open_pos + 1 + ostart, oraw);
                if opt.is_empty() {
                    continue;
                }
                let Some((name, value)) = opt.split_once('=') else {
                    return Err(bad(
                        opos,
                        format!("expected $select=... but found '{}'", short(opt)),
                    ));
                };
                match name.trim_end() {
                    "$select" if select.is_none() => {
                        let vpos = opos + name.chars().count() + 1;
                        select = Some(select_in(target, value, T, vpos)?);
                    }
                    "$select" => {
                        return Err(bad(opos, format!("$select is given twice for '{nav}'")))
                    }
                    other => {
                        return Err(bad(
                            opos,
                            format!("'{}' is not supported inside $expand", short(other)),
                        )
                        .hint("only $select is"))
                    }
                }
            }
        }
        out.push(Expand {
            nav: nav.to_string(),
            field: field.name.clone(),
            table: target.name.clone(),
            select,
        });
    }
    Ok(out)
}

/// A non-negative whole number (`$top`, `$skip`).
fn number(code: &'static str, target: &str, text: &str) -> Result<u64, ODataError> {
    let expected = format!("{target} is a whole number of at least 0");
    if text.is_empty() {
        return Err(err(code, target, Some(0), format!("{target} is empty")).hint(&expected));
    }
    if let Some((i, c)) = text.chars().enumerate().find(|(_, c)| !c.is_ascii_digit()) {
        return Err(err(
            code,
            target,
            Some(i),
            format!("'{}' is not a number: unexpected '{c}'", short(text)),
        )
        .hint(&expected));
    }
    text.parse::<u64>().map_err(|_| {
        err(
            code,
            target,
            Some(0),
            format!("{target}={} is too large", short(text)),
        )
    })
}

/// Parse all query options from already percent-decoded (name, value) pairs. Names that do not
/// start with `$` are ignored; an unknown `$` option is `unknown_query_option` and a repeated one
/// `duplicate_query_option`. `$top` is not clamped to [`crate::MAX_PAGE_SIZE`]: the caller does.
pub fn parse_query(
    model: &Model,
    table: &Table,
    params: &[(String, String)],
) -> Result<Query, ODataError> {
    let mut q = Query::default();
    let mut seen: Vec<&str> = Vec::new();
    for (name, value) in params {
        if !name.starts_with('$') {
            continue;
        }
        if seen.contains(&name.as_str()) {
            return Err(err(
                "duplicate_query_option",
                &short(name),
                None,
                format!("{} is given more than once", short(name)),
            ));
        }
        seen.push(name);
        match name.as_str() {
            "$filter" => q.filter = Some(parse_filter(model, table, value)?),
            "$orderby" => q.orderby = parse_orderby(model, table, value)?,
            "$select" => q.select = Some(parse_select(table, value)?),
            "$expand" => q.expand = parse_expand(model, table, value)?,
            "$top" => q.top = Some(number("invalid_top", "$top", value)?),
            "$skip" => q.skip = Some(number("invalid_skip", "$skip", value)?),
            "$count" => {
                q.count = match value.as_str() {
                    "true" => true,
                    "false" => false,
                    other => {
                        return Err(err(
                            "invalid_count",
                            "$count",
                            None,
                            format!("$count must be true or false, not '{}'", short(other)),
                        ))
                    }
                }
            }
            other => {
                let known = [
                    "$filter", "$orderby", "$select", "$expand", "$top", "$skip", "$count",
                ];
                let lower = other.to_ascii_lowercase();
                let hint = if known.contains(&lower.as_str()) {
                    format!("query options are lower case: {lower}")
                } else {
                    format!("the supported options are {}", known.join(", "))
                };
                return Err(err(
                    "unknown_query_option",
                    &short(other),
                    None,
                    format!("'{}' is not a supported query option", short(other)),
                )
                .hint(&hint));
            }
        }
    }
    Ok(q)
}
