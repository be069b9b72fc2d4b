// PLACEHOLDER written by the lead so that dependent crates compile; the parser replaces this file wholesale.
pub mod ast;
pub use ast::*;
use steward_model::{Model, Table};
#[derive(Debug, Clone, PartialEq)]
pub struct ODataError {
    pub code: &'static str,
    pub message: String,
    pub target: String,
    pub position: Option<usize>,
}
impl std::fmt::Display for ODataError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)
    }
}
impl std::error::Error for ODataError {}
pub const MAX_PAGE_SIZE: u64 = 1000;
pub fn parse_filter(_: &Model, _: &Table, _: &str) -> Result<Expr, ODataError> {
    todo!()
}
pub fn parse_orderby(_: &Model, _: &Table, _: &str) -> Result<Vec<OrderBy>, ODataError> {
    todo!()
}
pub fn parse_select(_: &Table, _: &str) -> Result<Vec<String>, ODataError> {
    todo!()
}
pub fn parse_expand(_: &Model, _: &Table, _: &str) -> Result<Vec<Expand>, ODataError> {
    todo!()
}
pub fn parse_query(_: &Model, _: &Table, _: &[(String, String)]) -> Result<Query, ODataError> {
    Ok(Query::default())
}
