//! The built-in declaration: every table and field of `shared/spec/data-model.md`.
//!
//! Read it beside the spec: one `table(...)` per table, one line per field, with the field's origin
//! (`seed`, `core`, `plus`). System columns are appended to every table by [`build`].

use crate::{
    choice_code, choices, ChoiceSet, DefaultValue, Derivation, Field, FieldType, Model, Origin,
    Table,
};
use std::collections::BTreeMap;

fn f(name: &str, ty: FieldType, origin: Origin) -> Field {
    Field::new(name, ty, origin)
}
fn seed(name: &str, ty: FieldType) -> Field {
    f(name, ty, Origin::Seed)
}
fn plus(name: &str, ty: FieldType) -> Field {
    f(name, ty, Origin::Plus)
}
fn core(name: &str, ty: FieldType) -> Field {
    f(name, ty, Origin::Core)
}
fn txt(n: u32) -> FieldType {
    FieldType::text(n)
}
fn memo() -> FieldType {
    FieldType::Memo
}
fn int() -> FieldType {
    FieldType::int()
}
fn boolean() -> FieldType {
    FieldType::Bool
}
fn date() -> FieldType {
    FieldType::Date
}
fn dt() -> FieldType {
    FieldType::DateTime
}
/// A choice of the set with this spec label (`"Risk Level"`).
fn ch(set_label: &str) -> FieldType {
    FieldType::choice(&choice_code(set_label))
}
fn lk(table: &str) -> FieldType {
    FieldType::lookup(table)
}
/// The primary name column: `text(n)`, required, sorted by lists.
fn name(origin: Origin, n: u32) -> Field {
    f("name", txt(n), origin).required().sorted()
}

fn table(name: &str, set: &str, label: &str, origin: Origin, prefix: Option<&str>) -> Table {
    Table {
        name: name.into(),
        set: set.into(),
        label: label.into(),
        origin,
        number_prefix: prefix.map(str::to_string),
        tree_parent: None,
        fields: Vec::new(),
        description: None,
        since: 1,
        list_indexes: Vec::new(),
        written_by_steward: false,
    }
}

trait TableExt {
    fn with(self, fields: Vec<Field>) -> Table;
    fn list_index(self, columns: &[&str]) -> Table;
    fn tree(self, parent: &str) -> Table;
    fn about(self, text: &str) -> Table;
}
impl TableExt for Table {
    fn list_index(mut self, columns: &[&str]) -> Table {
        self.list_indexes
            .push(columns.iter().map(|c| c.to_string()).collect());
        self
    }
    fn with(mut self, fields: Vec<Field>) -> Table {
        self.fields.extend(fields);
        self
    }
    fn tree(mut self, parent: &str) -> Table {
        self.tree_parent = Some(parent.into());
        self
    }
    fn about(mut self, text: &str) -> Table {
        self.description = Some(text.into());
        self
    }
}

use Origin::{Core, Plus, Seed};

fn code_name_description(t: Table) -> Table {
    t.with(vec![
        name(Seed, 200),
        plus("code", txt(50)),
        plus("description", memo()),
    ])
}

