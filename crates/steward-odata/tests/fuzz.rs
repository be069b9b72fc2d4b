//! A time-bounded fuzzer of [`steward_odata::parse_query`] (proptest as the engine, so that a
//! failing input is shrunk to a small one): random tables of the built-in model, random query
//! options, values built from scratch (a token soup and well-formed conditions over the table's own
//! fields) or made by mutating a corpus of real queries (`fuzz-corpus/queries.txt`).
//!
//! It asserts that the parser never panics, answers the same twice, and that every error has a
//! documented code, a message, the option it is about as its target and, when it has a position,
//! a position inside that option's text that the message names.
//!
//! `STEWARD_FUZZ_SECONDS` bounds the run (default 3; `scripts/test` gives it 60, and
//! docs/TESTING.md says how to run it for an hour); `STEWARD_FUZZ_SEED` replays a run (its seed is
//! printed with the number of cases).

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use steward_model::{FieldType, Model};
use steward_odata::{parse_query, ODataError};

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(Model::builtin)
}

/// The error codes `parse_query` may answer with (the list in lib.rs and docs/API-DESIGN.md).
const CODES: &[&str] = &[
    "invalid_filter",
    "unknown_field",
    "type_mismatch",
    "invalid_choice",
    "invalid_orderby",
    "invalid_select",
    "invalid_expand",
    "invalid_top",
    "invalid_skip",
    "invalid_count",
    "unknown_query_option",
    "duplicate_query_option",
    "invalid_character",
];

const OPTIONS: &[&str] = &[
    "$filter", "$orderby", "$select", "$expand", "$top", "$skip", "$count",
];

/// Undo the Rust string escapes the corpus is written with.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('u') => {
                let hex: String = chars
                    .by_ref()
                    .skip_while(|c| *c == '{')
                    .take_while(|c| *c != '}')
                    .collect();
                let code = u32::from_str_radix(&hex, 16).expect("a \\u{...} escape");
                out.push(char::from_u32(code).expect("a character"));
            }
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// The seed corpus: (option, value) pairs.
fn corpus() -> &'static Vec<(String, String)> {
    static C: OnceLock<Vec<(String, String)>> = OnceLock::new();
    C.get_or_init(|| {
        let text = include_str!("../fuzz-corpus/queries.txt");
        let pairs: Vec<(String, String)> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let (name, value) = l.split_once(' ').unwrap_or((l, ""));
                (name.to_string(), unescape(value))
            })
            .collect();
        assert!(pairs.len() > 100, "the corpus has {} entries", pairs.len());
        pairs
    })
}

/// Fragments worth splicing into a query: delimiters, keywords, edge literals, odd characters.
const FRAGMENTS: &[&str] = &[
    "'",
    "''",
    "(",
    ")",
    ",",
    "/",
    " ",
    "\t",
    "\n",
    "\0",
    "\u{1}",
    "\u{7f}",
    "\u{85}",
    "\u{a0}",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "\u{2028}",
    "\u{3000}",
    "é",
    "İ",
    "ß",
    "ﬁ",
    "𝔘",
    "🦀",
    "\u{301}",
    "-",
    "--",
    ":",
    "+",
    ".",
    "..",
    "$",
    "=",
    ";",
    "*",
    "%",
    "%27",
    "&",
    "|",
    "!",
    "@",
    "\"",
    "\\",
    "and",
    "or",
    "not",
    " and ",
    " or ",
    "not ",
    " eq ",
    " ne ",
    " gt ",
    " in ",
    " has ",
    "null",
    "true",
    "false",
    "0",
    "-0",
    "1",
    "-1",
    "3.",
    ".5",
    "12.50",
    "1e10",
    "99999999999999999999",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "2024-05-01",
    "2024-02-30",
    "0000-01-01",
    "9999-12-31",
    "2024-05-01T10:00:00Z",
    "2024-05-01T10:00Z",
    "9999-12-31T23:59:59.999999999-23:59",
    "2024-05-01T10:00:00+25:00",
    "2024-05-01T",
    "0190a0b2-0000-7000-8000-000000000001",
    "0190A0B2-0000-7000-8000-00000000000G",
    "Steward.Priority'high'",
    "Steward.",
    "Steward.X'",
    "($select=",
    "($select=*)",
    "($top=1)",
    ";$select=",
    "contains(",
    "startswith(",
    "endswith(",
    "tolower(",
    "asc",
    " desc",
    "desc desc",
    "requested_by/",
    "/name",
    "requested_by/requested_by/name",
    "*",
];

