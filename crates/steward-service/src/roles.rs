//! The built-in security roles and their privileges, created on start when missing. They are data:
//! an administrator may change them, or add roles, through the API (`security_roles`,
//! `role_privileges`). `docs/ROLES.md` documents this matrix, and a test compares the two.

use crate::authz::{Depth, Privilege};
use crate::{Actor, Result, Service};
use serde_json::json;
use steward_domain::{Record, Value};

use Depth::{Organization as Org, UnitAndBelow as Below, User as Own};
use Privilege::{Create as C, Delete as D, Read as R, Write as W};

pub const SERVICE_DESK: &[&str] = &[
    "it_service_request",
    "incident",
    "problem",
    "change_request",
    "change_blackout",
    "note",
    "attachment",
    "approval",
];
/// A reviewer's own delegations while away.
const DELEGATION: &[&str] = &["approval_delegation"];
pub const ACCESS: &[&str] = &[
    "it_system_access_request",
    "it_system_access_detail",
    "it_provisioning_request",
    "it_assigned_entitlement",
];
pub const INVENTORY: &[&str] = &[
    "it_system",
    "it_system_component",
    "it_datacenter",
    "it_product",
    "it_product_entitlement",
    "it_technology",
    "it_technology_type",
    "it_system_component_type",
    "ci_relation",
];
pub const COMPLIANCE: &[&str] = &[
    "compliance_framework",
    "compliance_requirement",
    "it_system_accreditation",
    "it_compliance_assessment",
    "it_poam_item",
    "risk_item",
];
pub const REFERENCE: &[&str] = &[
    "person",
    "organization_unit",
    "location",
    "state_or_province",
    "grade_rank",
    "personnel_type",
    "account",
    "it_work_assignment_code",
    "it_service_request_type",
];

/// The built-in roles that read protected fields (user identification numbers) and internal notes.
pub const PROTECTED_READERS: &[&str] = &[
    "Service Desk Agent",
    "Fulfiller",
    "Information Security Officer",
    "Authorizing Official",
    "Auditor",
    "Administrator",
];

/// One line of a role's matrix: these tables, these privileges, at this depth.
pub type Grant = (&'static [&'static str], &'static [Privilege], Depth);

/// The built-in roles: name, description, grants. `&["*"]` is every table.
pub fn builtin_roles() -> Vec<(&'static str, &'static str, Vec<Grant>)> {
    const ALL: &[&str] = &["*"];
    vec![
        (
            "Requester",
            "Any employee: orders from the catalog, asks for access, follows their own requests.",
            vec![
                (REFERENCE, &[R], Org),
                (
                    &["it_product", "it_product_entitlement", "it_system"],
                    &[R],
                    Org,
                ),
                (
                    &[
                        "it_service_request",
                        "it_system_access_request",
                        "it_system_access_detail",
                        "incident",
                        "note",
                        "attachment",
                    ],
                    &[R, C, W],
                    Own,
                ),
                (&["it_assigned_entitlement", "approval"], &[R], Own),
            ],
        ),
        (
            "Service Desk Agent",
            "Works the queues of requests, incidents, problems and changes.",
            vec![
                (REFERENCE, &[R], Org),
                (INVENTORY, &[R], Org),
                (SERVICE_DESK, &[R, C, W], Org),
                (ACCESS, &[R], Org),
            ],
        ),
        (
            "Fulfiller",
            "Fulfils requests and provisioning tasks for their unit and the units below it.",
            vec![
                (REFERENCE, &[R], Org),
                (INVENTORY, &[R], Org),
                (SERVICE_DESK, &[R, W], Below),
                (ACCESS, &[R, C, W], Below),
            ],
        ),
        (
            "Approver",
            "Decides approvals, seeing the requests they are asked about.",
            vec![
                (REFERENCE, &[R], Org),
                (INVENTORY, &[R], Org),
                (SERVICE_DESK, &[R], Org),
                (ACCESS, &[R], Org),
                (&["approval", "note", "attachment"], &[R, C, W], Own),
                (DELEGATION, &[R, C, W], Own),
            ],
        ),
        (
            "System Owner",
            "Keeps their systems and components current and reviews who has access to them.",
            vec![
                (REFERENCE, &[R], Org),
                (INVENTORY, &[R], Org),
                (INVENTORY, &[C, W], Below),
                (ACCESS, &[R], Org),
                (COMPLIANCE, &[R], Org),
                (SERVICE_DESK, &[R], Org),
                (DELEGATION, &[R, C, W], Own),
            ],
        ),
        (
            "Information Security Officer",
            "Security reviews, emergency-access reviews, assessments and POA&M tracking.",
            vec![
                (ALL, &[R], Org),
                (COMPLIANCE, &[C, W], Org),
                (ACCESS, &[W], Org),
                (&["note", "attachment", "approval"], &[C, W], Org),
                (DELEGATION, &[C, W], Own),
            ],
        ),
        (
            "Assessor",
            "Records control assessments and evidence; raises findings.",
            vec![
                (REFERENCE, &[R], Org),
                (INVENTORY, &[R], Org),
                (COMPLIANCE, &[R], Org),
                (
                    &[
                        "it_compliance_assessment",
                        "it_poam_item",
                        "note",
                        "attachment",
                    ],
                    &[C, W],
                    Org,
                ),
            ],
        ),
        (
            "Authorizing Official",
            "Grants, conditions or denies Authority to Operate; accepts risks.",
            vec![
                (ALL, &[R], Org),
                (
                    &[
                        "it_system_accreditation",
                        "risk_item",
                        "approval",
                        "note",
                        "attachment",
                    ],
                    &[C, W],
                    Org,
                ),
                (DELEGATION, &[C, W], Own),
            ],
        ),
        (
            "Auditor",
            "Reads everything, the audit trail included; changes nothing.",
            vec![(ALL, &[R], Org)],
        ),
        (
            "Administrator",
            "Users, roles, teams, catalog and every record.",
            vec![(ALL, &[R, C, W, D, Privilege::Assign, Privilege::Share], Org)],
        ),
    ]
}

