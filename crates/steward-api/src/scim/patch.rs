//! SCIM PATCH (RFC 7644 §3.5.2) and filters, on the JSON form of a resource. A PATCH is applied to
//! the resource as the client would read it, and the result is then stored as a whole replacement,
//! so PATCH and PUT go through the same validation.
//!
//! Paths: `attr`, `attr.sub`, `urn:…:attr`, `attr[sub eq "v"]` and `attr[sub eq "v"].sub`.
//! Filters: `attr eq "value"`, the form identity providers use to look a resource up.

use serde_json::{Map, Value};

/// A PATCH or filter the client got wrong, with the SCIM error type and a message naming it.
#[derive(Debug, Clone, PartialEq)]
pub struct ScimFault {
    pub scim_type: &'static str,
    pub detail: String,
}

fn fault(scim_type: &'static str, detail: impl Into<String>) -> ScimFault {
    ScimFault {
        scim_type,
        detail: detail.into(),
    }
}

/// Attribute names are case-insensitive; the key a document already uses for `name` wins.
fn key_of(doc: &Map<String, Value>, name: &str) -> String {
    doc.keys()
        .find(|k| k.eq_ignore_ascii_case(name))
        .cloned()
        .unwrap_or_else(|| name.to_string())
}

/// `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName` → `name.givenName`.
pub fn strip_urn(path: &str) -> &str {
    if path.to_ascii_lowercase().starts_with("urn:") {
        // The attribute follows the last ':' before any '[' or '.' of the attribute path.
        let head = path.find('[').map_or(path, |i| &path[..i]);
        match head.rfind(':') {
            Some(i) => &path[i + 1..],
            None => path,
        }
    } else {
        path
    }
}

/// `sub eq "value"`: the one comparison Steward's filters support.
#[derive(Debug, Clone, PartialEq)]
pub struct Equals {
    pub attr: String,
    pub value: Value,
}

/// Parse `attr eq value` (value a JSON string, number, boolean or null).
pub fn parse_equals(text: &str) -> Result<Equals, ScimFault> {
    let bad = |why: &str| fault("invalidFilter", format!("filter '{text}': {why}"));
    let t = text.trim();
    let (attr, rest) = t
        .split_once(char::is_whitespace)
        .ok_or_else(|| bad("expected 'attribute eq value'"))?;
    let rest = rest.trim_start();
    let (op, value) = rest
        .split_once(char::is_whitespace)
        .ok_or_else(|| bad("expected 'attribute eq value'"))?;
    if !op.eq_ignore_ascii_case("eq") {
        return Err(bad(&format!(
            "the operator '{op}' is not supported; only 'eq' is"
        )));
    }
    let value = value.trim();
    let mut stream = serde_json::Deserializer::from_str(value).into_iter::<Value>();
    let parsed = match stream.next() {
        Some(Ok(v)) if !v.is_object() && !v.is_array() => v,
        _ => {
            return Err(bad(
                "the value must be a quoted string, a number, true, false or null",
            ))
        }
    };
    let end = stream.byte_offset();
    if !value[end..].trim().is_empty() {
        return Err(bad(&format!(
            "unexpected '{}' after the value; 'and', 'or' and 'not' are not supported",
            value[end..].trim()
        )));
    }
    Ok(Equals {
        attr: strip_urn(attr).to_string(),
        value: parsed,
    })
}

/// A parsed PATCH path.
#[derive(Debug, Clone, PartialEq)]
struct Path {
    attr: String,
    filter: Option<Equals>,
    sub: Option<String>,
}

fn parse_path(text: &str) -> Result<Path, ScimFault> {
    let bad = |why: &str| fault("invalidPath", format!("path '{text}': {why}"));
    let t = strip_urn(text.trim());
    if t.is_empty() {
        return Err(bad("empty"));
    }
    let (attr, filter, rest) = match t.find('[') {
        Some(open) => {
            let close = t.rfind(']').ok_or_else(|| bad("'[' without ']'"))?;
            if close < open {
                return Err(bad("']' before '['"));
            }
            let filter =
                parse_equals(&t[open + 1..close]).map_err(|f| fault("invalidPath", f.detail))?;
            (&t[..open], Some(filter), &t[close + 1..])
        }
        None => match t.split_once('.') {
            Some((a, _)) => (a, None, &t[a.len()..]),
            None => (t, None, ""),
        },
    };
    let sub = match rest {
        "" => None,
        r => Some(
            r.strip_prefix('.')
                .filter(|s| !s.is_empty() && !s.contains('.'))
                .ok_or_else(|| bad("expected '.subAttribute' after the attribute"))?
                .to_string(),
        ),
    };
    if attr.is_empty()
        || !attr
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '$' || c == '_')
    {
        return Err(bad("not an attribute name"));
    }
    Ok(Path {
        attr: attr.to_string(),
        filter,
        sub,
    })
}

