//! The JSON form of SCIM Users and Groups, both ways, and `attributes` / `excludedAttributes`.

use super::discovery::{GROUP_SCHEMA, USER_SCHEMA};
use super::patch::{strip_urn, ScimFault};
use serde_json::{json, Map, Value};
use steward_domain::value::format_datetime;
use steward_service::{ScimGroup, ScimGroupInput, ScimUser, ScimUserInput};
use uuid::Uuid;

fn meta(
    kind: &str,
    base: &str,
    endpoint: &str,
    id: Uuid,
    created: String,
    modified: String,
) -> Value {
    json!({
        "resourceType": kind,
        "created": created,
        "lastModified": modified,
        "location": format!("{base}/{endpoint}/{id}"),
    })
}

/// Put `value` under `key` unless it is empty.
fn put(out: &mut Map<String, Value>, key: &str, value: Option<&String>) {
    if let Some(v) = value {
        out.insert(key.into(), json!(v));
    }
}

pub fn user_json(u: &ScimUser, base: &str) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("schemas".into(), json!([USER_SCHEMA]));
    out.insert("id".into(), json!(u.id));
    put(&mut out, "externalId", u.external_id.as_ref());
    out.insert("userName".into(), json!(u.user_name));
    let mut name = Map::new();
    put(&mut name, "givenName", u.given_name.as_ref());
    put(&mut name, "middleName", u.middle_name.as_ref());
    put(&mut name, "familyName", u.family_name.as_ref());
    if !name.is_empty() {
        out.insert("name".into(), Value::Object(name));
    }
    out.insert("displayName".into(), json!(u.display_name));
    put(&mut out, "title", u.title.as_ref());
    if let Some(email) = &u.email {
        out.insert("emails".into(), json!([{"value": email}]));
    }
    if let Some(phone) = &u.phone {
        out.insert("phoneNumbers".into(), json!([{"value": phone}]));
    }
    out.insert("active".into(), json!(u.active));
    out.insert(
        "meta".into(),
        meta(
            "User",
            base,
            "Users",
            u.id,
            format_datetime(u.created),
            format_datetime(u.modified),
        ),
    );
    out
}

pub fn group_json(g: &ScimGroup, base: &str) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("schemas".into(), json!([GROUP_SCHEMA]));
    out.insert("id".into(), json!(g.id));
    put(&mut out, "externalId", g.external_id.as_ref());
    out.insert("displayName".into(), json!(g.display_name));
    if !g.members.is_empty() {
        let members: Vec<Value> = g
            .members
            .iter()
            .map(|(id, _)| json!({"value": id, "$ref": format!("{base}/Users/{id}")}))
            .collect();
        out.insert("members".into(), Value::Array(members));
    }
    out.insert(
        "meta".into(),
        meta(
            "Group",
            base,
            "Groups",
            g.id,
            format_datetime(g.created),
            format_datetime(g.modified),
        ),
    );
    out
}

fn invalid(detail: impl Into<String>) -> ScimFault {
    ScimFault {
        scim_type: "invalidValue",
        detail: detail.into(),
    }
}

/// Attribute names are case-insensitive.
fn get<'a>(obj: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
        .filter(|v| !v.is_null())
}

fn string(obj: &Map<String, Value>, name: &str, at: &str) -> Result<Option<String>, ScimFault> {
    match get(obj, name) {
        None => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(invalid(format!(
            "{at}{name}: expected a string, got {other}"
        ))),
    }
}

/// The value of a multi-valued attribute Steward keeps once (a person's business email and
/// phone): the primary one, else the work one, else the first.
fn single_value(obj: &Map<String, Value>, name: &str) -> Result<Option<String>, ScimFault> {
    let Some(v) = get(obj, name) else {
        return Ok(None);
    };
    let Value::Array(items) = v else {
        return Err(invalid(format!(
            "{name}: expected a list of {{\"value\": …}}"
        )));
    };
    let chosen = items
        .iter()
        .find(|i| i.get("primary") == Some(&Value::Bool(true)))
        .or_else(|| items.iter().find(|i| i.get("type") == Some(&json!("work"))))
        .or_else(|| items.first());
    match chosen {
        None => Ok(None),
        Some(Value::Object(item)) => string(item, "value", &format!("{name}[].")),
        Some(other) => Err(invalid(format!(
            "{name}: expected {{\"value\": …}}, got {other}"
        ))),
    }
}

