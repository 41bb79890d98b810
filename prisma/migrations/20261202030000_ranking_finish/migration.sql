-- Issue 8, finishing ranking (ADR 017, ADR 012).

-- ───── RankingEntry becomes a table partitioned by run ─────
-- A run builds its rows in its own table (several connections at once, indexes after the bulk
-- load) and attaches it as its partition at the end, in one audited transaction. The rows of
-- existing runs move into one partition per run.
ALTER TABLE "RankingEntry" DROP CONSTRAINT "RankingEntry_runId_fkey";
DROP TRIGGER ranking_entry_immutable ON "RankingEntry";
ALTER TABLE "RankingEntry" RENAME TO "RankingEntry_legacy";
ALTER TABLE "RankingEntry_legacy" RENAME CONSTRAINT "RankingEntry_pkey" TO "RankingEntry_legacy_pkey";
ALTER INDEX "RankingEntry_runId_positionId_idx" RENAME TO "RankingEntry_legacy_runId_positionId_idx";

CREATE TABLE "RankingEntry" (LIKE "RankingEntry_legacy" INCLUDING DEFAULTS) PARTITION BY LIST ("runId");
ALTER TABLE "RankingEntry" ADD CONSTRAINT "RankingEntry_pkey" PRIMARY KEY ("runId", "applicationId");
CREATE INDEX "RankingEntry_runId_positionId_idx" ON "RankingEntry"("runId", "positionId");
-- No foreign key to RankingRun: a run's partition is created by the run for itself and pinned to
-- it by a CHECK; a key would be validated on ATTACH by a scan of the whole list (17 s of a
-- national SKD run in the bench).
-- A row trigger on the partitioned table is cloned onto every partition, present and attached later.
CREATE TRIGGER ranking_entry_immutable BEFORE UPDATE OR DELETE ON "RankingEntry"
  FOR EACH ROW EXECUTE FUNCTION ranking_entry_immutable();

DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT DISTINCT "runId" FROM "RankingEntry_legacy" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "RankingEntry" FOR VALUES IN (%L)', 'RankingEntry_' || r."runId", r."runId");
  END LOOP;
END $$;
INSERT INTO "RankingEntry" SELECT * FROM "RankingEntry_legacy";
DROP TABLE "RankingEntry_legacy";

-- ───── One objection mechanism (ADR 012, ADR 017) ─────
-- The administrative sanggah and the final-result objection are one table with a stage; "once"
-- is per application and stage; every filing and decision is also an ObjectionEvent.
CREATE TYPE "ObjectionStage" AS ENUM ('ADMINISTRATION', 'FINAL_RESULT');
-- A value added by ALTER TYPE cannot be used in the same transaction: the type is rebuilt instead.
ALTER TYPE "ObjectionStatus" RENAME TO "ObjectionStatus_old";
CREATE TYPE "ObjectionStatus" AS ENUM ('PENDING', 'ACCEPTED', 'REJECTED', 'ANSWERED');
ALTER TABLE "Objection" ALTER COLUMN "status" DROP DEFAULT;
ALTER TABLE "Objection" ALTER COLUMN "status" TYPE "ObjectionStatus" USING "status"::text::"ObjectionStatus";
ALTER TABLE "Objection" ALTER COLUMN "status" SET DEFAULT 'PENDING';
DROP TYPE "ObjectionStatus_old";

ALTER TABLE "Objection" ADD COLUMN "stage" "ObjectionStage" NOT NULL DEFAULT 'ADMINISTRATION';
ALTER TABLE "Objection" ADD COLUMN "publicationId" TEXT;
ALTER TABLE "Objection" ALTER COLUMN "announcementId" DROP NOT NULL;
DROP INDEX "Objection_applicationId_key";
CREATE UNIQUE INDEX "Objection_applicationId_stage_key" ON "Objection"("applicationId", "stage");
CREATE INDEX "Objection_publicationId_idx" ON "Objection"("publicationId");
-- What is objected to matches the stage.
ALTER TABLE "Objection" ADD CONSTRAINT "Objection_subject_check" CHECK (
  (stage = 'ADMINISTRATION' AND "announcementId" IS NOT NULL) OR (stage = 'FINAL_RESULT' AND "publicationId" IS NOT NULL));

CREATE TABLE "ObjectionEvent" (
    "id" TEXT NOT NULL,
    "objectionId" TEXT NOT NULL,
    "status" "ObjectionStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "actorId" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "ObjectionEvent_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "ObjectionEvent_objectionId_at_idx" ON "ObjectionEvent"("objectionId", "at");
ALTER TABLE "ObjectionEvent" ADD CONSTRAINT "ObjectionEvent_objectionId_fkey" FOREIGN KEY ("objectionId") REFERENCES "Objection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Final-result objections move in. "Once per stage": of two objections of one application to
-- two versions of a list (possible before), the first is kept.
INSERT INTO "Objection" ("id", "applicationId", "stage", "publicationId", "agencyId", "positionId", "reason", "submittedAt",
  "status", "decidedById", "decidedAt", "decisionReason")
SELECT DISTINCT ON (f."applicationId") f."id", f."applicationId", 'FINAL_RESULT', f."publicationId", p."agencyId", p."id", f."text", f."createdAt",
  (CASE f."status" WHEN 'ANSWERED' THEN 'ANSWERED' ELSE 'PENDING' END)::"ObjectionStatus", f."answeredById", f."answeredAt", f."answer"
FROM "FinalObjection" f
JOIN "Application" a ON a."id" = f."applicationId"
JOIN "Vacancy" v ON v."id" = a."vacancyId"
JOIN "Position" p ON p."id" = v."positionId"
ORDER BY f."applicationId", f."createdAt";
DROP TABLE "FinalObjection";
DROP TYPE "FinalObjectionStatus";

-- The history of the objections that exist: their filing and, when decided, the decision.
INSERT INTO "ObjectionEvent" ("id", "objectionId", "status", "reason", "actorId", "at")
SELECT 'ev-filed-' || o."id", o."id", 'PENDING', o."reason", a."userId", o."submittedAt"
FROM "Objection" o JOIN "Application" a ON a."id" = o."applicationId";
INSERT INTO "ObjectionEvent" ("id", "objectionId", "status", "reason", "actorId", "at")
SELECT 'ev-decided-' || o."id", o."id", o."status", COALESCE(o."decisionReason", ''), o."decidedById", o."decidedAt"
FROM "Objection" o WHERE o."status" <> 'PENDING' AND o."decidedAt" IS NOT NULL;

-- ───── Normalisation as a run option (ADR 017) ─────
CREATE TYPE "RankingNormalisation" AS ENUM ('NONE', 'EQUIPERCENTILE');
ALTER TABLE "RankingRun" ADD COLUMN "normalisation" "RankingNormalisation" NOT NULL DEFAULT 'NONE';
ALTER TABLE "RankingRun" ADD COLUMN "normalisationChosenById" TEXT;
ALTER TABLE "RankingRun" ADD COLUMN "normalisationChosenAt" TIMESTAMPTZ(3);
