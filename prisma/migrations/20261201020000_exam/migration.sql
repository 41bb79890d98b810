-- CreateEnum
CREATE TYPE "ExamSessionStatus" AS ENUM ('SCHEDULED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ExamAttemptState" AS ENUM ('NOT_STARTED', 'IN_PROGRESS', 'PAUSED', 'FINISHED', 'AUTO_SUBMITTED', 'SCORED', 'ABSENT');

-- CreateEnum
CREATE TYPE "KeyChallengeStatus" AS ENUM ('OPEN', 'UPHELD', 'REJECTED');

-- CreateTable
CREATE TABLE "ExamRoom" (
    "id" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "seats" INTEGER NOT NULL,
    "proctorUserId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamRoom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamSession" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "blueprintCode" TEXT NOT NULL,
    "durationMinutes" INTEGER NOT NULL,
    "capacity" INTEGER NOT NULL,
    "status" "ExamSessionStatus" NOT NULL DEFAULT 'SCHEDULED',
    "challengeClosesAt" TIMESTAMPTZ(3),
    "isDemo" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamSession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamSitePreference" (
    "applicationId" TEXT NOT NULL,
    "siteId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamSitePreference_pkey" PRIMARY KEY ("applicationId")
);

-- CreateTable
CREATE TABLE "ExamAccommodation" (
    "id" TEXT NOT NULL,
    "nik" TEXT NOT NULL,
    "extraMinutes" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamAccommodation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamAttempt" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "roomId" TEXT NOT NULL,
    "seatNumber" INTEGER NOT NULL,
    "applicationId" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "participantNumber" TEXT NOT NULL,
    "state" "ExamAttemptState" NOT NULL DEFAULT 'NOT_STARTED',
    "extraMinutes" INTEGER NOT NULL DEFAULT 0,
    "pinHash" TEXT,
    "checkedInAt" TIMESTAMPTZ(3),
    "agreedAt" TIMESTAMPTZ(3),
    "startedAt" TIMESTAMPTZ(3),
    "deadline" TIMESTAMPTZ(3),
    "pausedAt" TIMESTAMPTZ(3),
    "pausedSeconds" INTEGER NOT NULL DEFAULT 0,
    "finishedAt" TIMESTAMPTZ(3),
    "scoredAt" TIMESTAMPTZ(3),
    "scores" JSONB,
    "passed" BOOLEAN,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamAttempt_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamAttemptItem" (
    "attemptId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "itemId" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "subtest" TEXT NOT NULL,
    "optionOrder" TEXT[],

    CONSTRAINT "ExamAttemptItem_pkey" PRIMARY KEY ("attemptId","position")
);

-- CreateTable
CREATE TABLE "ExamAnswerStep" (
    "attemptId" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "optionId" TEXT,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamAnswerStep_pkey" PRIMARY KEY ("attemptId","seq")
);

-- CreateTable
CREATE TABLE "ExamPause" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ExamPause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamKeyChallenge" (
    "id" TEXT NOT NULL,
    "attemptId" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "KeyChallengeStatus" NOT NULL DEFAULT 'OPEN',
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamKeyChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExamKeyCorrection" (
    "id" TEXT NOT NULL,
    "versionId" TEXT NOT NULL,
    "voided" BOOLEAN NOT NULL DEFAULT false,
    "acceptedOptions" TEXT[],
    "reason" TEXT NOT NULL,
    "decidedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamKeyCorrection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ExamRoom_proctorUserId_idx" ON "ExamRoom"("proctorUserId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamRoom_siteId_code_key" ON "ExamRoom"("siteId", "code");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSession_code_key" ON "ExamSession"("code");

-- CreateIndex
CREATE INDEX "ExamSession_periodId_startsAt_idx" ON "ExamSession"("periodId", "startsAt");

-- CreateIndex
CREATE INDEX "ExamSession_siteId_startsAt_idx" ON "ExamSession"("siteId", "startsAt");

-- CreateIndex
CREATE INDEX "ExamSitePreference_siteId_idx" ON "ExamSitePreference"("siteId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAccommodation_nik_key" ON "ExamAccommodation"("nik");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAttempt_participantNumber_key" ON "ExamAttempt"("participantNumber");

-- CreateIndex
CREATE INDEX "ExamAttempt_applicationId_idx" ON "ExamAttempt"("applicationId");

-- CreateIndex
CREATE INDEX "ExamAttempt_state_deadline_idx" ON "ExamAttempt"("state", "deadline");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAttempt_sessionId_applicationId_key" ON "ExamAttempt"("sessionId", "applicationId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAttempt_roomId_sessionId_seatNumber_key" ON "ExamAttempt"("roomId", "sessionId", "seatNumber");

-- CreateIndex
CREATE INDEX "ExamPause_attemptId_idx" ON "ExamPause"("attemptId");

-- CreateIndex
CREATE INDEX "ExamKeyChallenge_itemId_status_idx" ON "ExamKeyChallenge"("itemId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ExamKeyChallenge_attemptId_itemId_key" ON "ExamKeyChallenge"("attemptId", "itemId");

-- CreateIndex
CREATE UNIQUE INDEX "ExamKeyCorrection_versionId_key" ON "ExamKeyCorrection"("versionId");

-- AddForeignKey
ALTER TABLE "ExamAttempt" ADD CONSTRAINT "ExamAttempt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "ExamSession"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAttempt" ADD CONSTRAINT "ExamAttempt_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "ExamRoom"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAttemptItem" ADD CONSTRAINT "ExamAttemptItem_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamAnswerStep" ADD CONSTRAINT "ExamAnswerStep_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExamPause" ADD CONSTRAINT "ExamPause_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Raw SQL extras (not expressible in the Prisma schema) ------------------------------------------

-- The sweeper's scan: only open attempts, by deadline (ADR 014).
CREATE INDEX "ExamAttempt_open_deadline_idx" ON "ExamAttempt" ("deadline") WHERE "state" = 'IN_PROGRESS';

-- Answer steps are append-only: a change is a new step, never an edit (Moodle question_attempt_step).
CREATE FUNCTION exam_answer_step_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'ExamAnswerStep rows are append-only';
END $$;
CREATE TRIGGER "ExamAnswerStep_append_only" BEFORE UPDATE ON "ExamAnswerStep"
  FOR EACH ROW EXECUTE FUNCTION exam_answer_step_append_only();
