-- Issue 9 follow-up (ADR 019 addendum): the internship interview runs on the assessor scoring of
-- ADR 016; attendance and the evaluation's timing are recorded on the placement.

-- ───── assessment: a batch's subject is recruitment applications or internship applications ─────
CREATE TYPE "AssessmentSubjectKind" AS ENUM ('RECRUITMENT', 'INTERNSHIP');

ALTER TABLE "AssessmentBatch" ADD COLUMN "subjectKind" "AssessmentSubjectKind" NOT NULL DEFAULT 'RECRUITMENT';
ALTER TABLE "AssessmentBatch" ADD COLUMN "openingId" TEXT;
ALTER TABLE "AssessmentBatch" ALTER COLUMN "periodId" DROP NOT NULL;
ALTER TABLE "AssessmentBatch" ALTER COLUMN "positionId" DROP NOT NULL;
CREATE UNIQUE INDEX "AssessmentBatch_openingId_testType_key" ON "AssessmentBatch"("openingId", "testType");
-- A batch belongs to exactly one subject: a position (recruitment) or an opening (internship).
ALTER TABLE "AssessmentBatch" ADD CONSTRAINT "AssessmentBatch_subject_check" CHECK (
  ("subjectKind" = 'RECRUITMENT' AND "positionId" IS NOT NULL AND "periodId" IS NOT NULL AND "openingId" IS NULL)
  OR ("subjectKind" = 'INTERNSHIP' AND "openingId" IS NOT NULL AND "positionId" IS NULL)
);

ALTER TABLE "AssessmentTestConfig" ADD COLUMN "openingId" TEXT;
ALTER TABLE "AssessmentTestConfig" ALTER COLUMN "positionId" DROP NOT NULL;
CREATE UNIQUE INDEX "AssessmentTestConfig_openingId_testType_key" ON "AssessmentTestConfig"("openingId", "testType");
ALTER TABLE "AssessmentTestConfig" ADD CONSTRAINT "AssessmentTestConfig_subject_check" CHECK (("positionId" IS NULL) <> ("openingId" IS NULL));

-- ───── internship ─────
-- The interview score now comes from the panel's final-score rule (two decimals); the agency's
-- hand-typed whole-number scores of before stay readable as they were.
ALTER TABLE "InternshipApplication" ALTER COLUMN "interviewScore" TYPE DECIMAL(5,2) USING "interviewScore"::DECIMAL(5,2);

ALTER TABLE "InternshipPlacement" ADD COLUMN "evaluationAttendanceRate" DECIMAL(4,1);
ALTER TABLE "InternshipPlacement" ADD COLUMN "earlyCompletionReason" TEXT;
