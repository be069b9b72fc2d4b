-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "person" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "first_name" TEXT,
    "middle_name" TEXT,
    "last_name" TEXT,
    "identity_kind" TEXT,
    "email" TEXT,
    "business_phone" TEXT,
    "mobile_phone" TEXT,
    "job_title" TEXT,
    "organization_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "manager_id" TEXT REFERENCES "person"("id"),
    "personnel_type_id" TEXT REFERENCES "personnel_type"("id"),
    "grade_rank_id" TEXT REFERENCES "grade_rank"("id"),
    "location_id" TEXT REFERENCES "location"("id"),
    "address_home_state_id" TEXT REFERENCES "state_or_province"("id"),
    "employment_type" TEXT,
    "user_identification_number" TEXT,
    "credential_last_rotated_on" TEXT,
    "credential_rotation_due_on" TEXT,
    "is_active" INTEGER
);
CREATE INDEX "ix_person_created_on" ON "person" ("created_on");
CREATE INDEX "ix_person_created_by_id" ON "person" ("created_by_id");
CREATE INDEX "ix_person_modified_on" ON "person" ("modified_on");
CREATE INDEX "ix_person_modified_by_id" ON "person" ("modified_by_id");
CREATE INDEX "ix_person_owner_id" ON "person" ("owner_id");
CREATE INDEX "ix_person_owning_unit_id" ON "person" ("owning_unit_id");
CREATE INDEX "ix_person_name" ON "person" ("name");
CREATE INDEX "ix_person_last_name" ON "person" ("last_name");
CREATE UNIQUE INDEX "uq_person_email" ON "person" ("email");
CREATE INDEX "ix_person_organization_unit_id" ON "person" ("organization_unit_id");
CREATE INDEX "ix_person_manager_id" ON "person" ("manager_id");
CREATE INDEX "ix_person_personnel_type_id" ON "person" ("personnel_type_id");
CREATE INDEX "ix_person_grade_rank_id" ON "person" ("grade_rank_id");
CREATE INDEX "ix_person_location_id" ON "person" ("location_id");
CREATE INDEX "ix_person_address_home_state_id" ON "person" ("address_home_state_id");

CREATE TABLE "organization_unit" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "code" TEXT,
    "parent_id" TEXT REFERENCES "organization_unit"("id"),
    "unit_type" TEXT,
    "manager_id" TEXT REFERENCES "person"("id")
);
CREATE INDEX "ix_organization_unit_created_on" ON "organization_unit" ("created_on");
CREATE INDEX "ix_organization_unit_created_by_id" ON "organization_unit" ("created_by_id");
CREATE INDEX "ix_organization_unit_modified_on" ON "organization_unit" ("modified_on");
CREATE INDEX "ix_organization_unit_modified_by_id" ON "organization_unit" ("modified_by_id");
CREATE INDEX "ix_organization_unit_owner_id" ON "organization_unit" ("owner_id");
CREATE INDEX "ix_organization_unit_owning_unit_id" ON "organization_unit" ("owning_unit_id");
CREATE INDEX "ix_organization_unit_name" ON "organization_unit" ("name");
CREATE UNIQUE INDEX "uq_organization_unit_code" ON "organization_unit" ("code");
CREATE INDEX "ix_organization_unit_parent_id" ON "organization_unit" ("parent_id");
CREATE INDEX "ix_organization_unit_manager_id" ON "organization_unit" ("manager_id");

CREATE TABLE "location" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "address_line_1" TEXT,
    "address_line_2" TEXT,
    "city" TEXT,
    "state_or_province_id" TEXT REFERENCES "state_or_province"("id"),
    "postal_code" TEXT,
    "country_code" TEXT
);
CREATE INDEX "ix_location_created_on" ON "location" ("created_on");
CREATE INDEX "ix_location_created_by_id" ON "location" ("created_by_id");
CREATE INDEX "ix_location_modified_on" ON "location" ("modified_on");
CREATE INDEX "ix_location_modified_by_id" ON "location" ("modified_by_id");
CREATE INDEX "ix_location_owner_id" ON "location" ("owner_id");
CREATE INDEX "ix_location_owning_unit_id" ON "location" ("owning_unit_id");
CREATE INDEX "ix_location_name" ON "location" ("name");
CREATE INDEX "ix_location_state_or_province_id" ON "location" ("state_or_province_id");

CREATE TABLE "state_or_province" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "code" TEXT,
    "country_code" TEXT
);
CREATE INDEX "ix_state_or_province_created_on" ON "state_or_province" ("created_on");
CREATE INDEX "ix_state_or_province_created_by_id" ON "state_or_province" ("created_by_id");
CREATE INDEX "ix_state_or_province_modified_on" ON "state_or_province" ("modified_on");
CREATE INDEX "ix_state_or_province_modified_by_id" ON "state_or_province" ("modified_by_id");
CREATE INDEX "ix_state_or_province_owner_id" ON "state_or_province" ("owner_id");
CREATE INDEX "ix_state_or_province_owning_unit_id" ON "state_or_province" ("owning_unit_id");
CREATE INDEX "ix_state_or_province_name" ON "state_or_province" ("name");
CREATE UNIQUE INDEX "uq_state_or_province_code" ON "state_or_province" ("code");

CREATE TABLE "grade_rank" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "code" TEXT,
    "description" TEXT
);
CREATE INDEX "ix_grade_rank_created_on" ON "grade_rank" ("created_on");
CREATE INDEX "ix_grade_rank_created_by_id" ON "grade_rank" ("created_by_id");
CREATE INDEX "ix_grade_rank_modified_on" ON "grade_rank" ("modified_on");
CREATE INDEX "ix_grade_rank_modified_by_id" ON "grade_rank" ("modified_by_id");
CREATE INDEX "ix_grade_rank_owner_id" ON "grade_rank" ("owner_id");
CREATE INDEX "ix_grade_rank_owning_unit_id" ON "grade_rank" ("owning_unit_id");
CREATE INDEX "ix_grade_rank_name" ON "grade_rank" ("name");

CREATE TABLE "personnel_type" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "code" TEXT,
    "description" TEXT
);
CREATE INDEX "ix_personnel_type_created_on" ON "personnel_type" ("created_on");
CREATE INDEX "ix_personnel_type_created_by_id" ON "personnel_type" ("created_by_id");
CREATE INDEX "ix_personnel_type_modified_on" ON "personnel_type" ("modified_on");
CREATE INDEX "ix_personnel_type_modified_by_id" ON "personnel_type" ("modified_by_id");
CREATE INDEX "ix_personnel_type_owner_id" ON "personnel_type" ("owner_id");
CREATE INDEX "ix_personnel_type_owning_unit_id" ON "personnel_type" ("owning_unit_id");
CREATE INDEX "ix_personnel_type_name" ON "personnel_type" ("name");

CREATE TABLE "account" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "account_type" TEXT,
    "url" TEXT,
    "description" TEXT
);
CREATE INDEX "ix_account_created_on" ON "account" ("created_on");
CREATE INDEX "ix_account_created_by_id" ON "account" ("created_by_id");
CREATE INDEX "ix_account_modified_on" ON "account" ("modified_on");
CREATE INDEX "ix_account_modified_by_id" ON "account" ("modified_by_id");
CREATE INDEX "ix_account_owner_id" ON "account" ("owner_id");
CREATE INDEX "ix_account_owning_unit_id" ON "account" ("owning_unit_id");
CREATE INDEX "ix_account_name" ON "account" ("name");

