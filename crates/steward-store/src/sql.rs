//! SQL text with bound parameters, and the two backends' binding and decoding of typed values.
//! Every value that reaches a statement goes through `SqlBuf::param`; no value is ever formatted into SQL.

use crate::Dialect;
use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::Decimal;
use sqlx::postgres::{PgArguments, PgRow};
use sqlx::query::Query;
use sqlx::sqlite::{SqliteArguments, SqliteRow};
use sqlx::{Postgres, Row, Sqlite};
use steward_domain::value::{format_date, format_datetime, parse_date, parse_datetime};
use steward_domain::{Record, Value};
use steward_model::{Field, FieldType};
use uuid::Uuid;

/// The storage kind of a value: decides how a NULL is typed and how a value is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Int,
    Decimal,
    Bool,
    Date,
    DateTime,
    Uuid,
    /// Several choice codes, stored as `,a,b,` so that "holds code" is a LIKE '%,code,%'.
    Codes,
}

impl Kind {
    pub fn of(ty: &FieldType) -> Kind {
        match ty {
            FieldType::Text { .. } | FieldType::Memo | FieldType::Choice { .. } => Kind::Text,
            FieldType::Int { .. } => Kind::Int,
            FieldType::Money => Kind::Decimal,
            FieldType::Bool => Kind::Bool,
            FieldType::Date => Kind::Date,
            FieldType::DateTime => Kind::DateTime,
            FieldType::Uuid | FieldType::Lookup { .. } => Kind::Uuid,
            FieldType::Choices { .. } => Kind::Codes,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Param {
    pub value: Value,
    pub kind: Kind,
}

/// Where a parameter goes in `SqlBuf::sql` until the text is rendered for its backend. Never part of
/// any identifier or fixed text, so pieces built apart can be joined in any order.
const MARK: char = '\u{1}';

/// SQL text being built, with its parameters in order.
#[derive(Debug, Clone)]
pub struct SqlBuf {
    pub dialect: Dialect,
    /// The text, with a `MARK` for each parameter.
    pub sql: String,
    pub params: Vec<Param>,
    rendered: std::sync::OnceLock<String>,
}

impl SqlBuf {
    pub fn new(dialect: Dialect) -> Self {
        SqlBuf {
            dialect,
            sql: String::with_capacity(256),
            params: Vec::new(),
            rendered: std::sync::OnceLock::new(),
        }
    }
    /// A statement without parameters.
    pub fn raw(dialect: Dialect, sql: impl Into<String>) -> Self {
        SqlBuf {
            sql: sql.into(),
            ..Self::new(dialect)
        }
    }
    pub fn push(&mut self, s: &str) -> &mut Self {
        debug_assert!(!s.contains(MARK));
        self.sql.push_str(s);
        self
    }
    /// Append a placeholder bound to `value`.
    pub fn param(&mut self, value: Value, kind: Kind) -> &mut Self {
        self.params.push(Param { value, kind });
        self.sql.push(MARK);
        self
    }
    /// Append another buffer's text and parameters (built apart, e.g. a WHERE clause).
    pub fn append(&mut self, other: SqlBuf) -> &mut Self {
        self.sql.push_str(&other.sql);
        self.params.extend(other.params);
        self
    }
    /// The text for the backend: `?` placeholders on SQLite, `$1, $2...` on PostgreSQL.
    pub fn rendered(&self) -> &str {
        self.rendered.get_or_init(|| match self.dialect {
            Dialect::Sqlite => self.sql.replace(MARK, "?"),
            Dialect::Postgres => {
                let mut out = String::with_capacity(self.sql.len() + 8);
                let mut n = 0;
                for ch in self.sql.chars() {
                    if ch == MARK {
                        n += 1;
                        out.push('$');
                        out.push_str(&n.to_string());
                    } else {
                        out.push(ch);
                    }
                }
                out
            }
        })
    }
    pub fn text(&mut self, s: &str) -> &mut Self {
        self.param(Value::Text(s.to_string()), Kind::Text)
    }
    pub fn int(&mut self, i: i64) -> &mut Self {
        self.param(Value::Int(i), Kind::Int)
    }
    pub fn uuid(&mut self, u: Uuid) -> &mut Self {
        self.param(Value::Uuid(u), Kind::Uuid)
    }
}

/// A quoted identifier. Identifiers only ever come from the model, never from a request.
pub fn q(ident: &str) -> String {
    debug_assert!(ident.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'));
    format!("\"{ident}\"")
}

fn codes_text(c: &[String]) -> String {
    format!(",{},", c.join(","))
}

fn codes_of(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

pub fn sqlite_query(b: &SqlBuf) -> Query<'_, Sqlite, SqliteArguments<'_>> {
    let mut query = sqlx::query(b.rendered());
    for p in &b.params {
        query = match &p.value {
            Value::Null => match p.kind {
                Kind::Int | Kind::Bool => query.bind(None::<i64>),
                Kind::Decimal => query.bind(None::<f64>),
                _ => query.bind(None::<String>),
            },
            Value::Bool(v) => query.bind(*v),
            Value::Int(v) => query.bind(*v),
            Value::Decimal(v) => query.bind(v.to_f64().unwrap_or(0.0)),
            Value::Text(v) => query.bind(v.clone()),
            Value::Date(v) => query.bind(format_date(*v)),
            Value::DateTime(v) => query.bind(format_datetime(*v)),
            Value::Uuid(v) => query.bind(v.to_string()),
            Value::Codes(v) => query.bind(codes_text(v)),
        };
    }
    query
}

pub fn pg_query(b: &SqlBuf) -> Query<'_, Postgres, PgArguments> {
    let mut query = sqlx::query(b.rendered());
    for p in &b.params {
        query = match &p.value {
            Value::Null => match p.kind {
                Kind::Text | Kind::Codes => query.bind(None::<String>),
                Kind::Int => query.bind(None::<i64>),
                Kind::Decimal => query.bind(None::<Decimal>),
                Kind::Bool => query.bind(None::<bool>),
                Kind::Date => query.bind(None::<time::Date>),
                Kind::DateTime => query.bind(None::<time::OffsetDateTime>),
                Kind::Uuid => query.bind(None::<Uuid>),
            },
            Value::Bool(v) => query.bind(*v),
            Value::Int(v) => query.bind(*v),
            Value::Decimal(v) => query.bind(*v),
            Value::Text(v) => query.bind(v.clone()),
            Value::Date(v) => query.bind(*v),
            Value::DateTime(v) => query.bind(*v),
            Value::Uuid(v) => query.bind(*v),
            Value::Codes(v) => query.bind(codes_text(v)),
        };
    }
    query
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Option<Value>) -> Value {
    v.and_then(f).unwrap_or(Value::Null)
}

/// Decode the named columns of a SQLite row into a record.
pub fn decode_sqlite(row: &SqliteRow, fields: &[&Field]) -> Result<Record, sqlx::Error> {
    let mut r = Record::new();
    for f in fields {
        let n = f.name.as_str();
        let v = match Kind::of(&f.ty) {
            Kind::Text => opt(row.try_get::<Option<String>, _>(n)?, |s| {
                Some(Value::Text(s))
            }),
            Kind::Int => opt(row.try_get::<Option<i64>, _>(n)?, |i| Some(Value::Int(i))),
            Kind::Bool => opt(row.try_get::<Option<bool>, _>(n)?, |b| Some(Value::Bool(b))),
            // NUMERIC affinity stores a whole amount (150.0) as an INTEGER: read either as a double.
            Kind::Decimal => opt(row.try_get_unchecked::<Option<f64>, _>(n)?, |x| {
                Decimal::from_f64(x).map(|d| Value::Decimal(d.round_dp(2).normalize()))
            }),
            Kind::Date => opt(row.try_get::<Option<String>, _>(n)?, |s| {
                parse_date(&s).map(Value::Date)
            }),
            Kind::DateTime => opt(row.try_get::<Option<String>, _>(n)?, |s| {
                parse_datetime(&s).map(Value::DateTime)
            }),
            Kind::Uuid => opt(row.try_get::<Option<String>, _>(n)?, |s| {
                Uuid::parse_str(&s).ok().map(Value::Uuid)
            }),
            Kind::Codes => opt(row.try_get::<Option<String>, _>(n)?, |s| {
                Some(Value::Codes(codes_of(&s)))
            }),
        };
        r.insert(f.name.clone(), v);
    }
    Ok(r)
}

/// Decode the named columns of a PostgreSQL row into a record.
pub fn decode_pg(row: &PgRow, fields: &[&Field]) -> Result<Record, sqlx::Error> {
    let mut r = Record::new();
    for f in fields {
        let n = f.name.as_str();
        let v = match Kind::of(&f.ty) {
            Kind::Text => opt(row.try_get::<Option<String>, _>(n)?, |s| {
                Some(Value::Text(s))
            }),
            Kind::Int => opt(row.try_get::<Option<i64>, _>(n)?, |i| Some(Value::Int(i))),
            Kind::Bool => opt(row.try_get::<Option<bool>, _>(n)?, |b| Some(Value::Bool(b))),
            Kind::Decimal => opt(row.try_get::<Option<Decimal>, _>(n)?, |d| {
                Some(Value::Decimal(d.normalize()))
            }),
            Kind::Date => opt(row.try_get::<Option<time::Date>, _>(n)?, |d| {
                Some(Value::Date(d))
            }),
            Kind::DateTime => opt(row.try_get::<Option<time::OffsetDateTime>, _>(n)?, |t| {
                Some(Value::DateTime(t))
            }),
            Kind::Uuid => opt(row.try_get::<Option<Uuid>, _>(n)?, |u| Some(Value::Uuid(u))),
            Kind::Codes => opt(row.try_get::<Option<String>, _>(n)?, |s| {
                Some(Value::Codes(codes_of(&s)))
            }),
        };
        r.insert(f.name.clone(), v);
    }
    Ok(r)
}
