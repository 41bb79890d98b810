-- CreateEnum
CREATE TYPE "TestKind" AS ENUM ('SKD', 'SKB_CAT', 'PPPK');

-- CreateEnum
CREATE TYPE "Attendance" AS ENUM ('PRESENT', 'ABSENT', 'DISQUALIFIED');

-- CreateTable
CREATE TABLE "TestResult" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "kind" "TestKind" NOT NULL,
    "attendance" "Attendance" NOT NULL,
    "twk" INTEGER,
    "tiu" INTEGER,
    "tkp" INTEGER,
    "technical" INTEGER,
    "managerial" INTEGER,
    "socioCultural" INTEGER,
    "interview" INTEGER,
    "total" INTEGER,
    "passed" BOOLEAN,
    "reused" BOOLEAN NOT NULL DEFAULT false,
    "attemptId" TEXT,
    "takenAt" TIMESTAMPTZ(3),
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TestResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AdditionalTestResult" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "testType" TEXT NOT NULL,
    "score" DECIMAL(5,2) NOT NULL,
    "eliminated" BOOLEAN NOT NULL DEFAULT false,
    "finalisedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AdditionalTestResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionItem" (
    "id" TEXT NOT NULL,
    "subtest" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "difficulty" INTEGER NOT NULL,
    "currentVersion" INTEGER NOT NULL DEFAULT 1,
    "isActive" BOOLEAN NOT NULL DEFAULT true,
    "source" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "QuestionItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "QuestionItemVersion" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "stem" TEXT NOT NULL,
    "options" JSONB NOT NULL,
    "key" JSONB NOT NULL,
    "contentHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QuestionItemVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "TestResult_periodId_kind_idx" ON "TestResult"("periodId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "TestResult_applicationId_kind_key" ON "TestResult"("applicationId", "kind");

-- CreateIndex
CREATE INDEX "AdditionalTestResult_periodId_idx" ON "AdditionalTestResult"("periodId");

-- CreateIndex
CREATE UNIQUE INDEX "AdditionalTestResult_applicationId_testType_key" ON "AdditionalTestResult"("applicationId", "testType");

-- CreateIndex
CREATE INDEX "QuestionItem_subtest_difficulty_isActive_idx" ON "QuestionItem"("subtest", "difficulty", "isActive");

-- CreateIndex
CREATE UNIQUE INDEX "QuestionItemVersion_itemId_version_key" ON "QuestionItemVersion"("itemId", "version");

-- AddForeignKey
ALTER TABLE "QuestionItemVersion" ADD CONSTRAINT "QuestionItemVersion_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "QuestionItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

