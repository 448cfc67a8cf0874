-- DropIndex
DROP INDEX "call_instance_id_activity_idx";

-- DropIndex
DROP INDEX "call_order_id_order_line_id_activity_idx";

-- CreateIndex
CREATE INDEX "call_order_id_order_line_id_activity_success_direction_crea_idx" ON "call"("order_id", "order_line_id", "activity", "success", "direction", "created_at");

-- CreateIndex
CREATE INDEX "call_instance_id_activity_success_direction_created_at_idx" ON "call"("instance_id", "activity", "success", "direction", "created_at");