fn tables() -> Vec<Table> {
    vec![
        table("person", "persons", "Person", Core, None)
            .about("A human or a non-human identity that can request, hold or approve access.")
            .with(vec![
                name(Seed, 200)
                    .derived(Derivation::PersonName)
                    .describe("Derived \"First Last\" for humans"),
                plus("first_name", txt(100)),
                plus("middle_name", txt(100)),
                plus("last_name", txt(100)).sorted(),
                plus("identity_kind", ch("Identity Kind"))
                    .required()
                    .default(DefaultValue::Text("human".into())),
                // owner_id is also a system column; on person it is the accountable human,
                // required when identity_kind is not Human (see the domain rules).
                plus("owner_id", lk("person"))
                    .label("Owner (accountable human)")
                    .describe("The accountable human; required when identity_kind is not Human"),
                plus("email", txt(320)).unique().sorted(),
                plus("business_phone", txt(50)),
                plus("mobile_phone", txt(50)),
                plus("job_title", txt(200)),
                plus("organization_unit_id", lk("organization_unit")),
                plus("manager_id", lk("person")),
                seed("personnel_type_id", lk("personnel_type")),
                seed("grade_rank_id", lk("grade_rank")).label("Job Grade"),
                plus("location_id", lk("location")),
                seed("address_home_state_id", lk("state_or_province")),
                plus("employment_type", ch("Employment Type")),
                plus("user_identification_number", txt(100)).protected(),
                plus("credential_last_rotated_on", date()),
                plus("credential_rotation_due_on", date()),
                plus("is_active", boolean()).default(DefaultValue::Bool(true)),
            ]),
        table(
            "organization_unit",
            "organization_units",
            "Organization Unit",
            Core,
            None,
        )
        .tree("parent_id")
        .with(vec![
            name(Seed, 200),
            plus("code", txt(50)).unique(),
            plus("parent_id", lk("organization_unit")),
            plus("unit_type", ch("Organization Unit Type")),
            plus("manager_id", lk("person")),
        ]),
        table("location", "locations", "Location", Core, None).with(vec![
            name(Seed, 200),
            plus("address_line_1", txt(200)),
            plus("address_line_2", txt(200)),
            plus("city", txt(200)),
            plus("state_or_province_id", lk("state_or_province")),
            plus("postal_code", txt(20)),
            plus("country_code", txt(2)).describe("ISO 3166-1 alpha-2"),
        ]),
        table(
            "state_or_province",
            "states_or_provinces",
            "State or Province",
            Core,
            None,
        )
        .with(vec![
            name(Seed, 200),
            plus("code", txt(10))
                .unique()
                .describe("ISO 3166-2, e.g. US-VA"),
            plus("country_code", txt(2)),
        ]),
        code_name_description(table("grade_rank", "grade_ranks", "Grade-Rank", Core, None)),
        code_name_description(table(
            "personnel_type",
            "personnel_types",
            "Personnel Type",
            Core,
            None,
        )),
        table("account", "accounts", "Account", Core, None)
            .about("A vendor, provider or certification body.")
            .with(vec![
                name(Plus, 200),
                plus("account_type", ch("Account Type")),
                plus("url", txt(500)),
                plus("description", memo()),
            ]),
        table(
            "compliance_framework",
            "compliance_frameworks",
            "Compliance Framework",
            Core,
            None,
        )
        .with(vec![
            name(Plus, 200),
            plus("title", txt(500)),
            plus("version", txt(50)),
            plus("url", txt(500)),
            plus("responsible_authority", txt(200)),
            plus("description", memo()),
        ]),
        table(
            "compliance_requirement",
            "compliance_requirements",
            "Compliance Requirement",
            Core,
            None,
        )
        .tree("parent_id")
        .with(vec![
            name(Seed, 500),
            plus("framework_id", lk("compliance_framework")).required(),
            plus("identifier", txt(50))
                .unique_within("framework_id")
                .sorted(),
            plus("family", txt(100)),
            plus("parent_id", lk("compliance_requirement")),
            plus("statement", memo()),
            plus("baselines", FieldType::choices("baseline")),
        ]),
        table("risk_item", "risk_items", "Risk Item", Core, Some("RISK")).with(vec![
            name(Seed, 200),
            seed("it_system_accreditation_id", lk("it_system_accreditation")),
            plus("it_system_id", lk("it_system")),
            plus("description", memo()),
            plus("likelihood", ch("Risk Level")),
            plus("impact", ch("Risk Level")),
            plus("risk_level", ch("Risk Level")).derived(Derivation::RiskLevel),
            plus("risk_response", ch("Risk Response")),
            plus("risk_status", ch("Risk Status")),
            plus("risk_owner_id", lk("person")),
            plus("acceptance_expires_on", date()),
        ]),
        table(
            "it_service_request_type",
            "it_service_request_types",
            "IT Service Request Type",
            Seed,
            None,
        )
        .tree("parent_it_service_request_type_id")
        .with(vec![
            name(Seed, 200),
            seed(
                "parent_it_service_request_type_id",
                lk("it_service_request_type"),
            ),
            plus("description", memo()),
            plus("request_kind", ch("IT Request Type")),
            plus("requires_approval", boolean()),
            plus("default_priority", ch("Priority")),
            plus("fulfillment_unit_id", lk("organization_unit")),
            plus(
                "target_hours",
                FieldType::Int {
                    min: Some(0),
                    max: None,
                },
            ),
            plus("is_orderable", boolean()),
            plus("form_fields", memo())
                .describe("JSON list of extra questions the catalog form asks"),
        ]),
        table(
            "it_service_request",
            "it_service_requests",
            "IT Service Request",
            Seed,
            Some("REQ"),
        )
        .list_index(&["request_status", "request_date"])
        .with(vec![
            name(Seed, 200),
            seed("it_service_request_type_id", lk("it_service_request_type")),
            seed("it_work_assignment_code_id", lk("it_work_assignment_code")),
            plus("description", memo()),
            plus("request_status", ch("Request Status")),
            plus("priority", ch("Priority")),
            plus("requested_by_id", lk("person")),
            plus("requested_for_id", lk("person")),
            plus("requesting_unit_id", lk("organization_unit")),
            plus("request_date", dt()).sorted(),
            plus("required_date", date()),
            plus("assigned_to_id", lk("person")),
            plus("assigned_team_id", lk("organization_unit")),
            plus("method_of_contact", ch("Method of Contact")),
            plus("business_justification", memo()),
            plus("total_estimated_cost", FieldType::Money),
            plus("approval_status", ch("Approval Status")),
            plus("approved_by_id", lk("person")),
            plus("approval_date", dt()),
            plus("fulfillment_start_date", dt()),
            plus("fulfillment_completion_date", dt()),
            plus("closed_date", dt()),
            plus("due_on", dt()).sorted(),
            plus("sla_state", ch("SLA State")),
            plus(
                "satisfaction_rating",
                FieldType::Int {
                    min: Some(1),
                    max: Some(5),
                },
            ),
            plus("feedback", memo()),
            plus("form_answers", memo()).describe("JSON answers to the type's form_fields"),
            plus("it_system_id", lk("it_system")),
        ]),
        table(
            "it_work_assignment_code",
            "it_work_assignment_codes",
            "IT Work Assignment Code",
            Seed,
            None,
        )
        .with(vec![
            name(Seed, 200),
            seed("start_date", dt()),
            seed("end_date", dt()),
            plus("code", txt(50)).unique(),
            plus("funding_source", txt(200)),
        ]),
        table("it_product", "it_products", "IT Product", Seed, None).with(vec![
            name(Seed, 200),
            plus("vendor_id", lk("account")),
            plus("version", txt(50)),
            plus("product_category", ch("Catalog Item Category")),
            plus("description", memo()),
        ]),
        table(
            "it_product_entitlement",
            "it_product_entitlements",
            "IT Product Entitlement",
            Seed,
            None,
        )
        .with(vec![
            name(Seed, 200),
            seed("it_product_id", lk("it_product")),
            plus("it_system_id", lk("it_system")),
            plus("entitlement_code", txt(100)),
            plus("entitlement_type", ch("Entitlement Type")),
            plus("entitlement_category", ch("Entitlement Category")),
            plus("access_level", ch("Access Level")),
            plus("requires_manager_approval", boolean()),
            plus("requires_owner_approval", boolean()),
            plus("requires_security_review", boolean()),
            plus("approver_id", lk("person")),
            plus(
                "max_assignment_days",
                FieldType::Int {
                    min: Some(1),
                    max: None,
                },
            ),
            plus("risk_level", ch("Severity Level")),
            plus("compliance_requirement_id", lk("compliance_requirement")),
            plus("is_active", boolean()).default(DefaultValue::Bool(true)),
        ]),
        table(
            "it_assigned_entitlement",
            "it_assigned_entitlements",
            "IT Assigned Entitlements",
            Seed,
            Some("ENT"),
        )
        .with(vec![
            name(Seed, 200),
            seed("person_id", lk("person")),
            seed("it_product_entitlement_id", lk("it_product_entitlement")),
            plus("assignment_status", ch("Assignment Status")),
            plus("assignment_type", ch("Assignment Type")),
            plus("start_date", dt()),
            plus("end_date", dt())
                .sorted()
                .describe("Required for Temporary and Emergency assignments"),
            plus(
                "it_system_access_request_id",
                lk("it_system_access_request"),
            ),
            plus("granted_by_id", lk("person")),
            plus("granted_date", dt()),
            plus("last_review_date", date()),
            plus("next_review_date", date()),
            plus("review_status", ch("Review Status")),
            plus("revocation_date", dt()),
            plus("revoked_by_id", lk("person")),
            plus("revocation_reason", memo()),
            plus("account_username", txt(200)),
            plus("verification_status", ch("Verification Status")),
            plus("verified_on", dt()),
        ]),
        table(
            "it_provisioning_request",
            "it_provisioning_requests",
            "IT Provisioning Request",
            Seed,
            Some("PRV"),
        )
        .with(vec![
            name(Seed, 200),
            plus("it_system_access_detail_id", lk("it_system_access_detail")),
            plus("it_service_request_id", lk("it_service_request")),
            plus("it_product_entitlement_id", lk("it_product_entitlement")),
            plus("person_id", lk("person")),
            plus("provisioning_action", ch("Access Action")),
            plus("provisioning_status", ch("Fulfillment Status")),
            plus("assigned_to_id", lk("person")),
            plus("due_on", dt()).sorted(),
            plus("completed_on", dt()),
            plus("evidence", memo()),
        ]),
        table(
            "it_system_access_request",
            "it_system_access_requests",
            "IT System Access Request",
            Seed,
            Some("SAR"),
        )
        .list_index(&["request_status", "request_date"])
        .with(vec![
            name(Seed, 200),
            seed("person_id", lk("person")),
            seed("first_name", txt(100)),
            seed("middle_name", txt(100)),
            seed("last_name", txt(100)),
            seed("job_title", txt(200)),
            seed("email_address", txt(320)),
            seed("business_phone", txt(50)),
            seed("mobile_phone", txt(50)),
            seed("address_line_1", txt(200)),
            seed("address_line_2", txt(200)),
            seed("city", txt(200)),
            seed("state_or_province_id", lk("state_or_province")),
            seed("location_id", lk("location")),
            seed("organization_unit_id", lk("organization_unit")),
            seed("personnel_type_id", lk("personnel_type")),
            seed("grade_rank_id", lk("grade_rank")),
            seed("employment_type", ch("Employment Type")),
            seed("is_manager", boolean()),
            seed("user_identification_number", txt(100)).protected(),
            seed("it_system_id", lk("it_system")),
            seed("it_system_component_id", lk("it_system_component")),
            seed("it_product_id", lk("it_product")),
            seed("it_product_entitlement_id", lk("it_product_entitlement")),
            seed("it_work_assignment_code_id", lk("it_work_assignment_code")),
            seed("it_system_access_request_type", ch("Access Request Type")),
            seed("it_system_access_level", ch("Access Level")),
            seed(
                "security_classification_required",
                ch("Security Classification"),
            ),
            seed("justification", memo()),
            seed("optional_information", memo()),
            seed("requestor_certifies_need_to_know", boolean()).describe("Must be true to submit"),
            seed("information_awareness_completed", boolean()),
            seed("information_awareness_completed_date", date()),
            seed("request_date", dt()).sorted(),
            seed("requested_by_date", dt()),
            seed("access_expiration_date_time", dt()),
            seed("action_status", ch("Action Status")),
            seed("action_comments", memo()),
            seed("action_completed_date_time", dt()),
            plus("requested_by_id", lk("person")),
            plus("request_status", ch("Request Status")),
            plus("approval_status", ch("Approval Status")),
            plus("is_emergency", boolean()),
        ]),
        table(
            "it_system_access_detail",
            "it_system_access_details",
            "IT System Access Detail",
            Seed,
            None,
        )
        .about("One line of access change under an access request.")
        .with(vec![
            name(Seed, 200),
            seed(
                "it_system_access_request_id",
                lk("it_system_access_request"),
            )
            .required(),
            seed("it_system_access_action", ch("Access Action")),
            seed("it_product_id", lk("it_product")),
            seed("it_product_entitlement_id", lk("it_product_entitlement")),
            seed("it_system_component_id", lk("it_system_component")),
            plus("it_assigned_entitlement_id", lk("it_assigned_entitlement"))
                .since(7)
                .describe("The grant this line changes: for a revoke, modify, extend or transfer"),
            seed("justification", memo()),
            seed("action_status", ch("Action Status")),
            seed("action_comments", memo()),
            seed("action_completed_date_time", dt()),
            seed("action_expiration_date_time", dt()),
        ]),
        table(
            "it_datacenter",
            "it_datacenters",
            "IT Datacenter",
            Seed,
            None,
        )
        .with(vec![
            name(Seed, 200),
            plus("code", txt(50)),
            plus("hosting_type", ch("Hosting Type")),
            plus("environment_type", ch("Environment Type")),
            plus("location_id", lk("location")),
            plus("provider_id", lk("account")),
            plus("cloud_region", txt(100)),
            plus("operational_status", ch("Operational Status")),
            plus("security_classification", ch("Security Classification")),
        ]),
        table("it_system", "it_systems", "IT System", Seed, None).with(vec![
            name(Seed, 200),
            seed("abbreviation", txt(50)),
            seed("description", memo()),
            seed("ato_id", lk("it_system_accreditation")).label("Current ATO"),
            seed("catalog_status", ch("Catalog Status")),
            seed("criticality", ch("Criticality")),
            seed("dependencies_summary", memo()),
            seed("it_datacenter_id", lk("it_datacenter")),
            seed("information_security_officer_id", lk("person")),
            seed("is_public_api_available", boolean()),
            seed("public_api_endpoint", txt(500)),
            seed("last_review_date", date()),
            seed("next_review_date", date()),
            seed("lifecycle_stage", ch("Lifecycle Stage")),
            seed("operational_status", ch("Operational Status")),
            seed("point_of_contact_id", lk("person")),
            seed("primary_it_hosting_model", ch("Hosting Type")),
            seed("primary_technology_id", lk("it_technology")),
            seed("security_classification", ch("Security Classification")),
            seed("url", txt(500)),
            seed("visibility", ch("Visibility")),
            plus("system_owner_id", lk("person")),
            plus("confidentiality_impact", ch("Impact Level")),
            plus("integrity_impact", ch("Impact Level")),
            plus("availability_impact", ch("Impact Level")),
            plus("security_category", ch("Impact Level")).derived(Derivation::SecurityCategory),
            plus("contains_pii", boolean()),
        ]),
        table(
            "it_system_component",
            "it_system_components",
            "IT System Component",
            Seed,
            None,
        )
        .tree("parent_it_system_component_id")
        .with(vec![
            name(Seed, 200),
            seed("abbreviation", txt(50)),
            seed("description", memo()),
            seed("it_system_id", lk("it_system")).required(),
            seed("it_datacenter_id", lk("it_datacenter")),
            seed("it_product_id", lk("it_product")),
            seed(
                "it_system_component_type_id",
                lk("it_system_component_type"),
            ),
            seed("it_technology_id", lk("it_technology")),
            seed("last_review_date", date()),
            seed("next_review_date", date()),
            seed("operational_status", ch("Operational Status")),
            seed("parent_it_system_component_id", lk("it_system_component")),
            seed("primary_steward_id", lk("person")),
            seed("security_classification", ch("Security Classification")),
            seed("tags", memo()),
            seed("visibility", ch("Visibility")),
        ]),
        code_name_description(table(
            "it_system_component_type",
            "it_system_component_types",
            "IT System Component Type",
            Seed,
            None,
        )),
        table(
            "it_technology",
            "it_technologies",
            "IT Technology",
            Seed,
            None,
        )
        .with(vec![
            name(Seed, 200),
            seed("description", memo()),
            seed("it_technology_type_id", lk("it_technology_type")),
            seed("vendor_id", lk("account")),
            plus("technology_status", ch("Technology Status")),
            plus("end_of_support_date", date()),
        ]),
        table(
            "it_technology_type",
            "it_technology_types",
            "IT Technology Type",
            Seed,
            None,
        )
        .tree("parent_it_technology_type_id")
        .with(vec![
            name(Seed, 200),
            seed("description", memo()),
            seed("it_technology_category", ch("Technology Category")),
            seed("parent_it_technology_type_id", lk("it_technology_type")),
        ]),
        table(
            "it_system_accreditation",
            "it_system_accreditations",
            "IT System Accreditation",
            Seed,
            Some("ATO"),
        )
        .with(vec![
            name(Seed, 200),
            seed("it_system_id", lk("it_system")).required(),
            seed("certification_body_id", lk("account")),
            seed("it_accreditation_type", ch("Accreditation Type")),
            seed("expiration_date", dt()).sorted(),
            seed("scope", memo()),
            plus("accreditation_status", ch("Accreditation Status")),
            plus("compliance_framework_id", lk("compliance_framework")),
            plus("baseline", ch("Baseline")),
            plus("authorization_date", dt()),
            plus("authorizing_official_id", lk("person")),
            plus("authorizing_unit_id", lk("organization_unit")),
            plus("conditions", memo()),
            plus("risk_statement", memo()),
            plus("last_assessment_date", date()),
            plus("next_assessment_date", date()),
        ]),
        table(
            "it_compliance_assessment",
            "it_compliance_assessments",
            "IT Compliance Assessment",
            Seed,
            Some("ASMT"),
        )
        .with(vec![
            name(Seed, 200),
            seed("assessed_by_id", lk("person")),
            seed("assessment_date", dt()).sorted(),
            seed("compliance_requirement_id", lk("compliance_requirement")),
            seed("compliance_status", ch("Compliance Status")),
            seed("evidence_of_compliance", memo()),
            seed("findings_summary", memo()),
            seed("it_system_accreditation_id", lk("it_system_accreditation")),
            seed("next_action_date", dt()),
            seed("required_corrective_actions", memo()),
            seed("risk_level", ch("Risk Level")),
            seed("target_completion_date", dt()),
            plus("it_system_id", lk("it_system")),
            plus("assessment_type", ch("Assessment Type")),
            plus("assessment_status", ch("Assessment Status")),
            plus("assessment_method", ch("Assessment Method")),
        ]),
        table(
            "it_poam_item",
            "it_poam_items",
            "IT POAM Item",
            Seed,
            Some("POAM"),
        )
        .list_index(&["action_status", "due_date"])
        .with(vec![
            name(Seed, 200).label("Weakness Name"),
            seed("description", memo()).label("Weakness Description"),
            seed("action_status", ch("Action Status")),
            seed("due_date", dt())
                .sorted()
                .label("Scheduled Completion"),
            seed(
                "it_compliance_assessment_id",
                lk("it_compliance_assessment"),
            ),
            seed("it_system_id", lk("it_system")),
            seed("it_system_accreditation_id", lk("it_system_accreditation")),
            seed("it_system_component_id", lk("it_system_component")),
            seed("mitigation_plan", memo()),
            seed("risk_category", ch("Risk Category")),
            plus("compliance_requirement_id", lk("compliance_requirement")).label("Control"),
            plus("severity", ch("Severity Level")),
            plus("finding_type", ch("Finding Type")),
            plus("weakness_source", txt(200)),
            plus("identified_date", date()),
            plus("milestones", memo()).describe("JSON list of {description, due_on, done_on}"),
            plus("assigned_to_id", lk("person")),
            plus("responsible_unit_id", lk("organization_unit")),
            plus("mitigation_status", ch("Mitigation Status")),
            plus("deviation_type", ch("Deviation Type")),
            plus("deviation_rationale", memo()),
            plus("deviation_approved_by_id", lk("person")),
            plus("original_risk_rating", ch("Risk Level")),
            plus("adjusted_risk_rating", ch("Risk Level")),
            plus("actual_completion_date", date()),
            plus("completion_evidence", memo()),
            plus("verified_by_id", lk("person")),
            plus("verification_date", date()),
            plus("risk_item_id", lk("risk_item")),
        ]),
        table("incident", "incidents", "Incident", Plus, Some("INC"))
            .list_index(&["incident_status", "opened_on"])
            .with(vec![
                name(Plus, 200),
                plus("description", memo()),
                plus("impact", ch("Risk Level")),
                plus("urgency", ch("Risk Level")),
                plus("priority", ch("Priority")).derived(Derivation::IncidentPriority),
                plus("incident_status", ch("Incident Status")),
                plus("reported_by_id", lk("person")),
                plus("assigned_to_id", lk("person")),
                plus("assigned_team_id", lk("organization_unit")),
                plus("it_system_id", lk("it_system")),
                plus("it_system_component_id", lk("it_system_component")),
                plus("problem_id", lk("problem")),
                plus("is_security_incident", boolean()),
                plus("opened_on", dt()).sorted(),
                plus("resolved_on", dt()),
                plus("closed_on", dt()),
                plus("due_on", dt()),
                plus("sla_state", ch("SLA State")),
                plus("resolution_code", ch("Resolution Code")),
                plus("resolution_notes", memo()),
            ]),
        table("problem", "problems", "Problem", Plus, Some("PRB")).with(vec![
            name(Plus, 200),
            plus("description", memo()),
            plus("problem_status", ch("Problem Status")),
            plus("root_cause", memo()),
            plus("workaround", memo()),
            plus("known_error", boolean()),
            plus("assigned_to_id", lk("person")),
            plus("it_system_id", lk("it_system")),
        ]),
        table(
            "change_request",
            "change_requests",
            "Change Request",
            Plus,
            Some("CHG"),
        )
        .list_index(&["change_status", "planned_start"])
        .with(vec![
            name(Plus, 200),
            plus("description", memo()),
            plus("change_type", ch("Change Type")),
            plus("change_status", ch("Change Status")),
            plus("risk_level", ch("Risk Level")),
            plus("impact", ch("Risk Level")),
            plus("it_system_id", lk("it_system")),
            plus("it_system_component_id", lk("it_system_component")),
            plus("requested_by_id", lk("person")),
            plus("assigned_to_id", lk("person")),
            plus("planned_start", dt()).sorted(),
            plus("planned_end", dt()),
            plus("actual_start", dt()),
            plus("actual_end", dt()),
            plus("implementation_plan", memo()),
            plus("backout_plan", memo()),
            plus("test_plan", memo()),
            plus("approval_status", ch("Approval Status")),
            plus("related_poam_item_id", lk("it_poam_item")),
        ]),
        table(
            "approval",
            "approvals",
            "Review Approval Decision",
            Core,
            None,
        )
        .about("One reviewer's decision on one record at one stage.")
        .with(vec![
            name(Core, 200),
            plus("regarding_table", txt(100)),
            plus("regarding_id", FieldType::Uuid),
            plus("stage", int()),
            core("reviewer_type", ch("Reviewer Type")),
            core("reviewer_id", lk("person")),
            core("approval_status", ch("Approval Status")),
            core("decision_date", dt()),
            core("due_date", dt()),
            core("requested_date", dt()),
            core("requestor_comments", memo()),
            core("reviewer_comments", memo()),
        ]),
        table("note", "notes", "Note", Plus, None)
            .about("A comment or work note on any record.")
            .with(vec![
                name(Plus, 200).label("Subject"),
                plus("regarding_table", txt(100)),
                plus("regarding_id", FieldType::Uuid),
                plus("body", memo()),
                plus("is_internal", boolean()).default(DefaultValue::Bool(false)),
                plus("author_id", lk("person")),
            ]),
    ]
}

