-- AlterEnum
ALTER TYPE "PaymentStatus" ADD VALUE 'CANCELLED';