/// One edit of a text, at a place chosen by an index.
#[derive(Debug, Clone)]
enum Edit {
    Insert(Index, &'static str),
    Delete(Index, usize),
    Repeat(Index, usize, usize),
    Replace(Index, char),
    Truncate(Index),
    Splice(Index, Index),
    Wrap(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (any::<Index>(), prop::sample::select(FRAGMENTS)).prop_map(|(i, f)| Edit::Insert(i, f)),
        2 => (any::<Index>(), 1..8usize).prop_map(|(i, n)| Edit::Delete(i, n)),
        1 => (any::<Index>(), 1..12usize, 1..300usize).prop_map(|(i, n, k)| Edit::Repeat(i, n, k)),
        2 => (any::<Index>(), any::<char>()).prop_map(|(i, c)| Edit::Replace(i, c)),
        1 => any::<Index>().prop_map(Edit::Truncate),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(i, j)| Edit::Splice(i, j)),
        1 => (1..150usize).prop_map(Edit::Wrap),
    ]
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut c: Vec<char> = text.chars().collect();
    for e in edits {
        let at = |i: &Index, c: &Vec<char>| i.index(c.len() + 1);
        match e {
            Edit::Insert(i, f) => {
                let p = at(i, &c);
                c.splice(p..p, f.chars());
            }
            Edit::Delete(i, n) => {
                let p = at(i, &c);
                let end = (p + n).min(c.len());
                c.drain(p..end);
            }
            Edit::Repeat(i, n, k) => {
                let p = at(i, &c);
                let end = (p + n).min(c.len());
                let run: Vec<char> = c[p..end].to_vec();
                for _ in 0..*k {
                    c.splice(end..end, run.iter().copied());
                }
            }
            Edit::Replace(i, ch) if !c.is_empty() => {
                let p = i.index(c.len());
                c[p] = *ch;
            }
            Edit::Replace(..) => {}
            Edit::Truncate(i) => c.truncate(at(i, &c)),
            Edit::Splice(i, j) => {
                let (_, other) = &corpus()[j.index(corpus().len())];
                let p = at(i, &c);
                c.splice(p..p, other.chars());
            }
            Edit::Wrap(n) => {
                let mut w: Vec<char> = "(".repeat(*n).chars().collect();
                w.extend(c.iter());
                w.extend(")".repeat(*n).chars());
                c = w;
            }
        }
    }
    c.into_iter().collect()
}

/// Paths a filter or sort key may name on table `t`: its fields (secret ones too), its navigation
/// properties, and fields one and two lookups away.
fn paths(t: usize) -> Vec<String> {
    let m = model();
    let table = &m.tables[t];
    let mut out = Vec::new();
    for f in &table.fields {
        out.push(f.name.clone());
        if let (Some(nav), Some(to)) = (f.navigation_name(), f.ty.lookup_table()) {
            out.push(nav.to_string());
            if let Some(target) = m.table(to) {
                for g in &target.fields {
                    out.push(format!("{nav}/{}", g.name));
                    if let Some(nav2) = g.navigation_name() {
                        out.push(format!("{nav}/{nav2}/name"));
                    }
                }
            }
        }
    }
    out
}