CREATE TABLE "compliance_framework" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "title" TEXT,
    "version" TEXT,
    "url" TEXT,
    "responsible_authority" TEXT,
    "description" TEXT
);
CREATE INDEX "ix_compliance_framework_created_on" ON "compliance_framework" ("created_on");
CREATE INDEX "ix_compliance_framework_created_by_id" ON "compliance_framework" ("created_by_id");
CREATE INDEX "ix_compliance_framework_modified_on" ON "compliance_framework" ("modified_on");
CREATE INDEX "ix_compliance_framework_modified_by_id" ON "compliance_framework" ("modified_by_id");
CREATE INDEX "ix_compliance_framework_owner_id" ON "compliance_framework" ("owner_id");
CREATE INDEX "ix_compliance_framework_owning_unit_id" ON "compliance_framework" ("owning_unit_id");
CREATE INDEX "ix_compliance_framework_name" ON "compliance_framework" ("name");

CREATE TABLE "compliance_requirement" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "framework_id" TEXT REFERENCES "compliance_framework"("id"),
    "identifier" TEXT,
    "family" TEXT,
    "parent_id" TEXT REFERENCES "compliance_requirement"("id"),
    "statement" TEXT,
    "baselines" TEXT
);
CREATE INDEX "ix_compliance_requirement_created_on" ON "compliance_requirement" ("created_on");
CREATE INDEX "ix_compliance_requirement_created_by_id" ON "compliance_requirement" ("created_by_id");
CREATE INDEX "ix_compliance_requirement_modified_on" ON "compliance_requirement" ("modified_on");
CREATE INDEX "ix_compliance_requirement_modified_by_id" ON "compliance_requirement" ("modified_by_id");
CREATE INDEX "ix_compliance_requirement_owner_id" ON "compliance_requirement" ("owner_id");
CREATE INDEX "ix_compliance_requirement_owning_unit_id" ON "compliance_requirement" ("owning_unit_id");
CREATE INDEX "ix_compliance_requirement_name" ON "compliance_requirement" ("name");
CREATE INDEX "ix_compliance_requirement_framework_id" ON "compliance_requirement" ("framework_id");
CREATE UNIQUE INDEX "uq_compliance_requirement_identifier" ON "compliance_requirement" ("framework_id", "identifier");
CREATE INDEX "ix_compliance_requirement_parent_id" ON "compliance_requirement" ("parent_id");

CREATE TABLE "risk_item" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "it_system_accreditation_id" TEXT REFERENCES "it_system_accreditation"("id"),
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "description" TEXT,
    "likelihood" TEXT,
    "impact" TEXT,
    "risk_level" TEXT,
    "risk_response" TEXT,
    "risk_status" TEXT,
    "risk_owner_id" TEXT REFERENCES "person"("id"),
    "acceptance_expires_on" TEXT
);
CREATE UNIQUE INDEX "uq_risk_item_number" ON "risk_item" ("number");
CREATE INDEX "ix_risk_item_created_on" ON "risk_item" ("created_on");
CREATE INDEX "ix_risk_item_created_by_id" ON "risk_item" ("created_by_id");
CREATE INDEX "ix_risk_item_modified_on" ON "risk_item" ("modified_on");
CREATE INDEX "ix_risk_item_modified_by_id" ON "risk_item" ("modified_by_id");
CREATE INDEX "ix_risk_item_owner_id" ON "risk_item" ("owner_id");
CREATE INDEX "ix_risk_item_owning_unit_id" ON "risk_item" ("owning_unit_id");
CREATE INDEX "ix_risk_item_name" ON "risk_item" ("name");
CREATE INDEX "ix_risk_item_it_system_accreditation_id" ON "risk_item" ("it_system_accreditation_id");
CREATE INDEX "ix_risk_item_it_system_id" ON "risk_item" ("it_system_id");
CREATE INDEX "ix_risk_item_risk_owner_id" ON "risk_item" ("risk_owner_id");

CREATE TABLE "it_service_request_type" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "parent_it_service_request_type_id" TEXT REFERENCES "it_service_request_type"("id"),
    "description" TEXT,
    "request_kind" TEXT,
    "requires_approval" INTEGER,
    "default_priority" TEXT,
    "fulfillment_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "target_hours" INTEGER,
    "is_orderable" INTEGER,
    "form_fields" TEXT
);
CREATE INDEX "ix_it_service_request_type_created_on" ON "it_service_request_type" ("created_on");
CREATE INDEX "ix_it_service_request_type_created_by_id" ON "it_service_request_type" ("created_by_id");
CREATE INDEX "ix_it_service_request_type_modified_on" ON "it_service_request_type" ("modified_on");
CREATE INDEX "ix_it_service_request_type_modified_by_id" ON "it_service_request_type" ("modified_by_id");
CREATE INDEX "ix_it_service_request_type_owner_id" ON "it_service_request_type" ("owner_id");
CREATE INDEX "ix_it_service_request_type_owning_unit_id" ON "it_service_request_type" ("owning_unit_id");
CREATE INDEX "ix_it_service_request_type_name" ON "it_service_request_type" ("name");
CREATE INDEX "ix_it_service_request_type_parent_it_service_request_type_id" ON "it_service_request_type" ("parent_it_service_request_type_id");
CREATE INDEX "ix_it_service_request_type_fulfillment_unit_id" ON "it_service_request_type" ("fulfillment_unit_id");

