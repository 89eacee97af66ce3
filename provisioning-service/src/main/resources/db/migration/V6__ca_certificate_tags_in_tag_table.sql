-- RegisterCACertificate's tags are kept in the tag table under the CA's ARN, as every resource's, where
-- ListTagsForResource, TagResource and UntagResource find them (docs/aws-behaviour.md §6.2); the JSON column that held
-- them as sent is no longer read or written.
ALTER TABLE ca_certificate DROP COLUMN tags;
