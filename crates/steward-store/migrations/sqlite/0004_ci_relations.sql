-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "ci_relation" (
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
    "source_table" TEXT,
    "source_id" TEXT,
    "relation_type" TEXT,
    "target_table" TEXT,
    "target_id" TEXT,
    "description" TEXT
);
CREATE INDEX "ix_ci_relation_target_id" ON "ci_relation" ("target_id");
CREATE INDEX "ix_ci_relation_source_id" ON "ci_relation" ("source_id");
CREATE INDEX "ix_ci_relation_created_on" ON "ci_relation" ("created_on");
CREATE INDEX "ix_ci_relation_created_by_id" ON "ci_relation" ("created_by_id");
CREATE INDEX "ix_ci_relation_modified_on" ON "ci_relation" ("modified_on");
CREATE INDEX "ix_ci_relation_modified_by_id" ON "ci_relation" ("modified_by_id");
CREATE INDEX "ix_ci_relation_owner_id" ON "ci_relation" ("owner_id");
CREATE INDEX "ix_ci_relation_owning_unit_id" ON "ci_relation" ("owning_unit_id");
CREATE INDEX "ix_ci_relation_name" ON "ci_relation" ("name");

