//! The `$filter` parser, binding names and literals to the model as it goes.
//!
//! `and`, `or`, `not` and parentheses are parsed with an explicit stack (see
//! [`Parser::expression`]), so the call stack does not grow with the input's nesting; nothing
//! else nests. Nesting and tree height are still bounded ([`MAX_DEPTH`], [`MAX_HEIGHT`]) so that
//! whoever walks the tree (the SQL compiler, `Debug`, `Drop`) stays shallow too.

use crate::lexer::{lex, Tok, Token};
use crate::literal::{check_code, coerce, describe, type_name};
use crate::{
    err, resolve_path, short, CmpOp, Expr, FieldRef, Literal, ODataError, StringFn, MAX_DEPTH,
    MAX_FILTER_LEN, MAX_HEIGHT,
};
use steward_model::{FieldType, Model, Table};

const TARGET: &str = "$filter";

/// Words that are never field names.
const KEYWORDS: &[&str] = &[
    "and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "in", "has",
];

fn syntax(pos: usize, message: impl Into<String>) -> ODataError {
    err("invalid_filter", TARGET, Some(pos), message)
}

fn mismatch(pos: usize, message: impl Into<String>) -> ODataError {
    err("type_mismatch", TARGET, Some(pos), message)
}

/// A parsed condition and the height of its tree.
struct Node {
    e: Expr,
    h: usize,
}

impl Node {
    fn leaf(e: Expr) -> Node {
        Node { e, h: 1 }
    }
}

/// Pending work of [`Parser::expression`]: an open `not` or `(`, or the left side of `and`/`or`
/// (with the operator's position).
enum Frame {
    Not(usize),
    Paren(usize),
    And(Node, usize),
    Or(Node, usize),
}

/// What an operand of a comparison turned out to be, with its position.
enum Operand {
    Field(FieldRef, usize),
    Lit(Literal, usize),
    Cond(Node, usize),
}

fn cmp_op(word: &str) -> Option<CmpOp> {
    Some(match word {
        "eq" => CmpOp::Eq,
        "ne" => CmpOp::Ne,
        "gt" => CmpOp::Gt,
        "ge" => CmpOp::Ge,
        "lt" => CmpOp::Lt,
        "le" => CmpOp::Le,
        _ => return None,
    })
}

fn op_name(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "eq",
        CmpOp::Ne => "ne",
        CmpOp::Gt => "gt",
        CmpOp::Ge => "ge",
        CmpOp::Lt => "lt",
        CmpOp::Le => "le",
    }
}

/// `5 lt x` is `x gt 5`.
fn flip(op: CmpOp) -> CmpOp {
    match op {
        CmpOp::Gt => CmpOp::Lt,
        CmpOp::Ge => CmpOp::Le,
        CmpOp::Lt => CmpOp::Gt,
        CmpOp::Le => CmpOp::Ge,
        other => other,
    }
}

