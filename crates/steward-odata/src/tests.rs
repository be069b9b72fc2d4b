//! Table-driven tests: each case is an input and the expected AST (in a compact form) or error.

use crate::*;
use steward_model::Model;

fn model() -> Model {
    Model::builtin()
}

/// A compact rendering of a filter AST, so that cases read as one line each.
fn show(e: &Expr) -> String {
    let f = |r: &FieldRef| {
        let mut p: Vec<String> = r
            .via
            .iter()
            .map(|v| v.trim_end_matches("_id").to_string())
            .collect();
        p.push(r.field.clone());
        p.join("/")
    };
    let lit = |l: &Literal| match l {
        Literal::Null => "null".to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Decimal(d) => format!("dec:{d}"),
        Literal::String(s) => format!("'{s}'"),
        Literal::Date(d) => format!("date:{d}"),
        Literal::DateTime(d) => format!("dt:{d}"),
        Literal::Uuid(u) => format!("uuid:{u}"),
    };
    match e {
        Expr::And(a, b) => format!("({} and {})", show(a), show(b)),
        Expr::Or(a, b) => format!("({} or {})", show(a), show(b)),
        Expr::Not(a) => format!("not {}", show(a)),
        Expr::Compare { field, op, value } => format!("{} {:?} {}", f(field), op, lit(value))
            .replace("Eq", "eq")
            .replace("Ne", "ne")
            .replace("Gt", "gt")
            .replace("Ge", "ge")
            .replace("Lt", "lt")
            .replace("Le", "le"),
        Expr::In { field, values } => format!(
            "{} in [{}]",
            f(field),
            values.iter().map(lit).collect::<Vec<_>>().join(",")
        ),
        Expr::Str { func, field, value } => format!("{func:?}({}, '{value}')", f(field)),
        Expr::IsTrue(field) => format!("is {}", f(field)),
        Expr::Const(b) => b.to_string(),
    }
}

fn check(table: &str, input: &str, expected: &str) {
    let m = model();
    let t = m.table(table).unwrap();
    match parse_filter(&m, t, input) {
        Ok(e) => assert_eq!(show(&e), expected, "input: {input}"),
        Err(e) => {
            let got = format!(
                "error {} @{}",
                e.code,
                e.position.map_or("-".into(), |p| p.to_string())
            );
            assert_eq!(got, expected, "input: {input} -> {}", e.message);
        }
    }
}

#[test]
fn filters() {
    let cases = [
        ("name eq 'Laptop'", "name eq 'Laptop'"),
        ("name eq 'O''Brien'", "name eq 'O'Brien'"),
        (
            "priority eq 'high' and satisfaction_rating ge 4",
            "(priority eq 'high' and satisfaction_rating ge 4)",
        ),
        ("a_b eq 1", "error unknown_field @0"),
        (
            "priority eq 'high' or priority eq 'low' and name eq 'x'",
            "(priority eq 'high' or (priority eq 'low' and name eq 'x'))",
        ),
        (
            "(priority eq 'high' or priority eq 'low') and name eq 'x'",
            "((priority eq 'high' or priority eq 'low') and name eq 'x')",
        ),
        ("not (priority eq 'high')", "not priority eq 'high'"),
        ("not priority eq 'high'", "not priority eq 'high'"),
        (
            "priority in ('high','critical')",
            "priority in ['high','critical']",
        ),
        (
            "satisfaction_rating in (1, 2)",
            "satisfaction_rating in [1,2]",
        ),
        ("contains(name,'lap')", "Contains(name, 'lap')"),
        (
            "startswith(name,'L') and endswith(description,'x')",
            "(StartsWith(name, 'L') and EndsWith(description, 'x'))",
        ),
        ("assigned_to_id eq null", "assigned_to_id eq null"),
        ("assigned_to_id ne null", "assigned_to_id ne null"),
        ("4 le satisfaction_rating", "satisfaction_rating ge 4"),
        (
            "request_date gt 2024-05-01T10:00:00Z",
            "request_date gt dt:2024-05-01T10:00:00Z",
        ),
        (
            "request_date gt 2024-05-01",
            "request_date gt dt:2024-05-01T00:00:00Z",
        ),
        (
            "request_date lt '2024-05-01T10:00:00.5+02:00'",
            "request_date lt dt:2024-05-01T10:00:00.5+02:00",
        ),
        (
            "required_date eq 2024-05-01",
            "required_date eq date:2024-05-01",
        ),
        (
            "required_date eq '2024-05-01'",
            "required_date eq date:2024-05-01",
        ),
        (
            "requested_by_id eq 0190A0B2-0000-7000-8000-000000000001",
            "requested_by_id eq uuid:0190a0b2-0000-7000-8000-000000000001",
        ),
        (
            "requested_by_id eq '0190a0b2-0000-7000-8000-000000000001'",
            "requested_by_id eq uuid:0190a0b2-0000-7000-8000-000000000001",
        ),
        ("requested_by/name eq 'Ada'", "requested_by/name eq 'Ada'"),
        (
            "requested_by/organization_unit/code eq 'IT'",
            "requested_by/organization_unit/code eq 'IT'",
        ),
        (
            "total_estimated_cost gt 12.5",
            "total_estimated_cost gt dec:12.5",
        ),
        ("total_estimated_cost gt 12", "total_estimated_cost gt 12"),
        ("priority eq Steward.Priority'high'", "priority eq 'high'"),
        ("true", "true"),
        // errors, with the position of the problem
        ("name eq", "error invalid_filter @7"),
        ("name eq 'x' and", "error invalid_filter @15"),
        ("(name eq 'x'", "error invalid_filter @12"),
        ("name eq 'x')", "error invalid_filter @11"),
        ("name eq 'x", "error invalid_filter @8"),
        ("name eq 3", "error type_mismatch @8"),
        ("priority eq 'urgent'", "error invalid_choice @12"),
        ("priority gt 5", "error type_mismatch @12"),
        ("description gt 'a'", "error type_mismatch @0"),
        ("request_date gt 'yesterday'", "error type_mismatch @16"),
        ("satisfaction_rating gt null", "error type_mismatch @23"),
        (
            "contains(satisfaction_rating,'1')",
            "error type_mismatch @9",
        ),
        ("nosuch/name eq 'x'", "error unknown_field @0"),
        ("name eq 'x' xor name eq 'y'", "error invalid_filter @12"),
        ("name $ 'x'", "error invalid_filter @5"),
        ("priority in ()", "error invalid_filter @13"),
        ("frobnicate(name,'x')", "error invalid_filter @0"),
        ("", "error invalid_filter @0"),
        ("required_date eq 2024-02-30", "error invalid_filter @17"),
        (
            "required_date eq 2024-02-29",
            "required_date eq date:2024-02-29",
        ),
        ("required_date eq 2023-02-29", "error invalid_filter @17"),
    ];
    for (input, expected) in cases {
        check("it_service_request", input, expected);
    }
    check("person", "is_active", "is is_active");
    check(
        "person",
        "is_active eq false and email eq null",
        "(is_active eq false and email eq null)",
    );
    check(
        "compliance_requirement",
        "contains(baselines,'moderate')",
        "Contains(baselines, 'moderate')",
    );
    check(
        "compliance_requirement",
        "contains(baselines,'extreme')",
        "error invalid_choice @9",
    );
    check(
        "compliance_requirement",
        "baselines eq 'low'",
        "error type_mismatch @0",
    );
}