/// A literal that fits the field at `path` of table `t` (or, often enough, one that does not).
fn literal_for(t: usize, path: &str, pick: &Index) -> String {
    let m = model();
    let mut table = &m.tables[t];
    let mut segs: Vec<&str> = path.split('/').collect();
    let last = segs.pop().unwrap_or_default();
    for s in segs {
        match table
            .navigation(s)
            .and_then(|f| f.ty.lookup_table())
            .and_then(|to| m.table(to))
        {
            Some(next) => table = next,
            None => return "'x'".into(),
        }
    }
    let Some(field) = table.field(last) else {
        return "null".into();
    };
    let choices: Vec<String> = match &field.ty {
        FieldType::Text { .. } | FieldType::Memo => {
            vec!["'x'".into(), "''".into(), "'O''Brien'".into(), "'é'".into()]
        }
        FieldType::Int { .. } => vec!["0".into(), "-5".into(), "9223372036854775807".into()],
        FieldType::Money => vec!["12.50".into(), "0".into(), "-0.01".into()],
        FieldType::Bool => vec!["true".into(), "false".into()],
        FieldType::Date => vec!["2024-05-01".into(), "'2024-02-29'".into()],
        FieldType::DateTime => vec![
            "2024-05-01T10:00:00Z".into(),
            "2024-05-01".into(),
            "'2024-05-01T10:00:00.5+02:00'".into(),
        ],
        FieldType::Uuid | FieldType::Lookup { .. } => vec![
            "0190a0b2-0000-7000-8000-000000000001".into(),
            "'0190A0B2-0000-7000-8000-000000000001'".into(),
        ],
        FieldType::Choice { set } | FieldType::Choices { set } => {
            let cs = m.choice_set(set).expect("choice set");
            let mut v: Vec<String> = cs.choices.iter().map(|c| format!("'{}'", c.code)).collect();
            v.push(format!(
                "Steward.{}'{}'",
                cs.enum_type(),
                cs.choices[0].code
            ));
            v.push("'no_such_code'".into());
            v
        }
    };
    choices[pick.index(choices.len())].clone()
}

/// A condition over table `t`: comparisons, `in`, string functions and `contains` on the table's
/// paths with fitting literals, combined by `and`, `or`, `not` and parentheses.
fn condition(t: usize) -> impl Strategy<Value = String> {
    let p = paths(t);
    let leaf = (
        prop::sample::select(p),
        prop::sample::select(&["eq", "ne", "gt", "ge", "lt", "le", "in", "has"][..]),
        any::<Index>(),
        any::<Index>(),
        0..6u8,
    )
        .prop_map(move |(path, op, a, b, shape)| {
            let (x, y) = (literal_for(t, &path, &a), literal_for(t, &path, &b));
            match shape {
                0 => format!("{x} {op} {path}"),
                1 => format!("{path} in ({x},{y})"),
                2 => format!("contains({path},{x})"),
                3 => format!("startswith(tolower({path}),{x})"),
                4 => path,
                _ => format!("{path} {op} {x}"),
            }
        });
    leaf.prop_recursive(4, 24, 3, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("{a} and {b}")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("({a}) or ({b})")),
            inner.clone().prop_map(|a| format!("not ({a})")),
            inner.prop_map(|a| format!("not {a}")),
        ]
    })
}

/// A run of tokens of table `t`'s vocabulary, joined by random separators.
fn soup(t: usize) -> impl Strategy<Value = String> {
    let mut words = paths(t);
    words.extend(FRAGMENTS.iter().map(|f| f.to_string()));
    prop::collection::vec(
        (
            prop::sample::select(words),
            prop::sample::select(&[" ", "", ",", "\t"][..]),
        ),
        0..24,
    )
    .prop_map(|parts| parts.into_iter().map(|(w, s)| w + s).collect())
}

/// The value of an option on table `t`: from the corpus (mutated or not), built from the table's
/// vocabulary, or any text.
fn value(t: usize) -> impl Strategy<Value = String> {
    let picks = paths(t);
    let n = corpus().len();
    prop_oneof![
        4 => (0..n, prop::collection::vec(edit(), 0..5))
            .prop_map(|(i, edits)| apply(&corpus()[i].1, &edits)),
        3 => (condition(t), prop::collection::vec(edit(), 0..2))
            .prop_map(|(c, edits)| apply(&c, &edits)),
        2 => soup(t),
        2 => prop::collection::vec(
                (prop::sample::select(picks), prop::sample::select(&["", " asc", " desc", "($select=name,id)"][..])),
                1..4,
            )
            .prop_map(|ks| ks.into_iter().map(|(k, d)| k + d).collect::<Vec<_>>().join(",")),
        1 => any::<u64>().prop_map(|n| n.to_string()),
        1 => any::<i128>().prop_map(|n| n.to_string()),
        1 => "\\PC{0,60}",
        1 => any::<String>(),
    ]
}

/// An option's name: mostly one the parser knows, sometimes `$search`, a near miss or a plain name.
fn option_name() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::sample::select(OPTIONS).prop_map(str::to_string),
        1 => prop::sample::select(&["$search", "$format", "$apply", "$levels", "$", "$$top", "$FILTER", "$Top", "filter", "top", "", "$filter ", " $filter", "$filter\0"][..]).prop_map(str::to_string),
        1 => "\\$?\\PC{0,50}",
    ]
}

