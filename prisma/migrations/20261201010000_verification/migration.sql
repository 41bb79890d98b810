-- CreateEnum
CREATE TYPE "VerificationStage" AS ENUM ('FIRST', 'SECOND', 'PANEL', 'DONE');

-- CreateEnum
CREATE TYPE "VerificationResult" AS ENUM ('MS', 'TMS');

-- CreateEnum
CREATE TYPE "AnnouncementKind" AS ENUM ('ADMINISTRATION', 'POST_OBJECTION');

-- CreateEnum
CREATE TYPE "ObjectionStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED');

-- CreateTable
CREATE TABLE "VerificationCase" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "stage" "VerificationStage" NOT NULL DEFAULT 'FIRST',
    "claimedById" TEXT,
    "claimExpiresAt" TIMESTAMPTZ(3),
    "firstById" TEXT,
    "firstResult" "VerificationResult",
    "firstAt" TIMESTAMPTZ(3),
    "sampled" BOOLEAN NOT NULL DEFAULT false,
    "secondById" TEXT,
    "secondResult" "VerificationResult",
    "secondAt" TIMESTAMPTZ(3),
    "panelById" TEXT,
    "panelAt" TIMESTAMPTZ(3),
    "result" "VerificationResult",
    "decidedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VerificationCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationItem" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "requirementCode" TEXT NOT NULL,
    "decision" "VerificationResult" NOT NULL,
    "reasonCode" TEXT,
    "note" TEXT,
    "verifierId" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerificationItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationReason" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "VerificationReason_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VerificationSetting" (
    "agencyId" TEXT NOT NULL,
    "samplePercent" INTEGER NOT NULL DEFAULT 10,
    "claimMinutes" INTEGER NOT NULL DEFAULT 30,
    "updatedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VerificationSetting_pkey" PRIMARY KEY ("agencyId")
);

-- CreateTable
CREATE TABLE "Announcement" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "kind" "AnnouncementKind" NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL,
    "publishedById" TEXT,
    "csv" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "pdfFileHash" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "msCount" INTEGER NOT NULL,
    "objectionOpensAt" TIMESTAMPTZ(3),
    "objectionClosesAt" TIMESTAMPTZ(3),
    "panelClosesAt" TIMESTAMPTZ(3),
    "postDueAt" TIMESTAMPTZ(3),

    CONSTRAINT "Announcement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AnnouncementEntry" (
    "id" TEXT NOT NULL,
    "announcementId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "registrationNumber" TEXT NOT NULL,
    "fullName" TEXT NOT NULL,
    "result" "VerificationResult" NOT NULL,
    "reasons" TEXT[],

    CONSTRAINT "AnnouncementEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Objection" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "announcementId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "submittedAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "ObjectionStatus" NOT NULL DEFAULT 'PENDING',
    "decidedById" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,

    CONSTRAINT "Objection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "VerificationCase_applicationId_key" ON "VerificationCase"("applicationId");

-- CreateIndex
CREATE INDEX "VerificationCase_agencyId_stage_idx" ON "VerificationCase"("agencyId", "stage");

-- CreateIndex
CREATE INDEX "VerificationCase_positionId_stage_idx" ON "VerificationCase"("positionId", "stage");

-- CreateIndex
CREATE INDEX "VerificationCase_claimedById_idx" ON "VerificationCase"("claimedById");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationItem_caseId_round_requirementCode_key" ON "VerificationItem"("caseId", "round", "requirementCode");

-- CreateIndex
CREATE UNIQUE INDEX "VerificationReason_agencyId_code_key" ON "VerificationReason"("agencyId", "code");

-- CreateIndex
CREATE INDEX "Announcement_periodId_agencyId_idx" ON "Announcement"("periodId", "agencyId");

-- CreateIndex
CREATE UNIQUE INDEX "Announcement_positionId_kind_key" ON "Announcement"("positionId", "kind");

-- CreateIndex
CREATE INDEX "AnnouncementEntry_applicationId_idx" ON "AnnouncementEntry"("applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "AnnouncementEntry_announcementId_applicationId_key" ON "AnnouncementEntry"("announcementId", "applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Objection_applicationId_key" ON "Objection"("applicationId");

-- CreateIndex
CREATE INDEX "Objection_agencyId_status_idx" ON "Objection"("agencyId", "status");

-- CreateIndex
CREATE INDEX "Objection_announcementId_idx" ON "Objection"("announcementId");

-- AddForeignKey
ALTER TABLE "VerificationItem" ADD CONSTRAINT "VerificationItem_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "VerificationCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AnnouncementEntry" ADD CONSTRAINT "AnnouncementEntry_announcementId_fkey" FOREIGN KEY ("announcementId") REFERENCES "Announcement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

