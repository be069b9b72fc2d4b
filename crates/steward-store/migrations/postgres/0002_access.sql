-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "user_account" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(100) COLLATE "C",
    "person_id" uuid,
    "is_active" boolean,
    "auth_source" varchar(100) COLLATE "C",
    "external_subject" varchar(255) COLLATE "C",
    "last_login_on" timestamptz,
    "password_hash" varchar(255) COLLATE "C"
);
CREATE INDEX "ix_user_account_created_on" ON "user_account" ("created_on" NULLS FIRST);
CREATE INDEX "ix_user_account_created_by_id" ON "user_account" ("created_by_id");
CREATE INDEX "ix_user_account_modified_on" ON "user_account" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_user_account_modified_by_id" ON "user_account" ("modified_by_id");
CREATE INDEX "ix_user_account_owner_id" ON "user_account" ("owner_id");
CREATE INDEX "ix_user_account_owning_unit_id" ON "user_account" ("owning_unit_id");
CREATE UNIQUE INDEX "uq_user_account_name" ON "user_account" ("name");
CREATE INDEX "ix_user_account_person_id" ON "user_account" ("person_id");
CREATE UNIQUE INDEX "uq_user_account_external_subject" ON "user_account" ("external_subject");

CREATE TABLE "api_token" (
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
    "user_account_id" uuid,
    "scope" varchar(100) COLLATE "C",
    "expires_on" timestamptz,
    "revoked_on" timestamptz,
    "last_used_on" timestamptz,
    "token_prefix" varchar(20) COLLATE "C",
    "token_hash" varchar(128) COLLATE "C"
);
CREATE INDEX "ix_api_token_created_on" ON "api_token" ("created_on" NULLS FIRST);
CREATE INDEX "ix_api_token_created_by_id" ON "api_token" ("created_by_id");
CREATE INDEX "ix_api_token_modified_on" ON "api_token" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_api_token_modified_by_id" ON "api_token" ("modified_by_id");
CREATE INDEX "ix_api_token_owner_id" ON "api_token" ("owner_id");
CREATE INDEX "ix_api_token_owning_unit_id" ON "api_token" ("owning_unit_id");
CREATE INDEX "ix_api_token_name" ON "api_token" ("name" NULLS FIRST);
CREATE INDEX "ix_api_token_user_account_id" ON "api_token" ("user_account_id");
CREATE UNIQUE INDEX "uq_api_token_token_hash" ON "api_token" ("token_hash");

CREATE TABLE "user_session" (
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
    "user_account_id" uuid,
    "client_address" varchar(100) COLLATE "C",
    "expires_on" timestamptz,
    "last_seen_on" timestamptz,
    "ended_on" timestamptz,
    "token_hash" varchar(128) COLLATE "C",
    "csrf_hash" varchar(128) COLLATE "C"
);
CREATE INDEX "ix_user_session_created_on" ON "user_session" ("created_on" NULLS FIRST);
CREATE INDEX "ix_user_session_created_by_id" ON "user_session" ("created_by_id");
CREATE INDEX "ix_user_session_modified_on" ON "user_session" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_user_session_modified_by_id" ON "user_session" ("modified_by_id");
CREATE INDEX "ix_user_session_owner_id" ON "user_session" ("owner_id");
CREATE INDEX "ix_user_session_owning_unit_id" ON "user_session" ("owning_unit_id");
CREATE INDEX "ix_user_session_name" ON "user_session" ("name" NULLS FIRST);
CREATE INDEX "ix_user_session_user_account_id" ON "user_session" ("user_account_id");
CREATE UNIQUE INDEX "uq_user_session_token_hash" ON "user_session" ("token_hash");

CREATE TABLE "security_role" (
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
    "is_built_in" boolean,
    "reads_protected_fields" boolean
);
CREATE INDEX "ix_security_role_created_on" ON "security_role" ("created_on" NULLS FIRST);
CREATE INDEX "ix_security_role_created_by_id" ON "security_role" ("created_by_id");
CREATE INDEX "ix_security_role_modified_on" ON "security_role" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_security_role_modified_by_id" ON "security_role" ("modified_by_id");
CREATE INDEX "ix_security_role_owner_id" ON "security_role" ("owner_id");
CREATE INDEX "ix_security_role_owning_unit_id" ON "security_role" ("owning_unit_id");
CREATE UNIQUE INDEX "uq_security_role_name" ON "security_role" ("name");

