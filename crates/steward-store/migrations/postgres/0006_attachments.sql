-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "attachment" (
    "id" uuid PRIMARY KEY NOT NULL,
    "created_on" timestamptz NOT NULL,
    "created_by_id" uuid NOT NULL,
    "modified_on" timestamptz NOT NULL,
    "modified_by_id" uuid NOT NULL,
    "owner_id" uuid,
    "owning_unit_id" uuid,
    "state" varchar(100) COLLATE "C" NOT NULL,
    "row_version" bigint NOT NULL,
    "name" varchar(255) COLLATE "C",
    "regarding_table" varchar(100) COLLATE "C",
    "regarding_id" uuid,
    "content_type" varchar(100) COLLATE "C",
    "size_bytes" bigint,
    "sha256" varchar(64) COLLATE "C",
    "content" text COLLATE "C"
);
CREATE INDEX "ix_attachment_created_on" ON "attachment" ("created_on" NULLS FIRST);
CREATE INDEX "ix_attachment_created_by_id" ON "attachment" ("created_by_id");
CREATE INDEX "ix_attachment_modified_on" ON "attachment" ("modified_on" NULLS FIRST);
CREATE INDEX "ix_attachment_modified_by_id" ON "attachment" ("modified_by_id");
CREATE INDEX "ix_attachment_owner_id" ON "attachment" ("owner_id");
CREATE INDEX "ix_attachment_owning_unit_id" ON "attachment" ("owning_unit_id");
CREATE INDEX "ix_attachment_name" ON "attachment" ("name" NULLS FIRST);

ALTER TABLE "attachment" ADD CONSTRAINT "fk_attachment_created_by_id" FOREIGN KEY ("created_by_id") REFERENCES "person" ("id");
ALTER TABLE "attachment" ADD CONSTRAINT "fk_attachment_modified_by_id" FOREIGN KEY ("modified_by_id") REFERENCES "person" ("id");
ALTER TABLE "attachment" ADD CONSTRAINT "fk_attachment_owner_id" FOREIGN KEY ("owner_id") REFERENCES "person" ("id");
ALTER TABLE "attachment" ADD CONSTRAINT "fk_attachment_owning_unit_id" FOREIGN KEY ("owning_unit_id") REFERENCES "organization_unit" ("id");

