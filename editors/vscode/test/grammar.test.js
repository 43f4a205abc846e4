// The TextMate grammar against the shipped policies, tokenized by the same engine VS Code uses:
// every token gets a scope of its own, every keyword of the language is scoped as a keyword.
const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const tm = require("vscode-textmate");
const onig = require("vscode-oniguruma");

const root = path.join(__dirname, "..", "..", "..");

async function grammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await onig.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new tm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new onig.OnigScanner(p),
      createOnigString: (s) => new onig.OnigString(s),
    }),
    loadGrammar: async () =>
      tm.parseRawGrammar(
        fs.readFileSync(path.join(__dirname, "..", "syntaxes", "rung.tmLanguage.json"), "utf8"),
        "rung.tmLanguage.json"
      ),
  });
  return registry.loadGrammar("source.rung");
}

function tokenize(g, text) {
  const out = [];
  let stack = tm.INITIAL;
  text.split("\n").forEach((line, n) => {
    const r = g.tokenizeLine(line, stack);
    for (const t of r.tokens) {
      out.push({ line: n + 1, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
    }
    stack = r.ruleStack;
  });
  return out;
}

// The keywords as the language's grammar spells them (k_… rules, quantifiers, aggregates,
// combinations).
function keywords() {
  const pest = fs.readFileSync(path.join(root, "grammar", "rung.pest"), "utf8");
  const out = new Set();
  for (const line of pest.split("\n")) {
    const m = /^(k_\w+|quantifier|aggregate|combine)\s*=\s*@\{(.*)/.exec(line);
    if (!m) continue;
    const body = m[2].replace(/\(" " \| "\\t"\)\+/g, "SPACE");
    for (const alt of body.split("|")) {
      const words = [...alt.matchAll(/"([^"]*)"/g)].map((w) => w[1]).filter((w) => w.trim() && w !== "??");
      if (words.length) out.add(words.join(" "));
    }
  }
  return [...out];
}

function policies() {
  const dir = path.join(root, "policies");
  return fs.readdirSync(dir).filter((f) => f.endsWith(".rung")).map((f) => path.join(dir, f));
}

test("every token of the shipped policies gets a scope", async () => {
  const g = await grammar();
  const files = policies();
  assert.ok(files.length >= 1);
  for (const file of files) {
    for (const t of tokenize(g, fs.readFileSync(file, "utf8"))) {
      if (!t.text.trim()) continue;
      assert.ok(t.scopes.length > 1, `${path.basename(file)}:${t.line}: \`${t.text}\` has no scope`);
    }
  }
});

test("keywords of both languages are scoped as keywords", async () => {
  const g = await grammar();
  const kws = keywords();
  assert.ok(kws.includes("规则") && kws.includes("rule") && kws.includes("has no"));
  for (const kw of kws) {
    const toks = tokenize(g, `x ${kw} y`).filter((t) => t.text.trim());
    const mid = toks.filter((t) => t.text.trim() !== "x" && t.text.trim() !== "y");
    assert.ok(mid.length >= 1, kw);
    for (const t of mid) {
      assert.ok(
        t.scopes.some((s) => s.startsWith("keyword.control")),
        `\`${kw}\` is scoped ${t.scopes.join(" ")}`
      );
    }
  }
});

test("names, clause ids, sentences, patterns and comments get their scopes", async () => {
  const g = await grammar();
  const scope = (line, text) =>
    tokenize(g, line)
      .filter((t) => t.text === text)
      .map((t) => t.scopes[t.scopes.length - 1])[0];
  const rule = 'rule 8.4.1.2.B "晋级2个小级" # 注释';
  assert.strictEqual(scope(rule, "8.4.1.2.B"), "constant.other.clause-id.rung");
  assert.strictEqual(scope(rule, '"晋级2个小级"'), "string.quoted.double.rung");
  assert.strictEqual(scope(rule, "# 注释"), "comment.line.number-sign.rung");
  const cond = "当 当前职级 < 「中(二)级客服(一般)」 且 前6个月 达到 2A(或1S) 且 试用期 达到 3个月";
  assert.strictEqual(scope(cond, "当前职级"), "variable.other.rung");
  assert.strictEqual(scope(cond, "「中(二)级客服(一般)」"), "entity.name.quoted.rung");
  assert.strictEqual(scope(cond, "2A(或1S)"), "constant.other.grade-pattern.rung");
  assert.strictEqual(scope(cond, "前6个月"), "variable.other.rung");
  assert.strictEqual(scope(cond, "3个月"), "constant.numeric.duration.rung");
});