CREATE TABLE "role_privilege" (
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
    "security_role_id" uuid,
    "table_name" varchar(100) COLLATE "C",
    "privilege" varchar(100) COLLATE "C",
    "depth" varchar(100) COLLATE "C"
);
CREATE INDEX "ix_role_privilege_created_on" ON "role_privilege" ("created_on" NULLS FIRST);
CREATE INDEX "ix_role_privilege_created_by_id" ON "role_privilege" ("created_by_id");
CREATE INDEX "ix_role_privilege_modified_on" ON "role_privilege" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_role_privilege_modified_by_id" ON "role_privilege" ("modified_by_id");
CREATE INDEX "ix_role_privilege_owner_id" ON "role_privilege" ("owner_id");
CREATE INDEX "ix_role_privilege_owning_unit_id" ON "role_privilege" ("owning_unit_id");
CREATE INDEX "ix_role_privilege_name" ON "role_privilege" ("name" NULLS FIRST);
CREATE INDEX "ix_role_privilege_security_role_id" ON "role_privilege" ("security_role_id");

CREATE TABLE "team" (
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
    "manager_id" uuid,
    "external_id" varchar(255) COLLATE "C"
);
CREATE INDEX "ix_team_created_on" ON "team" ("created_on" NULLS FIRST);
CREATE INDEX "ix_team_created_by_id" ON "team" ("created_by_id");
CREATE INDEX "ix_team_modified_on" ON "team" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_team_modified_by_id" ON "team" ("modified_by_id");
CREATE INDEX "ix_team_owner_id" ON "team" ("owner_id");
CREATE INDEX "ix_team_owning_unit_id" ON "team" ("owning_unit_id");
CREATE UNIQUE INDEX "uq_team_name" ON "team" ("name");
CREATE INDEX "ix_team_manager_id" ON "team" ("manager_id");
CREATE UNIQUE INDEX "uq_team_external_id" ON "team" ("external_id");

CREATE TABLE "team_member" (
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
    "team_id" uuid,
    "person_id" uuid
);
CREATE INDEX "ix_team_member_created_on" ON "team_member" ("created_on" NULLS FIRST);
CREATE INDEX "ix_team_member_created_by_id" ON "team_member" ("created_by_id");
CREATE INDEX "ix_team_member_modified_on" ON "team_member" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_team_member_modified_by_id" ON "team_member" ("modified_by_id");
CREATE INDEX "ix_team_member_owner_id" ON "team_member" ("owner_id");
CREATE INDEX "ix_team_member_owning_unit_id" ON "team_member" ("owning_unit_id");
CREATE INDEX "ix_team_member_name" ON "team_member" ("name" NULLS FIRST);
CREATE INDEX "ix_team_member_team_id" ON "team_member" ("team_id");
CREATE UNIQUE INDEX "uq_team_member_person_id" ON "team_member" ("team_id", "person_id");

CREATE TABLE "user_role" (
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
    "user_account_id" uuid,
    "security_role_id" uuid
);
CREATE INDEX "ix_user_role_created_on" ON "user_role" ("created_on" NULLS FIRST);
CREATE INDEX "ix_user_role_created_by_id" ON "user_role" ("created_by_id");
CREATE INDEX "ix_user_role_modified_on" ON "user_role" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_user_role_modified_by_id" ON "user_role" ("modified_by_id");
CREATE INDEX "ix_user_role_owner_id" ON "user_role" ("owner_id");
CREATE INDEX "ix_user_role_owning_unit_id" ON "user_role" ("owning_unit_id");
CREATE INDEX "ix_user_role_name" ON "user_role" ("name" NULLS FIRST);
CREATE INDEX "ix_user_role_user_account_id" ON "user_role" ("user_account_id");
CREATE UNIQUE INDEX "uq_user_role_security_role_id" ON "user_role" ("user_account_id", "security_role_id");

CREATE TABLE "team_role" (
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
    "team_id" uuid,
    "security_role_id" uuid
);
CREATE INDEX "ix_team_role_created_on" ON "team_role" ("created_on" NULLS FIRST);
CREATE INDEX "ix_team_role_created_by_id" ON "team_role" ("created_by_id");
CREATE INDEX "ix_team_role_modified_on" ON "team_role" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_team_role_modified_by_id" ON "team_role" ("modified_by_id");
CREATE INDEX "ix_team_role_owner_id" ON "team_role" ("owner_id");
CREATE INDEX "ix_team_role_owning_unit_id" ON "team_role" ("owning_unit_id");
CREATE INDEX "ix_team_role_name" ON "team_role" ("name" NULLS FIRST);
CREATE INDEX "ix_team_role_team_id" ON "team_role" ("team_id");
CREATE UNIQUE INDEX "uq_team_role_security_role_id" ON "team_role" ("team_id", "security_role_id");

