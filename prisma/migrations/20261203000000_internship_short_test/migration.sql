-- Issue 9 short test on the CBT engine (ADR 019 addendum): an ONLINE exam session has no site,
-- period, room or seat, and a window close; InternshipShortTest links an opening to its session.

-- AlterTable
ALTER TABLE "ExamSession" ALTER COLUMN "periodId" DROP NOT NULL,
ALTER COLUMN "siteId" DROP NOT NULL,
ADD COLUMN "closesAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "ExamAttempt" ALTER COLUMN "roomId" DROP NOT NULL,
ALTER COLUMN "seatNumber" DROP NOT NULL,
ALTER COLUMN "periodId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "InternshipShortTest" (
    "openingId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "InternshipShortTest_pkey" PRIMARY KEY ("openingId")
);

-- CreateIndex
CREATE UNIQUE INDEX "InternshipShortTest_sessionId_key" ON "InternshipShortTest"("sessionId");

-- An online session is exactly a session without a site; it must say when its window closes.
ALTER TABLE "ExamSession" ADD CONSTRAINT "ExamSession_online_window" CHECK ("siteId" IS NOT NULL OR "closesAt" IS NOT NULL);