CREATE TABLE "it_service_request" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "it_service_request_type_id" TEXT REFERENCES "it_service_request_type"("id"),
    "it_work_assignment_code_id" TEXT REFERENCES "it_work_assignment_code"("id"),
    "description" TEXT,
    "request_status" TEXT,
    "priority" TEXT,
    "requested_by_id" TEXT REFERENCES "person"("id"),
    "requested_for_id" TEXT REFERENCES "person"("id"),
    "requesting_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "request_date" TEXT,
    "required_date" TEXT,
    "assigned_to_id" TEXT REFERENCES "person"("id"),
    "assigned_team_id" TEXT REFERENCES "organization_unit"("id"),
    "method_of_contact" TEXT,
    "business_justification" TEXT,
    "total_estimated_cost" NUMERIC,
    "total_estimated_cost_currency" TEXT,
    "approval_status" TEXT,
    "approved_by_id" TEXT REFERENCES "person"("id"),
    "approval_date" TEXT,
    "fulfillment_start_date" TEXT,
    "fulfillment_completion_date" TEXT,
    "closed_date" TEXT,
    "due_on" TEXT,
    "sla_state" TEXT,
    "satisfaction_rating" INTEGER,
    "feedback" TEXT,
    "form_answers" TEXT,
    "it_system_id" TEXT REFERENCES "it_system"("id")
);
CREATE INDEX "ix_it_service_request_request_status_request_date" ON "it_service_request" ("request_status", "request_date");
CREATE UNIQUE INDEX "uq_it_service_request_number" ON "it_service_request" ("number");
CREATE INDEX "ix_it_service_request_created_on" ON "it_service_request" ("created_on");
CREATE INDEX "ix_it_service_request_created_by_id" ON "it_service_request" ("created_by_id");
CREATE INDEX "ix_it_service_request_modified_on" ON "it_service_request" ("modified_on");
CREATE INDEX "ix_it_service_request_modified_by_id" ON "it_service_request" ("modified_by_id");
CREATE INDEX "ix_it_service_request_owner_id" ON "it_service_request" ("owner_id");
CREATE INDEX "ix_it_service_request_owning_unit_id" ON "it_service_request" ("owning_unit_id");
CREATE INDEX "ix_it_service_request_name" ON "it_service_request" ("name");
CREATE INDEX "ix_it_service_request_it_service_request_type_id" ON "it_service_request" ("it_service_request_type_id");
CREATE INDEX "ix_it_service_request_it_work_assignment_code_id" ON "it_service_request" ("it_work_assignment_code_id");
CREATE INDEX "ix_it_service_request_requested_by_id" ON "it_service_request" ("requested_by_id");
CREATE INDEX "ix_it_service_request_requested_for_id" ON "it_service_request" ("requested_for_id");
CREATE INDEX "ix_it_service_request_requesting_unit_id" ON "it_service_request" ("requesting_unit_id");
CREATE INDEX "ix_it_service_request_request_date" ON "it_service_request" ("request_date");
CREATE INDEX "ix_it_service_request_assigned_to_id" ON "it_service_request" ("assigned_to_id");
CREATE INDEX "ix_it_service_request_assigned_team_id" ON "it_service_request" ("assigned_team_id");
CREATE INDEX "ix_it_service_request_approved_by_id" ON "it_service_request" ("approved_by_id");
CREATE INDEX "ix_it_service_request_due_on" ON "it_service_request" ("due_on");
CREATE INDEX "ix_it_service_request_it_system_id" ON "it_service_request" ("it_system_id");

CREATE TABLE "it_work_assignment_code" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "start_date" TEXT,
    "end_date" TEXT,
    "code" TEXT,
    "funding_source" TEXT
);
CREATE INDEX "ix_it_work_assignment_code_created_on" ON "it_work_assignment_code" ("created_on");
CREATE INDEX "ix_it_work_assignment_code_created_by_id" ON "it_work_assignment_code" ("created_by_id");
CREATE INDEX "ix_it_work_assignment_code_modified_on" ON "it_work_assignment_code" ("modified_on");
CREATE INDEX "ix_it_work_assignment_code_modified_by_id" ON "it_work_assignment_code" ("modified_by_id");
CREATE INDEX "ix_it_work_assignment_code_owner_id" ON "it_work_assignment_code" ("owner_id");
CREATE INDEX "ix_it_work_assignment_code_owning_unit_id" ON "it_work_assignment_code" ("owning_unit_id");
CREATE INDEX "ix_it_work_assignment_code_name" ON "it_work_assignment_code" ("name");
CREATE UNIQUE INDEX "uq_it_work_assignment_code_code" ON "it_work_assignment_code" ("code");

CREATE TABLE "it_product" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "vendor_id" TEXT REFERENCES "account"("id"),
    "version" TEXT,
    "product_category" TEXT,
    "description" TEXT
);
CREATE INDEX "ix_it_product_created_on" ON "it_product" ("created_on");
CREATE INDEX "ix_it_product_created_by_id" ON "it_product" ("created_by_id");
CREATE INDEX "ix_it_product_modified_on" ON "it_product" ("modified_on");
CREATE INDEX "ix_it_product_modified_by_id" ON "it_product" ("modified_by_id");
CREATE INDEX "ix_it_product_owner_id" ON "it_product" ("owner_id");
CREATE INDEX "ix_it_product_owning_unit_id" ON "it_product" ("owning_unit_id");
CREATE INDEX "ix_it_product_name" ON "it_product" ("name");
CREATE INDEX "ix_it_product_vendor_id" ON "it_product" ("vendor_id");

CREATE TABLE "it_product_entitlement" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "it_product_id" TEXT REFERENCES "it_product"("id"),
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "entitlement_code" TEXT,
    "entitlement_type" TEXT,
    "entitlement_category" TEXT,
    "access_level" TEXT,
    "requires_manager_approval" INTEGER,
    "requires_owner_approval" INTEGER,
    "requires_security_review" INTEGER,
    "approver_id" TEXT REFERENCES "person"("id"),
    "max_assignment_days" INTEGER,
    "risk_level" TEXT,
    "compliance_requirement_id" TEXT REFERENCES "compliance_requirement"("id"),
    "is_active" INTEGER
);
CREATE INDEX "ix_it_product_entitlement_created_on" ON "it_product_entitlement" ("created_on");
CREATE INDEX "ix_it_product_entitlement_created_by_id" ON "it_product_entitlement" ("created_by_id");
CREATE INDEX "ix_it_product_entitlement_modified_on" ON "it_product_entitlement" ("modified_on");
CREATE INDEX "ix_it_product_entitlement_modified_by_id" ON "it_product_entitlement" ("modified_by_id");
CREATE INDEX "ix_it_product_entitlement_owner_id" ON "it_product_entitlement" ("owner_id");
CREATE INDEX "ix_it_product_entitlement_owning_unit_id" ON "it_product_entitlement" ("owning_unit_id");
CREATE INDEX "ix_it_product_entitlement_name" ON "it_product_entitlement" ("name");
CREATE INDEX "ix_it_product_entitlement_it_product_id" ON "it_product_entitlement" ("it_product_id");
CREATE INDEX "ix_it_product_entitlement_it_system_id" ON "it_product_entitlement" ("it_system_id");
CREATE INDEX "ix_it_product_entitlement_approver_id" ON "it_product_entitlement" ("approver_id");
CREATE INDEX "ix_it_product_entitlement_compliance_requirement_id" ON "it_product_entitlement" ("compliance_requirement_id");

CREATE TABLE "it_assigned_entitlement" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "person_id" TEXT REFERENCES "person"("id"),
    "it_product_entitlement_id" TEXT REFERENCES "it_product_entitlement"("id"),
    "assignment_status" TEXT,
    "assignment_type" TEXT,
    "start_date" TEXT,
    "end_date" TEXT,
    "it_system_access_request_id" TEXT REFERENCES "it_system_access_request"("id"),
    "granted_by_id" TEXT REFERENCES "person"("id"),
    "granted_date" TEXT,
    "last_review_date" TEXT,
    "next_review_date" TEXT,
    "review_status" TEXT,
    "revocation_date" TEXT,
    "revoked_by_id" TEXT REFERENCES "person"("id"),
    "revocation_reason" TEXT,
    "account_username" TEXT,
    "verification_status" TEXT,
    "verified_on" TEXT
);
CREATE UNIQUE INDEX "uq_it_assigned_entitlement_number" ON "it_assigned_entitlement" ("number");
CREATE INDEX "ix_it_assigned_entitlement_created_on" ON "it_assigned_entitlement" ("created_on");
CREATE INDEX "ix_it_assigned_entitlement_created_by_id" ON "it_assigned_entitlement" ("created_by_id");
CREATE INDEX "ix_it_assigned_entitlement_modified_on" ON "it_assigned_entitlement" ("modified_on");
CREATE INDEX "ix_it_assigned_entitlement_modified_by_id" ON "it_assigned_entitlement" ("modified_by_id");
CREATE INDEX "ix_it_assigned_entitlement_owner_id" ON "it_assigned_entitlement" ("owner_id");
CREATE INDEX "ix_it_assigned_entitlement_owning_unit_id" ON "it_assigned_entitlement" ("owning_unit_id");
CREATE INDEX "ix_it_assigned_entitlement_name" ON "it_assigned_entitlement" ("name");
CREATE INDEX "ix_it_assigned_entitlement_person_id" ON "it_assigned_entitlement" ("person_id");
CREATE INDEX "ix_it_assigned_entitlement_it_product_entitlement_id" ON "it_assigned_entitlement" ("it_product_entitlement_id");
CREATE INDEX "ix_it_assigned_entitlement_end_date" ON "it_assigned_entitlement" ("end_date");
CREATE INDEX "ix_it_assigned_entitlement_it_system_access_request_id" ON "it_assigned_entitlement" ("it_system_access_request_id");
CREATE INDEX "ix_it_assigned_entitlement_granted_by_id" ON "it_assigned_entitlement" ("granted_by_id");
CREATE INDEX "ix_it_assigned_entitlement_revoked_by_id" ON "it_assigned_entitlement" ("revoked_by_id");

