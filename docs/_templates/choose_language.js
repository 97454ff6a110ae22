  // The language a visitor reads (languages: [{code, tag}], in docs/languages.toml's order): the
  // one they chose with the switcher; then the first of the browser's languages that the site has
  // (its whole tag, else its primary subtag: zh-SG reads zh-CN); then the first.
  function nnguideChosenLanguage(languages) {
    var codes = languages.map(function (l) { return l.code; });
    var chosen = null;
    try { chosen = window.localStorage.getItem("nnguide-lang"); } catch (e) {}
    var prefs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    function match(pref) {
      pref = String(pref).toLowerCase();
      var whole = languages.filter(function (l) { return l.tag.toLowerCase() === pref; })[0];
      var primary = languages.filter(function (l) { return l.tag.toLowerCase().split("-")[0] === pref.split("-")[0]; })[0];
      return (whole || primary || {}).code;
    }
    var lang = codes.indexOf(chosen) >= 0 ? chosen : null;
    for (var i = 0; !lang && i < prefs.length; i++) { lang = match(prefs[i]); }
    return lang || codes[0];
  }
