-- AlterTable
ALTER TABLE "job" ADD COLUMN     "rerun_of" VARCHAR(64);

-- CreateIndex
CREATE INDEX "job_rerun_of_idx" ON "job"("rerun_of");
