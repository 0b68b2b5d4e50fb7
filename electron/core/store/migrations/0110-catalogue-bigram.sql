-- The short-query index of 0100 stored one b-tree row per (gram, document): about 1.3 million rows at
-- 50,000 matters and the slowest part of an import. An FTS5 index over each document's bigrams
-- (space-separated, so unicode61 makes every bigram one token) is built in C and stored as compact
-- doclists; a 2-character query is a token match, a 1-character query a prefix match.
DROP TABLE cat_search_gram;

CREATE VIRTUAL TABLE cat_search_bigram USING fts5 (
  grams,
  content = '', tokenize = 'unicode61 remove_diacritics 0'
);
