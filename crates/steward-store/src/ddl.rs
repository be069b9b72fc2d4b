//! The database schema, generated from the model for each backend.
//!
//! The generated text is committed as the backend's migration (`migrations/<backend>/0001_initial.sql`)
//! and a test checks that the committed files equal what the model generates, so every schema change
//! shows in review. Later changes are new, forward-only migrations.

use crate::Dialect;
use std::fmt::Write;
use steward_model::{Field, FieldType, Model, Table};

/// PostgreSQL identifiers are at most 63 bytes; longer generated names are shortened deterministically.
fn ident(name: String) -> String {
    if name.len() <= 63 {
        return name;
    }
    let digest = name
        .bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32));
    format!("{}_{digest:08x}", &name[..54])
}

/// The column type of a field on a backend.
pub fn column_type(d: Dialect, ty: &FieldType) -> String {
    match (d, ty) {
        (Dialect::Sqlite, FieldType::Int { .. } | FieldType::Bool) => "INTEGER".into(),
        (Dialect::Sqlite, FieldType::Money) => "NUMERIC".into(),
        (Dialect::Sqlite, _) => "TEXT".into(),
        (Dialect::Postgres, FieldType::Text { max }) => format!("varchar({max}) COLLATE \"C\""),
        (Dialect::Postgres, FieldType::Memo | FieldType::Choices { .. }) => {
            "text COLLATE \"C\"".into()
        }
        (Dialect::Postgres, FieldType::Choice { .. }) => "varchar(100) COLLATE \"C\"".into(),
        (Dialect::Postgres, FieldType::Int { .. }) => "bigint".into(),
        (Dialect::Postgres, FieldType::Money) => "numeric(18,2)".into(),
        (Dialect::Postgres, FieldType::Bool) => "boolean".into(),
        (Dialect::Postgres, FieldType::Date) => "date".into(),
        (Dialect::Postgres, FieldType::DateTime) => "timestamptz".into(),
        (Dialect::Postgres, FieldType::Uuid | FieldType::Lookup { .. }) => "uuid".into(),
    }
}

/// The fields a table is created with: all but those a later migration adds.
fn original_fields(t: &Table) -> impl Iterator<Item = &Field> {
    t.fields.iter().filter(|f| f.since.is_none())
}

/// A column's definition: its type, and what the database itself enforces.
fn column(d: Dialect, f: &Field) -> String {
    let mut col = format!("\"{}\" {}", f.name, column_type(d, &f.ty));
    if f.name == "id" {
        col.push_str(" PRIMARY KEY");
    }
    // NOT NULL only where the database itself can always hold it: system columns.
    // Required business fields are checked by the record rules, so that a record can be
    // deactivated or migrated without the database refusing older rows.
    if f.is_system() && f.required {
        col.push_str(" NOT NULL");
    }
    if let (Dialect::Sqlite, Some(target)) = (d, f.ty.lookup_table()) {
        write!(col, " REFERENCES \"{target}\"(\"id\")").unwrap();
    }
    col
}

fn create_table(d: Dialect, t: &Table, out: &mut String) {
    writeln!(out, "CREATE TABLE \"{}\" (", t.name).unwrap();
    let cols: Vec<String> = original_fields(t)
        .map(|f| format!("    {}", column(d, f)))
        .collect();
    writeln!(out, "{}\n);", cols.join(",\n")).unwrap();
}

fn indexes(d: Dialect, t: &Table, out: &mut String) {
    let nulls_first = if d == Dialect::Postgres {
        " NULLS FIRST"
    } else {
        ""
    };
    for cols in &t.list_indexes {
        let name = ident(format!("ix_{}_{}", t.name, cols.join("_")));
        let list: Vec<String> = cols
            .iter()
            .map(|c| format!("\"{c}\"{nulls_first}"))
            .collect();
        writeln!(
            out,
            "CREATE INDEX \"{name}\" ON \"{}\" ({});",
            t.name,
            list.join(", ")
        )
        .unwrap();
    }
    for f in original_fields(t) {
        field_index(d, t, f, out);
    }
}