struct Parser<'a> {
    model: &'a Model,
    table: &'a Table,
    toks: Vec<Token>,
    at: usize,
    /// Length of the text in characters: the position of "the end".
    len: usize,
    /// Open parentheses and `not`s around the current point.
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.at)
    }

    fn bump(&mut self) -> Option<Token> {
        let t = self.toks.get(self.at).cloned();
        self.at += 1;
        t
    }

    fn peek_is(&self, tok: &Tok) -> bool {
        self.peek().is_some_and(|t| &t.tok == tok)
    }

    fn peek_word(&self, w: &str) -> bool {
        self.peek().is_some_and(|t| t.is_word(w))
    }

    /// Where the next token is, or the end.
    fn pos(&self) -> usize {
        self.peek().map_or(self.len, |t| t.pos)
    }

    /// The next token for a message: `token ')'`, or `the end of the filter`.
    fn found(&self) -> String {
        match self.peek() {
            Some(t) => format!("token '{}'", short(&t.text)),
            None => "the end of the filter".into(),
        }
    }

    fn expect(&mut self, tok: Tok, what: &str) -> Result<usize, ODataError> {
        if self.peek_is(&tok) {
            let pos = self.pos();
            self.at += 1;
            return Ok(pos);
        }
        Err(syntax(
            self.pos(),
            format!("expected {what} but found {}", self.found()),
        ))
    }

    fn enter(&mut self, pos: usize) -> Result<(), ODataError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(syntax(
                pos,
                format!("parentheses and 'not' nest deeper than {MAX_DEPTH} levels"),
            ));
        }
        Ok(())
    }

    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// A node over children of the given heights, if not too tall.
    fn node(&self, e: Expr, child: usize, pos: usize) -> Result<Node, ODataError> {
        let h = child + 1;
        if h > MAX_HEIGHT {
            return Err(syntax(
                pos,
                format!(
                    "the filter is too complex: more than {MAX_HEIGHT} levels of and, or and not"
                ),
            )
            .hint("use 'in' for long lists of values"));
        }
        Ok(Node { e, h })
    }

    /// A whole expression: `or` of `and`s of (possibly negated, possibly parenthesised)
    /// comparisons. Parentheses and `not` are kept on an explicit stack rather than by recursion,
    /// so the call stack stays the same however deep the input nests.
    fn expression(&mut self) -> Result<Node, ODataError> {
        let mut stack: Vec<Frame> = Vec::new();
        'operand: loop {
            // Prefixes: any mix of `not` and `(`.
            while let Some(t) = self.peek() {
                let pos = t.pos;
                let frame = if t.is_word("not") {
                    Frame::Not(pos)
                } else if t.tok == Tok::Open {
                    Frame::Paren(pos)
                } else {
                    break;
                };
                self.at += 1;
                self.enter(pos)?;
                stack.push(frame);
            }
            let mut node = self.comparison()?;
            loop {
                // `not` applies to the comparison or group just completed.
                while let Some(&Frame::Not(pos)) = stack.last() {
                    stack.pop();
                    self.leave();
                    node = self.node(Expr::Not(Box::new(node.e)), node.h, pos)?;
                }
                if self.peek_word("and") {
                    let pos = self.pos();
                    self.at += 1;
                    if let Some(Frame::And(..)) = stack.last() {
                        node = self.reduce(&mut stack, node)?;
                    }
                    stack.push(Frame::And(node, pos));
                    continue 'operand;
                }
                // Anything else ends the and/or chain of the current group.
                while let Some(Frame::And(..) | Frame::Or(..)) = stack.last() {
                    node = self.reduce(&mut stack, node)?;
                }
                if self.peek_word("or") {
                    let pos = self.pos();
                    self.at += 1;
                    stack.push(Frame::Or(node, pos));
                    continue 'operand;
                }
                match stack.last() {
                    Some(&Frame::Paren(open)) => {
                        if !self.peek_is(&Tok::Close) {
                            return Err(syntax(
                                self.pos(),
                                format!(
                                    "expected ')' to close the '(' at {open} but found {}",
                                    self.found()
                                ),
                            ));
                        }
                        self.at += 1;
                        stack.pop();
                        self.leave();
                        node = self.after_group(node)?;
                    }
                    // The end, or a token the caller reports.
                    _ => return Ok(node),
                }
            }
        }
    }

    /// Combine the `and`/`or` frame on top of the stack with its right operand.
    fn reduce(&self, stack: &mut Vec<Frame>, right: Node) -> Result<Node, ODataError> {
        match stack.pop() {
            Some(Frame::And(left, pos)) => {
                let h = left.h.max(right.h);
                self.node(Expr::And(Box::new(left.e), Box::new(right.e)), h, pos)
            }
            Some(Frame::Or(left, pos)) => {
                let h = left.h.max(right.h);
                self.node(Expr::Or(Box::new(left.e), Box::new(right.e)), h, pos)
            }
            _ => unreachable!("reduce is called with an and/or frame on top"),
        }
    }

    /// After `( ... )`: the group may be compared with true or false (`(a or b) eq false`).
    fn after_group(&mut self, group: Node) -> Result<Node, ODataError> {
        let Some(op) = self.peek().and_then(|t| match &t.tok {
            Tok::Word(w) => cmp_op(w),
            _ => None,
        }) else {
            return Ok(group);
        };
        self.at += 1;
        match self.operand()? {
            Operand::Lit(l, lpos) => self.compare_cond(group, op, l, lpos),
            Operand::Field(_, p) => Err(syntax(p, "a condition cannot be compared with a field")),
            Operand::Cond(_, p) => {
                Err(syntax(p, "a condition cannot be compared with a condition"))
            }
        }
    }

    fn comparison(&mut self) -> Result<Node, ODataError> {
        let left = self.operand()?;
        let Some(t) = self.peek() else {
            return self.condition(left);
        };
        let op_pos = t.pos;
        if t.is_word("in") {
            self.at += 1;
            return self.in_list(left, op_pos).map(Node::leaf);
        }
        let Some(op) = (match &t.tok {
            Tok::Word(w) => cmp_op(w),
            _ => None,
        }) else {
            return self.condition(left);
        };
        self.at += 1;
        let right = self.operand()?;
        match (left, right) {
            (Operand::Field(f, fpos), Operand::Lit(l, lpos)) => {
                self.compare(f, fpos, op, l, lpos).map(Node::leaf)
            }
            (Operand::Lit(l, lpos), Operand::Field(f, fpos)) => {
                self.compare(f, fpos, flip(op), l, lpos).map(Node::leaf)
            }
            (Operand::Cond(c, _), Operand::Lit(l, lpos))
            | (Operand::Lit(l, lpos), Operand::Cond(c, _)) => self.compare_cond(c, op, l, lpos),
            (Operand::Field(..), Operand::Field(f, p)) => Err(syntax(
                p,
                format!(
                    "comparing with another field ('{}') is not supported",
                    f.field
                ),
            )
            .hint("compare a field with a value")),
            (Operand::Lit(..), Operand::Lit(_, p)) => Err(syntax(
                p,
                "a comparison needs a field on one side, but both sides are values",
            )),
            (Operand::Cond(..), Operand::Field(_, p))
            | (Operand::Field(..), Operand::Cond(_, p)) => {
                Err(syntax(p, "a condition cannot be compared with a field"))
            }
            (Operand::Cond(..), Operand::Cond(_, p)) => {
                Err(syntax(p, "a condition cannot be compared with a condition"))
            }
        }
    }

    /// `contains(name,'x') eq true` is `contains(name,'x')`; with `false` (or `ne true`), its negation.
    fn compare_cond(
        &self,
        c: Node,
        op: CmpOp,
        lit: Literal,
        lpos: usize,
    ) -> Result<Node, ODataError> {
        let Literal::Bool(b) = lit else {
            return Err(mismatch(
                lpos,
                format!(
                    "a condition can only be compared with true or false, not {}",
                    describe(&lit)
                ),
            ));
        };
        match op {
            CmpOp::Eq if b => Ok(c),
            CmpOp::Ne if !b => Ok(c),
            CmpOp::Eq | CmpOp::Ne => self.node(Expr::Not(Box::new(c.e)), c.h, lpos),
            _ => Err(mismatch(
                lpos,
                format!("a condition cannot be compared with {}", op_name(op)),
            )),
        }
    }

    /// Is the next token where a condition may end (end, `and`, `or`, `)`)?
    fn at_boundary(&self) -> bool {
        match self.peek() {
            None => true,
            Some(t) => t.is_word("and") || t.is_word("or") || t.tok == Tok::Close,
        }
    }

    /// An operand that stands alone must be a condition: a boolean field, `true`/`false`, a call
    /// or a parenthesised condition.
    fn condition(&mut self, operand: Operand) -> Result<Node, ODataError> {
        match operand {
            Operand::Cond(n, _) => Ok(n),
            Operand::Lit(Literal::Bool(b), _) => Ok(Node::leaf(Expr::Const(b))),
            Operand::Field(f, _) if f.ty == FieldType::Bool => Ok(Node::leaf(Expr::IsTrue(f))),
            Operand::Field(f, pos) if self.at_boundary() => Err(mismatch(
                pos,
                format!(
                    "'{}' is {}, not true or false, so it cannot stand alone as a condition",
                    f.field,
                    type_name(&f.ty)
                ),
            )
            .hint(&format!("compare it with a value, e.g. {} eq ...", f.field))),
            Operand::Lit(l, pos) if self.at_boundary() => Err(mismatch(
                pos,
                format!("the value {} alone is not a condition", describe(&l)),
            )),
            Operand::Field(f, _) => Err(syntax(
                self.pos(),
                format!(
                    "expected an operator (eq, ne, gt, ge, lt, le, in) after '{}' but found {}",
                    f.field,
                    self.found()
                ),
            )),
            Operand::Lit(l, _) => Err(syntax(
                self.pos(),
                format!(
                    "expected an operator after {} but found {}",
                    describe(&l),
                    self.found()
                ),
            )),
        }
    }

    fn compare(
        &self,
        field: FieldRef,
        fpos: usize,
        op: CmpOp,
        lit: Literal,
        lpos: usize,
    ) -> Result<Expr, ODataError> {
        let ordered = !matches!(op, CmpOp::Eq | CmpOp::Ne);
        if lit == Literal::Null {
            if ordered {
                return Err(mismatch(
                    lpos,
                    format!(
                        "null cannot be compared with {}, only with eq or ne",
                        op_name(op)
                    ),
                ));
            }
            return Ok(Expr::Compare {
                field,
                op,
                value: Literal::Null,
            });
        }
        if let FieldType::Choices { .. } = field.ty {
            return Err(mismatch(
                fpos,
                format!(
                    "'{}' holds several codes and cannot be compared with {}",
                    field.field,
                    op_name(op)
                ),
            )
            .hint(&format!("use contains({}, 'code')", field.field)));
        }
        if ordered && !field.ty.is_orderable() {
            return Err(mismatch(
                fpos,
                format!(
                    "'{}' is {} and cannot be compared with {}",
                    field.field,
                    type_name(&field.ty),
                    op_name(op)
                ),
            )
            .hint("use eq, ne or a string function"));
        }
        let value = coerce(self.model, &field, lit, lpos)?;
        Ok(Expr::Compare { field, op, value })
    }

    /// After `field in`: `(v1, v2, ...)`.
    fn in_list(&mut self, left: Operand, op_pos: usize) -> Result<Expr, ODataError> {
        let field = match left {
            Operand::Field(f, _) => f,
            _ => return Err(syntax(op_pos, "'in' needs a field on its left")),
        };
        self.expect(Tok::Open, "'(' after 'in'")?;
        if self.peek_is(&Tok::Close) {
            return Err(syntax(self.pos(), "the 'in' list is empty"));
        }
        let mut values = Vec::new();
        loop {
            let (lit, pos) = match self.operand()? {
                Operand::Lit(l, p) => (l, p),
                Operand::Field(_, p) | Operand::Cond(_, p) => {
                    return Err(syntax(p, "an 'in' list holds values only"))
                }
            };
            if lit == Literal::Null {
                return Err(mismatch(pos, "null cannot be in an 'in' list")
                    .hint(&format!("use {} eq null", field.field)));
            }
            values.push(coerce(self.model, &field, lit, pos)?);
            if self.peek_is(&Tok::Comma) {
                self.at += 1;
                continue;
            }
            self.expect(Tok::Close, "',' or ')' in the 'in' list")?;
            break;
        }
        Ok(Expr::In { field, values })
    }

    fn operand(&mut self) -> Result<Operand, ODataError> {
        let Some(tok) = self.bump() else {
            return Err(syntax(
                self.len,
                "expected a field or a value but found the end of the filter",
            ));
        };
        let pos = tok.pos;
        match tok.tok {
            Tok::Str(s) => Ok(Operand::Lit(Literal::String(s), pos)),
            Tok::Lit(l) => Ok(Operand::Lit(l, pos)),
            Tok::Open | Tok::Close | Tok::Comma | Tok::Slash => Err(syntax(
                pos,
                format!(
                    "expected a field or a value but found token '{}'",
                    short(&tok.text)
                ),
            )),
            Tok::Word(w) => self.word(w, pos),
        }
    }

    /// A name: a constant, an enum literal, a function call or a field path.
    fn word(&mut self, w: String, pos: usize) -> Result<Operand, ODataError> {
        match w.as_str() {
            "true" => return Ok(Operand::Lit(Literal::Bool(true), pos)),
            "false" => return Ok(Operand::Lit(Literal::Bool(false), pos)),
            "null" => return Ok(Operand::Lit(Literal::Null, pos)),
            k if KEYWORDS.contains(&k) => {
                return Err(syntax(
                    pos,
                    format!("expected a field or a value but found token '{k}'"),
                ))
            }
            _ => {}
        }
        if w.contains('.') {
            // Enum literal: Namespace.Type'code', written without spaces.
            if let Some(Token {
                tok: Tok::Str(s),
                pos: p,
                ..
            }) = self.peek()
            {
                if *p == pos + w.chars().count() {
                    let s = s.clone();
                    self.at += 1;
                    return Ok(Operand::Lit(Literal::String(s), pos));
                }
            }
            return Err(syntax(pos, format!("unexpected token '{w}'"))
                .hint("navigate with '/' (requested_by/name); enum values are written Namespace.Type'code'"));
        }
        if self.peek_is(&Tok::Open) {
            return self
                .call(&w, pos)
                .map(|e| Operand::Cond(Node::leaf(e), pos));
        }
        let mut segments = vec![(w, pos)];
        while self.peek_is(&Tok::Slash) {
            self.at += 1;
            match self.bump() {
                Some(Token {
                    tok: Tok::Word(w),
                    pos,
                    ..
                }) if !w.contains('.') => segments.push((w, pos)),
                Some(t) => {
                    return Err(syntax(
                        t.pos,
                        format!(
                            "expected a field name after '/' but found token '{}'",
                            short(&t.text)
                        ),
                    ))
                }
                None => {
                    return Err(syntax(
                        self.len,
                        "expected a field name after '/' but found the end of the filter",
                    ))
                }
            }
        }
        if segments.len() > 3 {
            let path: Vec<&str> = segments.iter().map(|(s, _)| s.as_str()).collect();
            return Err(syntax(
                segments[3].1,
                format!("'{}' goes through more than two lookups", path.join("/")),
            ));
        }
        let f = resolve_path(self.model, self.table, &segments, TARGET)?;
        let fpos = segments.last().map_or(pos, |s| s.1);
        Ok(Operand::Field(f, fpos))
    }

    /// Refuse a call of a string function as an argument of another before parsing it: no
    /// argument may be one, and parsing `contains(contains(contains(...` first would recurse once
    /// per level, past any stack.
    fn no_call_inside(&self, name: &str, nth: &str, takes: &str) -> Result<(), ODataError> {
        let inner = self.peek().filter(|t| {
            STRING_FUNCTIONS.iter().any(|f| t.is_word(f))
                && self
                    .toks
                    .get(self.at + 1)
                    .is_some_and(|n| n.tok == Tok::Open)
        });
        match inner {
            Some(t) => Err(syntax(
                t.pos,
                format!(
                    "the {nth} argument of {name} must be {takes}, not a call of {}",
                    t.text
                ),
            )),
            None => Ok(()),
        }
    }

    /// `contains(field, 'x')`, `startswith(...)`, `endswith(...)`.
    fn call(&mut self, name: &str, pos: usize) -> Result<Expr, ODataError> {
        let func = match name {
            "contains" => StringFn::Contains,
            "startswith" => StringFn::StartsWith,
            "endswith" => StringFn::EndsWith,
            other => {
                return Err(syntax(pos, format!("unknown function '{other}'"))
                    .hint("the functions are contains, startswith and endswith"))
            }
        };
        self.expect(Tok::Open, "'('")?;
        self.no_call_inside(name, "first", "a field")?;
        let (field, fpos) = match self.operand()? {
            Operand::Field(f, p) => (f, p),
            Operand::Lit(_, p) | Operand::Cond(_, p) => {
                return Err(syntax(
                    p,
                    format!("the first argument of {name} must be a field"),
                ))
            }
        };
        self.expect(
            Tok::Comma,
            &format!("',' after the first argument of {name}"),
        )?;
        self.no_call_inside(name, "second", "a quoted string")?;
        let (value, vpos) = match self.operand()? {
            Operand::Lit(Literal::String(s), p) => (s, p),
            Operand::Lit(l, p) => {
                return Err(mismatch(
                    p,
                    format!(
                        "{} cannot be the second argument of {name}, which takes a quoted string",
                        describe(&l)
                    ),
                ))
            }
            Operand::Field(_, p) | Operand::Cond(_, p) => {
                return Err(syntax(
                    p,
                    format!("the second argument of {name} must be a quoted string"),
                ))
            }
        };
        self.expect(Tok::Close, &format!("')' to close {name}("))?;
        match &field.ty {
            FieldType::Text { .. } | FieldType::Memo => Ok(Expr::Str { func, field, value }),
            FieldType::Choices { set } if func == StringFn::Contains => {
                let set = set.clone();
                let value = match check_code(self.model, &field, &set, value, vpos)? {
                    Literal::String(s) => s,
                    _ => unreachable!("check_code returns the code"),
                };
                Ok(Expr::Str { func, field, value })
            }
            FieldType::Choices { .. } => Err(mismatch(
                fpos,
                format!(
                    "{name} does not work on '{}', which holds several codes",
                    field.field
                ),
            )
            .hint(&format!("use contains({}, 'code')", field.field))),
            other => Err(mismatch(
                fpos,
                format!(
                    "{name} works on text fields, but '{}' is {}",
                    field.field,
                    type_name(other)
                ),
            )),
        }
    }
}