/// Steward's own tables for who may do what (schema migration 2): accounts, tokens, roles, teams.
fn access_tables() -> Vec<Table> {
    let since2 = |mut t: Table| {
        t.since = 2;
        t
    };
    let link = |name: &str, set: &str, label: &str, a: (&str, &str), b: (&str, &str)| {
        since2(table(name, set, label, Plus, None).with(vec![
            name_field(),
            plus(a.0, lk(a.1)).required(),
            plus(b.0, lk(b.1)).required().unique_within(a.0),
        ]))
    };
    vec![
        since2(table("user_account", "user_accounts", "User Account", Plus, None))
            .about("A way to sign in to Steward, for one person.")
            .with(vec![
                name(Plus, 100).unique().label("User Name"),
                plus("person_id", lk("person")).required(),
                plus("is_active", boolean()).default(DefaultValue::Bool(true)),
                plus("auth_source", ch("Auth Source")).default(DefaultValue::Text("local".into())),
                plus("external_subject", txt(255)).unique().describe("OpenID Connect subject or SCIM externalId"),
                plus("last_login_on", dt()).read_only(),
                plus("password_hash", txt(255)).secret(),
            ]),
        since2(table("api_token", "api_tokens", "API Token", Plus, None))
            .about("A bearer token for scripts and integrations, acting as its owner narrowed by its scope.")
            .with(vec![
                name(Plus, 200).label("Label"),
                plus("user_account_id", lk("user_account")).required(),
                plus("scope", ch("Token Scope")).required().default(DefaultValue::Text("read".into())),
                plus("expires_on", dt()).required(),
                plus("revoked_on", dt()),
                plus("last_used_on", dt()).read_only(),
                plus("token_prefix", txt(20)).read_only().describe("The token's first characters, to recognise it"),
                plus("token_hash", txt(128)).secret().unique(),
            ]),
        since2(table("user_session", "user_sessions", "User Session", Plus, None))
            .about("A signed-in browser session. Creating one is the audited login; ending one the logout.")
            .with(vec![
                name(Plus, 200).label("Client").describe("The client's user agent"),
                plus("user_account_id", lk("user_account")).required(),
                plus("client_address", txt(100)).read_only(),
                plus("expires_on", dt()).required().read_only().describe("Absolute end, whatever the activity"),
                plus("last_seen_on", dt()).read_only().describe("Refreshed at most once a minute; the idle timeout counts from it"),
                plus("ended_on", dt()).describe("Set on logout or revocation"),
                plus("token_hash", txt(128)).secret().unique(),
                plus("csrf_hash", txt(128)).secret(),
            ]),
        since2(table("security_role", "security_roles", "Security Role", Plus, None)).with(vec![
            name(Plus, 200).unique(),
            plus("description", memo()),
            plus("is_built_in", boolean()).default(DefaultValue::Bool(false)),
            plus("reads_protected_fields", boolean())
                .default(DefaultValue::Bool(false))
                .describe("Holders see protected fields (user identification numbers) and internal notes"),
        ]),
        since2(table("role_privilege", "role_privileges", "Role Privilege", Plus, None)).with(vec![
            name_field(),
            plus("security_role_id", lk("security_role")).required(),
            plus("table_name", txt(100)).required(),
            plus("privilege", ch("Privilege")).required(),
            plus("depth", ch("Privilege Depth")).required(),
        ]),
        since2(table("team", "teams", "Team", Plus, None)).with(vec![
            name(Plus, 200).unique(),
            plus("description", memo()),
            plus("manager_id", lk("person")),
            plus("external_id", txt(255)).unique().describe("SCIM externalId"),
        ]),
        link("team_member", "team_members", "Team Member", ("team_id", "team"), ("person_id", "person")),
        link("user_role", "user_roles", "User Role", ("user_account_id", "user_account"), ("security_role_id", "security_role")),
        link("team_role", "team_roles", "Team Role", ("team_id", "team"), ("security_role_id", "security_role")),
    ]
}

