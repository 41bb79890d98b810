-- CreateEnum
CREATE TYPE "AssessmentBatchStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "AssessmentRole" AS ENUM ('PRIMARY', 'ADJUDICATOR');

-- CreateEnum
CREATE TYPE "CorrectionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED');

-- CreateTable
CREATE TABLE "AssessmentPositionConfig" (
    "positionId" TEXT NOT NULL,
    "highlyTechnical" BOOLEAN NOT NULL DEFAULT false,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AssessmentPositionConfig_pkey" PRIMARY KEY ("positionId")
);

-- CreateTable
CREATE TABLE "AssessmentTestConfig" (
    "id" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "testType" TEXT NOT NULL,
    "rubric" JSONB NOT NULL,
    "assessorsPerCandidate" INTEGER NOT NULL DEFAULT 2,
    "gapThreshold" INTEGER NOT NULL DEFAULT 15,
    "finalScoreRule" TEXT NOT NULL DEFAULT 'MEAN_CLOSEST_TWO',
    "passScore" INTEGER,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AssessmentTestConfig_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentBatch" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "testType" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "status" "AssessmentBatchStatus" NOT NULL DEFAULT 'OPEN',
    "assignedAt" TIMESTAMPTZ(3),
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentCandidate" (
    "id" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "finalScore" DECIMAL(5,2),
    "eliminated" BOOLEAN,
    "finalisedAt" TIMESTAMPTZ(3),
    "sessionStartsAt" TIMESTAMPTZ(3),
    "sessionPlace" TEXT,
    "sessionLink" TEXT,

    CONSTRAINT "AssessmentCandidate_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentPanelMember" (
    "id" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "universityId" TEXT,
    "addedById" TEXT,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "declaredAt" TIMESTAMPTZ(3),
    "declaration" JSONB,

    CONSTRAINT "AssessmentPanelMember_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentConflict" (
    "id" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentConflict_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentAssignment" (
    "id" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "candidateId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "role" "AssessmentRole" NOT NULL DEFAULT 'PRIMARY',
    "scores" JSONB,
    "total" DECIMAL(5,2),
    "submittedAt" TIMESTAMPTZ(3),
    "reopenedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentAssignment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssessmentCorrectionRequest" (
    "id" TEXT NOT NULL,
    "assignmentId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "CorrectionStatus" NOT NULL DEFAULT 'PENDING',
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT,

    CONSTRAINT "AssessmentCorrectionRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentTestConfig_positionId_testType_key" ON "AssessmentTestConfig"("positionId", "testType");

-- CreateIndex
CREATE INDEX "AssessmentBatch_agencyId_idx" ON "AssessmentBatch"("agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentBatch_positionId_testType_key" ON "AssessmentBatch"("positionId", "testType");

-- CreateIndex
CREATE INDEX "AssessmentCandidate_applicationId_idx" ON "AssessmentCandidate"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentCandidate_batchId_code_key" ON "AssessmentCandidate"("batchId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentCandidate_batchId_applicationId_key" ON "AssessmentCandidate"("batchId", "applicationId");

-- CreateIndex
CREATE INDEX "AssessmentPanelMember_userId_idx" ON "AssessmentPanelMember"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentPanelMember_batchId_userId_key" ON "AssessmentPanelMember"("batchId", "userId");

-- CreateIndex
CREATE INDEX "AssessmentConflict_batchId_userId_idx" ON "AssessmentConflict"("batchId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentConflict_candidateId_userId_reason_key" ON "AssessmentConflict"("candidateId", "userId", "reason");

-- CreateIndex
CREATE INDEX "AssessmentAssignment_batchId_userId_idx" ON "AssessmentAssignment"("batchId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentAssignment_candidateId_userId_key" ON "AssessmentAssignment"("candidateId", "userId");

-- CreateIndex
CREATE INDEX "AssessmentCorrectionRequest_assignmentId_status_idx" ON "AssessmentCorrectionRequest"("assignmentId", "status");

-- AddForeignKey
ALTER TABLE "AssessmentCandidate" ADD CONSTRAINT "AssessmentCandidate_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "AssessmentBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentPanelMember" ADD CONSTRAINT "AssessmentPanelMember_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "AssessmentBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentConflict" ADD CONSTRAINT "AssessmentConflict_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "AssessmentCandidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentAssignment" ADD CONSTRAINT "AssessmentAssignment_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "AssessmentBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentAssignment" ADD CONSTRAINT "AssessmentAssignment_candidateId_fkey" FOREIGN KEY ("candidateId") REFERENCES "AssessmentCandidate"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentCorrectionRequest" ADD CONSTRAINT "AssessmentCorrectionRequest_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "AssessmentAssignment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

