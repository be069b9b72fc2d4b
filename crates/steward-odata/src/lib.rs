//! OData v4 query options (`$filter`, `$orderby`, `$select`, `$expand`, `$top`, `$skip`, `$count`)
//! parsed into an AST bound to the model. Pure: no I/O. Every error has a stable code and, for
//! `$filter`, the 0-based character position of the problem.

pub mod ast;
mod lexer;

pub use ast::*;
use lexer::{lex, Tok, Token};
use steward_model::{FieldType, Model, Table};

#[derive(Debug, Clone, PartialEq)]
pub struct ODataError {
    pub code: &'static str,
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

/// The most rows one page may hold.
pub const MAX_PAGE_SIZE: u64 = 1000;
/// Longest `$filter` accepted, in characters.
pub const MAX_FILTER_LEN: usize = 8000;
/// Deepest nesting of parentheses and `not` accepted in `$filter`.
pub const MAX_DEPTH: usize = 100;

fn err(code: &'static str, target: &str, position: Option<usize>, message: String) -> ODataError {
    ODataError {
        code,
        message,
        target: target.to_string(),
        position,
    }
}

/// A field path (`name`, `requested_by/name`) resolved against the model.
fn resolve_path(
    model: &Model,
    table: &Table,
    segments: &[(String, usize)],
    target: &str,
) -> Result<FieldRef, ODataError> {
    let mut t = table;
    let mut via = Vec::new();
    for (i, (seg, pos)) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        if last {
            let f = t.field(seg).ok_or_else(|| {
                err(
                    "unknown_field",
                    target,
                    Some(*pos),
                    format!(
                        "{} has no field '{seg}' (at position {pos} of {target})",
                        t.name
                    ),
                )
            })?;
            return Ok(FieldRef {
                via,
                field: f.name.clone(),
                table: t.name.clone(),
                ty: f.ty.clone(),
            });
        }
        let f = t.navigation(seg).ok_or_else(|| {
            err(
                "unknown_field",
                target,
                Some(*pos),
                format!(
                    "{} has no navigation property '{seg}' (at position {pos} of {target})",
                    t.name
                ),
            )
        })?;
        via.push(f.name.clone());
        t = model
            .table(f.ty.lookup_table().expect("navigation is a lookup"))
            .expect("lookup targets exist");
    }
    unreachable!("paths are never empty")
}

/// What an operand of a comparison turned out to be.
enum Operand {
    Field(FieldRef, usize),
    Lit(Literal, usize),
    Cond(Expr),
}

struct Parser<'a> {
    model: &'a Model,
    table: &'a Table,
    toks: Vec<Token>,
    at: usize,
    len: usize,
    depth: usize,
}

const TARGET: &str = "$filter";

fn syntax(pos: usize, message: String) -> ODataError {
    err(
        "invalid_filter",
        TARGET,
        Some(pos),
        format!("{message} at position {pos} of $filter"),
    )
}

