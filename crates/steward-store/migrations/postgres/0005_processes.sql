-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "change_blackout" (
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
    "starts_on" timestamptz,
    "ends_on" timestamptz,
    "it_system_id" uuid,
    "description" text COLLATE "C"
);
CREATE INDEX "ix_change_blackout_starts_on" ON "change_blackout" ("starts_on" NULLS FIRST);
CREATE INDEX "ix_change_blackout_created_on" ON "change_blackout" ("created_on" NULLS FIRST);
CREATE INDEX "ix_change_blackout_created_by_id" ON "change_blackout" ("created_by_id");
CREATE INDEX "ix_change_blackout_modified_on" ON "change_blackout" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_change_blackout_modified_by_id" ON "change_blackout" ("modified_by_id");
CREATE INDEX "ix_change_blackout_owner_id" ON "change_blackout" ("owner_id");
CREATE INDEX "ix_change_blackout_owning_unit_id" ON "change_blackout" ("owning_unit_id");
CREATE INDEX "ix_change_blackout_name" ON "change_blackout" ("name" NULLS FIRST);
CREATE INDEX "ix_change_blackout_it_system_id" ON "change_blackout" ("it_system_id");

CREATE TABLE "approval_delegation" (
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
    "delegator_id" uuid,
    "delegate_id" uuid,
    "starts_on" timestamptz,
    "ends_on" timestamptz,
    "reason" text COLLATE "C"
);
CREATE INDEX "ix_approval_delegation_created_on" ON "approval_delegation" ("created_on" NULLS FIRST);
CREATE INDEX "ix_approval_delegation_created_by_id" ON "approval_delegation" ("created_by_id");
CREATE INDEX "ix_approval_delegation_modified_on" ON "approval_delegation" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_approval_delegation_modified_by_id" ON "approval_delegation" ("modified_by_id");
CREATE INDEX "ix_approval_delegation_owner_id" ON "approval_delegation" ("owner_id");
CREATE INDEX "ix_approval_delegation_owning_unit_id" ON "approval_delegation" ("owning_unit_id");
CREATE INDEX "ix_approval_delegation_name" ON "approval_delegation" ("name" NULLS FIRST);
CREATE INDEX "ix_approval_delegation_delegator_id" ON "approval_delegation" ("delegator_id");
CREATE INDEX "ix_approval_delegation_delegate_id" ON "approval_delegation" ("delegate_id");

ALTER TABLE "change_blackout" ADD CONSTRAINT "fk_change_blackout_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "change_blackout" ADD CONSTRAINT "fk_change_blackout_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "change_blackout" ADD CONSTRAINT "fk_change_blackout_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "change_blackout" ADD CONSTRAINT "fk_change_blackout_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "change_blackout" ADD CONSTRAINT "fk_change_blackout_it_system_id" FOREIGN KEY ("it_system_id") REFERENCES "it_system" ("id");
ALTER TABLE "approval_delegation" ADD CONSTRAINT "fk_approval_delegation_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "approval_delegation" ADD CONSTRAINT "fk_approval_delegation_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "approval_delegation" ADD CONSTRAINT "fk_approval_delegation_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "approval_delegation" ADD CONSTRAINT "fk_approval_delegation_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "approval_delegation" ADD CONSTRAINT "fk_approval_delegation_delegator_id" FOREIGN KEY ("delegator_id") REFERENCES "person" ("id");
ALTER TABLE "approval_delegation" ADD CONSTRAINT "fk_approval_delegation_delegate_id" FOREIGN KEY ("delegate_id") REFERENCES "person" ("id");

