/* 党建知识库: "did you mean" and the closest terms, for the search worker (worker.js), which
 * loads this script with importScripts only when a query is not wholly an indexed word. The
 * build (kb.search.site_index) writes it as search/suggest-<hash>.js followed by
 * `var KB_SUGGEST = withReadings({t: [[term, key, alias key, ...], ...], r: {reading: chars}})`
 * (kb.search.suggest). The functions also serve a full search page (they need no index).
 */
"use strict";

/* The suggest file's data with `readings`: character -> its readings. */
function withReadings(data) {
  var readings = {};
  Object.keys(data.r).forEach(function (r) {
    for (var ch of data.r[r]) (readings[ch] = readings[ch] || []).push(r);
  });
  data.readings = readings;
  return data;
}

function sameReading(a, b, readings) {
  var ra = readings[a], rb = readings[b];
  return !!(ra && rb && ra.some(function (r) { return rb.indexOf(r) >= 0; }));
}

/* Edit distance between two strings of characters: a missing, extra or other character costs
 * 1, a character of the same reading (the pinyin-IME slip 则/责) 0.5. */
function editCost(a, b, readings) {
  a = Array.from(a); b = Array.from(b);
  var prev = [];
  for (var j = 0; j <= b.length; j++) prev.push(j);
  for (var i = 1; i <= a.length; i++) {
    var cur = [i];
    for (j = 1; j <= b.length; j++) {
      var sub = a[i - 1] === b[j - 1] ? 0 : sameReading(a[i - 1], b[j - 1], readings) ? 0.5 : 1;
      cur.push(Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + sub));
    }
    prev = cur;
  }
  return prev[b.length];
}

/* How far a query may be from a term of `n` characters to be offered as it: one character of
 * the same reading for two, one character for three, up to two characters from five. */
function allowedCost(n) { return n >= 5 ? 2 : n === 4 ? 1.5 : n === 3 ? 1 : n === 2 ? 0.5 : 0; }

/* The terms `run` (canonical) was probably meant to be, closest first: [[term, cost], ...]. */
function nearTerms(run, data) {
  var n = Array.from(run).length, out = [];
  if (n < 2) return out;
  data.t.forEach(function (entry, order) {
    var best = Infinity;
    for (var k = 1; k < entry.length; k++) {
      var len = Array.from(entry[k]).length;
      if (Math.abs(len - n) > 2) continue;
      var cost = editCost(run, entry[k], data.readings);
      if (cost > 0 && cost <= allowedCost(len)) best = Math.min(best, cost);
      if (cost === 0) { best = Infinity; break; }   /* the run is this term */
    }
    if (best < Infinity) out.push([entry[0], best, order]);
  });
  out.sort(function (a, b) { return a[1] - b[1] || a[2] - b[2]; });
  return out.map(function (c) { return [c[0], c[1]]; });
}

/* "Did you mean": the query with a run replaced by a term it is within reach of (at most 3). */
function didYouMean(runs, wholes, data) {
  var out = [];
  runs.forEach(function (run, i) {
    if (wholes[i] || !/\p{sc=Han}/u.test(run[1])) return;
    nearTerms(run[1], data).slice(0, 3).forEach(function (c) {
      var text = runs.map(function (r, j) { return j === i ? c[0] : r[0]; }).join(" ");
      if (out.indexOf(text) < 0) out.push(text);
    });
  });
  return out.slice(0, 3);
}

/* The terms sharing most characters (a character of the same reading counting half) with the
 * query, at least `least`, for "没有找到". */
function closestTerms(runs, data, limit, least) {
  var chars = new Set(), han = [];
  runs.forEach(function (r) { for (var ch of r[1]) { chars.add(ch); if (/\p{sc=Han}/u.test(ch)) han.push(ch); } });
  var size = chars.size, out = [];
  data.t.forEach(function (entry, order) {
    var best = 0, gap = 0;
    for (var k = 1; k < entry.length; k++) {
      var score = 0, seen = new Set();
      for (var ch of entry[k]) {
        if (seen.has(ch)) continue;
        seen.add(ch);
        if (chars.has(ch)) score += 1;
        else if (han.some(function (q) { return sameReading(q, ch, data.readings); })) score += 0.5;
      }
      if (score > best) { best = score; gap = Math.abs(Array.from(entry[k]).length - size); }
    }
    if (best >= least) out.push([entry[0], best, gap, order]);
  });
  out.sort(function (a, b) { return b[1] - a[1] || a[2] - b[2] || a[3] - b[3]; });
  return out.slice(0, limit).map(function (c) { return c[0]; });
}

/* The notes (`out`: {query, found, didYouMean, closest}) of a query not wholly made of indexed
 * words: "did you mean" queries and, when nothing was found, the closest terms (beside a "did
 * you mean" only those sharing two characters or more). */
function suggestNotes(out, runs, wholes, data) {
  out.didYouMean = didYouMean(runs, wholes, data);
  if (!out.found) {
    var named = out.didYouMean.join(" ");
    out.closest = closestTerms(runs, data, 8, out.didYouMean.length ? 2 : 1)
      .filter(function (t) { return named.indexOf(t) < 0; }).slice(0, 5);
  }
  return out;
}
