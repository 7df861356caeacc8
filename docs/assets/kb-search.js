/* 党建知识库: the search results page (search/, kb.pages.search), over the index files of
 * kb.search.results (search/full-<hash>/) and the worker's page files (search/kb-<hash>/p<N>.json
 * for pages other than speeches). Everything is fetched from this site, on demand:
 *   m.json       when the page opens, with search/query-<hash>.js (kb/search/query.js, how the
 *                worker reads a query too): speeches, topics, documents per speech and their
 *                topics, so the first query needs no metadata download;
 *   f<N>.json    the shards of the query's words (every document, not only the best 300);
 *   t-<id>.json  the text of the speeches shown (and of the candidates of a "phrase"), requested
 *                as soon as the page of results is known, before the counts are worked out;
 *                then, in the background, those the likely next steps would show (see prefetch);
 * so a filter, order or page change needs no download once the background fetching is done
 * (a step it did not reach fetches only the texts of speeches not shown before).
 *
 * Query (query.js for folding, as the worker; word cutting as worker.js: NFKC, lower case, no quotes or 、,
 * glossary aliases read as their term, traditional characters as simplified ones, longest
 * indexed word at each position):
 *   several words   every one of them (a run without spaces that is no indexed word: all of
 *                   the indexed words it is made of);
 *   "…" / “…”       the exact phrase, checked against the text (any text, not only terms);
 *   -词 / -"…"      sections containing it are left out.
 * As in the header box, single characters of a longer run do not count (量子计算 finds nothing),
 * a part of terms (双责) finds the terms holding it; a query with a run that is not wholly an
 * indexed word loads search/suggest-<hash>.js (kb/search/suggest.js with the glossary's terms)
 * for "您要找的是不是：X" above the results and, when nothing is found, the closest terms.
 * Relevance is the worker's BM25 score (summed over the words; a glossary term's own page
 * first); date order is newest speech first, then reading order; pages without a date last.
 *
 * The URL holds the whole state (q, year=2022 or 2022-2023, topic, speech, speaker, unit,
 * order=date, page); values that are not understood are named on the page and ignored.
 * Nothing from the query or the index is written as HTML: text nodes and <mark> elements only.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var ROOT = new URL("../", script.src);
  var PARAMS = ["q", "year", "topic", "speech", "speaker", "unit", "order", "page"];

  /* Material's search box opens its overlay with ?q= from the address: hide q from it until
   * its bundle has run (this script runs before it), then put the address back. */
  var START = new URL(location.href), hidden = null;
  if (START.searchParams.has("q")) {
    hidden = new URL(location.href);
    hidden.searchParams.delete("q");
    history.replaceState(history.state, "", hidden.href);
  }

  var KB = null, R = null, META = null, KEYS = [], RUNS = /\p{sc=Han}+|[\p{L}\p{N}]+/gu;
  var CACHE = {};
  var els = {};
  var state = null;          /* the parsed URL */
  var found = null;          /* {query, docs: [{doc, score}], words, phrases, marker} of the last query */
  var pageSize = 20, maxQuery = 100;

  /* ---- files -------------------------------------------------------------------------- */

  /* `init`: fetch options (the background fetching asks at low priority). */
  function getJSON(url, init) {
    if (!(url in CACHE))
      CACHE[url] = fetch(url, init).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      }).catch(function (err) { delete CACHE[url]; throw err; });
    return CACHE[url];
  }
  function fullUrl(name) { return new URL("search/" + R.dir + "/" + name, ROOT).href; }
  function textName(sp) { return "t-" + encodeURIComponent(META.speeches[sp][0]) + ".json"; }
  function pageUrl(n) { return new URL("search/" + KB.dir + "/p" + n + ".json", ROOT).href; }
  function full(name) { return getJSON(fullUrl(name)); }
  function pageFile(n) { return getJSON(pageUrl(n)); }

  /* ---- query text: search/query-<hash>.js (kb/search/query.js), shared with the worker ---- */

  var Q = null;
  function key(s) { return Q.key(s); }
  function canonical(run) { return Q.canonical(run); }
  function fold(s) { return Q.fold(s); }
  function loadScript(name, global) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = new URL("search/" + name, ROOT).href;
      tag.onload = function () { window[global] ? resolve(window[global]) : reject(new Error(global)); };
      tag.onerror = function () { reject(new Error(name)); };
      document.head.appendChild(tag);
    });
  }
  function shard(token) { return full("f" + Q.shardOf(token, R.shards) + ".json"); }

  /* Postings of a token as [[doc, score], ...]. */
  var DECODED = {};
  async function postingsOf(token) {
    if (token in DECODED) return DECODED[token];
    var flat = (await shard(token))[token];
    var out = null;
    if (flat) {
      out = [];
      for (var i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]]);
    }
    return (DECODED[token] = out);
  }

  /* The indexed words of a run (worker.js `words`): the run itself when indexed, else the
   * glossary terms holding it (双责: one word, any of them; third item: the words to mark),
   * else the longest indexed word (2+ characters) at each position. Single characters of a
   * longer run match nothing (量子计算 is not found through 子): the run then has no postings.
   * A phrase (`loose`: its candidates are checked against the text) keeps the cut of before:
   * no terms holding it, its single characters when nothing longer is indexed. */
  async function words(run, loose) {
    var chars = Array.from(run);
    var whole = await postingsOf(run);
    if (whole || chars.length < 2) return [[run, whole]];
    var containing = loose ? null : await termsContaining(run);
    if (containing) return [containing];
    var out = [], singles = [];
    for (var i = 0; i < chars.length;) {
      var got = 0;
      if (i + 1 < chars.length) {
        var bucket = await shard(chars[i] + chars[i + 1]);
        for (var n = chars.length - i; n >= 2; n--) {
          var w = chars.slice(i, i + n).join("");
          if (bucket[w]) { out.push([w, await postingsOf(w)]); got = n; break; }
        }
      }
      if (got) { i += got; continue; }
      singles.push(chars[i]); i++;
    }
    if (!out.length && loose) for (var c of singles) out.push([c, await postingsOf(c)]);
    return out.length ? out : [[run, null]];
  }

  /* A part of terms, not itself indexed (worker.js `termsContaining`): [the shortest term,
   * the union of the postings of the (at most 5) shortest terms holding it, those terms]. */
  async function termsContaining(run) {
    var terms = [];
    for (var k of KEYS) {
      var term = KB.aliases[k];
      if (k.indexOf(run) >= 0 && terms.indexOf(term) < 0) terms.push(term);
    }
    terms.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); });
    var union = new Map(), used = [];
    for (var t of terms.slice(0, 5)) {
      var list = await postingsOf(t);
      if (!list) continue;
      used.push(t);
      for (var pair of list) union.set(pair[0], Math.max(union.get(pair[0]) || 0, pair[1]));
    }
    if (!used.length) return null;
    var merged = Array.from(union.entries()).sort(function (a, b) { return a[0] - b[0]; });
    return [used[0], merged, used];
  }

  /* Is a run wholly found (worker.js `search`): indexed itself, or a part of terms? */
  function isWhole(run, ws) {
    return ws.every(function (w) { return w[1]; }) &&
      ws.some(function (w) { return w[0] === run || w[0].indexOf(run) >= 0; });
  }

  /* The query as items {text, phrase, neg}. */
  function parseQuery(q) {
    var items = [], re = /(-?)(?:"([^"]*)"?|“([^”]*)”?|「([^」]*)」?|(\S+))/g, m;
    q = q.normalize("NFKC");
    while ((m = re.exec(q)) !== null) {
      if (!m[0].length) { re.lastIndex++; continue; }
      var phrase = m[2] !== undefined || m[3] !== undefined || m[4] !== undefined;
      var text = phrase ? (m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4]) : m[5];
      var neg = m[1] === "-";
      if (!phrase && neg && !text) continue;
      var typed = (text.match(RUNS) || []).map(function (r) { return [r, canonical(r)]; })
        .filter(function (r) { return r[1].length; });
      if (!typed.length) continue;
      items.push({text: text.trim(), phrase: phrase, neg: neg, typed: typed,
                  runs: typed.map(function (r) { return r[1]; })});
    }
    return items;
  }

  /* ---- matching ------------------------------------------------------------------------ */

  /* Documents having every word of `item` -> Map doc -> score (null: a word is not indexed). */
  async function itemDocs(item) {
    var lists = [], wholes = [];
    for (var run of item.runs) {
      var ws = await words(run, item.phrase);
      wholes.push(isWhole(run, ws));
      for (var w of ws) lists.push(w);
    }
    function marks() { return [].concat.apply([], lists.map(function (l) { return l[2] || [l[0]]; })); }
    var acc = null;
    for (var entry of lists) {
      var list = entry[1];
      if (!list) return {docs: new Map(), words: marks(), wholes: wholes};
      var next = new Map();
      for (var pair of list) {
        if (acc === null) next.set(pair[0], pair[1]);
        else if (acc.has(pair[0])) next.set(pair[0], acc.get(pair[0]) + pair[1]);
      }
      acc = next;
    }
    return {docs: acc || new Map(), words: marks(), wholes: wholes};
  }

  function speechOf(doc) { return doc >= META.first && doc - META.first < META.sp.length ? META.sp[doc - META.first] : -1; }

  /* m.json lists each speech's number of documents (consecutive doc ids): the speech and the
   * section of every speech document, and each speech's year, worked out once. */
  function expandMeta(meta) {
    var sp = [], sec = [];
    meta.n.forEach(function (count, i) {
      for (var k = 0; k < count; k++) { sp.push(i); sec.push(count === 1 ? 0 : k - 1); }
    });
    meta.sp = sp;
    meta.sec = sec;
    meta.years = meta.speeches.map(function (x) { var m = /^(\d{4})/.exec(x[2]); return m ? Number(m[1]) : null; });
    return meta;
  }

  /* Text blocks of a document for the phrase check: speech sections from t<i>.json, other
   * pages from the worker's page file. */
  function pageOf(doc) {
    var lo = 0, hi = KB.starts.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (KB.starts[mid] <= doc) lo = mid; else hi = mid - 1; }
    return lo;
  }
  async function docText(doc) {
    var sp = speechOf(doc);
    if (sp >= 0) {
      var t = await full(textName(sp)), k = META.sec[doc - META.first];
      var speech = META.speeches[sp];
      if (k < 0) return {kind: "speech", sp: sp, url: t.u, anchor: "", path: [], paragraphs: [], titleText: speech[1]};
      var s = t.s[k];
      return {kind: "speech", sp: sp, url: t.u, anchor: s[0], path: s[1], paragraphs: s[2], titleText: speech[1]};
    }
    var p = pageOf(doc), file = await pageFile(p), d = file.d[doc - KB.starts[p]];
    return {kind: "page", url: file.u, anchor: d[0], title: d[1], blocks: d[2], page: p};
  }
  function docBlocks(t) {
    if (t.kind === "speech")        /* a section: its heading and paragraphs; the page: its title */
      return t.path.length ? [t.path[t.path.length - 1]].concat(t.paragraphs.map(function (p) { return p[1]; }))
                           : [t.titleText];
    return [t.title, t.blocks.join("")];
  }
  function containsPhrase(t, phrase) {
    var f = fold(phrase);
    return docBlocks(t).some(function (b) { return fold(b).indexOf(f) >= 0; });
  }

  async function runQuery(q) {
    var items = parseQuery(q);
    var positives = items.filter(function (i) { return !i.neg; });
    var result = {query: q, items: items, docs: [], marker: null, missing: []};
    if (!positives.length) return result;
    var acc = null, allWords = [], runs = [], wholes = [];
    for (var item of positives) {
      var got = await itemDocs(item);
      if (!item.phrase) {
        allWords = allWords.concat(got.words);   /* a phrase is marked whole */
        runs = runs.concat(item.typed);
        wholes = wholes.concat(got.wholes);
      }
      if (!got.docs.size) result.missing.push(item.text);
      if (acc === null) acc = got.docs;
      else {
        var next = new Map();
        got.docs.forEach(function (score, doc) { if (acc.has(doc)) next.set(doc, acc.get(doc) + score); });
        acc = next;
      }
    }
    for (var neg of items.filter(function (i) { return i.neg; })) {
      var gone = await itemDocs(neg);
      if (neg.phrase) {
        var check = [];
        gone.docs.forEach(function (_, doc) { if (acc.has(doc)) check.push(doc); });
        var texts = await Promise.all(check.map(docText));
        check.forEach(function (doc, n) { if (containsPhrase(texts[n], neg.text)) acc.delete(doc); });
      } else {
        gone.docs.forEach(function (_, doc) { acc.delete(doc); });
      }
    }
    var phrases = positives.filter(function (i) { return i.phrase; });
    if (phrases.length && acc.size) {
      var docs = Array.from(acc.keys()), texts2 = await Promise.all(docs.map(docText));
      docs.forEach(function (doc, n) {
        if (!phrases.every(function (p) { return containsPhrase(texts2[n], p.text); })) acc.delete(doc);
      });
    }
    acc.forEach(function (score, doc) { result.docs.push({doc: doc, score: score}); });
    result.suggest = await suggestions(q, runs, wholes, result.docs.length > 0);
    result.marker = marker(positives.filter(function (i) { return !i.phrase; }).map(function (i) { return i.text; })
      .concat(allWords).concat(phrases.map(function (p) { return p.text; })));
    return result;
  }

  /* The notes of the header box (worker.js `notes`): {didYouMean, closest} from
   * search/suggest-<hash>.js (kb/search/suggest.js and the glossary's terms), loaded as a script
   * only when a run of the query is not wholly an indexed word; null when there are none. */
  var SUGGEST = null;
  function loadSuggest() {
    if (!SUGGEST) SUGGEST = loadScript(KB.suggest, "KB_SUGGEST").catch(function (err) { SUGGEST = null; throw err; });
    return SUGGEST;
  }
  async function suggestions(q, runs, wholes, found) {
    if (!runs.length || wholes.every(Boolean) || !KB.suggest) return null;
    try {
      var data = await loadSuggest();
      var out = window.suggestNotes({query: q, found: found, didYouMean: [], closest: []}, runs, wholes, data);
      /* The box's "did you mean" is the runs joined by spaces; here the query keeps the rest
       * of what was typed (phrases, -words), with the run replaced by the term. */
      var text = q.normalize("NFKC").trim(), dym = [];
      runs.forEach(function (run, i) {
        if (wholes[i] || !/\p{sc=Han}/u.test(run[1])) return;
        window.nearTerms(run[1], data).slice(0, 3).forEach(function (c) {
          var at = text.indexOf(run[0]);
          var t = at < 0 ? c[0] : text.slice(0, at) + c[0] + text.slice(at + run[0].length);
          if (dym.indexOf(t) < 0) dym.push(t);
        });
      });
      out.didYouMean = dym.slice(0, 3);
      return out;
    } catch (err) { console.warn("search page: suggestions", err); return null; }
  }

  /* A regex finding the query's words in text (quotes or 、 allowed between characters). */
  function marker(tokens) {
    var seen = {}, alts = [];
    tokens.forEach(function (t) {
      t = t.normalize("NFKC").replace(KB_IGNORED, "").trim();
      if (!t || seen[t]) return;
      seen[t] = true;
      alts.push(Array.from(t).map(function (c) { return c.replace(/[\\^$.*+?()[\]{}|\/-]/g, "\\$&"); }).join(KB_GAP));
    });
    alts.sort(function (a, b) { return b.length - a.length; });
    return alts.length ? new RegExp(alts.join("|"), "giu") : null;
  }

  /* ---- URL state and filters ----------------------------------------------------------- */

  function readState(url) {
    var p = url.searchParams, notes = [];
    var s = {q: (p.get("q") || ""), year: null, topic: "", speech: "", speaker: "", unit: "", order: "", page: 1};
    if (s.q.length > maxQuery) {
      notes.push("搜索词太长（" + s.q.length + " 个字符），只用了前 " + maxQuery + " 个字符。");
      s.q = s.q.slice(0, maxQuery);
    }
    var year = (p.get("year") || "").trim();
    if (year) {
      var m = /^(\d{4})?\s*(?:[-–~至]\s*(\d{4})?)?$/.exec(year);
      if (m && (m[1] || m[2])) {
        var a = m[1] ? Number(m[1]) : null, b = m[2] ? Number(m[2]) : (year.indexOf("-") < 0 && year.indexOf("至") < 0 ? a : null);
        if (a !== null && b !== null && a > b) { var x = a; a = b; b = x; }
        s.year = [a, b];
      } else notes.push("年份“" + year + "”无法识别，已忽略。请写成 2022 或 2022-2023。");
    }
    var topic = p.get("topic") || "";
    if (topic) {
      if (META.topics.some(function (t) { return t[0] === topic; })) s.topic = topic;
      else notes.push("专题“" + topic + "”不存在，已忽略。可选：" + META.topics.map(function (t) { return t[1] + "（" + t[0] + "）"; }).join("、") + "。");
    }
    var speech = p.get("speech") || "";
    if (speech) {
      if (META.speeches.some(function (x) { return x[0] === speech; })) s.speech = speech;
      else { notes.push("讲话“" + speech + "”不存在，已忽略。请从列表中选择。"); s.speechTyped = speech; }
    }
    ["speaker", "unit"].forEach(function (name, n) {
      var v = p.get(name) || "";
      if (!v) return;
      if (META.speeches.some(function (x) { return x[4 + n] === v; })) s[name] = v;
      else notes.push((name === "speaker" ? "讲话人" : "单位") + "“" + v + "”在讲话中没有出现，已忽略。");
    });
    var order = p.get("order") || "";
    if (order === "date") s.order = "date";
    else if (order && order !== "relevance") notes.push("排序方式“" + order + "”无法识别，已按相关度排序。可选：date（按日期）。");
    var page = p.get("page");
    if (page !== null && page !== "") {
      if (/^\d+$/.test(page) && Number(page) >= 1) s.page = Number(page);
      else notes.push("页码“" + page + "”无法识别，已显示第 1 页。");
    }
    s.notes = notes;
    return s;
  }

  function stateUrl(s, page) {
    var url = new URL(location.pathname, location.href);
    if (s.q) url.searchParams.set("q", s.q);
    if (s.year) url.searchParams.set("year", s.year[0] === s.year[1] ? String(s.year[0])
      : (s.year[0] || "") + "-" + (s.year[1] || ""));
    ["topic", "speech", "speaker", "unit", "order"].forEach(function (k) { if (s[k]) url.searchParams.set(k, s[k]); });
    if (page > 1) url.searchParams.set("page", String(page));
    return url;
  }

  function yearOf(sp) { return META.years[sp]; }

  /* Does document `doc` pass every filter of `s` except `skip`? */
  function passes(doc, s, skip) {
    var any = s.year || s.topic || s.speech || s.speaker || s.unit;
    if (!any) return true;
    var sp = speechOf(doc);
    if (sp < 0) return false;            /* a filter means: speech sections only */
    var speech = META.speeches[sp];
    if (skip !== "year" && s.year) {
      var y = yearOf(sp);
      if (y === null || (s.year[0] !== null && y < s.year[0]) || (s.year[1] !== null && y > s.year[1])) return false;
    }
    if (skip !== "topic" && s.topic) {
      var bit = META.topics.findIndex(function (t) { return t[0] === s.topic; });
      if (!(META.tm[doc - META.first] & (1 << bit))) return false;
    }
    if (skip !== "speech" && s.speech && speech[0] !== s.speech) return false;
    if (skip !== "speaker" && s.speaker && speech[4] !== s.speaker) return false;
    if (skip !== "unit" && s.unit && speech[5] !== s.unit) return false;
    return true;
  }

  function counts(docs, s) {
    var c = {year: {}, topic: {}, speech: {}, speaker: {}, unit: {}};
    function bump(map, k) { map[k] = (map[k] || 0) + 1; }
    for (var d of docs) {
      var sp = speechOf(d.doc);
      if (sp < 0) continue;
      var speech = META.speeches[sp];
      if (passes(d.doc, s, "year")) { var y = yearOf(sp); bump(c.year, y === null ? "" : String(y)); }
      if (passes(d.doc, s, "topic")) {
        var mask = META.tm[d.doc - META.first];
        META.topics.forEach(function (t, i) { if (mask & (1 << i)) bump(c.topic, t[0]); });
      }
      if (passes(d.doc, s, "speech")) bump(c.speech, speech[0]);
      if (speech[4] && passes(d.doc, s, "speaker")) bump(c.speaker, speech[4]);
      if (speech[5] && passes(d.doc, s, "unit")) bump(c.unit, speech[5]);
    }
    return c;
  }

  function sortDocs(docs, order) {
    if (order === "date") {
      return docs.slice().sort(function (a, b) {
        var sa = speechOf(a.doc), sb = speechOf(b.doc);
        var da = sa >= 0 ? META.speeches[sa][2] : "", db = sb >= 0 ? META.speeches[sb][2] : "";
        if (da !== db) return da < db ? 1 : -1;
        return a.doc - b.doc;
      });
    }
    return docs.slice().sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  /* ---- rendering ----------------------------------------------------------------------- */

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  /* Redaction markers (kb.text.redaction.REDACTION): the index files keep them as written, for
     citations; shown as the grey mark in text and as □□ where only text fits (select options). */
  var REDACTION = /[*＊]{1,8}|(?<![A-Za-z])(?:X{2,4}|X(?!光|射线|线)|×{1,4}|Ｘ{1,4})(?![A-Za-z])(?=[\u3400-\u4dbf\u4e00-\u9fff，。、；：“”（）]|$)|(?<=[\u3400-\u4dbf\u4e00-\u9fff，。、；：“”（）])(?:X{2,4}|X(?!光|射线|线)|×{1,4}|Ｘ{1,4})(?![A-Za-z])/g;

  function plainRedactions(text) { return String(text).replace(REDACTION, "□□"); }

  function marked(parent, text, re) {
    var last = 0, m;
    REDACTION.lastIndex = 0;
    while ((m = REDACTION.exec(text)) !== null) {
      highlighted(parent, text.slice(last, m.index), re);
      var mark = el("span", "kb-redacted", m[0]);
      mark.title = "原文已隐去";
      parent.appendChild(mark);
      last = m.index + m[0].length;
    }
    return highlighted(parent, text.slice(last), re);
  }

  function highlighted(parent, text, re) {
    if (!re) { parent.appendChild(document.createTextNode(text)); return parent; }
    var last = 0, m;
    re.lastIndex = 0;
    while ((m = re.exec(text)) !== null) {
      if (!m[0].length) { re.lastIndex++; continue; }
      parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      parent.appendChild(el("mark", "", m[0]));
      last = m.index + m[0].length;
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
    return parent;
  }

  function hits(text, re) { if (!re) return false; re.lastIndex = 0; return re.test(text); }

  /* The (at most two) sentences of a paragraph that show a hit, joined with "…". */
  function sentences(text, re, phrases) {
    var parts = text.match(/[^。！？；!?;]+[。！？；!?;]*[”’」』）)]*/g) || [text];
    var shown = parts.filter(function (s) {
      return hits(s, re) || phrases.some(function (p) { return fold(s).indexOf(fold(p)) >= 0; });
    }).slice(0, 2);
    if (!shown.length) shown = parts.slice(0, 1);
    var first = parts.indexOf(shown[0]), lastIdx = parts.indexOf(shown[shown.length - 1]);
    return (first > 0 ? "…" : "") + shown.join(lastIdx - first > shown.length - 1 ? "…" : "") +
      (lastIdx < parts.length - 1 ? "…" : "");
  }

  function root(url) { return new URL(url, ROOT).href; }

  function citeButtons(item) {
    return window.kbMaterials ? window.kbMaterials.tools(function () { return item; }) : el("span");
  }

  function resultItem(d, t, re, phrases) {
    var li = el("li", "kb-sp-result");
    var head = el("p", "kb-sp-title"), link = el("a");
    var meta = el("p", "kb-sp-meta");
    var snip = el("p", "kb-sp-snippet");
    var item;
    if (t.kind === "speech") {
      var speech = META.speeches[t.sp];
      li.dataset.section = speech[0] + "#" + (t.anchor || "");
      /* The paragraph to show and link: the first with every phrase, else with a hit. */
      var para = t.paragraphs.find(function (p) {
        return phrases.length && phrases.every(function (x) { return fold(p[1]).indexOf(fold(x)) >= 0; });
      }) || t.paragraphs.find(function (p) {
        return phrases.some(function (x) { return fold(p[1]).indexOf(fold(x)) >= 0; });
      }) || t.paragraphs.find(function (p) { return hits(p[1], re); }) || null;
      if (!para && t.paragraphs.length) para = t.paragraphs[0];
      var anchor = para ? para[0] : t.anchor;
      link.href = root(t.url + (anchor ? "#" + anchor : ""));
      marked(link, speech[1], re);
      var date = window.kbMaterials ? window.kbMaterials.formatDate(speech[2]) : speech[2];
      var where = [date || "未注明日期", speech[4], speech[5]].filter(Boolean).join(" · ");
      meta.appendChild(marked(el("span", "kb-sp-date"), where, null));
      if (t.path.length) {
        meta.appendChild(document.createTextNode(" ｜ "));
        meta.appendChild(marked(el("span", "kb-sp-path"), t.path.join(" › "), re));
      }
      if (para) marked(snip, sentences(para[1], re, phrases), re);
      if (para) item = {text: para[1], title: speech[1], date: speech[2], speaker: speech[4], unit: speech[5],
                        heading: t.path.join(" › "), url: new URL(root(t.url + "#" + para[0])).pathname + "#" + para[0]};
    } else {
      li.dataset.section = t.url + "#" + (t.anchor || "");
      link.href = root(t.url + (t.anchor ? "#" + t.anchor : ""));
      marked(link, t.title || t.url, re);
      meta.appendChild(el("span", "kb-sp-kind", /^glossary\//.test(t.url) ? "提法释义" : /^topics\//.test(t.url) ? "专题" : "站内页面"));
      var blocks = t.blocks.filter(function (b) { return hits(b, re); }).slice(0, 2);
      if (!blocks.length) blocks = t.blocks.slice(0, 1);
      marked(snip, blocks.join("…"), re);
      if (blocks.length) item = {text: blocks.join(""), title: t.title, date: "", url: new URL(link.href).pathname + new URL(link.href).hash};
    }
    head.appendChild(link);
    li.appendChild(head);
    li.appendChild(meta);
    if (snip.textContent) li.appendChild(snip);
    if (item) {
      var tools = el("p", "kb-sp-tools");
      tools.appendChild(citeButtons(item));
      li.appendChild(tools);
    }
    return li;
  }

  /* Options [[value, label], ...] (+ a disabled note); rebuilt only when they changed. */
  function fillSelect(select, options, value, more) {
    var signature = JSON.stringify([options, more || ""]);
    if (select.dataset.signature === signature) {
      select.value = options.some(function (o) { return o[0] === value; }) ? value : "";
      return;
    }
    select.dataset.signature = signature;
    var first = select.options[0];
    select.textContent = "";
    select.appendChild(first);
    options.forEach(function (o) {
      var opt = el("option", "", o[1]);
      opt.value = o[0];
      if (o[0] === value) opt.selected = true;
      select.appendChild(opt);
    });
    if (more) {
      var note = el("option", "", more);
      note.disabled = true;
      note.value = "\u0000more";
      select.appendChild(note);
    }
    if (!options.some(function (o) { return o[0] === value; })) select.value = "";
  }

  /* Each speech's label in the speech input: its title as text only (□□ for redactions), with
   * its date (else its id) when another speech has the same title. */
  var SPEECH_LABEL = [], SPEECH_BY_LABEL = {};
  function speechLabels() {
    var seen = {};
    META.speeches.forEach(function (x) { var t = plainRedactions(x[1]); seen[t] = (seen[t] || 0) + 1; });
    SPEECH_LABEL = META.speeches.map(function (x) {
      var t = plainRedactions(x[1]);
      return seen[t] > 1 ? t + "（" + (x[2] || x[0]) + "）" : t;
    });
    SPEECH_LABEL.forEach(function (label, i) {
      if (!Object.prototype.hasOwnProperty.call(SPEECH_BY_LABEL, label)) SPEECH_BY_LABEL[label] = META.speeches[i][0];
    });
  }
  /* The speech typed or chosen: its id, "" for none, else the text as typed (readState then
   * says that there is no such speech). */
  function speechOfInput(text) {
    text = text.trim();
    if (!text) return "";
    if (Object.prototype.hasOwnProperty.call(SPEECH_BY_LABEL, text)) return SPEECH_BY_LABEL[text];
    var ids = META.speeches.filter(function (x) { return x[0] === text; });
    return ids.length ? ids[0][0] : text;
  }
  /* The datalist's options (hundreds of them: the slowest part of a render) are made only
   * when they can be used: when the input gets focus, or in idle time after the results. */
  var pendingSpeeches = null;
  function applySpeeches() {
    if (!pendingSpeeches) return;
    var options = pendingSpeeches, list = els.speechList, frag = document.createDocumentFragment();
    pendingSpeeches = null;
    options.forEach(function (o) {
      var opt = el("option", "", o[1]);
      opt.value = o[0];
      frag.appendChild(opt);
    });
    list.textContent = "";
    list.appendChild(frag);
  }
  function fillSpeeches(options, s) {
    var signature = options.length + "\u0000" + options.map(function (o) { return o[0] + "\u0001" + o[1]; }).join("\u0000");
    if (els.speechList.dataset.signature !== signature) {
      els.speechList.dataset.signature = signature;
      pendingSpeeches = options;
      if (document.activeElement === els.speech) applySpeeches();
      else (window.requestIdleCallback || setTimeout)(applySpeeches);
    }
    var chosen = META.speeches.findIndex(function (x) { return x[0] === s.speech; });
    els.speech.value = chosen >= 0 ? SPEECH_LABEL[chosen] : s.speechTyped || "";   /* what was typed stays */
    els.speech.placeholder = "全部讲话（" + options.length + " 篇含结果）";
  }

  function renderFilters(c, s) {
    var years = {};
    META.speeches.forEach(function (x, i) { var y = yearOf(i); if (y !== null) years[y] = true; });
    var ys = Object.keys(years).map(Number).sort(function (a, b) { return b - a; });
    var yearOptions = ys.map(function (y) { return [String(y), y + "年（" + (c.year[String(y)] || 0) + "）"]; });
    fillSelect(els.from, yearOptions, s.year && s.year[0] !== null ? String(s.year[0]) : "");
    fillSelect(els.to, yearOptions, s.year && s.year[1] !== null ? String(s.year[1]) : "");
    fillSelect(els.topic, META.topics.map(function (t) { return [t[0], t[1] + "（" + (c.topic[t[0]] || 0) + "）"]; }), s.topic);
    /* Every speech with results (and the chosen one), most results first, in the datalist of
     * the speech input: typing filters it, each title with its count. */
    var withResults = META.speeches.map(function (x, i) { return [x, i]; })
      .filter(function (p) { return c.speech[p[0][0]] || p[0][0] === s.speech; })
      .sort(function (a, b) { return (c.speech[b[0][0]] || 0) - (c.speech[a[0][0]] || 0) || a[1] - b[1]; });
    fillSpeeches(withResults.map(function (p) { return [SPEECH_LABEL[p[1]], (c.speech[p[0][0]] || 0) + " 条"]; }), s);
    var people = false;
    ["speaker", "unit"].forEach(function (name, n) {
      var values = {};
      META.speeches.forEach(function (x) { if (x[4 + n]) { values[x[4 + n]] = true; people = true; } });
      fillSelect(els[name], Object.keys(values).sort().map(function (v) { return [v, plainRedactions(v) + "（" + (c[name][v] || 0) + "）"]; }), s[name]);
    });
    els.people.hidden = !people;
    els.order.value = s.order;
  }

  function pager(total, page, s) {
    els.pager.textContent = "";
    var pages = Math.ceil(total / pageSize);
    if (pages <= 1) return;
    var list = el("ul", "kb-sp-pages");
    function add(n, label, current, rel) {
      var li = el("li");
      var a = el("a", "kb-sp-page", label);
      a.href = stateUrl(s, n).href;
      if (current) a.setAttribute("aria-current", "page");
      if (rel) a.setAttribute("aria-label", rel);
      else a.setAttribute("aria-label", "第 " + n + " 页");
      li.appendChild(a);
      list.appendChild(li);
    }
    if (page > 1) add(page - 1, "‹ 上一页", false, "上一页（第 " + (page - 1) + " 页）");
    var shown = {};
    [1, 2, page - 2, page - 1, page, page + 1, page + 2, pages - 1, pages].forEach(function (n) {
      if (n >= 1 && n <= pages) shown[n] = true;
    });
    var last = 0;
    Object.keys(shown).map(Number).sort(function (a, b) { return a - b; }).forEach(function (n) {
      if (n - last > 1) list.appendChild(el("li", "kb-sp-gap", "…"));
      add(n, String(n), n === page);
      last = n;
    });
    if (page < pages) add(page + 1, "下一页 ›", false, "下一页（第 " + (page + 1) + " 页）");
    els.pager.appendChild(list);
  }

  /* "您要找的是不是：X" (links to search/?q=X) and, when the query found nothing, the closest
   * glossary terms (links searching them; else a link to all terms): text nodes only. */
  function offers(suggest, none) {
    els.suggest.textContent = "";
    function line(label, texts) {
      var p = el("p", "kb-sp-offer");
      p.appendChild(document.createTextNode(label));
      texts.forEach(function (text, i) {
        if (i) p.appendChild(document.createTextNode("、"));
        var a = el("a", "kb-sp-offer-link", text);
        a.href = stateUrl({q: text}, 1).href;
        p.appendChild(a);
      });
      els.suggest.appendChild(p);
    }
    var dym = suggest ? suggest.didYouMean : [], closest = suggest && suggest.closest ? suggest.closest : [];
    if (dym.length) line("您要找的是不是：", dym);
    if (!none) return;
    if (closest.length) line(dym.length ? "其他相近的提法：" : "相近的提法：", closest);
    else if (!dym.length) {
      var p = el("p", "kb-sp-offer");
      p.appendChild(document.createTextNode("可以换个说法再搜，或"));
      var all = el("a", "", "浏览全部提法");
      all.href = root("glossary/");
      p.appendChild(all);
      p.appendChild(document.createTextNode("。"));
      els.suggest.appendChild(p);
    }
  }

  function notes(list) {
    els.notes.textContent = "";
    list.forEach(function (n) { els.notes.appendChild(el("p", "kb-sp-note", n)); });
  }

  /* ---- prefetch ----------------------------------------------------------------------------
   * Once a page of results is shown, the files the next step would need are fetched in the
   * background, so that a filter, order or page change shows its results without a download:
   * every result's file when they are few (PREFETCH_FILES at most), else the first page of
   * each one-step change in this order: the next page, the other order, each topic, each year
   * as the first year, each year as the last one, each speaker, each unit (values with most
   * results first), for as many whole pages as PREFETCH_FILES allows. Two at a time, at low
   * priority, not with data saver on; a new render stops it. data-prefetch on the status
   * line: "busy" / "done". */
  var PREFETCH_FILES = 100;     /* data-prefetch-files of the page (kb.pages.search) */

  /* The file docText fetches for `doc` (the same URL, so the same CACHE entry); memoised by
   * speech and page: a common word has thousands of results. */
  var FILE_OF = {};
  function fileOf(doc) {
    var sp = speechOf(doc), key = sp >= 0 ? "t" + sp : "p" + pageOf(doc);
    if (!(key in FILE_OF)) FILE_OF[key] = sp >= 0 ? fullUrl(textName(sp)) : pageUrl(key.slice(1));
    return FILE_OF[key];
  }

  function with_(s, change) {
    var t = {q: s.q, year: s.year, topic: s.topic, speech: s.speech, speaker: s.speaker, unit: s.unit,
             order: s.order, page: 1};
    Object.keys(change).forEach(function (k) { t[k] = change[k]; });
    return t;
  }

  /* The states one change away from `s`, most likely first. */
  function nextStates(s, total) {
    var out = [], c = counts(found.docs, s);
    function byCount(map) {
      return Object.keys(map).filter(function (k) { return k && map[k]; })
        .sort(function (a, b) { return map[b] - map[a] || (a < b ? -1 : 1); });
    }
    if (s.page * pageSize < total) out.push(with_(s, {page: s.page + 1}));
    out.push(with_(s, {order: s.order === "date" ? "" : "date"}));
    if (s.topic) out.push(with_(s, {topic: ""}));
    byCount(c.topic).forEach(function (t) { if (t !== s.topic) out.push(with_(s, {topic: t})); });
    var years = byCount(c.year).map(Number).sort(function (a, b) { return b - a; });
    var last = s.year ? s.year[1] : null, first = s.year ? s.year[0] : null;
    if (s.year) out.push(with_(s, {year: null}));
    years.forEach(function (y) { out.push(with_(s, {year: [y, last !== null && last < y ? y : last]})); });
    years.forEach(function (y) { out.push(with_(s, {year: [first !== null && first > y ? y : first, y]})); });
    ["speaker", "unit"].forEach(function (name) {
      if (s[name]) out.push(with_(s, {[name]: ""}));
      byCount(c[name]).forEach(function (v) { if (v !== s[name]) out.push(with_(s, {[name]: v})); });
    });
    return out;
  }

  function filesOf(docs) {
    var out = {};
    docs.forEach(function (d) { out[fileOf(d.doc)] = true; });
    return Object.keys(out);
  }

  function pause() { return new Promise(function (r) { setTimeout(r, 0); }); }
  /* After the next paint: the results just shown are drawn before any prefetch work. */
  function painted() { return new Promise(function (r) { requestAnimationFrame(function () { setTimeout(r, 0); }); }); }

  async function prefetch(id, s, total) {
    /* Not on a connection the reader asked to spare (data saver). */
    if (navigator.connection && navigator.connection.saveData) return;
    await painted();
    if (id !== renderId) return;
    var todo = [], planned = {};
    function plan(urls) {
      var fresh = urls.filter(function (u) { return !(u in CACHE) && !planned[u]; });
      if (todo.length + fresh.length > PREFETCH_FILES) return false;
      fresh.forEach(function (u) { planned[u] = true; todo.push(u); });
      return true;
    }
    if (!plan(filesOf(found.docs))) {
      for (var next of nextStates(s, total)) {
        /* Each state is worked out in a task of its own: a click or key press comes first. */
        await pause();
        if (id !== renderId) return;
        var all = sortDocs(found.docs.filter(function (d) { return passes(d.doc, next); }), next.order);
        var start = (next.page - 1) * pageSize;
        if (!plan(filesOf(all.slice(start, start + pageSize)))) break;
      }
    }
    var at = 0;
    async function fetcher() {
      while (at < todo.length && id === renderId) {
        /* a file that fails is asked for again when shown */
        await getJSON(todo[at++], {priority: "low"}).catch(function () {});
      }
    }
    await Promise.all([fetcher(), fetcher()]);
  }

  var renderId = 0, shownAt = null;
  /* data-state on the status line: "busy" while a render runs, "done" when it has finished. */
  async function render(focusResults) {
    var id = ++renderId;
    var then = null;
    els.status.dataset.state = "busy";
    els.status.dataset.prefetch = "busy";
    try { then = await renderNow(id, focusResults); }
    finally { if (id === renderId) { els.status.dataset.state = "done"; shownAt = performance.now(); } }
    /* The results are shown (state "done"): now the files of the likely next steps. */
    if (then && id === renderId) await then();
    if (id === renderId) els.status.dataset.prefetch = "done";
  }
  async function renderNow(id, focusResults) {
    var s = state;
    els.q.value = s.q;
    var note = s.notes.slice();
    els.results.textContent = "";
    els.pager.textContent = "";
    els.suggest.textContent = "";
    if (!s.q.trim()) {
      notes(note);
      renderFilters(counts([], s), s);
      els.status.textContent = "请输入要查找的词。" + "多个词用空格分开；\"短语\"按原样查找；-词 排除。";
      return;
    }
    if (!found || found.query !== s.q) {
      els.status.textContent = "正在搜索…";
      var result = await runQuery(s.q);
      if (id !== renderId) return;
      found = result;
    }
    if (!found.items.some(function (i) { return !i.neg; })) {
      notes(note);
      renderFilters(counts([], s), s);
      els.status.textContent = "“" + s.q + "”中没有可查找的字词（只有标点、空格或排除词）。请输入汉字、字母或数字。";
      return;
    }
    var all = sortDocs(found.docs.filter(function (d) { return passes(d.doc, s); }), s.order);
    var pages = Math.max(1, Math.ceil(all.length / pageSize));
    if (s.page > pages) { note.push("没有第 " + s.page + " 页，已显示最后一页（第 " + pages + " 页）。"); s.page = pages; }
    /* The texts of the page shown are requested first: the counts and filters are worked out
     * while they arrive. */
    var start = (s.page - 1) * pageSize, shown = all.slice(start, start + pageSize);
    var texts = Promise.all(shown.map(function (d) { return docText(d.doc); }));
    texts.catch(function () {});     /* awaited below (an error is reported there) */
    notes(note);
    renderFilters(counts(found.docs, s), s);
    offers(found.suggest, !found.docs.length);
    if (!all.length) {
      var why = found.missing.length && found.missing.join(" ") !== s.q.trim()    /* not the query again */
        ? "索引中没有“" + found.missing.join("”“") + "”。" : "";
      els.status.textContent = (found.docs.length ? "没有找到符合条件的段落。" : "没有找到 “" + s.q.trim() + "”。") + why +
        (found.docs.length ? "去掉一些筛选条件，可以看到全部 " + found.docs.length + " 条结果。" : "可以换一个说法，或少输入几个词。");
      return;
    }
    texts = await texts;
    if (id !== renderId) return;
    var phrases = found.items.filter(function (i) { return i.phrase && !i.neg; }).map(function (i) { return i.text; });
    shown.forEach(function (d, n) { els.results.appendChild(resultItem(d, texts[n], found.marker, phrases)); });
    els.results.start = start + 1;
    els.status.textContent = "共 " + all.length + " 条结果" + (pages > 1 ? "，第 " + (start + 1) + "–" +
      (start + shown.length) + " 条（第 " + s.page + " / " + pages + " 页）" : "") +
      (s.order === "date" ? "，按日期排列（新的在前）" : "，按相关度排列") + "。";
    pager(all.length, s.page, s);
    if (focusResults) els.status.focus();
    return function () { return prefetch(id, s, all.length); };
  }

  /* ---- events -------------------------------------------------------------------------- */

  function fromForm() {
    var s = {q: els.q.value.trim(), topic: els.topic.value, speech: speechOfInput(els.speech.value), speaker: els.speaker.value,
             unit: els.unit.value, order: els.order.value, year: null};
    var a = els.from.value ? Number(els.from.value) : null, b = els.to.value ? Number(els.to.value) : null;
    if (a !== null && b !== null && a > b) { var x = a; a = b; b = x; }
    if (a !== null || b !== null) s.year = [a, b];
    return s;
  }

  function go(s, push) {
    var url = stateUrl(s, 1);
    if (push) history.pushState(null, "", url.href); else history.replaceState(null, "", url.href);
    state = readState(new URL(location.href));
    render();
  }

  async function start() {
    var box = document.getElementById("kb-sp");
    ["q", "from", "to", "topic", "speech", "speaker", "unit", "order"].forEach(function (n) {
      els[n] = document.getElementById("kb-sp-" + n);
    });
    els.form = document.getElementById("kb-sp-form");
    els.status = document.getElementById("kb-sp-status");
    els.status.tabIndex = -1;
    els.notes = document.getElementById("kb-sp-notes");
    els.results = document.getElementById("kb-sp-results");
    els.pager = document.getElementById("kb-sp-pager");
    els.suggest = document.getElementById("kb-sp-suggest");
    els.people = document.getElementById("kb-sp-people");
    els.speechList = document.getElementById("kb-sp-speech-list");
    pageSize = Number(box.dataset.pageSize) || 20;
    maxQuery = Number(box.dataset.maxQuery) || 100;
    if (box.dataset.prefetchFiles !== undefined) PREFETCH_FILES = Number(box.dataset.prefetchFiles) || 0;
    els.status.textContent = "正在载入索引…";
    try {
      var index = await getJSON(new URL("search/search_index.json", ROOT).href);
      KB = index.config.kb;
      R = KB.results;
      /* The metadata is fetched while the query script loads, before any query is typed. */
      var meta = full("m.json");
      Q = (await loadScript(KB.query, "kbQuery"))(KB);
      KEYS = Q.keys;
      RUNS = Q.runs;
      META = expandMeta(await meta);
      speechLabels();
    } catch (err) {
      els.status.textContent = "搜索索引无法载入，请刷新页面重试。";
      return;
    }
    state = readState(START);
    els.form.addEventListener("submit", function (e) {
      e.preventDefault();
      var s = fromForm();     /* the same address again (Enter after a change): no second history entry */
      go(s, stateUrl(s, 1).href !== location.href);
    });
    ["from", "to", "topic", "speech", "speaker", "unit", "order"].forEach(function (n) {
      els[n].addEventListener("change", function () {
        var s = fromForm();
        if (stateUrl(s, 1).href !== location.href) go(s, true);   /* (a datalist choice was applied on input) */
      });
    });
    els.speech.addEventListener("focus", applySpeeches);
    /* Choosing from the datalist gives an input event with the whole label: apply it at once. */
    els.speech.addEventListener("input", function (e) {
      var text = els.speech.value.trim();
      if ((e.inputType === "insertReplacementText" || e.inputType === undefined) &&
          Object.prototype.hasOwnProperty.call(SPEECH_BY_LABEL, text) && SPEECH_BY_LABEL[text] !== state.speech)
        go(fromForm(), true);
    });
    els.suggest.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a.kb-sp-offer-link");
      if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      history.pushState(null, "", a.href);
      state = readState(new URL(location.href));
      render(true);
    });
    els.pager.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("a.kb-sp-page");
      if (!a || e.ctrlKey || e.metaKey || e.shiftKey) return;
      e.preventDefault();
      history.pushState(null, "", a.href);
      state = readState(new URL(location.href));
      render(true);
    });
    window.addEventListener("popstate", function () { state = readState(new URL(location.href)); render(); });
    await render();
    if (!state.q) els.q.focus();
  }

  window.addEventListener("load", function () {
    if (hidden && location.href === hidden.href)       /* the address as it was sent */
      history.replaceState(history.state, "", START.href);
  });
  document.addEventListener("DOMContentLoaded", function () {
    start().catch(function (err) {
      console.warn("search page", err);
      var status = document.getElementById("kb-sp-status");
      if (status) status.textContent = "搜索出错，请刷新页面重试。";
    });
  });
  /* For scripts/bench.py: the query reader, and when the last results were shown (a download
     that started later is background fetching). */
  window.kbSearchPage = {parseQuery: function (q) { return parseQuery(q); },
                         shownAt: function () { return shownAt; }};
})();
