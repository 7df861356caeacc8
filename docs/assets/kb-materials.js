/* 党建知识库: quoting with the source, and the 学习资料 basket (every page; small and cached).
 *
 * - 复制引文: copies a paragraph's text (redaction markers as written) followed by its source,
 *     ——摘自《讲话标题》（2022年3月，讲话人，单位）
 *     http://…/speeches/…/#p-xxxxxx
 *   on every speech paragraph (p.kb-para), every topic-page passage (.kb-passage) and every
 *   search result (kb-search.js calls window.kbMaterials).
 * - 加入学习资料: keeps the passage with its source in localStorage ("kb-materials"; nothing
 *   leaves the machine); the basket page (materials/, #kb-mt) lists, reorders, clears, copies
 *   as plain text and prints them.
 * - The header search box: Enter opens the search results page (search/?q=…) and a
 *   "查看全部结果" link sits under the quick results.
 * Every control is a real button or link (keyboard and screen reader); what happened is
 * announced in a polite live region.
 */
(function () {
  "use strict";
  var KEY = "kb-materials";
  var script = document.currentScript;
  var ROOT = script ? new URL("../", script.src) : new URL("/", location.href);

  /* "2022" -> "2022年", "2022-03" -> "2022年3月", "2022-03-05" -> "2022年3月5日"; else as written. */
  function formatDate(date) {
    var m = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/.exec(String(date || "").trim());
    if (!m) return String(date || "").trim();
    return m[1] + "年" + (m[2] ? Number(m[2]) + "月" : "") + (m[3] ? Number(m[3]) + "日" : "");
  }

  /* The source line and URL of a passage {text, title, date, speaker, unit, url}. */
  function source(item) {
    var parts = [formatDate(item.date), item.speaker, item.unit].filter(function (s) { return s; });
    return "——摘自《" + (item.title || "") + "》" + (parts.length ? "（" + parts.join("，") + "）" : "");
  }

  function cite(item) {
    return item.text + "\n" + source(item) + "\n" + new URL(item.url, location.href).href;
  }

  var live = null;
  function announce(message) {
    if (!live) {
      live = document.createElement("p");
      live.className = "kb-live";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      document.body.appendChild(live);
    }
    live.textContent = "";
    setTimeout(function () { live.textContent = message; }, 30);
  }

  /* The clipboard API where the page is a secure context, else a selected textarea. */
  function copy(text) {
    function fallback() {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.left = "-9999px";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (err) { ok = false; }
      document.body.removeChild(area);
      return ok ? Promise.resolve() : Promise.reject(new Error("copy"));
    }
    var done = navigator.clipboard && window.isSecureContext
      ? navigator.clipboard.writeText(text).catch(fallback) : fallback();
    return done.then(function () { return true; }, function () { return false; });
  }

  function copyCitation(item) {
    return copy(cite(item)).then(function (ok) {
      announce(ok ? "已复制引文（段落及出处）" : "浏览器不允许复制，请手动选中段落复制");
      return ok;
    });
  }

  /* ---- the basket ---------------------------------------------------------------------- */

  function items() {
    try {
      var list = JSON.parse(localStorage.getItem(KEY) || "[]");
      return Array.isArray(list) ? list.filter(function (x) { return x && typeof x.text === "string" && typeof x.url === "string"; }) : [];
    } catch (err) { return []; }
  }
  function save(list) {
    try { localStorage.setItem(KEY, JSON.stringify(list)); return true; }
    catch (err) { announce("无法保存学习资料（浏览器禁止本地存储或空间已满）"); return false; }
  }
  function has(url) { return items().some(function (x) { return x.url === url; }); }
  function add(item) {
    var list = items();
    if (list.some(function (x) { return x.url === item.url; })) { announce("这段已在学习资料中"); return false; }
    list.push({text: item.text, title: item.title || "", date: item.date || "", speaker: item.speaker || "",
               unit: item.unit || "", heading: item.heading || "", url: item.url});
    if (save(list)) announce("已加入学习资料（共 " + list.length + " 段）");
    return true;
  }

  function button(label, cls, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "kb-tool " + cls;
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  /* 复制引文 and 加入学习资料 for a passage; `get` returns its item when clicked. */
  function tools(get) {
    var span = document.createElement("span");
    span.className = "kb-tools kb-noprint";
    span.appendChild(button("复制引文", "kb-cite", function () { copyCitation(get()); }));
    var adder = button("加入学习资料", "kb-add", function () {
      add(get());
      adder.textContent = "已在学习资料中";
    });
    span.appendChild(adder);
    return span;
  }

  /* Text of an element without the tools, anchors and permalinks the scripts added. */
  function textOf(el) {
    var clone = el.cloneNode(true);
    clone.querySelectorAll(".kb-tools, .kb-para-anchor, .headerlink").forEach(function (n) { n.remove(); });
    return clone.textContent.replace(/\s+/g, " ").trim();
  }

  /* A speech page: title, date (and speaker / unit when the page names them) from its head. */
  function speechSource() {
    var h1 = document.querySelector("article h1");
    var out = {title: h1 ? textOf(h1) : document.title, date: "", speaker: "", unit: ""};
    document.querySelectorAll(".kb-speech-meta dt").forEach(function (dt) {
      var dd = dt.nextElementSibling, value = dd ? textOf(dd) : "";
      if (dt.textContent === "时间") out.date = value;
      else if (dt.textContent === "讲话人") out.speaker = value;
      else if (dt.textContent === "单位") out.unit = value;
    });
    return out;
  }

  function headingOf(p) {
    for (var n = p.previousElementSibling; n; n = n.previousElementSibling)
      if (/^H[2-6]$/.test(n.tagName)) return textOf(n);
    return "";
  }

  function decorate() {
    var paras = document.querySelectorAll("p.kb-para[id]");
    if (paras.length) {
      var meta = speechSource();
      paras.forEach(function (p) {
        p.appendChild(tools(function () {
          return {text: textOf(p), title: meta.title, date: meta.date, speaker: meta.speaker, unit: meta.unit,
                  heading: headingOf(p), url: location.pathname + "#" + p.id};
        }));
      });
    }
    document.querySelectorAll(".kb-passage").forEach(function (box) {
      var text = box.querySelector(".kb-passage-text"), link = box.querySelector("a.kb-passage-link");
      var foot = box.querySelector(".kb-passage-foot");
      if (!text || !link || !foot) return;
      foot.appendChild(tools(function () {
        var h = box.previousElementSibling, metaLine = "";
        while (h && !/^H[1-6]$/.test(h.tagName)) {
          if (h.classList.contains("kb-passage-meta")) metaLine = h.textContent;
          h = h.previousElementSibling;
        }
        var path = box.querySelector(".kb-passage-path");
        return {text: textOf(text), title: h ? textOf(h) : "", date: metaLine.split(" · ")[0].trim(),
                heading: path ? textOf(path) : "", url: new URL(link.getAttribute("href"), location.href).pathname +
                new URL(link.getAttribute("href"), location.href).hash};
      }));
    });
  }

  /* ---- the basket page ----------------------------------------------------------------- */

  function basketPage(root) {
    var list = document.getElementById("kb-mt-list"), status = document.getElementById("kb-mt-status");
    function say(message) { status.textContent = message; }
    function render(focusIndex, focusClass) {
      var all = items();
      list.textContent = "";
      all.forEach(function (item, i) {
        var li = document.createElement("li");
        li.className = "kb-mt-item";
        var text = document.createElement("p");
        text.className = "kb-mt-text";
        text.textContent = item.text;
        var src = document.createElement("p");
        src.className = "kb-mt-source";
        var a = document.createElement("a");
        a.href = new URL(item.url, location.href).href;
        a.textContent = source(item).replace(/^——/, "");
        src.appendChild(document.createTextNode("——"));
        src.appendChild(a);
        if (item.heading) {
          var h = document.createElement("span");
          h.className = "kb-mt-heading";
          h.textContent = " · " + item.heading;
          src.appendChild(h);
        }
        var tools = document.createElement("p");
        tools.className = "kb-mt-item-tools kb-noprint";
        function move(delta, cls) {
          return function () {
            var now = items(), j = i + delta;
            if (j < 0 || j >= now.length) return;
            var x = now[i]; now[i] = now[j]; now[j] = x;
            save(now);
            render(j, cls);
            say("已移到第 " + (j + 1) + " 段");
          };
        }
        var up = button("上移", "kb-mt-up", move(-1, "kb-mt-up"));
        up.setAttribute("aria-label", "上移第 " + (i + 1) + " 段");
        up.disabled = i === 0;
        var down = button("下移", "kb-mt-down", move(1, "kb-mt-down"));
        down.setAttribute("aria-label", "下移第 " + (i + 1) + " 段");
        down.disabled = i === all.length - 1;
        var cp = button("复制引文", "kb-cite", function () { copyCitation(item); });
        cp.setAttribute("aria-label", "复制第 " + (i + 1) + " 段的引文");
        var rm = button("移除", "kb-mt-remove", function () {
          var now = items();
          now.splice(i, 1);
          save(now);
          render(Math.min(i, now.length - 1), "kb-mt-remove");
          say("已移除，还有 " + now.length + " 段");
        });
        rm.setAttribute("aria-label", "移除第 " + (i + 1) + " 段");
        [up, down, cp, rm].forEach(function (b) { tools.appendChild(b); });
        li.appendChild(text);
        li.appendChild(src);
        li.appendChild(tools);
        list.appendChild(li);
      });
      if (!all.length) say("学习资料是空的。在搜索结果、专题页或讲话原文的段落下点“加入学习资料”。");
      else if (focusIndex === undefined) say("共 " + all.length + " 段");
      if (focusIndex !== undefined && focusIndex >= 0 && list.children[focusIndex]) {
        var target = list.children[focusIndex].querySelector("." + focusClass + ":not([disabled])") ||
          list.children[focusIndex].querySelector("button:not([disabled])");
        if (target) target.focus();
      } else if (focusIndex !== undefined) {
        document.getElementById("kb-mt-copy").focus();
      }
    }
    document.getElementById("kb-mt-copy").addEventListener("click", function () {
      var all = items();
      if (!all.length) { say("学习资料是空的，没有可复制的内容"); return; }
      copy(all.map(cite).join("\n\n")).then(function (ok) {
        say(ok ? "已复制全部 " + all.length + " 段（纯文本）" : "浏览器不允许复制");
      });
    });
    document.getElementById("kb-mt-print").addEventListener("click", function () { window.print(); });
    document.getElementById("kb-mt-clear").addEventListener("click", function () {
      if (!items().length) { say("学习资料已经是空的"); return; }
      if (!window.confirm("确定清空全部学习资料吗？")) return;
      save([]);
      render();
    });
    window.addEventListener("storage", function (e) { if (e.key === KEY) render(); });
    render();
  }

  /* ---- the header search box ----------------------------------------------------------- */

  function searchUrl(query) {
    var url = new URL("search/", ROOT);
    url.searchParams.set("q", query);
    return url.href;
  }

  function headerBox() {
    var input = document.querySelector(".md-search__input");
    var meta = document.querySelector(".md-search-result__meta");
    if (!input) return;
    input.addEventListener("keydown", function (e) {
      if (e.key !== "Enter" || e.isComposing || !input.value.trim()) return;
      e.preventDefault();
      e.stopPropagation();      // Material would open the best quick result instead
      location.href = searchUrl(input.value.trim());
    });
    if (!meta) return;
    var link = document.createElement("a");
    link.className = "kb-search-all";
    link.textContent = "查看全部结果（筛选、按日期排序） ›";
    link.hidden = true;
    meta.parentNode.insertBefore(link, meta.nextSibling);
    function update() {
      var q = input.value.trim();
      link.hidden = !q;
      if (q) link.href = searchUrl(q);
    }
    input.addEventListener("input", update);
    input.addEventListener("keyup", update);
    update();
  }

  window.kbMaterials = {cite: cite, source: source, formatDate: formatDate, copy: copy,
                        copyCitation: copyCitation, add: add, has: has, items: items, tools: tools};
  decorate();
  headerBox();
  var basket = document.getElementById("kb-mt");
  if (basket) basketPage(basket);
})();
