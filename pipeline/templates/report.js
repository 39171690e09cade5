// The index's quote search (and the article filter of articles.html): filters the rows of data.js in the browser and renders the first matches.
// Everything is built with textContent, so quote text never becomes markup.
(function () {
  "use strict";
  var PAGE = 100;
  var data = window.WERSAGTWAS;
  var count = document.getElementById("count");
  var body = document.querySelector("#quotes tbody");
  var more = document.getElementById("more");
  var inputs = {
    q: document.getElementById("search"), speaker: document.getElementById("speaker"),
    type: document.getElementById("type"), from: document.getElementById("from"),
    to: document.getElementById("to"), min: document.getElementById("confidence")
  };
  var matches = [];
  var shown = 0;

  function fold(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ß/g, "ss");
  }

  function plural(n, one, many) {
    return n.toLocaleString("en") + " " + (n === 1 ? one : many);
  }

  function terms(query) {
    var found = [], pattern = /"([^"]+)"|(\S+)/g, m;
    while ((m = pattern.exec(query)) !== null) { found.push(m[1] || m[2]); }
    return found;
  }

  // Article filter (works on the server-rendered table).
  var articleFilter = document.getElementById("filter");
  if (articleFilter) {
    articleFilter.addEventListener("input", function () {
      var needle = fold(articleFilter.value);
      document.querySelectorAll("#articles tbody tr").forEach(function (row) {
        row.hidden = needle !== "" && fold(row.textContent).indexOf(needle) < 0;
      });
    });
  }
  if (!body) { return; }  // articles.html: the article filter only
  if (!data) {
    count.textContent = "data.js is missing: the quote search cannot run.";
    return;
  }

  // Row layout (see pipeline/report.py): [doc, speaker, type, confidence × 1000 or -1, text, anchor, resolution, as written]
  var Q = { doc: 0, speaker: 1, type: 2, conf: 3, text: 4, anchor: 5, resolution: 6, written: 7 };
  var haystack = data.quotes.map(function (q) {
    var s = q[Q.speaker] >= 0 ? data.speakers[q[Q.speaker]][1] : "";
    return fold(q[Q.text] + "\n" + s + "\n" + q[Q.written]);
  });
  var perSpeaker = data.speakers.map(function () { return 0; });
  data.quotes.forEach(function (q) { if (q[Q.speaker] >= 0) { perSpeaker[q[Q.speaker]] += 1; } });
  var speakerIndex = {};
  data.speakers.map(function (s, i) { speakerIndex[s[0]] = i; return i; })
    .sort(function (a, b) { return perSpeaker[b] - perSpeaker[a] || data.speakers[a][1].localeCompare(data.speakers[b][1]); })
    .forEach(function (i) {
      var option = document.createElement("option");
      option.value = data.speakers[i][0];
      option.textContent = data.speakers[i][1] + " (" + perSpeaker[i] + ")";
      inputs.speaker.appendChild(option);
    });

  function state() {
    var params = new URLSearchParams();
    Object.keys(inputs).forEach(function (key) { if (inputs[key].value) { params.set(key, inputs[key].value); } });
    return params.toString();
  }

  function load(hash) {
    var params = new URLSearchParams(hash.replace(/^#/, ""));
    Object.keys(inputs).forEach(function (key) { inputs[key].value = params.get(key) || ""; });
  }

  function filter() {
    var wanted = terms(inputs.q.value).map(fold);
    var speaker = inputs.speaker.value === "" ? -1 : speakerIndex[inputs.speaker.value];
    if (speaker === undefined) { speaker = -2; }  // a key from a link that names no speaker of this run
    var type = inputs.type.value === "" ? -1 : data.types.indexOf(inputs.type.value);
    var from = inputs.from.value, to = inputs.to.value;
    var min = inputs.min.value === "" ? -1 : Math.round(parseFloat(inputs.min.value) * 1000);
    matches = [];
    for (var i = 0; i < data.quotes.length; i++) {
      var q = data.quotes[i];
      if (speaker !== -1 && q[Q.speaker] !== speaker) { continue; }
      if (type !== -1 && q[Q.type] !== type) { continue; }
      if (min > 0 && q[Q.conf] < min) { continue; }
      var date = data.docs[q[Q.doc]][2];
      if ((from && !(date && date >= from)) || (to && !(date && date.slice(0, 10) <= to))) { continue; }
      var hay = haystack[i], ok = true;
      for (var t = 0; t < wanted.length && ok; t++) { ok = hay.indexOf(wanted[t]) >= 0; }
      if (ok) { matches.push(i); }
    }
    body.textContent = "";
    shown = 0;
    render();
    var total = data.quotes.length;
    count.textContent = matches.length === total ? plural(total, "quote", "quotes")
      : matches.length.toLocaleString("en") + " of " + plural(total, "quote", "quotes") + " match";
    document.documentElement.dataset.filtered = String(Number(document.documentElement.dataset.filtered || 0) + 1);
  }

  function cell(row, text, className) {
    var td = document.createElement("td");
    if (className) { td.className = className; }
    if (text !== undefined) { td.textContent = text; }
    row.appendChild(td);
    return td;
  }

  function link(parent, text, href) {
    if (!href) { parent.appendChild(document.createTextNode(text)); return; }
    var a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    parent.appendChild(a);
  }

  // The quote text with every search term marked where its folded form matches; text nodes only.
  function marked(parent, text, wanted) {
    var folded = "", map = [];
    for (var i = 0; i < text.length; i++) {
      var f = fold(text[i]);
      for (var k = 0; k < f.length; k++) { folded += f[k]; map.push(i); }
    }
    var spans = [];
    wanted.forEach(function (w) {
      for (var at = folded.indexOf(w); w && at >= 0; at = folded.indexOf(w, at + w.length)) {
        spans.push([map[at], map[at + w.length - 1] + 1]);
      }
    });
    spans.sort(function (x, y) { return x[0] - y[0]; });
    var last = 0;
    spans.forEach(function (span) {
      if (span[1] <= last) { return; }
      var start = Math.max(span[0], last);
      parent.appendChild(document.createTextNode(text.slice(last, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, span[1]);
      parent.appendChild(mark);
      last = span[1];
    });
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function render() {
    var wanted = terms(inputs.q.value).map(fold);
    var end = Math.min(matches.length, shown + PAGE);
    var rows = document.createDocumentFragment();
    for (var k = shown; k < end; k++) {
      var q = data.quotes[matches[k]], doc = data.docs[q[Q.doc]];
      var row = document.createElement("tr");
      row.dataset.quote = String(matches[k]);
      cell(row, doc[2], "date");
      var who = cell(row, undefined, "speaker-cell");
      if (q[Q.speaker] >= 0) {
        var s = data.speakers[q[Q.speaker]];
        link(who, s[1], s[2]);
        if (s[3]) { var tag = document.createElement("span"); tag.className = "tag"; tag.textContent = " " + s[3]; who.appendChild(tag); }
      } else {
        who.textContent = q[Q.written] || "?";
        who.className += " muted";
      }
      if (q[Q.resolution] >= 0) {
        var how = document.createElement("span");
        how.className = "tag";
        how.textContent = " " + data.resolutions[q[Q.resolution]];
        who.appendChild(how);
      }
      if (q[Q.written] && q[Q.speaker] >= 0) { who.title = "as written: " + q[Q.written]; }
      cell(row, data.types[q[Q.type]]);
      cell(row, q[Q.conf] >= 0 ? (q[Q.conf] / 1000).toFixed(2) : "–", "conf");
      marked(cell(row, undefined, "text"), q[Q.text], wanted);
      link(cell(row), doc[1], doc[0] + "#" + encodeURIComponent(q[Q.anchor]));
      rows.appendChild(row);
    }
    body.appendChild(rows);
    shown = end;
    var left = matches.length - shown;
    more.hidden = left <= 0;
    more.textContent = "show " + Math.min(PAGE, left) + " more (" + left.toLocaleString("en") + " left)";
  }

  function changed() {
    var next = state();
    history.replaceState(null, "", next ? "#" + next : location.pathname + location.search);
    filter();
  }

  Object.keys(inputs).forEach(function (key) { inputs[key].addEventListener("input", changed); });
  more.addEventListener("click", render);
  document.getElementById("reset").addEventListener("click", function () { load(""); changed(); });
  window.addEventListener("hashchange", function () { load(location.hash); filter(); });
  load(location.hash);
  filter();
  document.documentElement.dataset.readyMs = String(Math.round(performance.now()));  // read by bench/report.py
  document.documentElement.dataset.ready = "1";
})();
