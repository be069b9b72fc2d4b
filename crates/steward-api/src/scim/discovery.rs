//! What the SCIM service says about itself (RFC 7643 §5–7, RFC 7644 §4): the features it offers,
//! its two resource types, and the schemas of exactly the attributes Steward keeps. Publishing only
//! what is stored means a client never sends a value that would be silently dropped.

use serde_json::{json, Value};

pub const USER_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
pub const GROUP_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
pub const LIST_RESPONSE: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
pub const ERROR: &str = "urn:ietf:params:scim:api:messages:2.0:Error";
pub const PATCH_OP: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const SPC_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
const RESOURCE_TYPE_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
const SCHEMA_SCHEMA: &str = "urn:ietf:params:scim:schemas:core:2.0:Schema";

/// Most resources one list response holds.
pub const MAX_RESULTS: u64 = 1000;
/// Resources per page when the client gives no `count`.
pub const DEFAULT_COUNT: u64 = 100;

pub fn service_provider_config(base: &str) -> Value {
    json!({
        "schemas": [SPC_SCHEMA],
        "patch": {"supported": true},
        "bulk": {"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
        "filter": {"supported": true, "maxResults": MAX_RESULTS},
        "changePassword": {"supported": false},
        "sort": {"supported": false},
        "etag": {"supported": false},
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "Steward API token",
            "description": "An API token of admin scope, sent as 'Authorization: Bearer stw_…'",
            "primary": true
        }],
        "meta": {"resourceType": "ServiceProviderConfig", "location": format!("{base}/ServiceProviderConfig")}
    })
}

pub fn resource_types(base: &str) -> Vec<Value> {
    [("User", "/Users", USER_SCHEMA, "A person who may sign in to Steward"), ("Group", "/Groups", GROUP_SCHEMA, "A team of people")]
        .into_iter()
        .map(|(name, endpoint, schema, description)| {
            json!({
                "schemas": [RESOURCE_TYPE_SCHEMA],
                "id": name,
                "name": name,
                "endpoint": endpoint,
                "description": description,
                "schema": schema,
                "meta": {"resourceType": "ResourceType", "location": format!("{base}/ResourceTypes/{name}")}
            })
        })
        .collect()
}

/// One attribute of a schema; `extra` adds or overrides keys.
fn attr(name: &str, ty: &str, description: &str, extra: Value) -> Value {
    let mut a = json!({
        "name": name,
        "type": ty,
        "multiValued": false,
        "description": description,
        "required": false,
        "caseExact": false,
        "mutability": "readWrite",
        "returned": "default",
        "uniqueness": "none"
    });
    if let (Some(a), Value::Object(extra)) = (a.as_object_mut(), extra) {
        a.extend(extra);
    }
    a
}

fn schema(id: &str, name: &str, description: &str, attributes: Vec<Value>, base: &str) -> Value {
    json!({
        "schemas": [SCHEMA_SCHEMA],
        "id": id,
        "name": name,
        "description": description,
        "attributes": attributes,
        "meta": {"resourceType": "Schema", "location": format!("{base}/Schemas/{id}")}
    })
}

pub fn schemas(base: &str) -> Vec<Value> {
    let value_only = |description: &str| {
        json!({"multiValued": true, "subAttributes": [
            attr("value", "string", description, json!({}))
        ]})
    };
    let user = schema(
        USER_SCHEMA,
        "User",
        "A Steward user account and the person it belongs to",
        vec![
            attr("userName", "string", "The name the user signs in with; unique", json!({"required": true, "uniqueness": "server"})),
            attr("name", "complex", "The person's name", json!({"subAttributes": [
                attr("givenName", "string", "First name", json!({})),
                attr("middleName", "string", "Middle name", json!({})),
                attr("familyName", "string", "Last name", json!({})),
            ]})),
            attr("displayName", "string", "The person's name as Steward shows it (derived from the name parts)", json!({"mutability": "readOnly"})),
            attr("title", "string", "Job title", json!({})),
            attr("emails", "complex", "The person's email address (Steward keeps one)", value_only("The email address")),
            attr("phoneNumbers", "complex", "The person's business phone (Steward keeps one)", value_only("The phone number")),
            attr("active", "boolean", "Whether the user may sign in; false deactivates the person, ends their sessions and revokes their tokens", json!({"required": true})),
        ],
        base,
    );
    let group = schema(
        GROUP_SCHEMA,
        "Group",
        "A Steward team",
        vec![
            attr(
                "displayName",
                "string",
                "The team's name; unique",
                json!({"required": true, "uniqueness": "server"}),
            ),
            attr(
                "members",
                "complex",
                "The team's members who have a user account",
                json!({"multiValued": true, "subAttributes": [
                    attr("value", "string", "The member's user id", json!({"mutability": "immutable", "caseExact": true})),
                    attr("$ref", "reference", "The member's URI", json!({"mutability": "immutable", "caseExact": true, "referenceTypes": ["User"]})),
                ]}),
            ),
        ],
        base,
    );
    vec![user, group]
}
