//! Navigation by area. The grouping is the UI's; the tables come from the model, so a table no area
//! names still appears, under "Other".

use steward_model::Model;

/// Areas and the tables they hold, in menu order.
const AREAS: &[(&str, &[&str])] = &[
    (
        "Service Desk",
        &[
            "it_service_request",
            "incident",
            "problem",
            "change_request",
            "approval",
            "note",
            "it_service_request_type",
            "it_work_assignment_code",
        ],
    ),
    (
        "Access",
        &[
            "it_system_access_request",
            "it_system_access_detail",
            "it_provisioning_request",
            "it_assigned_entitlement",
            "it_product_entitlement",
        ],
    ),
    (
        "Inventory",
        &[
            "it_system",
            "it_system_component",
            "it_datacenter",
            "it_product",
            "it_technology",
            "it_technology_type",
            "it_system_component_type",
        ],
    ),
    (
        "Compliance",
        &[
            "compliance_framework",
            "compliance_requirement",
            "it_system_accreditation",
            "it_compliance_assessment",
            "it_poam_item",
            "risk_item",
        ],
    ),
    (
        "People & Organization",
        &[
            "person",
            "organization_unit",
            "location",
            "account",
            "team",
            "team_member",
            "grade_rank",
            "personnel_type",
            "state_or_province",
        ],
    ),
    (
        "Administration",
        &[
            "user_account",
            "security_role",
            "role_privilege",
            "user_role",
            "team_role",
            "api_token",
            "user_session",
            "user_preference",
            "saved_view",
            "job_run",
            "webhook_subscription",
        ],
    ),
];

#[derive(Debug, Clone)]
pub struct NavItem {
    pub label: String,
    pub href: String,
    pub set: String,
}

#[derive(Debug, Clone)]
pub struct NavArea {
    pub label: String,
    pub items: Vec<NavItem>,
}

/// Every table of the model under its area.
pub fn areas(model: &Model) -> Vec<NavArea> {
    let item = |t: &steward_model::Table| NavItem {
        label: t.label.clone(),
        href: format!("/app/{}", t.set),
        set: t.set.clone(),
    };
    let mut out: Vec<NavArea> = AREAS
        .iter()
        .map(|(label, tables)| NavArea {
            label: label.to_string(),
            items: tables
                .iter()
                .filter_map(|n| model.table(n))
                .flat_map(|t| {
                    // The change calendar sits under the change requests.
                    let calendar = (t.name == "change_request").then(|| NavItem {
                        label: "Change Calendar".into(),
                        href: crate::calendar::CALENDAR_PATH.into(),
                        set: "change_calendar".into(),
                    });
                    // The team queues open the service desk's work.
                    let queues = (t.name == "it_service_request").then(|| NavItem {
                        label: "Team Queues".into(),
                        href: crate::queues::QUEUES_PATH.into(),
                        set: "team_queues".into(),
                    });
                    // The scheduler's page (jobs, the queue, the outbox) sits above their runs.
                    let jobs = (t.name == "job_run").then(|| NavItem {
                        label: "Jobs and Outbox".into(),
                        href: crate::jobs::JOBS_PATH.into(),
                        set: "jobs".into(),
                    });
                    queues
                        .into_iter()
                        .chain(jobs)
                        .chain(std::iter::once(item(t)))
                        .chain(calendar)
                })
                .collect(),
        })
        .collect();
    let placed: Vec<&str> = AREAS.iter().flat_map(|(_, t)| t.iter().copied()).collect();
    let other: Vec<NavItem> = model
        .tables
        .iter()
        .filter(|t| !placed.contains(&t.name.as_str()))
        .map(item)
        .collect();
    if !other.is_empty() {
        out.push(NavArea {
            label: "Other".into(),
            items: other,
        });
    }
    out
}

/// The area a table belongs to, for the page's breadcrumb.
pub fn area_of(table: &str) -> &'static str {
    AREAS
        .iter()
        .find(|(_, tables)| tables.contains(&table))
        .map_or("Other", |(label, _)| label)
}
