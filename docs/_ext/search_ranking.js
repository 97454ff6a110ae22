// Search ranking for nnguide (Sphinx's html_search_scorer, set by search_ranking.py). Readers search for ideas; a chapter
// teaches them and the glossary defines them. Sphinx scores a word of a page's text 5 and a word
// of one of its headings 15; on top of that:
// - a page where the query's words stand together (the index holds each two neighbouring words
//   as a pair, search_phrases.py) gains PHRASE_BONUS for each pair of the query it holds: a phrase
//   ranks the pages that say it first, whatever else they are;
// - a chapter gains CHAPTER_BONUS, so it outranks an API page or an index page that names the word;
// - a glossary (index) entry that matches the query exactly scores 100 in Sphinx: it is scaled to
//   sit between a chapter that has the term in a heading (the chapter that teaches it: 45) and
//   chapters that only mention it in their text (35);
// - Sphinx keeps the best score of the query's words: a chapter with "units" in one heading ties
//   with the chapter headed "dead units" for the query "dead unit". A chapter gains
//   HEADING_WORD_BONUS for each word of the query in its headings;
// - a chapter whose title *starts* with the query ("感知机：…" for 感知机) is the one about it.
// The query is read as the splitter reads it (search_query.js): other names of a term become the
// site's name for it.
const PHRASE_BONUS = 60;
const CHAPTER_BONUS = 30;
const INDEX_ENTRY_WEIGHT = 0.4;
const HEADING_WORD_BONUS = 2;
const TITLE_START_BONUS = 5;

// The query's words as the index stores them (stemmed, lower case), in order; worked out once per
// query, not once for each result scored.
const queryStems = (() => {
  let last = null;
  let stems = [];
  return (query) => {
    if (query !== last) {
      const stemmer = new Stemmer();
      stems = splitQuery(query).map((word) => stemmer.stemWord(word.toLowerCase()));
      last = query;
    }
    return stems;
  };
})();

// Whether the index lists ``file`` under ``term``, in its text or in its headings.
const holds = (term, file) => {
  const index = nnguideSearchIndex();
  return [index.terms[term], index.titleterms[term]].some((files) =>
    [].concat(files ?? []).includes(file)
  );
};

var Scorer = {
  score: (result) => {
    const [docname, title, , , score, , kind] = result;
    if (kind === "index") {
      return Math.round(score * INDEX_ENTRY_WEIGHT);
    }
    const query = canonicalQuery(
      (new URLSearchParams(window.location.search).get("q") || "").trim().toLowerCase()
    );
    const stems = queryStems(query);
    const file = nnguideSearchIndex().docnames.indexOf(docname);
    const phrases = stems.slice(1).filter((word, i) => holds(`${stems[i]} ${word}`, file)).length;
    const phraseScore = score + PHRASE_BONUS * phrases;
    // NNGUIDE_CHAPTER_PAGES: "auto_examples/plot_", defined in site_facts.py (search_ranking.py)
    if (!docname.startsWith(NNGUIDE_CHAPTER_PAGES)) {
      return phraseScore;
    }
    const headingWords = stems.filter((word) =>
      [].concat(nnguideSearchIndex().titleterms[word] ?? []).includes(file)
    ).length;
    const bare = (title || "").toLowerCase().replace(/^(the|an|a)\s+/, "");
    return (
      phraseScore +
      CHAPTER_BONUS +
      HEADING_WORD_BONUS * headingWords +
      (query && bare.startsWith(query) ? TITLE_START_BONUS : 0)
    );
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2,
};
