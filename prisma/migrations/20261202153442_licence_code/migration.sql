-- AlterTable
ALTER TABLE "licence_delivery" ALTER COLUMN "instance_order_id" DROP NOT NULL,
ALTER COLUMN "instance_id" DROP NOT NULL,
ALTER COLUMN "order_line_id" DROP NOT NULL;

-- CreateTable
CREATE TABLE "licence_code" (
    "id" BIGSERIAL NOT NULL,
    "code" VARCHAR(256) NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "market_status" VARCHAR(32),
    "product_id" VARCHAR(64),
    "amount" DECIMAL(20,4),
    "order_id" VARCHAR(64),
    "order_line_id" VARCHAR(64),
    "expire_time" TIMESTAMPTZ(3),
    "activated_at" TIMESTAMPTZ(3),
    "real_effect_time" VARCHAR(64),
    "device_fingerprint" VARCHAR(1024),
    "claimed_until" TIMESTAMPTZ(3),
    "activate_call_id" BIGINT,
    "last_checked_at" TIMESTAMPTZ(3),
    "delivery_id" BIGINT,
    "test_flag" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licence_code_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licence_code_change" (
    "id" BIGSERIAL NOT NULL,
    "code_id" BIGINT NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "dedupe_key" VARCHAR(128),
    "order_id" VARCHAR(64),
    "order_line_id" VARCHAR(64),
    "expire_time" TIMESTAMPTZ(3),
    "status" VARCHAR(16) NOT NULL,
    "event" VARCHAR(32) NOT NULL,
    "call_id" BIGINT,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licence_code_change_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "licence_code_code_key" ON "licence_code"("code");

-- CreateIndex
CREATE INDEX "licence_code_status_last_checked_at_idx" ON "licence_code"("status", "last_checked_at");

-- CreateIndex
CREATE INDEX "licence_code_delivery_id_idx" ON "licence_code"("delivery_id");

-- CreateIndex
CREATE INDEX "licence_code_change_code_id_delivered_at_id_idx" ON "licence_code_change"("code_id", "delivered_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "licence_code_change_code_id_dedupe_key_key" ON "licence_code_change"("code_id", "dedupe_key");

-- AddForeignKey
ALTER TABLE "licence_code" ADD CONSTRAINT "licence_code_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "licence_delivery"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licence_code_change" ADD CONSTRAINT "licence_code_change_code_id_fkey" FOREIGN KEY ("code_id") REFERENCES "licence_code"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One delivery per licence-code order (spec §9.1): the codes of an order are delivered together, and concurrent
-- activations of two of its codes link to the same row (Prisma cannot write partial indexes)
CREATE UNIQUE INDEX "licence_delivery_code_order_key" ON "licence_delivery"("order_id") WHERE "kind" = 'LICENSE_CODE' AND "instance_order_id" IS NULL;
