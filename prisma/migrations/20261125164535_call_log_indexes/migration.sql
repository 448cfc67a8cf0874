-- DropIndex
DROP INDEX "call_instance_id_idx";

-- DropIndex
DROP INDEX "call_order_id_idx";

-- CreateIndex
CREATE INDEX "call_activity_created_at_id_idx" ON "call"("activity", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "call_result_code_created_at_id_idx" ON "call"("result_code", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "call_success_created_at_id_idx" ON "call"("success", "created_at" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "call_job_id_idx" ON "call"("job_id");

-- CreateIndex
CREATE INDEX "call_order_id_order_line_id_activity_idx" ON "call"("order_id", "order_line_id", "activity");

-- CreateIndex
CREATE INDEX "call_instance_id_activity_idx" ON "call"("instance_id", "activity");
