-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "ci_relation" (
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
    "source_table" varchar(100) COLLATE "C",
    "source_id" uuid,
    "relation_type" varchar(100) COLLATE "C",
    "target_table" varchar(100) COLLATE "C",
    "target_id" uuid,
    "description" text COLLATE "C"
);
CREATE INDEX "ix_ci_relation_target_id" ON "ci_relation" ("target_id" NULLS FIRST);
CREATE INDEX "ix_ci_relation_source_id" ON "ci_relation" ("source_id" NULLS FIRST);
CREATE INDEX "ix_ci_relation_created_on" ON "ci_relation" ("created_on" NULLS FIRST);
CREATE INDEX "ix_ci_relation_created_by_id" ON "ci_relation" ("created_by_id");
CREATE INDEX "ix_ci_relation_modified_on" ON "ci_relation" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_ci_relation_modified_by_id" ON "ci_relation" ("modified_by_id");
CREATE INDEX "ix_ci_relation_owner_id" ON "ci_relation" ("owner_id");
CREATE INDEX "ix_ci_relation_owning_unit_id" ON "ci_relation" ("owning_unit_id");
CREATE INDEX "ix_ci_relation_name" ON "ci_relation" ("name" NULLS FIRST);

ALTER TABLE "ci_relation" ADD CONSTRAINT "fk_ci_relation_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "ci_relation" ADD CONSTRAINT "fk_ci_relation_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "ci_relation" ADD CONSTRAINT "fk_ci_relation_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "ci_relation" ADD CONSTRAINT "fk_ci_relation_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");

