//! The extra questions a catalog request type asks (`it_service_request_type.form_fields`, a JSON
//! list) and the answers a request holds (`it_service_request.form_answers`, a JSON object keyed by
//! question name).
//!
//! A question is `{"name": "business_need", "label": "Why do you need it?", "type": "memo",
//! "required": true}`; `type` is one of `text` (the default), `memo`, `number`, `date`, `bool` or
//! `choice` (then `"options": ["Laptop", "Desktop"]`); `help` is an optional hint.

use crate::error::{DomainError, ErrorKind};
use serde_json::{Map, Value as Json};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuestionKind {
    Text,
    Memo,
    Number,
    Date,
    Bool,
    Choice,
}

impl QuestionKind {
    fn parse(s: &str) -> Option<QuestionKind> {
        Some(match s {
            "text" => QuestionKind::Text,
            "memo" => QuestionKind::Memo,
            "number" => QuestionKind::Number,
            "date" => QuestionKind::Date,
            "bool" => QuestionKind::Bool,
            "choice" => QuestionKind::Choice,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub name: String,
    pub label: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub options: Vec<String>,
    pub help: Option<String>,
}

/// Answers are kept to the length of a memo.
const MAX_ANSWER: usize = 10_000;

/// The questions of a `form_fields` value, or what is wrong with it (naming the item).
pub fn parse_questions(form_fields: &str) -> Result<Vec<Question>, String> {
    let list: Vec<Json> = serde_json::from_str(form_fields)
        .map_err(|_| "'form_fields' must hold a JSON list of questions".to_string())?;
    let mut out: Vec<Question> = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        let at = format!("'form_fields' item {}", i + 1);
        let obj = item
            .as_object()
            .ok_or_else(|| format!("{at} must be an object"))?;
        let text = |k: &str| obj.get(k).and_then(Json::as_str).map(str::trim);
        let name = text("name")
            .filter(|n| {
                !n.is_empty()
                    && n.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            })
            .ok_or_else(|| format!("{at} needs a 'name' of letters, digits, '_' or '-'"))?;
        if out.iter().any(|q| q.name == name) {
            return Err(format!("{at}: the name '{name}' is used twice"));
        }
        let kind = match text("type") {
            None => QuestionKind::Text,
            Some(t) => QuestionKind::parse(t).ok_or_else(|| {
                format!("{at}: type '{t}' is not one of text, memo, number, date, bool, choice")
            })?,
        };
        let options: Vec<String> = match obj.get("options") {
            None => Vec::new(),
            Some(Json::Array(a)) => a
                .iter()
                .map(|o| o.as_str().map(str::to_string))
                .collect::<Option<_>>()
                .ok_or_else(|| format!("{at}: 'options' must be a list of texts"))?,
            Some(_) => return Err(format!("{at}: 'options' must be a list of texts")),
        };
        if kind == QuestionKind::Choice && options.is_empty() {
            return Err(format!("{at}: a choice question needs 'options'"));
        }
        out.push(Question {
            name: name.to_string(),
            label: text("label")
                .filter(|l| !l.is_empty())
                .unwrap_or(name)
                .to_string(),
            kind,
            required: obj.get("required").and_then(Json::as_bool).unwrap_or(false),
            options,
            help: text("help").filter(|h| !h.is_empty()).map(str::to_string),
        });
    }
    Ok(out)
}

/// The target an answer's error names: `form_answers.<question>`.
pub fn answer_target(question: &str) -> String {
    format!("form_answers.{question}")
}

/// Check and type the answers given as text (a form's fields, by question name). Every wrong
/// answer is reported at once, each naming its question.
pub fn parse_answers(
    questions: &[Question],
    given: &dyn Fn(&str) -> Option<String>,
) -> Result<Map<String, Json>, DomainError> {
    let mut out = Map::new();
    let mut errors = Vec::new();
    for q in questions {
        let raw = given(&q.name).unwrap_or_default();
        let raw = raw.trim();
        let wrong = |message: String| {
            DomainError::field(
                ErrorKind::Invalid,
                "invalid_value",
                &answer_target(&q.name),
                message,
            )
        };
        if raw.is_empty() {
            if q.required && q.kind != QuestionKind::Bool {
                errors.push(DomainError::field(
                    ErrorKind::Invalid,
                    "required",
                    &answer_target(&q.name),
                    format!("'{}' needs an answer", q.label),
                ));
            }
            if q.kind == QuestionKind::Bool {
                out.insert(q.name.clone(), Json::Bool(false));
            }
            continue;
        }
        let value = match q.kind {
            QuestionKind::Text | QuestionKind::Memo if raw.chars().count() > MAX_ANSWER => {
                errors.push(wrong(format!(
                    "'{}' is longer than {MAX_ANSWER} characters",
                    q.label
                )));
                continue;
            }
            QuestionKind::Text | QuestionKind::Memo => Json::String(raw.to_string()),
            QuestionKind::Number => match raw.parse::<f64>() {
                Ok(n) if n.is_finite() => serde_json::Number::from_f64(n)
                    .map(|n| match n.as_f64() {
                        Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => Json::from(f as i64),
                        _ => Json::Number(n),
                    })
                    .unwrap_or(Json::Null),
                _ => {
                    errors.push(wrong(format!("'{}' must be a number", q.label)));
                    continue;
                }
            },
            QuestionKind::Date => match crate::value::parse_date(raw) {
                Some(_) => Json::String(raw.to_string()),
                None => {
                    errors.push(wrong(format!("'{}' must be a date (YYYY-MM-DD)", q.label)));
                    continue;
                }
            },
            QuestionKind::Bool => Json::Bool(matches!(raw, "true" | "yes" | "on" | "1")),
            QuestionKind::Choice => {
                if !q.options.iter().any(|o| o == raw) {
                    errors.push(wrong(format!(
                        "'{}' must be one of: {}",
                        q.label,
                        q.options.join(", ")
                    )));
                    continue;
                }
                Json::String(raw.to_string())
            }
        };
        out.insert(q.name.clone(), value);
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(DomainError::many(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn questions_parse_with_defaults_and_errors_name_the_item() {
        let q = parse_questions(
            r#"[{"name":"need","label":"Why?","type":"memo","required":true},{"name":"size","type":"choice","options":["S","L"]}]"#,
        )
        .unwrap();
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].kind, QuestionKind::Memo);
        assert!(q[0].required);
        assert_eq!(q[1].label, "size");
        assert_eq!(q[1].options, vec!["S", "L"]);
        assert!(parse_questions("{}").unwrap_err().contains("JSON list"));
        assert!(parse_questions(r#"[{"label":"x"}]"#)
            .unwrap_err()
            .contains("item 1"));
        assert!(parse_questions(r#"[{"name":"a","type":"colour"}]"#)
            .unwrap_err()
            .contains("colour"));
        assert!(parse_questions(r#"[{"name":"a","type":"choice"}]"#)
            .unwrap_err()
            .contains("options"));
        assert!(parse_questions(r#"[{"name":"a"},{"name":"a"}]"#)
            .unwrap_err()
            .contains("twice"));
    }

    #[test]
    fn answers_are_typed_and_every_wrong_one_is_reported() {
        let q = parse_questions(
            r#"[{"name":"need","label":"Why?","required":true},{"name":"n","label":"How many","type":"number"},
                {"name":"d","label":"When","type":"date"},{"name":"c","label":"Size","type":"choice","options":["S","L"]},
                {"name":"b","label":"Urgent","type":"bool"}]"#,
        )
        .unwrap();
        let ok = parse_answers(&q, &|n| {
            Some(
                match n {
                    "need" => "a new starter",
                    "n" => "3",
                    "d" => "2026-12-24",
                    "c" => "L",
                    _ => "true",
                }
                .to_string(),
            )
        })
        .unwrap();
        assert_eq!(
            serde_json::Value::Object(ok),
            serde_json::json!({"need":"a new starter","n":3,"d":"2026-12-24","c":"L","b":true})
        );
        let bad = parse_answers(&q, &|n| {
            Some(
                match n {
                    "n" => "three",
                    "d" => "24/12/2026",
                    "c" => "XL",
                    _ => "",
                }
                .to_string(),
            )
        })
        .unwrap_err();
        let targets: Vec<_> = bad
            .details
            .iter()
            .filter_map(|d| d.target.clone())
            .collect();
        assert_eq!(
            targets,
            vec![
                "form_answers.need",
                "form_answers.n",
                "form_answers.d",
                "form_answers.c"
            ]
        );
    }
}