/// Steward's own personal records of the web UI (schema migration 3): each belongs to one user
/// account, who reads and writes it whatever their roles (see `docs/ROLES.md`).
fn personal_tables() -> Vec<Table> {
    let since3 = |mut t: Table| {
        t.since = 3;
        t
    };
    vec![
        since3(table("user_preference", "user_preferences", "User Preference", Plus, None))
            .about("How one user likes the web UI and their mail: the time zone dates are shown in, the theme, the kinds of mail they do without.")
            .with(vec![
                name_field(),
                plus("user_account_id", lk("user_account")).required().unique(),
                plus("time_zone", txt(64))
                    .default(DefaultValue::Text("UTC".into()))
                    .describe("IANA time zone name, e.g. America/New_York; dates and times are shown and entered in it"),
                plus("theme", ch("Theme")).default(DefaultValue::Text("system".into())),
                plus("mail_off", FieldType::choices("mail_kind"))
                    .since(9)
                    .label("Mail I Do Without")
                    .describe("Kinds of mail not sent to this user; approvals waiting for them and breached service levels are always sent"),
            ]),
        since3(table("saved_view", "saved_views", "Saved View", Plus, None))
            .about("A list view one user saved under a name: columns, sort and filter of one table.")
            .with(vec![
                name_field(),
                plus("user_account_id", lk("user_account")).required(),
                plus("table_name", txt(100)).required(),
                plus("view_query", txt(4000)).required().describe("The list page's query string"),
            ]),
    ]
}

