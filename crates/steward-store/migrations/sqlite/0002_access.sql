-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "user_account" (
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
    "person_id" TEXT REFERENCES "person"("id"),
    "is_active" INTEGER,
    "auth_source" TEXT,
    "external_subject" TEXT,
    "last_login_on" TEXT,
    "password_hash" TEXT
);
CREATE INDEX "ix_user_account_created_on" ON "user_account" ("created_on");
CREATE INDEX "ix_user_account_created_by_id" ON "user_account" ("created_by_id");
CREATE INDEX "ix_user_account_modified_on" ON "user_account" ("modified_on");
CREATE INDEX "ix_user_account_modified_by_id" ON "user_account" ("modified_by_id");
CREATE INDEX "ix_user_account_owner_id" ON "user_account" ("owner_id");
CREATE INDEX "ix_user_account_owning_unit_id" ON "user_account" ("owning_unit_id");
CREATE UNIQUE INDEX "uq_user_account_name" ON "user_account" ("name");
CREATE INDEX "ix_user_account_person_id" ON "user_account" ("person_id");
CREATE UNIQUE INDEX "uq_user_account_external_subject" ON "user_account" ("external_subject");

CREATE TABLE "api_token" (
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
    "user_account_id" TEXT REFERENCES "user_account"("id"),
    "scope" TEXT,
    "expires_on" TEXT,
    "revoked_on" TEXT,
    "last_used_on" TEXT,
    "token_prefix" TEXT,
    "token_hash" TEXT
);
CREATE INDEX "ix_api_token_created_on" ON "api_token" ("created_on");
CREATE INDEX "ix_api_token_created_by_id" ON "api_token" ("created_by_id");
CREATE INDEX "ix_api_token_modified_on" ON "api_token" ("modified_on");
CREATE INDEX "ix_api_token_modified_by_id" ON "api_token" ("modified_by_id");
CREATE INDEX "ix_api_token_owner_id" ON "api_token" ("owner_id");
CREATE INDEX "ix_api_token_owning_unit_id" ON "api_token" ("owning_unit_id");
CREATE INDEX "ix_api_token_name" ON "api_token" ("name");
CREATE INDEX "ix_api_token_user_account_id" ON "api_token" ("user_account_id");
CREATE UNIQUE INDEX "uq_api_token_token_hash" ON "api_token" ("token_hash");

CREATE TABLE "user_session" (
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
    "user_account_id" TEXT REFERENCES "user_account"("id"),
    "client_address" TEXT,
    "expires_on" TEXT,
    "last_seen_on" TEXT,
    "ended_on" TEXT,
    "token_hash" TEXT,
    "csrf_hash" TEXT
);
CREATE INDEX "ix_user_session_created_on" ON "user_session" ("created_on");
CREATE INDEX "ix_user_session_created_by_id" ON "user_session" ("created_by_id");
CREATE INDEX "ix_user_session_modified_on" ON "user_session" ("modified_on");
CREATE INDEX "ix_user_session_modified_by_id" ON "user_session" ("modified_by_id");
CREATE INDEX "ix_user_session_owner_id" ON "user_session" ("owner_id");
CREATE INDEX "ix_user_session_owning_unit_id" ON "user_session" ("owning_unit_id");
CREATE INDEX "ix_user_session_name" ON "user_session" ("name");
CREATE INDEX "ix_user_session_user_account_id" ON "user_session" ("user_account_id");
CREATE UNIQUE INDEX "uq_user_session_token_hash" ON "user_session" ("token_hash");

CREATE TABLE "security_role" (
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
    "is_built_in" INTEGER,
    "reads_protected_fields" INTEGER
);
CREATE INDEX "ix_security_role_created_on" ON "security_role" ("created_on");
CREATE INDEX "ix_security_role_created_by_id" ON "security_role" ("created_by_id");
CREATE INDEX "ix_security_role_modified_on" ON "security_role" ("modified_on");
CREATE INDEX "ix_security_role_modified_by_id" ON "security_role" ("modified_by_id");
CREATE INDEX "ix_security_role_owner_id" ON "security_role" ("owner_id");
CREATE INDEX "ix_security_role_owning_unit_id" ON "security_role" ("owning_unit_id");
CREATE UNIQUE INDEX "uq_security_role_name" ON "security_role" ("name");