/// The functions [`Parser::call`] knows.
const STRING_FUNCTIONS: [&str; 3] = ["contains", "startswith", "endswith"];

/// Parse a `$filter` expression.
pub fn parse(model: &Model, table: &Table, text: &str) -> Result<Expr, ODataError> {
    let len = text.chars().count();
    if len > MAX_FILTER_LEN {
        return Err(syntax(
            MAX_FILTER_LEN,
            format!("the filter is {len} characters long, more than the {MAX_FILTER_LEN} accepted"),
        ));
    }
    if let Some((pos, c)) = steward_model::forbidden_char(text) {
        return Err(err(
            "invalid_character",
            TARGET,
            Some(pos),
            format!(
                "the control character U+{:04X} cannot appear in a filter",
                c as u32
            ),
        ));
    }
    let toks = lex(text).map_err(|(pos, msg)| syntax(pos, msg))?;
    if toks.is_empty() {
        return Err(syntax(0, "the filter is empty"));
    }
    let mut p = Parser {
        model,
        table,
        toks,
        at: 0,
        len,
        depth: 0,
    };
    let node = p.expression()?;
    if let Some(t) = p.peek() {
        let hint = match &t.tok {
            Tok::Close => "no '(' is open here".to_string(),
            Tok::Word(w) if matches!(w.as_str(), "AND" | "OR" | "NOT" | "EQ" | "NE") => {
                format!("keywords are lower case: {}", w.to_lowercase())
            }
            Tok::Word(w) if cmp_op(w).is_some() || w == "in" => {
                "one comparison cannot follow another; join them with and / or".to_string()
            }
            _ => "expected and, or, or the end of the filter".to_string(),
        };
        return Err(syntax(t.pos, format!("unexpected token '{}'", short(&t.text))).hint(&hint));
    }
    Ok(node.e)
}
