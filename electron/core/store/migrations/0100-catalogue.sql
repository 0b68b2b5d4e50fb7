-- The matter catalogue (政务服务事项 and 一件事 bundles). Everything here except cat_usage is replaced
-- wholesale by a signed catalogue package inside one transaction, so readers never see half a
-- catalogue. Codes (基本编码, 实施编码, 业务办理项编码) are opaque TEXT with no length limit because
-- provinces use composite codes far longer than GB/T 39046 allows.

-- Which package is being served: one row, written in the same transaction as the data.
CREATE TABLE cat_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('full', 'delta')),
  province TEXT NOT NULL,
  profile TEXT NOT NULL CHECK (profile IN ('sm2', 'ed25519')),
  key_id TEXT NOT NULL,
  digest TEXT NOT NULL,
  created_at TEXT NOT NULL,
  imported_at TEXT NOT NULL
) STRICT;

-- Every import attempt, accepted or not, with the reason a technician reads in `kioskctl catalogue info`.
CREATE TABLE cat_import_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  version INTEGER,
  outcome TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected')),
  reason TEXT NOT NULL,
  detail TEXT NOT NULL
) STRICT;

-- 行政区划 (GB/T 2260 codes); the address picker of the flows walks parent → children.
CREATE TABLE cat_region (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  parent_code TEXT REFERENCES cat_region (code),
  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 5)
) STRICT;
CREATE INDEX cat_region_parent ON cat_region (parent_code, code);

CREATE TABLE cat_department (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  short_name TEXT NOT NULL,
  credit_code TEXT NOT NULL,
  region_code TEXT REFERENCES cat_region (code),
  sort INTEGER NOT NULL
) STRICT;

-- 服务主题: life events for 个人, enterprise life stages for 法人.
CREATE TABLE cat_theme (
  code TEXT PRIMARY KEY,
  audience TEXT NOT NULL CHECK (audience IN ('personal', 'legal')),
  name TEXT NOT NULL,
  sort INTEGER NOT NULL
) STRICT;
CREATE INDEX cat_theme_audience ON cat_theme (audience, sort);

CREATE TABLE cat_matter (
  id TEXT PRIMARY KEY,
  basic_code TEXT NOT NULL,
  impl_code TEXT NOT NULL,
  item_code TEXT,
  name TEXT NOT NULL,
  type_code TEXT NOT NULL,
  level_code TEXT NOT NULL,
  department_code TEXT NOT NULL REFERENCES cat_department (code),
  body_name TEXT NOT NULL,
  body_credit_code TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('personal', 'legal', 'both')),
  service_objects TEXT NOT NULL,
  legal_limit INTEGER,
  legal_limit_unit TEXT CHECK (legal_limit_unit IN ('instant', 'workday', 'day', 'month')),
  promised_limit INTEGER,
  promised_limit_unit TEXT CHECK (promised_limit_unit IN ('instant', 'workday', 'day', 'month')),
  limit_note TEXT,
  fee_charged INTEGER NOT NULL CHECK (fee_charged IN (0, 1)),
  fee_note TEXT,
  visits INTEGER NOT NULL CHECK (visits >= 0),
  visits_reason TEXT,
  online INTEGER NOT NULL CHECK (online IN (0, 1)),
  commitment INTEGER NOT NULL CHECK (commitment IN (0, 1)),
  deferral_allowed INTEGER NOT NULL CHECK (deferral_allowed IN (0, 1)),
  face_check INTEGER NOT NULL CHECK (face_check IN (0, 1)),
  offline_capable INTEGER NOT NULL CHECK (offline_capable IN (0, 1)),
  result_name TEXT,
  basis TEXT,
  conditions TEXT NOT NULL,
  process TEXT NOT NULL,
  faq TEXT NOT NULL,
  place TEXT,
  phone TEXT,
  aliases TEXT NOT NULL,
  age_min INTEGER,
  age_max INTEGER,
  popularity INTEGER NOT NULL DEFAULT 0,
  extensions TEXT NOT NULL
) STRICT;
CREATE INDEX cat_matter_department ON cat_matter (department_code, popularity DESC);
CREATE INDEX cat_matter_audience ON cat_matter (audience, popularity DESC);
CREATE INDEX cat_matter_impl_code ON cat_matter (impl_code);

