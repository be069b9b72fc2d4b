//! The one declaration of Steward's data model, held as data.
//!
//! Every table, field, system column and choice set of `shared/spec/data-model.md` is declared once,
//! in [`catalog`]. The database schema, record validation, the OData API, `$metadata` and the OpenAPI
//! document are all derived from the [`Model`] value built here. Because the model is a value (not
//! only Rust types), fields added by an administrator at run time can later be merged into it.

mod catalog;
mod choices;

use serde::Serialize;
use std::collections::BTreeMap;

pub use catalog::CI_TABLES;
pub use choices::choice_code;

/// Where a table or field comes from in the spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// From the government common data model (must exist under this name).
    Seed,
    /// Core table of the common data model.
    Core,
    /// Added by Steward for its workflows.
    Plus,
    /// A system column present on every table.
    System,
}

/// The type of a field, as in the spec's "Types" convention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FieldType {
    /// Single line of at most `max` characters.
    Text {
        max: u32,
    },
    /// Long text.
    Memo,
    /// 64-bit integer, optionally bounded.
    Int {
        min: Option<i64>,
        max: Option<i64>,
    },
    /// Decimal amount (two decimals); its currency lives in the companion `<name>_currency` field.
    Money,
    Bool,
    Date,
    /// A UTC instant.
    DateTime,
    /// A bare UUID that is not a foreign key (e.g. `approval.regarding_id`).
    Uuid,
    /// One code of the named choice set.
    Choice {
        set: String,
    },
    /// Several codes of the named choice set.
    Choices {
        set: String,
    },
    /// The `id` of a row of the named table.
    Lookup {
        table: String,
    },
}

impl FieldType {
    pub fn text(max: u32) -> Self {
        FieldType::Text { max }
    }
    pub fn int() -> Self {
        FieldType::Int {
            min: None,
            max: None,
        }
    }
    pub fn choice(set: &str) -> Self {
        FieldType::Choice {
            set: set.to_string(),
        }
    }
    pub fn choices(set: &str) -> Self {
        FieldType::Choices {
            set: set.to_string(),
        }
    }
    pub fn lookup(table: &str) -> Self {
        FieldType::Lookup {
            table: table.to_string(),
        }
    }
    pub fn lookup_table(&self) -> Option<&str> {
        match self {
            FieldType::Lookup { table } => Some(table),
            _ => None,
        }
    }
    pub fn choice_set(&self) -> Option<&str> {
        match self {
            FieldType::Choice { set } | FieldType::Choices { set } => Some(set),
            _ => None,
        }
    }
    /// Whether values of this type can be ordered (`lt`, `gt`, `$orderby`).
    pub fn is_orderable(&self) -> bool {
        !matches!(self, FieldType::Memo | FieldType::Choices { .. })
    }
}

/// A default applied on create when the field is absent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultValue {
    Bool(bool),
    Text(String),
    Int(i64),
    /// The person creating the record (a lookup to `person`).
    Caller,
}

/// How a derived field gets its value. The rules themselves live in `steward-domain`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Derivation {
    /// `person.name` from first, middle and last name (humans).
    PersonName,
    /// `it_system.security_category`: high-water mark of the three FIPS 199 impacts.
    SecurityCategory,
    /// `risk_item.risk_level` from likelihood x impact, unless overridden.
    RiskLevel,
    /// `incident.priority` from impact x urgency.
    IncidentPriority,
}

#[derive(Debug, Clone, Serialize)]
pub struct Field {
    pub name: String,
    pub label: String,
    pub ty: FieldType,
    pub origin: Origin,
    pub required: bool,
    /// Unique among non-null values (within the table, or within `unique_with`).
    pub unique: bool,
    /// With `unique`: the other fields the uniqueness is scoped by (e.g. the framework).
    pub unique_with: Vec<String>,
    pub default: Option<DefaultValue>,
    pub derived: Option<Derivation>,
    /// Set by the system only; never accepted from a client.
    pub read_only: bool,
    /// Whether lists sort by it often enough to deserve an index.
    pub sortable_index: bool,
    /// A secret (a password or token hash): stored, but never read, written or described by the
    /// API, and audited only as "changed".
    pub secret: bool,
    /// A secret a caller may give (a webhook's signing secret): accepted in bodies and forms, yet
    /// like every secret never read back, described or audited but as "changed".
    pub write_only: bool,
    /// Sensitive: only callers whose roles read protected data see it, filter on it or sort by it.
    pub protected: bool,
    /// Written only by its lifecycle's transitions (`steward-process` marks it): every write that
    /// sets it is refused, whoever the caller.
    pub workflow: bool,
    pub description: Option<String>,
    /// The schema migration that adds the field to a table created earlier (`None`: it came with
    /// its table).
    pub since: Option<u32>,
}

