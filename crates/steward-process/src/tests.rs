use super::*;
use steward_domain::Record;

fn model() -> Model {
    Model::builtin()
}

fn record(pairs: &[(&str, &str)]) -> Record {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), Value::Text(v.to_string())))
        .collect()
}

#[test]
fn the_builtin_declaration_covers_every_process_table() {
    let p = Processes::builtin(&model()).expect("the declaration is valid");
    for table in [
        "it_service_request",
        "incident",
        "problem",
        "change_request",
        "it_system_access_request",
        "it_provisioning_request",
        "it_poam_item",
        "it_system_accreditation",
        "approval",
    ] {
        let l = p.lifecycle(table).unwrap_or_else(|| panic!("{table}"));
        assert!(l.names().contains(&"correct"), "{table} has the correction");
        // Every state but the initial one is reached by some transition other than the correction.
        for s in &l.states {
            let reached = s == &l.initial
                || l.transitions
                    .iter()
                    .any(|t| t.to == Target::State(s.clone()));
            assert!(
                reached || unreached_by_design(table, s),
                "{table}: {s} is unreachable"
            );
        }
    }
}

/// States of a shared choice set that a lifecycle does not use.
fn unreached_by_design(table: &str, state: &str) -> bool {
    matches!(
        (table, state),
        ("it_system_access_request", "submitted") | ("approval", "not_required")
    )
}

#[test]
fn a_transition_is_picked_by_state_and_condition() {
    let p = Processes::builtin(&model()).unwrap();
    let incident = p.lifecycle("incident").unwrap();
    let open = record(&[("incident_status", "in_progress")]);
    assert_eq!(incident.pick("resolve", &open).unwrap().name, "resolve");
    let closed = record(&[("incident_status", "closed")]);
    assert_eq!(
        incident.pick("resolve", &closed).unwrap_err(),
        Refusal::NotAllowed
    );
    assert_eq!(incident.pick("fly", &open).unwrap_err(), Refusal::Unknown);
    // An empty status is the initial state.
    assert_eq!(incident.state_of(&Record::new()), "new");

    let change = p.lifecycle("change_request").unwrap();
    let standard = record(&[("change_status", "draft"), ("change_type", "standard")]);
    let normal = record(&[("change_status", "draft"), ("change_type", "normal")]);
    let untyped = record(&[("change_status", "draft")]);
    let to = |r: &Record| change.pick("submit", r).unwrap().to.clone();
    assert_eq!(to(&standard), Target::State("authorized".into()));
    assert_eq!(to(&normal), Target::State("assessment".into()));
    assert_eq!(to(&untyped), Target::State("assessment".into()));
}

#[test]
fn available_lists_one_transition_per_name() {
    let p = Processes::builtin(&model()).unwrap();
    let incident = p.lifecycle("incident").unwrap();
    let names: Vec<&str> = incident
        .available(&record(&[("incident_status", "resolved")]))
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(names, ["reopen", "close", "correct"]);
}

#[test]
fn effects_and_initial_values() {
    let p = Processes::builtin(&model()).unwrap();
    let req = p.lifecycle("it_service_request").unwrap();
    let at = time::macros::datetime!(2026-12-03 10:00 UTC);
    let actor = Uuid::from_u128(7);
    let start = req.initial_values(actor, at);
    assert_eq!(start["request_status"], Value::Text("draft".into()));
    assert_eq!(start["approval_status"], Value::Text("not_required".into()));
    let approve = req
        .pick(
            "approve",
            &record(&[("request_status", "pending_approval")]),
        )
        .unwrap();
    let set = approve.effects(actor, at);
    assert_eq!(set["approved_by_id"], Value::Uuid(actor));
    assert_eq!(set["approval_status"], Value::Text("approved".into()));
}