CREATE TABLE cat_matter_theme (
  theme_code TEXT NOT NULL REFERENCES cat_theme (code),
  matter_id TEXT NOT NULL REFERENCES cat_matter (id) ON DELETE CASCADE,
  PRIMARY KEY (theme_code, matter_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX cat_matter_theme_matter ON cat_matter_theme (matter_id);

-- material_key names the same paper across matters (e.g. the parents' 身份证), so a bundle can merge.
CREATE TABLE cat_material (
  matter_id TEXT NOT NULL REFERENCES cat_matter (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  material_key TEXT NOT NULL,
  name TEXT NOT NULL,
  source TEXT,
  originals INTEGER NOT NULL CHECK (originals BETWEEN 0 AND 99),
  copies INTEGER NOT NULL CHECK (copies BETWEEN 0 AND 99),
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  medium TEXT NOT NULL CHECK (medium IN ('paper', 'electronic', 'either')),
  elicence TEXT,
  may_defer INTEGER NOT NULL CHECK (may_defer IN (0, 1)),
  note TEXT,
  PRIMARY KEY (matter_id, seq)
) STRICT, WITHOUT ROWID;
CREATE INDEX cat_material_key ON cat_material (material_key);

-- The data dictionary: one key per piece of data, shared by every form that asks for it.
CREATE TABLE cat_dict_field (
  key TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  type TEXT NOT NULL,
  personal INTEGER NOT NULL CHECK (personal IN (0, 1)),
  schema TEXT NOT NULL
) STRICT;

CREATE TABLE cat_form (
  matter_id TEXT PRIMARY KEY REFERENCES cat_matter (id) ON DELETE CASCADE,
  schema TEXT NOT NULL,
  layout TEXT NOT NULL
) STRICT;

CREATE TABLE cat_form_field (
  matter_id TEXT NOT NULL REFERENCES cat_matter (id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  field_key TEXT NOT NULL REFERENCES cat_dict_field (key),
  required INTEGER NOT NULL CHECK (required IN (0, 1)),
  PRIMARY KEY (matter_id, field_key)
) STRICT, WITHOUT ROWID;

CREATE TABLE cat_bundle (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('personal', 'legal', 'both')),
  theme_code TEXT REFERENCES cat_theme (code),
  intro TEXT NOT NULL,
  aliases TEXT NOT NULL,
  age_min INTEGER,
  age_max INTEGER,
  popularity INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE cat_bundle_member (
  bundle_id TEXT NOT NULL REFERENCES cat_bundle (id) ON DELETE CASCADE,
  matter_id TEXT NOT NULL REFERENCES cat_matter (id),
  seq INTEGER NOT NULL,
  optional INTEGER NOT NULL CHECK (optional IN (0, 1)),
  PRIMARY KEY (bundle_id, matter_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX cat_bundle_member_matter ON cat_bundle_member (matter_id);

-- Province mapping layer: internal enum value → the province's code (e.g. 即办件/承诺件, 证件类型).
CREATE TABLE cat_mapping (
  province TEXT NOT NULL,
  domain TEXT NOT NULL,
  internal TEXT NOT NULL,
  external TEXT NOT NULL,
  PRIMARY KEY (province, domain, internal)
) STRICT, WITHOUT ROWID;

-- Everyday words residents type or say → the catalogue's own words (生孩子 → 新生儿出生).
CREATE TABLE cat_synonym (
  term TEXT NOT NULL,
  expansion TEXT NOT NULL,
  PRIMARY KEY (term, expansion)
) STRICT, WITHOUT ROWID;

-- One search document per matter and bundle. Rowids are assigned in rank order (bundles, then by
-- popularity), so "first N hits in rowid order" already is "best N by popularity" and the hot
-- queries stop early instead of ranking every hit.
CREATE TABLE cat_search_doc (
  rowid INTEGER PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('matter', 'bundle')),
  ref_id TEXT NOT NULL,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL,
  body TEXT NOT NULL,
  pinyin TEXT NOT NULL,
  initials TEXT NOT NULL,
  popularity INTEGER NOT NULL
) STRICT;
CREATE UNIQUE INDEX cat_search_doc_ref ON cat_search_doc (kind, ref_id);

-- Trigram FTS for queries of 3+ characters (Chinese substrings and pinyin spellings).
CREATE VIRTUAL TABLE cat_search_fts USING fts5 (
  name, aliases, body, pinyin, initials,
  content = 'cat_search_doc', content_rowid = 'rowid', tokenize = 'trigram'
);

-- 1- and 2-character grams of names, aliases and initials: trigram FTS cannot answer 户口 or 社保.
CREATE TABLE cat_search_gram (
  gram TEXT NOT NULL,
  doc INTEGER NOT NULL,
  PRIMARY KEY (gram, doc)
) STRICT, WITHOUT ROWID;

-- 高频: how often residents opened a matter or bundle on this kiosk. Kept across catalogue updates.
CREATE TABLE cat_usage (
  kind TEXT NOT NULL CHECK (kind IN ('matter', 'bundle')),
  ref_id TEXT NOT NULL,
  count INTEGER NOT NULL,
  last_at TEXT NOT NULL,
  PRIMARY KEY (kind, ref_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX cat_usage_count ON cat_usage (count DESC);
