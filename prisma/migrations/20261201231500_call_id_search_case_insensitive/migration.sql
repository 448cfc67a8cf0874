-- The call log's id search ignores case (issue 7): lower(instance_id) / lower(order_id) = lower($1), newest first.
-- Expression indexes cannot be written in schema.prisma; Prisma's diff leaves them alone (db:check stays empty).
CREATE INDEX "call_lower_instance_id_created_at_id_idx" ON "call" (lower("instance_id"), "created_at" DESC, "id" DESC);
CREATE INDEX "call_lower_order_id_created_at_id_idx" ON "call" (lower("order_id"), "created_at" DESC, "id" DESC);
