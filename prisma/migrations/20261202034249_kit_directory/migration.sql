-- AlterTable
ALTER TABLE "call" ADD COLUMN     "app_id" VARCHAR(64),
ADD COLUMN     "tenant_id" VARCHAR(64);

-- CreateTable
CREATE TABLE "kit_tenant" (
    "instance_id" VARCHAR(64) NOT NULL,
    "tenant_id" VARCHAR(64) NOT NULL,
    "tenant_code" VARCHAR(64),
    "name" VARCHAR(255),
    "domain_name" VARCHAR(255),
    "order_id" VARCHAR(64),
    "test_flag" BOOLEAN NOT NULL DEFAULT false,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kit_tenant_pkey" PRIMARY KEY ("instance_id","tenant_id")
);

-- CreateTable
CREATE TABLE "kit_application" (
    "instance_id" VARCHAR(64) NOT NULL,
    "tenant_id" VARCHAR(64) NOT NULL,
    "app_id" VARCHAR(64) NOT NULL,
    "client_id" VARCHAR(255),
    "client_secret" TEXT,
    "secret_digest" VARCHAR(8),
    "test_flag" BOOLEAN NOT NULL DEFAULT false,
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kit_application_pkey" PRIMARY KEY ("instance_id","tenant_id","app_id")
);

-- CreateTable
CREATE TABLE "kit_user" (
    "instance_id" VARCHAR(64) NOT NULL,
    "tenant_id" VARCHAR(64) NOT NULL,
    "app_id" VARCHAR(64) NOT NULL,
    "user_name" VARCHAR(255) NOT NULL,
    "name" VARCHAR(255),
    "org_code" VARCHAR(64),
    "position" VARCHAR(255),
    "employee_code" VARCHAR(64),
    "employee_type" SMALLINT,
    "role" VARCHAR(8),
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "mobile" VARCHAR(32),
    "email" VARCHAR(255),
    "work_place" VARCHAR(255),
    "status" VARCHAR(16) NOT NULL,
    "test_flag" BOOLEAN NOT NULL DEFAULT false,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kit_user_pkey" PRIMARY KEY ("instance_id","tenant_id","app_id","user_name")
);

-- CreateTable
CREATE TABLE "kit_org" (
    "instance_id" VARCHAR(64) NOT NULL,
    "tenant_id" VARCHAR(64) NOT NULL,
    "org_code" VARCHAR(64) NOT NULL,
    "org_name" VARCHAR(255),
    "parent_code" VARCHAR(64),
    "deleted" BOOLEAN NOT NULL DEFAULT false,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kit_org_pkey" PRIMARY KEY ("instance_id","tenant_id","org_code")
);

-- CreateTable
CREATE TABLE "kit_org_tree" (
    "instance_id" VARCHAR(64) NOT NULL,
    "tenant_id" VARCHAR(64) NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "org_count" INTEGER NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kit_org_tree_pkey" PRIMARY KEY ("instance_id","tenant_id")
);

-- CreateIndex
CREATE INDEX "kit_tenant_tenant_id_idx" ON "kit_tenant"("tenant_id");