CREATE TABLE "it_provisioning_request" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "it_system_access_detail_id" TEXT REFERENCES "it_system_access_detail"("id"),
    "it_service_request_id" TEXT REFERENCES "it_service_request"("id"),
    "it_product_entitlement_id" TEXT REFERENCES "it_product_entitlement"("id"),
    "person_id" TEXT REFERENCES "person"("id"),
    "provisioning_action" TEXT,
    "provisioning_status" TEXT,
    "assigned_to_id" TEXT REFERENCES "person"("id"),
    "due_on" TEXT,
    "completed_on" TEXT,
    "evidence" TEXT
);
CREATE UNIQUE INDEX "uq_it_provisioning_request_number" ON "it_provisioning_request" ("number");
CREATE INDEX "ix_it_provisioning_request_created_on" ON "it_provisioning_request" ("created_on");
CREATE INDEX "ix_it_provisioning_request_created_by_id" ON "it_provisioning_request" ("created_by_id");
CREATE INDEX "ix_it_provisioning_request_modified_on" ON "it_provisioning_request" ("modified_on");
CREATE INDEX "ix_it_provisioning_request_modified_by_id" ON "it_provisioning_request" ("modified_by_id");
CREATE INDEX "ix_it_provisioning_request_owner_id" ON "it_provisioning_request" ("owner_id");
CREATE INDEX "ix_it_provisioning_request_owning_unit_id" ON "it_provisioning_request" ("owning_unit_id");
CREATE INDEX "ix_it_provisioning_request_name" ON "it_provisioning_request" ("name");
CREATE INDEX "ix_it_provisioning_request_it_system_access_detail_id" ON "it_provisioning_request" ("it_system_access_detail_id");
CREATE INDEX "ix_it_provisioning_request_it_service_request_id" ON "it_provisioning_request" ("it_service_request_id");
CREATE INDEX "ix_it_provisioning_request_it_product_entitlement_id" ON "it_provisioning_request" ("it_product_entitlement_id");
CREATE INDEX "ix_it_provisioning_request_person_id" ON "it_provisioning_request" ("person_id");
CREATE INDEX "ix_it_provisioning_request_assigned_to_id" ON "it_provisioning_request" ("assigned_to_id");
CREATE INDEX "ix_it_provisioning_request_due_on" ON "it_provisioning_request" ("due_on");

CREATE TABLE "it_system_access_request" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "person_id" TEXT REFERENCES "person"("id"),
    "first_name" TEXT,
    "middle_name" TEXT,
    "last_name" TEXT,
    "job_title" TEXT,
    "email_address" TEXT,
    "business_phone" TEXT,
    "mobile_phone" TEXT,
    "address_line_1" TEXT,
    "address_line_2" TEXT,
    "city" TEXT,
    "state_or_province_id" TEXT REFERENCES "state_or_province"("id"),
    "location_id" TEXT REFERENCES "location"("id"),
    "organization_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "personnel_type_id" TEXT REFERENCES "personnel_type"("id"),
    "grade_rank_id" TEXT REFERENCES "grade_rank"("id"),
    "employment_type" TEXT,
    "is_manager" INTEGER,
    "user_identification_number" TEXT,
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "it_system_component_id" TEXT REFERENCES "it_system_component"("id"),
    "it_product_id" TEXT REFERENCES "it_product"("id"),
    "it_product_entitlement_id" TEXT REFERENCES "it_product_entitlement"("id"),
    "it_work_assignment_code_id" TEXT REFERENCES "it_work_assignment_code"("id"),
    "it_system_access_request_type" TEXT,
    "it_system_access_level" TEXT,
    "security_classification_required" TEXT,
    "justification" TEXT,
    "optional_information" TEXT,
    "requestor_certifies_need_to_know" INTEGER,
    "information_awareness_completed" INTEGER,
    "information_awareness_completed_date" TEXT,
    "request_date" TEXT,
    "requested_by_date" TEXT,
    "access_expiration_date_time" TEXT,
    "action_status" TEXT,
    "action_comments" TEXT,
    "action_completed_date_time" TEXT,
    "requested_by_id" TEXT REFERENCES "person"("id"),
    "request_status" TEXT,
    "approval_status" TEXT,
    "is_emergency" INTEGER
);
CREATE INDEX "ix_it_system_access_request_request_status_request_date" ON "it_system_access_request" ("request_status", "request_date");
CREATE UNIQUE INDEX "uq_it_system_access_request_number" ON "it_system_access_request" ("number");
CREATE INDEX "ix_it_system_access_request_created_on" ON "it_system_access_request" ("created_on");
CREATE INDEX "ix_it_system_access_request_created_by_id" ON "it_system_access_request" ("created_by_id");
CREATE INDEX "ix_it_system_access_request_modified_on" ON "it_system_access_request" ("modified_on");
CREATE INDEX "ix_it_system_access_request_modified_by_id" ON "it_system_access_request" ("modified_by_id");
CREATE INDEX "ix_it_system_access_request_owner_id" ON "it_system_access_request" ("owner_id");
CREATE INDEX "ix_it_system_access_request_owning_unit_id" ON "it_system_access_request" ("owning_unit_id");
CREATE INDEX "ix_it_system_access_request_name" ON "it_system_access_request" ("name");
CREATE INDEX "ix_it_system_access_request_person_id" ON "it_system_access_request" ("person_id");
CREATE INDEX "ix_it_system_access_request_state_or_province_id" ON "it_system_access_request" ("state_or_province_id");
CREATE INDEX "ix_it_system_access_request_location_id" ON "it_system_access_request" ("location_id");
CREATE INDEX "ix_it_system_access_request_organization_unit_id" ON "it_system_access_request" ("organization_unit_id");
CREATE INDEX "ix_it_system_access_request_personnel_type_id" ON "it_system_access_request" ("personnel_type_id");
CREATE INDEX "ix_it_system_access_request_grade_rank_id" ON "it_system_access_request" ("grade_rank_id");
CREATE INDEX "ix_it_system_access_request_it_system_id" ON "it_system_access_request" ("it_system_id");
CREATE INDEX "ix_it_system_access_request_it_system_component_id" ON "it_system_access_request" ("it_system_component_id");
CREATE INDEX "ix_it_system_access_request_it_product_id" ON "it_system_access_request" ("it_product_id");
CREATE INDEX "ix_it_system_access_request_it_product_entitlement_id" ON "it_system_access_request" ("it_product_entitlement_id");
CREATE INDEX "ix_it_system_access_request_it_work_assignment_code_id" ON "it_system_access_request" ("it_work_assignment_code_id");
CREATE INDEX "ix_it_system_access_request_request_date" ON "it_system_access_request" ("request_date");
CREATE INDEX "ix_it_system_access_request_requested_by_id" ON "it_system_access_request" ("requested_by_id");

