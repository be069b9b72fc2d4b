//! The OpenAPI 3.1 document, generated from the same model as `$metadata`.

use serde_json::{json, Map, Value};
use steward_model::{FieldType, Model, Table};
use steward_process::Processes;

/// A field's JSON schema as the API writes it (`input`) or reads it back. Constraints follow what
/// `steward_domain::input::parse_value` accepts, so that a value outside them is refused with 400.
fn schema_of(model: &Model, ty: &FieldType, input: bool) -> Value {
    match ty {
        // One line, no NUL (PostgreSQL text cannot hold it).
        FieldType::Text { max } => {
            json!({"type": "string", "maxLength": max, "pattern": "^[^\\r\\n\\u0000]*$"})
        }
        // At most 1 MiB of UTF-8, which JSON Schema cannot say in characters.
        FieldType::Memo => json!({"type": "string", "pattern": "^[^\\u0000]*$"}),
        FieldType::Int { min, max } => {
            let mut s = json!({"type": "integer", "format": "int64"});
            if let Some(m) = min {
                s["minimum"] = json!(m);
            }
            if let Some(m) = max {
                s["maximum"] = json!(m);
            }
            s
        }
        FieldType::Money => {
            // At most two decimals; written as a number or a decimal string, read as a number.
            let bound = 99_999_999_999_999.99_f64;
            let number = json!({"type": "number", "minimum": -bound, "maximum": bound});
            if input {
                let mut n = number;
                n["multipleOf"] = json!(0.01);
                json!({"oneOf": [n, {"type": "string", "pattern": "^-?[0-9]{1,14}(\\.[0-9]{1,2})?$"}]})
            } else {
                number
            }
        }
        FieldType::Bool => json!({"type": "boolean"}),
        FieldType::Date => json!({"type": "string", "format": "date"}),
        FieldType::DateTime => json!({"type": "string", "format": "date-time"}),
        FieldType::Uuid => json!({"type": "string", "format": "uuid"}),
        FieldType::Lookup { table } => {
            json!({"type": "string", "format": "uuid", "description": format!("id of a {table}")})
        }
        FieldType::Choice { set } => {
            json!({"$ref": format!("#/components/schemas/{}", model.choice_set(set).expect("set").enum_type())})
        }
        FieldType::Choices { set } => {
            json!({"type": "array", "items": {"$ref": format!("#/components/schemas/{}", model.choice_set(set).expect("set").enum_type())}})
        }
    }
}

/// Which schema of a table: the record as read, the body of a create, the body of an update.
#[derive(Clone, Copy, PartialEq)]
enum Form {
    Read,
    Create,
    Update,
}

fn entity_schema(model: &Model, t: &Table, form: Form) -> Value {
    let writable = form != Form::Read;
    let mut props = Map::new();
    let mut required = Vec::new();
    if !writable {
        props.insert(
            "@odata.etag".into(),
            json!({"type": "string", "description": "the record's ETag, for If-Match"}),
        );
        props.insert(
            "@odata.context".into(),
            json!({"type": "string", "description": "the record's context URL"}),
        );
    }
    for f in t.public_fields() {
        if writable
            && (f.read_only
                || f.workflow
                || f.derived.is_some() && !steward_domain::input::overridable(t, &f.name))
        {
            continue;
        }
        let mut s = schema_of(model, &f.ty, writable);
        if !f.required {
            // Optional fields read back as null when empty; writes send null to clear them.
            s = json!({"oneOf": [s, {"type": "null"}]});
        }
        let desc = f.description.clone().unwrap_or_else(|| f.label.clone());
        if let Value::Object(m) = &mut s {
            m.insert("description".into(), json!(desc));
            if f.read_only || f.workflow {
                m.insert("readOnly".into(), json!(true));
            }
        }
        props.insert(f.name.clone(), s);
        if form == Form::Create && f.required && f.default.is_none() && !f.read_only {
            required.push(f.name.clone());
        }
    }
    if !writable {
        // `$expand` puts the related record (the fields its reader may see) beside the lookup.
        for f in t.public_fields() {
            if let (Some(nav), Some(target)) = (f.navigation_name(), f.ty.lookup_table()) {
                if props.contains_key(nav) {
                    continue;
                }
                let ty = model.table(target).expect("lookup target").entity_type();
                props.insert(
                    nav.to_string(),
                    json!({"oneOf": [{"$ref": format!("#/components/schemas/{ty}")}, {"type": "null"}],
                           "description": format!("the {target} of {}, with $expand", f.name)}),
                );
            }
        }
    }
    let mut s = json!({"type": "object", "properties": props, "description": t.label, "additionalProperties": false});
    if !required.is_empty() {
        s["required"] = json!(required);
    }
    s
}