CREATE TABLE "role_privilege" (
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
    "security_role_id" TEXT REFERENCES "security_role"("id"),
    "table_name" TEXT,
    "privilege" TEXT,
    "depth" TEXT
);
CREATE INDEX "ix_role_privilege_created_on" ON "role_privilege" ("created_on");
CREATE INDEX "ix_role_privilege_created_by_id" ON "role_privilege" ("created_by_id");
CREATE INDEX "ix_role_privilege_modified_on" ON "role_privilege" ("modified_on");
CREATE INDEX "ix_role_privilege_modified_by_id" ON "role_privilege" ("modified_by_id");
CREATE INDEX "ix_role_privilege_owner_id" ON "role_privilege" ("owner_id");
CREATE INDEX "ix_role_privilege_owning_unit_id" ON "role_privilege" ("owning_unit_id");
CREATE INDEX "ix_role_privilege_name" ON "role_privilege" ("name");
CREATE INDEX "ix_role_privilege_security_role_id" ON "role_privilege" ("security_role_id");

CREATE TABLE "team" (
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
    "manager_id" TEXT REFERENCES "person"("id"),
    "external_id" TEXT
);
CREATE INDEX "ix_team_created_on" ON "team" ("created_on");
CREATE INDEX "ix_team_created_by_id" ON "team" ("created_by_id");
CREATE INDEX "ix_team_modified_on" ON "team" ("modified_on");
CREATE INDEX "ix_team_modified_by_id" ON "team" ("modified_by_id");
CREATE INDEX "ix_team_owner_id" ON "team" ("owner_id");
CREATE INDEX "ix_team_owning_unit_id" ON "team" ("owning_unit_id");
CREATE UNIQUE INDEX "uq_team_name" ON "team" ("name");
CREATE INDEX "ix_team_manager_id" ON "team" ("manager_id");
CREATE UNIQUE INDEX "uq_team_external_id" ON "team" ("external_id");

CREATE TABLE "team_member" (
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
    "team_id" TEXT REFERENCES "team"("id"),
    "person_id" TEXT REFERENCES "person"("id")
);
CREATE INDEX "ix_team_member_created_on" ON "team_member" ("created_on");
CREATE INDEX "ix_team_member_created_by_id" ON "team_member" ("created_by_id");
CREATE INDEX "ix_team_member_modified_on" ON "team_member" ("modified_on");
CREATE INDEX "ix_team_member_modified_by_id" ON "team_member" ("modified_by_id");
CREATE INDEX "ix_team_member_owner_id" ON "team_member" ("owner_id");
CREATE INDEX "ix_team_member_owning_unit_id" ON "team_member" ("owning_unit_id");
CREATE INDEX "ix_team_member_name" ON "team_member" ("name");
CREATE INDEX "ix_team_member_team_id" ON "team_member" ("team_id");
CREATE UNIQUE INDEX "uq_team_member_person_id" ON "team_member" ("team_id", "person_id");

CREATE TABLE "user_role" (
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
    "user_account_id" TEXT REFERENCES "user_account"("id"),
    "security_role_id" TEXT REFERENCES "security_role"("id")
);
CREATE INDEX "ix_user_role_created_on" ON "user_role" ("created_on");
CREATE INDEX "ix_user_role_created_by_id" ON "user_role" ("created_by_id");
CREATE INDEX "ix_user_role_modified_on" ON "user_role" ("modified_on");
CREATE INDEX "ix_user_role_modified_by_id" ON "user_role" ("modified_by_id");
CREATE INDEX "ix_user_role_owner_id" ON "user_role" ("owner_id");
CREATE INDEX "ix_user_role_owning_unit_id" ON "user_role" ("owning_unit_id");
CREATE INDEX "ix_user_role_name" ON "user_role" ("name");
CREATE INDEX "ix_user_role_user_account_id" ON "user_role" ("user_account_id");
CREATE UNIQUE INDEX "uq_user_role_security_role_id" ON "user_role" ("user_account_id", "security_role_id");

CREATE TABLE "team_role" (
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
    "team_id" TEXT REFERENCES "team"("id"),
    "security_role_id" TEXT REFERENCES "security_role"("id")
);
CREATE INDEX "ix_team_role_created_on" ON "team_role" ("created_on");
CREATE INDEX "ix_team_role_created_by_id" ON "team_role" ("created_by_id");
CREATE INDEX "ix_team_role_modified_on" ON "team_role" ("modified_on");
CREATE INDEX "ix_team_role_modified_by_id" ON "team_role" ("modified_by_id");
CREATE INDEX "ix_team_role_owner_id" ON "team_role" ("owner_id");
CREATE INDEX "ix_team_role_owning_unit_id" ON "team_role" ("owning_unit_id");
CREATE INDEX "ix_team_role_name" ON "team_role" ("name");
CREATE INDEX "ix_team_role_team_id" ON "team_role" ("team_id");
CREATE UNIQUE INDEX "uq_team_role_security_role_id" ON "team_role" ("team_id", "security_role_id");

