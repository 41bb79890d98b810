-- CreateEnum
CREATE TYPE "InternshipMode" AS ENUM ('ONSITE', 'HYBRID');

-- CreateEnum
CREATE TYPE "InternshipOpeningStatus" AS ENUM ('OPEN', 'CLOSED');

-- CreateEnum
CREATE TYPE "InternshipApplicationStatus" AS ENUM ('SUBMITTED', 'CAMPUS_RETURNED', 'CAMPUS_VERIFIED', 'SHORTLISTED', 'OFFERED', 'ACCEPTED', 'DECLINED', 'OFFER_EXPIRED', 'REJECTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "InternshipDocumentKind" AS ENUM ('CV', 'TRANSCRIPT', 'KTP', 'SR', 'SPTJM');

-- CreateEnum
CREATE TYPE "InternshipPlacementStatus" AS ENUM ('ACTIVE', 'COMPLETED');

-- CreateEnum
CREATE TYPE "InternshipEntryKind" AS ENUM ('LOGBOOK', 'MONTHLY_REPORT');

-- CreateEnum
CREATE TYPE "InternshipEntryStatus" AS ENUM ('SUBMITTED', 'APPROVED', 'RETURNED');

-- CreateEnum
CREATE TYPE "InternshipAttendanceStatus" AS ENUM ('PRESENT', 'SICK', 'LEAVE', 'ABSENT');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "Role" ADD VALUE 'STUDENT';
ALTER TYPE "Role" ADD VALUE 'DPL';

-- CreateTable
CREATE TABLE "StudentProfile" (
    "userId" TEXT NOT NULL,
    "universityId" TEXT NOT NULL,
    "studentNumber" TEXT NOT NULL,
    "studyProgramCode" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "semester" INTEGER NOT NULL,
    "gpa" DECIMAL(3,2) NOT NULL,
    "phone" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "StudentProfile_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "InternshipOpening" (
    "id" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "places" INTEGER NOT NULL,
    "durationMonths" INTEGER NOT NULL,
    "mode" "InternshipMode" NOT NULL,
    "stipendMonthly" INTEGER NOT NULL,
    "minSemester" INTEGER,
    "minGpa" DECIMAL(3,2),
    "studyProgramCodes" TEXT[],
    "closesAt" TIMESTAMPTZ(3) NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "status" "InternshipOpeningStatus" NOT NULL DEFAULT 'OPEN',
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InternshipOpening_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InternshipApplication" (
    "id" TEXT NOT NULL,
    "openingId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "universityId" TEXT NOT NULL,
    "studyProgramCode" TEXT NOT NULL,
    "level" TEXT NOT NULL,
    "semester" INTEGER NOT NULL,
    "gpa" DECIMAL(3,2) NOT NULL,
    "motivation" TEXT NOT NULL,
    "status" "InternshipApplicationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "campusNote" TEXT,
    "campusReviewerId" TEXT,
    "campusReviewedAt" TIMESTAMPTZ(3),
    "shortlistedAt" TIMESTAMPTZ(3),
    "interviewScore" INTEGER,
    "interviewNote" TEXT,
    "offeredAt" TIMESTAMPTZ(3),
    "offerDeadline" TIMESTAMPTZ(3),
    "respondedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InternshipApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InternshipDocument" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "kind" "InternshipDocumentKind" NOT NULL,
    "fileHash" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "mime" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InternshipDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InternshipPlacement" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "studentId" TEXT NOT NULL,
    "universityId" TEXT NOT NULL,
    "agencyId" TEXT NOT NULL,
    "mentorId" TEXT,
    "dplId" TEXT,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMonths" INTEGER NOT NULL,
    "status" "InternshipPlacementStatus" NOT NULL DEFAULT 'ACTIVE',
    "rubricScores" JSONB,
    "finalScore" DECIMAL(4,1),
    "evaluationNote" TEXT,
    "creditSummary" JSONB,
    "totalSks" INTEGER,
    "evaluatedById" TEXT,
    "completedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InternshipPlacement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InternshipEntry" (
    "id" TEXT NOT NULL,
    "placementId" TEXT NOT NULL,
    "kind" "InternshipEntryKind" NOT NULL,
    "entryDate" DATE NOT NULL,
    "month" INTEGER,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "hours" INTEGER,
    "status" "InternshipEntryStatus" NOT NULL DEFAULT 'SUBMITTED',
    "revision" INTEGER NOT NULL DEFAULT 1,
    "reviewComment" TEXT,
    "reviewerId" TEXT,
    "reviewerRole" TEXT,
    "reviewedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InternshipEntry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InternshipAttendance" (
    "placementId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "status" "InternshipAttendanceStatus" NOT NULL,
    "recordedById" TEXT NOT NULL,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InternshipAttendance_pkey" PRIMARY KEY ("placementId","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "StudentProfile_universityId_studentNumber_key" ON "StudentProfile"("universityId", "studentNumber");

-- CreateIndex
CREATE INDEX "InternshipOpening_status_closesAt_idx" ON "InternshipOpening"("status", "closesAt");

-- CreateIndex
CREATE INDEX "InternshipOpening_agencyId_idx" ON "InternshipOpening"("agencyId");

-- CreateIndex
CREATE INDEX "InternshipApplication_universityId_status_idx" ON "InternshipApplication"("universityId", "status");

-- CreateIndex
CREATE INDEX "InternshipApplication_studentId_idx" ON "InternshipApplication"("studentId");

-- CreateIndex
CREATE INDEX "InternshipApplication_status_offerDeadline_idx" ON "InternshipApplication"("status", "offerDeadline");

-- CreateIndex
CREATE UNIQUE INDEX "InternshipApplication_openingId_studentId_key" ON "InternshipApplication"("openingId", "studentId");

-- CreateIndex
CREATE UNIQUE INDEX "InternshipDocument_applicationId_kind_key" ON "InternshipDocument"("applicationId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "InternshipPlacement_applicationId_key" ON "InternshipPlacement"("applicationId");

-- CreateIndex
CREATE INDEX "InternshipPlacement_mentorId_status_idx" ON "InternshipPlacement"("mentorId", "status");

-- CreateIndex
CREATE INDEX "InternshipPlacement_universityId_status_idx" ON "InternshipPlacement"("universityId", "status");

-- CreateIndex
CREATE INDEX "InternshipPlacement_dplId_idx" ON "InternshipPlacement"("dplId");

-- CreateIndex
CREATE INDEX "InternshipEntry_placementId_kind_status_idx" ON "InternshipEntry"("placementId", "kind", "status");

-- AddForeignKey
ALTER TABLE "InternshipApplication" ADD CONSTRAINT "InternshipApplication_openingId_fkey" FOREIGN KEY ("openingId") REFERENCES "InternshipOpening"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InternshipDocument" ADD CONSTRAINT "InternshipDocument_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "InternshipApplication"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InternshipPlacement" ADD CONSTRAINT "InternshipPlacement_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "InternshipApplication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InternshipEntry" ADD CONSTRAINT "InternshipEntry_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "InternshipPlacement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InternshipAttendance" ADD CONSTRAINT "InternshipAttendance_placementId_fkey" FOREIGN KEY ("placementId") REFERENCES "InternshipPlacement"("id") ON DELETE RESTRICT ON UPDATE CASCADE;



-- ───── Raw SQL extras (internship) ─────
-- A student holds at most one accepted offer (issue 9), even when two accepts race: the second
-- commit fails on this index, whatever the application code checked before.
CREATE UNIQUE INDEX "InternshipApplication_one_accepted" ON "InternshipApplication" ("studentId") WHERE status = 'ACCEPTED';
-- One monthly report per month of a placement (logbook entries may be several a day: one per
-- activity, or one a week dated on the week's first day).
CREATE UNIQUE INDEX "InternshipEntry_one_report_per_month" ON "InternshipEntry" ("placementId", month) WHERE kind = 'MONTHLY_REPORT';

-- The bounds of domain.md §8 / issue 9, as a last line behind the domain rules.
ALTER TABLE "InternshipOpening" ADD CONSTRAINT "InternshipOpening_duration_check" CHECK ("durationMonths" BETWEEN 3 AND 6);
ALTER TABLE "InternshipOpening" ADD CONSTRAINT "InternshipOpening_places_check" CHECK (places BETWEEN 1 AND 1000);
ALTER TABLE "InternshipApplication" ADD CONSTRAINT "InternshipApplication_gpa_check" CHECK (gpa BETWEEN 0 AND 4);
ALTER TABLE "InternshipApplication" ADD CONSTRAINT "InternshipApplication_interview_check" CHECK ("interviewScore" IS NULL OR "interviewScore" BETWEEN 0 AND 100);
ALTER TABLE "StudentProfile" ADD CONSTRAINT "StudentProfile_gpa_check" CHECK (gpa BETWEEN 0 AND 4);
ALTER TABLE "StudentProfile" ADD CONSTRAINT "StudentProfile_semester_check" CHECK (semester BETWEEN 1 AND 14);
ALTER TABLE "InternshipPlacement" ADD CONSTRAINT "InternshipPlacement_sks_check" CHECK ("totalSks" IS NULL OR "totalSks" BETWEEN 0 AND 20);
