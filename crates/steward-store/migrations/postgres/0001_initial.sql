-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "person" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "first_name" varchar(100) COLLATE "C",
    "middle_name" varchar(100) COLLATE "C",
    "last_name" varchar(100) COLLATE "C",
    "identity_kind" varchar(100) COLLATE "C",
    "email" varchar(320) COLLATE "C",
    "business_phone" varchar(50) COLLATE "C",
    "mobile_phone" varchar(50) COLLATE "C",
    "job_title" varchar(200) COLLATE "C",
    "organization_unit_id" uuid,
    "manager_id" uuid,
    "personnel_type_id" uuid,
    "grade_rank_id" uuid,
    "location_id" uuid,
    "address_home_state_id" uuid,
    "employment_type" varchar(100) COLLATE "C",
    "user_identification_number" varchar(100) COLLATE "C",
    "credential_last_rotated_on" date,
    "credential_rotation_due_on" date,
    "is_active" boolean
);
CREATE INDEX "ix_person_created_on" ON "person" ("created_on" NULLS FIRST);
CREATE INDEX "ix_person_created_by_id" ON "person" ("created_by_id");
CREATE INDEX "ix_person_modified_on" ON "person" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_person_modified_by_id" ON "person" ("modified_by_id");
CREATE INDEX "ix_person_owner_id" ON "person" ("owner_id");
CREATE INDEX "ix_person_owning_unit_id" ON "person" ("owning_unit_id");
CREATE INDEX "ix_person_name" ON "person" ("name" NULLS FIRST);
CREATE INDEX "ix_person_last_name" ON "person" ("last_name" NULLS FIRST);
CREATE UNIQUE INDEX "uq_person_email" ON "person" ("email");
CREATE INDEX "ix_person_organization_unit_id" ON "person" ("organization_unit_id");
CREATE INDEX "ix_person_manager_id" ON "person" ("manager_id");
CREATE INDEX "ix_person_personnel_type_id" ON "person" ("personnel_type_id");
CREATE INDEX "ix_person_grade_rank_id" ON "person" ("grade_rank_id");
CREATE INDEX "ix_person_location_id" ON "person" ("location_id");
CREATE INDEX "ix_person_address_home_state_id" ON "person" ("address_home_state_id");

CREATE TABLE "organization_unit" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "code" varchar(50) COLLATE "C",
    "parent_id" uuid,
    "unit_type" varchar(100) COLLATE "C",
    "manager_id" uuid
);
CREATE INDEX "ix_organization_unit_created_on" ON "organization_unit" ("created_on" NULLS FIRST);
CREATE INDEX "ix_organization_unit_created_by_id" ON "organization_unit" ("created_by_id");
CREATE INDEX "ix_organization_unit_modified_on" ON "organization_unit" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_organization_unit_modified_by_id" ON "organization_unit" ("modified_by_id");
CREATE INDEX "ix_organization_unit_owner_id" ON "organization_unit" ("owner_id");
CREATE INDEX "ix_organization_unit_owning_unit_id" ON "organization_unit" ("owning_unit_id");
CREATE INDEX "ix_organization_unit_name" ON "organization_unit" ("name" NULLS FIRST);
CREATE UNIQUE INDEX "uq_organization_unit_code" ON "organization_unit" ("code");
CREATE INDEX "ix_organization_unit_parent_id" ON "organization_unit" ("parent_id");
CREATE INDEX "ix_organization_unit_manager_id" ON "organization_unit" ("manager_id");

CREATE TABLE "location" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "address_line_1" varchar(200) COLLATE "C",
    "address_line_2" varchar(200) COLLATE "C",
    "city" varchar(200) COLLATE "C",
    "state_or_province_id" uuid,
    "postal_code" varchar(20) COLLATE "C",
    "country_code" varchar(2) COLLATE "C"
);
CREATE INDEX "ix_location_created_on" ON "location" ("created_on" NULLS FIRST);
CREATE INDEX "ix_location_created_by_id" ON "location" ("created_by_id");
CREATE INDEX "ix_location_modified_on" ON "location" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_location_modified_by_id" ON "location" ("modified_by_id");
CREATE INDEX "ix_location_owner_id" ON "location" ("owner_id");
CREATE INDEX "ix_location_owning_unit_id" ON "location" ("owning_unit_id");
CREATE INDEX "ix_location_name" ON "location" ("name" NULLS FIRST);
CREATE INDEX "ix_location_state_or_province_id" ON "location" ("state_or_province_id");

CREATE TABLE "state_or_province" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "code" varchar(10) COLLATE "C",
    "country_code" varchar(2) COLLATE "C"
);
CREATE INDEX "ix_state_or_province_created_on" ON "state_or_province" ("created_on" NULLS FIRST);
CREATE INDEX "ix_state_or_province_created_by_id" ON "state_or_province" ("created_by_id");
CREATE INDEX "ix_state_or_province_modified_on" ON "state_or_province" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_state_or_province_modified_by_id" ON "state_or_province" ("modified_by_id");
CREATE INDEX "ix_state_or_province_owner_id" ON "state_or_province" ("owner_id");
CREATE INDEX "ix_state_or_province_owning_unit_id" ON "state_or_province" ("owning_unit_id");
CREATE INDEX "ix_state_or_province_name" ON "state_or_province" ("name" NULLS FIRST);
CREATE UNIQUE INDEX "uq_state_or_province_code" ON "state_or_province" ("code");

CREATE TABLE "grade_rank" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "code" varchar(50) COLLATE "C",
    "description" text COLLATE "C"
);
CREATE INDEX "ix_grade_rank_created_on" ON "grade_rank" ("created_on" NULLS FIRST);
CREATE INDEX "ix_grade_rank_created_by_id" ON "grade_rank" ("created_by_id");
CREATE INDEX "ix_grade_rank_modified_on" ON "grade_rank" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_grade_rank_modified_by_id" ON "grade_rank" ("modified_by_id");
CREATE INDEX "ix_grade_rank_owner_id" ON "grade_rank" ("owner_id");
CREATE INDEX "ix_grade_rank_owning_unit_id" ON "grade_rank" ("owning_unit_id");
CREATE INDEX "ix_grade_rank_name" ON "grade_rank" ("name" NULLS FIRST);

CREATE TABLE "personnel_type" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "code" varchar(50) COLLATE "C",
    "description" text COLLATE "C"
);
CREATE INDEX "ix_personnel_type_created_on" ON "personnel_type" ("created_on" NULLS FIRST);
CREATE INDEX "ix_personnel_type_created_by_id" ON "personnel_type" ("created_by_id");
CREATE INDEX "ix_personnel_type_modified_on" ON "personnel_type" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_personnel_type_modified_by_id" ON "personnel_type" ("modified_by_id");
CREATE INDEX "ix_personnel_type_owner_id" ON "personnel_type" ("owner_id");
CREATE INDEX "ix_personnel_type_owning_unit_id" ON "personnel_type" ("owning_unit_id");
CREATE INDEX "ix_personnel_type_name" ON "personnel_type" ("name" NULLS FIRST);

CREATE TABLE "account" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "account_type" varchar(100) COLLATE "C",
    "url" varchar(500) COLLATE "C",
    "description" text COLLATE "C"
);
CREATE INDEX "ix_account_created_on" ON "account" ("created_on" NULLS FIRST);
CREATE INDEX "ix_account_created_by_id" ON "account" ("created_by_id");
CREATE INDEX "ix_account_modified_on" ON "account" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_account_modified_by_id" ON "account" ("modified_by_id");
CREATE INDEX "ix_account_owner_id" ON "account" ("owner_id");
CREATE INDEX "ix_account_owning_unit_id" ON "account" ("owning_unit_id");
CREATE INDEX "ix_account_name" ON "account" ("name" NULLS FIRST);

CREATE TABLE "compliance_framework" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "title" varchar(500) COLLATE "C",
    "version" varchar(50) COLLATE "C",
    "url" varchar(500) COLLATE "C",
    "responsible_authority" varchar(200) COLLATE "C",
    "description" text COLLATE "C"
);
CREATE INDEX "ix_compliance_framework_created_on" ON "compliance_framework" ("created_on" NULLS FIRST);
CREATE INDEX "ix_compliance_framework_created_by_id" ON "compliance_framework" ("created_by_id");
CREATE INDEX "ix_compliance_framework_modified_on" ON "compliance_framework" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_compliance_framework_modified_by_id" ON "compliance_framework" ("modified_by_id");
CREATE INDEX "ix_compliance_framework_owner_id" ON "compliance_framework" ("owner_id");
CREATE INDEX "ix_compliance_framework_owning_unit_id" ON "compliance_framework" ("owning_unit_id");
CREATE INDEX "ix_compliance_framework_name" ON "compliance_framework" ("name" NULLS FIRST);

CREATE TABLE "compliance_requirement" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(500) COLLATE "C",
    "framework_id" uuid,
    "identifier" varchar(50) COLLATE "C",
    "family" varchar(100) COLLATE "C",
    "parent_id" uuid,
    "statement" text COLLATE "C",
    "baselines" text COLLATE "C"
);
CREATE INDEX "ix_compliance_requirement_created_on" ON "compliance_requirement" ("created_on" NULLS FIRST);
CREATE INDEX "ix_compliance_requirement_created_by_id" ON "compliance_requirement" ("created_by_id");
CREATE INDEX "ix_compliance_requirement_modified_on" ON "compliance_requirement" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_compliance_requirement_modified_by_id" ON "compliance_requirement" ("modified_by_id");
CREATE INDEX "ix_compliance_requirement_owner_id" ON "compliance_requirement" ("owner_id");
CREATE INDEX "ix_compliance_requirement_owning_unit_id" ON "compliance_requirement" ("owning_unit_id");
CREATE INDEX "ix_compliance_requirement_name" ON "compliance_requirement" ("name" NULLS FIRST);
CREATE INDEX "ix_compliance_requirement_framework_id" ON "compliance_requirement" ("framework_id");
CREATE UNIQUE INDEX "uq_compliance_requirement_identifier" ON "compliance_requirement" ("framework_id", "identifier");
CREATE INDEX "ix_compliance_requirement_parent_id" ON "compliance_requirement" ("parent_id");

