/* Page behaviour shared by every page (one small file, cached): the 大字号 switch, paragraph
 * links, unfolding long passages, term tooltips, the search box's count and suggestions.
 *
 * Long passages (topic pages) unfold on their button.
 *
 * Paragraph links: each speech paragraph (p.kb-para with its fixed id) gets its "¶" link to
 * itself here rather than in the HTML (~2.5 KB a speech page); without script the paragraph
 * ids still work as link targets.
 *
 * Term tooltips. A linked term (a.kb-term) carries no text of its own: the short explanations
 * are one site-wide file, kb-tips.json next to this script ({slug: "提法：释义"}, fetched once and
 * cached by the browser). One tooltip element (role="tooltip") is shown below the term on mouse
 * hover and on keyboard focus, and is the link's aria-describedby while shown; Escape hides it.
 * The pointer may move from the term onto the tooltip (to read or select it): leaving the term
 * hides it only after a moment, unless the pointer is then on the tooltip (WCAG 1.4.13).
 * On touch, the first tap on a term shows its explanation and a second tap follows the link.
 * Terms without a definition are not in the file and show "<term>（见提法释义）". */
// 大字号: the header's switch (overrides/partials/header.html) toggles html.kb-large and keeps the
// choice in this browser; overrides/main.html applies a stored choice in <head>, before the
// page is drawn. Without storage (private mode) the switch still works for the page.
(function () {
  "use strict";
  var KEY = "kb-text-size", root = document.documentElement;
  var button = document.querySelector(".kb-size-toggle");
  if (!button) return;
  function show() {
    var large = root.classList.contains("kb-large");
    button.setAttribute("aria-pressed", String(large));
    button.title = large ? "恢复标准字号" : "放大全站文字，本浏览器会记住";
  }
  button.addEventListener("click", function () {
    var large = root.classList.toggle("kb-large");
    try {
      if (large) window.localStorage.setItem(KEY, "large");
      else window.localStorage.removeItem(KEY);
    } catch (err) { /* storage refused: this page only */ }
    show();
    window.dispatchEvent(new Event("resize"));    // Material re-measures its sidebars
  });
  show();
})();

(function () {
  "use strict";
  document.querySelectorAll("p.kb-para[id]").forEach(function (p) {
    var a = document.createElement("a");
    a.className = "kb-para-anchor";
    a.href = "#" + p.id;
    a.title = "本段链接";
    a.textContent = "¶";
    p.appendChild(a);
  });
})();

// Long passages on topic pages: the button under a clamped passage shows all of it, and back.
document.addEventListener("click", function (e) {
  var button = e.target.closest && e.target.closest("button.kb-fold-more");
  var text = button && button.previousElementSibling;
  if (!text || !text.classList.contains("kb-clamp")) return;
  if (!button.dataset.label) button.dataset.label = button.textContent;
  var open = text.classList.toggle("kb-open");
  button.setAttribute("aria-expanded", String(open));
  button.textContent = open ? "收起" : button.dataset.label;
});