fn matches(item: &Value, f: &Equals) -> bool {
    let Some(obj) = item.as_object() else {
        return false;
    };
    let key = key_of(obj, &f.attr);
    match (obj.get(&key), &f.value) {
        (Some(Value::String(a)), Value::String(b)) => a == b,
        (Some(a), b) => a == b,
        (None, Value::Null) => true,
        (None, _) => false,
    }
}

/// Apply one operation to a resource document.
pub fn apply(
    doc: &mut Map<String, Value>,
    op: &str,
    path: Option<&str>,
    value: Option<Value>,
) -> Result<(), ScimFault> {
    let op = op.to_ascii_lowercase();
    if !matches!(op.as_str(), "add" | "replace" | "remove") {
        return Err(fault(
            "invalidSyntax",
            format!("unknown op '{op}'; expected add, replace or remove"),
        ));
    }
    let Some(path) = path.filter(|p| !p.trim().is_empty()) else {
        if op == "remove" {
            return Err(fault("noTarget", "a remove operation needs a path"));
        }
        let Some(Value::Object(values)) = value else {
            return Err(fault(
                "invalidValue",
                "without a path, the value must be an object of attributes",
            ));
        };
        for (k, v) in values {
            apply(doc, &op, Some(&k), Some(v))?;
        }
        return Ok(());
    };
    let path = parse_path(path)?;
    if op != "remove" && value.is_none() {
        return Err(fault(
            "invalidValue",
            format!("the {op} operation needs a value"),
        ));
    }
    let key = key_of(doc, &path.attr);
    match (&path.filter, &path.sub) {
        (None, None) => {
            let value = value.unwrap_or(Value::Null);
            match op.as_str() {
                "remove" => {
                    doc.remove(&key);
                }
                "add" => match (doc.get_mut(&key), value) {
                    (Some(Value::Array(items)), Value::Array(new)) => {
                        for v in new {
                            if !items.contains(&v) {
                                items.push(v);
                            }
                        }
                    }
                    (Some(Value::Object(obj)), Value::Object(new)) => obj.extend(new),
                    (_, v) => {
                        doc.insert(key, v);
                    }
                },
                _ => {
                    doc.insert(key, value);
                }
            }
        }
        (None, Some(sub)) => match doc.get_mut(&key) {
            Some(Value::Array(items)) => {
                // `emails.value` on a multi-valued attribute: every value of it.
                for item in items.iter_mut().filter_map(Value::as_object_mut) {
                    set_sub(item, sub, &op, value.clone());
                }
            }
            Some(Value::Object(obj)) => set_sub(obj, sub, &op, value),
            _ if op == "remove" => {}
            _ => {
                let mut obj = Map::new();
                set_sub(&mut obj, sub, &op, value);
                doc.insert(key, Value::Object(obj));
            }
        },
        (Some(filter), sub) => {
            let items = match doc.get_mut(&key) {
                Some(Value::Array(items)) => items,
                _ if op == "remove" => return Ok(()),
                _ => {
                    doc.insert(key.clone(), Value::Array(Vec::new()));
                    doc.get_mut(&key)
                        .and_then(Value::as_array_mut)
                        .expect("just inserted")
                }
            };
            let hit = items.iter().any(|i| matches(i, filter));
            match (op.as_str(), sub) {
                ("remove", None) => items.retain(|i| !matches(i, filter)),
                (_, Some(sub)) => {
                    if !hit && op != "remove" {
                        // `emails[type eq "work"].value` with no work email yet: add one.
                        let mut obj = Map::new();
                        obj.insert(filter.attr.clone(), filter.value.clone());
                        items.push(Value::Object(obj));
                    }
                    for item in items.iter_mut().filter(|i| matches(i, filter)) {
                        if let Some(obj) = item.as_object_mut() {
                            set_sub(obj, sub, &op, value.clone());
                        }
                    }
                }
                (_, None) => {
                    let Some(Value::Object(new)) = value else {
                        return Err(fault(
                            "invalidValue",
                            "a filtered path without a sub-attribute takes an object value",
                        ));
                    };
                    if !hit {
                        return Err(fault(
                            "noTarget",
                            format!("no value of '{}' matches the filter", path.attr),
                        ));
                    }
                    for item in items.iter_mut().filter(|i| matches(i, filter)) {
                        if let Some(obj) = item.as_object_mut() {
                            if op == "replace" {
                                obj.clear();
                            }
                            obj.extend(new.clone());
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn set_sub(obj: &mut Map<String, Value>, sub: &str, op: &str, value: Option<Value>) {
    let key = key_of(obj, sub);
    if op == "remove" {
        obj.remove(&key);
    } else {
        obj.insert(key, value.unwrap_or(Value::Null));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn filters_are_attribute_eq_value() {
        let f = parse_equals(r#"userName eq "ann@example.org""#).unwrap();
        assert_eq!(f.attr, "userName");
        assert_eq!(f.value, json!("ann@example.org"));
        let f = parse_equals(r#"urn:ietf:params:scim:schemas:core:2.0:User:userName eq "a \" b""#)
            .unwrap();
        assert_eq!((f.attr.as_str(), f.value), ("userName", json!("a \" b")));
        for bad in [
            "userName",
            r#"userName sw "a""#,
            r#"userName eq "a" and active eq true"#,
            r#"userName eq "unterminated"#,
        ] {
            let e = parse_equals(bad).unwrap_err();
            assert_eq!(e.scim_type, "invalidFilter", "{bad}");
            assert!(e.detail.contains(bad), "{}", e.detail);
        }
    }

    #[test]
    fn operations_without_a_path_set_each_attribute() {
        let mut d = doc(json!({"userName": "a", "active": true}));
        apply(
            &mut d,
            "Replace",
            None,
            Some(json!({"active": false, "title": "Dr"})),
        )
        .unwrap();
        assert_eq!(
            d,
            doc(json!({"userName": "a", "active": false, "title": "Dr"}))
        );
        apply(
            &mut d,
            "replace",
            None,
            Some(json!({"name.givenName": "Ann"})),
        )
        .unwrap();
        assert_eq!(d["name"], json!({"givenName": "Ann"}));
    }

    #[test]
    fn add_appends_to_multi_valued_attributes_and_remove_filters() {
        let mut d = doc(json!({"members": [{"value": "1"}]}));
        apply(
            &mut d,
            "add",
            Some("members"),
            Some(json!([{"value": "2"}, {"value": "1"}])),
        )
        .unwrap();
        assert_eq!(d["members"], json!([{"value": "1"}, {"value": "2"}]));
        apply(&mut d, "remove", Some(r#"members[value eq "1"]"#), None).unwrap();
        assert_eq!(d["members"], json!([{"value": "2"}]));
        apply(&mut d, "remove", Some("members"), None).unwrap();
        assert!(!d.contains_key("members"));
    }

    #[test]
    fn filtered_sub_attribute_paths_update_or_create_the_value() {
        let mut d = doc(json!({"userName": "a"}));
        apply(
            &mut d,
            "replace",
            Some(r#"emails[type eq "work"].value"#),
            Some(json!("a@x.org")),
        )
        .unwrap();
        assert_eq!(d["emails"], json!([{"type": "work", "value": "a@x.org"}]));
        apply(
            &mut d,
            "replace",
            Some(r#"emails[type eq "work"].value"#),
            Some(json!("b@x.org")),
        )
        .unwrap();
        assert_eq!(d["emails"], json!([{"type": "work", "value": "b@x.org"}]));
        apply(
            &mut d,
            "replace",
            Some("name.familyName"),
            Some(json!("Lee")),
        )
        .unwrap();
        apply(&mut d, "remove", Some("NAME.familyname"), None).unwrap();
        assert_eq!(d["name"], json!({}));
    }

    #[test]
    fn bad_operations_name_what_is_wrong() {
        let mut d = doc(json!({}));
        assert_eq!(
            apply(&mut d, "move", Some("a"), None)
                .unwrap_err()
                .scim_type,
            "invalidSyntax"
        );
        assert_eq!(
            apply(&mut d, "remove", None, None).unwrap_err().scim_type,
            "noTarget"
        );
        assert_eq!(
            apply(&mut d, "add", Some("a[b"), Some(json!(1)))
                .unwrap_err()
                .scim_type,
            "invalidPath"
        );
        assert_eq!(
            apply(&mut d, "add", Some("a.b.c"), Some(json!(1)))
                .unwrap_err()
                .scim_type,
            "invalidPath"
        );
        assert_eq!(
            apply(&mut d, "add", Some("title"), None)
                .unwrap_err()
                .scim_type,
            "invalidValue"
        );
        assert_eq!(
            apply(&mut d, "add", None, Some(json!(3)))
                .unwrap_err()
                .scim_type,
            "invalidValue"
        );
    }
}
