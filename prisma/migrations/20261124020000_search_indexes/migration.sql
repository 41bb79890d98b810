-- Indexes for the public vacancy search "Cari Formasi" (issue 10) at national scale: 250,000
-- positions, ~325,000 vacancies (domain.md §9). Index-only: no table or column changes. Each one
-- was checked with EXPLAIN ANALYZE on the `npm run bench:search` data set; see
-- app/models/vacancy-search.server.ts for the queries. Partial indexes (WHERE "isActive") cannot be
-- written in schema.prisma, hence raw SQL.

-- Results are ordered by agency, then position name: a page is read agency by agency, walking
-- this index in name order and stopping at the page's end; also the agency filter.
CREATE INDEX "Position_search_order_idx" ON "Position" ("periodId", "agencyId", "name") WHERE "isActive";

-- Counting matches joins positions found by another index (study programme, name words…) to
-- their agency: index-only, so no table page is read per position.
CREATE INDEX "Position_search_cover_idx" ON "Position" ("id") INCLUDE ("periodId", "agencyId") WHERE "isActive";

-- Education level filter (`"educationLevels" @> ARRAY['S2']`).
CREATE INDEX "Position_educationLevels_idx" ON "Position" USING gin ("educationLevels");

-- A position's active vacancies, with the columns the location / formasi type filters need,
-- index-only for counting.
CREATE INDEX "Vacancy_active_position_idx" ON "Vacancy" ("positionId", "formasiTypeCode", "location") WHERE "isActive";

-- Positions of a study programme, index-only (the existing index on the code alone needs a
-- table read per row to find the position).
CREATE INDEX "PositionStudyProgram_code_position_idx" ON "PositionStudyProgram" ("studyProgramCode", "positionId");

-- Words of the position name anywhere in it (`lower(name) LIKE '%hukum%'`): a trigram index,
-- when the server has the pg_trgm extension (the embedded PostgreSQL does; it is a "trusted"
-- extension, so a database owner may create it). Without it the search still works, by scanning.
DO $$
BEGIN
  IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') THEN
    BEGIN
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX "Position_name_trgm_idx" ON "Position" USING gin (lower("name") gin_trgm_ops);
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pg_trgm could not be created (%); position-name search will scan', SQLERRM;
    END;
  ELSE
    RAISE NOTICE 'pg_trgm is not available; position-name search will scan';
  END IF;
END
$$;