CREATE TABLE "risk_item" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "it_system_accreditation_id" uuid,
    "it_system_id" uuid,
    "description" text COLLATE "C",
    "likelihood" varchar(100) COLLATE "C",
    "impact" varchar(100) COLLATE "C",
    "risk_level" varchar(100) COLLATE "C",
    "risk_response" varchar(100) COLLATE "C",
    "risk_status" varchar(100) COLLATE "C",
    "risk_owner_id" uuid,
    "acceptance_expires_on" date
);
CREATE UNIQUE INDEX "uq_risk_item_number" ON "risk_item" ("number");
CREATE INDEX "ix_risk_item_created_on" ON "risk_item" ("created_on" NULLS FIRST);
CREATE INDEX "ix_risk_item_created_by_id" ON "risk_item" ("created_by_id");
CREATE INDEX "ix_risk_item_modified_on" ON "risk_item" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_risk_item_modified_by_id" ON "risk_item" ("modified_by_id");
CREATE INDEX "ix_risk_item_owner_id" ON "risk_item" ("owner_id");
CREATE INDEX "ix_risk_item_owning_unit_id" ON "risk_item" ("owning_unit_id");
CREATE INDEX "ix_risk_item_name" ON "risk_item" ("name" NULLS FIRST);
CREATE INDEX "ix_risk_item_it_system_accreditation_id" ON "risk_item" ("it_system_accreditation_id");
CREATE INDEX "ix_risk_item_it_system_id" ON "risk_item" ("it_system_id");
CREATE INDEX "ix_risk_item_risk_owner_id" ON "risk_item" ("risk_owner_id");

CREATE TABLE "it_service_request_type" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "parent_it_service_request_type_id" uuid,
    "description" text COLLATE "C",
    "request_kind" varchar(100) COLLATE "C",
    "requires_approval" boolean,
    "default_priority" varchar(100) COLLATE "C",
    "fulfillment_unit_id" uuid,
    "target_hours" bigint,
    "is_orderable" boolean,
    "form_fields" text COLLATE "C"
);
CREATE INDEX "ix_it_service_request_type_created_on" ON "it_service_request_type" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_service_request_type_created_by_id" ON "it_service_request_type" ("created_by_id");
CREATE INDEX "ix_it_service_request_type_modified_on" ON "it_service_request_type" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_service_request_type_modified_by_id" ON "it_service_request_type" ("modified_by_id");
CREATE INDEX "ix_it_service_request_type_owner_id" ON "it_service_request_type" ("owner_id");
CREATE INDEX "ix_it_service_request_type_owning_unit_id" ON "it_service_request_type" ("owning_unit_id");
CREATE INDEX "ix_it_service_request_type_name" ON "it_service_request_type" ("name" NULLS FIRST);
CREATE INDEX "ix_it_service_request_type_parent_it_service_request_type_id" ON "it_service_request_type" ("parent_it_service_request_type_id");
CREATE INDEX "ix_it_service_request_type_fulfillment_unit_id" ON "it_service_request_type" ("fulfillment_unit_id");

CREATE TABLE "it_service_request" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "it_service_request_type_id" uuid,
    "it_work_assignment_code_id" uuid,
    "description" text COLLATE "C",
    "request_status" varchar(100) COLLATE "C",
    "priority" varchar(100) COLLATE "C",
    "requested_by_id" uuid,
    "requested_for_id" uuid,
    "requesting_unit_id" uuid,
    "request_date" timestamptz,
    "required_date" date,
    "assigned_to_id" uuid,
    "assigned_team_id" uuid,
    "method_of_contact" varchar(100) COLLATE "C",
    "business_justification" text COLLATE "C",
    "total_estimated_cost" numeric(18,2),
    "total_estimated_cost_currency" varchar(3) COLLATE "C",
    "approval_status" varchar(100) COLLATE "C",
    "approved_by_id" uuid,
    "approval_date" timestamptz,
    "fulfillment_start_date" timestamptz,
    "fulfillment_completion_date" timestamptz,
    "closed_date" timestamptz,
    "due_on" timestamptz,
    "sla_state" varchar(100) COLLATE "C",
    "satisfaction_rating" bigint,
    "feedback" text COLLATE "C",
    "form_answers" text COLLATE "C",
    "it_system_id" uuid
);
CREATE INDEX "ix_it_service_request_request_status_request_date" ON "it_service_request" ("request_status" NULLS FIRST, "request_date" NULLS FIRST);
CREATE UNIQUE INDEX "uq_it_service_request_number" ON "it_service_request" ("number");
CREATE INDEX "ix_it_service_request_created_on" ON "it_service_request" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_service_request_created_by_id" ON "it_service_request" ("created_by_id");
CREATE INDEX "ix_it_service_request_modified_on" ON "it_service_request" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_service_request_modified_by_id" ON "it_service_request" ("modified_by_id");
CREATE INDEX "ix_it_service_request_owner_id" ON "it_service_request" ("owner_id");
CREATE INDEX "ix_it_service_request_owning_unit_id" ON "it_service_request" ("owning_unit_id");
CREATE INDEX "ix_it_service_request_name" ON "it_service_request" ("name" NULLS FIRST);
CREATE INDEX "ix_it_service_request_it_service_request_type_id" ON "it_service_request" ("it_service_request_type_id");
CREATE INDEX "ix_it_service_request_it_work_assignment_code_id" ON "it_service_request" ("it_work_assignment_code_id");
CREATE INDEX "ix_it_service_request_requested_by_id" ON "it_service_request" ("requested_by_id");
CREATE INDEX "ix_it_service_request_requested_for_id" ON "it_service_request" ("requested_for_id");
CREATE INDEX "ix_it_service_request_requesting_unit_id" ON "it_service_request" ("requesting_unit_id");
CREATE INDEX "ix_it_service_request_request_date" ON "it_service_request" ("request_date" NULLS FIRST);
CREATE INDEX "ix_it_service_request_assigned_to_id" ON "it_service_request" ("assigned_to_id");
CREATE INDEX "ix_it_service_request_assigned_team_id" ON "it_service_request" ("assigned_team_id");
CREATE INDEX "ix_it_service_request_approved_by_id" ON "it_service_request" ("approved_by_id");
CREATE INDEX "ix_it_service_request_due_on" ON "it_service_request" ("due_on" NULLS FIRST);
CREATE INDEX "ix_it_service_request_it_system_id" ON "it_service_request" ("it_system_id");

CREATE TABLE "it_work_assignment_code" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "start_date" timestamptz,
    "end_date" timestamptz,
    "code" varchar(50) COLLATE "C",
    "funding_source" varchar(200) COLLATE "C"
);
CREATE INDEX "ix_it_work_assignment_code_created_on" ON "it_work_assignment_code" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_work_assignment_code_created_by_id" ON "it_work_assignment_code" ("created_by_id");
CREATE INDEX "ix_it_work_assignment_code_modified_on" ON "it_work_assignment_code" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_work_assignment_code_modified_by_id" ON "it_work_assignment_code" ("modified_by_id");
CREATE INDEX "ix_it_work_assignment_code_owner_id" ON "it_work_assignment_code" ("owner_id");
CREATE INDEX "ix_it_work_assignment_code_owning_unit_id" ON "it_work_assignment_code" ("owning_unit_id");
CREATE INDEX "ix_it_work_assignment_code_name" ON "it_work_assignment_code" ("name" NULLS FIRST);
CREATE UNIQUE INDEX "uq_it_work_assignment_code_code" ON "it_work_assignment_code" ("code");

CREATE TABLE "it_product" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "vendor_id" uuid,
    "version" varchar(50) COLLATE "C",
    "product_category" varchar(100) COLLATE "C",
    "description" text COLLATE "C"
);
CREATE INDEX "ix_it_product_created_on" ON "it_product" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_product_created_by_id" ON "it_product" ("created_by_id");
CREATE INDEX "ix_it_product_modified_on" ON "it_product" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_product_modified_by_id" ON "it_product" ("modified_by_id");
CREATE INDEX "ix_it_product_owner_id" ON "it_product" ("owner_id");
CREATE INDEX "ix_it_product_owning_unit_id" ON "it_product" ("owning_unit_id");
CREATE INDEX "ix_it_product_name" ON "it_product" ("name" NULLS FIRST);
CREATE INDEX "ix_it_product_vendor_id" ON "it_product" ("vendor_id");

