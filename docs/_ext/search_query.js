/*
 * splitQuery for nnguide's search, on both sites (search_phrases.py, chinese_search.py). Sphinx
 * looks each word of a query up in its index; this cuts the query into the index's own words.
 *
 * - The other names of a term (docs/terminology.toml: 感知器, "skip connection") become the name
 *   the site uses (感知机, "residual connection"), longest first, as whole words:
 *   NNGUIDE_ALTERNATIVES, written before this code by the search language, maps each (lower case)
 *   to the site's name. canonicalQuery() is that step alone; the scorer uses it too.
 * - Sphinx's own splitter keeps a Chinese query as one term, found only if jieba cut the page text
 *   the same way. Each run of Han characters is cut into the fewest words of the index's
 *   vocabulary, so 手写数字识别 searches for 手写数字 and 识别, both indexed. The index's word
 *   pairs ("手写数字 识别", with a space: they rank a phrase, search_ranking.js) are not part of
 *   the vocabulary, so a phrase is searched as its words and pages that hold them apart are found
 *   too. A character that no indexed word contains stays a term of its own.
 */
const canonicalQuery = (() => {
  const names = Object.entries(NNGUIDE_ALTERNATIVES).sort(([a], [b]) => b.length - a.length);
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  // a Latin name stands as a whole word; a Chinese one anywhere (Chinese has no spaces)
  const pattern = (name) =>
    /\p{Script=Han}/u.test(name) ? escape(name) : `(?<![\\p{L}\\p{N}])${escape(name)}(?![\\p{L}\\p{N}])`;
  const rules = names.map(([name, term]) => [new RegExp(pattern(name), "giu"), term]);
  return (query) => rules.reduce((text, [rule, term]) => text.replace(rule, term), query);
})();

var splitQuery = (() => {
  const HAN = /\p{Script=Han}/u;
  let indexed = null; // the search index the vocabulary below was read from
  let vocabulary = new Set();
  let longest = 1;

  const vocabularyOfIndex = () => {
    const index = typeof nnguideSearchIndex === "function" ? nnguideSearchIndex() : null;
    if (index !== indexed) {
      indexed = index;
      // a word some page holds (an incremental build leaves removed words with no pages)
      const held = (files) => (Array.isArray(files) ? files.length > 0 : files !== undefined);
      const words = index
        ? [index.terms, index.titleterms].flatMap((terms) =>
            Object.keys(terms).filter((word) => held(terms[word]))
          )
        : [];
      vocabulary = new Set(words.filter((word) => HAN.test(word) && !word.includes(" ")));
      longest = Math.max(1, ...[...vocabulary].map((word) => word.length));
    }
    return vocabulary;
  };

  // The fewest words that cover the run, each an indexed word or one character: fewest[end] words
  // cover run[0:end], the last of them run[from[end]:end]. Linear in the run's length (times the
  // longest word's): each position keeps a count and a back-pointer, not a copy of its words.
  const segment = (run) => {
    const words = vocabularyOfIndex();
    const fewest = new Array(run.length + 1).fill(Infinity);
    const from = new Array(run.length + 1).fill(0);
    fewest[0] = 0;
    for (let end = 1; end <= run.length; end++) {
      for (let start = Math.max(0, end - longest); start < end; start++) {
        if (end - start > 1 && !words.has(run.slice(start, end))) continue;
        if (fewest[start] + 1 < fewest[end]) {
          fewest[end] = fewest[start] + 1;
          from[end] = start;
        }
      }
    }
    const cut = [];
    for (let end = run.length; end > 0; end = from[end]) cut.push(run.slice(from[end], end));
    return cut.reverse();
  };

  return (query) =>
    canonicalQuery(query)
      .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
      .filter((token) => token)
      .flatMap((token) => token.match(/\p{Script=Han}+|\P{Script=Han}+/gu))
      .flatMap((run) => (HAN.test(run) ? segment(run) : [run]));
})();