(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || !window.fetch) return;
  var source = new URL("kb-tips.json", script.src);
  var tips = null, loading = null, box = null, current = null, armed = null, lastPointer = "mouse";
  var hideTimer = null;

  function cancelHide() {
    if (hideTimer) window.clearTimeout(hideTimer);
    hideTimer = null;
  }

  function hideSoon(link) {
    cancelHide();
    hideTimer = window.setTimeout(function () { hideTimer = null; hide(link); }, 300);
  }

  function load() {
    if (!loading) {
      loading = fetch(source).then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; })
        .then(function (data) { tips = data; return data; });
    }
    return loading;
  }

  function termOf(target) {
    return target && target.closest ? target.closest("a.kb-term") : null;
  }

  function text(link) {
    var match = /\/glossary\/([^\/]+)\/(?:index\.html)?$/.exec(new URL(link.href).pathname);
    var slug = match ? decodeURIComponent(match[1]) : "";
    return (tips && tips[slug]) || link.textContent + "（见提法释义）";
  }

  function place(link) {
    var rects = link.getClientRects(), rect = rects.length ? rects[0] : link.getBoundingClientRect();
    var width = document.documentElement.clientWidth;
    box.style.left = "0px";
    box.style.top = "0px";
    var left = Math.max(8, Math.min(rect.left, width - box.offsetWidth - 8));
    var top = rect.bottom + 6;
    if (top + box.offsetHeight > window.innerHeight && rect.top - box.offsetHeight - 6 > 0) {
      top = rect.top - box.offsetHeight - 6;      // no room below: show it above the term
    }
    box.style.left = left + window.scrollX + "px";
    box.style.top = top + window.scrollY + "px";
  }

  function show(link) {
    if (!box) {
      box = document.createElement("div");
      box.id = "kb-tip";
      box.className = "kb-tip";
      box.setAttribute("role", "tooltip");
      box.hidden = true;
      box.addEventListener("mouseover", cancelHide);
      box.addEventListener("mouseout", function (e) {
        if (current && !box.contains(e.relatedTarget) && !current.contains(e.relatedTarget) &&
            document.activeElement !== current) hideSoon(current);
      });
      document.body.appendChild(box);
    }
    cancelHide();
    if (current && current !== link) current.removeAttribute("aria-describedby");
    current = link;
    load().then(function () {
      if (current !== link) return;
      box.textContent = text(link);
      box.hidden = false;
      link.setAttribute("aria-describedby", "kb-tip");
      place(link);
    });
  }

  function hide(link) {
    if (!current || (link && link !== current)) return;
    cancelHide();
    current.removeAttribute("aria-describedby");
    current = armed = null;
    if (box) box.hidden = true;
  }

  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType || "mouse"; }, true);
  document.addEventListener("mouseover", function (e) {
    var link = termOf(e.target);
    if (link && lastPointer === "mouse") show(link);
  });
  document.addEventListener("mouseout", function (e) {
    var link = termOf(e.target);
    if (link && !link.contains(e.relatedTarget) && document.activeElement !== link &&
        !(box && box.contains(e.relatedTarget))) hideSoon(link);
  });
  document.addEventListener("focusin", function (e) {
    var link = termOf(e.target);
    if (link) show(link);
  });
  document.addEventListener("focusout", function (e) { hide(termOf(e.target)); });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") hide();
  });
  document.addEventListener("click", function (e) {
    var link = termOf(e.target);
    if (lastPointer !== "touch" && lastPointer !== "pen") return;
    if (!link) { hide(); return; }
    if (armed !== link) {            // first tap: explain; a second tap on it follows the link
      e.preventDefault();
      armed = link;
      show(link);
    }
  });
  window.addEventListener("resize", function () { if (current && box && !box.hidden) place(current); });
  if (document.querySelector("a.kb-term")) load();
})();

