//! The impact view of a configuration item: everything that depends on it, transitively, with who
//! owns each dependant, the accreditation that covers it and who holds access to it.
//!
//! A dependant of an item is the source of an active `ci_relation` whose target is the item (of any
//! relation type: it depends on, runs on, is hosted in or connects to the item), and, for a system or
//! a component, a component below it (`it_system_component.it_system_id`, then
//! `parent_it_system_component_id`). The walk is breadth first over a visited set, so a cycle of
//! relations ends, and each dependant is listed once, at the depth it is first reached, with the path
//! it was reached by. It is read-scoped like every read: the walk only passes through records and
//! relations the caller may read (`Actor::scope` inside the SQL, `Actor::reaches` — the same
//! predicate — on rows looked up by a foreign column), so what lies only behind a record the caller
//! cannot read is not shown either. See `docs/CI-RELATIONS.md`.

use crate::authz::Privilege;
use crate::{uuid_of as uuid, Actor, Result, Service};
use std::collections::{HashMap, HashSet};
use steward_domain::{DomainError, ErrorKind, Record, Value};
use steward_model::{Field, CI_TABLES};
use uuid::Uuid;

/// How a dependant reached through the component tree relates to what is above it.
pub const PART_OF: &str = "part_of";

/// One item and everything that depends on it.
#[derive(Debug, Clone, PartialEq)]
pub struct Impact {
    /// The item itself (depth 0, no path).
    pub item: ImpactItem,
    /// Its dependants, nearest first, each once.
    pub dependants: Vec<ImpactItem>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ImpactItem {
    pub table: String,
    pub id: Uuid,
    pub name: Option<String>,
    /// Steps from the item: 1 for a direct dependant.
    pub depth: usize,
    /// The path from the item to this record: each step is a record and how it relates to the
    /// step before it (the first step, to the item itself). `depth == via.len()`.
    pub via: Vec<Step>,
    pub owners: Vec<Owner>,
    pub accreditation: Option<Accreditation>,
    pub access: Vec<Access>,
}

/// "`table`/`id` `relation` the record before it".
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    pub table: String,
    pub id: Uuid,
    /// A CI Relation Type code (`depends_on`...), or [`PART_OF`] through the component tree.
    pub relation: String,
    /// The `ci_relation` record of the step; none through the component tree.
    pub relation_id: Option<Uuid>,
}

/// A person accountable for the record, and through which field.
#[derive(Debug, Clone, PartialEq)]
pub struct Owner {
    pub field: String,
    pub person_id: Uuid,
    /// None when the caller may not read the person.
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Accreditation {
    pub id: Uuid,
    pub number: Option<String>,
    pub name: Option<String>,
    pub accreditation_status: Option<String>,
    pub expiration_date: Value,
}

/// One person holding an active assignment of an entitlement on the record.
#[derive(Debug, Clone, PartialEq)]
pub struct Access {
    pub person_id: Uuid,
    /// None when the caller may not read the person.
    pub name: Option<String>,
    /// The entitlement's name.
    pub entitlement: Option<String>,
    pub entitlement_id: Uuid,
    /// The `it_assigned_entitlement` record.
    pub assignment_id: Uuid,
}

/// The person fields that name who is accountable for a record of `table`.
fn owner_fields(table: &str) -> &'static [&'static str] {
    match table {
        "it_system" => &[
            "owner_id",
            "system_owner_id",
            "information_security_officer_id",
        ],
        "it_system_component" => &["owner_id", "primary_steward_id"],
        _ => &["owner_id"],
    }
}

fn text(r: &Record, f: &str) -> Option<String> {
    r.get(f).and_then(Value::as_text).map(str::to_string)
}

fn active(r: &Record) -> bool {
    r.get("state").and_then(Value::as_text) != Some("inactive")
}

/// A record reached by the walk.
struct Node {
    table: String,
    id: Uuid,
    record: Record,
    via: Vec<Step>,
}

/// A dependant found from a node of the frontier, not loaded yet.
struct Found {
    table: String,
    id: Uuid,
    /// The node it depends on (an index into the walk's nodes).
    parent: usize,
    relation: String,
    relation_id: Option<Uuid>,
}

/// Preference among a system's accreditations: the system's current ATO first, then an
/// accredited one, then a conditional one, then the one expiring last.
fn accreditation_rank(
    r: &Record,
    current: Option<Uuid>,
) -> (bool, u8, Option<time::OffsetDateTime>) {
    let status = match r.get("accreditation_status").and_then(Value::as_text) {
        Some("accredited") => 2,
        Some("conditionally_accredited") => 1,
        _ => 0,
    };
    let expires = match r.get("expiration_date") {
        Some(Value::DateTime(t)) => Some(*t),
        _ => None,
    };
    (
        current.is_some() && uuid(r, "id") == current,
        status,
        expires,
    )
}

