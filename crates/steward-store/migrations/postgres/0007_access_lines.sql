-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

ALTER TABLE "it_system_access_detail" ADD COLUMN "it_assigned_entitlement_id" uuid;
CREATE INDEX "ix_it_system_access_detail_it_assigned_entitlement_id" ON "it_system_access_detail" ("it_assigned_entitlement_id");

ALTER TABLE "it_system_access_detail" ADD CONSTRAINT "fk_it_system_access_detail_it_assigned_entitlement_id" FOREIGN KEY ("it_assigned_entitlement_id") REFERENCES "it_assigned_entitlement" ("id");

