-- The hourly storage cleanup deletes every ExamBundle no prepared start names any more; without an
-- index its NOT EXISTS read every prepared start per batch. The index is written only when starts
-- are prepared (before a session), never on the exam's hot path.
CREATE INDEX "ExamPreparedStart_bundleHash_idx" ON "ExamPreparedStart"("bundleHash");
