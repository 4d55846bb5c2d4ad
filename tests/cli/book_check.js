// book_check.js - run inside a book of `make book` by tests/cli/book.sh, which
// injects it into a copy of the page and loads that in headless Chromium
// (--dump-dom). After the page has loaded it writes its verdicts, one
// "ok - ..." or "not ok - ..." line each, into a <pre> with the id
// nnwb-book-check, which book.sh reads back from the dumped DOM. It checks
// what a reader sees:
//   - one title and no second table of contents;
//   - nothing wider than the page, unless it scrolls inside a box that fits;
//   - every image loaded, and each a numbered figure (1, 2, 3, ... in order);
//   - every formula rendered as MathML (no TeX left as text, no <merror>);
//   - aligned equations sit against their "=" (no gap in between);
//   - no character drawn as a missing glyph (compared, on a canvas, with the
//     box that the same fonts draw for a character no font has);
//   - no CJK text in italics (a slanted CJK face is synthesized, hard to read);
//   - inline code broken across lines only where it has a space.
(function () {
  "use strict";
  var lines = [];
  function ok(msg) { lines.push("ok - " + msg); }
  function notOk(msg) { lines.push("not ok - " + msg); }
  // A short description of an element, for the messages.
  function describe(el) {
    var s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    var text = (el.textContent || "").replace(/\s+/g, " ").trim();
    return s + ' "' + text.slice(0, 60) + (text.length > 60 ? "..." : "") + '"';
  }
  // The heading of the chapter an element is in, for the messages.
  function where(el) {
    var h = null, all = document.querySelectorAll("h1");
    for (var i = 0; i < all.length; i++)
      if (all[i].compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING) h = all[i];
    return h ? " (in " + (h.id || h.textContent.slice(0, 30)) + ")" : "";
  }
  // ok "LABEL: GOOD" when bad is empty, else not ok "LABEL: BAD: the first five".
  function report(label, bad, good, badText) {
    if (bad.length === 0) ok(label + ": " + good);
    else notOk(label + ": " + bad.length + " " + badText + ": " + bad.slice(0, 5).join("; "));
  }
  var CJK = /[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]/;

  function checkTitle() {
    var titles = document.querySelectorAll("h1.title, header#title-block-header");
    var tocs = document.querySelectorAll("nav#TOC");
    var first = document.body.firstElementChild;
    if (titles.length === 1 && tocs.length === 0 && first === titles[0])
      ok("one title, first on the page (\"" + first.textContent.replace(/\s+/g, " ").trim() +
         "\"), and no second table of contents");
    else
      notOk("title and contents: " + titles.length + " titles, " + tocs.length + " pandoc tables of contents, first element " +
            (first ? describe(first) : "none"));
  }

  // Nothing sticks out of the page; what is wider scrolls inside a box that
  // fits. With noScroll, no table or formula scrolls either (code may).
  function checkWidth(noScroll) {
    var page = document.documentElement.clientWidth, bad = [], scrolling = [];
    var all = document.body.querySelectorAll("*");
    function clipped(el) {
      for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        var o = getComputedStyle(p).overflowX;
        if (o === "auto" || o === "scroll" || o === "hidden") return p;
      }
      return null;
    }
    for (var i = 0; i < all.length; i++) {
      var el = all[i], r = el.getBoundingClientRect();
      if (r.width === 0) continue;
      if ((r.right > page + 1 || r.left < -1) && !clipped(el)) bad.push(describe(el) + where(el));
      var o = getComputedStyle(el).overflowX;
      if ((o === "auto" || o === "scroll") && el.scrollWidth > el.clientWidth + 1 && !el.closest("pre, div.sourceCode"))
        scrolling.push(describe(el) + where(el));
    }
    if (document.documentElement.scrollWidth > page + 1)
      bad.unshift("the page itself is " + document.documentElement.scrollWidth + " px wide");
    report("width " + page + " px", bad, "none of " + all.length + " elements sticks out of the page",
           "elements stick out of the page");
    // Code blocks may scroll; a table or a formula that scrolls is cut on a slide.
    if (noScroll)
      report("width " + page + " px", scrolling, "no table or formula needs sideways scrolling",
             "tables or formulas need sideways scrolling");
  }

  function checkImages() {
    var imgs = document.images, bad = [], unnumbered = [], numbers = [];
    for (var i = 0; i < imgs.length; i++) {
      var img = imgs[i];
      if (!img.complete || img.naturalWidth === 0) bad.push((img.alt || img.src.slice(0, 40)) + where(img));
      var fig = img.closest("figure"), cap = fig && fig.querySelector("figcaption .figure-number");
      var m = cap && cap.textContent.match(/(\d+)/);
      if (!m) unnumbered.push((img.alt || img.src.slice(0, 40)) + where(img));
      else numbers.push(+m[1]);
    }
    report("images", bad, "all " + imgs.length + " loaded, with a size", "images did not load");
    var inOrder = numbers.every(function (n, i) { return n === i + 1; });
    if (unnumbered.length === 0 && inOrder && imgs.length > 0)
      ok("figures: all " + imgs.length + " in a <figure> with a caption numbered 1 to " + imgs.length);
    else
      notOk("figures: " + unnumbered.length + " without a numbered caption (" + unnumbered.slice(0, 3).join("; ") +
            "), numbers in order: " + inOrder);
  }

  function checkMath() {
    var spans = document.querySelectorAll("span.math"), maths = document.querySelectorAll("math"), bad = [];
    for (var i = 0; i < spans.length; i++)
      if (!spans[i].querySelector("math")) bad.push("TeX left as text: " + describe(spans[i]) + where(spans[i]));
    for (i = 0; i < maths.length; i++) {
      var m = maths[i], d = getComputedStyle(m).display;
      if (m.querySelector("merror")) bad.push("merror in " + describe(m) + where(m));
      else if (!/math/.test(d)) bad.push("not laid out as MathML (display " + d + "): " + describe(m) + where(m));
      else if (m.getBoundingClientRect().width === 0) bad.push("drawn 0 wide: " + describe(m) + where(m));
    }
    // TeX that pandoc did not see as a formula: a backslash command or $...$ in the text.
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;
    while ((n = walker.nextNode())) {
      if (n.parentElement.closest("code, pre, math, script, style, #nnwb-book-check")) continue;
      if (/\\[a-zA-Z]{2,}|\$[^$\s][^$]*\$/.test(n.nodeValue))
        bad.push("TeX in the text: \"" + n.nodeValue.trim().slice(0, 60) + "\"" + where(n.parentElement));
    }
    report("formulas", bad, "all " + maths.length + " rendered as MathML, no TeX left as text",
           "formulas not rendered");
  }

  // In an aligned block (cells right, left, right, left ...), the right-aligned
  // cell's content ends where the next cell's begins: "x" then "= y".
  function checkAlignment() {
    var rows = document.querySelectorAll("math[display=block] mtr"), bad = [], pairs = 0;
    for (var i = 0; i < rows.length; i++) {
      var cells = rows[i].children;
      for (var c = 0; c + 1 < cells.length; c++) {
        var a = cells[c], b = cells[c + 1];
        if (a.getAttribute("columnalign") !== "right" || b.getAttribute("columnalign") !== "left") continue;
        if (!a.firstElementChild || !b.firstElementChild) continue;
        pairs++;
        var em = parseFloat(getComputedStyle(b).fontSize);
        var gap = b.firstElementChild.getBoundingClientRect().left - a.lastElementChild.getBoundingClientRect().right;
        if (gap > 0.5 * em || gap < -0.1 * em)
          bad.push((gap / em).toFixed(2) + " em between \"" + a.textContent.slice(0, 20) + "\" and \"" +
                   b.textContent.slice(0, 20) + "\"" + where(a));
      }
    }
    report("aligned equations", bad, "in all " + pairs + " rows the two sides meet at the alignment point",
           "rows with a gap at the alignment point");
  }

  // Each character is drawn on a canvas in the font of the element it is in,
  // and compared with a character that no font has (U+0378, unassigned): the
  // same pixels mean the fonts had no glyph for it either.
  function checkGlyphs() {
    var canvas = document.createElement("canvas");
    canvas.width = canvas.height = 64;
    var ctx = canvas.getContext("2d", { willReadFrequently: true });
    function pixels(font, ch) {
      ctx.clearRect(0, 0, 64, 64);
      ctx.font = font;
      ctx.fillStyle = "#000";
      ctx.textBaseline = "middle";
      ctx.fillText(ch, 4, 32);
      var d = ctx.getImageData(0, 0, 64, 64).data, s = "";
      for (var i = 3; i < d.length; i += 4) s += d[i] > 127 ? "1" : "0";
      return s;
    }
    var seen = {}, missing = {}, tofu = {}, chars = 0, cjk = 0, slanted = [];
    var walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT), n;
    while ((n = walker.nextNode())) {
      var el = n.parentElement;
      if (el.closest("script, style, annotation, #nnwb-book-check")) continue;
      var text = n.nodeValue;
      if (!/[^\x00-\x7f]/.test(text)) continue;
      var st = getComputedStyle(el);
      if (CJK.test(text) && st.fontStyle !== "normal")
        slanted.push("\"" + text.trim().slice(0, 30) + "\" in " + st.fontStyle + " (" + el.tagName.toLowerCase() +
                     (el.className ? "." + el.className : "") + ")" + where(el));
      var font = st.fontStyle + " " + st.fontWeight + " 40px " + st.fontFamily;
      if (!(font in tofu)) tofu[font] = pixels(font, "\u0378");
      for (var i = 0; i < text.length; i++) {
        var ch = text[i], code = text.charCodeAt(i);
        if (code < 0x80 || /\s/.test(ch) || (code >= 0x200b && code <= 0x200f) || code === 0xfeff) continue;
        if (code >= 0xd800 && code <= 0xdbff) { ch = text.substr(i, 2); i++; }
        var key = font + "|" + ch;
        if (key in seen) continue;
        seen[key] = 1; chars++;
        if (CJK.test(ch)) cjk++;
        if (pixels(font, ch) === tofu[font])
          missing[ch + " (U+" + ch.codePointAt(0).toString(16).toUpperCase() + ")"] = st.fontFamily.split(",")[0];
      }
    }
    var bad = Object.keys(missing).map(function (k) { return k + " in " + missing[k]; });
    report("glyphs", bad, "all " + chars + " distinct characters (" + cjk + " CJK) in each font have a glyph",
           "characters drawn as a missing-glyph box");
    report("CJK upright", slanted, "no CJK text in italics or oblique", "CJK texts slanted");
  }

  // Where inline code wraps onto a new line, the break is at a space (or next
  // to a CJK character, where any break is fine), never inside a token.
  function checkBreaks() {
    var codes = document.querySelectorAll("code"), bad = [], wrapped = 0;
    for (var i = 0; i < codes.length; i++) {
      var code = codes[i];
      if (code.closest("pre") || code.getClientRects().length < 2) continue;
      wrapped++;
      var walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT), t, prevTop = null, prevCh = "";
      var range = document.createRange();
      while ((t = walker.nextNode())) {
        for (var k = 0; k < t.nodeValue.length; k++) {
          var ch = t.nodeValue[k];
          range.setStart(t, k); range.setEnd(t, k + 1);
          var r = range.getClientRects()[0];
          if (!r || /\s/.test(ch)) { if (/\s/.test(ch)) prevCh = ch; continue; }
          if (prevTop !== null && r.top > prevTop + r.height / 2 && !/\s/.test(prevCh) &&
              !CJK.test(prevCh) && !CJK.test(ch)) {
            bad.push("\"" + code.textContent.slice(0, 50) + "\" breaks between \"" + prevCh + "\" and \"" + ch + "\"" + where(code));
            break;
          }
          prevTop = r.top; prevCh = ch;
        }
      }
    }
    report("inline code", bad, "all " + wrapped + " pieces of inline code that wrap do so at a space",
           "pieces of inline code broken inside a token");
  }

  function run() {
    // ?wide in the address: the page's design width, where no table or formula may scroll.
    var noScroll = /[?&]wide\b/.test(location.search);
    var checks = [checkTitle, function checkWidthHere() { checkWidth(noScroll); }, checkImages, checkMath,
                  checkAlignment, checkGlyphs, checkBreaks];
    for (var i = 0; i < checks.length; i++) {
      try { checks[i](); } catch (e) { notOk(checks[i].name + " failed: " + e); }
    }
    var pre = document.createElement("pre");
    pre.id = "nnwb-book-check";
    pre.textContent = "\n" + lines.join("\n") + "\n";
    document.body.appendChild(pre);
  }
  // After the load event, so that every image has had its chance to decode.
  window.addEventListener("load", function () { setTimeout(run, 0); });
})();
