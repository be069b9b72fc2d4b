-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

ALTER TABLE "job_run" ADD COLUMN "run_key" TEXT;
ALTER TABLE "job_run" ADD COLUMN "attempt" INTEGER;

CREATE TABLE "job_queue" (
    "seq" INTEGER PRIMARY KEY,
    "job" text NOT NULL,
    "run_key" text NOT NULL,
    "due_at" INTEGER NOT NULL,
    "payload" text NOT NULL,
    "status" text NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lease_owner" text,
    "lease_until" INTEGER,
    "last_error" text,
    "created_at" INTEGER NOT NULL,
    "done_at" INTEGER,
    "lane" text,
    "record_table" text,
    "record_id" text
);
CREATE UNIQUE INDEX "uq_job_queue_run_key" ON "job_queue" ("run_key");
CREATE INDEX "ix_job_queue_due" ON "job_queue" ("status", "due_at");
CREATE INDEX "ix_job_queue_lane" ON "job_queue" ("lane", "seq");
CREATE INDEX "ix_job_queue_job" ON "job_queue" ("job", "seq");