impl Service {
    /// Everything that depends on the `table` record `id`, as the actor may see it. 404 `no_impact`
    /// for a table that is not a configuration item table, 404 `not_found` for a record the actor
    /// may not read.
    pub async fn impact(
        &self,
        actor: &Actor,
        table: &steward_model::Table,
        id: Uuid,
    ) -> Result<Impact> {
        if !CI_TABLES.contains(&table.name.as_str()) {
            return Err(DomainError::new(
                ErrorKind::NotFound,
                "no_impact",
                format!(
                    "{} records have no impact view; it is for {}",
                    table.name,
                    CI_TABLES.join(", ")
                ),
            )
            .into());
        }
        let root = self
            .readable_rows(actor, &table.name, &[id])
            .await?
            .remove(&id)
            .ok_or_else(|| DomainError::not_found(&table.name, id))?;
        let mut nodes = vec![Node {
            table: table.name.clone(),
            id,
            record: root,
            via: Vec::new(),
        }];
        let mut visited: HashSet<(String, Uuid)> = HashSet::from([(table.name.clone(), id)]);
        let mut frontier: Vec<usize> = vec![0];
        while !frontier.is_empty() {
            let (found, mut held) = self.dependants_of(actor, &nodes, &frontier).await?;
            let fresh: Vec<Found> = found
                .into_iter()
                .filter(|f| visited.insert((f.table.clone(), f.id)))
                .collect();
            // Load the new records the caller may read, one query per table.
            let mut loaded: HashMap<(String, Uuid), Record> = HashMap::new();
            for t in CI_TABLES {
                let ids: Vec<Uuid> = fresh
                    .iter()
                    .filter(|f| f.table == *t && !held.contains_key(&f.id))
                    .map(|f| f.id)
                    .collect();
                for (rid, r) in self.readable_rows(actor, t, &ids).await? {
                    loaded.insert((t.to_string(), rid), r);
                }
            }
            frontier.clear();
            for f in fresh {
                let record = match held.remove(&f.id) {
                    Some(r) if f.table == "it_system_component" => r,
                    _ => match loaded.remove(&(f.table.clone(), f.id)) {
                        Some(r) => r,
                        None => continue, // not readable, or gone: the walk does not pass it
                    },
                };
                let mut via = nodes[f.parent].via.clone();
                via.push(Step {
                    table: f.table.clone(),
                    id: f.id,
                    relation: f.relation,
                    relation_id: f.relation_id,
                });
                nodes.push(Node {
                    table: f.table,
                    id: f.id,
                    record,
                    via,
                });
                frontier.push(nodes.len() - 1);
            }
        }
        let mut items = self.describe(actor, nodes).await?;
        let item = items.remove(0);
        items.sort_by(|a, b| {
            (a.depth, &a.table, &a.name, a.id).cmp(&(b.depth, &b.table, &b.name, b.id))
        });
        Ok(Impact {
            item,
            dependants: items,
        })
    }

