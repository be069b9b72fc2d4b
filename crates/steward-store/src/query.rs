//! The query compiler: a bound OData query and the caller's read scope to SQL with bound parameters.
//! The scope is part of the SQL of every read — the listed table, every joined table and every
//! `$expand`ed table — so that no filter, sort, count or expansion can reach a row the caller may not
//! read.

use crate::sql::{q, Kind, SqlBuf};
use crate::Dialect;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use steward_domain::value::{parse_date, parse_datetime};
use steward_domain::Value;
use steward_model::{Field, FieldType, Model, Table};
use steward_odata::{CmpOp, Expr, FieldRef, Literal, OrderBy, StringFn};
use uuid::Uuid;

/// Which rows of a table a read may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowScope {
    pub rows: Rows,
    /// A boolean column whose true rows are hidden (internal notes from callers without the right).
    pub hide_flagged: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rows {
    /// Every row.
    All,
    /// No row.
    Nothing,
    /// Rows the person owns or created, rows that name the person in one of `subject` (the person
    /// a request is for, the reviewer of an approval), and rows owned by one of the units.
    Within {
        person: Uuid,
        units: Vec<Uuid>,
        subject: &'static [&'static str],
        /// Fields that also reach the person's delegators: rows naming, there, someone who has
        /// an active delegation to the person whose window holds `at` (a delegate's inbox).
        delegated: &'static [&'static str],
        at: time::OffsetDateTime,
    },
}

/// The table of delegations that `Rows::Within::delegated` reads, and its fields.
const DELEGATIONS: &str = "approval_delegation";

impl RowScope {
    /// Every row, nothing hidden.
    pub const ALL: RowScope = RowScope {
        rows: Rows::All,
        hide_flagged: None,
    };

    pub fn new(rows: Rows) -> RowScope {
        RowScope {
            rows,
            hide_flagged: None,
        }
    }
}

/// The read scope of each table, for a caller.
pub type Scopes<'a> = &'a (dyn Fn(&str) -> RowScope + Sync);

/// Append the scope's predicate on `alias` (nothing for every row), each part preceded by `joiner`.
pub fn scope_sql(scope: &RowScope, alias: &str, joiner: &str, out: &mut SqlBuf) {
    match &scope.rows {
        Rows::All => {}
        Rows::Nothing => {
            out.push(joiner).push("1 = 0");
        }
        Rows::Within {
            person,
            units,
            subject,
            delegated,
            at,
        } => {
            out.push(joiner).push(&format!("({alias}.\"owner_id\" = "));
            out.uuid(*person);
            out.push(&format!(" OR {alias}.\"created_by_id\" = "));
            out.uuid(*person);
            for field in *subject {
                out.push(&format!(" OR {alias}.{} = ", q(field)));
                out.uuid(*person);
            }
            if !units.is_empty() {
                out.push(&format!(" OR {alias}.\"owning_unit_id\" IN ("));
                for (i, u) in units.iter().enumerate() {
                    if i > 0 {
                        out.push(", ");
                    }
                    out.uuid(*u);
                }
                out.push(")");
            }
            for field in *delegated {
                out.push(&format!(
                    " OR {alias}.{} IN (SELECT d.\"delegator_id\" FROM {} d WHERE d.\"delegate_id\" = ",
                    q(field),
                    q(DELEGATIONS)
                ));
                out.uuid(*person);
                out.push(" AND d.\"state\" = ").text("active");
                out.push(" AND d.\"starts_on\" <= ");
                out.param(Value::DateTime(*at), Kind::DateTime);
                out.push(" AND d.\"ends_on\" > ");
                out.param(Value::DateTime(*at), Kind::DateTime);
                out.push(")");
            }
            out.push(")");
        }
    }
    if let Some(flag) = scope.hide_flagged {
        out.push(joiner).push(&format!(
            "({alias}.{} IS NULL OR {alias}.{} = ",
            q(flag),
            q(flag)
        ));
        out.param(Value::Bool(false), Kind::Bool);
        out.push(")");
    }
}

/// What one list read asks for.
#[derive(Clone)]
pub struct ListSpec<'a> {
    pub filter: Option<&'a Expr>,
    pub orderby: &'a [OrderBy],
    /// Own columns to return.
    pub columns: Vec<&'a Field>,
    pub limit: u64,
    pub offset: u64,
    /// The caller's read scope of every table.
    pub scopes: Scopes<'a>,
}