CREATE TABLE "it_system_access_detail" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "it_system_access_request_id" TEXT REFERENCES "it_system_access_request"("id"),
    "it_system_access_action" TEXT,
    "it_product_id" TEXT REFERENCES "it_product"("id"),
    "it_product_entitlement_id" TEXT REFERENCES "it_product_entitlement"("id"),
    "it_system_component_id" TEXT REFERENCES "it_system_component"("id"),
    "justification" TEXT,
    "action_status" TEXT,
    "action_comments" TEXT,
    "action_completed_date_time" TEXT,
    "action_expiration_date_time" TEXT
);
CREATE INDEX "ix_it_system_access_detail_created_on" ON "it_system_access_detail" ("created_on");
CREATE INDEX "ix_it_system_access_detail_created_by_id" ON "it_system_access_detail" ("created_by_id");
CREATE INDEX "ix_it_system_access_detail_modified_on" ON "it_system_access_detail" ("modified_on");
CREATE INDEX "ix_it_system_access_detail_modified_by_id" ON "it_system_access_detail" ("modified_by_id");
CREATE INDEX "ix_it_system_access_detail_owner_id" ON "it_system_access_detail" ("owner_id");
CREATE INDEX "ix_it_system_access_detail_owning_unit_id" ON "it_system_access_detail" ("owning_unit_id");
CREATE INDEX "ix_it_system_access_detail_name" ON "it_system_access_detail" ("name");
CREATE INDEX "ix_it_system_access_detail_it_system_access_request_id" ON "it_system_access_detail" ("it_system_access_request_id");
CREATE INDEX "ix_it_system_access_detail_it_product_id" ON "it_system_access_detail" ("it_product_id");
CREATE INDEX "ix_it_system_access_detail_it_product_entitlement_id" ON "it_system_access_detail" ("it_product_entitlement_id");
CREATE INDEX "ix_it_system_access_detail_it_system_component_id" ON "it_system_access_detail" ("it_system_component_id");

CREATE TABLE "it_datacenter" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "code" TEXT,
    "hosting_type" TEXT,
    "environment_type" TEXT,
    "location_id" TEXT REFERENCES "location"("id"),
    "provider_id" TEXT REFERENCES "account"("id"),
    "cloud_region" TEXT,
    "operational_status" TEXT,
    "security_classification" TEXT
);
CREATE INDEX "ix_it_datacenter_created_on" ON "it_datacenter" ("created_on");
CREATE INDEX "ix_it_datacenter_created_by_id" ON "it_datacenter" ("created_by_id");
CREATE INDEX "ix_it_datacenter_modified_on" ON "it_datacenter" ("modified_on");
CREATE INDEX "ix_it_datacenter_modified_by_id" ON "it_datacenter" ("modified_by_id");
CREATE INDEX "ix_it_datacenter_owner_id" ON "it_datacenter" ("owner_id");
CREATE INDEX "ix_it_datacenter_owning_unit_id" ON "it_datacenter" ("owning_unit_id");
CREATE INDEX "ix_it_datacenter_name" ON "it_datacenter" ("name");
CREATE INDEX "ix_it_datacenter_location_id" ON "it_datacenter" ("location_id");
CREATE INDEX "ix_it_datacenter_provider_id" ON "it_datacenter" ("provider_id");

CREATE TABLE "it_system" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "abbreviation" TEXT,
    "description" TEXT,
    "ato_id" TEXT REFERENCES "it_system_accreditation"("id"),
    "catalog_status" TEXT,
    "criticality" TEXT,
    "dependencies_summary" TEXT,
    "it_datacenter_id" TEXT REFERENCES "it_datacenter"("id"),
    "information_security_officer_id" TEXT REFERENCES "person"("id"),
    "is_public_api_available" INTEGER,
    "public_api_endpoint" TEXT,
    "last_review_date" TEXT,
    "next_review_date" TEXT,
    "lifecycle_stage" TEXT,
    "operational_status" TEXT,
    "point_of_contact_id" TEXT REFERENCES "person"("id"),
    "primary_it_hosting_model" TEXT,
    "primary_technology_id" TEXT REFERENCES "it_technology"("id"),
    "security_classification" TEXT,
    "url" TEXT,
    "visibility" TEXT,
    "system_owner_id" TEXT REFERENCES "person"("id"),
    "confidentiality_impact" TEXT,
    "integrity_impact" TEXT,
    "availability_impact" TEXT,
    "security_category" TEXT,
    "contains_pii" INTEGER
);
CREATE INDEX "ix_it_system_created_on" ON "it_system" ("created_on");
CREATE INDEX "ix_it_system_created_by_id" ON "it_system" ("created_by_id");
CREATE INDEX "ix_it_system_modified_on" ON "it_system" ("modified_on");
CREATE INDEX "ix_it_system_modified_by_id" ON "it_system" ("modified_by_id");
CREATE INDEX "ix_it_system_owner_id" ON "it_system" ("owner_id");
CREATE INDEX "ix_it_system_owning_unit_id" ON "it_system" ("owning_unit_id");
CREATE INDEX "ix_it_system_name" ON "it_system" ("name");
CREATE INDEX "ix_it_system_ato_id" ON "it_system" ("ato_id");
CREATE INDEX "ix_it_system_it_datacenter_id" ON "it_system" ("it_datacenter_id");
CREATE INDEX "ix_it_system_information_security_officer_id" ON "it_system" ("information_security_officer_id");
CREATE INDEX "ix_it_system_point_of_contact_id" ON "it_system" ("point_of_contact_id");
CREATE INDEX "ix_it_system_primary_technology_id" ON "it_system" ("primary_technology_id");
CREATE INDEX "ix_it_system_system_owner_id" ON "it_system" ("system_owner_id");

