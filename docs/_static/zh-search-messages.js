// Sphinx 8.2's search page asks for its result count under a new message that Sphinx's Chinese
// catalogue still translates under the old one; without this, Chinese readers see it in English.
Documentation.addTranslations({
  locale: "zh_Hans_CN",
  plural_expr: "0",
  messages: {
    "Search finished, found one page matching the search query.": [
      "搜索完成，找到 ${resultCount} 个匹配的页面。",
    ],
  },
});
