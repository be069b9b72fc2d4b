//! `$metadata` (CSDL XML), `openapi.json` and the service document describe the whole model, and
//! every field the spec (`shared/spec/data-model.md`) names.

use crate::testkit::TestApp;
use std::collections::{BTreeMap, BTreeSet};

const EDM: &str = "http://docs.oasis-open.org/odata/ns/edm";

/// Entity types and entity sets read from a CSDL document.
struct Csdl {
    /// Entity type name -> property names.
    properties: BTreeMap<String, BTreeSet<String>>,
    /// Entity type name -> navigation property names.
    navigation: BTreeMap<String, BTreeSet<String>>,
    /// Entity set name -> entity type name (without the namespace).
    sets: BTreeMap<String, String>,
    /// Enum type name -> member names.
    enums: BTreeMap<String, Vec<String>>,
}

fn parse_csdl(xml: &str) -> Csdl {
    let doc = roxmltree::Document::parse(xml).expect("$metadata is well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "Edmx");
    assert_eq!(root.attribute("Version"), Some("4.0"));
    let named = |n: &roxmltree::Node, tag: &str| {
        n.children()
            .filter(|c| c.is_element() && c.tag_name().name() == tag)
            .filter_map(|c| c.attribute("Name").map(str::to_string))
            .collect::<BTreeSet<String>>()
    };
    let mut csdl = Csdl {
        properties: BTreeMap::new(),
        navigation: BTreeMap::new(),
        sets: BTreeMap::new(),
        enums: BTreeMap::new(),
    };
    for n in doc.descendants().filter(|n| n.is_element()) {
        if n.tag_name().namespace() != Some(EDM) {
            continue;
        }
        let Some(name) = n.attribute("Name") else {
            continue;
        };
        match n.tag_name().name() {
            "EntityType" => {
                csdl.properties.insert(name.into(), named(&n, "Property"));
                csdl.navigation
                    .insert(name.into(), named(&n, "NavigationProperty"));
            }
            "EntitySet" => {
                let ty = n.attribute("EntityType").expect("EntitySet has EntityType");
                let ty = ty.rsplit('.').next().expect("qualified").to_string();
                csdl.sets.insert(name.into(), ty);
            }
            "EnumType" => {
                let members = n
                    .children()
                    .filter(|c| c.is_element() && c.tag_name().name() == "Member")
                    .filter_map(|c| c.attribute("Name").map(str::to_string))
                    .collect();
                csdl.enums.insert(name.into(), members);
            }
            _ => {}
        }
    }
    csdl
}

/// What the spec says: table -> entity set, and table -> the field names of its field tables.
struct Spec {
    sets: BTreeMap<String, String>,
    fields: BTreeMap<String, BTreeSet<String>>,
}

fn is_ident(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_matches('|')
        .split('|')
        .map(|c| c.trim().to_string())
        .collect()
}

fn names_in(cell: &str) -> Vec<String> {
    cell.split(',')
        .map(|s| s.trim().trim_matches('`').to_string())
        .collect()
}

fn parse_spec(text: &str) -> Spec {
    let mut spec = Spec {
        sets: BTreeMap::new(),
        fields: BTreeMap::new(),
    };
    let mut section = "";
    let mut current: Vec<String> = Vec::new();
    for line in text.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            section = h.trim();
            current.clear();
            continue;
        }
        if let Some(h) = line.strip_prefix("### ") {
            // `person — Person (...)`, `compliance_requirement (seed)`,
            // `grade_rank, personnel_type, it_system_component_type (each)`.
            let end = [h.find(" —"), h.find(" (")]
                .into_iter()
                .flatten()
                .min()
                .unwrap_or(h.len());
            current = names_in(&h[..end]);
            assert!(
                current.iter().all(|t| is_ident(t)),
                "cannot read the table names of the heading '{line}'"
            );
            for t in &current {
                spec.fields.entry(t.clone()).or_default();
            }
            continue;
        }
        if !line.starts_with('|') || line.starts_with("|---") {
            continue;
        }
        let c = cells(line);
        if section == "Tables" && c.len() >= 2 && c[0] != "table" {
            spec.sets.insert(c[0].clone(), c[1].clone());
        }
        if section != "Fields" || current.is_empty() || c.len() < 3 || c[0] == "field" {
            continue;
        }
        let origin = c[2].as_str();
        if !(origin.starts_with("seed") || origin.starts_with('+') || origin.starts_with("core")) {
            continue;
        }
        let mut names = names_in(&c[0]);
        // A row can name more fields in its type cell: `lookup(person); due_on, completed_on: datetime`.
        for extra in c[1].split(';').skip(1) {
            if let Some((list, _)) = extra.split_once(':') {
                let more = names_in(list);
                if more.iter().all(|n| is_ident(n)) {
                    names.extend(more);
                }
            }
        }
        for n in names {
            assert!(is_ident(&n), "cannot read the field name '{n}' in '{line}'");
            for t in &current {
                spec.fields.get_mut(t).expect("entry").insert(n.clone());
            }
        }
    }
    spec
}

