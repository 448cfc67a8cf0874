-- CreateEnum
CREATE TYPE "InstanceStatus" AS ENUM ('provisioning', 'active', 'frozen', 'released', 'failed');

-- CreateTable
CREATE TABLE "instance" (
    "id" VARCHAR(64) NOT NULL,
    "order_id" VARCHAR(64) NOT NULL,
    "order_line_id" VARCHAR(64) NOT NULL,
    "status" "InstanceStatus" NOT NULL DEFAULT 'provisioning',
    "test_flag" BOOLEAN NOT NULL DEFAULT false,
    "product_id" VARCHAR(64),
    "sku_code" VARCHAR(64),
    "linear_value" INTEGER,
    "charging_mode" VARCHAR(25),
    "expire_time" TIMESTAMPTZ(3),
    "customer_id" VARCHAR(64),
    "provisioner" VARCHAR(32),
    "front_end_url" VARCHAR(512),
    "admin_url" VARCHAR(512),
    "user_name" VARCHAR(128),
    "password_enc" TEXT,
    "memo" VARCHAR(1024),
    "usage_value" DECIMAL(16,4) NOT NULL DEFAULT 0,
    "failure_reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "provisioned_at" TIMESTAMPTZ(3),
    "released_at" TIMESTAMPTZ(3),

    CONSTRAINT "instance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instance_order" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" VARCHAR(64) NOT NULL,
    "order_id" VARCHAR(64) NOT NULL,
    "order_line_id" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "expire_time" TIMESTAMPTZ(3),
    "product_id" VARCHAR(64),
    "call_id" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instance_order_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order" (
    "order_id" VARCHAR(64) NOT NULL,
    "order_type" VARCHAR(32) NOT NULL,
    "create_time" TIMESTAMPTZ(3),
    "customer_id" VARCHAR(64),
    "extend_params" JSONB,
    "raw" JSONB NOT NULL,
    "fetched_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_pkey" PRIMARY KEY ("order_id")
);

-- CreateTable
CREATE TABLE "order_line" (
    "order_line_id" VARCHAR(64) NOT NULL,
    "order_id" VARCHAR(64) NOT NULL,
    "charging_mode" VARCHAR(25) NOT NULL,
    "expire_time" TIMESTAMPTZ(3),
    "period_type" VARCHAR(16),
    "period_number" INTEGER,
    "currency" VARCHAR(8),
    "amount" DECIMAL(16,4),
    "product_id" VARCHAR(64),
    "sku_code" VARCHAR(64),
    "linear_value" INTEGER,

    CONSTRAINT "order_line_pkey" PRIMARY KEY ("order_line_id")
);

-- CreateTable
CREATE TABLE "product" (
    "product_id" VARCHAR(64) NOT NULL,
    "sku_code" VARCHAR(64) NOT NULL,
    "product_name" VARCHAR(255),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_pkey" PRIMARY KEY ("product_id","sku_code")
);

-- CreateTable
CREATE TABLE "customer" (
    "customer_id" VARCHAR(64) NOT NULL,
    "customer_name" VARCHAR(255),
    "user_id" VARCHAR(64),
    "user_name" VARCHAR(255),
    "email" VARCHAR(255),
    "mobile_phone" VARCHAR(64),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "customer_pkey" PRIMARY KEY ("customer_id")
);

-- CreateTable
CREATE TABLE "tenant" (
    "id" VARCHAR(32) NOT NULL,
    "instance_id" VARCHAR(64) NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "admin_user" VARCHAR(128) NOT NULL,
    "password_enc" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tenant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "seen_nonce" (
    "nonce" VARCHAR(128) NOT NULL,
    "seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "seen_nonce_pkey" PRIMARY KEY ("nonce")
);

-- CreateTable
CREATE TABLE "call" (
    "id" BIGSERIAL NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "direction" VARCHAR(8) NOT NULL,
    "activity" VARCHAR(64),
    "order_id" VARCHAR(64),
    "order_line_id" VARCHAR(64),
    "instance_id" VARCHAR(64),
    "signature_verdict" VARCHAR(16),
    "signature_detail" VARCHAR(128),
    "method" VARCHAR(8) NOT NULL,
    "url" TEXT NOT NULL,
    "query" JSONB,
    "request_headers" JSONB,
    "request_body" TEXT,
    "response_status" INTEGER,
    "response_body" TEXT,
    "result_code" VARCHAR(16),
    "result_msg" TEXT,
    "success" BOOLEAN NOT NULL,
    "duration_ms" INTEGER NOT NULL,
    "test_flag" BOOLEAN NOT NULL DEFAULT false,
    "client_address" VARCHAR(64),
    "error" TEXT,
    "job_id" VARCHAR(64),

    CONSTRAINT "call_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "job" (
    "id" VARCHAR(64) NOT NULL,
    "queue" VARCHAR(64) NOT NULL,
    "instance_id" VARCHAR(64),
    "call_id" BIGINT,
    "state" VARCHAR(16) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "data" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "instance_status_idx" ON "instance"("status");

-- CreateIndex
CREATE INDEX "instance_customer_id_idx" ON "instance"("customer_id");

-- CreateIndex
CREATE UNIQUE INDEX "instance_order_id_order_line_id_key" ON "instance"("order_id", "order_line_id");

-- CreateIndex
CREATE INDEX "instance_order_order_id_idx" ON "instance_order"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "instance_order_instance_id_order_id_order_line_id_kind_key" ON "instance_order"("instance_id", "order_id", "order_line_id", "kind");

-- CreateIndex
CREATE INDEX "order_line_order_id_idx" ON "order_line"("order_id");

-- CreateIndex
CREATE UNIQUE INDEX "tenant_instance_id_key" ON "tenant"("instance_id");

-- CreateIndex
CREATE INDEX "seen_nonce_seen_at_idx" ON "seen_nonce"("seen_at");

-- CreateIndex
CREATE INDEX "call_created_at_id_idx" ON "call"("created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "call_instance_id_idx" ON "call"("instance_id");

-- CreateIndex
CREATE INDEX "call_order_id_idx" ON "call"("order_id");

-- CreateIndex
CREATE INDEX "job_instance_id_idx" ON "job"("instance_id");

-- CreateIndex
CREATE INDEX "job_call_id_idx" ON "job"("call_id");

-- AddForeignKey
ALTER TABLE "instance" ADD CONSTRAINT "instance_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("customer_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "instance_order" ADD CONSTRAINT "instance_order_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order" ADD CONSTRAINT "order_customer_id_fkey" FOREIGN KEY ("customer_id") REFERENCES "customer"("customer_id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_line" ADD CONSTRAINT "order_line_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "order"("order_id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant" ADD CONSTRAINT "tenant_instance_id_fkey" FOREIGN KEY ("instance_id") REFERENCES "instance"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
