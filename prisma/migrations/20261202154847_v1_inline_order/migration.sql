-- AlterTable
ALTER TABLE "order" ADD COLUMN     "source" VARCHAR(16) NOT NULL DEFAULT 'query_order';
