-- CreateTable
CREATE TABLE "sign_in_throttle" (
    "kind" VARCHAR(8) NOT NULL,
    "key" VARCHAR(255) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "last_failed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "locked_until" TIMESTAMPTZ(3),

    CONSTRAINT "sign_in_throttle_pkey" PRIMARY KEY ("kind","key")
);

-- CreateIndex
CREATE INDEX "sign_in_throttle_last_failed_at_idx" ON "sign_in_throttle"("last_failed_at");

-- Carry the accounts' counts over (hand-written): an account locked under the old rule (5 free failures, then
-- 15 s doubling up to 15 minutes from the last failure) stays locked exactly as long.
INSERT INTO "sign_in_throttle" ("kind", "key", "failures", "last_failed_at", "locked_until")
SELECT 'account', "email", "failed_logins", COALESCE("last_failed_at", CURRENT_TIMESTAMP),
       CASE WHEN "failed_logins" >= 5 AND "last_failed_at" IS NOT NULL
            THEN "last_failed_at" + LEAST(15 * power(2, LEAST("failed_logins" - 5, 16)), 900) * interval '1 second' END
  FROM "user"
 WHERE "failed_logins" > 0;

-- AlterTable
ALTER TABLE "user" DROP COLUMN "failed_logins",
DROP COLUMN "last_failed_at";
