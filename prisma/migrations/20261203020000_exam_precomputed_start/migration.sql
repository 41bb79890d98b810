-- Issue 6 speed (ADR 014 addendum 2026-12-01 night): the start answer and the item bundle are
-- prepared when the attempts are drawn, so a start is a state flip plus precomputed bytes.

-- CreateTable
CREATE TABLE "ExamPreparedStart" (
    "attemptId" TEXT NOT NULL,
    "bundleHash" TEXT NOT NULL,
    "items" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamPreparedStart_pkey" PRIMARY KEY ("attemptId")
);

-- CreateTable
CREATE TABLE "ExamBundle" (
    "hash" TEXT NOT NULL,
    "gzip" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ExamBundle_pkey" PRIMARY KEY ("hash")
);

-- AddForeignKey
ALTER TABLE "ExamPreparedStart" ADD CONSTRAINT "ExamPreparedStart_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "ExamAttempt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Already gzipped: PostgreSQL's own compression of the TOASTed value would only cost CPU.
ALTER TABLE "ExamBundle" ALTER COLUMN "gzip" SET STORAGE EXTERNAL;
