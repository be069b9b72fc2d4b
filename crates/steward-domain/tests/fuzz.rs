//! A time-bounded fuzzer of [`steward_domain::input::parse_body`] (proptest as the engine, so that a
//! failing body is shrunk to a small one): random tables of the built-in model, JSON objects whose
//! members are the table's fields (secret, read-only and derived ones too), OData annotations and
//! unknown names, with values of every JSON type: values that fit the field, edge values (huge
//! numbers, dates at the ends of the calendar, offsets, long strings, unicode, control characters,
//! NUL) and nested arrays and objects.
//!
//! It asserts that parsing never panics, and that it either accepts only the fields it was given
//! or answers errors that each have a code, a message and the member they are about.
//!
//! `STEWARD_FUZZ_SECONDS` bounds the run (default 3); `STEWARD_FUZZ_SEED` replays a run (its seed is
//! printed with the number of cases).

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};
use serde_json::{Map, Number, Value as Json};
use std::sync::OnceLock;
use std::time::{Duration, Instant};
use steward_domain::input::{parse_body, parse_value};
use steward_domain::{DomainError, ErrorKind};
use steward_model::{FieldType, Model};

fn model() -> &'static Model {
    static M: OnceLock<Model> = OnceLock::new();
    M.get_or_init(Model::builtin)
}

/// Strings that look like a value of some field type, at or past its edges.
const SHAPED: &[&str] = &[
    "",
    " ",
    "x",
    "2024-05-01",
    "2024-02-29",
    "2023-02-29",
    "0000-01-01",
    "9999-12-31",
    "+10000-01-01",
    "-0001-01-01",
    "2024-05-01T10:00:00Z",
    "2024-05-01T10:00:00.123456789+02:00",
    "2024-05-01T10:00:00.1234567891Z",
    "2024-05-01t10:00:00z",
    "2024-05-01T23:59:60Z",
    "0000-01-01T00:00:00+23:59",
    "0000-01-01T00:00:00Z",
    "9999-12-31T23:59:59Z",
    "9999-12-31T23:59:59.999999999-23:59",
    "9999-12-31T23:59:59-00:01",
    "2024-05-01T10:00:00+24:00",
    "2024-05-01 10:00:00Z",
    "0190a0b2-0000-7000-8000-000000000001",
    "0190A0B2-0000-7000-8000-00000000000F",
    "{0190a0b2-0000-7000-8000-000000000001}",
    "urn:uuid:0190a0b2-0000-7000-8000-000000000001",
    "0190a0b200007000800000000000000001",
    "00000000-0000-0000-0000-000000000000",
    "12.5",
    "12.50",
    "12.505",
    "1.000",
    "-0",
    "-0.00",
    "1e5",
    "1E-2",
    ".5",
    "5.",
    "+5",
    "1_000",
    "99999999999999999.99",
    "100000000000000000",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "NaN",
    "inf",
    "true",
    "null",
    "line\nbreak",
    "cr\rhere",
    "tab\there",
    "nul\0here",
    "\0",
    "\u{1}\u{1f}\u{7f}",
    "\u{85}\u{2028}\u{2029}",
    "\u{feff}bom",
    "\u{202e}rtl",
    "é",
    "e\u{301}",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "🦀🏳️‍🌈",
    "Laptop; DROP TABLE person;--",
    "' OR '1'='1",
];

/// Numbers at the edges of what JSON, i64, u64, f64 and a 96-bit decimal hold.
fn number() -> impl Strategy<Value = Json> {
    prop_oneof![
        any::<i64>().prop_map(Json::from),
        any::<u64>().prop_map(Json::from),
        any::<f64>().prop_map(|f| Number::from_f64(f).map_or(Json::Null, Json::Number)),
        prop::sample::select(
            &[
                0.0,
                -0.0,
                0.1,
                12.505,
                1e-300,
                1e15,
                1e17,
                1e20,
                1e28,
                7.922_816_251_426_434e28,
                1e300,
                f64::MAX,
                f64::MIN,
                f64::MIN_POSITIVE,
                f64::EPSILON,
            ][..]
        )
        .prop_map(|f| Number::from_f64(f).map_or(Json::Null, Json::Number)),
        prop::sample::select(
            &[
                i64::MIN,
                i64::MAX,
                -1,
                0,
                1,
                5,
                6,
                9_999_999_999_999_999,
                10_000_000_000_000_000,
            ][..]
        )
        .prop_map(Json::from),
        Just(Json::from(u64::MAX)),
    ]
}

