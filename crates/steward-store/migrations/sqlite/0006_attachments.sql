-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

CREATE TABLE "attachment" (
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
    "regarding_table" TEXT,
    "regarding_id" TEXT,
    "content_type" TEXT,
    "size_bytes" INTEGER,
    "sha256" TEXT,
    "content" TEXT
);
CREATE INDEX "ix_attachment_created_on" ON "attachment" ("created_on");
CREATE INDEX "ix_attachment_created_by_id" ON "attachment" ("created_by_id");
CREATE INDEX "ix_attachment_modified_on" ON "attachment" ("modified_on");
CREATE INDEX "ix_attachment_modified_by_id" ON "attachment" ("modified_by_id");
CREATE INDEX "ix_attachment_owner_id" ON "attachment" ("owner_id");
CREATE INDEX "ix_attachment_owning_unit_id" ON "attachment" ("owning_unit_id");
CREATE INDEX "ix_attachment_name" ON "attachment" ("name");

