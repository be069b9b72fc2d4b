//! The demo agency: a realistic sample loaded through the domain layer, so that every record passes
//! the record rules and is in the audit trail. Seeded, so every load is the same.

use anyhow::Context;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::{json, Map, Value as Json};
use steward_domain::value::{format_date, format_datetime, now};
use steward_domain::Value;
use steward_service::{Actor, Service};
use time::Duration;

/// Load the demo agency when the database holds no records yet.
pub async fn load_if_empty(service: &Service) -> anyhow::Result<()> {
    if service.db().is_empty(service.model()).await? {
        load(service).await?;
    } else {
        eprintln!("the database already holds records; the demo is not loaded");
    }
    Ok(())
}

struct Loader<'a> {
    service: &'a Service,
    rng: StdRng,
    total: usize,
}

fn obj(v: Json) -> Map<String, Json> {
    match v {
        Json::Object(m) => m,
        _ => unreachable!("bodies are objects"),
    }
}

fn id(record: &steward_domain::Record) -> String {
    record
        .get("id")
        .and_then(Value::as_uuid)
        .expect("created records have ids")
        .to_string()
}

impl Loader<'_> {
    /// Create the bodies in one audited transaction; returns the new ids in order.
    async fn load(&mut self, set: &str, bodies: Vec<Json>) -> anyhow::Result<Vec<String>> {
        let table = self.service.table_by_set(set)?;
        let bodies: Vec<Map<String, Json>> = bodies.into_iter().map(obj).collect();
        let mut batch = self.service.batch().await?;
        let Some(lifecycle) = self.service.lifecycle(&table.name) else {
            let records = self
                .service
                .create_many(&mut batch, Actor::administrator(), table, &bodies)
                .await
                .with_context(|| format!("loading {set}"))?;
            batch.commit().await?;
            self.total += records.len();
            eprintln!("loading {set}... {}", records.len());
            return Ok(records.iter().map(id).collect());
        };
        // A process record is created in its initial state and walked to the state the demo wants
        // through its transitions, the values the demo chose for its workflow fields given as the
        // transitions' parameters: its history tells the story.
        let mut created = Vec::with_capacity(bodies.len());
        let mut walks = Vec::with_capacity(bodies.len());
        for mut body in bodies {
            let target = body
                .remove(&lifecycle.field)
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| lifecycle.initial.clone());
            let mut hints = Map::new();
            for f in &lifecycle.owned {
                if let Some(v) = body.remove(f) {
                    hints.insert(f.clone(), v);
                }
            }
            for (k, v) in &body {
                hints.entry(k.clone()).or_insert_with(|| v.clone());
            }
            created.push(body);
            walks.push((target, hints));
        }
        let records = self
            .service
            .create_many(&mut batch, Actor::administrator(), table, &created)
            .await
            .with_context(|| format!("loading {set}"))?;
        for (record, (target, hints)) in records.iter().zip(&walks) {
            let rid = record.get("id").and_then(Value::as_uuid).expect("ids");
            self.service
                .walk_to(
                    &mut batch,
                    &Actor::administrator(),
                    table,
                    rid,
                    target,
                    hints,
                )
                .await
                .with_context(|| format!("walking a record of {set} to {target}"))?;
        }
        batch.commit().await?;
        self.total += records.len();
        eprintln!("loading {set}... {}", records.len());
        Ok(records.iter().map(id).collect())
    }

    fn pick<'v>(&mut self, from: &'v [String]) -> &'v String {
        from.choose(&mut self.rng).expect("non-empty")
    }

    /// A code from weighted (code, weight) pairs.
    fn weighted(&mut self, choices: &[(&'static str, u32)]) -> &'static str {
        let total: u32 = choices.iter().map(|c| c.1).sum();
        let mut n = self.rng.gen_range(0..total);
        for (code, w) in choices {
            if n < *w {
                return code;
            }
            n -= w;
        }
        choices[0].0
    }

    fn days_ago(&mut self, max: i64) -> String {
        let d = self.rng.gen_range(0..=max);
        format_datetime(now() - Duration::days(d) - Duration::minutes(self.rng.gen_range(0..1440)))
    }

    fn date_in(&mut self, from_days: i64, to_days: i64) -> String {
        let d = self.rng.gen_range(from_days..=to_days);
        format_date((now() + Duration::days(d)).date())
    }
}

const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Alan",
    "Katherine",
    "Dorothy",
    "Claude",
    "Barbara",
    "Edsger",
    "Frances",
    "Donald",
    "Radia",
    "Ken",
    "Margaret",
    "Dennis",
    "Hedy",
    "Tim",
    "Shafi",
    "Vint",
    "Sophie",
    "Linus",
    "Anita",
    "John",
    "Mary",
    "Robert",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Turing",
    "Johnson",
    "Vaughan",
    "Shannon",
    "Liskov",
    "Dijkstra",
    "Allen",
    "Knuth",
    "Perlman",
    "Thompson",
    "Hamilton",
    "Ritchie",
    "Lamarr",
    "Berners-Lee",
    "Goldwasser",
    "Cerf",
    "Wilson",
    "Torvalds",
    "Borg",
    "Backus",
];
const TITLES: &[&str] = &[
    "IT Specialist",
    "Program Analyst",
    "Systems Administrator",
    "Security Engineer",
    "Help Desk Technician",
    "Project Manager",
    "Database Administrator",
    "Network Engineer",
    "Contracting Officer",
    "Budget Analyst",
    "Auditor",
    "Developer",
];

/// Load the whole demo agency. Prints progress to stderr and a summary at the end.
pub async fn load(service: &Service) -> anyhow::Result<()> {
    let mut l = Loader {
        service,
        rng: StdRng::seed_from_u64(20261122),
        total: 0,
    };
    let started = std::time::Instant::now();

    // Organization: a department, its bureaus, and their offices and teams.
    let dept = l.load("organization_units", vec![json!({"name": "Department of Digital Services", "code": "DDS", "unit_type": "department"})]).await?;
    let bureaus = l
        .load(
            "organization_units",
            [
                "Office of the CIO:OCIO",
                "Bureau of Field Operations:BFO",
                "Bureau of Finance:BOF",
                "Office of Security:OSEC",
            ]
            .iter()
            .map(|s| {
                let (name, code) = s.split_once(':').unwrap();
                json!({"name": name, "code": code, "unit_type": "bureau", "parent_id": dept[0]})
            })
            .collect(),
        )
        .await?;
    let teams = l
        .load(
            "organization_units",
            [
                ("Service Desk", "SD", 0),
                ("Infrastructure Team", "INF", 0),
                ("Application Team", "APP", 0),
                ("Identity and Access Team", "IAM", 0),
                ("Regional Office East", "RGE", 1),
                ("Regional Office West", "RGW", 1),
                ("Accounting Division", "ACC", 2),
            ]
            .iter()
            .map(|(name, code, b)| {
                let kind = if name.contains("Team") || *name == "Service Desk" {
                    "team"
                } else {
                    "office"
                };
                json!({"name": name, "code": code, "unit_type": kind, "parent_id": bureaus[*b]})
            })
            .collect(),
        )
        .await?;
    let units: Vec<String> = dept.iter().chain(&bureaus).chain(&teams).cloned().collect();

    let states = l
        .load(
            "states_or_provinces",
            [
                ("Virginia", "US-VA"),
                ("Maryland", "US-MD"),
                ("District of Columbia", "US-DC"),
                ("Colorado", "US-CO"),
                ("California", "US-CA"),
            ]
            .iter()
            .map(|(n, c)| json!({"name": n, "code": c, "country_code": "US"}))
            .collect(),
        )
        .await?;
    let locations = l
        .load(
            "locations",
            ["Headquarters:Washington:2", "Annex:Arlington:0", "East Regional Office:Baltimore:1", "West Regional Office:Denver:3", "Data Center West:Sacramento:4"]
                .iter()
                .map(|s| {
                    let p: Vec<&str> = s.split(':').collect();
                    json!({"name": p[0], "city": p[1], "state_or_province_id": states[p[2].parse::<usize>().unwrap()], "country_code": "US", "address_line_1": "100 Main Street", "postal_code": "20001"})
                })
                .collect(),
        )
        .await?;
    let grades = l
        .load(
            "grade_ranks",
            (9..=15)
                .map(|g| json!({"name": format!("GS-{g}"), "code": format!("GS{g}")}))
                .collect(),
        )
        .await?;
    let ptypes = l
        .load(
            "personnel_types",
            ["Federal Employee", "Contractor", "Detailee", "Intern"]
                .iter()
                .map(|n| json!({"name": n}))
                .collect(),
        )
        .await?;
    let accounts = l
        .load(
            "accounts",
            [
                ("Acme Software", "vendor"),
                ("Northwind Systems", "vendor"),
                ("Contoso Cloud", "cloud_provider"),
                ("Globex Hosting", "hosting_provider"),
                ("Federal Certification Board", "certification_body"),
                ("Independent Assessors LLC", "assessor_organization"),
                ("Initech", "vendor"),
            ]
            .iter()
            .map(|(n, t)| json!({"name": n, "account_type": t, "url": format!("https://{}.example", n.to_lowercase().replace(' ', "-"))}))
            .collect(),
        )
        .await?;

    // People: 180 humans, then 20 non-human identities owned by humans.
    let mut humans = Vec::new();
    for i in 0..180usize {
        let (first, last) = (
            FIRST[i % FIRST.len()],
            LAST[(i * 7 + i / FIRST.len()) % LAST.len()],
        );
        let unit = units[i % units.len()].clone();
        let employment =
            l.weighted(&[("civilian_employee", 70), ("contractor", 25), ("intern", 5)]);
        humans.push(json!({
            "first_name": first, "last_name": last,
            "email": format!("{}.{}{}@dds.example.gov", first.to_lowercase(), last.to_lowercase().replace('-', ""), i),
            "job_title": TITLES[i % TITLES.len()], "organization_unit_id": unit, "owning_unit_id": unit,
            "employment_type": employment, "personnel_type_id": ptypes[if employment == "contractor" { 1 } else { 0 }],
            "grade_rank_id": l.pick(&grades), "location_id": l.pick(&locations), "address_home_state_id": l.pick(&states),
            "business_phone": format!("+1 202 555 {:04}", 1000 + i), "user_identification_number": format!("EMP-{:06}", 100000 + i * 37),
        }));
    }
    let people = l.load("persons", humans).await?;
    // The Service Desk's own people: its work is assigned to them (an assignee is of the team),
    // not to its manager, who approves what the desk's people order.
    let desk: Vec<String> = people
        .iter()
        .enumerate()
        .filter(|(i, _)| *i >= units.len() && units[i % units.len()] == teams[0])
        .map(|(_, p)| p.clone())
        .collect();
    // Managers: the first person of each unit manages its unit and the others in it.
    let mut batch_updates = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        batch_updates.push((unit.clone(), people[u].clone()));
    }
    let admin = Actor::administrator();
    for (unit, manager) in &batch_updates {
        let t = service.table_by_set("organization_units")?;
        service
            .update(
                admin.clone(),
                t,
                unit.parse()?,
                &obj(json!({"manager_id": manager})),
                None,
            )
            .await?;
    }
    let persons = service.table_by_set("persons")?;
    for (i, person) in people.iter().enumerate().skip(units.len()) {
        let manager = &people[i % units.len()];
        service
            .update(
                admin.clone(),
                persons,
                person.parse()?,
                &obj(json!({"manager_id": manager})),
                None,
            )
            .await?;
    }
    let mut machines = Vec::new();
    for i in 0..20usize {
        let kind = [
            "service_account",
            "application",
            "api_client",
            "ai_agent",
            "device",
        ][i % 5];
        machines.push(json!({
            "name": format!("{}-{:02}", kind.replace('_', "-"), i + 1), "identity_kind": kind, "owner_id": people[(i * 9) % people.len()],
            "credential_last_rotated_on": l.date_in(-200, -10), "credential_rotation_due_on": l.date_in(-20, 170),
            "organization_unit_id": teams[1], "owning_unit_id": teams[1],
        }));
    }
    l.load("persons", machines).await?;

    // Inventory.
    let tech_root = l
        .load(
            "it_technology_types",
            vec![
                json!({"name": "Software", "it_technology_category": "platform"}),
                json!({"name": "Infrastructure", "it_technology_category": "platform"}),
            ],
        )
        .await?;
    let tech_types = l
        .load(
            "it_technology_types",
            [("Operating Systems", "operating_system", 1), ("Databases", "database_engine", 0), ("Runtimes", "runtime", 0), ("Protocols", "protocol", 1)]
                .iter()
                .map(|(n, c, p)| json!({"name": n, "it_technology_category": c, "parent_it_technology_type_id": tech_root[*p]}))
                .collect(),
        )
        .await?;
    let technologies = l
        .load(
            "it_technologies",
            [("Red Hat Enterprise Linux 9", 0, "approved"), ("Windows Server 2022", 0, "approved"), ("PostgreSQL 16", 1, "approved"), ("Oracle Database 19c", 1, "deprecated"),
             ("OpenJDK 21", 2, "approved"), ("Node.js 22", 2, "evaluation"), ("TLS 1.3", 3, "approved"), ("Windows Server 2012", 0, "end_of_life")]
                .iter()
                .map(|(n, t, s)| json!({"name": n, "it_technology_type_id": tech_types[*t], "technology_status": s, "vendor_id": accounts[0]}))
                .collect(),
        )
        .await?;
    let comp_types = l
        .load(
            "it_system_component_types",
            [
                "Web Server",
                "Application Server",
                "Database",
                "Load Balancer",
                "Message Queue",
            ]
            .iter()
            .map(|n| json!({"name": n}))
            .collect(),
        )
        .await?;
    let datacenters = l
        .load(
            "it_datacenters",
            [("HQ Data Center", "on_premises", "production", 0), ("West Data Center", "co_location", "disaster_recovery", 4), ("Contoso Cloud East", "public_cloud", "production", 2), ("Contoso Cloud Test", "public_cloud", "test", 2)]
                .iter()
                .enumerate()
                .map(|(i, (n, h, e, loc))| json!({"name": n, "code": format!("DC{}", i + 1), "hosting_type": h, "environment_type": e, "location_id": locations[*loc], "provider_id": accounts[2], "operational_status": "operational", "security_classification": "controlled_unclassified_cui"}))
                .collect(),
        )
        .await?;
    const SYSTEMS: &[&str] = &[
        "Case Management System",
        "Payroll Processing",
        "Grants Portal",
        "Identity Hub",
        "Asset Tracker",
        "Email Gateway",
        "Document Vault",
        "Budget Planner",
        "Travel Booking",
        "Field Inspection App",
        "Public Website",
        "Data Warehouse",
        "HR Self-Service",
        "Procurement Suite",
        "Network Monitoring",
        "Security Log Analytics",
        "Citizen Feedback",
        "Records Archive",
        "Training Portal",
        "Fleet Management",
        "Benefits Calculator",
        "Contract Repository",
        "Helpdesk Platform",
        "Geospatial Viewer",
        "License Registry",
    ];
    let levels = ["low", "moderate", "high"];
    let mut system_bodies = Vec::new();
    for (i, name) in SYSTEMS.iter().enumerate() {
        let c = levels[l.rng.gen_range(0..3)];
        let ii = levels[l.rng.gen_range(0..3)];
        let a = levels[l.rng.gen_range(0..2)];
        system_bodies.push(json!({
            "name": name, "abbreviation": name.split_whitespace().map(|w| &w[..1]).collect::<String>(),
            "description": format!("{name}: a mission system of the department."), "catalog_status": "published",
            "criticality": (["mission_critical", "mission_essential", "business_important", "low"][i % 4]),
            "lifecycle_stage": if i % 9 == 8 { "development" } else { "operations_and_maintenance" }, "operational_status": "operational",
            "it_datacenter_id": datacenters[i % datacenters.len()], "primary_it_hosting_model": if i % 3 == 0 { "public_cloud" } else { "on_premises" },
            "primary_technology_id": technologies[i % technologies.len()], "security_classification": "controlled_unclassified_cui", "visibility": "internal",
            "system_owner_id": people[(i * 5) % people.len()], "information_security_officer_id": people[(i * 11 + 3) % people.len()], "point_of_contact_id": people[(i * 13 + 1) % people.len()],
            "confidentiality_impact": c, "integrity_impact": ii, "availability_impact": a, "contains_pii": i % 3 != 2,
            "url": format!("https://{}.dds.example.gov", name.to_lowercase().replace(' ', "-")),
            "last_review_date": l.date_in(-300, -30), "next_review_date": l.date_in(10, 300),
            "owning_unit_id": teams[i % 3 + 1],
        }));
    }
    let systems = l.load("it_systems", system_bodies).await?;
    let mut components = Vec::new();
    for (s, system) in systems.iter().enumerate() {
        for c in 0..(2 + s % 4) {
            components.push(json!({
                "name": format!("{} {}", SYSTEMS[s], (["web tier", "application tier", "database", "load balancer", "queue"][c])),
                "it_system_id": system, "it_system_component_type_id": comp_types[c % comp_types.len()], "it_technology_id": technologies[(s + c) % technologies.len()],
                "it_datacenter_id": datacenters[s % datacenters.len()], "operational_status": "operational", "visibility": "internal",
                "security_classification": "controlled_unclassified_cui", "primary_steward_id": people[(s * 3 + c) % people.len()],
            }));
        }
    }
    let components = l.load("it_system_components", components).await?;

    let products = l
        .load(
            "it_products",
            [("Laptop Standard", "hardware", 0), ("Office Suite", "software", 0), ("VPN Access", "access", 1), ("Cloud Storage", "cloud_resources", 2), ("Database License", "licenses", 6), ("Mobile Phone", "hardware", 1)]
                .iter()
                .map(|(n, c, v)| json!({"name": n, "product_category": c, "vendor_id": accounts[*v], "version": "2026"}))
                .collect(),
        )
        .await?;
    let mut ent_bodies = Vec::new();
    for (s, system) in systems.iter().enumerate() {
        for (r, (role, level, cat)) in [
            ("User", "read", "user_access"),
            ("Editor", "write", "read_write"),
            ("Administrator", "administrator", "privileged_access"),
        ]
        .iter()
        .enumerate()
        {
            if r == 1 && s % 2 == 1 {
                continue;
            }
            ent_bodies.push(json!({
                "name": format!("{} {role}", SYSTEMS[s]), "it_product_id": products[2], "it_system_id": system,
                "entitlement_code": format!("{}-{}", SYSTEMS[s].split_whitespace().next().unwrap().to_lowercase(), role.to_lowercase()),
                "entitlement_type": "application_role", "entitlement_category": cat, "access_level": level,
                "requires_manager_approval": true, "requires_owner_approval": r > 0, "requires_security_review": r == 2,
                "approver_id": people[(s * 5) % people.len()], "max_assignment_days": if r == 2 { 90 } else { 365 },
                "risk_level": (["low", "moderate", "high"][r]),
            }));
        }
    }
    let entitlements = l.load("it_product_entitlements", ent_bodies).await?;

    // Compliance framework and a slice of SP 800-53 Rev 5.
    let framework = l
        .load("compliance_frameworks", vec![json!({"name": "NIST SP 800-53 Rev 5", "title": "Security and Privacy Controls for Information Systems and Organizations", "version": "5.1.1", "responsible_authority": "NIST", "url": "https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final"})])
        .await?;
    const CONTROLS: &[(&str, &str, &str)] = &[
        ("AC-2", "Account Management", "Access Control"),
        ("AC-3", "Access Enforcement", "Access Control"),
        ("AC-6", "Least Privilege", "Access Control"),
        ("AC-17", "Remote Access", "Access Control"),
        ("AU-2", "Event Logging", "Audit and Accountability"),
        (
            "AU-6",
            "Audit Record Review, Analysis, and Reporting",
            "Audit and Accountability",
        ),
        (
            "CA-2",
            "Control Assessments",
            "Assessment, Authorization, and Monitoring",
        ),
        (
            "CA-5",
            "Plan of Action and Milestones",
            "Assessment, Authorization, and Monitoring",
        ),
        (
            "CA-6",
            "Authorization",
            "Assessment, Authorization, and Monitoring",
        ),
        ("CM-2", "Baseline Configuration", "Configuration Management"),
        ("CM-6", "Configuration Settings", "Configuration Management"),
        ("CP-9", "System Backup", "Contingency Planning"),
        (
            "IA-2",
            "Identification and Authentication (Organizational Users)",
            "Identification and Authentication",
        ),
        (
            "IA-5",
            "Authenticator Management",
            "Identification and Authentication",
        ),
        ("IR-4", "Incident Handling", "Incident Response"),
        (
            "RA-5",
            "Vulnerability Monitoring and Scanning",
            "Risk Assessment",
        ),
        (
            "SC-7",
            "Boundary Protection",
            "System and Communications Protection",
        ),
        (
            "SC-8",
            "Transmission Confidentiality and Integrity",
            "System and Communications Protection",
        ),
        (
            "SI-2",
            "Flaw Remediation",
            "System and Information Integrity",
        ),
        (
            "SI-4",
            "System Monitoring",
            "System and Information Integrity",
        ),
    ];
    let controls = l
        .load(
            "compliance_requirements",
            CONTROLS
                .iter()
                .enumerate()
                .map(|(i, (id, title, family))| json!({"name": title, "identifier": id, "family": family, "framework_id": framework[0], "baselines": if i % 4 == 0 { json!(["low", "moderate", "high"]) } else { json!(["moderate", "high"]) }, "statement": format!("The organization implements {title}.")}))
                .collect(),
        )
        .await?;
    let enhancements = l
        .load(
            "compliance_requirements",
            [("AC-2(1)", "Automated System Account Management", 0), ("AC-2(3)", "Disable Accounts", 0), ("AC-6(5)", "Privileged Accounts", 2), ("IA-2(1)", "Multi-factor Authentication to Privileged Accounts", 12), ("SI-4(4)", "Inbound and Outbound Communications Traffic", 19)]
                .iter()
                .map(|(id, title, p)| json!({"name": title, "identifier": id, "family": CONTROLS[*p].2, "framework_id": framework[0], "parent_id": controls[*p], "baselines": ["moderate", "high"]}))
                .collect(),
        )
        .await?;
    let requirements: Vec<String> = controls.iter().chain(&enhancements).cloned().collect();

    // Work assignment codes: one expired, three current.
    let codes = l
        .load(
            "it_work_assignment_codes",
            [("FY25 Operations", "OPS25", -700, -330), ("FY26 Operations", "OPS26", -330, 400), ("Modernization Program", "MOD26", -400, 700), ("Security Uplift", "SEC26", -200, 500)]
                .iter()
                .map(|(n, c, a, b)| json!({"name": n, "code": c, "funding_source": "Appropriated", "start_date": format_datetime(now() + Duration::days(*a)), "end_date": format_datetime(now() + Duration::days(*b))}))
                .collect(),
        )
        .await?;
    let live_codes = codes[1..].to_vec();

    // The catalog: request types in a tree.
    let type_roots = l
        .load(
            "it_service_request_types",
            [
                ("Hardware", "hardware_request"),
                ("Software", "software_request"),
                ("Access", "access_request"),
                ("Support", "support_request"),
            ]
            .iter()
            .map(|(n, k)| json!({"name": n, "request_kind": k, "is_orderable": false}))
            .collect(),
        )
        .await?;
    let types = l
        .load(
            "it_service_request_types",
            [("New Laptop", 0, true, 48), ("Monitor", 0, false, 24), ("Office Suite License", 1, true, 24), ("Database Tool", 1, true, 72),
             ("System Access", 2, true, 24), ("VPN Access", 2, true, 8), ("Password Reset", 3, false, 2), ("General Question", 3, false, 16)]
                .iter()
                .map(|(n, p, approval, hours)| {
                    json!({"name": n, "parent_it_service_request_type_id": type_roots[*p], "request_kind": (["hardware_request", "software_request", "access_request", "support_request"][*p]),
                           "requires_approval": approval, "is_orderable": true, "target_hours": hours, "default_priority": "medium", "fulfillment_unit_id": teams[*p % 4],
                           "form_fields": json!([{"name": "business_need", "label": "Why do you need it?", "type": "memo", "required": true}]).to_string()})
                })
                .collect(),
        )
        .await?;

    // Service requests across their states.
    let mut reqs = Vec::new();
    for i in 0..320usize {
        let status = l.weighted(&[
            ("draft", 4),
            ("submitted", 10),
            ("pending_approval", 10),
            ("approved", 6),
            ("rejected", 3),
            ("in_progress", 15),
            ("on_hold", 3),
            ("fulfilled", 20),
            ("closed", 25),
            ("cancelled", 4),
        ]);
        let requested = l.days_ago(120);
        // Someone with a manager: a request that needs approval asks them.
        let requester = l.pick(&people[units.len()..]).clone();
        let which = l.rng.gen_range(0..types.len());
        let t = types[which].clone();
        // A type that requires approval goes through its approvals; one that does not, not.
        let needs_approval = [true, false, true, true, true, true, false, false][which];
        let status = match (needs_approval, status) {
            (true, "submitted") => "pending_approval",
            (false, "pending_approval" | "approved" | "rejected") => "submitted",
            (_, s) => s,
        };
        let mut body = json!({
            "name": format!("{} for {}", (["New laptop", "Office license", "VPN access", "Password reset", "Database tool", "Monitor"][i % 6]), FIRST[i % FIRST.len()]),
            "it_service_request_type_id": t, "it_work_assignment_code_id": live_codes[i % live_codes.len()],
            "request_status": status, "priority": l.weighted(&[("critical", 3), ("high", 12), ("medium", 45), ("low", 35), ("planning", 5)]),
            "requested_by_id": requester, "requested_for_id": requester, "requesting_unit_id": l.pick(&units), "request_date": requested,
            "method_of_contact": l.weighted(&[("portal", 70), ("email", 15), ("phone", 10), ("walk_in", 5)]), "business_justification": "Needed for daily work.",
            "total_estimated_cost": (l.rng.gen_range(0..250000) as f64) / 100.0, "assigned_team_id": teams[0],
            "approval_status": match status { "draft" | "submitted" => "not_required", "pending_approval" => "pending", "rejected" => "rejected", _ => "approved" },
            "sla_state": l.weighted(&[("within_target", 70), ("at_risk", 15), ("breached", 10), ("paused", 5)]),
            "form_answers": json!({"business_need": "Daily work"}).to_string(),
        });
        let requested_at = steward_domain::value::parse_datetime(&requested).expect("formatted");
        body["due_on"] = json!(format_datetime(requested_at + Duration::days(3)));
        if matches!(status, "in_progress" | "fulfilled" | "closed") {
            body["assigned_to_id"] = json!(desk[i % desk.len()]);
            body["fulfillment_start_date"] =
                json!(format_datetime(requested_at + Duration::hours(4)));
        }
        if matches!(status, "fulfilled" | "closed") {
            body["fulfillment_completion_date"] =
                json!(format_datetime(requested_at + Duration::days(1)));
            body["satisfaction_rating"] = json!(l.rng.gen_range(3..=5));
        }
        if status == "closed" {
            body["closed_date"] = json!(format_datetime(requested_at + Duration::days(2)));
        }
        reqs.push(body);
    }
    let requests = l.load("it_service_requests", reqs).await?;

    // Access: requests with their detail lines, assignments and provisioning tasks.
    let mut sars = Vec::new();
    for i in 0..100usize {
        let status = l.weighted(&[
            ("draft", 5),
            ("pending_approval", 35),
            ("approved", 15),
            ("fulfilled", 35),
            ("rejected", 10),
        ]);
        // Someone with a manager (not a unit's head), asking for themselves: the chain's first
        // stage is their manager.
        // Nor their own system's owner or security officer, whose review the chain asks (the
        // systems' people are picked by index below: see the systems above).
        let (n, heads) = (people.len(), units.len());
        let s = i % systems.len();
        let (owner, isso) = ((s * 5) % n, (s * 11 + 3) % n);
        let mut p = heads + (i * 3 + 7) % (n - heads);
        while p == owner || p == isso || p % heads == isso || p % heads == owner {
            p = heads + (p - heads + 1) % (n - heads);
        }
        let who = people[p].clone();
        sars.push(json!({
            "name": format!("Access to {}", SYSTEMS[i % SYSTEMS.len()]), "person_id": who, "requested_by_id": who,
            "first_name": FIRST[i % FIRST.len()], "last_name": LAST[i % LAST.len()], "email_address": format!("user{i}@dds.example.gov"),
            "organization_unit_id": l.pick(&units), "it_system_id": systems[i % systems.len()], "it_product_entitlement_id": entitlements[i % entitlements.len()],
            "it_work_assignment_code_id": live_codes[i % live_codes.len()], "it_system_access_request_type": if i % 10 == 0 { "emergency_access" } else { "new_access" },
            "it_system_access_level": "read", "justification": "Required for assigned duties.", "requestor_certifies_need_to_know": status != "draft",
            "information_awareness_completed": true, "request_date": l.days_ago(90), "request_status": status, "is_emergency": i % 10 == 0,
            "approval_status": match status { "draft" | "submitted" => "pending", "rejected" => "rejected", "pending_approval" => "pending", _ => "approved" },
            "action_status": if status == "fulfilled" { "completed" } else { "pending" },
        }));
    }
    let access_requests = l.load("it_system_access_requests", sars).await?;
    let details = l
        .load(
            "it_system_access_details",
            access_requests
                .iter()
                .enumerate()
                .map(|(i, r)| json!({"name": format!("Grant line {}", i + 1), "it_system_access_request_id": r, "it_system_access_action": "grant", "it_product_entitlement_id": entitlements[i % entitlements.len()], "action_status": if i % 3 == 0 { "completed" } else { "pending" }}))
                .collect(),
        )
        .await?;
    let mut assignments = Vec::new();
    for i in 0..150usize {
        let kind = l.weighted(&[
            ("permanent", 60),
            ("temporary", 25),
            ("emergency", 5),
            ("role_based", 10),
        ]);
        let start = l.days_ago(300);
        let start_at = steward_domain::value::parse_datetime(&start).expect("formatted");
        let mut body = json!({
            "name": format!("{} access", SYSTEMS[i % SYSTEMS.len()]), "person_id": people[(i * 7) % people.len()], "it_product_entitlement_id": entitlements[i % entitlements.len()],
            "assignment_status": l.weighted(&[("active", 80), ("suspended", 5), ("revoked", 10), ("under_review", 5)]), "assignment_type": kind,
            "start_date": start, "granted_by_id": people[i % 12], "granted_date": start, "review_status": "current",
            "verification_status": l.weighted(&[("unverified", 40), ("verified_present", 50), ("drift", 10)]),
            "account_username": format!("u{:05}", i), "next_review_date": l.date_in(5, 180),
        });
        if i < access_requests.len() {
            body["it_system_access_request_id"] = json!(access_requests[i]);
        }
        if kind != "permanent" && kind != "role_based" {
            // Some temporary access ends within the next 30 days.
            body["end_date"] = json!(format_datetime(
                start_at.max(now() - Duration::days(1)) + Duration::days(l.rng.gen_range(2..60))
            ));
        }
        assignments.push(body);
    }
    l.load("it_assigned_entitlements", assignments).await?;
    l.load(
        "it_provisioning_requests",
        details
            .iter()
            .enumerate()
            .take(60)
            .map(|(i, d)| json!({"name": format!("Provision {}", SYSTEMS[i % SYSTEMS.len()]), "it_system_access_detail_id": d, "it_product_entitlement_id": entitlements[i % entitlements.len()], "person_id": people[(i * 3 + 7) % people.len()], "provisioning_action": "grant", "provisioning_status": (["not_started", "in_progress", "fulfilled"][i % 3]), "assigned_to_id": people[i % 12], "evidence": if i % 3 == 2 { "Account created in the target system." } else { "" }}))
            .collect(),
    )
    .await?;

    // Accreditations: one per system, some expiring within 90 days; each system points at its ATO.
    let mut atos = Vec::new();
    for (s, _) in systems.iter().enumerate() {
        let expires_in = if s % 5 == 0 {
            l.rng.gen_range(5..85)
        } else {
            l.rng.gen_range(120..1000)
        };
        atos.push(json!({
            "name": format!("{} ATO", SYSTEMS[s]), "it_system_id": systems[s], "certification_body_id": accounts[4], "it_accreditation_type": "authority_to_operate_ato",
            "accreditation_status": if s % 7 == 6 { "conditionally_accredited" } else { "accredited" }, "compliance_framework_id": framework[0], "baseline": (["low", "moderate", "high"][s % 3]),
            "authorization_date": format_datetime(now() - Duration::days(1095 - expires_in)), "expiration_date": format_datetime(now() + Duration::days(expires_in)),
            "authorizing_official_id": people[2], "authorizing_unit_id": bureaus[3], "scope": "The whole system boundary.",
            "conditions": if s % 7 == 6 { "Remediate high findings within 90 days." } else { "" },
            "last_assessment_date": l.date_in(-360, -30), "next_assessment_date": l.date_in(30, 360),
        }));
    }
    let accreditations = l.load("it_system_accreditations", atos).await?;
    let systems_table = service.table_by_set("it_systems")?;
    for (s, system) in systems.iter().enumerate() {
        service
            .update(
                admin.clone(),
                systems_table,
                system.parse()?,
                &obj(json!({"ato_id": accreditations[s]})),
                None,
            )
            .await?;
    }
    let mut assessments = Vec::new();
    for i in 0..75usize {
        let s = i % systems.len();
        assessments.push(json!({
            "name": format!("{} {}", CONTROLS[i % CONTROLS.len()].0, SYSTEMS[s]), "it_system_id": systems[s], "it_system_accreditation_id": accreditations[s],
            "compliance_requirement_id": requirements[i % requirements.len()], "assessed_by_id": people[4], "assessment_date": l.days_ago(200),
            "compliance_status": l.weighted(&[("compliant", 55), ("partially_compliant", 20), ("non_compliant", 20), ("not_applicable", 5)]),
            "assessment_type": "security_assessment", "assessment_status": "completed", "assessment_method": (["examine", "interview", "test"][i % 3]),
            "risk_level": (["low", "moderate", "high"][i % 3]), "evidence_of_compliance": "Configuration exports and interviews.",
        }));
    }
    let assessment_ids = l.load("it_compliance_assessments", assessments).await?;
    let risks = l
        .load(
            "risk_items",
            (0..30usize)
                .map(|i| {
                    let accept = i % 6 == 0;
                    let mut r = json!({"name": format!("Risk {} on {}", i + 1, SYSTEMS[i % SYSTEMS.len()]), "it_system_id": systems[i % systems.len()], "it_system_accreditation_id": accreditations[i % systems.len()],
                                       "likelihood": (["low", "moderate", "high", "very_low", "very_high"][i % 5]), "impact": (["moderate", "high", "low", "moderate", "high"][i % 5]),
                                       "risk_response": if accept { "accept" } else { "mitigate" }, "risk_status": "open", "risk_owner_id": people[(i * 5) % people.len()], "description": "Identified during the annual assessment."});
                    if accept {
                        r["acceptance_expires_on"] = json!(format_date((now() + Duration::days(30 + i as i64 * 10)).date()));
                    }
                    r
                })
                .collect(),
        )
        .await?;
    let mut poams = Vec::new();
    for i in 0..90usize {
        let severity = l.weighted(&[("critical", 8), ("high", 22), ("moderate", 45), ("low", 25)]);
        let identified = l.rng.gen_range(10..400);
        let due = identified
            - [30, 90, 180, 365][["critical", "high", "moderate", "low"]
                .iter()
                .position(|s| *s == severity)
                .unwrap()];
        let s = i % systems.len();
        poams.push(json!({
            "name": format!("{} weakness in {}", CONTROLS[i % CONTROLS.len()].1, SYSTEMS[s]), "description": "Found during the control assessment.",
            "it_system_id": systems[s], "it_system_accreditation_id": accreditations[s], "it_compliance_assessment_id": assessment_ids[i % assessment_ids.len()],
            "it_system_component_id": components[i % components.len()], "compliance_requirement_id": requirements[i % requirements.len()],
            "severity": severity, "finding_type": (["vulnerability", "configuration_issue", "security_control_gap", "documentation_gap"][i % 4]), "risk_category": "security",
            "weakness_source": (["Vulnerability scan", "Annual assessment", "Penetration test"][i % 3]), "identified_date": format_date((now() - Duration::days(identified)).date()),
            "due_date": format_datetime(now() - Duration::days(due)), "action_status": (["pending", "in_progress", "completed"][i % 3]),
            "mitigation_status": (["not_started", "in_progress", "completed"][i % 3]), "assigned_to_id": people[(i * 3) % people.len()], "responsible_unit_id": teams[i % 4],
            "mitigation_plan": "Apply the vendor patch and verify.", "original_risk_rating": "high", "adjusted_risk_rating": "moderate", "deviation_type": "none",
            "milestones": json!([{"description": "Plan the fix", "due_on": format_date((now() - Duration::days(due + 20)).date()), "done_on": null}, {"description": "Deploy the fix", "due_on": format_date((now() - Duration::days(due)).date()), "done_on": null}]).to_string(),
            "risk_item_id": risks[i % risks.len()],
        }));
    }
    let poam_ids = l.load("it_poam_items", poams).await?;

    // Service desk: problems, incidents, changes.
    let problems = l
        .load(
            "problems",
            (0..10usize)
                .map(|i| json!({"name": format!("Recurring outage of {}", SYSTEMS[i]), "problem_status": (["investigating", "known_error", "resolved"][i % 3]), "known_error": i % 3 == 1, "it_system_id": systems[i], "assigned_to_id": people[i], "root_cause": if i % 3 == 2 { "Connection pool exhaustion." } else { "" }, "workaround": "Restart the application tier."}))
                .collect(),
        )
        .await?;
    let levels5 = ["very_low", "low", "moderate", "high", "very_high"];
    let mut incidents = Vec::new();
    for i in 0..70usize {
        let status = l.weighted(&[
            ("new", 15),
            ("in_progress", 25),
            ("on_hold", 5),
            ("resolved", 25),
            ("closed", 30),
        ]);
        let opened = l.days_ago(90);
        let mut body = json!({
            "name": format!("{} is slow", SYSTEMS[i % SYSTEMS.len()]), "description": "Users report slow pages.", "impact": levels5[l.rng.gen_range(0..5)], "urgency": levels5[l.rng.gen_range(0..5)],
            "incident_status": status, "reported_by_id": l.pick(&people), "assigned_team_id": teams[0], "it_system_id": systems[i % systems.len()],
            "it_system_component_id": components[i % components.len()], "is_security_incident": i % 9 == 0, "opened_on": opened, "sla_state": "within_target",
        });
        if i % 7 == 0 {
            body["problem_id"] = json!(problems[i % problems.len()]);
        }
        if matches!(status, "resolved" | "closed") {
            let at = steward_domain::value::parse_datetime(&opened).expect("formatted");
            body["resolved_on"] = json!(format_datetime(at + Duration::hours(6)));
            body["resolution_code"] = json!("solved_permanently");
            body["resolution_notes"] = json!("Restarted the service and added capacity.");
        }
        incidents.push(body);
    }
    let incident_ids = l.load("incidents", incidents).await?;
    // The change advisory boards whose members approve normal and emergency changes.
    let boards = l
        .load(
            "teams",
            vec![
                json!({"name": "Change Advisory Board", "description": "Approves normal changes (majority).", "manager_id": people[1]}),
                json!({"name": "Emergency Change Advisory Board", "description": "Approves emergency changes after the fact.", "manager_id": people[2]}),
            ],
        )
        .await?;
    l.load(
        "team_members",
        (0..5usize)
            .map(|k| json!({"name": format!("CAB member {}", k + 1), "team_id": boards[0], "person_id": people[40 + k]}))
            .chain((0..2usize).map(|k| json!({"name": format!("ECAB member {}", k + 1), "team_id": boards[1], "person_id": people[50 + k]})))
            .collect(),
    )
    .await?;
    let mut changes = Vec::new();
    for i in 0..30usize {
        let start = now() + Duration::days(l.rng.gen_range(-60..30));
        changes.push(json!({
            "name": format!("Patch {}", SYSTEMS[i % SYSTEMS.len()]), "description": "Apply security updates.", "change_type": if matches!(i % 7, 1 | 6) { "normal" } else { ["standard", "normal", "emergency"][i % 3] },
            "change_status": (["draft", "assessment", "authorized", "scheduled", "implementing", "review", "closed"][i % 7]), "risk_level": "moderate", "impact": "low",
            "it_system_id": systems[i % systems.len()], "requested_by_id": people[i], "assigned_to_id": people[i + 1],
            "planned_start": format_datetime(start), "planned_end": format_datetime(start + Duration::hours(4)), "implementation_plan": "Rolling restart.", "backout_plan": "Restore the snapshot.",
            "test_plan": "Smoke tests.", "approval_status": "approved", "related_poam_item_id": poam_ids[i % poam_ids.len()],
        }));
    }
    l.load("change_requests", changes).await?;

    // Notes on requests (their approvals are their chains', decided on the way).
    let mut notes = Vec::new();
    for (i, r) in requests.iter().enumerate().take(60) {
        notes.push(json!({"name": "Update", "regarding_table": "it_service_request", "regarding_id": r, "body": if i % 2 == 0 { "We ordered the item." } else { "Checked stock with the vendor." }, "is_internal": i % 2 == 1, "author_id": people[i % 12]}));
    }
    for (i, inc) in incident_ids.iter().enumerate().take(20) {
        notes.push(json!({"name": "Investigation", "regarding_table": "incident", "regarding_id": inc, "body": "Collected logs.", "is_internal": true, "author_id": people[i % 12]}));
    }
    l.load("notes", notes).await?;

    eprintln!(
        "demo agency loaded: {} records in {:.1} s, every one audited",
        l.total,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