fn param(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

/// `a|b|c` for a pattern: the names are snake_case, nothing to escape.
fn alternatives<'a>(names: impl Iterator<Item = &'a str>) -> String {
    names.collect::<Vec<_>>().join("|")
}

/// The query options of a list read, and of a single record's read.
fn query_params(t: &Table) -> (Vec<Value>, Vec<Value>) {
    let fields = alternatives(t.public_fields().map(|f| f.name.as_str()));
    let item = format!("\\s*(\\*|{fields})\\s*");
    let select = param(
        "$select",
        "comma-separated fields of this table, or *",
        json!({"type": "string", "pattern": format!("^{item}(,{item})*$")}),
    );
    let navs: Vec<&str> = t
        .public_fields()
        .filter_map(|f| f.navigation_name())
        .collect();
    let expand = (!navs.is_empty()).then(|| {
        let item = format!(
            "\\s*({})\\s*(\\(.*\\))?\\s*",
            alternatives(navs.into_iter())
        );
        param(
            "$expand",
            "navigation properties (the lookups without _id), each optionally with ($select=...)",
            json!({"type": "string", "pattern": format!("^{item}(,{item})*$")}),
        )
    });
    let text = json!({"type": "string", "minLength": 1});
    let mut list = vec![
        param("$filter", "OData filter expression", text.clone()),
        select.clone(),
        param(
            "$orderby",
            "comma-separated fields (or lookup/field paths) with asc/desc",
            text,
        ),
    ];
    list.extend(expand.clone());
    list.extend([
        param(
            "$top",
            "rows to return",
            json!({"type": "integer", "minimum": 0}),
        ),
        param(
            "$skip",
            "rows to skip",
            json!({"type": "integer", "minimum": 0}),
        ),
        param("$count", "include @odata.count", json!({"type": "boolean"})),
        json!({"name": "Prefer", "in": "header", "required": false, "description": "odata.maxpagesize=N: a smaller page",
               "schema": {"type": "string"}}),
    ]);
    let mut one = vec![select];
    one.extend(expand);
    (list, one)
}

/// The error responses an operation documents, by status code, from `components/responses`.
fn errors(codes: &[u16]) -> Map<String, Value> {
    codes
        .iter()
        .map(|c| {
            (
                c.to_string(),
                json!({"$ref": format!("#/components/responses/E{c}")}),
            )
        })
        .collect()
}

fn responses(ok: (&str, Value), errs: &[u16]) -> Value {
    let mut r = errors(errs);
    r.insert(ok.0.to_string(), ok.1);
    Value::Object(r)
}