    /// The records that depend directly on the frontier's nodes (relations whose target is one of
    /// them, components below a system or a component), in a stable order; and the component rows
    /// already read doing so, by id.
    async fn dependants_of(
        &self,
        actor: &Actor,
        nodes: &[Node],
        frontier: &[usize],
    ) -> Result<(Vec<Found>, HashMap<Uuid, Record>)> {
        let at: HashMap<(&str, Uuid), usize> = frontier
            .iter()
            .map(|&i| ((nodes[i].table.as_str(), nodes[i].id), i))
            .collect();
        let ids_of = |t: Option<&str>| -> Vec<Value> {
            frontier
                .iter()
                .filter(|&&i| t.is_none_or(|t| nodes[i].table == t))
                .map(|&i| Value::Uuid(nodes[i].id))
                .collect()
        };
        let mut found = Vec::new();
        let relations = self.builtin_table("ci_relation");
        let mut rows = self
            .db
            .find_all_in(relations, "target_id", &ids_of(None))
            .await?;
        rows.retain(|r| active(r) && actor.reaches("ci_relation", Privilege::Read, r));
        rows.sort_by_key(|r| uuid(r, "id"));
        for r in rows {
            let (Some(tt), Some(ti), Some(st), Some(si), Some(ty)) = (
                text(&r, "target_table"),
                uuid(&r, "target_id"),
                text(&r, "source_table"),
                uuid(&r, "source_id"),
                text(&r, "relation_type"),
            ) else {
                continue;
            };
            let Some(&parent) = at.get(&(tt.as_str(), ti)) else {
                continue;
            };
            if CI_TABLES.contains(&st.as_str()) {
                found.push(Found {
                    table: st,
                    id: si,
                    parent,
                    relation: ty,
                    relation_id: uuid(&r, "id"),
                });
            }
        }
        let components = self.builtin_table("it_system_component");
        let mut held = HashMap::new();
        let readable = |r: &Record| actor.reaches(&components.name, Privilege::Read, r);
        // A system's components: those not below another component of the same system (which
        // are reached through that component).
        let systems = ids_of(Some("it_system"));
        if !systems.is_empty() {
            let mut rows = self
                .db
                .find_all_in(components, "it_system_id", &systems)
                .await?;
            rows.sort_by_key(|r| uuid(r, "id"));
            let system_of: HashMap<Uuid, Option<Uuid>> = rows
                .iter()
                .filter_map(|r| Some((uuid(r, "id")?, uuid(r, "it_system_id"))))
                .collect();
            for r in rows {
                let (Some(cid), Some(sys)) = (uuid(&r, "id"), uuid(&r, "it_system_id")) else {
                    continue;
                };
                let under_sibling = uuid(&r, "parent_it_system_component_id")
                    .is_some_and(|p| system_of.get(&p) == Some(&Some(sys)));
                if under_sibling || !readable(&r) {
                    continue;
                }
                found.push(Found {
                    table: components.name.clone(),
                    id: cid,
                    parent: at[&("it_system", sys)],
                    relation: PART_OF.into(),
                    relation_id: None,
                });
                held.insert(cid, r);
            }
        }
        let parents = ids_of(Some("it_system_component"));
        if !parents.is_empty() {
            let mut rows = self
                .db
                .find_all_in(components, "parent_it_system_component_id", &parents)
                .await?;
            rows.sort_by_key(|r| uuid(r, "id"));
            for r in rows {
                let (Some(cid), Some(p)) =
                    (uuid(&r, "id"), uuid(&r, "parent_it_system_component_id"))
                else {
                    continue;
                };
                if !readable(&r) {
                    continue;
                }
                found.push(Found {
                    table: components.name.clone(),
                    id: cid,
                    parent: at[&("it_system_component", p)],
                    relation: PART_OF.into(),
                    relation_id: None,
                });
                held.insert(cid, r);
            }
        }
        Ok((found, held))
    }

    /// Rows of `table` by id that the actor may read (the scope inside the SQL), by id.
    async fn readable_rows(
        &self,
        actor: &Actor,
        table: &str,
        ids: &[Uuid],
    ) -> Result<HashMap<Uuid, Record>> {
        if ids.is_empty() {
            return Ok(HashMap::new());
        }
        let view = self.view_of(actor, self.builtin_table(table));
        let cols: Vec<&Field> = view.public_fields().collect();
        let scope = actor.scope(table, Privilege::Read);
        let mut ids = ids.to_vec();
        ids.sort();
        ids.dedup();
        Ok(self
            .db
            .get_many(&view, &cols, &ids, &scope)
            .await?
            .into_iter()
            .filter_map(|r| Some((uuid(&r, "id")?, r)))
            .collect())
    }

