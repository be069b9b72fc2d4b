-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "user_preference" (
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
    "time_zone" varchar(64) COLLATE "C",
    "theme" varchar(100) COLLATE "C"
);
CREATE INDEX "ix_user_preference_created_on" ON "user_preference" ("created_on" NULLS FIRST);
CREATE INDEX "ix_user_preference_created_by_id" ON "user_preference" ("created_by_id");
CREATE INDEX "ix_user_preference_modified_on" ON "user_preference" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_user_preference_modified_by_id" ON "user_preference" ("modified_by_id");
CREATE INDEX "ix_user_preference_owner_id" ON "user_preference" ("owner_id");
CREATE INDEX "ix_user_preference_owning_unit_id" ON "user_preference" ("owning_unit_id");
CREATE INDEX "ix_user_preference_name" ON "user_preference" ("name" NULLS FIRST);
CREATE UNIQUE INDEX "uq_user_preference_user_account_id" ON "user_preference" ("user_account_id");

CREATE TABLE "saved_view" (
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
    "table_name" varchar(100) COLLATE "C",
    "view_query" varchar(4000) COLLATE "C"
);
CREATE INDEX "ix_saved_view_created_on" ON "saved_view" ("created_on" NULLS FIRST);
CREATE INDEX "ix_saved_view_created_by_id" ON "saved_view" ("created_by_id");
CREATE INDEX "ix_saved_view_modified_on" ON "saved_view" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_saved_view_modified_by_id" ON "saved_view" ("modified_by_id");
CREATE INDEX "ix_saved_view_owner_id" ON "saved_view" ("owner_id");
CREATE INDEX "ix_saved_view_owning_unit_id" ON "saved_view" ("owning_unit_id");
CREATE INDEX "ix_saved_view_name" ON "saved_view" ("name" NULLS FIRST);
CREATE INDEX "ix_saved_view_user_account_id" ON "saved_view" ("user_account_id");

ALTER TABLE "user_preference" ADD CONSTRAINT "fk_user_preference_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "user_preference" ADD CONSTRAINT "fk_user_preference_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "user_preference" ADD CONSTRAINT "fk_user_preference_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "user_preference" ADD CONSTRAINT "fk_user_preference_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "user_preference" ADD CONSTRAINT "fk_user_preference_user_account_id" FOREIGN KEY ("user_account_id") REFERENCES "user_account" ("id");
ALTER TABLE "saved_view" ADD CONSTRAINT "fk_saved_view_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "saved_view" ADD CONSTRAINT "fk_saved_view_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "saved_view" ADD CONSTRAINT "fk_saved_view_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "saved_view" ADD CONSTRAINT "fk_saved_view_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");
ALTER TABLE "saved_view" ADD CONSTRAINT "fk_saved_view_user_account_id" FOREIGN KEY ("user_account_id") REFERENCES "user_account" ("id");

