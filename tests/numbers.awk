# numbers.awk - the numbers and transcripts of the workbook's text, checked against
# the commands that print them. tests/excerpts.sh runs it and documents the markers;
# this file is only the machinery, in POSIX awk.
#
#   awk -v mode=check|update -v run=DIR -v outdir=DIR -v slow=0|1 -f tests/numbers.awk FILE.md ...
#
# run: the folder the commands run in; outdir: where their outputs are kept, one
# file per distinct command (each command runs once however often it is quoted).
# Prints a line of counts per file on stdout and every problem on stderr (as
# FILE:LINE: ...); exits 1 if any number, transcript or marker is wrong.

function rtrim(s) { sub(/[ \t\r]+$/, "", s); return s }
function trim(s) { sub(/^[ \t\r\n]+/, "", s); sub(/[ \t\r\n]+$/, "", s); return s }
function absv(x) { return x < 0 ? -x : x }
function lineof(pos,    s) { s = substr(F, 1, pos); return gsub(/\n/, "", s) + 1 }
function problem(pos, msg) {
    printf "%s:%d: %s\n", FILE, lineof(pos), msg > "/dev/stderr"
    bad = 1; fbad++
}
# fixable(pos, msg): a wrong value that --update rewrites from the output.
function fixable(pos, msg) {
    if (mode != "update") { problem(pos, msg); return }
    printf "%s:%d: updated: %s\n", FILE, lineof(pos), msg > "/dev/stderr"
    fbad++
}

# ---- the commands -----------------------------------------------------------------
# cmd_index(cmd): run cmd (once per run of this program) in the folder `run`;
# its stdout is kept as lines OL[i, 1..ON[i]] (trailing blanks removed) and as
# one string OS[i] (the lines joined, every run of blanks made one space).
function cmd_index(cmd,    i, f, line, n, s) {
    if (cmd in CI) return CI[cmd]
    i = ++ncmd; CI[cmd] = i
    f = outdir "/" i
    printf "cd \"%s\" || exit 97\n%s\n", run, cmd > (f ".sh")
    close(f ".sh")
    ORC[i] = system("sh \"" f ".sh\" >\"" f ".out\" 2>\"" f ".err\" </dev/null")
    n = 0; s = ""
    while ((getline line < (f ".out")) > 0) {
        line = rtrim(line); OL[i, ++n] = line; s = s (n > 1 ? " " : "") line
    }
    close(f ".out")
    while (n > 0 && OL[i, n] == "") n--
    ON[i] = n
    gsub(/[ \t]+/, " ", s); OS[i] = s
    OERR[i] = ""
    if ((getline line < (f ".err")) > 0) OERR[i] = line
    close(f ".err")
    return i
}
# output_of(name, pos): the index of the output of the command NAME, defined in
# this file; 0 if it is slow and not run this time, -1 on a problem.
function output_of(name, pos,    i) {
    if (!(name in DEF)) { problem(pos, "no <!-- run " name ": COMMAND --> in this file"); return -1 }
    if (DSLOW[name] && !slow) return 0
    return output_of_cmd(DEF[name], pos)
}
function output_of_cmd(cmd, pos,    i) {
    i = cmd_index(cmd)
    if (ON[i] == 0) {
        problem(pos, "the command printed nothing (exit " ORC[i] "): " cmd (OERR[i] != "" ? "\n    its stderr: " OERR[i] : ""))
        return -1
    }
    return i
}