/// The tables a configuration item relation may name at either end (`ci_relation.source_table`,
/// `ci_relation.target_table`): the inventory records that run, host or connect to each other.
pub const CI_TABLES: &[&str] = &[
    "it_system",
    "it_system_component",
    "it_datacenter",
    "it_product",
    "it_technology",
];

/// Configuration item relations (schema migration 4): "source <relation_type> target" between two
/// inventory records, which the impact view walks backwards (see `docs/CI-RELATIONS.md`).
fn ci_tables() -> Vec<Table> {
    let since4 = |mut t: Table| {
        t.since = 4;
        t
    };
    vec![since4(table("ci_relation", "ci_relations", "CI Relation", Plus, None))
        .about("One configuration item depending on, running on, hosted in or connecting to another.")
        .list_index(&["target_id"])
        .list_index(&["source_id"])
        .with(vec![
            name_field(),
            plus("source_table", txt(100))
                .required()
                .describe("The table of the dependent record: it_system, it_system_component, it_datacenter, it_product or it_technology"),
            plus("source_id", FieldType::Uuid).required().describe("The dependent record"),
            plus("relation_type", ch("CI Relation Type"))
                .required()
                .describe("How the source relates to the target: the source depends on, runs on, is hosted in or connects to it"),
            plus("target_table", txt(100))
                .required()
                .describe("The table of the record depended on (the same five tables)"),
            plus("target_id", FieldType::Uuid).required().describe("The record depended on"),
            plus("description", memo()),
        ])]
}