#[test]
fn nesting_and_length_are_bounded() {
    let m = model();
    let t = m.table("it_service_request").unwrap();
    let deep = format!("{}name eq 'x'{}", "(".repeat(500), ")".repeat(500));
    assert_eq!(
        parse_filter(&m, t, &deep).unwrap_err().code,
        "invalid_filter"
    );
    let nots = format!("{}name eq 'x'", "not ".repeat(500));
    assert_eq!(
        parse_filter(&m, t, &nots).unwrap_err().code,
        "invalid_filter"
    );
    let long = format!("name eq '{}'", "x".repeat(9000));
    assert_eq!(
        parse_filter(&m, t, &long).unwrap_err().code,
        "invalid_filter"
    );
}

#[test]
fn other_options() {
    let m = model();
    let t = m.table("it_service_request").unwrap();
    let o = parse_orderby(&m, t, "priority desc, requested_by/name,name asc").unwrap();
    assert_eq!(o.len(), 3);
    assert!(o[0].desc && !o[1].desc && !o[2].desc);
    assert_eq!(o[1].field.via, vec!["requested_by_id".to_string()]);
    assert_eq!(
        parse_orderby(&m, t, "description").unwrap_err().code,
        "invalid_orderby"
    );
    assert_eq!(
        parse_orderby(&m, t, "name sideways").unwrap_err().code,
        "invalid_orderby"
    );
    assert_eq!(
        parse_orderby(&m, t, "nope").unwrap_err().code,
        "unknown_field"
    );

    assert_eq!(parse_select(t, "id, name").unwrap(), vec!["id", "name"]);
    assert_eq!(parse_select(t, "*").unwrap().len(), t.fields.len());
    assert_eq!(
        parse_select(t, "name,nope").unwrap_err().code,
        "unknown_field"
    );

    let e = parse_expand(&m, t, "requested_by($select=name,email),it_system").unwrap();
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].field, "requested_by_id");
    assert_eq!(e[0].table, "person");
    assert_eq!(
        e[0].select,
        Some(vec!["name".to_string(), "email".to_string()])
    );
    assert_eq!(e[1].select, None);
    assert_eq!(
        parse_expand(&m, t, "name").unwrap_err().code,
        "invalid_expand"
    );
    assert_eq!(
        parse_expand(&m, t, "requested_by($top=1)")
            .unwrap_err()
            .code,
        "invalid_expand"
    );
    assert_eq!(
        parse_expand(&m, t, "requested_by($select=nope)")
            .unwrap_err()
            .code,
        "unknown_field"
    );

    let p = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    };
    let q = parse_query(
        &m,
        t,
        &p(&[
            ("$top", "5"),
            ("$skip", "10"),
            ("$count", "true"),
            ("other", "x"),
        ]),
    )
    .unwrap();
    assert_eq!((q.top, q.skip, q.count), (Some(5), Some(10), true));
    assert_eq!(
        parse_query(&m, t, &p(&[("$top", "-1")])).unwrap_err().code,
        "invalid_top"
    );
    assert_eq!(
        parse_query(&m, t, &p(&[("$skip", "x")])).unwrap_err().code,
        "invalid_skip"
    );
    assert_eq!(
        parse_query(&m, t, &p(&[("$count", "yes")]))
            .unwrap_err()
            .code,
        "invalid_count"
    );
    assert_eq!(
        parse_query(&m, t, &p(&[("$search", "x")]))
            .unwrap_err()
            .code,
        "unknown_query_option"
    );
    assert_eq!(
        parse_query(&m, t, &p(&[("$top", "1"), ("$top", "2")]))
            .unwrap_err()
            .code,
        "duplicate_query_option"
    );
}
