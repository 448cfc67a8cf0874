-- CreateTable
CREATE TABLE "licence_product" (
    "product_id" VARCHAR(64) NOT NULL,
    "marked_by" VARCHAR(255),
    "marked_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licence_product_pkey" PRIMARY KEY ("product_id")
);

-- CreateTable
CREATE TABLE "licence_delivery" (
    "id" BIGSERIAL NOT NULL,
    "instance_order_id" BIGINT NOT NULL,
    "instance_id" VARCHAR(64) NOT NULL,
    "order_id" VARCHAR(64) NOT NULL,
    "order_line_id" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "product_id" VARCHAR(64) NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'awaiting',
    "current_licence_id" UUID,
    "service_start_time" TIMESTAMPTZ(3),
    "delivered_at" TIMESTAMPTZ(3),
    "delivered_by" VARCHAR(255),
    "delivery_note" VARCHAR(1000),
    "decided_at" TIMESTAMPTZ(3),
    "decided_by" VARCHAR(255),
    "decision_note" VARCHAR(1000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licence_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licence" (
    "id" UUID NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "file_name" VARCHAR(255) NOT NULL,
    "content" BYTEA NOT NULL,
    "sha256" VARCHAR(64) NOT NULL,
    "size" INTEGER NOT NULL,
    "payload" JSONB,
    "created_by" VARCHAR(255),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "licence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "licence_event" (
    "id" BIGSERIAL NOT NULL,
    "delivery_id" BIGINT NOT NULL,
    "step" VARCHAR(16) NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "by" VARCHAR(255),
    "note" VARCHAR(1000),
    "detail" JSONB,

    CONSTRAINT "licence_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "licence_delivery_instance_order_id_key" ON "licence_delivery"("instance_order_id");

-- CreateIndex
CREATE INDEX "licence_delivery_status_created_at_idx" ON "licence_delivery"("status", "created_at");

-- CreateIndex
CREATE INDEX "licence_delivery_instance_id_idx" ON "licence_delivery"("instance_id");

-- CreateIndex
CREATE INDEX "licence_delivery_product_id_idx" ON "licence_delivery"("product_id");

-- CreateIndex
CREATE INDEX "licence_delivery_id_idx" ON "licence"("delivery_id");

-- CreateIndex
CREATE INDEX "licence_event_delivery_id_at_idx" ON "licence_event"("delivery_id", "at");

-- AddForeignKey
ALTER TABLE "licence_delivery" ADD CONSTRAINT "licence_delivery_instance_order_id_fkey" FOREIGN KEY ("instance_order_id") REFERENCES "instance_order"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licence" ADD CONSTRAINT "licence_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "licence_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "licence_event" ADD CONSTRAINT "licence_event_delivery_id_fkey" FOREIGN KEY ("delivery_id") REFERENCES "licence_delivery"("id") ON DELETE CASCADE ON UPDATE CASCADE;