#[test]
fn a_path_follows_lookups_one_after_the_other() {
    let p = Processes::builtin(&model()).unwrap();
    let stage = &p.chain("it_service_request").unwrap().stages[0];
    assert!(stage.first_found);
    match &stage.reviewers[1] {
        Reviewers::Person(path) => {
            assert_eq!(
                path.via,
                ["it_service_request_type_id", "fulfillment_unit_id"]
            );
            assert_eq!(path.field, "manager_id");
            assert_eq!(
                path.describe(),
                "it_service_request_type_id.fulfillment_unit_id.manager_id"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn done_states_are_not_open_work() {
    let p = Processes::builtin(&model()).unwrap();
    let incident = p.lifecycle("incident").unwrap();
    assert!(incident.is_open("on_hold"));
    assert!(!incident.is_open("resolved"));
    assert_eq!(
        incident.open_states().collect::<Vec<_>>(),
        ["new", "in_progress", "on_hold"]
    );
    for l in p.lifecycles() {
        assert!(
            !l.done.is_empty(),
            "{} declares when its work is done",
            l.table
        );
    }
}

#[test]
fn marking_flags_the_owned_fields() {
    let mut m = model();
    Processes::builtin(&m).unwrap().mark(&mut m);
    let incident = m.table("incident").unwrap();
    assert!(incident.field("incident_status").unwrap().workflow);
    assert!(incident.field("resolved_on").unwrap().workflow);
    assert!(!incident.field("assigned_to_id").unwrap().workflow);
}

#[test]
fn a_bad_declaration_names_what_is_wrong() {
    let m = model();
    let with = |edit: &dyn Fn(String) -> String| {
        Processes::parse(&edit(DECLARATION.to_string()), &m).unwrap_err()
    };
    let e = with(&|s| s.replacen("to = \"resolved\"", "to = \"solved\"", 1));
    assert!(
        e.contains("'solved' is not a state of incident_status"),
        "{e}"
    );
    let e = with(&|s| {
        s.replacen(
            "required = [\"resolution_code\"",
            "required = [\"resolution\"",
            1,
        )
    });
    assert!(e.contains("incident has no field resolution"), "{e}");
    let e = with(&|s| s.replacen("guards = [\"approval_granted\"", "guards = [\"vibes\"", 1));
    assert!(e.contains("no guard named vibes"), "{e}");
    let e = with(&|s| {
        s.replacen(
            "sets = { resolved_on = \"now\" }",
            "sets = { resolved_on = \"actor\" }",
            1,
        )
    });
    assert!(e.contains("'actor' does not fit resolved_on"), "{e}");
    let e = with(&|s| s.replacen("who = [\"write:unit\"]", "who = [\"wizard\"]", 1));
    assert!(e.contains("'wizard' is neither a privilege"), "{e}");
    let e = with(&|s| {
        s.replacen(
            "sets = { closed_on = \"now\" }",
            "sets = { description = \"null\" }",
            1,
        )
    });
    assert!(e.contains("does not own"), "{e}");
    let e = with(&|s| s.replacen("opens = [\"revoke_lines\"]", "opens = [\"tickets\"]", 1));
    assert!(e.contains("nothing named tickets to open"), "{e}");
    // The first lifecycle is the access request's: put its outcome on the incident's resolve.
    let e = with(&|s| {
        s.replacen(
            "sets = { resolved_on = \"now\" }",
            "sets = { resolved_on = \"now\" }\nopens = [\"provisioning_tasks\"]",
            1,
        )
    });
    assert!(
        e.contains("provisioning_tasks opens only from it_system_access_request"),
        "{e}"
    );
    let e = with(&|s| {
        s.replacen(
            "it_service_request_type_id.fulfillment_unit_id.manager_id",
            "it_service_request_type_id.name.manager_id",
            1,
        )
    });
    assert!(e.contains("name is not a lookup"), "{e}");
    let e = with(&|s| {
        s.replacen(
            "comments_from = \"business_justification\"",
            "comments_from = \"priority\"",
            1,
        )
    });
    assert!(e.contains("comments_from: priority is not text"), "{e}");
    let e = with(&|s| s.replacen("done = [\"resolved\",", "done = [\"solved\",", 1));
    assert!(
        e.contains("done: 'solved' is not a state of incident_status"),
        "{e}"
    );
    let e = with(&|s| s.replacen("done = [\"resolved\",", "done = [\"new\",", 1));
    assert!(e.contains("the initial state is where work starts"), "{e}");
    let e = with(&|s| s.replacen("[[lifecycle.transition]]", "[[lifecycle.transitoin]]", 1));
    assert!(e.contains("transitoin"), "{e}");
}

#[test]
fn the_diagram_draws_every_declared_edge() {
    let p = Processes::builtin(&model()).unwrap();
    let d = mermaid(p.lifecycle("incident").unwrap());
    assert!(d.starts_with("stateDiagram-v2\n    [*] --> new\n"));
    assert!(d.contains("    on_hold --> resolved: resolve\n"));
    assert!(d.contains("    resolved --> in_progress: reopen\n"));
    assert!(!d.contains("correct"));
}

#[test]
fn docs_workflows_is_generated_from_the_declaration() {
    let m = model();
    let p = Processes::builtin(&m).unwrap();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/WORKFLOWS.md");
    let generated = workflows_markdown(&p, &m);
    if std::env::var_os("STEWARD_WRITE_DOCS").is_some() {
        std::fs::write(path, &generated).expect("write docs/WORKFLOWS.md");
    }
    let committed = std::fs::read_to_string(path).expect("docs/WORKFLOWS.md");
    assert!(
        committed == generated,
        "docs/WORKFLOWS.md is stale: run `cargo run -- workflows > docs/WORKFLOWS.md` \
         (or this test with STEWARD_WRITE_DOCS=1)"
    );
}

#[test]
fn an_incident_gets_the_first_service_level_that_matches_it() {
    let p = Processes::builtin(&model()).unwrap();
    let (critical, clock) = p
        .sla_for("incident", &record(&[("priority", "critical")]))
        .unwrap();
    assert_eq!(
        (critical.name.as_str(), clock.name.as_str()),
        ("Critical incident", "Around the clock")
    );
    let (other, _) = p
        .sla_for("incident", &record(&[("priority", "low")]))
        .unwrap();
    assert_eq!(other.name, "Incident");
    assert!(p.sla_for("problem", &record(&[])).is_none());
}

#[test]
fn the_measure_follows_the_states_a_record_went_through() {
    let p = Processes::builtin(&model()).unwrap();
    let lifecycle = p.lifecycle("incident").unwrap();
    let (sla, clock) = p
        .sla_for("incident", &record(&[("priority", "critical")]))
        .unwrap();
    let h = 3600;
    let t0 = 1_800_000_000; // a Friday, 08:00 UTC
    let went = |steps: &[(i64, &str)]| -> Vec<(i64, String)> {
        steps.iter().map(|(t, s)| (t0 + t, s.to_string())).collect()
    };
    let m = |steps: &[(i64, &str)], now: i64| {
        sla.measure(
            &clock.hours,
            lifecycle,
            t0,
            &went(steps),
            t0 + now,
            sla.target_seconds,
        )
    };
    // 4 hours around the clock: within target, at risk from 3 h, breached at 4 h.
    assert_eq!(
        m(&[(0, "new")], h),
        Measure {
            due: t0 + 4 * h,
            state: "within_target"
        }
    );
    assert_eq!(m(&[(0, "new")], 3 * h).state, "at_risk");
    assert_eq!(m(&[(0, "new")], 4 * h).state, "breached");
    // On hold for 2 hours after the first: the due moves by 2 hours once work resumes; while on
    // hold, it stays where it was when the clock stopped.
    let held = [
        (0, "new"),
        (h, "in_progress"),
        (h, "on_hold"),
        (3 * h, "in_progress"),
    ];
    assert_eq!(
        m(&held, 4 * h),
        Measure {
            due: t0 + 6 * h,
            state: "within_target"
        }
    );
    assert_eq!(
        m(&held[..3], 2 * h),
        Measure {
            due: t0 + 4 * h,
            state: "paused"
        }
    );
    assert_eq!(
        m(&held[..3], 2 * h),
        m(&held[..3], 3 * h),
        "still while on hold"
    );
    // Resolved after 3 hours of work: met, and its due stays; reopened later, the time while it
    // was resolved does not count.
    let resolved = [(0, "new"), (3 * h, "resolved")];
    assert_eq!(
        m(&resolved, 50 * h),
        Measure {
            due: t0 + 4 * h,
            state: "met"
        }
    );
    let reopened = [(0, "new"), (3 * h, "resolved"), (10 * h, "in_progress")];
    assert_eq!(
        m(&reopened, 10 * h + 1800),
        Measure {
            due: t0 + 11 * h,
            state: "at_risk"
        }
    );
    let late = [(0, "new"), (5 * h, "resolved")];
    assert_eq!(m(&late, 6 * h).state, "breached");
}

#[test]
fn a_bad_service_level_names_what_is_wrong() {
    let m = model();
    let with = |edit: &dyn Fn(String) -> String| {
        Processes::parse(&edit(DECLARATION.to_string()), &m).unwrap_err()
    };
    let e = with(&|s| s.replacen("zone = \"America/New_York\"", "zone = \"Mars/Olympus\"", 1));
    assert!(e.contains("'Mars/Olympus' is not a time zone"), "{e}");
    let e = with(&|s| s.replacen("monday = [\"08:00-18:00\"]", "monday = [\"8 to 6\"]", 1));
    assert!(e.contains("monday: '8 to 6' is not a span of hours"), "{e}");
    let e = with(&|s| s.replacen("\"2026-12-25\"", "\"Christmas\"", 1));
    assert!(e.contains("holiday 'Christmas' is not a date"), "{e}");
    let e = with(&|s| s.replacen("calendar = \"Around the clock\"", "calendar = \"Never\"", 1));
    assert!(e.contains("no calendar named Never"), "{e}");
    let e = with(&|s| {
        s.replacen(
            "when = { priority = [\"critical\"] }",
            "when = { priority = [\"urgent\"] }",
            1,
        )
    });
    assert!(e.contains("'urgent' is not a code of"), "{e}");
    let e = with(&|s| s.replacen("paused_in = [\"on_hold\"]", "paused_in = [\"napping\"]", 1));
    assert!(e.contains("paused_in: 'napping' is not a state"), "{e}");
}