/// The index a field has: unique, on a lookup, or for sorting.
fn field_index(d: Dialect, t: &Table, f: &Field, out: &mut String) {
    let nulls_first = if d == Dialect::Postgres {
        " NULLS FIRST"
    } else {
        ""
    };
    if f.name == "id" {
        return;
    }
    if f.unique {
        let cols: Vec<String> = f
            .unique_with
            .iter()
            .chain([&f.name])
            .map(|c| format!("\"{c}\""))
            .collect();
        let name = ident(format!("uq_{}_{}", t.name, f.name));
        writeln!(
            out,
            "CREATE UNIQUE INDEX \"{name}\" ON \"{}\" ({});",
            t.name,
            cols.join(", ")
        )
        .unwrap();
    } else if f.ty.lookup_table().is_some() {
        let name = ident(format!("ix_{}_{}", t.name, f.name));
        writeln!(
            out,
            "CREATE INDEX \"{name}\" ON \"{}\" (\"{}\");",
            t.name, f.name
        )
        .unwrap();
    } else if f.sortable_index {
        let name = ident(format!("ix_{}_{}", t.name, f.name));
        writeln!(
            out,
            "CREATE INDEX \"{name}\" ON \"{}\" (\"{}\"{nulls_first});",
            t.name, f.name
        )
        .unwrap();
    }
}

/// The audit chain, its head, and the human-number counters.
fn support_tables(d: Dialect, out: &mut String) {
    let big = if d == Dialect::Postgres {
        "bigint"
    } else {
        "INTEGER"
    };
    writeln!(
        out,
        "CREATE TABLE \"audit_entry\" (
    \"seq\" {big} PRIMARY KEY,
    \"at\" text NOT NULL,
    \"actor_id\" text NOT NULL,
    \"action\" text NOT NULL,
    \"table_name\" text NOT NULL,
    \"record_id\" text NOT NULL,
    \"changes\" text NOT NULL,
    \"prev_hash\" text NOT NULL,
    \"hash\" text NOT NULL
);
CREATE INDEX \"ix_audit_entry_record\" ON \"audit_entry\" (\"record_id\", \"seq\");
CREATE TABLE \"audit_head\" (
    \"id\" {big} PRIMARY KEY CHECK (\"id\" = 1),
    \"seq\" {big} NOT NULL,
    \"hash\" text NOT NULL
);
INSERT INTO \"audit_head\" (\"id\", \"seq\", \"hash\") VALUES (1, 0, '{}');
CREATE TABLE \"number_counter\" (
    \"table_name\" text PRIMARY KEY,
    \"last_value\" {big} NOT NULL
);",
        steward_domain::audit::GENESIS_HASH
    )
    .unwrap();
}

/// The file name of each schema migration, by version.
pub const MIGRATIONS: &[(u32, &str)] = &[
    (1, "0001_initial.sql"),
    (2, "0002_access.sql"),
    (3, "0003_personal.sql"),
    (4, "0004_ci_relations.sql"),
    (5, "0005_processes.sql"),
    (6, "0006_attachments.sql"),
    (7, "0007_access_lines.sql"),
    (8, "0008_job_runs.sql"),
    (9, "0009_job_queue.sql"),
];

/// The DDL of one schema migration: the tables the model says appear in that version.
pub fn migration(d: Dialect, model: &Model, version: u32) -> String {
    let tables: Vec<&Table> = model.tables.iter().filter(|t| t.since == version).collect();
    let mut out = String::from(
        "-- Generated from the model by steward-store::ddl. Do not edit: regenerate.\n\n",
    );
    for t in &tables {
        create_table(d, t, &mut out);
        indexes(d, t, &mut out);
        out.push('\n');
    }
    // Fields added to tables created earlier.
    let added: Vec<(&Table, &Field)> = model
        .tables
        .iter()
        .flat_map(|t| t.fields.iter().map(move |f| (t, f)))
        .filter(|(_, f)| f.since == Some(version))
        .collect();
    for (t, f) in &added {
        writeln!(
            out,
            "ALTER TABLE \"{}\" ADD COLUMN {};",
            t.name,
            column(d, f)
        )
        .unwrap();
        field_index(d, t, f, &mut out);
    }
    if !added.is_empty() {
        out.push('\n');
    }
    if d == Dialect::Postgres {
        // Tables reference each other in cycles (person <-> organization_unit), so keys come last.
        let keys = tables
            .iter()
            .flat_map(|t| {
                t.lookups()
                    .filter(|(f, _)| f.since.is_none())
                    .map(move |(f, target)| (*t, f, target))
            })
            .chain(
                added
                    .iter()
                    .filter_map(|(t, f)| f.ty.lookup_table().map(|target| (*t, *f, target))),
            );
        for (t, f, target) in keys {
            let name = ident(format!("fk_{}_{}", t.name, f.name));
            writeln!(
                out,
                "ALTER TABLE \"{}\" ADD CONSTRAINT \"{name}\" FOREIGN KEY (\"{}\") REFERENCES \"{target}\" (\"id\");",
                t.name, f.name
            )
            .unwrap();
        }
        out.push('\n');
    }
    if version == 1 {
        support_tables(d, &mut out);
    }
    if version == 9 {
        out.push_str(&crate::queue::ddl(d));
        out.push_str(&crate::shared::ddl(d));
    }
    out
}