fn spec_text() -> String {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/spec/data-model.md"
    );
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {path}: {e}"))
}

#[tokio::test]
async fn metadata_lists_every_entity_set_and_field_of_the_model() {
    let app = TestApp::spawn().await;
    let r = app.get("/$metadata").await.expect(200);
    assert!(
        r.header("content-type")
            .is_some_and(|ct| ct.contains("xml")),
        "content type {:?}",
        r.header("content-type")
    );
    let csdl = parse_csdl(&r.text);
    assert_eq!(csdl.sets.len(), app.model.tables.len(), "one set per table");
    for t in &app.model.tables {
        let ty = csdl
            .sets
            .get(&t.set)
            .unwrap_or_else(|| panic!("no EntitySet {}", t.set));
        assert_eq!(ty, &t.entity_type(), "entity type of {}", t.set);
        let props = &csdl.properties[ty];
        for f in t.public_fields() {
            assert!(props.contains(&f.name), "{ty} has no Property {}", f.name);
        }
        assert_eq!(
            props.len(),
            t.public_fields().count(),
            "{ty}: no property beyond the model"
        );
        for (f, _) in t.lookups() {
            let nav = f.navigation_name().expect("lookup");
            assert!(
                csdl.navigation[ty].contains(nav),
                "{ty} has no NavigationProperty {nav}"
            );
        }
    }
    for set in app.model.choice_sets.values() {
        let members = csdl
            .enums
            .get(&set.enum_type())
            .unwrap_or_else(|| panic!("no EnumType {}", set.enum_type()));
        let codes: Vec<String> = set.choices.iter().map(|c| c.code.clone()).collect();
        assert_eq!(members, &codes, "members of {}", set.name);
    }
    app.finish().await;
}

#[tokio::test]
async fn metadata_holds_every_seed_and_plus_field_of_the_spec() {
    let spec = parse_spec(&spec_text());
    // The reading of the spec itself: 33 tables, each with its fields.
    assert_eq!(spec.sets.len(), 33, "tables in the spec's table list");
    assert_eq!(spec.fields.len(), 33, "tables with a field section");
    assert!(spec.fields["grade_rank"].contains("description"));
    assert!(spec.fields["it_system_component_type"].contains("code"));
    assert!(spec.fields["person"].contains("middle_name"));
    assert!(spec.fields["it_provisioning_request"].contains("completed_on"));

    let app = TestApp::spawn().await;
    let csdl = parse_csdl(&app.get("/$metadata").await.expect(200).text);
    let mut missing = Vec::new();
    for (table, set) in &spec.sets {
        let Some(ty) = csdl.sets.get(set) else {
            missing.push(format!("entity set {set} (table {table})"));
            continue;
        };
        let props = &csdl.properties[ty];
        let fields = spec
            .fields
            .get(table)
            .unwrap_or_else(|| panic!("the spec has no field section for {table}"));
        // Conventions: every table has `name` and the system columns.
        let conventional = ["name"]
            .into_iter()
            .chain(steward_model::SYSTEM_COLUMNS.iter().copied());
        for f in fields.iter().map(String::as_str).chain(conventional) {
            if !props.contains(f) {
                missing.push(format!("{set}: {f}"));
            }
        }
    }
    assert!(missing.is_empty(), "missing from $metadata: {missing:#?}");
    app.finish().await;
}

#[tokio::test]
async fn openapi_has_a_path_per_entity_set() {
    let app = TestApp::spawn().await;
    let r = app.get("/openapi.json").await.expect(200);
    let doc = &r.body;
    assert!(
        doc["openapi"]
            .as_str()
            .is_some_and(|v| v.starts_with("3.1")),
        "OpenAPI version: {}",
        doc["openapi"]
    );
    let paths = doc["paths"].as_object().expect("paths");
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for t in &app.model.tables {
        let list = format!("/api/v1/{}", t.set);
        assert!(paths[&list]["get"].is_object(), "no GET {list}");
        assert!(paths[&list]["post"].is_object(), "no POST {list}");
        let one = format!("/api/v1/{}({{id}})", t.set);
        for m in ["get", "patch", "delete"] {
            assert!(paths[&one][m].is_object(), "no {m} {one}");
        }
        let schema = &schemas[&t.entity_type()]["properties"];
        for f in t.public_fields() {
            assert!(
                schema.get(&f.name).is_some(),
                "schema {} has no property {}",
                t.entity_type(),
                f.name
            );
        }
    }
    app.finish().await;
}

#[tokio::test]
async fn service_document_lists_every_entity_set() {
    let app = TestApp::spawn().await;
    let r = app.get("/").await.expect(200);
    let names: BTreeSet<&str> = r.rows().iter().filter_map(|s| s["name"].as_str()).collect();
    let sets: BTreeSet<&str> = app.model.tables.iter().map(|t| t.set.as_str()).collect();
    assert_eq!(names, sets);
    assert_eq!(app.get("/healthz").await.expect(200).text, "ok");
    app.finish().await;
}