CREATE TABLE "it_product_entitlement" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "it_product_id" uuid,
    "it_system_id" uuid,
    "entitlement_code" varchar(100) COLLATE "C",
    "entitlement_type" varchar(100) COLLATE "C",
    "entitlement_category" varchar(100) COLLATE "C",
    "access_level" varchar(100) COLLATE "C",
    "requires_manager_approval" boolean,
    "requires_owner_approval" boolean,
    "requires_security_review" boolean,
    "approver_id" uuid,
    "max_assignment_days" bigint,
    "risk_level" varchar(100) COLLATE "C",
    "compliance_requirement_id" uuid,
    "is_active" boolean
);
CREATE INDEX "ix_it_product_entitlement_created_on" ON "it_product_entitlement" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_product_entitlement_created_by_id" ON "it_product_entitlement" ("created_by_id");
CREATE INDEX "ix_it_product_entitlement_modified_on" ON "it_product_entitlement" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_product_entitlement_modified_by_id" ON "it_product_entitlement" ("modified_by_id");
CREATE INDEX "ix_it_product_entitlement_owner_id" ON "it_product_entitlement" ("owner_id");
CREATE INDEX "ix_it_product_entitlement_owning_unit_id" ON "it_product_entitlement" ("owning_unit_id");
CREATE INDEX "ix_it_product_entitlement_name" ON "it_product_entitlement" ("name" NULLS FIRST);
CREATE INDEX "ix_it_product_entitlement_it_product_id" ON "it_product_entitlement" ("it_product_id");
CREATE INDEX "ix_it_product_entitlement_it_system_id" ON "it_product_entitlement" ("it_system_id");
CREATE INDEX "ix_it_product_entitlement_approver_id" ON "it_product_entitlement" ("approver_id");
CREATE INDEX "ix_it_product_entitlement_compliance_requirement_id" ON "it_product_entitlement" ("compliance_requirement_id");

CREATE TABLE "it_assigned_entitlement" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "person_id" uuid,
    "it_product_entitlement_id" uuid,
    "assignment_status" varchar(100) COLLATE "C",
    "assignment_type" varchar(100) COLLATE "C",
    "start_date" timestamptz,
    "end_date" timestamptz,
    "it_system_access_request_id" uuid,
    "granted_by_id" uuid,
    "granted_date" timestamptz,
    "last_review_date" date,
    "next_review_date" date,
    "review_status" varchar(100) COLLATE "C",
    "revocation_date" timestamptz,
    "revoked_by_id" uuid,
    "revocation_reason" text COLLATE "C",
    "account_username" varchar(200) COLLATE "C",
    "verification_status" varchar(100) COLLATE "C",
    "verified_on" timestamptz
);
CREATE UNIQUE INDEX "uq_it_assigned_entitlement_number" ON "it_assigned_entitlement" ("number");
CREATE INDEX "ix_it_assigned_entitlement_created_on" ON "it_assigned_entitlement" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_assigned_entitlement_created_by_id" ON "it_assigned_entitlement" ("created_by_id");
CREATE INDEX "ix_it_assigned_entitlement_modified_on" ON "it_assigned_entitlement" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_assigned_entitlement_modified_by_id" ON "it_assigned_entitlement" ("modified_by_id");
CREATE INDEX "ix_it_assigned_entitlement_owner_id" ON "it_assigned_entitlement" ("owner_id");
CREATE INDEX "ix_it_assigned_entitlement_owning_unit_id" ON "it_assigned_entitlement" ("owning_unit_id");
CREATE INDEX "ix_it_assigned_entitlement_name" ON "it_assigned_entitlement" ("name" NULLS FIRST);
CREATE INDEX "ix_it_assigned_entitlement_person_id" ON "it_assigned_entitlement" ("person_id");
CREATE INDEX "ix_it_assigned_entitlement_it_product_entitlement_id" ON "it_assigned_entitlement" ("it_product_entitlement_id");
CREATE INDEX "ix_it_assigned_entitlement_end_date" ON "it_assigned_entitlement" ("end_date" NULLS FIRST);
CREATE INDEX "ix_it_assigned_entitlement_it_system_access_request_id" ON "it_assigned_entitlement" ("it_system_access_request_id");
CREATE INDEX "ix_it_assigned_entitlement_granted_by_id" ON "it_assigned_entitlement" ("granted_by_id");
CREATE INDEX "ix_it_assigned_entitlement_revoked_by_id" ON "it_assigned_entitlement" ("revoked_by_id");

CREATE TABLE "it_provisioning_request" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "it_system_access_detail_id" uuid,
    "it_service_request_id" uuid,
    "it_product_entitlement_id" uuid,
    "person_id" uuid,
    "provisioning_action" varchar(100) COLLATE "C",
    "provisioning_status" varchar(100) COLLATE "C",
    "assigned_to_id" uuid,
    "due_on" timestamptz,
    "completed_on" timestamptz,
    "evidence" text COLLATE "C"
);
CREATE UNIQUE INDEX "uq_it_provisioning_request_number" ON "it_provisioning_request" ("number");
CREATE INDEX "ix_it_provisioning_request_created_on" ON "it_provisioning_request" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_provisioning_request_created_by_id" ON "it_provisioning_request" ("created_by_id");
CREATE INDEX "ix_it_provisioning_request_modified_on" ON "it_provisioning_request" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_provisioning_request_modified_by_id" ON "it_provisioning_request" ("modified_by_id");
CREATE INDEX "ix_it_provisioning_request_owner_id" ON "it_provisioning_request" ("owner_id");
CREATE INDEX "ix_it_provisioning_request_owning_unit_id" ON "it_provisioning_request" ("owning_unit_id");
CREATE INDEX "ix_it_provisioning_request_name" ON "it_provisioning_request" ("name" NULLS FIRST);
CREATE INDEX "ix_it_provisioning_request_it_system_access_detail_id" ON "it_provisioning_request" ("it_system_access_detail_id");
CREATE INDEX "ix_it_provisioning_request_it_service_request_id" ON "it_provisioning_request" ("it_service_request_id");
CREATE INDEX "ix_it_provisioning_request_it_product_entitlement_id" ON "it_provisioning_request" ("it_product_entitlement_id");
CREATE INDEX "ix_it_provisioning_request_person_id" ON "it_provisioning_request" ("person_id");
CREATE INDEX "ix_it_provisioning_request_assigned_to_id" ON "it_provisioning_request" ("assigned_to_id");
CREATE INDEX "ix_it_provisioning_request_due_on" ON "it_provisioning_request" ("due_on" NULLS FIRST);

CREATE TABLE "it_system_access_request" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "person_id" uuid,
    "first_name" varchar(100) COLLATE "C",
    "middle_name" varchar(100) COLLATE "C",
    "last_name" varchar(100) COLLATE "C",
    "job_title" varchar(200) COLLATE "C",
    "email_address" varchar(320) COLLATE "C",
    "business_phone" varchar(50) COLLATE "C",
    "mobile_phone" varchar(50) COLLATE "C",
    "address_line_1" varchar(200) COLLATE "C",
    "address_line_2" varchar(200) COLLATE "C",
    "city" varchar(200) COLLATE "C",
    "state_or_province_id" uuid,
    "location_id" uuid,
    "organization_unit_id" uuid,
    "personnel_type_id" uuid,
    "grade_rank_id" uuid,
    "employment_type" varchar(100) COLLATE "C",
    "is_manager" boolean,
    "user_identification_number" varchar(100) COLLATE "C",
    "it_system_id" uuid,
    "it_system_component_id" uuid,
    "it_product_id" uuid,
    "it_product_entitlement_id" uuid,
    "it_work_assignment_code_id" uuid,
    "it_system_access_request_type" varchar(100) COLLATE "C",
    "it_system_access_level" varchar(100) COLLATE "C",
    "security_classification_required" varchar(100) COLLATE "C",
    "justification" text COLLATE "C",
    "optional_information" text COLLATE "C",
    "requestor_certifies_need_to_know" boolean,
    "information_awareness_completed" boolean,
    "information_awareness_completed_date" date,
    "request_date" timestamptz,
    "requested_by_date" timestamptz,
    "access_expiration_date_time" timestamptz,
    "action_status" varchar(100) COLLATE "C",
    "action_comments" text COLLATE "C",
    "action_completed_date_time" timestamptz,
    "requested_by_id" uuid,
    "request_status" varchar(100) COLLATE "C",
    "approval_status" varchar(100) COLLATE "C",
    "is_emergency" boolean
);
CREATE INDEX "ix_it_system_access_request_request_status_request_date" ON "it_system_access_request" ("request_status" NULLS FIRST, "request_date" NULLS FIRST);
CREATE UNIQUE INDEX "uq_it_system_access_request_number" ON "it_system_access_request" ("number");
CREATE INDEX "ix_it_system_access_request_created_on" ON "it_system_access_request" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_system_access_request_created_by_id" ON "it_system_access_request" ("created_by_id");
CREATE INDEX "ix_it_system_access_request_modified_on" ON "it_system_access_request" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_system_access_request_modified_by_id" ON "it_system_access_request" ("modified_by_id");
CREATE INDEX "ix_it_system_access_request_owner_id" ON "it_system_access_request" ("owner_id");
CREATE INDEX "ix_it_system_access_request_owning_unit_id" ON "it_system_access_request" ("owning_unit_id");
CREATE INDEX "ix_it_system_access_request_name" ON "it_system_access_request" ("name" NULLS FIRST);
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
CREATE INDEX "ix_it_system_access_request_request_date" ON "it_system_access_request" ("request_date" NULLS FIRST);
CREATE INDEX "ix_it_system_access_request_requested_by_id" ON "it_system_access_request" ("requested_by_id");

