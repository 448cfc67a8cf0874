-- AlterTable
ALTER TABLE "job" ADD COLUMN     "first_failed_at" TIMESTAMPTZ(3);