/// The `role_privilege` bodies of a built-in role's grants, on the tables `include` keeps.
fn grant_lines(
    name: &str,
    role_id: uuid::Uuid,
    grants: &[Grant],
    include: impl Fn(&str) -> bool,
) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let mut lines = Vec::new();
    for (tables, privs, depth) in grants {
        for table in tables.iter().filter(|t| include(t)) {
            for p in privs.iter() {
                let line = json!({
                    "name": format!("{name}: {} {table}", p.code()),
                    "security_role_id": role_id.to_string(),
                    "table_name": table,
                    "privilege": p.code(),
                    "depth": depth.code(),
                });
                lines.push(line.as_object().expect("object").clone());
            }
        }
    }
    lines
}

impl Service {
    /// Create each built-in role that does not exist yet, with its privileges (audited); give
    /// an existing one the grants of tables added since.
    pub(crate) async fn ensure_builtin_roles(&self) -> Result<()> {
        let roles = self.builtin_table("security_role");
        let privileges = self.builtin_table("role_privilege");
        for (name, description, grants) in builtin_roles() {
            if let Some(existing) = self
                .db
                .find_by(roles, "name", Value::Text(name.into()))
                .await?
            {
                self.add_missing_grants(&existing, name, &grants).await?;
                continue;
            }
            let mut batch = self.batch().await?;
            // Roles that work with people's case files see protected fields and internal notes.
            let protected = PROTECTED_READERS.contains(&name);
            let body = json!({"name": name, "description": description, "is_built_in": true, "reads_protected_fields": protected});
            let role = self
                .create_in(
                    &mut batch,
                    Actor::administrator(),
                    roles,
                    body.as_object().expect("object"),
                    None,
                )
                .await?;
            let role_id = role.get("id").and_then(Value::as_uuid).expect("ids");
            let lines = grant_lines(name, role_id, &grants, |_| true);
            self.create_many(&mut batch, Actor::administrator(), privileges, &lines)
                .await?;
            batch.commit().await?;
        }
        Ok(())
    }

