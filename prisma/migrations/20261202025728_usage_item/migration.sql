-- AlterTable
ALTER TABLE "instance" ADD COLUMN     "usage_item" VARCHAR(64);
