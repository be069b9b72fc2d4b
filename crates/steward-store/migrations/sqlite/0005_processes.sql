-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "change_blackout" (
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
    "starts_on" TEXT,
    "ends_on" TEXT,
    "it_system_id" TEXT REFERENCES "it_system"("id"),
    "description" TEXT
);
CREATE INDEX "ix_change_blackout_starts_on" ON "change_blackout" ("starts_on");
CREATE INDEX "ix_change_blackout_created_on" ON "change_blackout" ("created_on");
CREATE INDEX "ix_change_blackout_created_by_id" ON "change_blackout" ("created_by_id");
CREATE INDEX "ix_change_blackout_modified_on" ON "change_blackout" ("modified_on");
CREATE INDEX "ix_change_blackout_modified_by_id" ON "change_blackout" ("modified_by_id");
CREATE INDEX "ix_change_blackout_owner_id" ON "change_blackout" ("owner_id");
CREATE INDEX "ix_change_blackout_owning_unit_id" ON "change_blackout" ("owning_unit_id");
CREATE INDEX "ix_change_blackout_name" ON "change_blackout" ("name");
CREATE INDEX "ix_change_blackout_it_system_id" ON "change_blackout" ("it_system_id");

CREATE TABLE "approval_delegation" (
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
    "delegator_id" TEXT REFERENCES "person"("id"),
    "delegate_id" TEXT REFERENCES "person"("id"),
    "starts_on" TEXT,
    "ends_on" TEXT,
    "reason" TEXT
);
CREATE INDEX "ix_approval_delegation_created_on" ON "approval_delegation" ("created_on");
CREATE INDEX "ix_approval_delegation_created_by_id" ON "approval_delegation" ("created_by_id");
CREATE INDEX "ix_approval_delegation_modified_on" ON "approval_delegation" ("modified_on");
CREATE INDEX "ix_approval_delegation_modified_by_id" ON "approval_delegation" ("modified_by_id");
CREATE INDEX "ix_approval_delegation_owner_id" ON "approval_delegation" ("owner_id");
CREATE INDEX "ix_approval_delegation_owning_unit_id" ON "approval_delegation" ("owning_unit_id");
CREATE INDEX "ix_approval_delegation_name" ON "approval_delegation" ("name");
CREATE INDEX "ix_approval_delegation_delegator_id" ON "approval_delegation" ("delegator_id");
CREATE INDEX "ix_approval_delegation_delegate_id" ON "approval_delegation" ("delegate_id");