# ---- numbers ----------------------------------------------------------------------
# numat(S, p): the length of the number that starts at p in S, 0 if none: an
# optional '-', digits with optional ',ddd' groups, a fraction, an exponent, a '%'.
function numat(S, p,    q) {
    q = p
    if (substr(S, q, 1) == "-") q++
    if (substr(S, q, 1) !~ /[0-9]/) return 0
    while (substr(S, q, 1) ~ /[0-9]/) q++
    while (substr(S, q, 1) == "," && substr(S, q + 1, 3) ~ /^[0-9][0-9][0-9]$/ && substr(S, q + 4, 1) !~ /[0-9]/) q += 4
    if (substr(S, q, 1) == "." && substr(S, q + 1, 1) ~ /[0-9]/) { q++; while (substr(S, q, 1) ~ /[0-9]/) q++ }
    if (substr(S, q, 1) ~ /[eE]/ && substr(S, q + 1, 2) ~ /^([-+]?[0-9])/) {
        q++; if (substr(S, q, 1) ~ /[-+]/) q++
        while (substr(S, q, 1) ~ /[0-9]/) q++
    }
    if (substr(S, q, 1) == "%") q++
    return q - p
}
function numval(s) { gsub(/[,%]/, "", s); return s + 0 }
# Half a unit of the last digit written in t: 94.28 -> 0.005, 2e-11 -> 5e-12.
function halfunit(t,    k, e, d) {
    gsub(/[,%]/, "", t); e = 0
    if ((k = index(tolower(t), "e")) > 0) { e = substr(t, k + 1) + 0; t = substr(t, 1, k - 1) }
    d = (k = index(t, ".")) > 0 ? length(t) - k : 0
    return 0.5 * 10 ^ (e - d)
}
# numok(t, v, tol): is the value v (from the output) what the text's token t says?
function numok(t, v, tol,    q, f) {
    if (tol == "time") return 1
    q = numval(t)
    if (tol == "exact") return t == v ""
    if (tol ~ /^~/) {
        f = tol == "~" ? 1.5 : substr(tol, 2) + 0
        return (q > 0 && v > 0 || q < 0 && v < 0) && v / q <= f && q / v <= f
    }
    if (tol ~ /^rel=/) return absv(q - v) <= (substr(tol, 5) + 0) * absv(q)
    if (tol ~ /^abs=/) return absv(q - v) <= substr(tol, 5) + 0
    return absv(q - v) <= halfunit(t) * (1 + 1e-9) + 1e-300
}
# fmtlike(t, v): v written the way t is (decimals, exponent, thousands, '%').
function fmtlike(t, v,    s, k, m, ex, d, r, j, neg) {
    s = t; gsub(/[,%]/, "", s)
    if ((k = index(tolower(s), "e")) > 0) {
        m = substr(s, 1, k - 1); ex = substr(s, k + 1)
        d = (j = index(m, ".")) > 0 ? length(m) - j : 0
        r = sprintf("%." d "e", v)
        if (ex ~ /^[-+]?[0-9]$/) { sub(/e-0/, "e-", r); sub(/e\+0/, "e+", r) }
        if (ex !~ /^[-+]/) sub(/e\+/, "e", r)
    } else {
        d = (j = index(s, ".")) > 0 ? length(s) - j : 0
        r = sprintf("%." d "f", v)
        if (t ~ /,/) {
            neg = r ~ /^-/; if (neg) r = substr(r, 2)
            j = index(r, "."); if (!j) j = length(r) + 1
            for (j -= 3; j > 1; j -= 3) r = substr(r, 1, j - 1) "," substr(r, j)
            if (neg) r = "-" r
        }
    }
    return r (t ~ /%$/ ? "%" : "")
}

