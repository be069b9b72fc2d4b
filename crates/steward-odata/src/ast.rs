//! The query AST, bound to the model: every field reference is resolved and typed.

use steward_model::FieldType;

/// A (possibly navigated) reference to a field: `name`, or `requested_by/name` through a lookup.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldRef {
    /// Lookup fields walked from the queried table, e.g. `["requested_by_id"]`; empty for own fields.
    pub via: Vec<String>,
    /// The field's name on the last table of the path.
    pub field: String,
    /// The table that holds `field`.
    pub table: String,
    pub ty: FieldType,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Literal {
    Null,
    Bool(bool),
    Int(i64),
    /// A decimal number literal, kept as written (`12.50`).
    Decimal(String),
    String(String),
    /// `YYYY-MM-DD`.
    Date(String),
    /// An RFC 3339 instant as written (`2024-05-01T10:00:00Z`).
    DateTime(String),
    /// A hyphenated UUID.
    Uuid(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StringFn {
    Contains,
    StartsWith,
    EndsWith,
}

/// A boolean `$filter` expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    /// `field op literal` (a literal on the left is normalised to the right, flipping the operator).
    /// `eq null` / `ne null` are `Compare` with `Literal::Null`.
    Compare {
        field: FieldRef,
        op: CmpOp,
        value: Literal,
    },
    /// `field in (a, b, c)`; the list is never empty.
    In {
        field: FieldRef,
        values: Vec<Literal>,
    },
    /// `contains(field, 'x')`, `startswith(...)`, `endswith(...)` on a text-like field.
    /// For a `choices` field, `contains(field, 'code')` means "holds that code".
    Str {
        func: StringFn,
        field: FieldRef,
        value: String,
    },
    /// A bare boolean field used as a condition (`is_active`), or `true`/`false`.
    IsTrue(FieldRef),
    Const(bool),
}

#[derive(Debug, Clone, PartialEq)]
pub struct OrderBy {
    pub field: FieldRef,
    pub desc: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Expand {
    /// The navigation property as written (`requested_by`).
    pub nav: String,
    /// The lookup field it follows (`requested_by_id`).
    pub field: String,
    /// The target table.
    pub table: String,
    /// Nested `$select` of the target's fields; `None` means all of them.
    pub select: Option<Vec<String>>,
}

/// All query options of one request, parsed and bound.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Query {
    pub filter: Option<Expr>,
    /// Own field names to return; `None` means every field.
    pub select: Option<Vec<String>>,
    pub orderby: Vec<OrderBy>,
    pub expand: Vec<Expand>,
    pub top: Option<u64>,
    pub skip: Option<u64>,
    pub count: bool,
}