/// One request's options on one table: (table index, (name, value) pairs).
fn request() -> impl Strategy<Value = (usize, Vec<(String, String)>)> {
    let tables = model().tables.len();
    (0..tables).prop_flat_map(|t| {
        let corpus_pair =
            (0..corpus().len(), prop::collection::vec(edit(), 0..4)).prop_map(|(i, edits)| {
                let (name, value) = &corpus()[i];
                (name.clone(), apply(value, &edits))
            });
        let pair = prop_oneof![
            1 => corpus_pair,
            2 => (option_name(), value(t)),
        ];
        (Just(t), prop::collection::vec(pair, 0..6))
    })
}

/// `short` of lib.rs: how the parser quotes an option's name in `target`.
fn short(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

fn check_error(e: &ODataError, params: &[(String, String)]) -> Result<(), TestCaseError> {
    prop_assert!(CODES.contains(&e.code), "undocumented code {:?}", e.code);
    prop_assert!(!e.message.trim().is_empty(), "empty message: {e:?}");
    prop_assert!(!e.target.is_empty(), "no target: {e:?}");
    let named: Vec<&(String, String)> = params
        .iter()
        .filter(|(n, _)| *n == e.target || short(n) == e.target)
        .collect();
    prop_assert!(
        !named.is_empty(),
        "the target {:?} is none of the options",
        e.target
    );
    if let Some(p) = e.position {
        let at = format!("at position {p} of {}", e.target);
        prop_assert!(e.message.contains(&at), "{e:?} should say '{at}'");
        let longest = named.iter().map(|(_, v)| v.chars().count()).max();
        prop_assert!(
            longest.is_some_and(|l| p <= l),
            "position {p} is past the end of {} ({longest:?} characters)",
            e.target
        );
    }
    Ok(())
}

fn check((t, params): (usize, Vec<(String, String)>)) -> Result<(), TestCaseError> {
    let m = model();
    let table = &m.tables[t];
    let first = parse_query(m, table, &params);
    prop_assert_eq!(&first, &parse_query(m, table, &params), "not deterministic");
    if let Err(e) = &first {
        check_error(e, &params)?;
    }
    Ok(())
}

/// Seconds to fuzz for, from `STEWARD_FUZZ_SECONDS`.
fn budget() -> Duration {
    let secs = std::env::var("STEWARD_FUZZ_SECONDS")
        .ok()
        .map(|s| s.parse::<f64>().expect("STEWARD_FUZZ_SECONDS is a number"))
        .unwrap_or(3.0);
    Duration::from_secs_f64(secs)
}

/// `STEWARD_FUZZ_SEED`, or a fresh one.
fn seed() -> u64 {
    match std::env::var("STEWARD_FUZZ_SEED") {
        Ok(s) => s.parse().expect("STEWARD_FUZZ_SEED is a number"),
        Err(_) => rand_seed(),
    }
}

fn rand_seed() -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    h.finish()
}

#[test]
fn fuzz_parse_query() {
    let (budget, seed) = (budget(), seed());
    // Said first: a crash (a stack overflow aborts the process) leaves no later message.
    println!(
        "fuzzing for {:.0} s with STEWARD_FUZZ_SEED={seed}",
        budget.as_secs_f64()
    );
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let config = Config {
        failure_persistence: None,
        max_shrink_iters: 10_000,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let strategy = request();
    let start = Instant::now();
    let mut cases = 0u64;
    while start.elapsed() < budget {
        let tree = strategy.new_tree(&mut runner).expect("a case");
        match runner.run_one(tree, check) {
            Ok(_) => cases += 1,
            Err(TestError::Fail(why, (t, params))) => panic!(
                "parse_query failed after {cases} cases (STEWARD_FUZZ_SEED={seed}): {why}\n\
                 minimal input: table {}, options {params:?}",
                model().tables[t].name
            ),
            Err(TestError::Abort(why)) => panic!("aborted: {why}"),
        }
    }
    println!(
        "fuzz parse_query: {cases} cases in {:.1} s (STEWARD_FUZZ_SEED={seed})",
        start.elapsed().as_secs_f64()
    );
    assert!(cases > 0, "no case ran");
}