impl Field {
    pub fn new(name: &str, ty: FieldType, origin: Origin) -> Self {
        Field {
            name: name.to_string(),
            label: label_of(name),
            ty,
            origin,
            required: false,
            unique: false,
            unique_with: Vec::new(),
            default: None,
            derived: None,
            read_only: false,
            sortable_index: false,
            secret: false,
            write_only: false,
            protected: false,
            workflow: false,
            description: None,
            since: None,
        }
    }
    /// Added to its table by schema migration `version` (an `ALTER TABLE ... ADD COLUMN`).
    pub fn since(mut self, version: u32) -> Self {
        self.since = Some(version);
        self
    }
    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }
    pub fn unique(mut self) -> Self {
        self.unique = true;
        self
    }
    pub fn unique_within(mut self, other: &str) -> Self {
        self.unique = true;
        self.unique_with.push(other.to_string());
        self
    }
    pub fn default(mut self, v: DefaultValue) -> Self {
        self.default = Some(v);
        self
    }
    pub fn derived(mut self, d: Derivation) -> Self {
        self.derived = Some(d);
        self
    }
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }
    pub fn secret(mut self) -> Self {
        self.secret = true;
        self.read_only = true;
        self
    }
    /// A secret the caller gives but never reads back.
    pub fn write_only(mut self) -> Self {
        self.secret = true;
        self.write_only = true;
        self
    }
    pub fn protected(mut self) -> Self {
        self.protected = true;
        self
    }
    pub fn sorted(mut self) -> Self {
        self.sortable_index = true;
        self
    }
    pub fn label(mut self, label: &str) -> Self {
        self.label = label.to_string();
        self
    }
    pub fn describe(mut self, d: &str) -> Self {
        self.description = Some(d.to_string());
        self
    }
    /// The navigation property of a lookup: the name without `_id`.
    pub fn navigation_name(&self) -> Option<&str> {
        match self.ty {
            FieldType::Lookup { .. } => Some(self.name.strip_suffix("_id").unwrap_or(&self.name)),
            _ => None,
        }
    }
    pub fn is_system(&self) -> bool {
        self.origin == Origin::System
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Table {
    pub name: String,
    /// The API's entity set.
    pub set: String,
    pub label: String,
    pub origin: Origin,
    /// Human number prefix (`REQ`) for numbered tables; stored in the `number` column.
    pub number_prefix: Option<String>,
    /// For trees: the lookup field that points at the parent (no cycles allowed).
    pub tree_parent: Option<String>,
    pub fields: Vec<Field>,
    pub description: Option<String>,
    /// The schema migration that creates the table (1 for the spec's tables).
    pub since: u32,
    /// Composite indexes for the lists people use most: a state column, then the sort column
    /// (so "open requests, newest first" reads a few index entries, not the whole table).
    pub list_indexes: Vec<Vec<String>>,
    /// Only Steward writes its records (a job's runs): a create, change or delete by any caller,
    /// the administrator included, is refused.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub written_by_steward: bool,
}

impl Table {
    /// Any field, secrets included: for the store and the rules.
    pub fn field(&self, name: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.name == name)
    }
    /// The fields the API can see: every field but secrets.
    pub fn public_fields(&self) -> impl Iterator<Item = &Field> {
        self.fields.iter().filter(|f| !f.secret)
    }
    /// This table as a caller who may not read protected fields sees it: those fields become
    /// secrets, so that no view, query option or body can name them.
    pub fn without_protected(&self) -> Table {
        let mut t = self.clone();
        for f in t.fields.iter_mut().filter(|f| f.protected) {
            f.secret = true;
            f.read_only = true;
        }
        t
    }
    /// A field the API can name (`None` for secrets, as for names that do not exist).
    pub fn public_field(&self, name: &str) -> Option<&Field> {
        self.field(name).filter(|f| !f.secret)
    }
    /// A field a caller may write: a public one, or a write-only secret.
    pub fn writable_field(&self, name: &str) -> Option<&Field> {
        self.field(name).filter(|f| !f.secret || f.write_only)
    }
    /// Lookup fields of this table, system ones included.
    pub fn lookups(&self) -> impl Iterator<Item = (&Field, &str)> {
        self.fields
            .iter()
            .filter_map(|f| f.ty.lookup_table().map(|t| (f, t)))
    }
    /// The field a navigation property name refers to.
    pub fn navigation(&self, nav: &str) -> Option<&Field> {
        self.fields
            .iter()
            .find(|f| f.navigation_name() == Some(nav))
    }
    /// The entity type name in `$metadata` (`it_system` -> `ItSystem`).
    pub fn entity_type(&self) -> String {
        pascal(&self.name)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChoiceSet {
    /// Stable key, snake case of the spec's name (`identity_kind`).
    pub name: String,
    pub label: String,
    pub choices: Vec<Choice>,
}

impl ChoiceSet {
    pub fn new(label: &str, labels: &[&str]) -> Self {
        ChoiceSet {
            name: choice_code(label),
            label: label.to_string(),
            choices: labels
                .iter()
                .map(|l| Choice {
                    code: choice_code(l),
                    label: l.to_string(),
                })
                .collect(),
        }
    }
    pub fn has(&self, code: &str) -> bool {
        self.choices.iter().any(|c| c.code == code)
    }
    /// Position of a code in the set's declared order (used for ordinal rules like high-water marks).
    pub fn rank(&self, code: &str) -> Option<usize> {
        self.choices.iter().position(|c| c.code == code)
    }
    /// The enum type name in `$metadata` (`identity_kind` -> `IdentityKind`).
    pub fn enum_type(&self) -> String {
        pascal(&self.name)
    }
}

/// The whole model: tables in declaration order, choice sets by name.
#[derive(Debug, Clone, Serialize)]
pub struct Model {
    pub tables: Vec<Table>,
    pub choice_sets: BTreeMap<String, ChoiceSet>,
}

impl Model {
    /// The newest schema migration the model needs: the latest table or added field.
    pub fn schema_version(&self) -> u32 {
        self.tables
            .iter()
            .flat_map(|t| std::iter::once(t.since).chain(t.fields.iter().filter_map(|f| f.since)))
            .max()
            .unwrap_or(1)
    }
    /// The built-in model of the spec, with system columns added to every table.
    pub fn builtin() -> Model {
        catalog::build()
    }
    pub fn table(&self, name: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.name == name)
    }
    pub fn by_set(&self, set: &str) -> Option<&Table> {
        self.tables.iter().find(|t| t.set == set)
    }
    pub fn choice_set(&self, name: &str) -> Option<&ChoiceSet> {
        self.choice_sets.get(name)
    }
    /// The model as a caller who may not read protected fields sees it: every table
    /// `without_protected`, so that a path through a lookup (`requested_by/user_identification_number`)
    /// cannot name a protected field either.
    pub fn without_protected(&self) -> Model {
        Model {
            tables: self.tables.iter().map(Table::without_protected).collect(),
            choice_sets: self.choice_sets.clone(),
        }
    }
    /// Every (table, field) whose lookup points at `target`: the tables that reference it.
    pub fn referencing(&self, target: &str) -> Vec<(&Table, &Field)> {
        self.tables
            .iter()
            .flat_map(|t| {
                t.lookups()
                    .filter(move |(_, to)| *to == target)
                    .map(move |(f, _)| (t, f))
            })
            .collect()
    }
}

/// The names of the system columns every table has, in column order.
pub const SYSTEM_COLUMNS: &[&str] = &[
    "id",
    "created_on",
    "created_by_id",
    "modified_on",
    "modified_by_id",
    "owner_id",
    "owning_unit_id",
    "state",
    "row_version",
];

/// `it_system_component` -> `ItSystemComponent`.
/// The first character no text Steward stores may hold, with its position (in characters): the C0
/// controls except tab, line feed and carriage return, and DEL. PostgreSQL cannot store NUL at all;
/// the others are refused alike, on every backend and through every door (API bodies, `$filter`,
/// the web's search, filters and sign-in), so that stored text is plain text.
pub fn forbidden_char(s: &str) -> Option<(usize, char)> {
    s.chars()
        .enumerate()
        .find(|(_, c)| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r'))
}

pub fn pascal(snake: &str) -> String {
    snake
        .split('_')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// `it_system_id` -> `It System`, `first_name` -> `First Name`: a default label from a field name.
pub fn label_of(name: &str) -> String {
    let base = name.strip_suffix("_id").unwrap_or(name);
    base.split('_')
        .map(|w| match w {
            "it" => "IT".to_string(),
            "poam" => "POA&M".to_string(),
            "ato" => "ATO".to_string(),
            "api" => "API".to_string(),
            "url" => "URL".to_string(),
            "pii" => "PII".to_string(),
            "sla" => "SLA".to_string(),
            other => {
                let mut c = other.chars();
                match c.next() {
                    Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                    None => String::new(),
                }
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pascal_and_labels() {
        assert_eq!(pascal("it_system_component"), "ItSystemComponent");
        assert_eq!(label_of("it_system_id"), "IT System");
        assert_eq!(label_of("first_name"), "First Name");
    }
}
