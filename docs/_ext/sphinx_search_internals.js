// nnguide's uses of Sphinx's search internals (searchtools.js, Sphinx 8.2), where Sphinx offers no
// public setting. Appended to the scorer (search_ranking.py), so it runs on the search page after
// searchtools.js has defined Search and before the index arrives. Each use checks that the method
// it wraps exists and otherwise leaves Sphinx's behaviour alone, saying so in the console.
//
// 1. Search.performTermsSearch returns only the pages that hold *every* word of a query. When no
//    page does, it is asked again for each word alone, and the pages that hold the most of the
//    words are returned (best score first), instead of nothing.
// 2. Search._index, the loaded search index (no accessor): nnguideSearchIndex() gives it to the
//    splitter (search_query.js) and the scorer (search_ranking.js), or null before it arrives.
// 3. Search.htmlToText reads a result's page for its summary; the page holds its mathematics as
//    LaTeX source (\(\mathbf{w} \leftarrow …\)). Each formula is given as text (w ← …) first,
//    and the result's anchor is escaped for the CSS selector Sphinx makes of it (API objects' ids
//    hold dots).
var nnguideSearchIndex = () => (typeof Search === "object" ? Search._index ?? null : null);

(() => {
  const wrap = (name, makeWrapper) => {
    if (typeof Search !== "object" || typeof Search[name] !== "function") {
      console.warn(`nnguide: Sphinx's Search.${name} is gone; its nnguide adaptation is off.`);
      return;
    }
    Search[name] = makeWrapper(Search[name]);
  };

  wrap("performTermsSearch", (performTermsSearch) => (searchTerms, excludedTerms) => {
    const results = performTermsSearch(searchTerms, excludedTerms);
    if (results.length > 0 || searchTerms.size < 2) return results;
    const byPage = new Map(); // docname -> [result with the best score, how many words it holds]
    for (const term of searchTerms) {
      for (const result of performTermsSearch(new Set([term]), excludedTerms)) {
        const [best, count] = byPage.get(result[0]) ?? [result, 0];
        byPage.set(result[0], [result[4] > best[4] ? result : best, count + 1]);
      }
    }
    const most = Math.max(0, ...[...byPage.values()].map(([, count]) => count));
    return [...byPage.values()].filter(([, count]) => count === most).map(([result]) => result);
  });

  // LaTeX as a reader would type it: commands as their symbols, groupings and spacing dropped
  const SYMBOLS = {
    leftarrow: "←", rightarrow: "→", to: "→", cdot: "·", times: "×", eta: "η", theta: "θ",
    sigma: "σ", partial: "∂", sum: "Σ", prod: "Π", nabla: "∇", approx: "≈", le: "≤", leq: "≤",
    ge: "≥", geq: "≥", neq: "≠", ne: "≠", in: "∈", infty: "∞", ldots: "…", dots: "…", cdots: "⋯",
    alpha: "α", beta: "β", gamma: "γ", delta: "δ", epsilon: "ε", lambda: "λ", mu: "μ", pi: "π",
    odot: "⊙", top: "⊤", mid: "|", lVert: "‖", rVert: "‖", Vert: "‖", sqrt: "√", log: "log",
    exp: "exp", max: "max", min: "min", tanh: "tanh", quad: " ", qquad: " ",
  };
  const mathAsText = (tex) =>
    tex
      .replace(/^\\[(\[]|\\[)\]]$/g, "")
      .replace(/\\(hat|bar|tilde)\s*\{?([A-Za-z])\}?/g, (_, accent, letter) =>
        letter + { hat: "\u0302", bar: "\u0304", tilde: "\u0303" }[accent])
      .replace(/\\frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}/g, "$1/$2")
      .replace(/\\(mathbf|mathrm|mathit|text|operatorname|boldsymbol)\s*\{([^{}]*)\}/g, "$2")
      .replace(/\\(left|right)(?![A-Za-z])/g, "")
      .replace(/\\([A-Za-z]+)/g, (whole, name) => SYMBOLS[name] ?? name)
      .replace(/\\[,;:! ]/g, " ")
      .replace(/[{}]/g, "")
      .replace(/\s+/g, " ")
      .trim()
      .normalize("NFC"); // y and a combining circumflex: ŷ

  wrap("htmlToText", (htmlToText) => (htmlString, anchor) => {
    const page = new DOMParser().parseFromString(htmlString, "text/html");
    page.querySelectorAll(".math").forEach((math) => {
      math.textContent = mathAsText(math.textContent.trim());
    });
    // Sphinx puts the anchor into a CSS selector as it is: "#nnguide.perceptron" would select the
    // id "nnguide" with the class "perceptron", find nothing and warn in the console
    const selector = anchor && anchor.startsWith("#") ? `#${CSS.escape(anchor.slice(1))}` : anchor;
    return htmlToText(page.documentElement.outerHTML, selector);
  });
})();
