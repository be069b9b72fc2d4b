-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "user_preference" (
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
    "time_zone" TEXT,
    "theme" TEXT
);
CREATE INDEX "ix_user_preference_created_on" ON "user_preference" ("created_on");
CREATE INDEX "ix_user_preference_created_by_id" ON "user_preference" ("created_by_id");
CREATE INDEX "ix_user_preference_modified_on" ON "user_preference" ("modified_on");
CREATE INDEX "ix_user_preference_modified_by_id" ON "user_preference" ("modified_by_id");
CREATE INDEX "ix_user_preference_owner_id" ON "user_preference" ("owner_id");
CREATE INDEX "ix_user_preference_owning_unit_id" ON "user_preference" ("owning_unit_id");
CREATE INDEX "ix_user_preference_name" ON "user_preference" ("name");
CREATE UNIQUE INDEX "uq_user_preference_user_account_id" ON "user_preference" ("user_account_id");

CREATE TABLE "saved_view" (
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
    "table_name" TEXT,
    "view_query" TEXT
);
CREATE INDEX "ix_saved_view_created_on" ON "saved_view" ("created_on");
CREATE INDEX "ix_saved_view_created_by_id" ON "saved_view" ("created_by_id");
CREATE INDEX "ix_saved_view_modified_on" ON "saved_view" ("modified_on");
CREATE INDEX "ix_saved_view_modified_by_id" ON "saved_view" ("modified_by_id");
CREATE INDEX "ix_saved_view_owner_id" ON "saved_view" ("owner_id");
CREATE INDEX "ix_saved_view_owning_unit_id" ON "saved_view" ("owning_unit_id");
CREATE INDEX "ix_saved_view_name" ON "saved_view" ("name");
CREATE INDEX "ix_saved_view_user_account_id" ON "saved_view" ("user_account_id");

