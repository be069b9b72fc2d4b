//! Steward's domain: typed values, record rules, derived fields, the audit entry's canonical form
//! and hash, and errors with stable codes. No I/O, no async.

pub mod audit;
pub mod calendar;
pub mod checkpoint;
pub mod error;
pub mod input;
pub mod questions;
pub mod rules;
pub mod value;

pub use error::{DomainError, ErrorKind};
pub use value::{Record, Value};