/// Joins needed by navigated field references, keyed by the lookup path.
struct Joins<'a> {
    aliases: BTreeMap<Vec<String>, String>,
    sql: SqlBuf,
    scopes: Scopes<'a>,
}

impl<'a> Joins<'a> {
    fn new(dialect: Dialect, scopes: Scopes<'a>) -> Self {
        Joins {
            aliases: BTreeMap::new(),
            sql: SqlBuf::new(dialect),
            scopes,
        }
    }
    /// The alias of the table a path of lookups leads to, adding LEFT JOINs as needed.
    fn alias(&mut self, model: &Model, root: &Table, via: &[String]) -> String {
        if via.is_empty() {
            return "t".into();
        }
        if let Some(a) = self.aliases.get(via) {
            return a.clone();
        }
        let parent_alias = self.alias(model, root, &via[..via.len() - 1]);
        // Walk the model along the path to find the target table of the last hop.
        let mut table = root;
        for hop in &via[..via.len() - 1] {
            table = model
                .table(
                    table
                        .field(hop)
                        .and_then(|f| f.ty.lookup_table())
                        .expect("bound path"),
                )
                .expect("bound path");
        }
        let last = via.last().expect("non-empty");
        let target = table
            .field(last)
            .and_then(|f| f.ty.lookup_table())
            .expect("bound path");
        let alias = format!("j{}", self.aliases.len() + 1);
        self.sql.push(&format!(
            " LEFT JOIN {} {alias} ON {alias}.\"id\" = {parent_alias}.{}",
            q(target),
            q(last)
        ));
        // A row the caller may not read joins as if the lookup were empty.
        scope_sql(&(self.scopes)(target), &alias, " AND ", &mut self.sql);
        self.aliases.insert(via.to_vec(), alias.clone());
        alias
    }
}

/// Convert a bound literal to a value of the field's storage kind.
fn literal_value(lit: &Literal, ty: &FieldType) -> Value {
    match lit {
        Literal::Null => Value::Null,
        Literal::Bool(b) => Value::Bool(*b),
        Literal::Int(i) => match ty {
            FieldType::Money => Value::Decimal(Decimal::from(*i)),
            _ => Value::Int(*i),
        },
        Literal::Decimal(s) => s.parse().map(Value::Decimal).unwrap_or(Value::Null),
        Literal::String(s) => Value::Text(s.clone()),
        Literal::Date(s) => match ty {
            FieldType::DateTime => parse_datetime(&format!("{s}T00:00:00Z"))
                .map(Value::DateTime)
                .unwrap_or(Value::Null),
            _ => parse_date(s).map(Value::Date).unwrap_or(Value::Null),
        },
        Literal::DateTime(s) => parse_datetime(s)
            .map(Value::DateTime)
            .unwrap_or(Value::Null),
        Literal::Uuid(s) => Uuid::parse_str(s).map(Value::Uuid).unwrap_or(Value::Null),
    }
}

fn op_sql(op: CmpOp) -> &'static str {
    match op {
        CmpOp::Eq => "=",
        CmpOp::Ne => "<>",
        CmpOp::Gt => ">",
        CmpOp::Ge => ">=",
        CmpOp::Lt => "<",
        CmpOp::Le => "<=",
    }
}

/// Escape LIKE wildcards so that user text matches literally.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

struct Compiler<'a> {
    model: &'a Model,
    table: &'a Table,
    joins: Joins<'a>,
    /// How many `not`s enclose the expression being compiled.
    negated: usize,
}