# ---- templates ----------------------------------------------------------------------
# tokenize(s): split quoted text into NT tokens TT[i]/TV[i]: "L" literal text,
# "S" blanks, "N" a number, "W" the ellipsis … (any text).
function tokenize(s,    p, L, c, k, lit) {
    NT = 0; p = 1; L = length(s); lit = ""
    while (p <= L) {
        c = substr(s, p, 1)
        if (c ~ /[ \t\n]/) {
            if (lit != "") { TT[++NT] = "L"; TV[NT] = lit; lit = "" }
            k = p; while (substr(s, k, 1) ~ /[ \t\n]/) k++
            TT[++NT] = "S"; TV[NT] = substr(s, p, k - p); p = k; continue
        }
        if (substr(s, p, 3) == "…") {
            if (lit != "") { TT[++NT] = "L"; TV[NT] = lit; lit = "" }
            TT[++NT] = "W"; TV[NT] = "…"; p += 3; continue
        }
        if ((k = numat(s, p)) > 0 && (p == 1 || substr(s, p - 1, 1) !~ /[0-9.]/)) {
            if (lit != "") { TT[++NT] = "L"; TV[NT] = lit; lit = "" }
            TT[++NT] = "N"; TV[NT] = substr(s, p, k); p += k; continue
        }
        lit = lit c; p++
    }
    if (lit != "") { TT[++NT] = "L"; TV[NT] = lit }
}
# tmatch(S, p, i, whole): do tokens i..NT match S from p (to its end if whole)?
# Blanks match any run of blanks; a number any number, kept in CAP[i]; … any text.
function tmatch(S, p, i, whole,    L, k, q) {
    L = length(S)
    for (; i <= NT; i++) {
        if (TT[i] == "L") {
            k = length(TV[i]); if (substr(S, p, k) != TV[i]) return 0
            p += k
        } else if (TT[i] == "S") {
            if (substr(S, p, 1) !~ /[ \t]/) return 0
            while (substr(S, p, 1) ~ /[ \t]/) p++
        } else if (TT[i] == "N") {
            k = numat(S, p); if (!k) return 0
            CAP[i] = substr(S, p, k); p += k
        } else {
            for (q = p; q <= L + 1; q++) if (tmatch(S, q, i + 1, whole)) return 1
            return 0
        }
    }
    return !whole || p == L + 1
}
# tol_for(text): the tolerance of a number in this text: the marker's
# TOL@WORD whose WORD the text contains, else its plain TOL (or rounding).
function tol_for(text,    k) {
    for (k = 1; k <= NTOLW; k++) if (index(text, TOLW[k])) return TOLV[k]
    return TOL
}
# check_numbers(text, pos, what): compare the numbers of the matched template
# (TV) with the output's (CAP); count them; return the text with the wrong
# ones replaced by the output's (for --update), or "" if none is wrong.
function check_numbers(text, pos, what,    i, tol, out, wrong) {
    tol = tol_for(text); out = ""; wrong = 0
    for (i = 1; i <= NT; i++) {
        if (TT[i] != "N") { out = out TV[i]; continue }
        fnum++
        if (numok(TV[i], numval(CAP[i]), tol)) { out = out TV[i]; continue }
        wrong++
        fixable(pos, what ": the text says " TV[i] ", the output " CAP[i] (tol != "" ? " (tolerance " tol ")" : ""))
        out = out CAP[i]
    }
    return wrong ? out : ""
}

