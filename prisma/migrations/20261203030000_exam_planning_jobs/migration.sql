-- Issue 6, ADR 020 addendum: allocation and preparation as queued jobs with progress, session
-- changes (cancel with a reason), candidates moved by hand with a documented reason.

-- AlterTable
ALTER TABLE "ExamSession" ADD COLUMN "cancelReason" TEXT,
ADD COLUMN "cancelledAt" TIMESTAMPTZ(3),
ADD COLUMN "cancelledById" TEXT;

-- CreateEnum
CREATE TYPE "ExamPlanJobKind" AS ENUM ('ALLOCATE', 'PREPARE');

-- CreateEnum
CREATE TYPE "ExamPlanJobStatus" AS ENUM ('QUEUED', 'RUNNING', 'DONE', 'FAILED');

-- CreateTable
CREATE TABLE "ExamPlanJob" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "blueprintCode" TEXT NOT NULL,
    "kind" "ExamPlanJobKind" NOT NULL,
    "status" "ExamPlanJobStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "progressStep" TEXT,
    "result" JSONB,
    "error" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "heartbeatAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExamPlanJob_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExamPlanJob_periodId_blueprintCode_createdAt_idx" ON "ExamPlanJob"("periodId", "blueprintCode", "createdAt");

-- One run at a time per (period, test), whatever the code path: the database refuses a second
-- QUEUED/RUNNING job (the model checks first and says so; this is the backstop).
CREATE UNIQUE INDEX "ExamPlanJob_one_active" ON "ExamPlanJob"("periodId", "blueprintCode") WHERE "status" IN ('QUEUED', 'RUNNING');

-- CreateTable
CREATE TABLE "ExamSeatMove" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "fromSessionId" TEXT NOT NULL,
    "toSessionId" TEXT NOT NULL,
    "fromParticipantNumber" TEXT NOT NULL,
    "toParticipantNumber" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamSeatMove_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExamSeatMove_attemptId_idx" ON "ExamSeatMove"("attemptId");
