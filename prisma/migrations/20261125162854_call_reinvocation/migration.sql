-- AlterTable
ALTER TABLE "call" ADD COLUMN     "reinvoked_from" BIGINT,
ADD COLUMN     "triggered_by" VARCHAR(255);

-- CreateIndex
CREATE INDEX "call_reinvoked_from_idx" ON "call"("reinvoked_from");
