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
var Q = null, KEYS = [], RUNS = /\p{sc=Han}+|[\p{L}\p{N}]+/gu;

/* Reading the query (key, canonical, shardOf) is search/query-<hash>.js (kb/search/query.js),
 * the same script the 搜索 page uses. */
function setup(kb) {
  KB = kb;
  importScripts(new URL("search/" + kb.query, ROOT).href);
  Q = kbQuery(kb);
  KEYS = Q.keys;
  RUNS = Q.runs;
}

function canonical(run) { return Q.canonical(run); }
function shardOf(token) { return Q.shardOf(token, KB.shards); }

function load(name) {
  if (!(name in CACHE))
    CACHE[name] = fetch(new URL("search/" + KB.dir + "/" + name, ROOT).href)
      .then(function (r) { if (!r.ok) throw new Error(name + ": " + r.status); return r.json(); })
      .catch(function (err) { delete CACHE[name]; throw err; });
  return CACHE[name];
}
function shard(token) { return load("s" + shardOf(token) + ".json"); }

/* The indexed words of a run, [word, postings] pairs: the run when indexed, else the terms
 * containing it, else the longest word (2+ characters) at each position (one shard each: a
 * shard holds all words with the same first two characters). Stretches no word covers are kept
 * with null postings (shown missing): single characters of a longer query match nothing. */
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

/* A part of terms, not itself indexed (双责): the terms holding it, shortest first. */
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
      return Array.from(t).map(function (c) { return c.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&"); }).join(KB_GAP);
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

/* The (at most two) blocks that show a query word, else the first block. A long sentence is
 * cut into blocks at commas and 、 (kb.search.compact.snippet_blocks), so a term with 、 may
 * span two or three blocks: those are shown joined. */
function snippet(blocks, re) {
  var hits = [];
  function test(text) { re.lastIndex = 0; return re.test(text); }
  for (var i = 0; re && i < blocks.length && hits.length < 2; i++) {
    if (test(blocks[i])) { hits.push(blocks[i]); continue; }
    for (var n = 2; n <= 3 && i + n <= blocks.length; n++) {
      var joined = blocks.slice(i, i + n).join("");    /* a hit across the cut, not in the next blocks alone */
      if (test(joined) && !test(blocks.slice(i + 1, i + n).join(""))) { hits.push(joined); i += n - 1; break; }
    }
  }
  if (!hits.length && blocks.length) hits = [blocks[0]];
  return hits.map(function (b) { return "<p>" + highlight(b, re) + "</p>"; }).join("");
}

/* [run as typed, canonical] */
function queryRuns(query) {
  var runs = [];
  query.replace(RUNS, function (run) { runs.push([run, canonical(run)]); return run; });
  return runs;
}

/* A bare year ("2022", "2022年") with speeches, else null; its speeches come first (yearFirst,
 * in search/years-<hash>.js with each year's entry, loaded only then: kb/search/years.js). */
var YEARS = null;
function yearOf(query) {
  var m = /^\s*(\d{4})\s*年?\s*$/.exec(query.normalize("NFKC"));
  if (!m || !KB.years) return null;
  if (!YEARS) { importScripts(new URL("search/" + KB.years, ROOT).href); YEARS = self.KB_YEARS; }
  return YEARS[m[1]] ? YEARS[m[1]] : null;
}

/* 0 the token's own page (negative score), 1 a speech, 2 other (shards.result_tier) */
function tierOf(doc, score) {
  if (score < 0) return 0;
  return KB.speeches != null && pageOf(doc) >= KB.speeches ? 1 : 2;
}

/* Matching documents, best first: most query words, tier, score. */
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

/* page -> its documents, pages by best document, at most KB.pages */
function groupByPage(docs) {
  var groups = new Map();
  for (var d of docs) {
    var p = pageOf(d.doc);
    if (!groups.has(p)) { if (groups.size >= KB.pages) continue; groups.set(p, []); }
    groups.get(p).push(d);
  }
  return groups;
}

/* The notes (`kb`) of an answer; beyond indexed words from search/suggest-<hash>.js
 * (kb/search/suggest.js with the glossary's terms), loaded only then. */
var SUGGEST = null;
function notes(query, runs, wholes, found) {
  var out = {query: query, found: found, didYouMean: [], closest: []};
  if (wholes.every(Boolean) || !KB.suggest) return out;
  try {
    if (!SUGGEST) { importScripts(new URL("search/" + KB.suggest, ROOT).href); SUGGEST = self.KB_SUGGEST; }
    return suggestNotes(out, runs, wholes, SUGGEST);
  } catch (err) { console.warn("search: suggestions", err); return out; }
}

async function search(query) {
  var runs = queryRuns(query);
  if (!runs.length) return {items: []};
  var found = [], wholes = [];
  for (var run of runs) {
    var ws = await words(run[1]);
    /* whole: indexed, or a part of terms */
    wholes.push(ws.every(function (w) { return w[1]; }) &&
                ws.some(function (w) { return w[0] === run[1] || w[0].indexOf(run[1]) >= 0; }));
    found = found.concat(ws);
  }
  var tokens = [], lists = [];
  for (var f of found) if (tokens.indexOf(f[0]) < 0) { tokens.push(f[0]); lists.push(f[1]); }

  var docs = rankDocs(tokens, lists);
  var year = null;
  try { year = yearOf(query); } catch (err) { console.warn("search: years", err); }
  if (year) docs = yearFirst(year, docs, tokens.filter(function (t, i) { return lists[i]; }));
  var groups = groupByPage(docs);
  var pages = Array.from(groups.keys());
  var [files, kb] = await Promise.all([
    Promise.all(pages.map(function (p) { return load("p" + p + ".json"); })),
    Promise.resolve(notes(query, runs, wholes, pages.length > 0))]);
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