CREATE TABLE "it_system_access_detail" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "it_system_access_request_id" uuid,
    "it_system_access_action" varchar(100) COLLATE "C",
    "it_product_id" uuid,
    "it_product_entitlement_id" uuid,
    "it_system_component_id" uuid,
    "justification" text COLLATE "C",
    "action_status" varchar(100) COLLATE "C",
    "action_comments" text COLLATE "C",
    "action_completed_date_time" timestamptz,
    "action_expiration_date_time" timestamptz
);
CREATE INDEX "ix_it_system_access_detail_created_on" ON "it_system_access_detail" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_system_access_detail_created_by_id" ON "it_system_access_detail" ("created_by_id");
CREATE INDEX "ix_it_system_access_detail_modified_on" ON "it_system_access_detail" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_system_access_detail_modified_by_id" ON "it_system_access_detail" ("modified_by_id");
CREATE INDEX "ix_it_system_access_detail_owner_id" ON "it_system_access_detail" ("owner_id");
CREATE INDEX "ix_it_system_access_detail_owning_unit_id" ON "it_system_access_detail" ("owning_unit_id");
CREATE INDEX "ix_it_system_access_detail_name" ON "it_system_access_detail" ("name" NULLS FIRST);
CREATE INDEX "ix_it_system_access_detail_it_system_access_request_id" ON "it_system_access_detail" ("it_system_access_request_id");
CREATE INDEX "ix_it_system_access_detail_it_product_id" ON "it_system_access_detail" ("it_product_id");
CREATE INDEX "ix_it_system_access_detail_it_product_entitlement_id" ON "it_system_access_detail" ("it_product_entitlement_id");
CREATE INDEX "ix_it_system_access_detail_it_system_component_id" ON "it_system_access_detail" ("it_system_component_id");

CREATE TABLE "it_datacenter" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "code" varchar(50) COLLATE "C",
    "hosting_type" varchar(100) COLLATE "C",
    "environment_type" varchar(100) COLLATE "C",
    "location_id" uuid,
    "provider_id" uuid,
    "cloud_region" varchar(100) COLLATE "C",
    "operational_status" varchar(100) COLLATE "C",
    "security_classification" varchar(100) COLLATE "C"
);
CREATE INDEX "ix_it_datacenter_created_on" ON "it_datacenter" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_datacenter_created_by_id" ON "it_datacenter" ("created_by_id");
CREATE INDEX "ix_it_datacenter_modified_on" ON "it_datacenter" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_datacenter_modified_by_id" ON "it_datacenter" ("modified_by_id");
CREATE INDEX "ix_it_datacenter_owner_id" ON "it_datacenter" ("owner_id");
CREATE INDEX "ix_it_datacenter_owning_unit_id" ON "it_datacenter" ("owning_unit_id");
CREATE INDEX "ix_it_datacenter_name" ON "it_datacenter" ("name" NULLS FIRST);
CREATE INDEX "ix_it_datacenter_location_id" ON "it_datacenter" ("location_id");
CREATE INDEX "ix_it_datacenter_provider_id" ON "it_datacenter" ("provider_id");

CREATE TABLE "it_system" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "abbreviation" varchar(50) COLLATE "C",
    "description" text COLLATE "C",
    "ato_id" uuid,
    "catalog_status" varchar(100) COLLATE "C",
    "criticality" varchar(100) COLLATE "C",
    "dependencies_summary" text COLLATE "C",
    "it_datacenter_id" uuid,
    "information_security_officer_id" uuid,
    "is_public_api_available" boolean,
    "public_api_endpoint" varchar(500) COLLATE "C",
    "last_review_date" date,
    "next_review_date" date,
    "lifecycle_stage" varchar(100) COLLATE "C",
    "operational_status" varchar(100) COLLATE "C",
    "point_of_contact_id" uuid,
    "primary_it_hosting_model" varchar(100) COLLATE "C",
    "primary_technology_id" uuid,
    "security_classification" varchar(100) COLLATE "C",
    "url" varchar(500) COLLATE "C",
    "visibility" varchar(100) COLLATE "C",
    "system_owner_id" uuid,
    "confidentiality_impact" varchar(100) COLLATE "C",
    "integrity_impact" varchar(100) COLLATE "C",
    "availability_impact" varchar(100) COLLATE "C",
    "security_category" varchar(100) COLLATE "C",
    "contains_pii" boolean
);
CREATE INDEX "ix_it_system_created_on" ON "it_system" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_system_created_by_id" ON "it_system" ("created_by_id");
CREATE INDEX "ix_it_system_modified_on" ON "it_system" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_system_modified_by_id" ON "it_system" ("modified_by_id");
CREATE INDEX "ix_it_system_owner_id" ON "it_system" ("owner_id");
CREATE INDEX "ix_it_system_owning_unit_id" ON "it_system" ("owning_unit_id");
CREATE INDEX "ix_it_system_name" ON "it_system" ("name" NULLS FIRST);
CREATE INDEX "ix_it_system_ato_id" ON "it_system" ("ato_id");
CREATE INDEX "ix_it_system_it_datacenter_id" ON "it_system" ("it_datacenter_id");
CREATE INDEX "ix_it_system_information_security_officer_id" ON "it_system" ("information_security_officer_id");
CREATE INDEX "ix_it_system_point_of_contact_id" ON "it_system" ("point_of_contact_id");
CREATE INDEX "ix_it_system_primary_technology_id" ON "it_system" ("primary_technology_id");
CREATE INDEX "ix_it_system_system_owner_id" ON "it_system" ("system_owner_id");

CREATE TABLE "it_system_component" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "abbreviation" varchar(50) COLLATE "C",
    "description" text COLLATE "C",
    "it_system_id" uuid,
    "it_datacenter_id" uuid,
    "it_product_id" uuid,
    "it_system_component_type_id" uuid,
    "it_technology_id" uuid,
    "last_review_date" date,
    "next_review_date" date,
    "operational_status" varchar(100) COLLATE "C",
    "parent_it_system_component_id" uuid,
    "primary_steward_id" uuid,
    "security_classification" varchar(100) COLLATE "C",
    "tags" text COLLATE "C",
    "visibility" varchar(100) COLLATE "C"
);
CREATE INDEX "ix_it_system_component_created_on" ON "it_system_component" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_system_component_created_by_id" ON "it_system_component" ("created_by_id");
CREATE INDEX "ix_it_system_component_modified_on" ON "it_system_component" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_system_component_modified_by_id" ON "it_system_component" ("modified_by_id");
CREATE INDEX "ix_it_system_component_owner_id" ON "it_system_component" ("owner_id");
CREATE INDEX "ix_it_system_component_owning_unit_id" ON "it_system_component" ("owning_unit_id");
CREATE INDEX "ix_it_system_component_name" ON "it_system_component" ("name" NULLS FIRST);
CREATE INDEX "ix_it_system_component_it_system_id" ON "it_system_component" ("it_system_id");
CREATE INDEX "ix_it_system_component_it_datacenter_id" ON "it_system_component" ("it_datacenter_id");
CREATE INDEX "ix_it_system_component_it_product_id" ON "it_system_component" ("it_product_id");
CREATE INDEX "ix_it_system_component_it_system_component_type_id" ON "it_system_component" ("it_system_component_type_id");
CREATE INDEX "ix_it_system_component_it_technology_id" ON "it_system_component" ("it_technology_id");
CREATE INDEX "ix_it_system_component_parent_it_system_component_id" ON "it_system_component" ("parent_it_system_component_id");
CREATE INDEX "ix_it_system_component_primary_steward_id" ON "it_system_component" ("primary_steward_id");

CREATE TABLE "it_system_component_type" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "code" varchar(50) COLLATE "C",
    "description" text COLLATE "C"
);
CREATE INDEX "ix_it_system_component_type_created_on" ON "it_system_component_type" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_system_component_type_created_by_id" ON "it_system_component_type" ("created_by_id");
CREATE INDEX "ix_it_system_component_type_modified_on" ON "it_system_component_type" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_system_component_type_modified_by_id" ON "it_system_component_type" ("modified_by_id");
CREATE INDEX "ix_it_system_component_type_owner_id" ON "it_system_component_type" ("owner_id");
CREATE INDEX "ix_it_system_component_type_owning_unit_id" ON "it_system_component_type" ("owning_unit_id");
CREATE INDEX "ix_it_system_component_type_name" ON "it_system_component_type" ("name" NULLS FIRST);

CREATE TABLE "it_technology" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "description" text COLLATE "C",
    "it_technology_type_id" uuid,
    "vendor_id" uuid,
    "technology_status" varchar(100) COLLATE "C",
    "end_of_support_date" date
);
CREATE INDEX "ix_it_technology_created_on" ON "it_technology" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_technology_created_by_id" ON "it_technology" ("created_by_id");
CREATE INDEX "ix_it_technology_modified_on" ON "it_technology" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_technology_modified_by_id" ON "it_technology" ("modified_by_id");
CREATE INDEX "ix_it_technology_owner_id" ON "it_technology" ("owner_id");
CREATE INDEX "ix_it_technology_owning_unit_id" ON "it_technology" ("owning_unit_id");
CREATE INDEX "ix_it_technology_name" ON "it_technology" ("name" NULLS FIRST);
CREATE INDEX "ix_it_technology_it_technology_type_id" ON "it_technology" ("it_technology_type_id");
CREATE INDEX "ix_it_technology_vendor_id" ON "it_technology" ("vendor_id");

