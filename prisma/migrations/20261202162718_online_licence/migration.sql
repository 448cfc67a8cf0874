-- AlterTable
ALTER TABLE "licence_delivery" ADD COLUMN     "generation" VARCHAR(16) NOT NULL DEFAULT 'manual';

-- AlterTable
ALTER TABLE "licence_product" ADD COLUMN     "device_fingerprint_required" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "generation" VARCHAR(16) NOT NULL DEFAULT 'manual';

-- CreateTable
CREATE TABLE "licence_request" (
    "id" BIGSERIAL NOT NULL,
    "event_id" VARCHAR(64) NOT NULL,
    "device_fingerprint" VARCHAR(1024),
    "fingerprint_key" VARCHAR(64) NOT NULL,
    "instance_id" VARCHAR(64) NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "effective_time" TIMESTAMPTZ(3) NOT NULL,
    "expire_time" TIMESTAMPTZ(3),
    "status" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "licence_id" UUID,
    "upload_type" VARCHAR(10),
    "upload_call_id" BIGINT,
    "uploaded_at" TIMESTAMPTZ(3),
    "call_id" BIGINT,
    "test_flag" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licence_request_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "licence_request_delivery_id_idx" ON "licence_request"("delivery_id");

-- CreateIndex
CREATE INDEX "licence_request_instance_id_idx" ON "licence_request"("instance_id");

-- CreateIndex
CREATE UNIQUE INDEX "licence_request_event_id_fingerprint_key_key" ON "licence_request"("event_id", "fingerprint_key");

-- AddForeignKey
ALTER TABLE "licence_request" ADD CONSTRAINT "licence_request_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "licence_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- the deliveries of licence-code orders (spec §9.1) made before generations were recorded
UPDATE "licence_delivery" SET "generation" = 'licence_code' WHERE "kind" = 'LICENSE_CODE';
