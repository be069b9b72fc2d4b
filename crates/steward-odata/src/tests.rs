//! Table-driven tests against the built-in model. Each case is an input and the expected result in
//! a compact one-line form, or `error <code> @<position>`.

use crate::*;
use steward_model::{FieldType, Model};

fn model() -> Model {
    Model::builtin()
}

/// `requested_by/name`: a field reference as the path a client writes.
fn path(r: &FieldRef) -> String {
    let mut p: Vec<String> = r
        .via
        .iter()
        .map(|v| v.strip_suffix("_id").unwrap_or(v).to_string())
        .collect();
    p.push(r.field.clone());
    p.join("/")
}

fn lit(l: &Literal) -> String {
    match l {
        Literal::Null => "null".to_string(),
        Literal::Bool(b) => b.to_string(),
        Literal::Int(i) => i.to_string(),
        Literal::Decimal(d) => format!("dec:{d}"),
        Literal::String(s) => format!("'{s}'"),
        Literal::Date(d) => format!("date:{d}"),
        Literal::DateTime(d) => format!("dt:{d}"),
        Literal::Uuid(u) => format!("uuid:{u}"),
    }
}

/// A compact rendering of a filter AST, fully parenthesised, so that cases read as one line each.
fn show(e: &Expr) -> String {
    match e {
        Expr::And(a, b) => format!("({} and {})", show(a), show(b)),
        Expr::Or(a, b) => format!("({} or {})", show(a), show(b)),
        Expr::Not(a) => format!("not {}", show(a)),
        Expr::Compare { field, op, value } => {
            format!(
                "{} {} {}",
                path(field),
                format!("{op:?}").to_lowercase(),
                lit(value)
            )
        }
        Expr::In { field, values } => format!(
            "{} in [{}]",
            path(field),
            values.iter().map(lit).collect::<Vec<_>>().join(",")
        ),
        Expr::Str { func, field, value } => {
            format!(
                "{}({}, '{value}')",
                format!("{func:?}").to_lowercase(),
                path(field)
            )
        }
        Expr::IsTrue(field) => format!("is {}", path(field)),
        Expr::Const(b) => b.to_string(),
    }
}

/// `error <code> @<position>` for an error, or the rendering of the value.
fn outcome<T>(r: Result<T, ODataError>, render: impl Fn(&T) -> String) -> String {
    match r {
        Ok(v) => render(&v),
        Err(e) => {
            // Every message that has a position says so, in the option's terms.
            if let Some(p) = e.position {
                let at = format!("at position {p} of {}", e.target);
                assert!(e.message.contains(&at), "{e:?} should say '{at}'");
            }
            format!(
                "error {} @{}",
                e.code,
                e.position.map_or("-".into(), |p| p.to_string())
            )
        }
    }
}

