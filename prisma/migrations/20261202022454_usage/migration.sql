-- AlterTable
ALTER TABLE "instance" ADD COLUMN     "quota_exhausted_at" TIMESTAMPTZ(3),
ADD COLUMN     "usage_item" VARCHAR(64),
ADD COLUMN     "usage_time" TIMESTAMPTZ(3),
ALTER COLUMN "usage_value" SET DATA TYPE DECIMAL(20,4);

-- CreateTable
CREATE TABLE "usage_event" (
    "id" BIGSERIAL NOT NULL,
    "source" VARCHAR(255) NOT NULL,
    "event_id" VARCHAR(255) NOT NULL,
    "part" SMALLINT NOT NULL DEFAULT 0,
    "instance_id" VARCHAR(64) NOT NULL,
    "billing_item" VARCHAR(64) NOT NULL,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "value" DECIMAL(20,4) NOT NULL,
    "package_instance_id" VARCHAR(64),
    "billable" BOOLEAN NOT NULL DEFAULT true,
    "record_id" BIGINT,
    "api_key_id" UUID,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "usage_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "usage_record" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" VARCHAR(64) NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "package_instance_id" VARCHAR(64) NOT NULL DEFAULT '',
    "seq" INTEGER NOT NULL DEFAULT 1,
    "value" DECIMAL(20,4) NOT NULL,
    "metering_sn" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "claimed_until" TIMESTAMPTZ(3),
    "call_id" BIGINT,
    "sealed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "pushed_at" TIMESTAMPTZ(3),
    "accepted_at" TIMESTAMPTZ(3),

    CONSTRAINT "usage_record_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "package_sku" (
    "product_id" VARCHAR(64) NOT NULL,
    "sku_code" VARCHAR(64) NOT NULL,
    "stop_at_quota" BOOLEAN NOT NULL DEFAULT false,
    "updated_by" VARCHAR(255),
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "package_sku_pkey" PRIMARY KEY ("product_id","sku_code")
);

-- CreateTable
CREATE TABLE "package_quota" (
    "product_id" VARCHAR(64) NOT NULL,
    "sku_code" VARCHAR(64) NOT NULL,
    "billing_item" VARCHAR(64) NOT NULL,
    "quota" DECIMAL(20,4) NOT NULL,

    CONSTRAINT "package_quota_pkey" PRIMARY KEY ("product_id","sku_code","billing_item")
);

-- CreateTable
CREATE TABLE "package_usage" (
    "package_instance_id" VARCHAR(64) NOT NULL,
    "billing_item" VARCHAR(64) NOT NULL,
    "used" DECIMAL(20,4) NOT NULL DEFAULT 0,
    "related_instance_id" VARCHAR(64),
    "last_time" TIMESTAMPTZ(3),

    CONSTRAINT "package_usage_pkey" PRIMARY KEY ("package_instance_id","billing_item")
);

-- CreateIndex
CREATE INDEX "usage_event_instance_id_hour_idx" ON "usage_event"("instance_id", "hour");

-- CreateIndex
CREATE UNIQUE INDEX "usage_event_source_event_id_part_key" ON "usage_event"("source", "event_id", "part");

-- CreateIndex
CREATE UNIQUE INDEX "usage_record_metering_sn_key" ON "usage_record"("metering_sn");

-- CreateIndex
CREATE INDEX "usage_record_status_hour_idx" ON "usage_record"("status", "hour");

-- CreateIndex
CREATE INDEX "usage_record_hour_idx" ON "usage_record"("hour");

-- CreateIndex
CREATE UNIQUE INDEX "usage_record_instance_id_hour_package_instance_id_seq_key" ON "usage_record"("instance_id", "hour", "package_instance_id", "seq");

-- AddForeignKey
ALTER TABLE "package_quota" ADD CONSTRAINT "package_quota_product_id_sku_code_fkey" FOREIGN KEY ("product_id", "sku_code") REFERENCES "package_sku"("product_id", "sku_code") ON DELETE CASCADE ON UPDATE CASCADE;

-- The push's seal reads the billable parts not yet sealed, by hour (Prisma cannot write partial indexes)
CREATE INDEX "usage_event_unsealed_hour_idx" ON "usage_event"("hour") WHERE "record_id" IS NULL AND "billable";
