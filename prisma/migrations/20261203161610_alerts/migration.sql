-- CreateTable
CREATE TABLE "alert_rule" (
    "rule" VARCHAR(32) NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "threshold" INTEGER NOT NULL,
    "updated_by" VARCHAR(255) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_rule_pkey" PRIMARY KEY ("rule")
);

-- CreateTable
CREATE TABLE "alert_channel" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "url_enc" TEXT,
    "url_hint" VARCHAR(300),
    "secret_enc" TEXT,
    "recipients" UUID[],
    "locale" VARCHAR(8) NOT NULL DEFAULT 'en',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_by" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert" (
    "id" BIGSERIAL NOT NULL,
    "rule" VARCHAR(32) NOT NULL,
    "cause" VARCHAR(200) NOT NULL,
    "state" VARCHAR(16) NOT NULL,
    "count" INTEGER NOT NULL,
    "notified_count" INTEGER NOT NULL,
    "facts" JSONB NOT NULL,
    "link" VARCHAR(300) NOT NULL,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_notified_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolved_at" TIMESTAMPTZ(3),
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" VARCHAR(255),

    CONSTRAINT "alert_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" BIGSERIAL NOT NULL,
    "alert_id" BIGINT,
    "channel_id" BIGINT NOT NULL,
    "event" VARCHAR(16) NOT NULL,
    "facts" JSONB NOT NULL,
    "count" INTEGER NOT NULL,
    "state" VARCHAR(16) NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "alert_state_rule_cause_idx" ON "alert"("state", "rule", "cause");

-- CreateIndex
CREATE INDEX "alert_opened_at_idx" ON "alert"("opened_at" DESC);

-- CreateIndex
CREATE INDEX "alert_delivery_alert_id_idx" ON "alert_delivery"("alert_id");

-- CreateIndex
CREATE INDEX "alert_delivery_channel_id_id_idx" ON "alert_delivery"("channel_id", "id" DESC);

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_alert_id_fkey" FOREIGN KEY ("alert_id") REFERENCES "alert"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "alert_channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;