impl Compiler<'_> {
    /// Open a comparison. OData comparisons are two-valued (null compares false), but SQL's yield
    /// NULL on a null column, which `NOT` keeps NULL and so drops the row: under a `not`, a
    /// comparison also requires the column to be known. Returns whether `close` must add that.
    fn open_known(&self, out: &mut SqlBuf) -> bool {
        let guard = self.negated > 0;
        if guard {
            out.push("(");
        }
        guard
    }

    fn close_known(guard: bool, col: &str, out: &mut SqlBuf) {
        if guard {
            out.push(&format!(" AND {col} IS NOT NULL)"));
        }
    }

    fn column(&mut self, f: &FieldRef) -> String {
        let alias = self.joins.alias(self.model, self.table, &f.via);
        format!("{alias}.{}", q(&f.field))
    }

    fn expr(&mut self, e: &Expr, out: &mut SqlBuf) {
        match e {
            Expr::And(a, b) | Expr::Or(a, b) => {
                out.push("(");
                self.expr(a, out);
                out.push(if matches!(e, Expr::And(..)) {
                    " AND "
                } else {
                    " OR "
                });
                self.expr(b, out);
                out.push(")");
            }
            Expr::Not(a) => {
                out.push("NOT (");
                self.negated += 1;
                self.expr(a, out);
                self.negated -= 1;
                out.push(")");
            }
            Expr::Compare { field, op, value } => {
                let col = self.column(field);
                let kind = Kind::of(&field.ty);
                match (value, op) {
                    (Literal::Null, CmpOp::Eq) => {
                        out.push(&format!("{col} IS NULL"));
                    }
                    (Literal::Null, _) => {
                        out.push(&format!("{col} IS NOT NULL"));
                    }
                    // OData: `x ne v` is true when x is null.
                    (v, CmpOp::Ne) => {
                        out.push(&format!("({col} <> "));
                        out.param(literal_value(v, &field.ty), kind);
                        out.push(&format!(" OR {col} IS NULL)"));
                    }
                    (v, op) => {
                        let guard = self.open_known(out);
                        out.push(&format!("{col} {} ", op_sql(*op)));
                        out.param(literal_value(v, &field.ty), kind);
                        Self::close_known(guard, &col, out);
                    }
                }
            }
            Expr::In { field, values } => {
                let col = self.column(field);
                let guard = self.open_known(out);
                out.push(&format!("{col} IN ("));
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        out.push(", ");
                    }
                    out.param(literal_value(v, &field.ty), Kind::of(&field.ty));
                }
                out.push(")");
                Self::close_known(guard, &col, out);
            }
            Expr::Str { func, field, value } => {
                let col = self.column(field);
                let guard = self.open_known(out);
                if matches!(field.ty, FieldType::Choices { .. }) {
                    out.push(&format!("{col} LIKE "));
                    out.text(&format!("%,{},%", like_escape(value)));
                    out.push(" ESCAPE '\\'");
                    Self::close_known(guard, &col, out);
                    return;
                }
                let pattern = match func {
                    StringFn::Contains => format!("%{}%", like_escape(value)),
                    StringFn::StartsWith => format!("{}%", like_escape(value)),
                    StringFn::EndsWith => format!("%{}", like_escape(value)),
                };
                // Case-insensitive on both: SQLite's LIKE already is (for ASCII), PostgreSQL needs ILIKE.
                let like = if out.dialect == Dialect::Postgres {
                    "ILIKE"
                } else {
                    "LIKE"
                };
                out.push(&format!("{col} {like} "));
                out.text(&pattern);
                out.push(" ESCAPE '\\'");
                Self::close_known(guard, &col, out);
            }
            Expr::IsTrue(field) => {
                let col = self.column(field);
                out.push(&format!("{col} = "));
                out.param(Value::Bool(true), Kind::Bool);
            }
            Expr::Const(b) => {
                out.push(if *b { "1 = 1" } else { "1 = 0" });
            }
        }
    }
}

/// Compile the WHERE clause (filter and scope) and the joins it needs, and the ORDER BY keys.
fn where_clause<'a>(
    model: &'a Model,
    table: &'a Table,
    filter: Option<&Expr>,
    orderby: &[OrderBy],
    scopes: Scopes<'a>,
    dialect: Dialect,
) -> (SqlBuf, SqlBuf, Vec<String>) {
    let mut c = Compiler {
        model,
        table,
        joins: Joins::new(dialect, scopes),
        negated: 0,
    };
    let mut w = SqlBuf::new(dialect);
    w.push(" WHERE 1 = 1");
    if let Some(f) = filter {
        w.push(" AND (");
        c.expr(f, &mut w);
        w.push(")");
    }
    scope_sql(&scopes(&table.name), "t", " AND ", &mut w);
    let order: Vec<String> = orderby
        .iter()
        .map(|o| {
            let col = c.column(&o.field);
            // Nulls sort first ascending and last descending on both backends (SQLite's own order;
            // PostgreSQL is told so, and its sort indexes are built NULLS FIRST to match).
            match (o.desc, dialect) {
                (false, Dialect::Sqlite) => col,
                (true, Dialect::Sqlite) => format!("{col} DESC"),
                (false, Dialect::Postgres) => format!("{col} ASC NULLS FIRST"),
                (true, Dialect::Postgres) => format!("{col} DESC NULLS LAST"),
            }
        })
        .collect();
    (c.joins.sql, w, order)
}

