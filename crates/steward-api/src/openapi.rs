//! The OpenAPI 3.1 document, generated from the same model as `$metadata`.

use serde_json::{json, Map, Value};
use steward_model::{FieldType, Model, Table};

fn schema_of(model: &Model, ty: &FieldType) -> Value {
    match ty {
        FieldType::Text { max } => json!({"type": "string", "maxLength": max}),
        FieldType::Memo => json!({"type": "string"}),
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
        FieldType::Money => json!({"type": "number", "multipleOf": 0.01}),
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

fn entity_schema(model: &Model, t: &Table, writable: bool) -> Value {
    let mut props = Map::new();
    let mut required = Vec::new();
    for f in t.public_fields() {
        if writable
            && (f.read_only
                || f.derived.is_some() && !steward_domain::input::overridable(t, &f.name))
        {
            continue;
        }
        let mut s = schema_of(model, &f.ty);
        if !f.required || writable {
            // Nullable on reads when optional; writes may send null to clear.
            s = json!({"oneOf": [s, {"type": "null"}]});
        }
        let desc = f.description.clone().unwrap_or_else(|| f.label.clone());
        if let Value::Object(m) = &mut s {
            m.insert("description".into(), json!(desc));
            if f.read_only {
                m.insert("readOnly".into(), json!(true));
            }
        }
        props.insert(f.name.clone(), s);
        if writable && f.required && f.default.is_none() && !f.read_only {
            required.push(f.name.clone());
        }
    }
    let mut s = json!({"type": "object", "properties": props, "description": t.label});
    if writable {
        s["additionalProperties"] = json!(false);
        if !required.is_empty() {
            s["required"] = json!(required);
        }
    }
    s
}

fn param(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

pub fn document(model: &Model) -> Value {
    let mut schemas = Map::new();
    let err = json!({"$ref": "#/components/responses/Error"});
    schemas.insert(
        "Error".into(),
        json!({"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
            "code": {"type": "string"}, "message": {"type": "string"}, "target": {"type": "string"},
            "details": {"type": "array", "items": {"type": "object", "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "target": {"type": "string"}}}}}}}}),
    );
    for set in model.choice_sets.values() {
        let codes: Vec<&str> = set.choices.iter().map(|c| c.code.as_str()).collect();
        schemas.insert(
            set.enum_type(),
            json!({"type": "string", "enum": codes, "description": set.label}),
        );
    }
    let mut paths = Map::new();
    let list_params = vec![
        param(
            "$filter",
            "OData filter expression",
            json!({"type": "string"}),
        ),
        param(
            "$select",
            "comma-separated fields",
            json!({"type": "string"}),
        ),
        param(
            "$orderby",
            "comma-separated fields with asc/desc",
            json!({"type": "string"}),
        ),
        param(
            "$expand",
            "navigation properties, optionally with ($select=...)",
            json!({"type": "string"}),
        ),
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
    ];
    let key = json!({"name": "id", "in": "path", "required": true, "schema": {"type": "string", "format": "uuid"}});
    for t in &model.tables {
        let ty = t.entity_type();
        schemas.insert(ty.clone(), entity_schema(model, t, false));
        schemas.insert(format!("{ty}Input"), entity_schema(model, t, true));
        let one = json!({"$ref": format!("#/components/schemas/{ty}")});
        let input = json!({"required": true, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{ty}Input")}}}});
        let responses_one = json!({"200": {"description": t.label, "content": {"application/json": {"schema": one}}}, "4XX": err});
        paths.insert(
            format!("/api/v1/{}", t.set),
            json!({
                "get": {"operationId": format!("list_{}", t.set), "tags": [t.label], "parameters": list_params,
                        "responses": {"200": {"description": format!("a page of {}", t.set), "content": {"application/json": {"schema": {
                            "type": "object", "properties": {"value": {"type": "array", "items": one}, "@odata.count": {"type": "integer"}, "@odata.nextLink": {"type": "string"}}}}}}, "4XX": err}},
                "post": {"operationId": format!("create_{}", t.name), "tags": [t.label], "requestBody": input,
                         "responses": {"201": {"description": "created", "content": {"application/json": {"schema": one}}}, "4XX": err}},
            }),
        );
        paths.insert(
            format!("/api/v1/{}({{id}})", t.set),
            json!({
                "parameters": [key],
                "get": {"operationId": format!("get_{}", t.name), "tags": [t.label], "responses": responses_one},
                "patch": {"operationId": format!("update_{}", t.name), "tags": [t.label], "requestBody": input,
                          "parameters": [{"name": "If-Match", "in": "header", "required": false, "schema": {"type": "string"}}],
                          "responses": responses_one},
                "delete": {"operationId": format!("delete_{}", t.name), "tags": [t.label],
                           "parameters": [{"name": "If-Match", "in": "header", "required": false, "schema": {"type": "string"}}],
                           "responses": {"204": {"description": "deleted"}, "4XX": err}},
            }),
        );
        paths.insert(
            format!("/api/v1/{}({{id}})/history", t.set),
            json!({"parameters": [key], "get": {"operationId": format!("history_{}", t.name), "tags": [t.label],
                "responses": {"200": {"description": "the record's audit entries, oldest first"}, "4XX": err}}}),
        );
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": "Steward API", "version": env!("CARGO_PKG_VERSION"), "description": "OData v4 JSON API over Steward's data model."},
        "paths": paths,
        "components": {"schemas": schemas, "responses": {"Error": {"description": "an error in OData form", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}}},
    })
}