/// What the processes need beside their records (schema migration 5): windows in which no change
/// is scheduled, and reviewers' delegates while they are away.
fn process_tables() -> Vec<Table> {
    let since5 = |mut t: Table| {
        t.since = 5;
        t
    };
    vec![
        since5(table("change_blackout", "change_blackouts", "Change Blackout", Plus, None))
            .about("A window in which changes are not scheduled (a freeze): on one system, or on every system when none is named.")
            .list_index(&["starts_on"])
            .with(vec![
                name(Plus, 200),
                plus("starts_on", dt()).required(),
                plus("ends_on", dt()).required(),
                plus("it_system_id", lk("it_system")).describe("Empty: every system"),
                plus("description", memo()),
            ]),
        since5(table("approval_delegation", "approval_delegations", "Approval Delegation", Plus, None))
            .about("A reviewer's delegate while they are away: the delegate decides their approvals in the window, audited as the delegate for the reviewer.")
            .with(vec![
                name(Plus, 200),
                plus("delegator_id", lk("person"))
                    .required()
                    .default(DefaultValue::Caller)
                    .describe("The reviewer who is away; the caller when not given"),
                plus("delegate_id", lk("person")).required().describe("Who decides in their place"),
                plus("starts_on", dt()).required(),
                plus("ends_on", dt()).required(),
                plus("reason", memo()),
            ]),
    ]
}