    /// A built-in role of an existing database gains this release's grants on the tables it has no
    /// line for at all (tables added since it was made), audited as Steward's; the lines of the
    /// tables it knows stay as an administrator left them (to take a table away from a built-in
    /// role, keep its line with the depth `none`).
    async fn add_missing_grants(&self, role: &Record, name: &str, grants: &[Grant]) -> Result<()> {
        if role.get("is_built_in") != Some(&Value::Bool(true)) {
            return Ok(());
        }
        let privileges = self.builtin_table("role_privilege");
        let role_id = role.get("id").and_then(Value::as_uuid).expect("ids");
        let known: std::collections::HashSet<String> = self
            .db
            .find_all_by(privileges, "security_role_id", Value::Uuid(role_id))
            .await?
            .iter()
            .filter_map(|l| Some(l.get("table_name")?.as_text()?.to_string()))
            .collect();
        let lines = grant_lines(name, role_id, grants, |t| !known.contains(t));
        if lines.is_empty() {
            return Ok(());
        }
        let mut batch = self.batch().await?;
        self.create_many(&mut batch, Actor::administrator(), privileges, &lines)
            .await?;
        batch.commit().await?;
        tracing::info!(
            role = name,
            added = lines.len(),
            "built-in role gained this release's grants"
        );
        Ok(())
    }

    /// Give a user a role by name (audited); nothing when they hold it already.
    pub async fn grant_role(&self, actor: Actor, user_id: uuid::Uuid, role: &str) -> Result<()> {
        let roles = self.builtin_table("security_role");
        let links = self.builtin_table("user_role");
        let role = self
            .db
            .find_by(roles, "name", Value::Text(role.into()))
            .await?
            .ok_or_else(|| {
                steward_domain::DomainError::new(
                    steward_domain::ErrorKind::NotFound,
                    "not_found",
                    format!("there is no role '{role}'"),
                )
            })?;
        let role_id = role.get("id").and_then(Value::as_uuid).expect("ids");
        let name = role
            .get("name")
            .and_then(Value::as_text)
            .unwrap_or_default()
            .to_string();
        let body = json!({"name": name, "user_account_id": user_id.to_string(), "security_role_id": role_id.to_string()});
        match self
            .create(actor, links, body.as_object().expect("object"))
            .await
        {
            Ok(_) => Ok(()),
            Err(crate::Error::Domain(e)) if e.code == "duplicate" => Ok(()),
            Err(e) => Err(e),
        }
    }
}

/// A role's grants in words, as `docs/ROLES.md` shows them.
pub fn describe(grants: &[Grant]) -> String {
    let groups: [(&[&str], &str); 6] = [
        (REFERENCE, "reference"),
        (SERVICE_DESK, "service desk"),
        (ACCESS, "access"),
        (INVENTORY, "inventory"),
        (COMPLIANCE, "compliance"),
        (&["*"], "every table"),
    ];
    grants
        .iter()
        .map(|(tables, privileges, depth)| {
            let what = groups
                .iter()
                .find(|(g, _)| g == tables)
                .map_or_else(|| tables.join(", "), |(_, name)| name.to_string());
            let how: Vec<&str> = privileges.iter().map(|p| p.code()).collect();
            format!(
                "{} {what} ({})",
                how.join(", "),
                depth.code().replace('_', " ")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// docs/ROLES.md shows exactly the built-in matrix. STEWARD_WRITE_DOCS=1 rewrites its table.
    #[test]
    fn the_documented_matrix_is_the_built_in_one() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/ROLES.md");
        let doc = std::fs::read_to_string(path).expect("docs/ROLES.md");
        let lines: Vec<String> = builtin_roles()
            .iter()
            .map(|(name, _, grants)| {
                let protected = if PROTECTED_READERS.contains(name) {
                    "yes"
                } else {
                    "no"
                };
                format!("| {name} | {} | {protected} |", describe(grants))
            })
            .collect();
        let start = doc
            .find("| role | grants | reads protected data |")
            .expect("the matrix table");
        let header = "| role | grants | reads protected data |\n|---|---|---|\n";
        let end = doc[start..].find("\n\n").map_or(doc.len(), |e| start + e);
        let generated = format!("{header}{}", lines.join("\n"));
        if std::env::var_os("STEWARD_WRITE_DOCS").is_some() {
            std::fs::write(path, format!("{}{generated}{}", &doc[..start], &doc[end..])).unwrap();
            return;
        }
        assert_eq!(
            &doc[start..end],
            generated,
            "docs/ROLES.md differs from roles.rs; run with STEWARD_WRITE_DOCS=1"
        );
    }
}
