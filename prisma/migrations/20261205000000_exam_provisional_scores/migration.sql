-- Scoring ahead of the deadline (issue 6, ADR 014 addendum 2026-12-02 "scoring ahead"): the
-- sweeper scores attempts in the minutes before their deadline into this table, and the close
-- reuses a row only while the attempt's step count and the corrections' fingerprint still match.
-- A separate table, not columns of ExamAttempt: writing it must not lock or rewrite attempt rows,
-- which every save takes FOR SHARE.

-- CreateTable
CREATE TABLE "ExamProvisionalScore" (
    "attemptId" TEXT NOT NULL,
    "sums" JSONB NOT NULL,
    "steps" INTEGER NOT NULL,
    "corrections" TEXT NOT NULL,
    "scoredAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamProvisionalScore_pkey" PRIMARY KEY ("attemptId")
);

-- AddForeignKey
ALTER TABLE "ExamProvisionalScore" ADD CONSTRAINT "ExamProvisionalScore_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;
