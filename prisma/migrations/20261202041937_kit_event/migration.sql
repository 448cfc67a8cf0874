-- CreateTable
CREATE TABLE "kit_event" (
    "id" BIGSERIAL NOT NULL,
    "instance_id" VARCHAR(64) NOT NULL,
    "tenant_id" VARCHAR(64) NOT NULL,
    "sequence" BIGINT NOT NULL,
    "type" VARCHAR(32) NOT NULL,
    "data" JSONB NOT NULL,
    "changed_at" TIMESTAMPTZ(3) NOT NULL,
    "delivered_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "kit_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "kit_event_counter" (
    "instance_id" VARCHAR(64) NOT NULL,
    "tenant_id" VARCHAR(64) NOT NULL,
    "last_sequence" BIGINT NOT NULL,

    CONSTRAINT "kit_event_counter_pkey" PRIMARY KEY ("instance_id","tenant_id")
);

-- CreateIndex
CREATE INDEX "kit_event_instance_id_tenant_id_delivered_at_sequence_idx" ON "kit_event"("instance_id", "tenant_id", "delivered_at", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "kit_event_instance_id_tenant_id_sequence_key" ON "kit_event"("instance_id", "tenant_id", "sequence");