CREATE TABLE "it_technology_type" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "description" text COLLATE "C",
    "it_technology_category" varchar(100) COLLATE "C",
    "parent_it_technology_type_id" uuid
);
CREATE INDEX "ix_it_technology_type_created_on" ON "it_technology_type" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_technology_type_created_by_id" ON "it_technology_type" ("created_by_id");
CREATE INDEX "ix_it_technology_type_modified_on" ON "it_technology_type" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_technology_type_modified_by_id" ON "it_technology_type" ("modified_by_id");
CREATE INDEX "ix_it_technology_type_owner_id" ON "it_technology_type" ("owner_id");
CREATE INDEX "ix_it_technology_type_owning_unit_id" ON "it_technology_type" ("owning_unit_id");
CREATE INDEX "ix_it_technology_type_name" ON "it_technology_type" ("name" NULLS FIRST);
CREATE INDEX "ix_it_technology_type_parent_it_technology_type_id" ON "it_technology_type" ("parent_it_technology_type_id");

CREATE TABLE "it_system_accreditation" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "it_system_id" uuid,
    "certification_body_id" uuid,
    "it_accreditation_type" varchar(100) COLLATE "C",
    "expiration_date" timestamptz,
    "scope" text COLLATE "C",
    "accreditation_status" varchar(100) COLLATE "C",
    "compliance_framework_id" uuid,
    "baseline" varchar(100) COLLATE "C",
    "authorization_date" timestamptz,
    "authorizing_official_id" uuid,
    "authorizing_unit_id" uuid,
    "conditions" text COLLATE "C",
    "risk_statement" text COLLATE "C",
    "last_assessment_date" date,
    "next_assessment_date" date
);
CREATE UNIQUE INDEX "uq_it_system_accreditation_number" ON "it_system_accreditation" ("number");
CREATE INDEX "ix_it_system_accreditation_created_on" ON "it_system_accreditation" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_system_accreditation_created_by_id" ON "it_system_accreditation" ("created_by_id");
CREATE INDEX "ix_it_system_accreditation_modified_on" ON "it_system_accreditation" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_system_accreditation_modified_by_id" ON "it_system_accreditation" ("modified_by_id");
CREATE INDEX "ix_it_system_accreditation_owner_id" ON "it_system_accreditation" ("owner_id");
CREATE INDEX "ix_it_system_accreditation_owning_unit_id" ON "it_system_accreditation" ("owning_unit_id");
CREATE INDEX "ix_it_system_accreditation_name" ON "it_system_accreditation" ("name" NULLS FIRST);
CREATE INDEX "ix_it_system_accreditation_it_system_id" ON "it_system_accreditation" ("it_system_id");
CREATE INDEX "ix_it_system_accreditation_certification_body_id" ON "it_system_accreditation" ("certification_body_id");
CREATE INDEX "ix_it_system_accreditation_expiration_date" ON "it_system_accreditation" ("expiration_date" NULLS FIRST);
CREATE INDEX "ix_it_system_accreditation_compliance_framework_id" ON "it_system_accreditation" ("compliance_framework_id");
CREATE INDEX "ix_it_system_accreditation_authorizing_official_id" ON "it_system_accreditation" ("authorizing_official_id");
CREATE INDEX "ix_it_system_accreditation_authorizing_unit_id" ON "it_system_accreditation" ("authorizing_unit_id");

CREATE TABLE "it_compliance_assessment" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "assessed_by_id" uuid,
    "assessment_date" timestamptz,
    "compliance_requirement_id" uuid,
    "compliance_status" varchar(100) COLLATE "C",
    "evidence_of_compliance" text COLLATE "C",
    "findings_summary" text COLLATE "C",
    "it_system_accreditation_id" uuid,
    "next_action_date" timestamptz,
    "required_corrective_actions" text COLLATE "C",
    "risk_level" varchar(100) COLLATE "C",
    "target_completion_date" timestamptz,
    "it_system_id" uuid,
    "assessment_type" varchar(100) COLLATE "C",
    "assessment_status" varchar(100) COLLATE "C",
    "assessment_method" varchar(100) COLLATE "C"
);
CREATE UNIQUE INDEX "uq_it_compliance_assessment_number" ON "it_compliance_assessment" ("number");
CREATE INDEX "ix_it_compliance_assessment_created_on" ON "it_compliance_assessment" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_compliance_assessment_created_by_id" ON "it_compliance_assessment" ("created_by_id");
CREATE INDEX "ix_it_compliance_assessment_modified_on" ON "it_compliance_assessment" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_compliance_assessment_modified_by_id" ON "it_compliance_assessment" ("modified_by_id");
CREATE INDEX "ix_it_compliance_assessment_owner_id" ON "it_compliance_assessment" ("owner_id");
CREATE INDEX "ix_it_compliance_assessment_owning_unit_id" ON "it_compliance_assessment" ("owning_unit_id");
CREATE INDEX "ix_it_compliance_assessment_name" ON "it_compliance_assessment" ("name" NULLS FIRST);
CREATE INDEX "ix_it_compliance_assessment_assessed_by_id" ON "it_compliance_assessment" ("assessed_by_id");
CREATE INDEX "ix_it_compliance_assessment_assessment_date" ON "it_compliance_assessment" ("assessment_date" NULLS FIRST);
CREATE INDEX "ix_it_compliance_assessment_compliance_requirement_id" ON "it_compliance_assessment" ("compliance_requirement_id");
CREATE INDEX "ix_it_compliance_assessment_it_system_accreditation_id" ON "it_compliance_assessment" ("it_system_accreditation_id");
CREATE INDEX "ix_it_compliance_assessment_it_system_id" ON "it_compliance_assessment" ("it_system_id");

CREATE TABLE "it_poam_item" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "description" text COLLATE "C",
    "action_status" varchar(100) COLLATE "C",
    "due_date" timestamptz,
    "it_compliance_assessment_id" uuid,
    "it_system_id" uuid,
    "it_system_accreditation_id" uuid,
    "it_system_component_id" uuid,
    "mitigation_plan" text COLLATE "C",
    "risk_category" varchar(100) COLLATE "C",
    "compliance_requirement_id" uuid,
    "severity" varchar(100) COLLATE "C",
    "finding_type" varchar(100) COLLATE "C",
    "weakness_source" varchar(200) COLLATE "C",
    "identified_date" date,
    "milestones" text COLLATE "C",
    "assigned_to_id" uuid,
    "responsible_unit_id" uuid,
    "mitigation_status" varchar(100) COLLATE "C",
    "deviation_type" varchar(100) COLLATE "C",
    "deviation_rationale" text COLLATE "C",
    "deviation_approved_by_id" uuid,
    "original_risk_rating" varchar(100) COLLATE "C",
    "adjusted_risk_rating" varchar(100) COLLATE "C",
    "actual_completion_date" date,
    "completion_evidence" text COLLATE "C",
    "verified_by_id" uuid,
    "verification_date" date,
    "risk_item_id" uuid
);
CREATE INDEX "ix_it_poam_item_action_status_due_date" ON "it_poam_item" ("action_status" NULLS FIRST, "due_date" NULLS FIRST);
CREATE UNIQUE INDEX "uq_it_poam_item_number" ON "it_poam_item" ("number");
CREATE INDEX "ix_it_poam_item_created_on" ON "it_poam_item" ("created_on" NULLS FIRST);
CREATE INDEX "ix_it_poam_item_created_by_id" ON "it_poam_item" ("created_by_id");
CREATE INDEX "ix_it_poam_item_modified_on" ON "it_poam_item" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_it_poam_item_modified_by_id" ON "it_poam_item" ("modified_by_id");
CREATE INDEX "ix_it_poam_item_owner_id" ON "it_poam_item" ("owner_id");
CREATE INDEX "ix_it_poam_item_owning_unit_id" ON "it_poam_item" ("owning_unit_id");
CREATE INDEX "ix_it_poam_item_name" ON "it_poam_item" ("name" NULLS FIRST);
CREATE INDEX "ix_it_poam_item_due_date" ON "it_poam_item" ("due_date" NULLS FIRST);
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
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "description" text COLLATE "C",
    "impact" varchar(100) COLLATE "C",
    "urgency" varchar(100) COLLATE "C",
    "priority" varchar(100) COLLATE "C",
    "incident_status" varchar(100) COLLATE "C",
    "reported_by_id" uuid,
    "assigned_to_id" uuid,
    "assigned_team_id" uuid,
    "it_system_id" uuid,
    "it_system_component_id" uuid,
    "problem_id" uuid,
    "is_security_incident" boolean,
    "opened_on" timestamptz,
    "resolved_on" timestamptz,
    "closed_on" timestamptz,
    "due_on" timestamptz,
    "sla_state" varchar(100) COLLATE "C",
    "resolution_code" varchar(100) COLLATE "C",
    "resolution_notes" text COLLATE "C"
);
CREATE INDEX "ix_incident_incident_status_opened_on" ON "incident" ("incident_status" NULLS FIRST, "opened_on" NULLS FIRST);
CREATE UNIQUE INDEX "uq_incident_number" ON "incident" ("number");
CREATE INDEX "ix_incident_created_on" ON "incident" ("created_on" NULLS FIRST);
CREATE INDEX "ix_incident_created_by_id" ON "incident" ("created_by_id");
CREATE INDEX "ix_incident_modified_on" ON "incident" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_incident_modified_by_id" ON "incident" ("modified_by_id");
CREATE INDEX "ix_incident_owner_id" ON "incident" ("owner_id");
CREATE INDEX "ix_incident_owning_unit_id" ON "incident" ("owning_unit_id");
CREATE INDEX "ix_incident_name" ON "incident" ("name" NULLS FIRST);
CREATE INDEX "ix_incident_reported_by_id" ON "incident" ("reported_by_id");
CREATE INDEX "ix_incident_assigned_to_id" ON "incident" ("assigned_to_id");
CREATE INDEX "ix_incident_assigned_team_id" ON "incident" ("assigned_team_id");
CREATE INDEX "ix_incident_it_system_id" ON "incident" ("it_system_id");
CREATE INDEX "ix_incident_it_system_component_id" ON "incident" ("it_system_component_id");
CREATE INDEX "ix_incident_problem_id" ON "incident" ("problem_id");
CREATE INDEX "ix_incident_opened_on" ON "incident" ("opened_on" NULLS FIRST);