/// Every error the API answers with, in OData's error form.
fn error_responses() -> Map<String, Value> {
    let body = json!({"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}});
    [
        (400, "a malformed request: query options, key, JSON body or a field's value (code says which)"),
        (401, "no credential, or one that is unknown, expired or revoked"),
        (403, "the credential's scope or the caller's roles do not allow this"),
        (404, "no such record, or none the caller may see"),
        (408, "the request took longer than 30 seconds"),
        (409, "the change conflicts with stored data (a duplicate, a record still referenced)"),
        (412, "If-Match does not match the record's current ETag"),
        (413, "the body is larger than 2 MiB"),
        (415, "the body is not application/json"),
        (422, "the record breaks a rule (a lookup to nothing, a cycle, dates out of order...)"),
    ]
    .into_iter()
    .map(|(code, description)| {
        let mut r = json!({"description": description});
        if code == 401 {
            r["headers"] = json!({"WWW-Authenticate": {"required": true, "schema": {"type": "string"}, "description": "Bearer realm=\"steward\""}});
        }
        if code != 408 {
            r["content"] = body.clone();
        }
        (format!("E{code}"), r)
    })
    .collect()
}

pub fn document(model: &Model, processes: &Processes) -> Value {
    let mut schemas = Map::new();
    let detail = json!({"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"}, "target": {"type": ["string", "null"]}}});
    schemas.insert(
        "Error".into(),
        json!({"type": "object", "required": ["error"], "additionalProperties": false, "properties": {"error": {
            "type": "object", "required": ["code", "message"], "additionalProperties": false, "properties": {
            "code": {"type": "string", "description": "a stable code (docs/API-DESIGN.md)"}, "message": {"type": "string"},
            "target": {"type": "string"}, "details": {"type": "array", "items": detail}}}}}),
    );
    schemas.insert(
        "AuditEntry".into(),
        json!({"type": "object", "additionalProperties": false,
            "required": ["seq", "at", "actor_id", "action", "table", "record_id", "changes", "hash", "prev_hash"],
            "properties": {
            "seq": {"type": "integer", "minimum": 1}, "at": {"type": "string", "format": "date-time"},
            "actor_id": {"type": "string"}, "action": {"type": "string"}, "table": {"type": "string"},
            "record_id": {"type": "string"}, "changes": {"type": ["array", "null"], "items": {"type": "object",
                "required": ["field"], "properties": {"field": {"type": "string"}, "old": {}, "new": {}}}},
            "hash": {"type": "string"}, "prev_hash": {"type": "string"}}}),
    );
    for set in model.choice_sets.values() {
        let codes: Vec<&str> = set.choices.iter().map(|c| c.code.as_str()).collect();
        schemas.insert(
            set.enum_type(),
            json!({"type": "string", "enum": codes, "description": set.label}),
        );
    }
    let mut paths = Map::new();
    let key = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}});
    let if_match = json!({"name": "If-Match", "in": "header", "required": false,
        "description": "the ETag read with the record (W/\"3\"), or * for any version", "schema": {"type": "string"}});
    let etag = json!({"ETag": {"required": true, "description": "the record's version, for If-Match", "schema": {"type": "string"}}});
    for t in &model.tables {
        let ty = t.entity_type();
        let (list_params, one_params) = query_params(t);
        schemas.insert(ty.clone(), entity_schema(model, t, Form::Read));
        schemas.insert(format!("{ty}Input"), entity_schema(model, t, Form::Create));
        schemas.insert(format!("{ty}Update"), entity_schema(model, t, Form::Update));
        let one = json!({"$ref": format!("#/components/schemas/{ty}")});
        let body = |schema: &str| json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}});
        let record = |description: &str| json!({"description": description, "headers": etag, "content": {"application/json": {"schema": one}}});
        // From a created record to the operations on it, for stateful runs. Not to its history:
        // the audit trail outlives a deleted record by design, which a client following links
        // from a deletion would take for a resource still there.
        let by_id = json!({"id": "$response.body#/id"});
        let links = json!({
            "get": {"operationId": format!("get_{}", t.name), "parameters": by_id},
            "update": {"operationId": format!("update_{}", t.name), "parameters": by_id},
            "delete": {"operationId": format!("delete_{}", t.name), "parameters": by_id},
        });
        let mut created = record("created");
        created["headers"]["Location"] = json!({"required": true, "description": "the record's URL", "schema": {"type": "string"}});
        created["links"] = links;
        let page = json!({"description": format!("a page of {}", t.set), "content": {"application/json": {"schema": {
            "type": "object", "required": ["@odata.context", "value"], "additionalProperties": false, "properties": {
                "@odata.context": {"type": "string"},
                "value": {"type": "array", "items": one},
                "@odata.count": {"type": "integer", "minimum": 0},
                "@odata.nextLink": {"type": "string"}}}}}});
        paths.insert(
            format!("/api/v1/{}", t.set),
            json!({
                "get": {"operationId": format!("list_{}", t.set), "tags": [t.label], "parameters": list_params,
                        "responses": responses(("200", page), &[400, 401, 403, 408])},
                "post": {"operationId": format!("create_{}", t.name), "tags": [t.label], "requestBody": body(&format!("{ty}Input")),
                         "responses": responses(("201", created), &[400, 401, 403, 404, 408, 409, 413, 415, 422])},
            }),
        );
        paths.insert(
            format!("/api/v1/{}({{id}})", t.set),
            json!({
                "parameters": [key],
                "get": {"operationId": format!("get_{}", t.name), "tags": [t.label], "parameters": one_params,
                        "responses": responses(("200", record(&t.label)), &[400, 401, 403, 404, 408])},
                "patch": {"operationId": format!("update_{}", t.name), "tags": [t.label], "requestBody": body(&format!("{ty}Update")),
                          "parameters": [if_match],
                          "responses": responses(("200", record("updated")), &[400, 401, 403, 404, 408, 409, 412, 413, 415, 422])},
                "delete": {"operationId": format!("delete_{}", t.name), "tags": [t.label],
                           "parameters": [if_match],
                           "responses": responses(("204", json!({"description": "deleted"})), &[400, 401, 403, 404, 408, 409, 412])},
            }),
        );
        paths.insert(
            format!("/api/v1/{}({{id}})/history", t.set),
            json!({"parameters": [key], "get": {"operationId": format!("history_{}", t.name), "tags": [t.label],
                "responses": responses(("200", json!({"description": "the record's audit entries, oldest first",
                    "content": {"application/json": {"schema": {"type": "object", "required": ["value"], "additionalProperties": false,
                        "properties": {"value": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}}}}}})),
                    &[400, 401, 403, 404, 408])}}),
        );
    }
    // Files on process and compliance records.
    let attachment = json!({"$ref": "#/components/schemas/Attachment"});
    for name in steward_service::ATTACHABLE {
        let t = model.table(name).expect("an attachable table");
        paths.insert(
            format!("/api/v1/{}({{id}})/attachments", t.set),
            json!({"parameters": [key],
                "get": {"operationId": format!("attachments_of_{}", t.name), "tags": [t.label],
                    "responses": responses(("200", json!({"description": "the record's attachments, without their bytes",
                        "content": {"application/json": {"schema": {"type": "object", "required": ["@odata.context", "value"], "additionalProperties": false,
                            "properties": {"@odata.context": {"type": "string"}, "value": {"type": "array", "items": attachment}}}}}})),
                        &[400, 401, 403, 404, 408])},
                "post": {"operationId": format!("attach_to_{}", t.name), "tags": [t.label],
                    "summary": "attach a file: the body is its bytes (type sniffed: PNG, JPEG, GIF, WebP, PDF or plain text; at most 1 MiB)",
                    "parameters": [{"name": "name", "in": "query", "required": true, "description": "the file name", "schema": {"type": "string", "minLength": 1, "maxLength": 255}}],
                    "requestBody": {"required": true, "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}},
                    "responses": responses(("201", json!({"description": "attached", "headers": etag,
                        "content": {"application/json": {"schema": attachment}}})), &[400, 401, 403, 404, 408, 413, 422])}}),
        );
    }
    paths.insert(
        "/api/v1/attachments({id})/$value".into(),
        json!({"parameters": [key], "get": {"operationId": "attachment_value", "tags": ["Attachment"],
            "summary": "the file, as a download (Content-Disposition: attachment)",
            "responses": responses(("200", json!({"description": "the file's bytes with their sniffed type",
                "content": {"*/*": {"schema": {"type": "string", "format": "binary"}}}})), &[400, 401, 403, 404, 408])}}),
    );
    schemas.insert(
        "Transition".into(),
        json!({"type": "object", "additionalProperties": false, "required": ["name", "label", "to", "parameters", "required", "reason"],
            "properties": {"name": {"type": "string"}, "label": {"type": "string"}, "to": {"type": ["string", "null"]},
                "parameters": {"type": "array", "items": {"type": "string"}}, "required": {"type": "array", "items": {"type": "string"}},
                "reason": {"type": "boolean"}}}),
    );
    for l in processes.lifecycles() {
        let t = model.table(&l.table).expect("checked at load");
        let ty = t.entity_type();
        let record = json!({"description": "the record in its new state", "headers": etag,
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{ty}")}}}});
        for op in l.operations() {
            let mut props = Map::new();
            for p in &op.params {
                let f = t.field(p).expect("checked at load");
                let s = schema_of(model, &f.ty, true);
                props.insert(
                    p.clone(),
                    json!({"oneOf": [s, {"type": "null"}], "description": f.label}),
                );
            }
            let mut required = Vec::new();
            if op.reason {
                props.insert("reason".into(), json!({"type": "string", "minLength": 1, "maxLength": 4000, "description": "why (recorded in the audit entry)"}));
                required.push("reason");
            }
            if op.acknowledges {
                props.insert("acknowledge_collisions".into(), json!({"type": "boolean", "description": "schedule despite the collisions the 409 named (recorded in the audit entry)"}));
            }
            if op.chooses_state {
                let f = t.field(&l.field).expect("checked at load");
                props.insert("state".into(), schema_of(model, &f.ty, true));
                required.push("state");
            }
            let mut schema =
                json!({"type": "object", "additionalProperties": false, "properties": props});
            if !required.is_empty() {
                schema["required"] = json!(required);
            }
            paths.insert(
                format!("/api/v1/{}({{id}})/Steward.{}", t.set, op.name),
                json!({"parameters": [key], "post": {
                    "operationId": format!("{}_{}", op.name, t.name), "tags": [t.label], "summary": op.label,
                    "description": "A lifecycle transition (docs/WORKFLOWS.md): 409 transition_not_allowed from a state it does not leave, 403 transition_forbidden for a caller it does not name, 422 missing_parameter for what it needs.",
                    "parameters": [if_match],
                    "requestBody": {"required": false, "content": {"application/json": {"schema": schema}}},
                    "responses": responses(("200", record.clone()), &[400, 401, 403, 404, 408, 409, 412, 413, 415, 422])}}),
            );
        }
        paths.insert(
            format!("/api/v1/{}({{id}})/Steward.transitions", t.set),
            json!({"parameters": [key], "get": {"operationId": format!("transitions_{}", t.name), "tags": [t.label],
                "summary": "the transitions the caller may take now",
                "responses": responses(("200", json!({"description": "the record's state and the transitions the caller may take",
                    "content": {"application/json": {"schema": {"type": "object", "required": ["@odata.context", "state", "value"], "additionalProperties": false,
                        "properties": {"@odata.context": {"type": "string"}, "state": {"type": "string"},
                            "value": {"type": "array", "items": {"$ref": "#/components/schemas/Transition"}}}}}}})),
                    &[400, 401, 403, 404, 408])}}),
        );
    }
    impact_paths(model, &key, &mut paths, &mut schemas);
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Steward API", "version": env!("CARGO_PKG_VERSION"), "description": "OData v4 JSON API over Steward's data model."},
        "security": [{"bearer": []}],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "responses": error_responses(),
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer", "description": "an API token (steward token create), or the session cookie with X-CSRF-Token"}},
        },
    })
}

