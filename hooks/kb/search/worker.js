/* 党建知识库: the search worker (hooks/search_index.py, kb/search/site_index.py, kb/search/shards.py).
 *
 * Speaks the message protocol of Material for MkDocs' own search worker, so Material's search
 * box, result list and keyboard handling stay as they are:
 *   {type: 0 SETUP, data: search_index.json}  ->  {type: 1 READY}
 *   {type: 2 QUERY, data: "query"}            ->  {type: 3 RESULT, data: {items: [[doc, ...], ...], kb}}
 * `kb` (ignored by Material, shown by assets/kb.js): {query, found, didYouMean, closest}, see
 * `notes`. A document is a result only when it holds a word of the query (not merely single
 * characters of a longer one); documents with the same query words are listed with the term's
 * own glossary page first, then speeches, then other pages (`rankDocs`); a bare year lists its
 * speeches first (`yearFirst`).
 * Instead of building a lunr index from every document, it fetches only the postings shard(s)
 * of the query's words and the files of the pages it shows. The data comes from config.kb of
 * search_index.json (the manifest). No request leaves the site.
 */
"use strict";

var KB = null;                 /* the manifest */
var ROOT = new URL("../../../", self.location.href);   /* site root: assets/javascripts/workers/ */
var CACHE = {};                /* file name -> Promise of its JSON */
var KEYS = [], RUNS = /\p{sc=Han}+|[\p{L}\p{N}]+/gu;
var IGNORED = /[“”‘’"'「」『』、·・]/g;
var GAP = "[“”‘’\"'「」『』、·・]*";

function setup(kb) {
  KB = kb;
  KEYS = Object.keys(kb.aliases || {}).sort(function (a, b) {
    return b.length - a.length || (a < b ? -1 : 1);
  });
  RUNS = new RegExp((kb.special ? kb.special + "|" : "") + "\\p{sc=Han}+|[\\p{L}\\p{N}]+", "gu");
}

/* kb.search.terms.search_key: NFKC, lower case, no quotes or 、 */
function key(s) { return s.normalize("NFKC").toLowerCase().replace(IGNORED, ""); }

/* A query run under its search key, glossary aliases read as their term, traditional
 * characters as simplified ones. */
function canonical(run) {
  run = key(run);
  var out = "", i = 0;
  next: while (i < run.length) {
    for (var k = 0; k < KEYS.length; k++)
      if (run.startsWith(KEYS[k], i)) { out += KB.aliases[KEYS[k]]; i += KEYS[k].length; continue next; }
    out += (KB.chars && KB.chars[run[i]]) || run[i]; i++;
  }
  return out;
}

/* kb.search.shards.fnv1a / shard_of, over code points */
function fnv1a(text) {
  var h = 0x811c9dc5;
  for (var ch of text) { h ^= ch.codePointAt(0); h = Math.imul(h, 0x01000193) >>> 0; }
  return h >>> 0;
}
function shardOf(token) { return fnv1a(Array.from(token).slice(0, 2).join("")) % KB.shards; }

function load(name) {
  if (!(name in CACHE))
    CACHE[name] = fetch(new URL("search/" + KB.dir + "/" + name, ROOT).href)
      .then(function (r) { if (!r.ok) throw new Error(name + ": " + r.status); return r.json(); })
      .catch(function (err) { delete CACHE[name]; throw err; });
  return CACHE[name];
}
function shard(token) { return load("s" + shardOf(token) + ".json"); }

/* The indexed words of a run, as [word, postings] pairs: the run itself when indexed, else the
 * glossary terms containing it (`termsContaining`), else the longest indexed word (two
 * characters or more) at each position (one shard per position: a
 * shard holds every word with the same first two characters). A run of one character is looked
 * up as it is. The stretches of two or more characters that no word covers are kept with null
 * postings (shown as missing, matching nothing): a document holding only single characters of
 * a longer query is not a result. */
async function words(run) {
  var chars = Array.from(run);
  if (chars.length < 2) return [[run, (await shard(run))[run] || null]];
  var whole = (await shard(run))[run];
  if (whole) return [[run, whole]];
  var containing = await termsContaining(run);
  if (containing.length) return containing;
  var out = [], gap = "";
  function flush() { if (Array.from(gap).length > 1) out.push([gap, null]); gap = ""; }
  for (var i = 0; i < chars.length;) {
    var found = 0;
    if (i + 1 < chars.length) {
      var postings = await shard(chars[i] + chars[i + 1]);
      for (var n = chars.length - i; n >= 2; n--) {
        var w = chars.slice(i, i + n).join("");
        if (postings[w]) { flush(); out.push([w, postings[w]]); found = n; break; }
      }
    }
    if (found) { i += found; continue; }
    gap += chars[i]; i++;
  }
  flush();
  return out.some(function (f) { return f[1]; }) ? out : [[run, null]];
}

/* A part of a glossary term that is no indexed word itself (双责 of 一岗双责): the terms
 * containing it (at most MAX_CONTAINING, shortest first), as [term, postings] pairs. */
var MAX_CONTAINING = 5;
async function termsContaining(run) {
  if (Array.from(run).length < 2) return [];
  var terms = [];
  for (var k of KEYS) {
    var term = KB.aliases[k];
    if (k.indexOf(run) >= 0 && terms.indexOf(term) < 0) terms.push(term);
  }
  terms.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); });
  var out = [];
  for (var t of terms.slice(0, MAX_CONTAINING)) {
    var postings = (await shard(t))[t];
    if (postings) out.push([t, postings]);
  }
  return out;
}