CREATE TABLE "problem" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "description" text COLLATE "C",
    "problem_status" varchar(100) COLLATE "C",
    "root_cause" text COLLATE "C",
    "workaround" text COLLATE "C",
    "known_error" boolean,
    "assigned_to_id" uuid,
    "it_system_id" uuid
);
CREATE UNIQUE INDEX "uq_problem_number" ON "problem" ("number");
CREATE INDEX "ix_problem_created_on" ON "problem" ("created_on" NULLS FIRST);
CREATE INDEX "ix_problem_created_by_id" ON "problem" ("created_by_id");
CREATE INDEX "ix_problem_modified_on" ON "problem" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_problem_modified_by_id" ON "problem" ("modified_by_id");
CREATE INDEX "ix_problem_owner_id" ON "problem" ("owner_id");
CREATE INDEX "ix_problem_owning_unit_id" ON "problem" ("owning_unit_id");
CREATE INDEX "ix_problem_name" ON "problem" ("name" NULLS FIRST);
CREATE INDEX "ix_problem_assigned_to_id" ON "problem" ("assigned_to_id");
CREATE INDEX "ix_problem_it_system_id" ON "problem" ("it_system_id");

CREATE TABLE "change_request" (
    "id" uuid PRIMARY KEY NOT NULL,
    "number" varchar(20) COLLATE "C",
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "description" text COLLATE "C",
    "change_type" varchar(100) COLLATE "C",
    "change_status" varchar(100) COLLATE "C",
    "risk_level" varchar(100) COLLATE "C",
    "impact" varchar(100) COLLATE "C",
    "it_system_id" uuid,
    "it_system_component_id" uuid,
    "requested_by_id" uuid,
    "assigned_to_id" uuid,
    "planned_start" timestamptz,
    "planned_end" timestamptz,
    "actual_start" timestamptz,
    "actual_end" timestamptz,
    "implementation_plan" text COLLATE "C",
    "backout_plan" text COLLATE "C",
    "test_plan" text COLLATE "C",
    "approval_status" varchar(100) COLLATE "C",
    "related_poam_item_id" uuid
);
CREATE INDEX "ix_change_request_change_status_planned_start" ON "change_request" ("change_status" NULLS FIRST, "planned_start" NULLS FIRST);
CREATE UNIQUE INDEX "uq_change_request_number" ON "change_request" ("number");
CREATE INDEX "ix_change_request_created_on" ON "change_request" ("created_on" NULLS FIRST);
CREATE INDEX "ix_change_request_created_by_id" ON "change_request" ("created_by_id");
CREATE INDEX "ix_change_request_modified_on" ON "change_request" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_change_request_modified_by_id" ON "change_request" ("modified_by_id");
CREATE INDEX "ix_change_request_owner_id" ON "change_request" ("owner_id");
CREATE INDEX "ix_change_request_owning_unit_id" ON "change_request" ("owning_unit_id");
CREATE INDEX "ix_change_request_name" ON "change_request" ("name" NULLS FIRST);
CREATE INDEX "ix_change_request_it_system_id" ON "change_request" ("it_system_id");
CREATE INDEX "ix_change_request_it_system_component_id" ON "change_request" ("it_system_component_id");
CREATE INDEX "ix_change_request_requested_by_id" ON "change_request" ("requested_by_id");
CREATE INDEX "ix_change_request_assigned_to_id" ON "change_request" ("assigned_to_id");
CREATE INDEX "ix_change_request_planned_start" ON "change_request" ("planned_start" NULLS FIRST);
CREATE INDEX "ix_change_request_related_poam_item_id" ON "change_request" ("related_poam_item_id");

CREATE TABLE "approval" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "regarding_table" varchar(100) COLLATE "C",
    "regarding_id" uuid,
    "stage" bigint,
    "reviewer_type" varchar(100) COLLATE "C",
    "reviewer_id" uuid,
    "approval_status" varchar(100) COLLATE "C",
    "decision_date" timestamptz,
    "due_date" timestamptz,
    "requested_date" timestamptz,
    "requestor_comments" text COLLATE "C",
    "reviewer_comments" text COLLATE "C"
);
CREATE INDEX "ix_approval_created_on" ON "approval" ("created_on" NULLS FIRST);
CREATE INDEX "ix_approval_created_by_id" ON "approval" ("created_by_id");
CREATE INDEX "ix_approval_modified_on" ON "approval" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_approval_modified_by_id" ON "approval" ("modified_by_id");
CREATE INDEX "ix_approval_owner_id" ON "approval" ("owner_id");
CREATE INDEX "ix_approval_owning_unit_id" ON "approval" ("owning_unit_id");
CREATE INDEX "ix_approval_name" ON "approval" ("name" NULLS FIRST);
CREATE INDEX "ix_approval_reviewer_id" ON "approval" ("reviewer_id");

CREATE TABLE "note" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(200) COLLATE "C",
    "regarding_table" varchar(100) COLLATE "C",
    "regarding_id" uuid,
    "body" text COLLATE "C",
    "is_internal" boolean,
    "author_id" uuid
);
CREATE INDEX "ix_note_created_on" ON "note" ("created_on" NULLS FIRST);
CREATE INDEX "ix_note_created_by_id" ON "note" ("created_by_id");
CREATE INDEX "ix_note_modified_on" ON "note" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_note_modified_by_id" ON "note" ("modified_by_id");
CREATE INDEX "ix_note_owner_id" ON "note" ("owner_id");
CREATE INDEX "ix_note_owning_unit_id" ON "note" ("owning_unit_id");
CREATE INDEX "ix_note_name" ON "note" ("name" NULLS FIRST);
CREATE INDEX "ix_note_author_id" ON "note" ("author_id");