CREATE TABLE "it_system_component" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "abbreviation" TEXT,
    "description" TEXT,
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "it_datacenter_id" TEXT REFERENCES "it_datacenter"("id"),
    "it_product_id" TEXT REFERENCES "it_product"("id"),
    "it_system_component_type_id" TEXT REFERENCES "it_system_component_type"("id"),
    "it_technology_id" TEXT REFERENCES "it_technology"("id"),
    "last_review_date" TEXT,
    "next_review_date" TEXT,
    "operational_status" TEXT,
    "parent_it_system_component_id" TEXT REFERENCES "it_system_component"("id"),
    "primary_steward_id" TEXT REFERENCES "person"("id"),
    "security_classification" TEXT,
    "tags" TEXT,
    "visibility" TEXT
);
CREATE INDEX "ix_it_system_component_created_on" ON "it_system_component" ("created_on");
CREATE INDEX "ix_it_system_component_created_by_id" ON "it_system_component" ("created_by_id");
CREATE INDEX "ix_it_system_component_modified_on" ON "it_system_component" ("modified_on");
CREATE INDEX "ix_it_system_component_modified_by_id" ON "it_system_component" ("modified_by_id");
CREATE INDEX "ix_it_system_component_owner_id" ON "it_system_component" ("owner_id");
CREATE INDEX "ix_it_system_component_owning_unit_id" ON "it_system_component" ("owning_unit_id");
CREATE INDEX "ix_it_system_component_name" ON "it_system_component" ("name");
CREATE INDEX "ix_it_system_component_it_system_id" ON "it_system_component" ("it_system_id");
CREATE INDEX "ix_it_system_component_it_datacenter_id" ON "it_system_component" ("it_datacenter_id");
CREATE INDEX "ix_it_system_component_it_product_id" ON "it_system_component" ("it_product_id");
CREATE INDEX "ix_it_system_component_it_system_component_type_id" ON "it_system_component" ("it_system_component_type_id");
CREATE INDEX "ix_it_system_component_it_technology_id" ON "it_system_component" ("it_technology_id");
CREATE INDEX "ix_it_system_component_parent_it_system_component_id" ON "it_system_component" ("parent_it_system_component_id");
CREATE INDEX "ix_it_system_component_primary_steward_id" ON "it_system_component" ("primary_steward_id");

CREATE TABLE "it_system_component_type" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "code" TEXT,
    "description" TEXT
);
CREATE INDEX "ix_it_system_component_type_created_on" ON "it_system_component_type" ("created_on");
CREATE INDEX "ix_it_system_component_type_created_by_id" ON "it_system_component_type" ("created_by_id");
CREATE INDEX "ix_it_system_component_type_modified_on" ON "it_system_component_type" ("modified_on");
CREATE INDEX "ix_it_system_component_type_modified_by_id" ON "it_system_component_type" ("modified_by_id");
CREATE INDEX "ix_it_system_component_type_owner_id" ON "it_system_component_type" ("owner_id");
CREATE INDEX "ix_it_system_component_type_owning_unit_id" ON "it_system_component_type" ("owning_unit_id");
CREATE INDEX "ix_it_system_component_type_name" ON "it_system_component_type" ("name");

CREATE TABLE "it_technology" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "it_technology_type_id" TEXT REFERENCES "it_technology_type"("id"),
    "vendor_id" TEXT REFERENCES "account"("id"),
    "technology_status" TEXT,
    "end_of_support_date" TEXT
);
CREATE INDEX "ix_it_technology_created_on" ON "it_technology" ("created_on");
CREATE INDEX "ix_it_technology_created_by_id" ON "it_technology" ("created_by_id");
CREATE INDEX "ix_it_technology_modified_on" ON "it_technology" ("modified_on");
CREATE INDEX "ix_it_technology_modified_by_id" ON "it_technology" ("modified_by_id");
CREATE INDEX "ix_it_technology_owner_id" ON "it_technology" ("owner_id");
CREATE INDEX "ix_it_technology_owning_unit_id" ON "it_technology" ("owning_unit_id");
CREATE INDEX "ix_it_technology_name" ON "it_technology" ("name");
CREATE INDEX "ix_it_technology_it_technology_type_id" ON "it_technology" ("it_technology_type_id");
CREATE INDEX "ix_it_technology_vendor_id" ON "it_technology" ("vendor_id");

CREATE TABLE "it_technology_type" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "it_technology_category" TEXT,
    "parent_it_technology_type_id" TEXT REFERENCES "it_technology_type"("id")
);
CREATE INDEX "ix_it_technology_type_created_on" ON "it_technology_type" ("created_on");
CREATE INDEX "ix_it_technology_type_created_by_id" ON "it_technology_type" ("created_by_id");
CREATE INDEX "ix_it_technology_type_modified_on" ON "it_technology_type" ("modified_on");
CREATE INDEX "ix_it_technology_type_modified_by_id" ON "it_technology_type" ("modified_by_id");
CREATE INDEX "ix_it_technology_type_owner_id" ON "it_technology_type" ("owner_id");
CREATE INDEX "ix_it_technology_type_owning_unit_id" ON "it_technology_type" ("owning_unit_id");
CREATE INDEX "ix_it_technology_type_name" ON "it_technology_type" ("name");
CREATE INDEX "ix_it_technology_type_parent_it_technology_type_id" ON "it_technology_type" ("parent_it_technology_type_id");

CREATE TABLE "it_system_accreditation" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "certification_body_id" TEXT REFERENCES "account"("id"),
    "it_accreditation_type" TEXT,
    "expiration_date" TEXT,
    "scope" TEXT,
    "accreditation_status" TEXT,
    "compliance_framework_id" TEXT REFERENCES "compliance_framework"("id"),
    "baseline" TEXT,
    "authorization_date" TEXT,
    "authorizing_official_id" TEXT REFERENCES "person"("id"),
    "authorizing_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "conditions" TEXT,
    "risk_statement" TEXT,
    "last_assessment_date" TEXT,
    "next_assessment_date" TEXT
);
CREATE UNIQUE INDEX "uq_it_system_accreditation_number" ON "it_system_accreditation" ("number");
CREATE INDEX "ix_it_system_accreditation_created_on" ON "it_system_accreditation" ("created_on");
CREATE INDEX "ix_it_system_accreditation_created_by_id" ON "it_system_accreditation" ("created_by_id");
CREATE INDEX "ix_it_system_accreditation_modified_on" ON "it_system_accreditation" ("modified_on");
CREATE INDEX "ix_it_system_accreditation_modified_by_id" ON "it_system_accreditation" ("modified_by_id");
CREATE INDEX "ix_it_system_accreditation_owner_id" ON "it_system_accreditation" ("owner_id");
CREATE INDEX "ix_it_system_accreditation_owning_unit_id" ON "it_system_accreditation" ("owning_unit_id");
CREATE INDEX "ix_it_system_accreditation_name" ON "it_system_accreditation" ("name");
CREATE INDEX "ix_it_system_accreditation_it_system_id" ON "it_system_accreditation" ("it_system_id");
CREATE INDEX "ix_it_system_accreditation_certification_body_id" ON "it_system_accreditation" ("certification_body_id");
CREATE INDEX "ix_it_system_accreditation_expiration_date" ON "it_system_accreditation" ("expiration_date");
CREATE INDEX "ix_it_system_accreditation_compliance_framework_id" ON "it_system_accreditation" ("compliance_framework_id");
CREATE INDEX "ix_it_system_accreditation_authorizing_official_id" ON "it_system_accreditation" ("authorizing_official_id");
CREATE INDEX "ix_it_system_accreditation_authorizing_unit_id" ON "it_system_accreditation" ("authorizing_unit_id");

