-- The certificate the requesting connection authenticated with (its claim certificate), so that the certificates one
-- claim made in the last minute can be counted: $aws/certificates/create and create-from-csr are rate-limited per claim
-- certificate (docs/aws-behaviour.md §6.10). NULL for a request that named no certificate.
ALTER TABLE device_certificate_request ADD COLUMN claim_certificate_id TEXT;
CREATE INDEX device_certificate_request_claim ON device_certificate_request (claim_certificate_id, created_at);