/// Run `parse` over `(input, expected)` cases, reporting every mismatch at once.
fn run<T>(
    what: &str,
    cases: &[(&str, &str)],
    parse: impl Fn(&str) -> Result<T, ODataError>,
    render: impl Fn(&T) -> String,
) {
    let mut failures = Vec::new();
    for (input, expected) in cases {
        let got = outcome(parse(input), &render);
        if got != *expected {
            let message = parse(input).err().map(|e| e.message).unwrap_or_default();
            failures.push(format!(
                "{what} {input:?}\n   expected: {expected}\n        got: {got}  {message}"
            ));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The one filter check: `(input, expected)` on `table`.
fn check(table: &str, cases: &[(&str, &str)]) {
    let m = model();
    let t = m.table(table).unwrap();
    run(
        &format!("$filter on {table}"),
        cases,
        |s| parse_filter(&m, t, s),
        show,
    );
}

#[test]
fn filter_comparisons_and_literals() {
    check(
        "it_service_request",
        &[
            ("name eq 'Laptop'", "name eq 'Laptop'"),
            ("name ne 'Laptop'", "name ne 'Laptop'"),
            ("name eq 'O''Brien'", "name eq 'O'Brien'"),
            ("name eq ''''", "name eq '''"),
            ("name eq ''", "name eq ''"),
            ("name eq 'a and b or not c'", "name eq 'a and b or not c'"),
            ("name eq 'é (x)'", "name eq 'é (x)'"),
            ("name gt 'M'", "name gt 'M'"),
            ("  name   eq\t'x'  ", "name eq 'x'"),
            ("satisfaction_rating ge 4", "satisfaction_rating ge 4"),
            ("satisfaction_rating lt -1", "satisfaction_rating lt -1"),
            ("satisfaction_rating le 5", "satisfaction_rating le 5"),
            ("row_version gt 9223372036854775807", "row_version gt 9223372036854775807"),
            ("total_estimated_cost gt 12.5", "total_estimated_cost gt dec:12.5"),
            ("total_estimated_cost gt 12.50", "total_estimated_cost gt dec:12.50"),
            ("total_estimated_cost le -0.01", "total_estimated_cost le dec:-0.01"),
            ("total_estimated_cost gt 12", "total_estimated_cost gt 12"),
            ("priority eq 'high'", "priority eq 'high'"),
            ("priority gt 'low'", "priority gt 'low'"),
            ("priority eq Steward.Priority'high'", "priority eq 'high'"),
            ("priority in (Steward.Priority'high','low')", "priority in ['high','low']"),
            ("state eq 'inactive'", "state eq 'inactive'"),
            ("description eq 'x'", "description eq 'x'"),
            ("description ne null", "description ne null"),
            // literal on the left: normalised with the operator flipped
            ("4 le satisfaction_rating", "satisfaction_rating ge 4"),
            ("4 lt satisfaction_rating", "satisfaction_rating gt 4"),
            ("4 ge satisfaction_rating", "satisfaction_rating le 4"),
            ("4 gt satisfaction_rating", "satisfaction_rating lt 4"),
            ("4 eq satisfaction_rating", "satisfaction_rating eq 4"),
            ("'Laptop' ne name", "name ne 'Laptop'"),
            ("null eq assigned_to_id", "assigned_to_id eq null"),
            // null
            ("assigned_to_id eq null", "assigned_to_id eq null"),
            ("assigned_to_id ne null", "assigned_to_id ne null"),
            ("priority eq null", "priority eq null"),
            ("request_date eq null", "request_date eq null"),
            // dates and instants
            ("required_date eq 2024-05-01", "required_date eq date:2024-05-01"),
            ("required_date eq '2024-05-01'", "required_date eq date:2024-05-01"),
            ("required_date ge 2024-02-29", "required_date ge date:2024-02-29"),
            (
                "request_date gt 2024-05-01T10:00:00Z",
                "request_date gt dt:2024-05-01T10:00:00Z",
            ),
            (
                "request_date gt 2024-05-01T10:00Z",
                "request_date gt dt:2024-05-01T10:00:00Z",
            ),
            (
                "request_date gt 2024-05-01T10:00:00.123456+02:00",
                "request_date gt dt:2024-05-01T10:00:00.123456+02:00",
            ),
            (
                "request_date lt 2024-05-01T10:00:00-05:30",
                "request_date lt dt:2024-05-01T10:00:00-05:30",
            ),
            ("request_date gt 2024-05-01", "request_date gt dt:2024-05-01T00:00:00Z"),
            ("request_date gt '2024-05-01'", "request_date gt dt:2024-05-01T00:00:00Z"),
            (
                "request_date lt '2024-05-01T10:00:00.5+02:00'",
                "request_date lt dt:2024-05-01T10:00:00.5+02:00",
            ),
            (
                "request_date lt '2024-05-01t10:00:00z'",
                "request_date lt dt:2024-05-01T10:00:00Z",
            ),
            // ids
            (
                "requested_by_id eq 0190A0B2-0000-7000-8000-00000000000F",
                "requested_by_id eq uuid:0190a0b2-0000-7000-8000-00000000000f",
            ),
            (
                "requested_by_id eq '0190A0B2-0000-7000-8000-000000000001'",
                "requested_by_id eq uuid:0190a0b2-0000-7000-8000-000000000001",
            ),
            (
                "id eq deadbeef-0000-7000-8000-000000000001",
                "id eq uuid:deadbeef-0000-7000-8000-000000000001",
            ),
            (
                "id in (0190a0b2-0000-7000-8000-000000000001,'0190A0B2-0000-7000-8000-000000000002')",
                "id in [uuid:0190a0b2-0000-7000-8000-000000000001,uuid:0190a0b2-0000-7000-8000-000000000002]",
            ),
            // paths through lookups
            ("requested_by/name eq 'Ada'", "requested_by/name eq 'Ada'"),
            ("requested_by/is_active", "is requested_by/is_active"),
            (
                "requested_by/organization_unit/code eq 'IT'",
                "requested_by/organization_unit/code eq 'IT'",
            ),
            (
                "requested_by / organization_unit / code eq 'IT'",
                "requested_by/organization_unit/code eq 'IT'",
            ),
            (
                "requested_by/identity_kind eq 'human'",
                "requested_by/identity_kind eq 'human'",
            ),
            (
                "'IT' eq requested_by/organization_unit/code",
                "requested_by/organization_unit/code eq 'IT'",
            ),
            (
                "created_by/manager/email ne null",
                "created_by/manager/email ne null",
            ),
            // constants
            ("true", "true"),
            ("false", "false"),
            ("(true)", "true"),
        ],
    );
}

#[test]
fn filter_logic_precedence_and_functions() {
    check(
        "it_service_request",
        &[
            (
                "priority eq 'high' and satisfaction_rating ge 4",
                "(priority eq 'high' and satisfaction_rating ge 4)",
            ),
            // and binds tighter than or, on either side
            (
                "priority eq 'high' or priority eq 'low' and name eq 'x'",
                "(priority eq 'high' or (priority eq 'low' and name eq 'x'))",
            ),
            (
                "name eq 'x' and priority eq 'low' or priority eq 'high'",
                "((name eq 'x' and priority eq 'low') or priority eq 'high')",
            ),
            // parentheses override it
            (
                "(priority eq 'high' or priority eq 'low') and name eq 'x'",
                "((priority eq 'high' or priority eq 'low') and name eq 'x')",
            ),
            (
                "name eq 'x' and (priority eq 'high' or priority eq 'low')",
                "(name eq 'x' and (priority eq 'high' or priority eq 'low'))",
            ),
            ("((((name eq 'x'))))", "name eq 'x'"),
            // chains associate to the left
            (
                "name eq 'a' or name eq 'b' or name eq 'c'",
                "((name eq 'a' or name eq 'b') or name eq 'c')",
            ),
            (
                "name eq 'a' and name eq 'b' and name eq 'c'",
                "((name eq 'a' and name eq 'b') and name eq 'c')",
            ),
            // not: tighter than and/or, applied to the comparison that follows
            ("not (priority eq 'high')", "not priority eq 'high'"),
            ("not priority eq 'high'", "not priority eq 'high'"),
            ("not not name eq 'x'", "not not name eq 'x'"),
            (
                "not name eq 'x' and name eq 'y'",
                "(not name eq 'x' and name eq 'y')",
            ),
            (
                "not (name eq 'x' and name eq 'y')",
                "not (name eq 'x' and name eq 'y')",
            ),
            (
                "name eq 'x' or not name eq 'y' and true",
                "(name eq 'x' or (not name eq 'y' and true))",
            ),
            ("not contains(name,'x')", "not contains(name, 'x')"),
            ("not(name eq 'x')", "not name eq 'x'"),
            // in
            (
                "priority in ('high','critical')",
                "priority in ['high','critical']",
            ),
            ("priority in ( 'high' )", "priority in ['high']"),
            (
                "satisfaction_rating in (1, 2,3)",
                "satisfaction_rating in [1,2,3]",
            ),
            (
                "total_estimated_cost in (1, 2.5)",
                "total_estimated_cost in [1,dec:2.5]",
            ),
            ("name in ('a','b''c')", "name in ['a','b'c']"),
            (
                "required_date in (2024-05-01,'2024-05-02')",
                "required_date in [date:2024-05-01,date:2024-05-02]",
            ),
            (
                "request_date in (2024-05-01)",
                "request_date in [dt:2024-05-01T00:00:00Z]",
            ),
            (
                "requested_by/name in ('a') and not priority in ('low')",
                "(requested_by/name in ['a'] and not priority in ['low'])",
            ),
            // string functions
            ("contains(name,'lap')", "contains(name, 'lap')"),
            ("contains( name , 'lap' )", "contains(name, 'lap')"),
            ("contains(name,'')", "contains(name, '')"),
            ("contains(name,'it''s')", "contains(name, 'it's')"),
            ("contains(name,'50%_off')", "contains(name, '50%_off')"),
            ("startswith(name,'L')", "startswith(name, 'L')"),
            ("endswith(description,'x')", "endswith(description, 'x')"),
            (
                "startswith(requested_by/email,'ada@')",
                "startswith(requested_by/email, 'ada@')",
            ),
            (
                "contains(name,'a') or endswith(name,'z')",
                "(contains(name, 'a') or endswith(name, 'z'))",
            ),
            // a condition compared with true/false
            ("contains(name,'a') eq true", "contains(name, 'a')"),
            ("contains(name,'a') eq false", "not contains(name, 'a')"),
            ("contains(name,'a') ne true", "not contains(name, 'a')"),
            ("(name eq 'x') ne false", "name eq 'x'"),
            (
                "(name eq 'x' or true) eq false",
                "not (name eq 'x' or true)",
            ),
            ("not (name eq 'x') eq false", "not not name eq 'x'"),
            ("true and name eq 'x'", "(true and name eq 'x')"),
        ],
    );
}

#[test]
fn filter_on_booleans_and_multi_choice() {
    check(
        "person",
        &[
            ("is_active", "is is_active"),
            ("not is_active", "not is is_active"),
            (
                "is_active and email ne null",
                "(is is_active and email ne null)",
            ),
            ("(is_active)", "is is_active"),
            ("is_active eq true", "is_active eq true"),
            ("false eq is_active", "is_active eq false"),
            ("is_active in (true)", "is_active in [true]"),
            (
                "is_active eq false and email eq null",
                "(is_active eq false and email eq null)",
            ),
            (
                "manager/is_active or is_active",
                "(is manager/is_active or is is_active)",
            ),
            ("is_active eq 1", "error type_mismatch @13"),
            ("is_active eq 'true'", "error type_mismatch @13"),
            ("email", "error type_mismatch @0"),
            ("is_active email", "error invalid_filter @10"),
        ],
    );
    check(
        "compliance_requirement",
        &[
            (
                "contains(baselines,'moderate')",
                "contains(baselines, 'moderate')",
            ),
            (
                "contains(baselines,'low') and not contains(baselines,'privacy')",
                "(contains(baselines, 'low') and not contains(baselines, 'privacy'))",
            ),
            ("baselines eq null", "baselines eq null"),
            ("baselines ne null", "baselines ne null"),
            ("contains(baselines,'extreme')", "error invalid_choice @19"),
            ("contains(baselines,'Moderate')", "error invalid_choice @19"),
            ("baselines eq 'low'", "error type_mismatch @0"),
            ("baselines gt 'low'", "error type_mismatch @0"),
            ("baselines in ('low')", "error type_mismatch @14"),
            ("startswith(baselines,'low')", "error type_mismatch @11"),
            ("statement gt 'a'", "error type_mismatch @0"),
            ("contains(statement,'AC-2')", "contains(statement, 'AC-2')"),
            (
                "framework/name eq 'NIST 800-53' and parent/identifier eq 'AC-2'",
                "(framework/name eq 'NIST 800-53' and parent/identifier eq 'AC-2')",
            ),
        ],
    );
}

#[test]
fn filter_errors_name_code_and_position() {
    check(
        "it_service_request",
        &[
            // syntax
            ("", "error invalid_filter @0"),
            ("   ", "error invalid_filter @0"),
            ("name eq", "error invalid_filter @7"),
            ("name eq 'x' and", "error invalid_filter @15"),
            ("name eq 'x' or", "error invalid_filter @14"),
            ("(name eq 'x'", "error invalid_filter @12"),
            ("((name eq 'x')", "error invalid_filter @14"),
            ("name eq 'x')", "error invalid_filter @11"),
            (") or name eq 'a'", "error invalid_filter @0"),
            ("()", "error invalid_filter @1"),
            ("name eq 'x", "error invalid_filter @8"),
            ("name eq 'it''s", "error invalid_filter @8"),
            ("name eqq 'a'", "error invalid_filter @5"),
            ("name = 'a'", "error invalid_filter @5"),
            ("name eq \"a\"", "error invalid_filter @8"),
            ("name eq @", "error invalid_filter @8"),
            ("name 'x'", "error invalid_filter @5"),
            ("name eq 'x' xor name eq 'y'", "error invalid_filter @12"),
            ("name eq 'x' AND name eq 'y'", "error invalid_filter @12"),
            ("name EQ 'x'", "error invalid_filter @5"),
            ("name eq 'a' name eq 'b'", "error invalid_filter @12"),
            ("name eq 'a' and ) name eq 'b'", "error invalid_filter @16"),
            ("name eq 'a' eq 'b'", "error invalid_filter @12"),
            ("satisfaction_rating eq 1 or", "error invalid_filter @27"),
            ("name eq and", "error invalid_filter @8"),
            ("not", "error invalid_filter @3"),
            ("and name eq 'x'", "error invalid_filter @0"),
            ("name eq name", "error invalid_filter @8"),
            ("1 eq 1", "error invalid_filter @5"),
            ("name eq 'x' , name eq 'y'", "error invalid_filter @12"),
            ("priority in ()", "error invalid_filter @13"),
            ("priority in 'high'", "error invalid_filter @12"),
            ("priority in ('high',)", "error invalid_filter @20"),
            ("priority in ('high' 'low')", "error invalid_filter @20"),
            ("priority in ('high'", "error invalid_filter @19"),
            ("priority in (name)", "error invalid_filter @13"),
            ("'x' in ('x')", "error invalid_filter @4"),
            ("frobnicate(name,'x')", "error invalid_filter @0"),
            ("tolower(name) eq 'x'", "error invalid_filter @0"),
            ("contains(name)", "error invalid_filter @13"),
            ("contains(name,'x'", "error invalid_filter @17"),
            ("contains('x',name)", "error invalid_filter @9"),
            ("contains(name,name)", "error invalid_filter @14"),
            ("requested_by/", "error invalid_filter @13"),
            ("requested_by/'x' eq 1", "error invalid_filter @13"),
            ("requested_by.name eq 'x'", "error invalid_filter @0"),
            (
                "Steward.Priority 'high' eq priority",
                "error invalid_filter @0",
            ),
            (
                "created_by/manager/manager/name eq 'x'",
                "error invalid_filter @27",
            ),
            ("name eq 1.", "error invalid_filter @8"),
            (
                "satisfaction_rating eq 99999999999999999999",
                "error invalid_filter @23",
            ),
            ("required_date eq 2024-02-30", "error invalid_filter @17"),
            (
                "request_date gt 2024-05-01T25:00:00Z",
                "error invalid_filter @16",
            ),
            ("contains(name,'x') eq 'y'", "error type_mismatch @22"),
            ("contains(name,'x') gt true", "error type_mismatch @22"),
            // unknown names, pointing at the segment that is unknown
            ("a_b eq 1", "error unknown_field @0"),
            ("name eq 'x' and nope eq 1", "error unknown_field @16"),
            ("nosuch/name eq 'x'", "error unknown_field @0"),
            ("requested_by/nope eq 'x'", "error unknown_field @13"),
            (
                "requested_by/organization_unit/nope eq 'x'",
                "error unknown_field @31",
            ),
            ("name/x eq 'x'", "error unknown_field @0"),
            ("requested_by_id/name eq 'x'", "error unknown_field @0"),
            ("requested_by eq null", "error unknown_field @0"),
            ("contains(nope,'x')", "error unknown_field @9"),
            ("Name eq 'x'", "error unknown_field @0"),
            // types
            ("name eq 3", "error type_mismatch @8"),
            ("name eq true", "error type_mismatch @8"),
            ("name eq 2024-05-01", "error type_mismatch @8"),
            ("satisfaction_rating eq 'five'", "error type_mismatch @23"),
            ("satisfaction_rating eq 4.5", "error type_mismatch @23"),
            ("total_estimated_cost eq '12'", "error type_mismatch @24"),
            (
                "total_estimated_cost eq 0.12345678901234567890123456789",
                "error type_mismatch @24",
            ),
            ("priority gt 5", "error type_mismatch @12"),
            ("priority eq true", "error type_mismatch @12"),
            ("description gt 'a'", "error type_mismatch @0"),
            ("description le 'a'", "error type_mismatch @0"),
            ("'a' lt description", "error type_mismatch @7"),
            ("request_date gt 'yesterday'", "error type_mismatch @16"),
            ("request_date gt 5", "error type_mismatch @16"),
            (
                "request_date gt '2024-05-01T10:00:00'",
                "error type_mismatch @16",
            ),
            (
                "required_date eq 2024-05-01T10:00:00Z",
                "error type_mismatch @17",
            ),
            ("required_date eq '01/05/2024'", "error type_mismatch @17"),
            ("requested_by_id eq 'bob'", "error type_mismatch @19"),
            ("requested_by_id eq 5", "error type_mismatch @19"),
            (
                "id eq '0190a0b2-0000-7000-8000-00000000000'",
                "error type_mismatch @6",
            ),
            ("satisfaction_rating gt null", "error type_mismatch @23"),
            ("null lt satisfaction_rating", "error type_mismatch @0"),
            ("priority in ('high', null)", "error type_mismatch @21"),
            ("satisfaction_rating in (1,'2')", "error type_mismatch @26"),
            (
                "contains(satisfaction_rating,'1')",
                "error type_mismatch @9",
            ),
            ("contains(priority,'high')", "error type_mismatch @9"),
            ("startswith(request_date,'2024')", "error type_mismatch @11"),
            ("contains(name,5)", "error type_mismatch @14"),
            ("contains(name,null)", "error type_mismatch @14"),
            ("name", "error type_mismatch @0"),
            ("name and true", "error type_mismatch @0"),
            ("(requested_by/name)", "error type_mismatch @14"),
            ("'x'", "error type_mismatch @0"),
            ("5 or true", "error type_mismatch @0"),
            // choices
            ("priority eq 'urgent'", "error invalid_choice @12"),
            ("priority eq 'High'", "error invalid_choice @12"),
            (
                "priority eq Steward.Priority'urgent'",
                "error invalid_choice @12",
            ),
            ("priority in ('high','urgent')", "error invalid_choice @20"),
            ("'urgent' eq priority", "error invalid_choice @0"),
            ("state eq 'deleted'", "error invalid_choice @9"),
            (
                "requested_by/identity_kind eq 'robot'",
                "error invalid_choice @30",
            ),
        ],
    );
}

#[test]
fn filter_binds_full_field_references() {
    let m = model();
    let t = m.table("it_service_request").unwrap();
    let e = parse_filter(&m, t, "requested_by/organization_unit/code eq 'IT'").unwrap();
    assert_eq!(
        e,
        Expr::Compare {
            field: FieldRef {
                via: vec!["requested_by_id".into(), "organization_unit_id".into()],
                field: "code".into(),
                table: "organization_unit".into(),
                ty: FieldType::Text { max: 50 },
            },
            op: CmpOp::Eq,
            value: Literal::String("IT".into()),
        }
    );
    let e = parse_filter(&m, t, "priority in ('high') and contains(name,'x')").unwrap();
    assert_eq!(
        format!("{e:?}"),
        "And(In { field: FieldRef { via: [], field: \"priority\", table: \"it_service_request\", \
         ty: Choice { set: \"priority\" } }, values: [String(\"high\")] }, Str { func: Contains, \
         field: FieldRef { via: [], field: \"name\", table: \"it_service_request\", \
         ty: Text { max: 200 } }, value: \"x\" })"
    );
    let e = parse_filter(
        &m,
        t,
        "requested_by_id eq 'ABCDEF01-0000-7000-8000-000000000001'",
    )
    .unwrap();
    let Expr::Compare { field, value, .. } = e else {
        panic!("a comparison")
    };
    assert_eq!(
        field.ty,
        FieldType::Lookup {
            table: "person".into()
        }
    );
    assert_eq!(
        value,
        Literal::Uuid("abcdef01-0000-7000-8000-000000000001".into())
    );
}

#[test]
fn filter_messages_are_plain_and_precise() {
    let m = model();
    let t = m.table("it_service_request").unwrap();
    let msg = |s: &str| parse_filter(&m, t, s).unwrap_err();
    let cases = [
        (
            "(name eq 'x')) and true",
            "unexpected token ')' at position 13 of $filter",
        ),
        (
            "name eq 'x' AND true",
            "unexpected token 'AND' at position 12 of $filter",
        ),
        ("name eq 'x' AND true", "keywords are lower case: and"),
        (
            "nope eq 1",
            "it_service_request has no field 'nope' at position 0 of $filter",
        ),
        (
            "requested_by/nope eq 1",
            "person has no field 'nope' at position 13 of $filter",
        ),
        ("requested_by eq null", "use its field 'requested_by_id'"),
        (
            "requested_by_id/name eq 'x'",
            "navigate with 'requested_by'",
        ),
        (
            "priority eq 'urgent'",
            "'urgent' is not a code of 'priority'",
        ),
        ("name eq 3", "3 does not fit 'name', which is text"),
        (
            "description gt 'a'",
            "'description' is long text and cannot be compared with gt",
        ),
        (
            "satisfaction_rating gt null",
            "null cannot be compared with gt",
        ),
        (
            "name eq",
            "found the end of the filter at position 7 of $filter",
        ),
        ("(name eq 'x'", "expected ')' to close the '(' at 0"),
        ("name eq 'x", "not closed with a quote"),
        ("name = 'x'", "eq, ne, gt, ge, lt, le"),
        ("frobnicate(name,'x')", "unknown function 'frobnicate'"),
        ("contains(baselines,'x')", "has no field 'baselines'"),
        (
            "priority in ()",
            "the 'in' list is empty at position 13 of $filter",
        ),
        ("name eq 'a' eq 'b'", "one comparison cannot follow another"),
    ];
    for (input, part) in cases {
        let e = msg(input);
        assert!(
            e.message.contains(part),
            "{input}: {:?} should contain {part:?}",
            e.message
        );
        assert_eq!(e.target, "$filter");
        assert_eq!(e.to_string(), format!("{}: {}", e.code, e.message));
    }
    // Long user text is cut in messages.
    let e = msg(&format!("name eq 'x' {}", "y".repeat(500)));
    assert!(e.message.len() < 200, "{}", e.message);
}

#[test]
fn nesting_and_length_are_bounded() {
    let m = model();
    let t = m.table("it_service_request").unwrap();
    let parse = |s: &str| parse_filter(&m, t, s);
    let parens = |n: usize| format!("{}name eq 'x'{}", "(".repeat(n), ")".repeat(n));
    assert_eq!(
        parse(&parens(MAX_DEPTH)).unwrap(),
        parse("name eq 'x'").unwrap()
    );
    let e = parse(&parens(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!((e.code, e.position), ("invalid_filter", Some(MAX_DEPTH)));
    let e = parse(&parens(3000)).unwrap_err();
    assert_eq!((e.code, e.position), ("invalid_filter", Some(MAX_DEPTH)));
    // unbalanced, deep: still refused before the stack is at risk
    assert_eq!(parse(&"(".repeat(7000)).unwrap_err().code, "invalid_filter");
    // a call as the argument of a call is refused where it starts, before it is parsed (nested
    // calls were parsed first and overflowed the stack: found by the fuzzer)
    for n in [2, 800] {
        let e = parse(&format!("{}name,'x')", "contains(".repeat(n))).unwrap_err();
        assert_eq!((e.code, e.position), ("invalid_filter", Some(9)), "{e:?}");
        assert!(
            e.message
                .contains("first argument of contains must be a field, not a call of contains"),
            "{e:?}"
        );
    }
    let e = parse(&format!("endswith(name,{}'x')", "startswith(".repeat(700))).unwrap_err();
    assert_eq!((e.code, e.position), ("invalid_filter", Some(14)), "{e:?}");
    assert!(e.message.contains("second argument of endswith"), "{e:?}");

    let nots = |n: usize| format!("{}name eq 'x'", "not ".repeat(n));
    assert!(parse(&nots(MAX_DEPTH)).is_ok());
    let e = parse(&nots(MAX_DEPTH + 1)).unwrap_err();
    assert_eq!(
        (e.code, e.position),
        ("invalid_filter", Some(4 * MAX_DEPTH))
    );
    // parentheses and not count together
    let mixed = "not (".repeat(MAX_DEPTH / 2 + 1) + "true" + &")".repeat(MAX_DEPTH / 2 + 1);
    assert_eq!(parse(&mixed).unwrap_err().code, "invalid_filter");

    // Wide chains are fine up to MAX_HEIGHT levels...
    let chain = |n: usize| vec!["true"; n].join(" or ");
    assert!(parse(&chain(MAX_HEIGHT)).is_ok());
    let e = parse(&chain(MAX_HEIGHT + 1)).unwrap_err();
    assert_eq!(
        (e.code, e.position),
        ("invalid_filter", Some(MAX_HEIGHT * 8 - 3))
    );
    let wide = (0..380)
        .map(|i| format!("name eq 'x{i}'"))
        .collect::<Vec<_>>()
        .join(" or ");
    assert!(parse(&format!("not ({wide})")).is_ok());
    // ... and `not` adds to the height.
    let tall = format!("not ({})", chain(MAX_HEIGHT));
    assert_eq!(parse(&tall).unwrap_err().code, "invalid_filter");

    // Length, in characters.
    let at_limit = format!("name eq '{}'", "é".repeat(MAX_FILTER_LEN - 10));
    assert_eq!(at_limit.chars().count(), MAX_FILTER_LEN);
    assert!(parse(&at_limit).is_ok());
    let long = format!("name eq '{}'", "x".repeat(9000));
    let e = parse(&long).unwrap_err();
    assert_eq!(
        (e.code, e.position),
        ("invalid_filter", Some(MAX_FILTER_LEN))
    );
}

#[test]
fn deepest_accepted_filter_fits_a_small_stack() {
    // Parentheses and `not` are parsed without recursion: the deepest and tallest accepted
    // filters parse (and drop) on a 128 KiB stack, a sixteenth of a test or tokio worker thread's.
    let handle = std::thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(|| {
            let m = model();
            let t = m.table("it_service_request").unwrap();
            let deep = format!(
                "{}contains(requested_by/name,'x') and 1 lt satisfaction_rating{}",
                "not (".repeat(MAX_DEPTH / 2),
                ")".repeat(MAX_DEPTH / 2)
            );
            assert!(parse_filter(&m, t, &deep).is_ok());
            let deep = format!("{}true{}", "(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
            assert_eq!(parse_filter(&m, t, &deep), Ok(Expr::Const(true)));
            let too_deep = "(".repeat(MAX_FILTER_LEN);
            assert!(parse_filter(&m, t, &too_deep).is_err());
            let p = m.table("person").unwrap();
            let tall = vec!["is_active"; MAX_HEIGHT].join(" and ");
            assert!(parse_filter(&m, p, &tall).is_ok());
            let tall = vec!["not is_active"; MAX_HEIGHT / 2].join(" or ");
            assert!(parse_filter(&m, p, &tall).is_ok());
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn orderby() {
    let m = model();
    let t = m.table("it_service_request").unwrap();
    let render = |o: &Vec<OrderBy>| {
        o.iter()
            .map(|o| format!("{} {}", path(&o.field), if o.desc { "desc" } else { "asc" }))
            .collect::<Vec<_>>()
            .join(", ")
    };
    run(
        "$orderby",
        &[
            ("name", "name asc"),
            ("name desc", "name desc"),
            ("name asc", "name asc"),
            (
                "priority desc, requested_by/name,name asc",
                "priority desc, requested_by/name asc, name asc",
            ),
            ("  request_date   desc  ", "request_date desc"),
            (
                "requested_by/organization_unit/code desc,id",
                "requested_by/organization_unit/code desc, id asc",
            ),
            (
                "satisfaction_rating desc,name",
                "satisfaction_rating desc, name asc",
            ),
            (
                "total_estimated_cost,required_date",
                "total_estimated_cost asc, required_date asc",
            ),
            ("requested_by_id", "requested_by_id asc"),
            // errors
            ("", "error invalid_orderby @0"),
            ("name,", "error invalid_orderby @5"),
            ("name,,id", "error invalid_orderby @5"),
            ("name sideways", "error invalid_orderby @5"),
            ("name DESC", "error invalid_orderby @5"),
            ("name desc asc", "error invalid_orderby @10"),
            ("name desc, id up", "error invalid_orderby @14"),
            ("description", "error invalid_orderby @0"),
            ("name, description desc", "error invalid_orderby @6"),
            ("requested_by/", "error invalid_orderby @13"),
            ("/name", "error invalid_orderby @0"),
            ("name()", "error invalid_orderby @0"),
            (
                "created_by/manager/manager/name",
                "error invalid_orderby @0",
            ),
            ("nope", "error unknown_field @0"),
            ("name, nope desc", "error unknown_field @6"),
            ("requested_by/nope", "error unknown_field @13"),
            ("requested_by", "error unknown_field @0"),
            ("é, nope", "error invalid_orderby @0"),
            ("name,\u{e9}x", "error invalid_orderby @5"),
        ],
        |s| parse_orderby(&m, t, s),
        render,
    );
    let c = m.table("compliance_requirement").unwrap();
    assert_eq!(
        outcome(parse_orderby(&m, c, "identifier, baselines"), render),
        "error invalid_orderby @12"
    );
    let e = parse_orderby(&m, t, "name sideways").unwrap_err();
    assert_eq!(e.target, "$orderby");
    assert!(e
        .message
        .contains("'sideways' is not a sort direction at position 5 of $orderby"));
    let e = parse_orderby(&m, t, "description").unwrap_err();
    assert!(e
        .message
        .contains("'description' is long text and cannot be sorted by"));
}

#[test]
fn select() {
    let m = model();
    let t = m.table("it_service_request").unwrap();
    run(
        "$select",
        &[
            ("name", "name"),
            ("id, name", "id,name"),
            ("name,priority,name", "name,priority"),
            ("  name ,  state ", "name,state"),
            ("requested_by_id", "requested_by_id"),
            ("", "error invalid_select @0"),
            ("name,,id", "error invalid_select @5"),
            ("name,", "error invalid_select @5"),
            ("requested_by/name", "error invalid_select @0"),
            ("name email", "error invalid_select @0"),
            ("name,$count", "error invalid_select @5"),
            ("nope", "error unknown_field @0"),
            ("name, nope", "error unknown_field @6"),
            ("requested_by", "error unknown_field @0"),
            ("Name", "error unknown_field @0"),
            ("é,nope", "error invalid_select @0"),
            ("ab,nope", "error unknown_field @0"),
            ("name,*,nope", "error unknown_field @7"),
        ],
        |s| parse_select(t, s),
        |v| v.join(","),
    );
    let all: Vec<String> = t.public_fields().map(|f| f.name.clone()).collect();
    assert_eq!(all[0], "id");
    assert_eq!(parse_select(t, "*").unwrap(), all);
    assert_eq!(parse_select(t, "name, *").unwrap(), all);
    let e = parse_select(t, "name, nope").unwrap_err();
    assert_eq!(e.target, "$select");
    assert!(e
        .message
        .contains("it_service_request has no field 'nope' at position 6 of $select"));
    let e = parse_select(t, "requested_by").unwrap_err();
    assert!(e.message.contains("$expand=requested_by"), "{}", e.message);
}

#[test]
fn expand() {
    let m = model();
    let t = m.table("it_service_request").unwrap();
    let render = |v: &Vec<Expand>| {
        v.iter()
            .map(|e| {
                let sel = match &e.select {
                    Some(s) => format!("[{}]", s.join(",")),
                    None => "*".into(),
                };
                format!("{}:{}->{}{sel}", e.nav, e.field, e.table)
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    run(
        "$expand",
        &[
            ("requested_by", "requested_by:requested_by_id->person*"),
            (
                "requested_by($select=name,email),it_system",
                "requested_by:requested_by_id->person[name,email] it_system:it_system_id->it_system*",
            ),
            (
                " requested_by ( $select = name , email ) , created_by ",
                "requested_by:requested_by_id->person[name,email] created_by:created_by_id->person*",
            ),
            (
                "requested_by($select=name;),assigned_team($select=code)",
                "requested_by:requested_by_id->person[name] assigned_team:assigned_team_id->organization_unit[code]",
            ),
            ("requested_by()", "requested_by:requested_by_id->person*"),
            (
                "owning_unit,requested_for",
                "owning_unit:owning_unit_id->organization_unit* requested_for:requested_for_id->person*",
            ),
            // errors
            ("", "error invalid_expand @0"),
            ("requested_by,", "error invalid_expand @13"),
            ("name", "error invalid_expand @0"),
            ("priority", "error invalid_expand @0"),
            ("nope", "error invalid_expand @0"),
            ("requested_by_id", "error invalid_expand @0"),
            ("requested_by, nope", "error invalid_expand @14"),
            ("*", "error invalid_expand @0"),
            ("requested_by/organization_unit", "error invalid_expand @0"),
            ("requested_by,requested_by", "error invalid_expand @13"),
            ("requested_by($top=1)", "error invalid_expand @13"),
            ("requested_by($select=name;$filter=name eq 'a;b')", "error invalid_expand @26"),
            ("requested_by($expand=manager)", "error invalid_expand @13"),
            ("requested_by(name)", "error invalid_expand @13"),
            ("requested_by($select=name", "error invalid_expand @12"),
            ("requested_by($select=name),x(", "error invalid_expand @27"),
            ("requested_by($select=name;$select=email)", "error invalid_expand @26"),
            ("requested_by($select=)", "error invalid_select @21"),
            ("requested_by($select=name,,email)", "error invalid_select @26"),
            ("requested_by($select=nope)", "error unknown_field @21"),
            ("created_by, requested_by($select= name,nope)", "error unknown_field @39"),
            ("requested_by($select=organization_unit/code)", "error invalid_select @21"),
        ],
        |s| parse_expand(&m, t, s),
        render,
    );
    let e = parse_expand(&m, t, "requested_by($select=nope)").unwrap_err();
    assert_eq!(e.target, "$expand");
    assert!(e
        .message
        .contains("person has no field 'nope' at position 21 of $expand"));
    let e = parse_expand(&m, t, "requested_by($top=1)").unwrap_err();
    assert!(
        e.message.contains("'$top' is not supported inside $expand"),
        "{}",
        e.message
    );
    let e = parse_expand(&m, t, "priority").unwrap_err();
    assert!(
        e.message
            .contains("'priority' is a choice of priority, not a lookup"),
        "{}",
        e.message
    );
    let e = parse_expand(&m, t, "requested_by_id").unwrap_err();
    assert!(e.message.contains("expand 'requested_by'"), "{}", e.message);
    let all = parse_expand(&m, t, "requested_by($select=*)").unwrap();
    let person = m.table("person").unwrap();
    assert_eq!(all[0].select.as_ref().unwrap().len(), person.fields.len());
}

#[test]
fn query_options() {
    let m = model();
    let t = m.table("it_service_request").unwrap();
    let pairs = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect::<Vec<_>>()
    };
    let q = parse_query(
        &m,
        t,
        &pairs(&[
            ("$filter", "priority eq 'high'"),
            ("$select", "name,satisfaction_rating"),
            ("$orderby", "satisfaction_rating desc,name"),
            ("$expand", "requested_by($select=name)"),
            ("$top", "5"),
            ("$skip", "10"),
            ("$count", "true"),
            ("other", "x"),
            ("api-version", "1"),
        ]),
    )
    .unwrap();
    assert_eq!(show(q.filter.as_ref().unwrap()), "priority eq 'high'");
    assert_eq!(
        q.select,
        Some(vec!["name".into(), "satisfaction_rating".into()])
    );
    assert_eq!(q.orderby.len(), 2);
    assert!(q.orderby[0].desc);
    assert_eq!(q.expand[0].select, Some(vec!["name".into()]));
    assert_eq!((q.top, q.skip, q.count), (Some(5), Some(10), true));

    assert_eq!(parse_query(&m, t, &[]).unwrap(), Query::default());
    assert_eq!(
        parse_query(&m, t, &pairs(&[("filter", "garbage"), ("top", "x")])).unwrap(),
        Query::default()
    );
    let q = parse_query(&m, t, &pairs(&[("$top", "5000"), ("$count", "false")])).unwrap();
    assert_eq!(
        (q.top, q.count),
        (Some(5000), false),
        "$top is not clamped here"
    );
    let q = parse_query(&m, t, &pairs(&[("$top", "0"), ("$skip", "0")])).unwrap();
    assert_eq!((q.top, q.skip), (Some(0), Some(0)));

    let cases: &[(&[(&str, &str)], &str)] = &[
        (&[("$top", "-1")], "error invalid_top @0"),
        (&[("$top", "ten")], "error invalid_top @0"),
        (&[("$top", "")], "error invalid_top @0"),
        (&[("$top", "+5")], "error invalid_top @0"),
        (&[("$top", " 5")], "error invalid_top @0"),
        (&[("$top", "1.5")], "error invalid_top @1"),
        (&[("$top", "12x")], "error invalid_top @2"),
        (
            &[("$top", "99999999999999999999999")],
            "error invalid_top @0",
        ),
        (&[("$skip", "x")], "error invalid_skip @0"),
        (&[("$skip", "-3")], "error invalid_skip @0"),
        (&[("$count", "yes")], "error invalid_count @-"),
        (&[("$count", "True")], "error invalid_count @-"),
        (&[("$count", "")], "error invalid_count @-"),
        (&[("$search", "x")], "error unknown_query_option @-"),
        (&[("$Filter", "x")], "error unknown_query_option @-"),
        (&[("$", "x")], "error unknown_query_option @-"),
        (&[("$format", "json")], "error unknown_query_option @-"),
        (
            &[("$top", "1"), ("$top", "2")],
            "error duplicate_query_option @-",
        ),
        (
            &[("$filter", "true"), ("$filter", "true")],
            "error duplicate_query_option @-",
        ),
        (&[("$filter", "name eq")], "error invalid_filter @7"),
        (&[("$filter", "nope eq 1")], "error unknown_field @0"),
        (&[("$orderby", "name sideways")], "error invalid_orderby @5"),
        (&[("$select", "name,,id")], "error invalid_select @5"),
        (&[("$expand", "nope")], "error invalid_expand @0"),
        (
            &[("$top", "1"), ("$skip", "1"), ("$bogus", "1")],
            "error unknown_query_option @-",
        ),
    ];
    let mut failures = Vec::new();
    for (params, expected) in cases {
        let got = outcome(parse_query(&m, t, &pairs(params)), |_| "ok".into());
        if got != *expected {
            failures.push(format!("{params:?}: expected {expected}, got {got}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));

    let err = |p: &[(&str, &str)]| parse_query(&m, t, &pairs(p)).unwrap_err();
    let e = err(&[("$top", "1"), ("$top", "2")]);
    assert_eq!(e.target, "$top");
    assert_eq!(e.message, "$top is given more than once");
    let e = err(&[("$Filter", "x")]);
    assert_eq!(e.target, "$Filter");
    assert!(e.message.contains("lower case: $filter"), "{}", e.message);
    let e = err(&[("$top", "12x")]);
    assert_eq!(e.target, "$top");
    assert!(e.message.contains("at position 2 of $top"), "{}", e.message);
    let e = err(&[("$count", "yes")]);
    assert_eq!(e.message, "$count must be true or false, not 'yes'");
}

#[test]
fn secret_fields_cannot_be_named() {
    let m = Model::builtin();
    let t = m.table("api_token").unwrap();
    assert_eq!(
        parse_filter(&m, t, "token_hash eq 'x'").unwrap_err().code,
        "unknown_field"
    );
    assert_eq!(
        parse_orderby(&m, t, "token_hash").unwrap_err().code,
        "unknown_field"
    );
    assert_eq!(
        parse_select(t, "token_hash").unwrap_err().code,
        "unknown_field"
    );
    assert!(!parse_select(t, "*")
        .unwrap()
        .contains(&"token_hash".to_string()));
    let users = m.table("user_account").unwrap();
    let via = m.table("api_token").unwrap();
    assert_eq!(
        parse_filter(&m, via, "user_account/password_hash eq 'x'")
            .unwrap_err()
            .code,
        "unknown_field"
    );
    let _ = users;
}