function pageOf(doc) {
  var lo = 0, hi = KB.starts.length - 1;
  while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (KB.starts[mid] <= doc) lo = mid; else hi = mid - 1; }
  return lo;
}

function escapeHtml(s) {
  return s.replace(/[&<>"']/g, function (c) {
    return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
  });
}

/* A regex finding the query words in text, allowing quotes or 、 between their characters. */
function marker(tokens) {
  var alts = tokens.filter(function (t) { return t.length; }).sort(function (a, b) { return b.length - a.length; })
    .map(function (t) {
      return Array.from(t).map(function (c) { return c.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&"); }).join(GAP);
    });
  return alts.length ? new RegExp(alts.join("|"), "giu") : null;
}

function highlight(text, re) {
  if (!re) return escapeHtml(text);
  var out = "", last = 0, m;
  re.lastIndex = 0;
  while ((m = re.exec(text)) !== null) {
    if (!m[0].length) { re.lastIndex++; continue; }
    out += escapeHtml(text.slice(last, m.index)) + "<mark>" + escapeHtml(m[0]) + "</mark>";
    last = m.index + m[0].length;
  }
  return out + escapeHtml(text.slice(last));
}

/* The (at most two) blocks that show a query word, else the first block. */
function snippet(blocks, re) {
  var hits = [];
  for (var b of blocks) {
    if (re) { re.lastIndex = 0; if (re.test(b)) hits.push(b); }
    if (hits.length === 2) break;
  }
  if (!hits.length && blocks.length) hits = [blocks[0]];
  return hits.map(function (b) { return "<p>" + highlight(b, re) + "</p>"; }).join("");
}

/* The query's runs: [as typed, canonical]. */
function queryRuns(query) {
  var runs = [];
  query.replace(RUNS, function (run) { runs.push([run, canonical(run)]); return run; });
  return runs;
}

/* A bare year ("2022", "2022年", full-width digits too) that has speeches, else null. */
function yearOf(query) {
  var m = /^\s*(\d{4})\s*年?\s*$/.exec(query.normalize("NFKC"));
  return m && KB.years && KB.years[m[1]] ? m[1] : null;
}

/* 0 the document is the token's own page (its score is negative in the shard: a glossary
 * term's page for its term), 1 a speech, 2 another page (kb.search.shards.result_tier). */
function tierOf(doc, score) {
  if (score < 0) return 0;
  return KB.speeches != null && pageOf(doc) >= KB.speeches ? 1 : 2;
}

/* The documents matching the query words (tokens[t] with postings lists[t], null for none),
 * best first: most query words, then the own page, speeches, other pages, then score. Each:
 * {doc, score, hits: {token: true}, n, tier}. */
function rankDocs(tokens, lists) {
  var acc = new Map();
  lists.forEach(function (list, t) {
    if (!list) return;
    for (var i = 0; i < list.length; i += 2) {
      var a = acc.get(list[i]);
      if (!a) acc.set(list[i], a = {doc: list[i], score: 0, hits: {}, tier: 2});
      a.score += Math.abs(list[i + 1]); a.hits[tokens[t]] = true;
      a.tier = Math.min(a.tier, tierOf(list[i], list[i + 1]));
    }
  });
  var docs = Array.from(acc.values());
  docs.forEach(function (d) { d.n = Object.keys(d.hits).length; });
  docs.sort(function (a, b) { return b.n - a.n || a.tier - b.tier || b.score - a.score || a.doc - b.doc; });
  return docs;
}

/* For a year: the document listing its speeches, then each speech's page, then `docs`. */
function yearFirst(year, docs, tokens) {
  var entry = KB.years[year], pinned = [], held = new Map();
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

/* Pages in order of their best document, at most KB.pages: Map page -> its documents. */
function groupByPage(docs) {
  var groups = new Map();
  for (var d of docs) {
    var p = pageOf(d.doc);
    if (!groups.has(p)) { if (groups.size >= KB.pages) continue; groups.set(p, []); }
    groups.get(p).push(d);
  }
  return groups;
}

/* ---------------------------------------------------------------- did you mean (offline)
 * The glossary's terms and aliases with the readings of their characters (kb.search.suggest),
 * fetched only when a query is not wholly an indexed word. */
var SUGGEST = null;
function suggestData() {
  if (!SUGGEST && KB.suggest)
    SUGGEST = fetch(new URL("search/" + KB.suggest, ROOT).href)
      .then(function (r) { if (!r.ok) throw new Error(KB.suggest + ": " + r.status); return r.json(); })
      .then(withReadings)
      .catch(function (err) { SUGGEST = null; throw err; });
  return SUGGEST || Promise.resolve(null);
}

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

/* What the result list says besides the results (assets/kb.js shows it): the query, whether
 * anything was found, "did you mean" queries and, when nothing was found, the closest terms. */
async function notes(query, runs, wholes, found) {
  var out = {query: query, found: found, didYouMean: [], closest: []};
  if (wholes.every(Boolean)) return out;
  var data = null;
  try { data = await suggestData(); } catch (err) { console.warn("search: suggestions", err); }
  if (!data) return out;
  out.didYouMean = didYouMean(runs, wholes, data);
  if (!found) {
    var named = out.didYouMean.join(" ");
    /* Beside a "did you mean", only terms sharing two characters or more. */
    out.closest = closestTerms(runs, data, 8, out.didYouMean.length ? 2 : 1).filter(function (t) { return named.indexOf(t) < 0; }).slice(0, 5);
  }
  return out;
}

async function search(query) {
  var runs = queryRuns(query);
  if (!runs.length) return {items: []};
  var found = [], wholes = [];
  for (var run of runs) {
    var ws = await words(run[1]);
    /* Whole: the run is an indexed word, or a part of terms found as such (no typo to fix). */
    wholes.push(ws.every(function (w) { return w[1]; }) &&
                ws.some(function (w) { return w[0] === run[1] || w[0].indexOf(run[1]) >= 0; }));
    found = found.concat(ws);
  }
  var tokens = [], lists = [];
  for (var f of found) if (tokens.indexOf(f[0]) < 0) { tokens.push(f[0]); lists.push(f[1]); }

  var docs = rankDocs(tokens, lists);
  var year = yearOf(query);
  if (year) docs = yearFirst(year, docs, tokens.filter(function (t, i) { return lists[i]; }));
  var groups = groupByPage(docs);
  var pages = Array.from(groups.keys());
  var [files, kb] = await Promise.all([
    Promise.all(pages.map(function (p) { return load("p" + p + ".json"); })),
    notes(query, runs, wholes, pages.length > 0)]);
  var re = marker(tokens);
  var items = pages.map(function (p, n) {
    var file = files[n], start = KB.starts[p], hits = groups.get(p);
    function item(doc, score, matched) {
      var d = file.d[doc - start], terms = {};
      for (var t of tokens) terms[t] = !!matched[t];
      return {location: file.u + (d[0] ? "#" + d[0] : ""), title: highlight(d[1], re),
              text: snippet(d[2], re), score: score / 100, terms: terms};
    }
    var out = hits.map(function (h) { return item(h.doc, h.score, h.hits); });
    if (!hits.some(function (h) { return h.doc === start; })) out.push(item(start, 0, {}));
    return out;
  });
  return {items: items, kb: kb};
}

/* Answer the newest query only: results of a query overtaken by typing are not sent. The
 * notes of an answer (`kb`) also go to the page's script (assets/kb.js) on this channel:
 * Material passes on only the results. */
var NOTES = typeof BroadcastChannel === "function" ? new BroadcastChannel("kb-search") : null;
var pending = null, busy = false;
async function run() {
  busy = true;
  while (pending !== null) {
    var query = pending, result;
    pending = null;
    try { result = await search(query); }
    catch (err) { console.warn("search: " + query, err); result = {items: []}; }
    if (pending === null) {
      postMessage({type: 3, data: result});
      if (NOTES && result.kb) NOTES.postMessage(result.kb);
    }
  }
  busy = false;
}

addEventListener("message", function (ev) {
  var message = ev.data;
  if (message.type === 0) {
    setup(message.data.config.kb);
    postMessage({type: 1});
  } else if (message.type === 2) {
    pending = String(message.data || "");
    if (!busy) run();
  }
});