ALTER TABLE "user_account" ADD CONSTRAINT "fk_user_account_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "user_account" ADD CONSTRAINT "fk_user_account_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "user_account" ADD CONSTRAINT "fk_user_account_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "user_account" ADD CONSTRAINT "fk_user_account_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "user_account" ADD CONSTRAINT "fk_user_account_person_id" FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "api_token" ADD CONSTRAINT "fk_api_token_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "api_token" ADD CONSTRAINT "fk_api_token_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "api_token" ADD CONSTRAINT "fk_api_token_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "api_token" ADD CONSTRAINT "fk_api_token_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "api_token" ADD CONSTRAINT "fk_api_token_user_account_id" FOREIGN KEY ("user_account_id") REFERENCES "user_account" ("id");
ALTER TABLE "user_session" ADD CONSTRAINT "fk_user_session_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "user_session" ADD CONSTRAINT "fk_user_session_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "user_session" ADD CONSTRAINT "fk_user_session_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "user_session" ADD CONSTRAINT "fk_user_session_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "user_session" ADD CONSTRAINT "fk_user_session_user_account_id" FOREIGN KEY ("user_account_id") REFERENCES "user_account" ("id");
ALTER TABLE "security_role" ADD CONSTRAINT "fk_security_role_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "security_role" ADD CONSTRAINT "fk_security_role_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "security_role" ADD CONSTRAINT "fk_security_role_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "security_role" ADD CONSTRAINT "fk_security_role_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "role_privilege" ADD CONSTRAINT "fk_role_privilege_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "role_privilege" ADD CONSTRAINT "fk_role_privilege_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "role_privilege" ADD CONSTRAINT "fk_role_privilege_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "role_privilege" ADD CONSTRAINT "fk_role_privilege_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "role_privilege" ADD CONSTRAINT "fk_role_privilege_security_role_id" FOREIGN KEY ("security_role_id") REFERENCES "security_role" ("id");
ALTER TABLE "team" ADD CONSTRAINT "fk_team_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "team" ADD CONSTRAINT "fk_team_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "team" ADD CONSTRAINT "fk_team_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "team" ADD CONSTRAINT "fk_team_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "team" ADD CONSTRAINT "fk_team_manager_id" FOREIGN KEY ("manager_id") REFERENCES "person" ("id");
ALTER TABLE "team_member" ADD CONSTRAINT "fk_team_member_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "team_member" ADD CONSTRAINT "fk_team_member_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "team_member" ADD CONSTRAINT "fk_team_member_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "team_member" ADD CONSTRAINT "fk_team_member_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "team_member" ADD CONSTRAINT "fk_team_member_team_id" FOREIGN KEY ("team_id") REFERENCES "team" ("id");
ALTER TABLE "team_member" ADD CONSTRAINT "fk_team_member_person_id" FOREIGN KEY ("person_id") REFERENCES "person" ("id");
ALTER TABLE "user_role" ADD CONSTRAINT "fk_user_role_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "user_role" ADD CONSTRAINT "fk_user_role_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "user_role" ADD CONSTRAINT "fk_user_role_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "user_role" ADD CONSTRAINT "fk_user_role_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "user_role" ADD CONSTRAINT "fk_user_role_user_account_id" FOREIGN KEY ("user_account_id") REFERENCES "user_account" ("id");
ALTER TABLE "user_role" ADD CONSTRAINT "fk_user_role_security_role_id" FOREIGN KEY ("security_role_id") REFERENCES "security_role" ("id");
ALTER TABLE "team_role" ADD CONSTRAINT "fk_team_role_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "team_role" ADD CONSTRAINT "fk_team_role_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "team_role" ADD CONSTRAINT "fk_team_role_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "team_role" ADD CONSTRAINT "fk_team_role_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "team_role" ADD CONSTRAINT "fk_team_role_team_id" FOREIGN KEY ("team_id") REFERENCES "team" ("id");
ALTER TABLE "team_role" ADD CONSTRAINT "fk_team_role_security_role_id" FOREIGN KEY ("security_role_id") REFERENCES "security_role" ("id");