fn mismatch(pos: usize, message: String) -> ODataError {
    err(
        "type_mismatch",
        TARGET,
        Some(pos),
        format!("{message} (at position {pos} of $filter)"),
    )
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.at)
    }
    fn pos(&self) -> usize {
        self.peek().map_or(self.len, |t| t.pos)
    }
    fn next(&mut self) -> Option<Token> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }
    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Token { tok: Tok::Word(x), .. }) if x == w)
    }
    fn expect(&mut self, tok: Tok, what: &str) -> Result<usize, ODataError> {
        match self.next() {
            Some(t) if t.tok == tok => Ok(t.pos),
            Some(t) => Err(syntax(
                t.pos,
                format!("expected {what} but found '{}'", t.text),
            )),
            None => Err(syntax(
                self.len,
                format!("expected {what} but the filter ended"),
            )),
        }
    }
    fn enter(&mut self) -> Result<(), ODataError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(syntax(
                self.pos(),
                format!("the filter nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn or_expr(&mut self) -> Result<Expr, ODataError> {
        let mut left = self.and_expr()?;
        while self.is_word("or") {
            self.next();
            let right = self.and_expr()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and_expr(&mut self) -> Result<Expr, ODataError> {
        let mut left = self.unary()?;
        while self.is_word("and") {
            self.next();
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Expr, ODataError> {
        if self.is_word("not") {
            self.next();
            self.enter()?;
            let inner = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, ODataError> {
        let left = self.operand()?;
        let op = match self.peek() {
            Some(Token {
                tok: Tok::Word(w), ..
            }) => match w.as_str() {
                "eq" => Some(CmpOp::Eq),
                "ne" => Some(CmpOp::Ne),
                "gt" => Some(CmpOp::Gt),
                "ge" => Some(CmpOp::Ge),
                "lt" => Some(CmpOp::Lt),
                "le" => Some(CmpOp::Le),
                "in" => None,
                _ => return self.condition(left),
            },
            _ => return self.condition(left),
        };
        let op_pos = self.pos();
        self.next();
        let Some(op) = op else {
            return self.in_list(left, op_pos);
        };
        let right = self.operand()?;
        match (left, right) {
            (Operand::Field(f, fpos), Operand::Lit(l, lpos)) => self.compare(f, fpos, op, l, lpos),
            (Operand::Lit(l, lpos), Operand::Field(f, fpos)) => {
                self.compare(f, fpos, flip(op), l, lpos)
            }
            (Operand::Field(_, _), Operand::Field(_, p)) => Err(syntax(
                p,
                "comparing two fields is not supported; compare a field with a value".into(),
            )),
            (Operand::Lit(_, p), Operand::Lit(_, _)) => {
                Err(syntax(p, "a comparison needs a field on one side".into()))
            }
            (Operand::Cond(_), _) | (_, Operand::Cond(_)) => {
                Err(syntax(op_pos, "a condition cannot be compared".into()))
            }
        }
    }

    /// An operand that stands alone must be a condition: a boolean field, `true`/`false`, or a call.
    fn condition(&mut self, operand: Operand) -> Result<Expr, ODataError> {
        match operand {
            Operand::Cond(e) => Ok(e),
            Operand::Field(f, pos) => match f.ty {
                FieldType::Bool => Ok(Expr::IsTrue(f)),
                _ => match self.peek() {
                    Some(t) => Err(syntax(
                        t.pos,
                        format!(
                            "expected an operator after '{}' but found '{}'",
                            f.field, t.text
                        ),
                    )),
                    None => Err(syntax(
                        pos,
                        format!("'{}' is not a condition; compare it with a value", f.field),
                    )),
                },
            },
            Operand::Lit(Literal::Bool(b), _) => Ok(Expr::Const(b)),
            Operand::Lit(_, pos) => Err(syntax(pos, "a value alone is not a condition".into())),
        }
    }

    fn in_list(&mut self, left: Operand, op_pos: usize) -> Result<Expr, ODataError> {
        let Operand::Field(field, _) = left else {
            return Err(syntax(op_pos, "'in' needs a field on its left".into()));
        };
        self.expect(Tok::Open, "'(' after 'in'")?;
        let mut values = Vec::new();
        loop {
            let (lit, pos) = match self.operand()? {
                Operand::Lit(l, p) => (l, p),
                _ => return Err(syntax(self.pos(), "an 'in' list holds values only".into())),
            };
            if lit == Literal::Null {
                return Err(mismatch(
                    pos,
                    "null cannot be in an 'in' list; use 'eq null'".into(),
                ));
            }
            values.push(coerce(self.model, &field, CmpOp::Eq, lit, pos)?);
            match self.next() {
                Some(Token {
                    tok: Tok::Comma, ..
                }) => continue,
                Some(Token {
                    tok: Tok::Close, ..
                }) => break,
                Some(t) => {
                    return Err(syntax(
                        t.pos,
                        format!(
                            "expected ',' or ')' in the 'in' list but found '{}'",
                            t.text
                        ),
                    ))
                }
                None => {
                    return Err(syntax(
                        self.len,
                        "the 'in' list is not closed with ')'".into(),
                    ))
                }
            }
        }
        Ok(Expr::In { field, values })
    }

    fn compare(
        &self,
        field: FieldRef,
        fpos: usize,
        op: CmpOp,
        lit: Literal,
        lpos: usize,
    ) -> Result<Expr, ODataError> {
        if lit == Literal::Null {
            if !matches!(op, CmpOp::Eq | CmpOp::Ne) {
                return Err(mismatch(
                    lpos,
                    "null can only be compared with 'eq' or 'ne'".into(),
                ));
            }
            return Ok(Expr::Compare {
                field,
                op,
                value: Literal::Null,
            });
        }
        let ordered = !matches!(op, CmpOp::Eq | CmpOp::Ne);
        if ordered && !field.ty.is_orderable() {
            return Err(mismatch(
                fpos,
                format!("'{}' cannot be compared with gt, ge, lt or le", field.field),
            ));
        }
        if matches!(field.ty, FieldType::Choices { .. }) {
            return Err(mismatch(
                fpos,
                format!(
                    "'{}' holds several codes: use contains({}, 'code')",
                    field.field, field.field
                ),
            ));
        }
        let value = coerce(self.model, &field, op, lit, lpos)?;
        Ok(Expr::Compare { field, op, value })
    }

    fn operand(&mut self) -> Result<Operand, ODataError> {
        let Some(tok) = self.next() else {
            return Err(syntax(
                self.len,
                "expected a field or a value but the filter ended".into(),
            ));
        };
        let pos = tok.pos;
        match tok.tok {
            Tok::Open => {
                self.enter()?;
                let e = self.or_expr()?;
                self.depth -= 1;
                self.expect(Tok::Close, "')'")?;
                Ok(Operand::Cond(e))
            }
            Tok::Str(s) => Ok(Operand::Lit(Literal::String(s), pos)),
            Tok::Lit(l) => Ok(Operand::Lit(l, pos)),
            Tok::Word(w) => {
                match w.as_str() {
                    "true" => return Ok(Operand::Lit(Literal::Bool(true), pos)),
                    "false" => return Ok(Operand::Lit(Literal::Bool(false), pos)),
                    "null" => return Ok(Operand::Lit(Literal::Null, pos)),
                    _ => {}
                }
                // Enum literal: Namespace.Type'code'.
                if w.contains('.') {
                    if let Some(Token {
                        tok: Tok::Str(s),
                        pos: p,
                        ..
                    }) = self.peek().cloned()
                    {
                        if p == pos + w.chars().count() {
                            self.next();
                            return Ok(Operand::Lit(Literal::String(s), pos));
                        }
                    }
                    return Err(syntax(pos, format!("unexpected '{w}'")));
                }
                if matches!(self.peek(), Some(Token { tok: Tok::Open, .. })) {
                    return self.call(&w, pos).map(Operand::Cond);
                }
                let mut segments = vec![(w, pos)];
                while matches!(
                    self.peek(),
                    Some(Token {
                        tok: Tok::Slash,
                        ..
                    })
                ) {
                    self.next();
                    match self.next() {
                        Some(Token {
                            tok: Tok::Word(w),
                            pos,
                            ..
                        }) => segments.push((w, pos)),
                        Some(t) => {
                            return Err(syntax(
                                t.pos,
                                format!("expected a field name after '/' but found '{}'", t.text),
                            ))
                        }
                        None => {
                            return Err(syntax(self.len, "expected a field name after '/'".into()))
                        }
                    }
                }
                if segments.len() > 3 {
                    return Err(syntax(
                        pos,
                        "a path may go through at most two lookups".into(),
                    ));
                }
                let f = resolve_path(self.model, self.table, &segments, TARGET)?;
                Ok(Operand::Field(f, segments.last().expect("non-empty").1))
            }
            _ => Err(syntax(pos, format!("unexpected '{}'", tok.text))),
        }
    }

    /// `contains(field, 'x')`, `startswith(...)`, `endswith(...)`.
    fn call(&mut self, name: &str, pos: usize) -> Result<Expr, ODataError> {
        let func = match name {
            "contains" => StringFn::Contains,
            "startswith" => StringFn::StartsWith,
            "endswith" => StringFn::EndsWith,
            other => {
                return Err(syntax(
                    pos,
                    format!(
                        "unknown function '{other}' (supported: contains, startswith, endswith)"
                    ),
                ))
            }
        };
        self.expect(Tok::Open, "'('")?;
        let field = match self.operand()? {
            Operand::Field(f, p) => (f, p),
            _ => {
                return Err(syntax(
                    pos,
                    format!("the first argument of {name} must be a field"),
                ))
            }
        };
        self.expect(Tok::Comma, "','")?;
        let value = match self.operand()? {
            Operand::Lit(Literal::String(s), _) => s,
            Operand::Lit(_, p) | Operand::Field(_, p) => {
                return Err(mismatch(
                    p,
                    format!("the second argument of {name} must be a string"),
                ))
            }
            Operand::Cond(_) => {
                return Err(mismatch(
                    pos,
                    format!("the second argument of {name} must be a string"),
                ))
            }
        };
        self.expect(Tok::Close, "')'")?;
        let (field, fpos) = field;
        match &field.ty {
            FieldType::Text { .. } | FieldType::Memo => Ok(Expr::Str { func, field, value }),
            FieldType::Choices { set } if func == StringFn::Contains => {
                if !self.model.choice_set(set).is_some_and(|s| s.has(&value)) {
                    return Err(err(
                        "invalid_choice",
                        TARGET,
                        Some(fpos),
                        format!("'{value}' is not a code of '{}'", field.field),
                    ));
                }
                Ok(Expr::Str { func, field, value })
            }
            _ => Err(mismatch(
                fpos,
                format!("{name} works on text fields; '{}' is not one", field.field),
            )),
        }
    }
}

fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        other => other,
    }
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().ok();
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d)
}

fn is_datetime(s: &str) -> bool {
    let Some((date, time)) = s.split_once('T') else {
        return false;
    };
    if !is_date(date) || time.len() < 8 {
        return false;
    }
    let b = time.as_bytes();
    let num = |r: std::ops::Range<usize>| time.get(r).and_then(|x| x.parse::<u32>().ok());
    let hms = b[2] == b':'
        && b[5] == b':'
        && num(0..2).is_some_and(|h| h < 24)
        && num(3..5).is_some_and(|m| m < 60)
        && num(6..8).is_some_and(|s| s < 61);
    if !hms {
        return false;
    }
    let mut rest = &time[8..];
    if let Some(frac) = rest.strip_prefix('.') {
        let digits = frac.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 {
            return false;
        }
        rest = &frac[digits..];
    }
    rest == "Z" || rest == "z" || {
        let r = rest.as_bytes();
        r.len() == 6
            && (r[0] == b'+' || r[0] == b'-')
            && r[3] == b':'
            && rest[1..3].parse::<u32>().is_ok_and(|h| h < 24)
            && rest[4..6].parse::<u32>().is_ok_and(|m| m < 60)
    }
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.char_indices().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// Check a literal against a field's type, converting where OData allows it.
fn coerce(
    model: &Model,
    field: &FieldRef,
    _op: CmpOp,
    lit: Literal,
    pos: usize,
) -> Result<Literal, ODataError> {
    let name = &field.field;
    let bad = |what: &str| {
        Err(mismatch(
            pos,
            format!("'{name}' is {what}; the value does not fit"),
        ))
    };
    match (&field.ty, lit) {
        (FieldType::Text { .. } | FieldType::Memo, l @ Literal::String(_)) => Ok(l),
        (FieldType::Text { .. } | FieldType::Memo, _) => bad("text: use a quoted string"),
        (FieldType::Int { .. }, l @ Literal::Int(_)) => Ok(l),
        (FieldType::Int { .. }, _) => bad("a whole number"),
        (FieldType::Money, l @ (Literal::Int(_) | Literal::Decimal(_))) => Ok(l),
        (FieldType::Money, _) => bad("an amount"),
        (FieldType::Bool, l @ Literal::Bool(_)) => Ok(l),
        (FieldType::Bool, _) => bad("true or false"),
        (FieldType::Date, l @ Literal::Date(_)) => Ok(l),
        (FieldType::Date, Literal::String(s)) if is_date(&s) => Ok(Literal::Date(s)),
        (FieldType::Date, _) => bad("a date like 2024-05-01"),
        (FieldType::DateTime, l @ Literal::DateTime(_)) => Ok(l),
        (FieldType::DateTime, Literal::Date(d)) => Ok(Literal::DateTime(format!("{d}T00:00:00Z"))),
        (FieldType::DateTime, Literal::String(s)) if is_datetime(&s) => Ok(Literal::DateTime(s)),
        (FieldType::DateTime, Literal::String(s)) if is_date(&s) => {
            Ok(Literal::DateTime(format!("{s}T00:00:00Z")))
        }
        (FieldType::DateTime, _) => bad("an instant like 2024-05-01T10:00:00Z"),
        (FieldType::Uuid | FieldType::Lookup { .. }, Literal::Uuid(u)) => {
            Ok(Literal::Uuid(u.to_ascii_lowercase()))
        }
        (FieldType::Uuid | FieldType::Lookup { .. }, Literal::String(s)) if is_uuid(&s) => {
            Ok(Literal::Uuid(s.to_ascii_lowercase()))
        }
        (FieldType::Uuid | FieldType::Lookup { .. }, _) => bad("an id (a UUID)"),
        (FieldType::Choice { set }, Literal::String(s)) => {
            let set = model.choice_set(set).expect("choice sets resolve");
            if set.has(&s) {
                Ok(Literal::String(s))
            } else {
                Err(err(
                    "invalid_choice",
                    TARGET,
                    Some(pos),
                    format!(
                        "'{s}' is not a code of '{name}' ({}) at position {pos} of $filter",
                        set.label
                    ),
                ))
            }
        }
        (FieldType::Choice { .. }, _) => bad("a choice: use its code as a quoted string"),
        (FieldType::Choices { .. }, _) => bad("several codes: use contains(field, 'code')"),
    }
}

/// Parse a `$filter` expression.
pub fn parse_filter(model: &Model, table: &Table, text: &str) -> Result<Expr, ODataError> {
    let len = text.chars().count();
    if len > MAX_FILTER_LEN {
        return Err(syntax(
            MAX_FILTER_LEN,
            format!("the filter is longer than {MAX_FILTER_LEN} characters"),
        ));
    }
    let toks = lex(text).map_err(|(pos, msg)| syntax(pos, msg))?;
    if toks.is_empty() {
        return Err(syntax(0, "the filter is empty".into()));
    }
    let mut p = Parser {
        model,
        table,
        toks,
        at: 0,
        len,
        depth: 0,
    };
    let e = p.or_expr()?;
    if let Some(t) = p.peek() {
        return Err(syntax(t.pos, format!("unexpected '{}'", t.text)));
    }
    Ok(e)
}

/// Split on commas that are not inside parentheses or quotes, keeping each part's start offset.
fn split_top(text: &str) -> Vec<(usize, &str)> {
    let mut parts = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            '\'' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                parts.push((start, &text[start..i]));
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push((start, &text[start..]));
    parts
}

/// Parse `$orderby`: `path [asc|desc], ...`.
pub fn parse_orderby(model: &Model, table: &Table, text: &str) -> Result<Vec<OrderBy>, ODataError> {
    let mut out = Vec::new();
    for (start, part) in split_top(text) {
        let mut words = part.split_whitespace();
        let Some(path) = words.next() else {
            return Err(err(
                "invalid_orderby",
                "$orderby",
                Some(start),
                format!("an empty sort key at position {start} of $orderby"),
            ));
        };
        let desc = match words.next() {
            None | Some("asc") => false,
            Some("desc") => true,
            Some(other) => {
                return Err(err(
                    "invalid_orderby",
                    "$orderby",
                    Some(start),
                    format!("'{other}' is not asc or desc (in $orderby)"),
                ))
            }
        };
        if words.next().is_some() {
            return Err(err(
                "invalid_orderby",
                "$orderby",
                Some(start),
                format!("'{}' has more than a path and a direction", part.trim()),
            ));
        }
        let offset = start + part.find(path).unwrap_or(0);
        let mut segments = Vec::new();
        let mut at = offset;
        for seg in path.split('/') {
            segments.push((seg.to_string(), at));
            at += seg.chars().count() + 1;
        }
        if segments.len() > 3 || segments.iter().any(|(s, _)| s.is_empty()) {
            return Err(err(
                "invalid_orderby",
                "$orderby",
                Some(offset),
                format!("'{path}' is not a field path"),
            ));
        }
        let field = resolve_path(model, table, &segments, "$orderby")?;
        if !field.ty.is_orderable() {
            return Err(err(
                "invalid_orderby",
                "$orderby",
                Some(offset),
                format!("'{}' cannot be sorted by", field.field),
            ));
        }
        out.push(OrderBy { field, desc });
    }
    Ok(out)
}

/// Parse `$select`: own field names, or `*`.
pub fn parse_select(table: &Table, text: &str) -> Result<Vec<String>, ODataError> {
    select_in(table, text, "$select")
}

fn select_in(table: &Table, text: &str, target: &str) -> Result<Vec<String>, ODataError> {
    let mut out: Vec<String> = Vec::new();
    for (start, part) in split_top(text) {
        let name = part.trim();
        if name == "*" {
            return Ok(table.fields.iter().map(|f| f.name.clone()).collect());
        }
        if name.is_empty() {
            return Err(err(
                "invalid_select",
                target,
                Some(start),
                format!("an empty field name at position {start} of {target}"),
            ));
        }
        let f = table.field(name).ok_or_else(|| {
            err(
                "unknown_field",
                target,
                Some(start),
                format!("{} has no field '{name}' (in {target})", table.name),
            )
        })?;
        if !out.contains(&f.name) {
            out.push(f.name.clone());
        }
    }
    Ok(out)
}

/// Parse `$expand`: navigation properties, each optionally with `($select=...)`.
pub fn parse_expand(model: &Model, table: &Table, text: &str) -> Result<Vec<Expand>, ODataError> {
    let mut out = Vec::new();
    for (start, part) in split_top(text) {
        let part = part.trim();
        let (nav, options) = match part.find('(') {
            Some(i) => {
                let inner = part[i + 1..].strip_suffix(')').ok_or_else(|| {
                    err(
                        "invalid_expand",
                        "$expand",
                        Some(start),
                        format!("'{part}' does not close its options with ')'"),
                    )
                })?;
                (part[..i].trim(), Some(inner))
            }
            None => (part, None),
        };
        let field = table.navigation(nav).ok_or_else(|| {
            err(
                "invalid_expand",
                "$expand",
                Some(start),
                format!(
                    "{} has no navigation property '{nav}' to expand",
                    table.name
                ),
            )
        })?;
        let target = model
            .table(field.ty.lookup_table().expect("lookup"))
            .expect("target exists");
        let mut select = None;
        if let Some(options) = options {
            for opt in options.split(';').filter(|o| !o.trim().is_empty()) {
                let (name, value) = opt.split_once('=').unwrap_or((opt, ""));
                match name.trim() {
                    "$select" => select = Some(select_in(target, value, "$expand")?),
                    other => {
                        return Err(err(
                            "invalid_expand",
                            "$expand",
                            Some(start),
                            format!("'{other}' is not supported inside $expand (only $select is)"),
                        ))
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

fn number(code: &'static str, target: &str, text: &str) -> Result<u64, ODataError> {
    text.trim().parse::<u64>().map_err(|_| {
        err(
            code,
            target,
            Some(0),
            format!("{target} must be a whole number of at least 0, not '{text}'"),
        )
    })
}

/// Parse every query option from decoded (name, value) pairs. Names not starting with `$` are ignored.
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
                name,
                None,
                format!("{name} is given more than once"),
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
                    other => return Err(err("invalid_count", "$count", Some(0), format!("$count must be true or false, not '{other}'"))),
                }
            }
            other => {
                return Err(err(
                    "unknown_query_option",
                    other,
                    None,
                    format!("'{other}' is not a supported query option ($filter, $select, $orderby, $expand, $top, $skip, $count)"),
                ))
            }
        }
    }
    Ok(q)
}

#[cfg(test)]
mod tests;