    /// Owners, accreditation and access of every node, with a few queries for all of them.
    async fn describe(&self, actor: &Actor, nodes: Vec<Node>) -> Result<Vec<ImpactItem>> {
        let read = |t: &str, r: &Record| active(r) && actor.reaches(t, Privilege::Read, r);
        // The system each node belongs to: a system itself, a component's system.
        let system_of = |n: &Node| match n.table.as_str() {
            "it_system" => Some(n.id),
            "it_system_component" => uuid(&n.record, "it_system_id"),
            _ => None,
        };
        let mut systems: Vec<Uuid> = nodes.iter().filter_map(system_of).collect();
        systems.sort();
        systems.dedup();
        let as_values = |ids: &[Uuid]| ids.iter().map(|u| Value::Uuid(*u)).collect::<Vec<_>>();
        let products: Vec<Uuid> = nodes
            .iter()
            .filter(|n| n.table == "it_product")
            .map(|n| n.id)
            .collect();

        // Accreditations, best first per system.
        let current: HashMap<Uuid, Uuid> = nodes
            .iter()
            .filter(|n| n.table == "it_system")
            .filter_map(|n| Some((n.id, uuid(&n.record, "ato_id")?)))
            .collect();
        let accreditations = self.builtin_table("it_system_accreditation");
        let mut covering: HashMap<Uuid, Record> = HashMap::new();
        for r in self
            .db
            .find_all_in(accreditations, "it_system_id", &as_values(&systems))
            .await?
        {
            let Some(sys) = uuid(&r, "it_system_id") else {
                continue;
            };
            if !read(&accreditations.name, &r) {
                continue;
            }
            let now = current.get(&sys).copied();
            let better = covering
                .get(&sys)
                .is_none_or(|best| accreditation_rank(&r, now) > accreditation_rank(best, now));
            if better {
                covering.insert(sys, r);
            }
        }

        // Active entitlements of the systems and products, and their active assignments.
        let entitlements = self.builtin_table("it_product_entitlement");
        let mut by_id: HashMap<Uuid, Record> = HashMap::new();
        for (field, ids) in [("it_system_id", &systems), ("it_product_id", &products)] {
            for r in self
                .db
                .find_all_in(entitlements, field, &as_values(ids))
                .await?
            {
                if read(&entitlements.name, &r)
                    && r.get("is_active").and_then(Value::as_bool) != Some(false)
                {
                    if let Some(e) = uuid(&r, "id") {
                        by_id.insert(e, r);
                    }
                }
            }
        }
        let mut entitlement_ids: Vec<Uuid> = by_id.keys().copied().collect();
        entitlement_ids.sort();
        let assigned = self.builtin_table("it_assigned_entitlement");
        let mut holders: HashMap<Uuid, Vec<Record>> = HashMap::new();
        let mut rows = self
            .db
            .find_all_in(
                assigned,
                "it_product_entitlement_id",
                &as_values(&entitlement_ids),
            )
            .await?;
        rows.sort_by_key(|r| uuid(r, "id"));
        for r in rows {
            let on = r.get("assignment_status").and_then(Value::as_text) == Some("active");
            if let (true, true, Some(e)) = (
                on,
                read(&assigned.name, &r),
                uuid(&r, "it_product_entitlement_id"),
            ) {
                holders.entry(e).or_default().push(r);
            }
        }

        // The names of every person shown, as the caller may read them.
        let mut people: Vec<Uuid> = nodes
            .iter()
            .flat_map(|n| {
                owner_fields(&n.table)
                    .iter()
                    .filter_map(|f| uuid(&n.record, f))
            })
            .chain(
                holders
                    .values()
                    .flatten()
                    .filter_map(|r| uuid(r, "person_id")),
            )
            .collect();
        people.sort();
        people.dedup();
        let names: HashMap<Uuid, Option<String>> = self
            .readable_rows(actor, "person", &people)
            .await?
            .into_iter()
            .map(|(id, r)| (id, text(&r, "name")))
            .collect();
        let name_of = |p: Uuid| names.get(&p).cloned().flatten();

        Ok(nodes
            .into_iter()
            .map(|n| {
                let owners = owner_fields(&n.table)
                    .iter()
                    .filter_map(|f| {
                        let p = uuid(&n.record, f)?;
                        Some(Owner {
                            field: f.to_string(),
                            person_id: p,
                            name: name_of(p),
                        })
                    })
                    .collect();
                let system = system_of(&n);
                let accreditation = system.and_then(|s| covering.get(&s)).and_then(|r| {
                    Some(Accreditation {
                        id: uuid(r, "id")?,
                        number: text(r, "number"),
                        name: text(r, "name"),
                        accreditation_status: text(r, "accreditation_status"),
                        expiration_date: r.get("expiration_date").cloned().unwrap_or(Value::Null),
                    })
                });
                // Access to a system (or a component of it) is held through the system's
                // entitlements; to a product, through the product's.
                let mut ents: Vec<(&Uuid, &Record)> = by_id
                    .iter()
                    .filter(|(_, e)| match n.table.as_str() {
                        "it_product" => uuid(e, "it_product_id") == Some(n.id),
                        _ => system.is_some() && uuid(e, "it_system_id") == system,
                    })
                    .collect();
                ents.sort_by_key(|(id, _)| **id);
                let access = ents
                    .into_iter()
                    .flat_map(|(eid, e)| {
                        holders.get(eid).into_iter().flatten().filter_map(|a| {
                            let person = uuid(a, "person_id")?;
                            Some(Access {
                                person_id: person,
                                name: name_of(person),
                                entitlement: text(e, "name"),
                                entitlement_id: *eid,
                                assignment_id: uuid(a, "id")?,
                            })
                        })
                    })
                    .collect();
                ImpactItem {
                    depth: n.via.len(),
                    name: text(&n.record, "name"),
                    table: n.table,
                    id: n.id,
                    via: n.via,
                    owners,
                    accreditation,
                    access,
                }
            })
            .collect())
    }
}
