-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "webhook_subscription" (
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
    "url" TEXT,
    "events" TEXT,
    "table_names" TEXT,
    "signing_secret" TEXT
);
CREATE INDEX "ix_webhook_subscription_created_on" ON "webhook_subscription" ("created_on");
CREATE INDEX "ix_webhook_subscription_created_by_id" ON "webhook_subscription" ("created_by_id");
CREATE INDEX "ix_webhook_subscription_modified_on" ON "webhook_subscription" ("modified_on");
CREATE INDEX "ix_webhook_subscription_modified_by_id" ON "webhook_subscription" ("modified_by_id");
CREATE INDEX "ix_webhook_subscription_owner_id" ON "webhook_subscription" ("owner_id");
CREATE INDEX "ix_webhook_subscription_owning_unit_id" ON "webhook_subscription" ("owning_unit_id");
CREATE INDEX "ix_webhook_subscription_name" ON "webhook_subscription" ("name");

ALTER TABLE "user_preference" ADD COLUMN "mail_off" TEXT;
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
CREATE TABLE "shared_value" (
    "key" text PRIMARY KEY,
    "value" text NOT NULL,
    "count" INTEGER NOT NULL,
    "expires_at" INTEGER NOT NULL
);
CREATE INDEX "ix_shared_value_expires_at" ON "shared_value" ("expires_at");
