-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "job_run" (
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
    "started_on" timestamptz,
    "ended_on" timestamptz,
    "outcome" varchar(20) COLLATE "C",
    "examined" bigint,
    "changed" bigint,
    "failed" bigint,
    "message" text COLLATE "C",
    "server" varchar(200) COLLATE "C"
);
CREATE INDEX "ix_job_run_created_on" ON "job_run" ("created_on" NULLS FIRST);
CREATE INDEX "ix_job_run_created_by_id" ON "job_run" ("created_by_id");
CREATE INDEX "ix_job_run_modified_on" ON "job_run" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_job_run_modified_by_id" ON "job_run" ("modified_by_id");
CREATE INDEX "ix_job_run_owner_id" ON "job_run" ("owner_id");
CREATE INDEX "ix_job_run_owning_unit_id" ON "job_run" ("owning_unit_id");
CREATE INDEX "ix_job_run_name" ON "job_run" ("name" NULLS FIRST);
CREATE INDEX "ix_job_run_started_on" ON "job_run" ("started_on" NULLS FIRST);

ALTER TABLE "job_run" ADD CONSTRAINT "fk_job_run_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "job_run" ADD CONSTRAINT "fk_job_run_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "job_run" ADD CONSTRAINT "fk_job_run_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "job_run" ADD CONSTRAINT "fk_job_run_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");

