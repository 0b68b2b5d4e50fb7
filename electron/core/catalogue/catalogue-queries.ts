/**
 * The hot queries of search and browse, in one place so the EXPLAIN QUERY PLAN test checks exactly
 * the SQL the kiosk runs.
 */
export const HOT_SQL = {
  /** 3+ characters: trigram FTS, first N hits in rowid (= rank) order. */
  ftsMatch: `SELECT rowid FROM cat_search_fts WHERE cat_search_fts MATCH ? ORDER BY rowid LIMIT ?`,
  /** 1-2 characters: the bigram FTS ("户口" as a token, "户"* as a prefix), in rowid (= rank) order. */
  bigramMatch: `SELECT rowid FROM cat_search_bigram WHERE cat_search_bigram MATCH ? ORDER BY rowid LIMIT ?`,
  /**
   * Candidate documents with display facts and local 高频 counts. CROSS JOIN pins the loop order:
   * without it the planner scanned every document and probed the candidate list (caught by the plan test).
   */
  docsByRowid: `SELECT d.rowid, d.kind, d.ref_id AS refId, d.name, d.aliases, d.body, d.pinyin, d.initials,
      d.popularity, coalesce(u.count, 0) AS uses
    FROM json_each(?) AS j
    CROSS JOIN cat_search_doc d ON d.rowid = j.value
    LEFT JOIN cat_usage u ON u.kind = d.kind AND u.ref_id = d.ref_id`,
  mattersByTheme: `SELECT m.id FROM cat_matter_theme t JOIN cat_matter m ON m.id = t.matter_id
    WHERE t.theme_code = ? ORDER BY m.popularity DESC LIMIT ?`,
  mattersByDepartment: `SELECT id FROM cat_matter WHERE department_code = ? ORDER BY popularity DESC LIMIT ?`,
  mattersByAudience: `SELECT id FROM cat_matter WHERE audience = ? ORDER BY popularity DESC LIMIT ?`,
  frequent: `SELECT kind, ref_id AS refId, count FROM cat_usage ORDER BY count DESC LIMIT ?`,
  materialsOfMatter: `SELECT material_key AS key, name, source, originals, copies, required, medium, elicence,
      may_defer AS "deferrable", note FROM cat_material WHERE matter_id = ? ORDER BY seq`,
  membersOfBundle: `SELECT matter_id AS id, optional FROM cat_bundle_member WHERE bundle_id = ? ORDER BY seq`,
  bundlesOfMatter: `SELECT b.id, b.name FROM cat_bundle_member bm JOIN cat_bundle b ON b.id = bm.bundle_id
    WHERE bm.matter_id = ?`,
  regionChildren: `SELECT code, name, level FROM cat_region WHERE parent_code = ? ORDER BY code`,
} as const;