/// Some providers send booleans as "True" / "False".
fn boolean(obj: &Map<String, Value>, name: &str) -> Result<Option<bool>, ScimFault> {
    match get(obj, name) {
        None => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(other) => Err(invalid(format!(
            "{name}: expected true or false, got {other}"
        ))),
    }
}

/// A User document as Steward stores it. Attributes Steward does not keep are ignored; an
/// absent `active` means true.
pub fn user_input(doc: &Map<String, Value>) -> Result<ScimUserInput, ScimFault> {
    let user_name = string(doc, "userName", "")?.ok_or_else(|| invalid("userName: required"))?;
    let empty = Map::new();
    let name = match get(doc, "name") {
        None => &empty,
        Some(Value::Object(n)) => n,
        Some(other) => return Err(invalid(format!("name: expected an object, got {other}"))),
    };
    Ok(ScimUserInput {
        user_name,
        external_id: string(doc, "externalId", "")?,
        given_name: string(name, "givenName", "name.")?,
        middle_name: string(name, "middleName", "name.")?,
        family_name: string(name, "familyName", "name.")?,
        title: string(doc, "title", "")?,
        email: single_value(doc, "emails")?,
        phone: single_value(doc, "phoneNumbers")?,
        active: boolean(doc, "active")?.unwrap_or(true),
    })
}

pub fn group_input(doc: &Map<String, Value>) -> Result<ScimGroupInput, ScimFault> {
    let display_name =
        string(doc, "displayName", "")?.ok_or_else(|| invalid("displayName: required"))?;
    let mut members = Vec::new();
    match get(doc, "members") {
        None => {}
        Some(Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                let value = item
                    .as_object()
                    .and_then(|o| get(o, "value"))
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid(format!("members[{i}].value: required")))?;
                let id = Uuid::parse_str(value).map_err(|_| {
                    invalid(format!("members[{i}].value: '{value}' is not a user id"))
                })?;
                members.push(id);
            }
        }
        Some(other) => return Err(invalid(format!("members: expected a list, got {other}"))),
    }
    Ok(ScimGroupInput {
        display_name,
        external_id: string(doc, "externalId", "")?,
        members,
    })
}

/// Which attributes a response carries (RFC 7644 §3.4.2.5). `id` and `schemas` always are.
#[derive(Debug, Clone, Default)]
pub struct Projection {
    pub attributes: Vec<String>,
    pub excluded: Vec<String>,
}

impl Projection {
    pub fn parse(attributes: Option<&str>, excluded: Option<&str>) -> Projection {
        let list = |s: Option<&str>| -> Vec<String> {
            s.unwrap_or_default()
                .split(',')
                .map(|a| strip_urn(a.trim()).to_string())
                .filter(|a| !a.is_empty())
                .collect()
        };
        Projection {
            attributes: list(attributes),
            excluded: list(excluded),
        }
    }

    pub fn apply(&self, mut doc: Map<String, Value>) -> Map<String, Value> {
        let always = |k: &str| k == "id" || k == "schemas";
        if !self.attributes.is_empty() {
            let top = |a: &str| a.split('.').next().unwrap_or_default().to_string();
            doc.retain(|k, _| {
                always(k)
                    || self
                        .attributes
                        .iter()
                        .any(|a| top(a).eq_ignore_ascii_case(k))
            });
            // `name.givenName` alone keeps only that sub-attribute of `name`.
            for (k, v) in doc.iter_mut() {
                if self.attributes.iter().any(|a| a.eq_ignore_ascii_case(k)) {
                    continue;
                }
                let subs: Vec<&str> = self
                    .attributes
                    .iter()
                    .filter_map(|a| a.split_once('.'))
                    .filter(|(t, _)| t.eq_ignore_ascii_case(k))
                    .map(|(_, s)| s)
                    .collect();
                if let (false, Value::Object(obj)) = (subs.is_empty(), v) {
                    obj.retain(|sk, _| subs.iter().any(|s| s.eq_ignore_ascii_case(sk)));
                }
            }
        }
        for e in &self.excluded {
            match e.split_once('.') {
                None => doc.retain(|k, _| always(k) || !k.eq_ignore_ascii_case(e)),
                Some((top, sub)) => {
                    if let Some(Value::Object(obj)) = doc
                        .iter_mut()
                        .find(|(k, _)| k.eq_ignore_ascii_case(top))
                        .map(|(_, v)| v)
                    {
                        obj.retain(|k, _| !k.eq_ignore_ascii_case(sub));
                    }
                }
            }
        }
        doc
    }
}
