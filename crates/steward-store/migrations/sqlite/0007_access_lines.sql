-- Generated from the model by steward-store::ddl. Do not edit: regenerate.

ALTER TABLE "it_system_access_detail" ADD COLUMN "it_assigned_entitlement_id" TEXT REFERENCES "it_assigned_entitlement"("id");
CREATE INDEX "ix_it_system_access_detail_it_assigned_entitlement_id" ON "it_system_access_detail" ("it_assigned_entitlement_id");

