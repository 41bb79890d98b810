-- The close at the deadline writes each attempt row once, IN_PROGRESS → SCORED (ADR 014, addendum
-- 2026-12-02). Every index gets an entry for every new row version unless the update is HOT, and
-- a state change is never HOT while an index names the state. A plain index on (state, deadline)
-- took an entry at every start and every close; the partial indexes below take one only for rows
-- in the states their sweeps look for, so a start and a close add nothing to them.
DROP INDEX "ExamAttempt_state_deadline_idx";

-- The sweeper's scoring of attempts the candidate finished (and of closes left unscored).
CREATE INDEX "ExamAttempt_unscored_idx" ON "ExamAttempt" ("finishedAt") WHERE "state" IN ('FINISHED', 'AUTO_SUBMITTED');

-- The sweeper's absent marking: attempts not started, by session.
CREATE INDEX "ExamAttempt_not_started_idx" ON "ExamAttempt" ("sessionId") WHERE "state" = 'NOT_STARTED';

-- Room on each page for its rows' next versions (check-in, start, close), so a non-HOT update
-- still writes the new version next to the old one. Applies to pages written from now on.
ALTER TABLE "ExamAttempt" SET (fillfactor = 80);
