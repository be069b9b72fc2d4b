-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "job_run" (
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
    "started_on" TEXT,
    "ended_on" TEXT,
    "outcome" TEXT,
    "examined" INTEGER,
    "changed" INTEGER,
    "failed" INTEGER,
    "message" TEXT,
    "server" TEXT
);
CREATE INDEX "ix_job_run_created_on" ON "job_run" ("created_on");
CREATE INDEX "ix_job_run_created_by_id" ON "job_run" ("created_by_id");
CREATE INDEX "ix_job_run_modified_on" ON "job_run" ("modified_on");
CREATE INDEX "ix_job_run_modified_by_id" ON "job_run" ("modified_by_id");
CREATE INDEX "ix_job_run_owner_id" ON "job_run" ("owner_id");
CREATE INDEX "ix_job_run_owning_unit_id" ON "job_run" ("owning_unit_id");
CREATE INDEX "ix_job_run_name" ON "job_run" ("name");
CREATE INDEX "ix_job_run_started_on" ON "job_run" ("started_on");

