-- CreateEnum
CREATE TYPE "RankingStage" AS ENUM ('SKD', 'FINAL', 'PPPK');

-- CreateEnum
CREATE TYPE "RankingRunStatus" AS ENUM ('QUEUED', 'RUNNING', 'DRAFT', 'FAILED');

-- CreateEnum
CREATE TYPE "RankingPublicationStatus" AS ENUM ('PENDING', 'PUBLISHED', 'SUPERSEDED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "FinalObjectionStatus" AS ENUM ('OPEN', 'ANSWERED');

-- CreateEnum
CREATE TYPE "ResignationStatus" AS ENUM ('REQUESTED', 'APPROVED');

-- CreateTable
CREATE TABLE "RankingRun" (
    "id" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "stage" "RankingStage" NOT NULL,
    "status" "RankingRunStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "progressStep" TEXT,
    "sourceRunId" TEXT,
    "correctsId" TEXT,
    "correctionReason" TEXT,
    "entryCount" INTEGER NOT NULL DEFAULT 0,
    "timings" JSONB,
    "error" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "RankingRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RankingEntry" (
    "runId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "vacancyId" TEXT NOT NULL,
    "positionId" TEXT NOT NULL,
    "formasiTypeCode" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "rank" INTEGER,
    "score" DECIMAL(8,3),
    "twk" INTEGER,
    "tiu" INTEGER,
    "tkp" INTEGER,
    "skdTotal" INTEGER,
    "skb100" DECIMAL(6,3),
    "technical" INTEGER,
    "managerialSocio" INTEGER,
    "interview" INTEGER,
    "priorityGroup" TEXT,
    "gpa" DECIMAL(4,2),
    "birthDate" DATE,
    "session" TEXT,
    "assignedVacancyId" TEXT,

    CONSTRAINT "RankingEntry_pkey" PRIMARY KEY ("runId","applicationId")
);

-- CreateTable
CREATE TABLE "RankingPublication" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "periodId" TEXT NOT NULL,
    "stage" "RankingStage" NOT NULL,
    "version" INTEGER NOT NULL,
    "status" "RankingPublicationStatus" NOT NULL DEFAULT 'PENDING',
    "reason" TEXT,
    "preparedById" TEXT NOT NULL,
    "preparedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedById" TEXT,
    "publishedAt" TIMESTAMPTZ(3),
    "contentHash" TEXT,
    "lineCount" INTEGER NOT NULL DEFAULT 0,
    "supersededById" TEXT,
    "supersededAt" TIMESTAMPTZ(3),
    "notifiedCount" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RankingPublication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinalObjection" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "status" "FinalObjectionStatus" NOT NULL DEFAULT 'OPEN',
    "answer" TEXT,
    "answeredById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "answeredAt" TIMESTAMPTZ(3),

    CONSTRAINT "FinalObjection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Resignation" (
    "id" TEXT NOT NULL,
    "publicationId" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "afterNip" BOOLEAN NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "ResignationStatus" NOT NULL DEFAULT 'REQUESTED',
    "recordedById" TEXT NOT NULL,
    "approvedById" TEXT,
    "replacementApplicationId" TEXT,
    "bannedUntilYear" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "approvedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Resignation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PppkPriority" (
    "applicationId" TEXT NOT NULL,
    "exThk2" BOOLEAN NOT NULL DEFAULT false,
    "nonAsnYears" INTEGER,
    "nonAsnAgencyId" TEXT,
    "teacherPriority" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL,
    "importedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PppkPriority_pkey" PRIMARY KEY ("applicationId")
);

-- CreateIndex
CREATE INDEX "RankingRun_periodId_stage_createdAt_idx" ON "RankingRun"("periodId", "stage", "createdAt");

-- CreateIndex
CREATE INDEX "RankingEntry_runId_positionId_idx" ON "RankingEntry"("runId", "positionId");

-- CreateIndex
CREATE INDEX "RankingPublication_status_idx" ON "RankingPublication"("status");

-- CreateIndex
CREATE UNIQUE INDEX "RankingPublication_periodId_stage_version_key" ON "RankingPublication"("periodId", "stage", "version");

-- CreateIndex
CREATE UNIQUE INDEX "FinalObjection_publicationId_applicationId_key" ON "FinalObjection"("publicationId", "applicationId");

-- CreateIndex
CREATE INDEX "Resignation_replacementApplicationId_idx" ON "Resignation"("replacementApplicationId");

-- CreateIndex
CREATE UNIQUE INDEX "Resignation_publicationId_applicationId_key" ON "Resignation"("publicationId", "applicationId");

-- AddForeignKey
ALTER TABLE "RankingEntry" ADD CONSTRAINT "RankingEntry_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RankingRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RankingPublication" ADD CONSTRAINT "RankingPublication_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RankingRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ───── Raw SQL extras (ranking) ─────
-- A published list is immutable: entries of a run that has (or had) a published version can no
-- longer change, and a publication's content fields cannot change once published.
CREATE FUNCTION ranking_entry_immutable() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM "RankingPublication" p
             WHERE p."runId" = OLD."runId" AND p.status IN ('PUBLISHED', 'SUPERSEDED')) THEN
    RAISE EXCEPTION 'ranking entries of a published list cannot be changed (run %)', OLD."runId"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER ranking_entry_immutable BEFORE UPDATE OR DELETE ON "RankingEntry"
  FOR EACH ROW EXECUTE FUNCTION ranking_entry_immutable();

CREATE FUNCTION ranking_publication_immutable() RETURNS trigger AS $$
BEGIN
  IF OLD.status IN ('PUBLISHED', 'SUPERSEDED') AND (
       NEW."runId" IS DISTINCT FROM OLD."runId" OR NEW."contentHash" IS DISTINCT FROM OLD."contentHash"
       OR NEW."publishedAt" IS DISTINCT FROM OLD."publishedAt" OR NEW."approvedById" IS DISTINCT FROM OLD."approvedById"
       OR NEW.version IS DISTINCT FROM OLD.version OR NEW."lineCount" IS DISTINCT FROM OLD."lineCount"
       OR (OLD.status = 'SUPERSEDED' AND NEW.status <> 'SUPERSEDED')) THEN
    RAISE EXCEPTION 'a published ranking list cannot be changed (publication %)', OLD.id
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER ranking_publication_immutable BEFORE UPDATE ON "RankingPublication"
  FOR EACH ROW EXECUTE FUNCTION ranking_publication_immutable();
CREATE TRIGGER ranking_publication_no_delete BEFORE DELETE ON "RankingPublication"
  FOR EACH ROW WHEN (OLD.status IN ('PUBLISHED', 'SUPERSEDED')) EXECUTE FUNCTION ranking_publication_immutable();

-- At most one publication per period and stage waits for approval or is in force.
CREATE UNIQUE INDEX "RankingPublication_one_pending" ON "RankingPublication" ("periodId", stage) WHERE status = 'PENDING';
CREATE UNIQUE INDEX "RankingPublication_one_published" ON "RankingPublication" ("periodId", stage) WHERE status = 'PUBLISHED';
