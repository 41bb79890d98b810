-- Issue 6 planning pages (ADR 020): DIS state, accommodation evidence, plan lock, allocation runs,
-- disqualifications. ADD VALUE runs inside the runner's transaction; the value is not used here.

-- AlterEnum
ALTER TYPE "ExamAttemptState" ADD VALUE 'DISQUALIFIED';

-- AlterTable
ALTER TABLE "ExamAccommodation" ADD COLUMN "evidence" TEXT,
ADD COLUMN "updatedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ExamPlan" (
    "periodId" TEXT NOT NULL,
    "blueprintCode" TEXT NOT NULL,
    "lockedAt" TIMESTAMPTZ(3),
    "lockedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ExamPlan_pkey" PRIMARY KEY ("periodId","blueprintCode")
);

-- CreateTable
CREATE TABLE "ExamAllocationRun" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "blueprintCode" TEXT NOT NULL,
    "actorId" TEXT,
    "placed" INTEGER NOT NULL,
    "unplaced" INTEGER NOT NULL,
    "replaced" INTEGER NOT NULL,
    "report" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamAllocationRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamDisqualification" (
    "attemptId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "fromState" TEXT NOT NULL,
    "actorId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamDisqualification_pkey" PRIMARY KEY ("attemptId")
);

-- CreateIndex
CREATE INDEX "ExamAllocationRun_periodId_blueprintCode_createdAt_idx" ON "ExamAllocationRun"("periodId", "blueprintCode", "createdAt");