/// Files attached to process and compliance records (schema migration 6). The bytes are a secret
/// field (base64): served only by the attachment's own download, never by a list or a query.
fn attachment_tables() -> Vec<Table> {
    let mut t = table("attachment", "attachments", "Attachment", Plus, None)
        .about("A file on a process or compliance record: a screenshot, a scan report as evidence. Its SHA-256 is in the audit chain.")
        .with(vec![
            name(Plus, 255).label("File Name"),
            plus("regarding_table", txt(100)).required(),
            plus("regarding_id", FieldType::Uuid).required(),
            plus("content_type", txt(100))
                .read_only()
                .describe("Sniffed from the bytes, not taken from the client"),
            plus("size_bytes", int()).read_only(),
            plus("sha256", txt(64))
                .read_only()
                .describe("SHA-256 of the bytes, hex; recorded in the audit chain"),
            plus("content", memo()).secret(),
        ]);
    t.since = 6;
    vec![t]
}

/// The runs of the jobs Steward does by itself (schema migration 8): written by Steward only, read
/// by administrators.
fn job_tables() -> Vec<Table> {
    let mut t = table("job_run", "job_runs", "Job Run", Plus, None)
        .about("One run of a job Steward does by itself (service levels, timers): when, what it did, how it ended. Written by Steward only.")
        .with(vec![
            name(Plus, 100).label("Job"),
            plus("started_on", dt()).read_only().sorted(),
            plus("ended_on", dt()).read_only(),
            plus("outcome", txt(20)).read_only().describe("succeeded, or failed"),
            plus("examined", int()).read_only().describe("Records looked at"),
            plus("changed", int()).read_only().describe("Records changed, each audited"),
            plus("failed", int()).read_only().describe("Records left as they were because acting on them failed"),
            plus("message", memo()).read_only(),
            plus("server", txt(200)).read_only().describe("The process that ran it: host and process id"),
            plus("run_key", txt(200))
                .read_only()
                .since(9)
                .describe("The queued run it was (a recurring occurrence, a one-off run); empty when run by hand"),
            plus("attempt", int())
                .read_only()
                .since(9)
                .describe("1 for a first attempt; more when a server died mid-run and another took it over"),
        ]);
    t.since = 8;
    t.written_by_steward = true;
    let mut hooks = table("webhook_subscription", "webhook_subscriptions", "Webhook Subscription", Plus, None)
        .about("A URL told of events as they happen (records created, transitions taken, service levels breached, approvals decided), each delivery signed with HMAC-SHA256 and retried until it is taken (docs/WEBHOOKS.md). Deactivate it to pause it.")
        .with(vec![
            name(Plus, 200),
            plus("url", txt(2000)).required().label("URL").describe("Where the events are POSTed (http or https)"),
            plus("events", FieldType::choices("webhook_event")).required(),
            plus("table_names", txt(2000)).describe("The tables whose events are sent, comma-separated (e.g. incident, it_service_request); every table when empty"),
            plus("signing_secret", txt(200))
                .required()
                .write_only()
                .describe("The key of each delivery's HMAC-SHA256 signature, as the receiver knows it: given, never shown again"),
        ]);
    hooks.since = 9;
    vec![t, hooks]
}