// Search result list: the count, "没有找到 “…”" and "您要找的是不是：…". The search worker
// (hooks/kb/search/worker.js) answers Material's search box; besides the results its answer
// carries `kb` ({query, found, didYouMean, closest}), which Material ignores; the worker also
// posts it on the BroadcastChannel "kb-search", where this script reads it (Material creates
// the worker before this script runs, so its messages cannot be listened to here).
// - The worker lists at most the best `kbResultPages` pages (written into the page config by
//   hooks/search_index.py), and Material's box counts the pages it was given: at that cap
//   "20 个符合条件的结果" would understate a term found in hundreds of speeches, so the count
//   then says these are the most relevant pages.
// - Nothing found: the count says "没有找到 “<query>”" and below it the glossary terms closest
//   to the query are offered (else a link to all terms).
// - A query within a character or two of a term (一岗双则): "您要找的是不是：一岗双责" above the
//   results. Each offered term is a link that searches it in the box (arrow keys reach it as
//   they reach the results).
(function () {
  "use strict";
  var config = document.getElementById("__config");
  var settings = config ? JSON.parse(config.textContent) : {};
  var cap = settings.kbResultPages;
  var latest = null;
  if (!window.BroadcastChannel || !window.MutationObserver) return;
  new BroadcastChannel("kb-search").addEventListener("message", function (ev) {
    latest = ev.data || null;
    render();
  });

  // The query as Material may have rewritten it before sending (quotes, +, spaces dropped).
  function bare(text) { return String(text || "").replace(/["“”'‘’+\s]/g, ""); }

  function setText(el, text) { if (el.textContent !== text) el.textContent = text; }

  function searchFor(text) {
    var input = document.querySelector(".md-search__input");
    if (!input) return;
    input.value = text;
    input.focus();
    input.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true}));   // Material reads keyup
  }

  function offer(line, label, texts) {
    line.appendChild(document.createTextNode(label));
    texts.forEach(function (text, i) {
      if (i) line.appendChild(document.createTextNode("、"));
      // A link, so that Material's arrow keys reach it like the results (its search closes
      // when focus leaves the box by Tab); it opens the search with ?q= when opened apart.
      var link = document.createElement("a");
      link.className = "kb-search-offer";
      link.href = location.pathname + "?q=" + encodeURIComponent(text);
      link.textContent = text;
      link.addEventListener("click", function (e) {
        e.preventDefault();
        e.stopPropagation();      // Material closes the search on a click on a link
        searchFor(text);
      });
      line.appendChild(link);
    });
  }

  function noteFor(data) {
    var note = document.createElement("div");
    note.id = "kb-search-note";
    note.className = "kb-search-note";
    note.dataset.key = JSON.stringify(data);
    if (data.didYouMean.length) {
      var line = document.createElement("p");
      offer(line, "您要找的是不是：", data.didYouMean);
      note.appendChild(line);
    }
    if (!data.found) {
      var rest = document.createElement("p");
      if (data.closest.length) {
        offer(rest, data.didYouMean.length ? "其他相近的提法：" : "相近的提法：", data.closest);
      } else if (!data.didYouMean.length) {
        rest.appendChild(document.createTextNode("可以换个说法再搜，或"));
        var all = document.createElement("a");
        all.href = new URL(String(settings.base || ".").replace(/\/?$/, "/") + "glossary/", location.href).href;
        all.textContent = "浏览全部提法";
        rest.appendChild(all);
        rest.appendChild(document.createTextNode("。"));
      }
      if (rest.childNodes.length) note.appendChild(rest);
    }
    return note;
  }

  function render() {
    var meta = document.querySelector(".md-search-result__meta");
    var input = document.querySelector(".md-search__input");
    if (!meta) return;
    var old = document.getElementById("kb-search-note");
    var data = latest && input && input.value.trim() && bare(input.value) === bare(latest.query)
      ? latest : null;
    if (data && !data.found) {
      setText(meta, "没有找到 “" + input.value.trim() + "”");
    } else {
      var m = /^(\d+) /.exec(meta.textContent);
      if (m && cap && Number(m[1]) >= cap)
        setText(meta, "最相关的 " + m[1] + " 个页面（结果较多，可输入更多词缩小范围）");
    }
    var wanted = data && (data.didYouMean.length || !data.found) ? noteFor(data) : null;
    if (old && wanted && old.dataset.key === wanted.dataset.key) return;
    if (old) old.remove();
    if (wanted) meta.parentNode.insertBefore(wanted, meta.nextSibling);
  }

  function watch() {
    var meta = document.querySelector(".md-search-result__meta");
    if (meta) new MutationObserver(render).observe(meta, {childList: true, characterData: true, subtree: true});
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
})();

// Phones: the floating "目录" link (hooks/page_toc.py) opens the in-page table of contents it
// jumps to; a link in it closes it again once followed.
document.addEventListener("click", function (e) {
  var fab = e.target.closest && e.target.closest("a.kb-toc-fab");
  var toc = document.getElementById("kb-page-toc");
  if (!toc) return;
  if (fab) toc.open = true;
  else if (e.target.closest && e.target.closest("#kb-page-toc nav a")) toc.open = false;
});
