import type Database from 'better-sqlite3';
import type { CatalogueHit } from '../../contract/catalogue.ts';
import { HOT_SQL } from './catalogue-queries.ts';
import { charLength, ftsPhrase, hasHan, normalize } from './search-text.ts';

/**
 * Search the way residents type and speak: Chinese substrings (trigram FTS for 3+ characters, the
 * short-gram index for 1-2), pinyin full spelling and initials, everyday synonyms. Candidates come
 * from the indexes in rank (rowid) order and are scored here by match quality and popularity.
 */

/** How many index hits per variant are scored; rowid order makes these the most popular ones. */
const CANDIDATES = 60;
const MAX_VARIANTS = 6;

type MatchedBy = CatalogueHit['matchedBy'];

interface Doc {
  rowid: number;
  kind: 'matter' | 'bundle';
  refId: string;
  name: string;
  aliases: string;
  body: string;
  pinyin: string;
  initials: string;
  popularity: number;
  uses: number;
}

interface Variant {
  text: string;
  synonym: boolean;
}

export interface ScoredDoc {
  rowid: number;
  kind: 'matter' | 'bundle';
  refId: string;
  score: number;
  matchedBy: MatchedBy;
}

export interface SearchOutcome {
  query: string;
  expanded: string[];
  docs: ScoredDoc[];
}

const PINYIN = /^[a-z]+$/;

function quality(doc: Doc, v: string): { q: number; by: MatchedBy } | null {
  // Documents are stored normalised (catalogue-write.ts), so no per-candidate normalisation here.
  const name = doc.name;
  if (name === v) return { q: 100, by: 'name' };
  if (name.startsWith(v)) return { q: 90, by: 'name' };
  if (name.includes(v)) return { q: 80, by: 'name' };
  const aliases = doc.aliases.split(' ');
  if (aliases.includes(v)) return { q: 85, by: 'alias' };
  if (aliases.some((a) => a.includes(v))) return { q: 70, by: 'alias' };
  if (PINYIN.test(v)) {
    const py = doc.pinyin.split(' ');
    if (py[0]?.startsWith(v)) return { q: 65, by: 'pinyin' };
    if (py.some((p) => p.includes(v))) return { q: 55, by: 'pinyin' };
    const ini = doc.initials.split(' ');
    if (ini.some((p) => p === v)) return { q: 60, by: 'initials' };
    if (ini.some((p) => p.includes(v))) return { q: 50, by: 'initials' };
  }
  if (doc.body.includes(v)) return { q: 30, by: 'body' };
  return null;
}

export class CatalogueSearcher {
  private readonly fts: Database.Statement;
  private readonly gram: Database.Statement;
  private readonly docs: Database.Statement;
  private readonly synonymsStmt: Database.Statement;
  private synonyms: { term: string; expansion: string }[] | null = null;

  constructor(db: Database.Database) {
    this.fts = db.prepare(HOT_SQL.ftsMatch).pluck();
    this.gram = db.prepare(HOT_SQL.bigramMatch).pluck();
    this.docs = db.prepare(HOT_SQL.docsByRowid);
    this.synonymsStmt = db.prepare('SELECT term, expansion FROM cat_synonym ORDER BY length(term) DESC');
  }

  /** Call after an import: synonyms are cached because every keystroke searches. */
  invalidate(): void {
    this.synonyms = null;
  }

  private variants(q: string): Variant[] {
    this.synonyms ??= this.synonymsStmt.all() as { term: string; expansion: string }[];
    const out: Variant[] = [{ text: q, synonym: false }];
    for (const s of this.synonyms) {
      if (out.length >= MAX_VARIANTS) break;
      if (!q.includes(s.term)) continue;
      const text = normalize(q.replace(s.term, s.expansion));
      if (text && !out.some((v) => v.text === text)) out.push({ text, synonym: true });
    }
    return out;
  }

  private candidates(v: string): number[] {
    const len = charLength(v);
    const pinyin = !hasHan(v) && PINYIN.test(v);
    if (len >= 3) {
      const cols = pinyin ? '{pinyin initials}' : '{name aliases body}';
      return this.fts.all(`${cols}: ${ftsPhrase(v)}`, CANDIDATES) as number[];
    }
    return this.gram.all(len === 1 ? `${ftsPhrase(v)}*` : ftsPhrase(v), CANDIDATES) as number[];
  }

  search(query: string, limit = 20): SearchOutcome {
    const tokens = query.split(/\s+/).map(normalize).filter(Boolean);
    if (tokens.length === 0) return { query, expanded: [], docs: [] };
    // The longest token finds candidates; the others must also appear somewhere in the document.
    const primary = [...tokens].sort((a, b) => charLength(b) - charLength(a))[0]!;
    const others = tokens.filter((t) => t !== primary);
    const variants = this.variants(primary);
    const rowids = new Set<number>();
    for (const v of variants) for (const r of this.candidates(v.text)) rowids.add(r);
    if (rowids.size === 0) return { query, expanded: variants.slice(1).map((v) => v.text), docs: [] };

    const docs = this.docs.all(JSON.stringify([...rowids])) as Doc[];
    const scored: ScoredDoc[] = [];
    for (const doc of docs) {
      let best: { q: number; by: MatchedBy } | null = null;
      for (const v of variants) {
        const m = quality(doc, v.text);
        if (!m) continue;
        const q = v.synonym ? m.q - 8 : m.q;
        if (!best || q > best.q) best = { q, by: v.synonym ? 'synonym' : m.by };
      }
      if (!best) continue;
      if (others.length) {
        const hay = `${doc.name} ${doc.aliases} ${doc.body} ${doc.pinyin} ${doc.initials}`;
        if (!others.every((t) => hay.includes(t))) continue;
      }
      // Popularity (platform) and local use (高频) nudge, never outrank a better kind of match.
      const pop = Math.log10(1 + doc.popularity + 20 * doc.uses) * 2;
      scored.push({
        rowid: doc.rowid,
        kind: doc.kind,
        refId: doc.refId,
        score: Math.round((best.q + pop) * 100) / 100,
        matchedBy: best.by,
      });
    }
    // Bundles first, but only real name/alias/pinyin matches: a bundle whose intro merely mentions
    // the word must not push the matter the resident named down the list.
    const group = (d: ScoredDoc): number => (d.kind === 'bundle' && d.score >= 50 ? 0 : 1);
    scored.sort((a, b) => group(a) - group(b) || b.score - a.score || a.rowid - b.rowid);
    return { query, expanded: variants.slice(1).map((v) => v.text), docs: scored.slice(0, limit) };
  }
}