/// SELECT of one page.
pub fn select_page(model: &Model, table: &Table, spec: &ListSpec, dialect: Dialect) -> SqlBuf {
    let (joins, where_sql, mut order) = where_clause(
        model,
        table,
        spec.filter,
        spec.orderby,
        spec.scopes,
        dialect,
    );
    // A stable tie-breaker so that pages never overlap or skip rows.
    let last_desc = spec.orderby.last().is_some_and(|o| o.desc);
    order.push(if last_desc {
        "t.\"id\" DESC".into()
    } else {
        "t.\"id\"".into()
    });
    let cols: Vec<String> = spec
        .columns
        .iter()
        .map(|f| format!("t.{}", q(&f.name)))
        .collect();
    let mut b = SqlBuf::new(dialect);
    b.push(&format!(
        "SELECT {} FROM {} t",
        cols.join(", "),
        q(&table.name)
    ));
    b.append(joins);
    b.append(where_sql);
    b.push(&format!(" ORDER BY {} LIMIT ", order.join(", ")));
    // Both backends take a signed 64-bit LIMIT/OFFSET; beyond it there are no rows anyway.
    b.int(i64::try_from(spec.limit).unwrap_or(i64::MAX));
    b.push(" OFFSET ");
    b.int(i64::try_from(spec.offset).unwrap_or(i64::MAX));
    b
}

/// SELECT COUNT(*) of the rows a filter matches; with `at_most`, counting stops there (the
/// answer is then at most that), which keeps a count of a huge table cheap.
pub fn select_count(
    model: &Model,
    table: &Table,
    filter: Option<&Expr>,
    scopes: Scopes<'_>,
    dialect: Dialect,
    at_most: Option<u64>,
) -> SqlBuf {
    let (joins, where_sql, _) = where_clause(model, table, filter, &[], scopes, dialect);
    let mut b = SqlBuf::new(dialect);
    match at_most {
        None => b.push(&format!("SELECT COUNT(*) AS n FROM {} t", q(&table.name))),
        Some(_) => b.push(&format!(
            "SELECT COUNT(*) AS n FROM (SELECT 1 FROM {} t",
            q(&table.name)
        )),
    };
    b.append(joins);
    b.append(where_sql);
    if let Some(cap) = at_most {
        b.push(" LIMIT ");
        b.int(i64::try_from(cap).unwrap_or(i64::MAX));
        b.push(") c");
    }
    b
}

/// SELECT the distinct values of `group` and how many rows a filter matches for each (`n`).
pub fn select_groups(
    model: &Model,
    table: &Table,
    filter: Option<&Expr>,
    group: &[&Field],
    scopes: Scopes<'_>,
    dialect: Dialect,
) -> SqlBuf {
    let (joins, where_sql, _) = where_clause(model, table, filter, &[], scopes, dialect);
    let cols: Vec<String> = group.iter().map(|f| format!("t.{}", q(&f.name))).collect();
    let mut b = SqlBuf::new(dialect);
    b.push(&format!(
        "SELECT {}, COUNT(*) AS n FROM {} t",
        cols.join(", "),
        q(&table.name)
    ));
    b.append(joins);
    b.append(where_sql);
    b.push(&format!(" GROUP BY {}", cols.join(", ")));
    b
}

/// SELECT of the rows with the given ids, within a scope.
pub fn select_by_ids(
    table: &Table,
    columns: &[&Field],
    ids: &[Uuid],
    scope: &RowScope,
    dialect: Dialect,
) -> SqlBuf {
    let cols: Vec<String> = columns
        .iter()
        .map(|f| format!("t.{}", q(&f.name)))
        .collect();
    let mut b = SqlBuf::new(dialect);
    b.push(&format!(
        "SELECT {} FROM {} t WHERE t.\"id\" IN (",
        cols.join(", "),
        q(&table.name)
    ));
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            b.push(", ");
        }
        b.uuid(*id);
    }
    b.push(")");
    scope_sql(scope, "t", " AND ", &mut b);
    b
}
