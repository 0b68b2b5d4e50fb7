-- 办件查询 by a receipt's QR shows who applied only masked (张*, 330106********1234), as printed
-- on the receipt itself; kept here so the lookup needs no key and opens no sealed payload.
ALTER TABLE flow_receipt ADD COLUMN applicant_masked TEXT NOT NULL DEFAULT '';
ALTER TABLE flow_receipt ADD COLUMN id_masked TEXT NOT NULL DEFAULT '';