ALTER TABLE "person" ADD CONSTRAINT "fk_person_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "person" ADD CONSTRAINT "fk_person_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "person" ADD CONSTRAINT "fk_person_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "person" ADD CONSTRAINT "fk_person_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "person" ADD CONSTRAINT "fk_person_organization_unit_id" FOREIGN KEY ("organization_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "person" ADD CONSTRAINT "fk_person_manager_id" FOREIGN KEY ("manager_id") REFERENCES "person" ("id");
ALTER TABLE "person" ADD CONSTRAINT "fk_person_personnel_type_id" FOREIGN KEY ("personnel_type_id") REFERENCES "personnel_type" ("id");
ALTER TABLE "person" ADD CONSTRAINT "fk_person_grade_rank_id" FOREIGN KEY ("grade_rank_id") REFERENCES "grade_rank" ("id");
ALTER TABLE "person" ADD CONSTRAINT "fk_person_location_id" FOREIGN KEY ("location_id") REFERENCES "location" ("id");
ALTER TABLE "person" ADD CONSTRAINT "fk_person_address_home_state_id" FOREIGN KEY ("address_home_state_id") REFERENCES "state_or_province" ("id");
ALTER TABLE "organization_unit" ADD CONSTRAINT "fk_organization_unit_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "organization_unit" ADD CONSTRAINT "fk_organization_unit_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "organization_unit" ADD CONSTRAINT "fk_organization_unit_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "organization_unit" ADD CONSTRAINT "fk_organization_unit_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "organization_unit" ADD CONSTRAINT "fk_organization_unit_parent_id" FOREIGN KEY ("parent_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "organization_unit" ADD CONSTRAINT "fk_organization_unit_manager_id" FOREIGN KEY ("manager_id") REFERENCES "person" ("id");
ALTER TABLE "location" ADD CONSTRAINT "fk_location_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "location" ADD CONSTRAINT "fk_location_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "location" ADD CONSTRAINT "fk_location_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "location" ADD CONSTRAINT "fk_location_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "location" ADD CONSTRAINT "fk_location_state_or_province_id" FOREIGN KEY ("state_or_province_id") REFERENCES "state_or_province" ("id");
ALTER TABLE "state_or_province" ADD CONSTRAINT "fk_state_or_province_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "state_or_province" ADD CONSTRAINT "fk_state_or_province_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "state_or_province" ADD CONSTRAINT "fk_state_or_province_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "state_or_province" ADD CONSTRAINT "fk_state_or_province_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "grade_rank" ADD CONSTRAINT "fk_grade_rank_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "grade_rank" ADD CONSTRAINT "fk_grade_rank_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "grade_rank" ADD CONSTRAINT "fk_grade_rank_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "grade_rank" ADD CONSTRAINT "fk_grade_rank_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "personnel_type" ADD CONSTRAINT "fk_personnel_type_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "personnel_type" ADD CONSTRAINT "fk_personnel_type_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "personnel_type" ADD CONSTRAINT "fk_personnel_type_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "personnel_type" ADD CONSTRAINT "fk_personnel_type_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "account" ADD CONSTRAINT "fk_account_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "account" ADD CONSTRAINT "fk_account_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "account" ADD CONSTRAINT "fk_account_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "account" ADD CONSTRAINT "fk_account_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "compliance_framework" ADD CONSTRAINT "fk_compliance_framework_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "compliance_framework" ADD CONSTRAINT "fk_compliance_framework_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "compliance_framework" ADD CONSTRAINT "fk_compliance_framework_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "compliance_framework" ADD CONSTRAINT "fk_compliance_framework_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "compliance_requirement" ADD CONSTRAINT "fk_compliance_requirement_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "compliance_requirement" ADD CONSTRAINT "fk_compliance_requirement_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "compliance_requirement" ADD CONSTRAINT "fk_compliance_requirement_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "compliance_requirement" ADD CONSTRAINT "fk_compliance_requirement_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "compliance_requirement" ADD CONSTRAINT "fk_compliance_requirement_framework_id" FOREIGN KEY ("framework_id") REFERENCES "compliance_framework" ("id");
ALTER TABLE "compliance_requirement" ADD CONSTRAINT "fk_compliance_requirement_parent_id" FOREIGN KEY ("parent_id") REFERENCES "compliance_requirement" ("id");
ALTER TABLE "risk_item" ADD CONSTRAINT "fk_risk_item_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "risk_item" ADD CONSTRAINT "fk_risk_item_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "risk_item" ADD CONSTRAINT "fk_risk_item_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "risk_item" ADD CONSTRAINT "fk_risk_item_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "risk_item" ADD CONSTRAINT "fk_risk_item_it_system_accreditation_id" FOREIGN KEY ("it_system_accreditation_id") REFERENCES "it_system_accreditation" ("id");
ALTER TABLE "risk_item" ADD CONSTRAINT "fk_risk_item_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "risk_item" ADD CONSTRAINT "fk_risk_item_risk_owner_id" FOREIGN KEY ("risk_owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request_type" ADD CONSTRAINT "fk_it_service_request_type_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request_type" ADD CONSTRAINT "fk_it_service_request_type_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request_type" ADD CONSTRAINT "fk_it_service_request_type_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request_type" ADD CONSTRAINT "fk_it_service_request_type_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_service_request_type" ADD CONSTRAINT "fk_it_service_request_type_parent_it_service_request_type_id" FOREIGN KEY ("parent_it_service_request_type_id") REFERENCES "it_service_request_type" ("id");
ALTER TABLE "it_service_request_type" ADD CONSTRAINT "fk_it_service_request_type_fulfillment_unit_id" FOREIGN KEY ("fulfillment_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_it_service_request_type_id" FOREIGN KEY ("it_service_request_type_id") REFERENCES "it_service_request_type" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_it_work_assignment_code_id" FOREIGN KEY ("it_work_assignment_code_id") REFERENCES "it_work_assignment_code" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_requested_by_id" FOREIGN KEY ("requested_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_requested_for_id" FOREIGN KEY ("requested_for_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_requesting_unit_id" FOREIGN KEY ("requesting_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_assigned_to_id" FOREIGN KEY ("assigned_to_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_assigned_team_id" FOREIGN KEY ("assigned_team_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_approved_by_id" FOREIGN KEY ("approved_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_service_request" ADD CONSTRAINT "fk_it_service_request_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "it_work_assignment_code" ADD CONSTRAINT "fk_it_work_assignment_code_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_work_assignment_code" ADD CONSTRAINT "fk_it_work_assignment_code_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_work_assignment_code" ADD CONSTRAINT "fk_it_work_assignment_code_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_work_assignment_code" ADD CONSTRAINT "fk_it_work_assignment_code_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_product" ADD CONSTRAINT "fk_it_product_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_product" ADD CONSTRAINT "fk_it_product_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_product" ADD CONSTRAINT "fk_it_product_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_product" ADD CONSTRAINT "fk_it_product_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_product" ADD CONSTRAINT "fk_it_product_vendor_id" FOREIGN KEY ("vendor_id") REFERENCES "account" ("id");
ALTER TABLE "it_product_entitlement" ADD CONSTRAINT "fk_it_product_entitlement_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_product_entitlement" ADD CONSTRAINT "fk_it_product_entitlement_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_product_entitlement" ADD CONSTRAINT "fk_it_product_entitlement_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_product_entitlement" ADD CONSTRAINT "fk_it_product_entitlement_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_product_entitlement" ADD CONSTRAINT "fk_it_product_entitlement_it_product_id" FOREIGN KEY ("it_product_id") REFERENCES "it_product" ("id");
ALTER TABLE "it_product_entitlement" ADD CONSTRAINT "fk_it_product_entitlement_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "it_product_entitlement" ADD CONSTRAINT "fk_it_product_entitlement_approver_id" FOREIGN KEY ("approver_id") REFERENCES "person" ("id");
ALTER TABLE "it_product_entitlement" ADD CONSTRAINT "fk_it_product_entitlement_compliance_requirement_id" FOREIGN KEY ("compliance_requirement_id") REFERENCES "compliance_requirement" ("id");
ALTER TABLE "it_assigned_entitlement" ADD CONSTRAINT "fk_it_assigned_entitlement_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_assigned_entitlement" ADD CONSTRAINT "fk_it_assigned_entitlement_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_assigned_entitlement" ADD CONSTRAINT "fk_it_assigned_entitlement_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_assigned_entitlement" ADD CONSTRAINT "fk_it_assigned_entitlement_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_assigned_entitlement" ADD CONSTRAINT "fk_it_assigned_entitlement_person_id" FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "it_assigned_entitlement" ADD CONSTRAINT "fk_it_assigned_entitlement_it_product_entitlement_id" FOREIGN KEY ("it_product_entitlement_id") REFERENCES "it_product_entitlement" ("id");
ALTER TABLE "it_assigned_entitlement" ADD CONSTRAINT "fk_it_assigned_entitlement_it_system_access_request_id" FOREIGN KEY ("it_system_access_request_id") REFERENCES "it_system_access_request" ("id");
ALTER TABLE "it_assigned_entitlement" ADD CONSTRAINT "fk_it_assigned_entitlement_granted_by_id" FOREIGN KEY ("granted_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_assigned_entitlement" ADD CONSTRAINT "fk_it_assigned_entitlement_revoked_by_id" FOREIGN KEY ("revoked_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_provisioning_request" ADD CONSTRAINT "fk_it_provisioning_request_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_provisioning_request" ADD CONSTRAINT "fk_it_provisioning_request_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_provisioning_request" ADD CONSTRAINT "fk_it_provisioning_request_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_provisioning_request" ADD CONSTRAINT "fk_it_provisioning_request_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_provisioning_request" ADD CONSTRAINT "fk_it_provisioning_request_it_system_access_detail_id" FOREIGN KEY ("it_system_access_detail_id") REFERENCES "it_system_access_detail" ("id");
ALTER TABLE "it_provisioning_request" ADD CONSTRAINT "fk_it_provisioning_request_it_service_request_id" FOREIGN KEY ("it_service_request_id") REFERENCES "it_service_request" ("id");
ALTER TABLE "it_provisioning_request" ADD CONSTRAINT "fk_it_provisioning_request_it_product_entitlement_id" FOREIGN KEY ("it_product_entitlement_id") REFERENCES "it_product_entitlement" ("id");
ALTER TABLE "it_provisioning_request" ADD CONSTRAINT "fk_it_provisioning_request_person_id" FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "it_provisioning_request" ADD CONSTRAINT "fk_it_provisioning_request_assigned_to_id" FOREIGN KEY ("assigned_to_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_person_id" FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_state_or_province_id" FOREIGN KEY ("state_or_province_id") REFERENCES "state_or_province" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_location_id" FOREIGN KEY ("location_id") REFERENCES "location" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_organization_unit_id" FOREIGN KEY ("organization_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_personnel_type_id" FOREIGN KEY ("personnel_type_id") REFERENCES "personnel_type" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_grade_rank_id" FOREIGN KEY ("grade_rank_id") REFERENCES "grade_rank" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_it_system_component_id" FOREIGN KEY ("it_system_component_id") REFERENCES "it_system_component" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_it_product_id" FOREIGN KEY ("it_product_id") REFERENCES "it_product" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_it_product_entitlement_id" FOREIGN KEY ("it_product_entitlement_id") REFERENCES "it_product_entitlement" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_it_work_assignment_code_id" FOREIGN KEY ("it_work_assignment_code_id") REFERENCES "it_work_assignment_code" ("id");
ALTER TABLE "it_system_access_request" ADD CONSTRAINT "fk_it_system_access_request_requested_by_id" FOREIGN KEY ("requested_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_access_detail" ADD CONSTRAINT "fk_it_system_access_detail_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_access_detail" ADD CONSTRAINT "fk_it_system_access_detail_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_access_detail" ADD CONSTRAINT "fk_it_system_access_detail_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_access_detail" ADD CONSTRAINT "fk_it_system_access_detail_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_system_access_detail" ADD CONSTRAINT "fk_it_system_access_detail_it_system_access_request_id" FOREIGN KEY ("it_system_access_request_id") REFERENCES "it_system_access_request" ("id");
ALTER TABLE "it_system_access_detail" ADD CONSTRAINT "fk_it_system_access_detail_it_product_id" FOREIGN KEY ("it_product_id") REFERENCES "it_product" ("id");
ALTER TABLE "it_system_access_detail" ADD CONSTRAINT "fk_it_system_access_detail_it_product_entitlement_id" FOREIGN KEY ("it_product_entitlement_id") REFERENCES "it_product_entitlement" ("id");
ALTER TABLE "it_system_access_detail" ADD CONSTRAINT "fk_it_system_access_detail_it_system_component_id" FOREIGN KEY ("it_system_component_id") REFERENCES "it_system_component" ("id");
ALTER TABLE "it_datacenter" ADD CONSTRAINT "fk_it_datacenter_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_datacenter" ADD CONSTRAINT "fk_it_datacenter_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_datacenter" ADD CONSTRAINT "fk_it_datacenter_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_datacenter" ADD CONSTRAINT "fk_it_datacenter_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_datacenter" ADD CONSTRAINT "fk_it_datacenter_location_id" FOREIGN KEY ("location_id") REFERENCES "location" ("id");
ALTER TABLE "it_datacenter" ADD CONSTRAINT "fk_it_datacenter_provider_id" FOREIGN KEY ("provider_id") REFERENCES "account" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_ato_id" FOREIGN KEY ("ato_id") REFERENCES "it_system_accreditation" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_it_datacenter_id" FOREIGN KEY ("it_datacenter_id") REFERENCES "it_datacenter" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_information_security_officer_id" FOREIGN KEY ("information_security_officer_id") REFERENCES "person" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_point_of_contact_id" FOREIGN KEY ("point_of_contact_id") REFERENCES "person" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_primary_technology_id" FOREIGN KEY ("primary_technology_id") REFERENCES "it_technology" ("id");
ALTER TABLE "it_system" ADD CONSTRAINT "fk_it_system_system_owner_id" FOREIGN KEY ("system_owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_it_datacenter_id" FOREIGN KEY ("it_datacenter_id") REFERENCES "it_datacenter" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_it_product_id" FOREIGN KEY ("it_product_id") REFERENCES "it_product" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_it_system_component_type_id" FOREIGN KEY ("it_system_component_type_id") REFERENCES "it_system_component_type" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_it_technology_id" FOREIGN KEY ("it_technology_id") REFERENCES "it_technology" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_parent_it_system_component_id" FOREIGN KEY ("parent_it_system_component_id") REFERENCES "it_system_component" ("id");
ALTER TABLE "it_system_component" ADD CONSTRAINT "fk_it_system_component_primary_steward_id" FOREIGN KEY ("primary_steward_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_component_type" ADD CONSTRAINT "fk_it_system_component_type_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_component_type" ADD CONSTRAINT "fk_it_system_component_type_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_component_type" ADD CONSTRAINT "fk_it_system_component_type_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_component_type" ADD CONSTRAINT "fk_it_system_component_type_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_technology" ADD CONSTRAINT "fk_it_technology_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_technology" ADD CONSTRAINT "fk_it_technology_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_technology" ADD CONSTRAINT "fk_it_technology_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_technology" ADD CONSTRAINT "fk_it_technology_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_technology" ADD CONSTRAINT "fk_it_technology_it_technology_type_id" FOREIGN KEY ("it_technology_type_id") REFERENCES "it_technology_type" ("id");
ALTER TABLE "it_technology" ADD CONSTRAINT "fk_it_technology_vendor_id" FOREIGN KEY ("vendor_id") REFERENCES "account" ("id");
ALTER TABLE "it_technology_type" ADD CONSTRAINT "fk_it_technology_type_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_technology_type" ADD CONSTRAINT "fk_it_technology_type_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_technology_type" ADD CONSTRAINT "fk_it_technology_type_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_technology_type" ADD CONSTRAINT "fk_it_technology_type_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_technology_type" ADD CONSTRAINT "fk_it_technology_type_parent_it_technology_type_id" FOREIGN KEY ("parent_it_technology_type_id") REFERENCES "it_technology_type" ("id");
ALTER TABLE "it_system_accreditation" ADD CONSTRAINT "fk_it_system_accreditation_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_accreditation" ADD CONSTRAINT "fk_it_system_accreditation_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_accreditation" ADD CONSTRAINT "fk_it_system_accreditation_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_accreditation" ADD CONSTRAINT "fk_it_system_accreditation_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_system_accreditation" ADD CONSTRAINT "fk_it_system_accreditation_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "it_system_accreditation" ADD CONSTRAINT "fk_it_system_accreditation_certification_body_id" FOREIGN KEY ("certification_body_id") REFERENCES "account" ("id");
ALTER TABLE "it_system_accreditation" ADD CONSTRAINT "fk_it_system_accreditation_compliance_framework_id" FOREIGN KEY ("compliance_framework_id") REFERENCES "compliance_framework" ("id");
ALTER TABLE "it_system_accreditation" ADD CONSTRAINT "fk_it_system_accreditation_authorizing_official_id" FOREIGN KEY ("authorizing_official_id") REFERENCES "person" ("id");
ALTER TABLE "it_system_accreditation" ADD CONSTRAINT "fk_it_system_accreditation_authorizing_unit_id" FOREIGN KEY ("authorizing_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_compliance_assessment" ADD CONSTRAINT "fk_it_compliance_assessment_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_compliance_assessment" ADD CONSTRAINT "fk_it_compliance_assessment_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_compliance_assessment" ADD CONSTRAINT "fk_it_compliance_assessment_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_compliance_assessment" ADD CONSTRAINT "fk_it_compliance_assessment_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_compliance_assessment" ADD CONSTRAINT "fk_it_compliance_assessment_assessed_by_id" FOREIGN KEY ("assessed_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_compliance_assessment" ADD CONSTRAINT "fk_it_compliance_assessment_compliance_requirement_id" FOREIGN KEY ("compliance_requirement_id") REFERENCES "compliance_requirement" ("id");
ALTER TABLE "it_compliance_assessment" ADD CONSTRAINT "fk_it_compliance_assessment_it_system_accreditation_id" FOREIGN KEY ("it_system_accreditation_id") REFERENCES "it_system_accreditation" ("id");
ALTER TABLE "it_compliance_assessment" ADD CONSTRAINT "fk_it_compliance_assessment_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_it_compliance_assessment_id" FOREIGN KEY ("it_compliance_assessment_id") REFERENCES "it_compliance_assessment" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_it_system_accreditation_id" FOREIGN KEY ("it_system_accreditation_id") REFERENCES "it_system_accreditation" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_it_system_component_id" FOREIGN KEY ("it_system_component_id") REFERENCES "it_system_component" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_compliance_requirement_id" FOREIGN KEY ("compliance_requirement_id") REFERENCES "compliance_requirement" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_assigned_to_id" FOREIGN KEY ("assigned_to_id") REFERENCES "person" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_responsible_unit_id" FOREIGN KEY ("responsible_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_deviation_approved_by_id" FOREIGN KEY ("deviation_approved_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_verified_by_id" FOREIGN KEY ("verified_by_id") REFERENCES "person" ("id");
ALTER TABLE "it_poam_item" ADD CONSTRAINT "fk_it_poam_item_risk_item_id" FOREIGN KEY ("risk_item_id") REFERENCES "risk_item" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_reported_by_id" FOREIGN KEY ("reported_by_id") REFERENCES "person" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_assigned_to_id" FOREIGN KEY ("assigned_to_id") REFERENCES "person" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_assigned_team_id" FOREIGN KEY ("assigned_team_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_it_system_component_id" FOREIGN KEY ("it_system_component_id") REFERENCES "it_system_component" ("id");
ALTER TABLE "incident" ADD CONSTRAINT "fk_incident_problem_id" FOREIGN KEY ("problem_id") REFERENCES "problem" ("id");
ALTER TABLE "problem" ADD CONSTRAINT "fk_problem_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "problem" ADD CONSTRAINT "fk_problem_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "problem" ADD CONSTRAINT "fk_problem_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "problem" ADD CONSTRAINT "fk_problem_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "problem" ADD CONSTRAINT "fk_problem_assigned_to_id" FOREIGN KEY ("assigned_to_id") REFERENCES "person" ("id");
ALTER TABLE "problem" ADD CONSTRAINT "fk_problem_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_it_system_component_id" FOREIGN KEY ("it_system_component_id") REFERENCES "it_system_component" ("id");
ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_requested_by_id" FOREIGN KEY ("requested_by_id") REFERENCES "person" ("id");
ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_assigned_to_id" FOREIGN KEY ("assigned_to_id") REFERENCES "person" ("id");
ALTER TABLE "change_request" ADD CONSTRAINT "fk_change_request_related_poam_item_id" FOREIGN KEY ("related_poam_item_id") REFERENCES "it_poam_item" ("id");
ALTER TABLE "approval" ADD CONSTRAINT "fk_approval_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "approval" ADD CONSTRAINT "fk_approval_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "approval" ADD CONSTRAINT "fk_approval_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "approval" ADD CONSTRAINT "fk_approval_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "approval" ADD CONSTRAINT "fk_approval_reviewer_id" FOREIGN KEY ("reviewer_id") REFERENCES "person" ("id");
ALTER TABLE "note" ADD CONSTRAINT "fk_note_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "note" ADD CONSTRAINT "fk_note_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "note" ADD CONSTRAINT "fk_note_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "note" ADD CONSTRAINT "fk_note_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "note" ADD CONSTRAINT "fk_note_author_id" FOREIGN KEY ("author_id") REFERENCES "person" ("id");

CREATE TABLE "audit_entry" (
    "seq" bigint PRIMARY KEY,
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
    "id" bigint PRIMARY KEY CHECK ("id" = 1),
    "seq" bigint NOT NULL,
    "hash" text NOT NULL
);
INSERT INTO "audit_head" ("id", "seq", "hash") VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE "number_counter" (
    "table_name" text PRIMARY KEY,
    "last_value" bigint NOT NULL
);
