//! Domain errors. Each has a stable code (documented in docs/API-DESIGN.md) and, where it applies,
//! the field it is about.

use std::fmt;

/// The kind of failure, which decides the HTTP status at the edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Malformed input: 400.
    BadRequest,
    /// Well-formed but breaks a record rule: 422.
    Invalid,
    NotFound,
    /// Conflicts with stored data (duplicate, referenced, cycle through stored rows): 409.
    Conflict,
    /// Stale `If-Match`: 412.
    Stale,
    /// Wrong or missing credentials: 401.
    Unauthenticated,
    /// Known caller, not allowed: 403.
    Forbidden,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DomainError {
    pub kind: ErrorKind,
    /// Stable machine code, e.g. `too_long`.
    pub code: &'static str,
    pub message: String,
    /// The field (or query option) the error is about.
    pub target: Option<String>,
    /// Further errors of the same request (e.g. every invalid field), each with its own target.
    pub details: Vec<DomainError>,
}

impl DomainError {
    pub fn new(kind: ErrorKind, code: &'static str, message: impl Into<String>) -> Self {
        DomainError {
            kind,
            code,
            message: message.into(),
            target: None,
            details: Vec::new(),
        }
    }
    pub fn field(
        kind: ErrorKind,
        code: &'static str,
        field: &str,
        message: impl Into<String>,
    ) -> Self {
        DomainError {
            target: Some(field.to_string()),
            ..Self::new(kind, code, message)
        }
    }
    pub fn not_found(table: &str, id: impl fmt::Display) -> Self {
        Self::new(
            ErrorKind::NotFound,
            "not_found",
            format!("no {table} with id {id}"),
        )
    }
    pub fn stale() -> Self {
        Self::new(
            ErrorKind::Stale,
            "precondition_failed",
            "the record was changed by someone else since you read it (If-Match does not match its ETag)",
        )
    }
    /// Several errors at once: the first one leads, all are in `details`.
    pub fn many(mut errors: Vec<DomainError>) -> Self {
        if errors.len() == 1 {
            return errors.pop().expect("one");
        }
        let first = errors[0].clone();
        DomainError {
            details: errors,
            message: format!("{} (and other errors, see details)", first.message),
            ..first
        }
    }
}

impl fmt::Display for DomainError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for DomainError {}