/// A string: shaped, any text, control characters, or long.
fn string() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(SHAPED).prop_map(str::to_string),
        2 => any::<String>(),
        1 => "[\\x00-\\x1f\\x7f]{0,8}",
        1 => (prop::sample::select(&["x", "é", "𝔘", "\0", "\n", " "][..]), prop::sample::select(&[199usize, 200, 201, 255, 256, 1000, 4097][..]))
            .prop_map(|(c, n)| c.repeat(n)),
        // A memo holds at most 1 MiB: right at and past it (rare, it is a big allocation).
        1 => prop::sample::select(&[1 << 20, (1 << 20) + 1][..]).prop_map(|n| "m".repeat(n)),
    ]
}

/// Any JSON value, nested up to three levels.
fn json() -> impl Strategy<Value = Json> {
    let leaf = prop_oneof![
        Just(Json::Null),
        any::<bool>().prop_map(Json::Bool),
        number(),
        string().prop_map(Json::String),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Json::Array),
            prop::collection::vec((string(), inner), 0..6)
                .prop_map(|kv| Json::Object(kv.into_iter().collect())),
        ]
    })
}

/// A value that fits field type `ty` (a choice code, a date...), to get past the type checks.
fn fitting(ty: &FieldType, pick: &Index) -> Json {
    let m = model();
    let codes = |set: &str| -> Vec<String> {
        let mut v: Vec<String> = m
            .choice_set(set)
            .map(|s| s.choices.iter().map(|c| c.code.clone()).collect())
            .unwrap_or_default();
        v.push("not_a_code".into());
        v
    };
    let options: Vec<Json> = match ty {
        FieldType::Text { max } => vec![
            Json::from("a name"),
            Json::from("x".repeat(*max as usize)),
            Json::from("é".repeat(*max as usize + 1)),
        ],
        FieldType::Memo => vec![Json::from("line one\nline two"), Json::from("")],
        FieldType::Int { min, max } => {
            let mut v = vec![Json::from(0), Json::from(1)];
            for b in [min, max].into_iter().flatten() {
                v.extend([
                    Json::from(*b),
                    Json::from(b.saturating_add(1)),
                    Json::from(b.saturating_sub(1)),
                ]);
            }
            v
        }
        FieldType::Money => vec![
            Json::from(12.5),
            Json::from("12.50"),
            Json::from("99999999999999999.99"),
            Json::from("-99999999999999999.99"),
            Json::from("100000000000000000.00"),
        ],
        FieldType::Bool => vec![Json::Bool(true), Json::Bool(false)],
        FieldType::Date => vec![Json::from("2024-05-01"), Json::from("9999-12-31")],
        FieldType::DateTime => vec![
            Json::from("2024-05-01T10:00:00+02:00"),
            Json::from("9999-12-31T23:59:59-23:59"),
            Json::from("0000-01-01T00:00:00+23:59"),
        ],
        FieldType::Uuid | FieldType::Lookup { .. } => {
            vec![Json::from("0190a0b2-0000-7000-8000-000000000001")]
        }
        FieldType::Choice { set } => codes(set).into_iter().map(Json::from).collect(),
        FieldType::Choices { set } => {
            let c = codes(set);
            vec![
                Json::Array(vec![]),
                Json::Array(c.iter().take(2).cloned().map(Json::from).collect()),
                Json::Array(vec![Json::from(c[0].clone()), Json::from(c[0].clone())]),
                Json::Array(vec![Json::from(c[0].clone()), Json::from(5)]),
            ]
        }
    };
    options[pick.index(options.len())].clone()
}

/// One member's name on table `t`: one of its fields, an annotation or an unknown name.
fn member_name(t: usize) -> impl Strategy<Value = String> {
    let fields: Vec<String> = model().tables[t]
        .fields
        .iter()
        .map(|f| f.name.clone())
        .collect();
    prop_oneof![
        6 => prop::sample::select(fields),
        1 => prop::sample::select(&["@odata.etag", "name@odata.type", "@", "id", "row_version", "Name", "name ", "", "requested_by", "__proto__"][..]).prop_map(str::to_string),
        1 => string(),
    ]
}

/// A body for table `t`: (table index, members).
fn request() -> impl Strategy<Value = (usize, Map<String, Json>)> {
    (0..model().tables.len()).prop_flat_map(|t| {
        let member = (member_name(t), 0..3u8, any::<Index>(), json()).prop_map(
            move |(name, how, pick, any)| {
                let field = model().tables[t].field(&name);
                let value = match (how, field) {
                    (0 | 1, Some(f)) => fitting(&f.ty, &pick),
                    _ => any,
                };
                (name, value)
            },
        );
        (
            Just(t),
            prop::collection::vec(member, 0..12).prop_map(|m| m.into_iter().collect()),
        )
    })
}

