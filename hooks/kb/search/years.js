/* 党建知识库: a bare year's speeches first, for the search worker (worker.js), which loads this
 * script with importScripts only for a query that is a bare year. The build
 * (kb.search.site_index.years_script) writes it as search/years-<hash>.js followed by
 * `var KB_YEARS = {year: [index doc, start page, end page, ...]}` (speech_pages).
 */
"use strict";

/* `entry` (of KB_YEARS): the document listing the year's speeches, then each speech's page
 * (KB.starts gives its own document), then `docs` (rankDocs) without them. */
function yearFirst(entry, docs, tokens) {
  var pinned = [], held = new Map();
  docs.forEach(function (d) { held.set(d.doc, d); });
  function pin(doc) {
    var d = held.get(doc) || {doc: doc, score: 1, hits: {}, n: 0, tier: 1};
    tokens.forEach(function (t) { d.hits[t] = true; });
    pinned.push(d); held.delete(doc);
  }
  if (entry[0] >= 0) pin(entry[0]);
  for (var r = 1; r < entry.length; r += 2)
    for (var p = entry[r]; p < entry[r + 1]; p++) pin(KB.starts[p]);
  return pinned.concat(docs.filter(function (d) { return held.has(d.doc); }));
}

