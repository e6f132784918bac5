// Typeset TeX formulas with MathJax 3 (the engine Anki uses) and report every error.
//
// stdin:  a JSON list of {"tex": "...", "display": true|false}
// stdout: a JSON object {"typeset": N, "errors": [{"index": i, "tex": "...", "error": "..."}]}
//
// Only the TeX packages "base" and "ams" are loaded: a subset of what Anki loads, so a
// formula that passes here renders in Anki. "noundefined" and "noerrors" are left out on
// purpose: an undefined macro or environment is an error, not red text.
import {mathjax} from 'mathjax-full/js/mathjax.js';
import {TeX} from 'mathjax-full/js/input/tex.js';
import {liteAdaptor} from 'mathjax-full/js/adaptors/liteAdaptor.js';
import {RegisterHTMLHandler} from 'mathjax-full/js/handlers/html.js';
import {STATE} from 'mathjax-full/js/core/MathItem.js';
import {SerializedMmlVisitor} from 'mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js';
import 'mathjax-full/js/input/tex/base/BaseConfiguration.js';
import 'mathjax-full/js/input/tex/ams/AmsConfiguration.js';
import {readFileSync} from 'node:fs';

const adaptor = liteAdaptor();
RegisterHTMLHandler(adaptor);

let current = null;
const tex = new TeX({
  packages: ['base', 'ams'],
  formatError(jax, err) {
    current = err.message;
    return jax.formatError(err);
  },
});
const doc = mathjax.document('', {InputJax: tex});
const visitor = new SerializedMmlVisitor();

const items = JSON.parse(readFileSync(0, 'utf8'));
const errors = [];
items.forEach((item, index) => {
  current = null;
  let mml = '';
  try {
    const node = doc.convert(item.tex, {display: Boolean(item.display), end: STATE.CONVERT});
    mml = visitor.visitTree(node, doc);
  } catch (err) {
    current = String(err && err.message ? err.message : err);
  }
  if (current === null && mml.includes('<merror')) {
    current = 'MathJax produced an error node';
  }
  if (current !== null) {
    errors.push({index, tex: item.tex, error: current});
  }
});
process.stdout.write(JSON.stringify({typeset: items.length, errors}));
