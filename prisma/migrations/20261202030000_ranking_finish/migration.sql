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
ALTER TABLE "RankingEntry" ADD CONSTRAINT "RankingEntry_runId_fkey" FOREIGN KEY ("runId") REFERENCES "RankingRun"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
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