# ---- markers ------------------------------------------------------------------------
# words(s): split a marker into W[1..NW]; "a quoted text" is one word (unquoted).
function words(s,    p, L, c, k, w) {
    NW = 0; p = 1; L = length(s)
    while (p <= L) {
        c = substr(s, p, 1)
        if (c ~ /[ \t\n]/) { p++; continue }
        if (c == "\"") {
            k = index(substr(s, p + 1), "\""); if (!k) k = L - p + 1
            W[++NW] = substr(s, p + 1, k - 1); p += k + 1; continue
        }
        w = ""
        while (p <= L && substr(s, p, 1) !~ /[ \t\n]/) { w = w substr(s, p, 1); p++ }
        W[++NW] = w
    }
}
# tolerances(from): read W[from..NW] into TOL, TOLW/TOLV (TOL@WORD) and SCALE (*K).
function tolerances(from, pos,    k, w, a) {
    TOL = ""; NTOLW = 0; SCALE = 1
    for (k = from; k <= NW; k++) {
        w = W[k]
        if (w == "") continue
        if (w ~ /^\*[0-9.]+(e[0-9]+)?$/) { SCALE = substr(w, 2) + 0; continue }
        if ((a = index(w, "@")) > 0) { NTOLW++; TOLV[NTOLW] = substr(w, 1, a - 1); TOLW[NTOLW] = substr(w, a + 1); w = TOLV[NTOLW] }
        else TOL = w
        if (w !~ /^(exact|time|~([0-9.]+)?|rel=[0-9.e-]+|abs=[0-9.e-]+)$/) problem(pos, "unknown tolerance '" w "'")
    }
}
# inline_ok(s, e, what): an inline marker must not start a line (Markdown would
# take it for an HTML block) nor hold "--" (GitHub would show it as text).
function inline_ok(s, e, what,    b, head) {
    b = s; while (b > 1 && substr(F, b - 1, 1) != "\n") b--
    head = substr(F, b, s - b)
    if (head ~ /^[ \t]*([-*+>]|[0-9]+\.)?[ \t]*$/) problem(s, what " marker at the start of a line: Markdown would read it as an HTML block (put a word before it)")
    if (index(substr(F, s + 4, e - s - 4), "--")) problem(s, what " marker holds '--', which GitHub shows as text")
    if (in_math(s)) problem(s, what " marker inside $...$: in a formula it is not a comment but TeX (put the number outside the formula)")
}
# in_math(s): is position s inside inline math, $...$, of its paragraph?
function in_math(s,    b, P, k, e) {
    for (b = s; b > 2 && !(substr(F, b - 1, 1) == "\n" && substr(F, b - 2, 1) == "\n"); b--) ;
    P = substr(F, b, s - b)
    while ((k = index(P, "<!--")) > 0) {
        e = index(substr(P, k), "-->"); if (!e) break
        P = substr(P, 1, k - 1) substr(P, k + e + 2)
    }
    gsub(/`[^`]*`/, "", P); gsub(/\\\$/, "", P); gsub(/\$\$/, "", P)
    return gsub(/\$/, "", P) % 2 == 1
}

# num NAME "ANCHOR" [TOL] [*K]: the first number of the text is the first number
# after ANCHOR in NAME's output (times K).
function do_num(region, pos,    i, a, q, k, p, L, vis, o, v, neg) {
    if (NW < 3) { problem(pos, "num needs a command name and a \"text\" to find: <!-- num NAME \"ANCHOR\" -->"); return region }
    tolerances(4, pos)
    p = 0; L = length(region)
    for (q = 1; q <= L; q++)
        if ((k = numat(region, q)) > 0 && (q == 1 || substr(region, q - 1, 1) !~ /[0-9A-Za-z._]/)) { p = q; break }
    if (!p) { problem(pos, "num: no number in the marked text '" region "'"); return region }
    vis = substr(region, p, k)
    neg = p > 3 && substr(region, p - 3, 3) == "−"
    fval++
    if ((i = output_of(W[2], pos)) <= 0) { if (!i) fslow++; return region }
    a = W[3]; gsub(/[ \t\n]+/, " ", a)
    if (!(q = index(OS[i], a))) {
        # a timing row this machine's bench does not print (no AVX-512, other core counts) is noted
        if (TOL == "time") note(pos, "the timing row '" a "' is not in this machine's output of " W[2])
        else problem(pos, "num: '" a "' is not in the output of " W[2] " (" DEF[W[2]] ")")
        return region
    }
    q += length(a); while (substr(OS[i], q, 1) ~ /[ :=(]/) q++
    if (!(k = numat(OS[i], q))) {
        if (TOL == "time") note(pos, "the timing row '" a "' has no number in this run's output")
        else problem(pos, "num: no number after '" a "' in the output of " W[2])
        return region
    }
    fnum++
    o = substr(OS[i], q, k); v = numval(o) * SCALE
    if (neg) v = -v
    if (TOL == "time") {
        if (mode == "update") note(pos, "timing: the text says " vis ", this run measured " o)
        return region
    }
    if (numok(vis, v, TOL)) return region
    fixable(pos, "the text says " (neg ? "−" : "") vis ", the output of " W[2] " " o (SCALE != 1 ? " (times " SCALE ")" : "") \
        " after '" a "'" (TOL != "" ? " (tolerance " TOL ")" : ""))
    return substr(region, 1, p - 1) fmtlike(vis, neg ? -v : v) substr(region, p + k)
}
function note(pos, msg) { printf "%s:%d: note: %s\n", FILE, lineof(pos), msg > "/dev/stderr" }

# quote NAME [TOL]: every `code span` of the text (or the whole text, if it has
# none) is in NAME's output, numbers within the tolerance, … for any text.
function do_quote(region, pos,    i, out, p, L, k, n, q, c, span, newspan, found, S, first, r, tries) {
    if (NW < 2) { problem(pos, "quote needs a command name: <!-- quote NAME -->"); return region }
    tolerances(3, pos)
    fquote++
    if ((i = output_of(W[2], pos)) <= 0) { if (!i) fslow++; return region }
    S = OS[i]; out = ""; p = 1; L = length(region); n = 0
    if (!index(region, "`")) { SPAN[1] = 1; SPANL[1] = L; n = 1 }
    else while (p <= L) {
        if (substr(region, p, 1) != "`") { p++; continue }
        k = p; while (substr(region, k, 1) == "`") k++
        q = index(substr(region, k), substr(region, p, k - p))
        if (!q) { problem(pos, "quote: an unclosed ` in the marked text"); return region }
        SPAN[++n] = k; SPANL[n] = q - 1; p = k + q - 1 + (k - p)
    }
    out = ""; p = 1
    for (c = 1; c <= n; c++) {
        span = substr(region, SPAN[c], SPANL[c])
        r = match(span, /^[ \t\n]*/); first = RLENGTH
        span = trim(span)
        tokenize(span)
        found = 0; newspan = ""
        for (q = 1; q <= length(S); q++) {
            if (TT[1] == "L") { k = index(substr(S, q), TV[1]); if (!k) break; q += k - 1 }
            if (!tmatch(S, q, 1, 0)) continue
            if (!found) { found = 1; FIRSTCAP_N = NT; for (k = 1; k <= NT; k++) FCAP[k] = CAP[k] }
            for (k = 1; k <= NT; k++) if (TT[k] == "N" && !numok(TV[k], numval(CAP[k]), TOL)) break
            if (k > NT) { found = 2; break }
        }
        if (!found) {
            problem(pos, "quote: not in the output of " W[2] " (" DEF[W[2]] "):\n    " span)
        } else {
            if (found == 1) for (k = 1; k <= NT; k++) CAP[k] = FCAP[k]
            newspan = check_numbers(span, pos, "quote")
        }
        out = out substr(region, p, SPAN[c] - p)
        if (newspan != "") out = out substr(region, SPAN[c], first) newspan substr(region, SPAN[c] + first + length(span), SPANL[c] - first - length(span))
        else out = out substr(region, SPAN[c], SPANL[c])
        p = SPAN[c] + SPANL[c]
    }
    return out substr(region, p)
}

