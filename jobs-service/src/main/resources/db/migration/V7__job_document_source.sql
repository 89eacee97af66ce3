-- The documentSource a job's document was read from when it was created (docs/aws-behaviour.md §5.21): DescribeJob
-- answers it beside the job; the document itself is in job.document as for an inline one.
ALTER TABLE job ADD COLUMN document_source TEXT;
