(function () {
  "use strict";
  var HTTP = /^https?:\/\//i;
  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function link(url, text) {
    if (typeof url !== "string" || !HTTP.test(url)) return null;
    var a = el("a", text || url);
    a.href = url;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function row(box, name, value) {
    if (value === undefined || value === null || value === "") return;
    if (Array.isArray(value) && value.length === 0) return;
    var r = el("div");
    r.appendChild(el("b", name + ": "));
    if (value instanceof Node) r.appendChild(value);
    else r.appendChild(document.createTextNode(Array.isArray(value) ? value.join(", ") : String(value)));
    box.appendChild(r);
  }
  function links(urls) {
    var span = el("span");
    (urls || []).forEach(function (u, i) {
      var a = link(u);
      if (!a) return;
      if (span.childNodes.length) span.appendChild(document.createTextNode(", "));
      span.appendChild(a);
    });
    return span.childNodes.length ? span : null;
  }
  var tipData = null;  // parsed on first use, after the first frame
  function tips() {
    if (tipData === null) tipData = JSON.parse(document.getElementById("kg-tips").textContent);
    return tipData;
  }
  function nodeTip(id) {
    var d = tips().nodes[id] || {};
    var box = el("div", null, "kg-tip");
    box.appendChild(el("div", d.label, "kg-tip-title"));
    row(box, "type", d.type);
    row(box, "year", d.year);
    if (d.arxiv) row(box, "arXiv", link(d.arxivUrl, d.arxiv) || d.arxiv);
    row(box, "url", link(d.url));
    row(box, "code", links(d.code));
    row(box, "also known as", d.aliases);
    row(box, "sources", d.sources);
    if (d.sentence) {
      box.appendChild(el("blockquote", d.sentence));
      row(box, "evidence from", d.sentenceSource);
    }
    return box;
  }
  function edgeTip(id) {
    var d = tips().edges[id] || {};
    var box = el("div", null, "kg-tip");
    box.appendChild(el("div", d.relation, "kg-tip-title"));
    row(box, "confidence", d.confidence);
    row(box, "support", d.support === undefined ? null : d.support + " document(s)");
    (d.evidence || []).forEach(function (ev) {
      if (!ev.sentence) return;
      box.appendChild(el("blockquote", ev.sentence));
      row(box, "from", ev.source);
    });
    if (d.more) box.appendChild(el("div", "… and " + d.more + " more"));
    return box;
  }
  // tooltips are built on first hover, before vis-network's tooltip delay elapses
  network.on("hoverNode", function (p) {
    var n = nodes.get(p.node);
    if (n && !n.title) nodes.update({ id: p.node, title: nodeTip(p.node) });
  });
  network.on("hoverEdge", function (p) {
    var e = edges.get(p.edge);
    if (e && !e.title) edges.update({ id: p.edge, title: edgeTip(p.edge) });
  });

  var details = document.getElementById("kg-details");
  function showDetails(id) {
    if (!nodes.get(id)) return;
    details.replaceChildren(nodeTip(id));
    details.style.display = "block";
  }
  network.on("selectNode", function (p) { showDetails(p.nodes[0]); });
  network.on("deselectNode", function () { details.style.display = "none"; });

  function norm(s) { return String(s || "").replace(/\s+/g, " ").trim().toLowerCase(); }
  var indexData = null;
  function index() {
    if (indexData === null) {
      var all = tips().nodes;
      indexData = Object.keys(all).map(function (id) {
        return { id: id, label: all[id].label, names: [all[id].label].concat(all[id].aliases || []).map(norm) };
      });
    }
    return indexData;
  }
  function find(q) {
    var entries = index();
    q = norm(q);
    if (!q) return null;
    var tests = [
      function (s) { return s === q; },
      function (s) { return s.indexOf(q) === 0; },
      function (s) { return s.indexOf(q) >= 0; }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < entries.length; i++) {
        if (entries[i].names.some(tests[t])) return entries[i].id;
      }
    }
    return null;
  }
  var status = document.getElementById("kg-status");
  window.kgFocused = null;
  window.kgSearch = function (q) {
    var id = find(q);
    if (id === null) { status.textContent = "no match"; return null; }
    status.textContent = "";
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: false });
    showDetails(id);
    window.kgFocused = id;
    return id;
  };
  var input = document.getElementById("kg-search");
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") window.kgSearch(input.value); });
  input.addEventListener("change", function () { window.kgSearch(input.value); });
  // autocompletion, filled after the first frame so it does not delay drawing
  setTimeout(function () {
    var list = document.getElementById("kg-labels");
    var seen = {};
    index().forEach(function (entry) {
      var label = entry.label;
      if (!label || seen[label]) return;
      seen[label] = true;
      var o = document.createElement("option");
      o.value = label;
      list.appendChild(o);
    });
  }, 0);
})();