/// The name of a link record: free text, required like every name.
fn name_field() -> Field {
    name(Plus, 200)
}

/// System columns, in column order; a table's own declaration of one (person.owner_id) wins.
fn system_columns(t: &Table) -> Vec<Field> {
    let sys = |name: &str, ty: FieldType| Field::new(name, ty, Origin::System).read_only();
    let mut cols = vec![
        sys("id", FieldType::Uuid).required().label("ID"),
        sys("created_on", dt()).required().sorted(),
        sys("created_by_id", lk("person")).required(),
        sys("modified_on", dt()).required().sorted(),
        sys("modified_by_id", lk("person")).required(),
        // owner and owning unit are writable: records can be handed over.
        Field::new("owner_id", lk("person"), Origin::System),
        Field::new("owning_unit_id", lk("organization_unit"), Origin::System),
        Field::new("state", FieldType::choice("record_state"), Origin::System)
            .required()
            .default(DefaultValue::Text("active".into())),
        sys("row_version", int()).required(),
    ];
    if t.number_prefix.is_some() {
        cols.insert(1, sys("number", txt(20)).unique().sorted());
    }
    cols
}

pub(crate) fn build() -> Model {
    let choice_sets: BTreeMap<String, ChoiceSet> = choices::all()
        .into_iter()
        .map(|s| (s.name.clone(), s))
        .collect();
    let tables = tables()
        .into_iter()
        .chain(access_tables())
        .chain(personal_tables())
        .chain(ci_tables())
        .chain(process_tables())
        .chain(attachment_tables())
        .chain(job_tables())
        .map(|mut t| {
            let own = std::mem::take(&mut t.fields);
            let mut fields: Vec<Field> = system_columns(&t)
                .into_iter()
                .map(|sys| {
                    own.iter()
                        .find(|f| f.name == sys.name)
                        .cloned()
                        .unwrap_or(sys)
                })
                .collect();
            let extra: Vec<Field> = own
                .into_iter()
                .filter(|f| !fields.iter().any(|s| s.name == f.name))
                .collect();
            fields.extend(extra);
            // Money gets its companion currency code (ISO 4217), so an amount never stands alone.
            let mut with_currency = Vec::with_capacity(fields.len() + 1);
            for field in fields {
                let money = (field.ty == FieldType::Money).then(|| field.name.clone());
                let origin = field.origin;
                with_currency.push(field);
                if let Some(name) = money {
                    with_currency.push(
                        Field::new(&format!("{name}_currency"), txt(3), origin)
                            .default(DefaultValue::Text("USD".into()))
                            .describe("ISO 4217 currency code of the amount"),
                    );
                }
            }
            t.fields = with_currency;
            t
        })
        .collect();
    Model {
        tables,
        choice_sets,
    }
}

#[cfg(test)]
mod tests {
    use crate::{FieldType, Model};

    #[test]
    fn every_reference_resolves() {
        let m = Model::builtin();
        assert_eq!(
            m.tables.iter().filter(|t| t.since == 1).count(),
            33,
            "the spec's tables"
        );
        for t in &m.tables {
            for f in &t.fields {
                match &f.ty {
                    FieldType::Lookup { table } => {
                        assert!(m.table(table).is_some(), "{}.{} -> {table}", t.name, f.name)
                    }
                    FieldType::Choice { set } | FieldType::Choices { set } => {
                        assert!(
                            m.choice_set(set).is_some(),
                            "{}.{} -> {set}",
                            t.name,
                            f.name
                        )
                    }
                    _ => {}
                }
            }
            if let Some(p) = &t.tree_parent {
                assert_eq!(
                    t.field(p).and_then(|f| f.ty.lookup_table()),
                    Some(t.name.as_str())
                );
            }
            let mut names: Vec<_> = t.fields.iter().map(|f| &f.name).collect();
            names.sort();
            let n = names.len();
            names.dedup();
            assert_eq!(n, names.len(), "duplicate field in {}", t.name);
        }
    }
}
