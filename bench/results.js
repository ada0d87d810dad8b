// What the benchmarks share: the median, and writing one section of bench/results.md
// (a "## " heading up to the next one), replacing an older run of that section.
"use strict";
const fs = require("fs");

const median = xs => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Puts `section` (starting with its "## " heading, which starts with `title`) into `file`, in place of an older one. */
function replaceSection(file, title, section) {
    const old = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
    const at = old.indexOf(title);
    const next = at < 0 ? -1 : old.indexOf("\n## ", at + 1);
    const updated = at < 0 ? `${old.trimEnd()}\n\n${section}` : `${old.slice(0, at)}${section}${next < 0 ? "" : old.slice(next + 1)}`;
    fs.writeFileSync(file, updated.trimEnd() + "\n");
}

/** The JSON object a bench child printed on its last line; its `error` is thrown. */
function lastJsonLine(out) {
    const r = JSON.parse(out.trim().split("\n").pop());
    if (r.error) throw new Error(r.error);
    return r;
}

module.exports = { median, replaceSection, lastJsonLine };
