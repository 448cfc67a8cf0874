-- The sweep of delivered directory events (lib/kit/events.ts sweepDeliveredEvents): the old delivered rows by age.
-- A partial index cannot be written in schema.prisma; Prisma's diff leaves it alone (db:check stays empty).
CREATE INDEX "kit_event_delivered_at_idx" ON "kit_event" ("delivered_at") WHERE "delivered_at" IS NOT NULL;
