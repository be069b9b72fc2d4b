//! Values as people read them: choice labels, lookup names with links, dates, yes/no.

use crate::zone::Zone;
use steward_domain::{Record, Value};
use steward_model::{Field, FieldType, Model};

/// One shown value, with a link when it names another record.
#[derive(Debug, Clone, Default)]
pub struct Shown {
    pub text: String,
    pub href: Option<String>,
}

/// A text field of a record ("" when empty).
pub fn text(r: &Record, f: &str) -> String {
    r.get(f).and_then(Value::as_text).unwrap_or("").to_string()
}

/// A record's id as text, for addresses.
pub fn id_text(r: &Record) -> String {
    r.get("id")
        .and_then(Value::as_uuid)
        .map(|u| u.to_string())
        .unwrap_or_default()
}

/// The name a record goes by: its number and name when numbered, else its name.
pub fn title_of(record: &Record) -> String {
    let name = record.get("name").and_then(Value::as_text).unwrap_or("");
    match record.get("number").and_then(Value::as_text) {
        Some(n) if !name.is_empty() => format!("{n} {name}"),
        Some(n) => n.to_string(),
        None if name.is_empty() => "(no name)".into(),
        None => name.to_string(),
    }
}

/// `value` of `field`; `target` is the looked-up record when the field is a lookup and the caller
/// may read it. Instants are shown in `zone`.
pub fn show(
    model: &Model,
    zone: &Zone,
    field: &Field,
    value: Option<&Value>,
    target: Option<&Record>,
) -> Shown {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Shown::default();
    };
    match (&field.ty, value) {
        (FieldType::Lookup { table }, Value::Uuid(id)) => {
            let set = model.table(table).map_or("", |t| t.set.as_str());
            Shown {
                text: target.map_or_else(|| "(not visible)".to_string(), title_of),
                href: target.map(|_| format!("/app/{set}/{id}")),
            }
        }
        (FieldType::Choice { set }, Value::Text(code)) => Shown {
            text: label_of(model, set, code),
            href: None,
        },
        (FieldType::Choices { set }, v) => {
            let codes = v.to_json();
            let labels: Vec<String> = codes
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|c| c.as_str())
                        .map(|c| label_of(model, set, c))
                        .collect()
                })
                .unwrap_or_default();
            Shown {
                text: labels.join(", "),
                href: None,
            }
        }
        (FieldType::Bool, Value::Bool(b)) => Shown {
            text: if *b { "Yes" } else { "No" }.into(),
            href: None,
        },
        (FieldType::DateTime, Value::DateTime(t)) => Shown {
            text: zone.show(*t),
            href: None,
        },
        (_, v) => Shown {
            text: match v.to_json() {
                serde_json::Value::String(s) => s,
                other => other.to_string(),
            },
            href: None,
        },
    }
}

pub fn label_of(model: &Model, set: &str, code: &str) -> String {
    model
        .choice_set(set)
        .and_then(|s| s.choices.iter().find(|c| c.code == code))
        .map_or_else(|| code.to_string(), |c| c.label.clone())
}