CREATE TABLE "it_compliance_assessment" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "assessed_by_id" TEXT REFERENCES "person"("id"),
    "assessment_date" TEXT,
    "compliance_requirement_id" TEXT REFERENCES "compliance_requirement"("id"),
    "compliance_status" TEXT,
    "evidence_of_compliance" TEXT,
    "findings_summary" TEXT,
    "it_system_accreditation_id" TEXT REFERENCES "it_system_accreditation"("id"),
    "next_action_date" TEXT,
    "required_corrective_actions" TEXT,
    "risk_level" TEXT,
    "target_completion_date" TEXT,
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "assessment_type" TEXT,
    "assessment_status" TEXT,
    "assessment_method" TEXT
);
CREATE UNIQUE INDEX "uq_it_compliance_assessment_number" ON "it_compliance_assessment" ("number");
CREATE INDEX "ix_it_compliance_assessment_created_on" ON "it_compliance_assessment" ("created_on");
CREATE INDEX "ix_it_compliance_assessment_created_by_id" ON "it_compliance_assessment" ("created_by_id");
CREATE INDEX "ix_it_compliance_assessment_modified_on" ON "it_compliance_assessment" ("modified_on");
CREATE INDEX "ix_it_compliance_assessment_modified_by_id" ON "it_compliance_assessment" ("modified_by_id");
CREATE INDEX "ix_it_compliance_assessment_owner_id" ON "it_compliance_assessment" ("owner_id");
CREATE INDEX "ix_it_compliance_assessment_owning_unit_id" ON "it_compliance_assessment" ("owning_unit_id");
CREATE INDEX "ix_it_compliance_assessment_name" ON "it_compliance_assessment" ("name");
CREATE INDEX "ix_it_compliance_assessment_assessed_by_id" ON "it_compliance_assessment" ("assessed_by_id");
CREATE INDEX "ix_it_compliance_assessment_assessment_date" ON "it_compliance_assessment" ("assessment_date");
CREATE INDEX "ix_it_compliance_assessment_compliance_requirement_id" ON "it_compliance_assessment" ("compliance_requirement_id");
CREATE INDEX "ix_it_compliance_assessment_it_system_accreditation_id" ON "it_compliance_assessment" ("it_system_accreditation_id");
CREATE INDEX "ix_it_compliance_assessment_it_system_id" ON "it_compliance_assessment" ("it_system_id");

CREATE TABLE "it_poam_item" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "action_status" TEXT,
    "due_date" TEXT,
    "it_compliance_assessment_id" TEXT REFERENCES "it_compliance_assessment"("id"),
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "it_system_accreditation_id" TEXT REFERENCES "it_system_accreditation"("id"),
    "it_system_component_id" TEXT REFERENCES "it_system_component"("id"),
    "mitigation_plan" TEXT,
    "risk_category" TEXT,
    "compliance_requirement_id" TEXT REFERENCES "compliance_requirement"("id"),
    "severity" TEXT,
    "finding_type" TEXT,
    "weakness_source" TEXT,
    "identified_date" TEXT,
    "milestones" TEXT,
    "assigned_to_id" TEXT REFERENCES "person"("id"),
    "responsible_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "mitigation_status" TEXT,
    "deviation_type" TEXT,
    "deviation_rationale" TEXT,
    "deviation_approved_by_id" TEXT REFERENCES "person"("id"),
    "original_risk_rating" TEXT,
    "adjusted_risk_rating" TEXT,
    "actual_completion_date" TEXT,
    "completion_evidence" TEXT,
    "verified_by_id" TEXT REFERENCES "person"("id"),
    "verification_date" TEXT,
    "risk_item_id" TEXT REFERENCES "risk_item"("id")
);
CREATE INDEX "ix_it_poam_item_action_status_due_date" ON "it_poam_item" ("action_status", "due_date");
CREATE UNIQUE INDEX "uq_it_poam_item_number" ON "it_poam_item" ("number");
CREATE INDEX "ix_it_poam_item_created_on" ON "it_poam_item" ("created_on");
CREATE INDEX "ix_it_poam_item_created_by_id" ON "it_poam_item" ("created_by_id");
CREATE INDEX "ix_it_poam_item_modified_on" ON "it_poam_item" ("modified_on");
CREATE INDEX "ix_it_poam_item_modified_by_id" ON "it_poam_item" ("modified_by_id");
CREATE INDEX "ix_it_poam_item_owner_id" ON "it_poam_item" ("owner_id");
CREATE INDEX "ix_it_poam_item_owning_unit_id" ON "it_poam_item" ("owning_unit_id");
CREATE INDEX "ix_it_poam_item_name" ON "it_poam_item" ("name");
CREATE INDEX "ix_it_poam_item_due_date" ON "it_poam_item" ("due_date");
CREATE INDEX "ix_it_poam_item_it_compliance_assessment_id" ON "it_poam_item" ("it_compliance_assessment_id");
CREATE INDEX "ix_it_poam_item_it_system_id" ON "it_poam_item" ("it_system_id");
CREATE INDEX "ix_it_poam_item_it_system_accreditation_id" ON "it_poam_item" ("it_system_accreditation_id");
CREATE INDEX "ix_it_poam_item_it_system_component_id" ON "it_poam_item" ("it_system_component_id");
CREATE INDEX "ix_it_poam_item_compliance_requirement_id" ON "it_poam_item" ("compliance_requirement_id");
CREATE INDEX "ix_it_poam_item_assigned_to_id" ON "it_poam_item" ("assigned_to_id");
CREATE INDEX "ix_it_poam_item_responsible_unit_id" ON "it_poam_item" ("responsible_unit_id");
CREATE INDEX "ix_it_poam_item_deviation_approved_by_id" ON "it_poam_item" ("deviation_approved_by_id");
CREATE INDEX "ix_it_poam_item_verified_by_id" ON "it_poam_item" ("verified_by_id");
CREATE INDEX "ix_it_poam_item_risk_item_id" ON "it_poam_item" ("risk_item_id");

CREATE TABLE "incident" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "impact" TEXT,
    "urgency" TEXT,
    "priority" TEXT,
    "incident_status" TEXT,
    "reported_by_id" TEXT REFERENCES "person"("id"),
    "assigned_to_id" TEXT REFERENCES "person"("id"),
    "assigned_team_id" TEXT REFERENCES "organization_unit"("id"),
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "it_system_component_id" TEXT REFERENCES "it_system_component"("id"),
    "problem_id" TEXT REFERENCES "problem"("id"),
    "is_security_incident" INTEGER,
    "opened_on" TEXT,
    "resolved_on" TEXT,
    "closed_on" TEXT,
    "due_on" TEXT,
    "sla_state" TEXT,
    "resolution_code" TEXT,
    "resolution_notes" TEXT
);
CREATE INDEX "ix_incident_incident_status_opened_on" ON "incident" ("incident_status", "opened_on");
CREATE UNIQUE INDEX "uq_incident_number" ON "incident" ("number");
CREATE INDEX "ix_incident_created_on" ON "incident" ("created_on");
CREATE INDEX "ix_incident_created_by_id" ON "incident" ("created_by_id");
CREATE INDEX "ix_incident_modified_on" ON "incident" ("modified_on");
CREATE INDEX "ix_incident_modified_by_id" ON "incident" ("modified_by_id");
CREATE INDEX "ix_incident_owner_id" ON "incident" ("owner_id");
CREATE INDEX "ix_incident_owning_unit_id" ON "incident" ("owning_unit_id");
CREATE INDEX "ix_incident_name" ON "incident" ("name");
CREATE INDEX "ix_incident_reported_by_id" ON "incident" ("reported_by_id");
CREATE INDEX "ix_incident_assigned_to_id" ON "incident" ("assigned_to_id");
CREATE INDEX "ix_incident_assigned_team_id" ON "incident" ("assigned_team_id");
CREATE INDEX "ix_incident_it_system_id" ON "incident" ("it_system_id");
CREATE INDEX "ix_incident_it_system_component_id" ON "incident" ("it_system_component_id");
CREATE INDEX "ix_incident_problem_id" ON "incident" ("problem_id");
CREATE INDEX "ix_incident_opened_on" ON "incident" ("opened_on");

