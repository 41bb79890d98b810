-- The applicant's name stored with the prepared start (ADR 014 addendum 2026-12-02 "starts, second
-- pass"): a start then reads no Application/ApplicantIdentity rows. Null for rows prepared before
-- this column and for attempts without an applicant identity (internship students, whose account
-- name can change): their name is still looked up at the start.
ALTER TABLE "ExamPreparedStart" ADD COLUMN "candidateName" TEXT;
