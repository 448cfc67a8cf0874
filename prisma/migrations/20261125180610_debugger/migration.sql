-- CreateTable
CREATE TABLE "debug_case" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "activity" VARCHAR(32) NOT NULL,
    "target_url" VARCHAR(2048),
    "key_enc" TEXT,
    "key_fingerprint" VARCHAR(12),
    "params" JSONB NOT NULL,
    "created_by" VARCHAR(255) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "debug_case_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "debug_run" (
    "id" BIGSERIAL NOT NULL,
    "trigger" VARCHAR(16) NOT NULL,
    "triggered_by" VARCHAR(255) NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "passed" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "debug_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "debug_result" (
    "id" BIGSERIAL NOT NULL,
    "run_id" BIGINT NOT NULL,
    "case_id" BIGINT,
    "case_name" VARCHAR(100),
    "step" VARCHAR(64),
    "activity" VARCHAR(32) NOT NULL,
    "target_url" VARCHAR(2048) NOT NULL,
    "pass" BOOLEAN NOT NULL,
    "result_code" VARCHAR(16),
    "http_status" INTEGER,
    "duration_ms" INTEGER NOT NULL,
    "instance_id" VARCHAR(64),
    "checks" JSONB NOT NULL,
    "request_url" TEXT NOT NULL,
    "request_body" TEXT NOT NULL,
    "response_body" TEXT,
    "error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "debug_result_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "debug_run_started_at_idx" ON "debug_run"("started_at" DESC);

-- CreateIndex
CREATE INDEX "debug_run_trigger_started_at_idx" ON "debug_run"("trigger", "started_at" DESC);

-- CreateIndex
CREATE INDEX "debug_result_run_id_idx" ON "debug_result"("run_id");

-- CreateIndex
CREATE INDEX "debug_result_case_id_id_idx" ON "debug_result"("case_id", "id" DESC);

-- CreateIndex
CREATE INDEX "debug_result_target_url_id_idx" ON "debug_result"("target_url", "id" DESC);

-- AddForeignKey
ALTER TABLE "debug_result" ADD CONSTRAINT "debug_result_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "debug_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "debug_result" ADD CONSTRAINT "debug_result_case_id_fkey" FOREIGN KEY ("case_id") REFERENCES "debug_case"("id") ON DELETE SET NULL ON UPDATE CASCADE;