# out [NAME] [TOL] [part]: a transcript. The lines of the fenced block (or the
# rows of the table) in the marker are NAME's output, line for line; a line
# "$ CMD" runs CMD and the lines after it are its output; a line that is only
# … stands for any lines; with part, the lines are consecutive lines somewhere
# in the output, compared without their indentation.
function bmatch(ti, oi, seg,    k) {
    if (ti > BNT) return oi > ON[seg]
    if (BT[ti] == "…") { for (k = oi; k <= ON[seg] + 1; k++) if (bmatch(ti + 1, k, seg)) return 1; return 0 }
    if (oi > ON[seg]) { if (ti > FART) { FART = ti; FARO = oi }; return 0 }
    tokenize(BT[ti])
    if (!tmatch(BPART ? trim(OL[seg, oi]) : OL[seg, oi], 1, 1, 1)) {
        if (ti > FART || ti == FART && oi > FARO) { FART = ti; FARO = oi }
        return 0
    }
    BMAP[ti] = oi
    return bmatch(ti + 1, oi + 1, seg)
}
function do_out(region, pos,    nl, k, first, last, indent, kind, a, b, seg, segs, s, e, t, lines, newl, changed, cmd, i, nm, ok, o, wild, failed) {
    nm = ""; BPART = 0
    for (k in NEWSEG) delete NEWSEG[k]
    for (k = 2; k <= NW; k++) if (W[k] == "part") { BPART = 1; W[k] = "" }
    if (NW >= 2 && W[2] != "" && W[2] !~ /^(exact|time|~.*|rel=.*|abs=.*|.*@.*)$/) { nm = W[2]; tolerances(3, pos) } else tolerances(2, pos)
    nl = split(region, RL, "\n")
    # the content: the fenced block's lines, or the table's rows, or every line
    first = 0; last = 0; kind = "lines"
    for (k = 1; k <= nl; k++) if (RL[k] !~ /^[ \t]*$/) break
    if (k <= nl && RL[k] ~ /^[ \t]*```/) {
        kind = "fence"; indent = RL[k]; sub(/```.*/, "", indent)
        first = k + 1
        for (last = first; last <= nl && RL[last] !~ /^[ \t]*```[ \t]*$/; last++) ;
        last--
    } else if (k <= nl && RL[k] ~ /^[ \t]*\|/) {
        kind = "table"; indent = ""
        for (; k <= nl && RL[k] !~ /^[ \t]*\|[ \t:|-]*-[ \t:|-]*$/; k++) ;
        first = k + 1
        for (last = first; last <= nl && RL[last] ~ /^[ \t]*\|/; last++) ;
        last--
    } else {
        indent = ""; first = k
        for (last = nl; last > first && RL[last] ~ /^[ \t]*$/; last--) ;
    }
    ftrans++
    # the segments: runs of lines, each after its "$ CMD" (or NAME's output)
    segs = 0; wild = 0
    for (k = first; k <= last; k++) {
        t = RL[k]; if (substr(t, 1, length(indent)) == indent) t = substr(t, length(indent) + 1)
        t = rtrim(t)
        if (kind == "table") t = trim(t)
        if (t ~ /^\$ /) { segs++; SC[segs] = substr(t, 3); SA[segs] = k + 1; SB[segs] = k; continue }
        if (segs == 0) { segs = 1; SC[1] = ""; SA[1] = k; SB[1] = k - 1 }
        SB[segs] = k
        if (t == "…") wild = 1
    }
    if (segs == 0) { problem(pos, "out: nothing to compare between the markers"); return region }
    changed = 0
    for (s = 1; s <= segs; s++) {
        if (SC[s] != "") { cmd = SC[s]; i = output_of_cmd(cmd, pos) }
        else if (nm == "") { problem(pos, "out: no command: name one (<!-- out NAME -->) or start the block with a line \"$ COMMAND\""); return region }
        else { cmd = DEF[nm]; i = output_of(nm, pos) }
        if (i == 0) { fslow++; continue }
        if (i < 0) continue
        BNT = 0
        for (k = SA[s]; k <= SB[s]; k++) {
            t = RL[k]; if (substr(t, 1, length(indent)) == indent) t = substr(t, length(indent) + 1)
            t = rtrim(t); if (BPART || kind == "table") t = trim(t)
            BT[++BNT] = t; BK[BNT] = k
        }
        FART = 0; FARO = 0; ok = 0
        if (BPART) {
            for (o = 1; o + BNT - 1 <= ON[i] && !ok; o++) {
                for (t = 1; t <= BNT; t++) { tokenize(BT[t]); if (!tmatch(trim(OL[i, o + t - 1]), 1, 1, 1)) break; BMAP[t] = o + t - 1 }
                if (t > BNT) ok = 1
                else if (t > FART) { FART = t; FARO = o + t - 1 }
            }
        } else ok = bmatch(1, 1, i)
        if (!ok) {
            failed = (FART ? "line " (BK[FART] - first + 1) " of the block, \"" BT[FART] "\", against the output's line " FARO ", \"" OL[i, FARO] "\"" : "")
            if (mode == "update" && !wild && !BPART) {
                fixable(pos, "out: the transcript differs from the output of " cmd (failed != "" ? ":\n    " failed : ""))
                newl = ""
                for (o = 1; o <= ON[i]; o++) newl = newl (o > 1 ? "\n" : "") (OL[i, o] == "" ? "" : indent) OL[i, o]
                NEWSEG[s] = newl; changed = 1
            } else problem(pos, "out: the transcript differs from the output of " cmd (failed != "" ? ":\n    " failed : ""))
            continue
        }
        for (t = 1; t <= BNT; t++) {
            if (BT[t] == "…") continue
            tokenize(BT[t]); tmatch(BPART ? trim(OL[i, BMAP[t]]) : OL[i, BMAP[t]], 1, 1, 1)
            a = check_numbers(BT[t], pos, "out, line " (BK[t] - first + 1))
            if (a != "") {
                b = RL[BK[t]]; match(b, /^[ \t]*/)
                if (kind == "table" || BPART) RL[BK[t]] = substr(b, 1, RLENGTH) a
                else RL[BK[t]] = indent a
                changed = 2 + changed
            }
        }
    }
    if (!changed || mode != "update") return region
    # rebuild the region: whole segments replaced, or lines with numbers fixed
    for (k = 1; k <= nl; k++) NEWL[k] = RL[k]
    for (s = 1; s <= segs; s++) if (s in NEWSEG) {
        for (k = SA[s]; k <= SB[s]; k++) NEWL[k] = "\001"
        if (SA[s] <= SB[s]) NEWL[SA[s]] = NEWSEG[s]
        else NEWL[SB[s]] = NEWL[SB[s]] "\n" NEWSEG[s]
    }
    a = ""
    for (k = 1; k <= nl; k++) if (NEWL[k] != "\001") a = a (a != "" || k > 1 ? "\n" : "") NEWL[k]
    return a
}

# ---- one file -------------------------------------------------------------------
function process(    k, p, s, e, body, w, closer, c, rs, re, out, region, newregion, name) {
    F = ""
    for (k = 1; k <= nl; k++) F = F line[k] (k < nl ? "\n" : "")
    fnum = 0; fval = 0; fquote = 0; ftrans = 0; fbad = 0; fslow = 0
    for (name in DEF) { delete DEF[name]; delete DSLOW[name] }
    # the definitions: <!-- run NAME: COMMAND --> (or run NAME slow: ...), anywhere
    p = 1
    while ((k = index(substr(F, p), "<!-- run ")) > 0) {
        s = p + k - 1
        e = index(substr(F, s), "-->"); if (!e) { problem(s, "run: no --> after it"); break }
        body = substr(F, s + 9, e - 10)
        if (!match(body, /^[A-Za-z0-9_.-]+( slow)?:/)) { problem(s, "run: expected <!-- run NAME: COMMAND -->"); p = s + 4; continue }
        name = substr(body, 1, RLENGTH - 1)
        w = name ~ / slow$/; sub(/ slow$/, "", name)
        if (name in DEF) problem(s, "run: " name " is defined twice")
        for (k = s - 1; k > 0 && substr(F, k, 1) ~ /[ \t]/; k--) ;
        if (k > 0 && substr(F, k, 1) != "\n") problem(s, "run: a definition must start its line")
        DEF[name] = trim(substr(body, RLENGTH + 1)); DSLOW[name] = w
        p = s + e + 2
    }
    # the markers, in order; the text between them is copied
    out = ""; p = 1
    while ((k = index(substr(F, p), "<!--")) > 0) {
        s = p + k - 1
        e = index(substr(F, s), "-->"); if (!e) { problem(s, "an HTML comment without -->"); break }
        e = s + e - 1
        body = trim(substr(F, s + 4, e - s - 4))
        words(body); w = W[1]
        if (w == "/num" || w == "/quote" || w == "/out") { problem(s, "<!-- " w " --> without its opening marker"); out = out substr(F, p, e + 3 - p); p = e + 3; continue }
        if (w != "num" && w != "quote" && w != "out") { out = out substr(F, p, e + 3 - p); p = e + 3; continue }
        closer = "<!-- /" w " -->"
        c = index(substr(F, e + 3), closer)
        if (!c) { problem(s, "<!-- " w " ... --> without " closer); out = out substr(F, p, e + 3 - p); p = e + 3; continue }
        rs = e + 3; re = rs + c - 1
        region = substr(F, rs, re - rs)
        if (index(region, "<!--")) { problem(s, w ": another marker inside this one") }
        if (w == "out") {
            if (s > 1 && substr(F, s - 1, 1) != "\n" && substr(F, s - 1, 1) !~ /[ \t]/) problem(s, "out: the marker must start its line")
            newregion = do_out(region, s)
        } else {
            inline_ok(s, e, w)
            inline_ok(re, re + length(closer) - 3, "/" w)
            newregion = w == "num" ? do_num(region, s) : do_quote(region, s)
        }
        out = out substr(F, p, rs - p) (mode == "update" ? newregion : region) closer
        p = re + length(closer)
    }
    out = out substr(F, p)
    if (fnum + fval + fquote + ftrans > 0) {
        nfiles++; tnum += fnum; ttrans += ftrans; tquote += fquote; tval += fval; tslow += fslow
        printf "  %-44s %4d numbers in %3d values, %3d quotes and %2d transcripts%s%s\n", FILE, fnum, fval, fquote, ftrans,
            (fslow ? ", " fslow " not run (slow)" : ""), (fbad ? ", " fbad " wrong" : "")
    }
    if (mode == "update" && out != F) {
        printf "%s\n", out > (FILE ".numbers.tmp"); close(FILE ".numbers.tmp")
        system("mv \"" FILE ".numbers.tmp\" \"" FILE "\"")
        printf "updated %s\n", FILE
    }
}

BEGIN { bad = 0; ncmd = 0; nfiles = 0 }
FNR == 1 && NR > 1 { process() }
{ line[FNR] = $0; nl = FNR; FILE = FILENAME }
END {
    if (NR > 0) process()
    printf "numbers: %d numbers (%d values, %d quotes, %d transcripts) in %d files, from %d commands%s\n", tnum, tval, tquote, ttrans,
        nfiles, ncmd, (tslow ? "; " tslow " markers not checked: their commands are slow (--slow runs them)" : "")
    exit bad
}
