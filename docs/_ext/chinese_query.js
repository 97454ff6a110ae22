/*
 * splitQuery for the Chinese site (see chinese_search.py): Sphinx's own splitter keeps a Chinese
 * query as one term, which is found only if jieba cut the page text the same way. Here each run of
 * Han characters is cut into the fewest words of the search index's own vocabulary, so that
 * 手写数字识别 searches for 手写数字 and 识别, both of which the index holds. A character that
 * no indexed word contains stays a term of its own, and then, rightly, nothing is found.
 */
var splitQuery = (() => {
  const HAN = /\p{Script=Han}/u;
  let indexed = null; // the search index the vocabulary below was read from
  let vocabulary = new Set();
  let longest = 1;

  const vocabularyOfIndex = () => {
    const index = typeof Search === "undefined" ? null : Search._index;
    if (index !== indexed) {
      indexed = index;
      const words = index ? [...Object.keys(index.terms), ...Object.keys(index.titleterms)] : [];
      vocabulary = new Set(words.filter((word) => HAN.test(word)));
      longest = Math.max(1, ...[...vocabulary].map((word) => word.length));
    }
    return vocabulary;
  };

  // fewest[end]: the fewest words that cover run[0:end], each an indexed word or one character
  const segment = (run) => {
    const words = vocabularyOfIndex();
    const fewest = [[]];
    for (let end = 1; end <= run.length; end++) {
      for (let start = Math.max(0, end - longest); start < end; start++) {
        const word = run.slice(start, end);
        if (end - start > 1 && !words.has(word)) continue;
        const cut = [...fewest[start], word];
        if (fewest[end] === undefined || cut.length < fewest[end].length) fewest[end] = cut;
      }
    }
    return fewest[run.length];
  };

  return (query) =>
    query
      .split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)
      .filter((token) => token)
      .flatMap((token) => token.match(/\p{Script=Han}+|\P{Script=Han}+/gu))
      .flatMap((run) => (HAN.test(run) ? segment(run) : [run]));
})();