/// `Steward.impact` on each configuration item table, and the schemas of its answer
/// (`handlers::transitions` answers it, `views::impact_item_json` writes each item).
fn impact_paths(
    model: &Model,
    key: &Value,
    paths: &mut Map<String, Value>,
    schemas: &mut Map<String, Value>,
) {
    let uuid = json!({"type": "string", "format": "uuid"});
    let text_or_null = json!({"type": ["string", "null"]});
    let object = |props: Value| {
        let required: Vec<String> = props
            .as_object()
            .expect("properties")
            .keys()
            .cloned()
            .collect();
        json!({"type": "object", "additionalProperties": false, "required": required, "properties": props})
    };
    schemas.insert(
        "ImpactStep".into(),
        object(json!({"table": {"type": "string"}, "id": uuid,
            "relation": {"type": "string", "description": "a CI Relation Type code, or part_of through the component tree"},
            "relation_id": {"type": ["string", "null"], "format": "uuid", "description": "the ci_relation record; null through the component tree"}})),
    );
    schemas.insert(
        "ImpactOwner".into(),
        object(json!({"field": {"type": "string"}, "person_id": uuid, "name": text_or_null})),
    );
    schemas.insert(
        "ImpactAccreditation".into(),
        object(
            json!({"id": uuid, "number": text_or_null, "name": text_or_null,
            "accreditation_status": text_or_null,
            "expiration_date": {"type": ["string", "null"], "format": "date-time"}}),
        ),
    );
    schemas.insert(
        "ImpactAccess".into(),
        object(
            json!({"person_id": uuid, "name": text_or_null, "entitlement": text_or_null,
            "entitlement_id": uuid, "assignment_id": uuid}),
        ),
    );
    let list = |item: &str| json!({"type": "array", "items": {"$ref": format!("#/components/schemas/{item}")}});
    schemas.insert(
        "ImpactItem".into(),
        object(json!({"table": {"type": "string"}, "id": uuid, "name": text_or_null,
            "depth": {"type": "integer", "minimum": 0}, "via": list("ImpactStep"), "owners": list("ImpactOwner"),
            "accreditation": {"oneOf": [{"$ref": "#/components/schemas/ImpactAccreditation"}, {"type": "null"}]},
            "access": list("ImpactAccess")})),
    );
    let answer = object(json!({"@odata.context": {"type": "string"},
        "item": {"$ref": "#/components/schemas/ImpactItem"}, "value": list("ImpactItem")}));
    for name in steward_model::CI_TABLES {
        let t = model.table(name).expect("a configuration item table");
        paths.insert(
            format!("/api/v1/{}({{id}})/Steward.impact", t.set),
            json!({"parameters": [key], "get": {"operationId": format!("impact_{}", t.name), "tags": [t.label],
                "summary": "everything that depends on this configuration item, transitively (docs/CI-RELATIONS.md)",
                "responses": responses(("200", json!({"description": "the item and its dependants, nearest first, with owners, accreditation and access",
                    "content": {"application/json": {"schema": answer}}})),
                    &[400, 401, 403, 404, 408])}}),
        );
    }
}
