-- A V1 customerId is at most 100 characters (spec §4.4). Widening a varchar is binary-compatible: no table rewrite,
-- no index rebuild, the foreign keys stay.
ALTER TABLE "customer" ALTER COLUMN "customer_id" SET DATA TYPE VARCHAR(100);
ALTER TABLE "instance" ALTER COLUMN "customer_id" SET DATA TYPE VARCHAR(100);
ALTER TABLE "order" ALTER COLUMN "customer_id" SET DATA TYPE VARCHAR(100);