fn check_one(e: &DomainError, body: &Map<String, Json>) -> Result<(), TestCaseError> {
    prop_assert!(!e.code.is_empty(), "no code: {e:?}");
    prop_assert!(!e.message.trim().is_empty(), "empty message: {e:?}");
    prop_assert_eq!(e.kind, ErrorKind::BadRequest, "{:?}", e);
    let target = e.target.as_deref().unwrap_or_default();
    prop_assert!(
        body.contains_key(target),
        "target {target:?} is not a member: {e:?}"
    );
    Ok(())
}

fn check((t, body): (usize, Map<String, Json>)) -> Result<(), TestCaseError> {
    let m = model();
    let table = &m.tables[t];
    match parse_body(m, table, &body) {
        Ok(record) => {
            for name in record.keys() {
                prop_assert!(body.contains_key(name.as_str()), "{name} was not sent");
                // A public field, or a secret the caller gives but never reads (a webhook's key).
                let field = table.writable_field(name);
                prop_assert!(field.is_some(), "{name} is not a field a caller writes");
            }
            // What is accepted reads back as itself from the JSON Steward answers with.
            for (name, v) in &record {
                let ty = &table.field(name).expect("a field").ty;
                let again = parse_value(m, ty, name, &v.to_json());
                prop_assert_eq!(again.as_ref(), Ok(v), "{} does not read back", v.to_json());
            }
        }
        Err(e) => {
            check_one(&e, &body)?;
            for d in &e.details {
                check_one(d, &body)?;
                prop_assert!(d.details.is_empty(), "nested details: {d:?}");
            }
            prop_assert!(e.details.len() != 1, "a single error is not wrapped: {e:?}");
        }
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
    use std::hash::{BuildHasher, Hasher};
    if let Ok(s) = std::env::var("STEWARD_FUZZ_SEED") {
        return s.parse().expect("STEWARD_FUZZ_SEED is a number");
    }
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
fn fuzz_parse_body() {
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
            Err(TestError::Fail(why, (t, body))) => panic!(
                "parse_body failed after {cases} cases (STEWARD_FUZZ_SEED={seed}): {why}\n\
                 minimal input: table {}, body {}",
                model().tables[t].name,
                Json::Object(body)
            ),
            Err(TestError::Abort(why)) => panic!("aborted: {why}"),
        }
    }
    println!(
        "fuzz parse_body: {cases} cases in {:.1} s (STEWARD_FUZZ_SEED={seed})",
        start.elapsed().as_secs_f64()
    );
    assert!(cases > 0, "no case ran");
}

/// Found by `fuzz_parse_body`: an instant whose UTC time is past 9999-12-31 panicked in
/// `parse_datetime` (`time`'s `to_offset`) instead of being refused.
#[test]
fn regression_an_instant_past_year_9999_in_utc_is_refused() {
    let m = model();
    let t = m.table("it_assigned_entitlement").expect("table");
    let body = serde_json::json!({"start_date": "9999-12-31T23:59:59-23:59"});
    let e = parse_body(m, t, body.as_object().expect("object")).unwrap_err();
    assert_eq!(
        (e.code, e.target.as_deref()),
        ("invalid_value", Some("start_date"))
    );
    // The last instant that is still in year 9999 in UTC is accepted.
    let body = serde_json::json!({"start_date": "9999-12-31T23:59:59Z"});
    assert!(parse_body(m, t, body.as_object().expect("object")).is_ok());
}

/// Found by `fuzz_parse_body`: an instant in year -1 in UTC was accepted and then answered as
/// `-0001-12-31T00:01:00.000000Z`, which is not RFC 3339 and does not read back.
#[test]
fn regression_an_instant_before_year_0_in_utc_is_refused() {
    let m = model();
    let t = m.table("it_compliance_assessment").expect("table");
    let body = serde_json::json!({"target_completion_date": "0000-01-01T00:00:00+23:59"});
    let e = parse_body(m, t, body.as_object().expect("object")).unwrap_err();
    assert_eq!(
        (e.code, e.target.as_deref()),
        ("invalid_value", Some("target_completion_date"))
    );
    let body = serde_json::json!({"target_completion_date": "0000-01-01T00:00:00Z"});
    assert!(parse_body(m, t, body.as_object().expect("object")).is_ok());
}