CREATE TABLE "problem" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "problem_status" TEXT,
    "root_cause" TEXT,
    "workaround" TEXT,
    "known_error" INTEGER,
    "assigned_to_id" TEXT REFERENCES "person"("id"),
    "it_system_id" TEXT REFERENCES "it_system"("id")
);
CREATE UNIQUE INDEX "uq_problem_number" ON "problem" ("number");
CREATE INDEX "ix_problem_created_on" ON "problem" ("created_on");
CREATE INDEX "ix_problem_created_by_id" ON "problem" ("created_by_id");
CREATE INDEX "ix_problem_modified_on" ON "problem" ("modified_on");
CREATE INDEX "ix_problem_modified_by_id" ON "problem" ("modified_by_id");
CREATE INDEX "ix_problem_owner_id" ON "problem" ("owner_id");
CREATE INDEX "ix_problem_owning_unit_id" ON "problem" ("owning_unit_id");
CREATE INDEX "ix_problem_name" ON "problem" ("name");
CREATE INDEX "ix_problem_assigned_to_id" ON "problem" ("assigned_to_id");
CREATE INDEX "ix_problem_it_system_id" ON "problem" ("it_system_id");

CREATE TABLE "change_request" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "number" TEXT,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "description" TEXT,
    "change_type" TEXT,
    "change_status" TEXT,
    "risk_level" TEXT,
    "impact" TEXT,
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "it_system_component_id" TEXT REFERENCES "it_system_component"("id"),
    "requested_by_id" TEXT REFERENCES "person"("id"),
    "assigned_to_id" TEXT REFERENCES "person"("id"),
    "planned_start" TEXT,
    "planned_end" TEXT,
    "actual_start" TEXT,
    "actual_end" TEXT,
    "implementation_plan" TEXT,
    "backout_plan" TEXT,
    "test_plan" TEXT,
    "approval_status" TEXT,
    "related_poam_item_id" TEXT REFERENCES "it_poam_item"("id")
);
CREATE INDEX "ix_change_request_change_status_planned_start" ON "change_request" ("change_status", "planned_start");
CREATE UNIQUE INDEX "uq_change_request_number" ON "change_request" ("number");
CREATE INDEX "ix_change_request_created_on" ON "change_request" ("created_on");
CREATE INDEX "ix_change_request_created_by_id" ON "change_request" ("created_by_id");
CREATE INDEX "ix_change_request_modified_on" ON "change_request" ("modified_on");
CREATE INDEX "ix_change_request_modified_by_id" ON "change_request" ("modified_by_id");
CREATE INDEX "ix_change_request_owner_id" ON "change_request" ("owner_id");
CREATE INDEX "ix_change_request_owning_unit_id" ON "change_request" ("owning_unit_id");
CREATE INDEX "ix_change_request_name" ON "change_request" ("name");
CREATE INDEX "ix_change_request_it_system_id" ON "change_request" ("it_system_id");
CREATE INDEX "ix_change_request_it_system_component_id" ON "change_request" ("it_system_component_id");
CREATE INDEX "ix_change_request_requested_by_id" ON "change_request" ("requested_by_id");
CREATE INDEX "ix_change_request_assigned_to_id" ON "change_request" ("assigned_to_id");
CREATE INDEX "ix_change_request_planned_start" ON "change_request" ("planned_start");
CREATE INDEX "ix_change_request_related_poam_item_id" ON "change_request" ("related_poam_item_id");

CREATE TABLE "approval" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "regarding_table" TEXT,
    "regarding_id" TEXT,
    "stage" INTEGER,
    "reviewer_type" TEXT,
    "reviewer_id" TEXT REFERENCES "person"("id"),
    "approval_status" TEXT,
    "decision_date" TEXT,
    "due_date" TEXT,
    "requested_date" TEXT,
    "requestor_comments" TEXT,
    "reviewer_comments" TEXT
);
CREATE INDEX "ix_approval_created_on" ON "approval" ("created_on");
CREATE INDEX "ix_approval_created_by_id" ON "approval" ("created_by_id");
CREATE INDEX "ix_approval_modified_on" ON "approval" ("modified_on");
CREATE INDEX "ix_approval_modified_by_id" ON "approval" ("modified_by_id");
CREATE INDEX "ix_approval_owner_id" ON "approval" ("owner_id");
CREATE INDEX "ix_approval_owning_unit_id" ON "approval" ("owning_unit_id");
CREATE INDEX "ix_approval_name" ON "approval" ("name");
CREATE INDEX "ix_approval_reviewer_id" ON "approval" ("reviewer_id");

CREATE TABLE "note" (
    "id" TEXT PRIMARY KEY NOT NULL,
    "created_on" TEXT NOT NULL,
    "created_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "modified_on" TEXT NOT NULL,
    "modified_by_id" TEXT NOT NULL REFERENCES "person"("id"),
    "owner_id" TEXT REFERENCES "person"("id"),
    "owning_unit_id" TEXT REFERENCES "organization_unit"("id"),
    "state" TEXT NOT NULL,
    "row_version" INTEGER NOT NULL,
    "name" TEXT,
    "regarding_table" TEXT,
    "regarding_id" TEXT,
    "body" TEXT,
    "is_internal" INTEGER,
    "author_id" TEXT REFERENCES "person"("id")
);
CREATE INDEX "ix_note_created_on" ON "note" ("created_on");
CREATE INDEX "ix_note_created_by_id" ON "note" ("created_by_id");
CREATE INDEX "ix_note_modified_on" ON "note" ("modified_on");
CREATE INDEX "ix_note_modified_by_id" ON "note" ("modified_by_id");
CREATE INDEX "ix_note_owner_id" ON "note" ("owner_id");
CREATE INDEX "ix_note_owning_unit_id" ON "note" ("owning_unit_id");
CREATE INDEX "ix_note_name" ON "note" ("name");
CREATE INDEX "ix_note_author_id" ON "note" ("author_id");

CREATE TABLE "audit_entry" (
    "seq" INTEGER PRIMARY KEY,
    "at" text NOT NULL,
    "actor_id" text NOT NULL,
    "action" text NOT NULL,
    "table_name" text NOT NULL,
    "record_id" text NOT NULL,
    "changes" text NOT NULL,
    "prev_hash" text NOT NULL,
    "hash" text NOT NULL
);
CREATE INDEX "ix_audit_entry_record" ON "audit_entry" ("record_id", "seq");
CREATE TABLE "audit_head" (
    "id" INTEGER PRIMARY KEY CHECK ("id" = 1),
    "seq" INTEGER NOT NULL,
    "hash" text NOT NULL
);
INSERT INTO "audit_head" ("id", "seq", "hash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE "number_counter" (
    "table_name" text PRIMARY KEY,
    "last_value" INTEGER NOT NULL
);
