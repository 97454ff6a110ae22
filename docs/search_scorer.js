// Search ranking for nnguide (Sphinx's html_search_scorer). Readers search for ideas, and the
// chapters are where ideas are taught, so:
// - a chapter outranks a glossary or index entry, or an API object, that merely names the word;
// - among chapters, Sphinx's own score decides (a title match beats a match in the text), and a
//   chapter whose title *starts* with the query ("感知机：…" for 感知机) is the one about it.
var Scorer = {
  score: (result) => {
    const [docname, title, , , score, , kind] = result;
    if (kind === "index") {
      return Math.min(score, 20); // an exact index entry scores 100: keep it below chapters
    }
    if (!docname.startsWith("auto_examples/plot_")) {
      return score;
    }
    const query = (new URLSearchParams(window.location.search).get("q") || "").trim().toLowerCase();
    const bare = (title || "").toLowerCase().replace(/^(the|an|a)\s+/, "");
    return score + 30 + (query && bare.startsWith(query) ? 5 : 0);
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
