// rung's HTML report in a real browser (Debian's Chromium, driven by playwright-core), used as
// a person would: it opens with no network, its summary shows the counts of the verdicts, a
// row opens onto the person's notice, the search box filters, a header sorts, and a
// screenshot is kept. Run by tests/browser.rs, which writes the report and the verdicts first:
//   REPORT   the HTML report of the example roster
//   VERDICTS the same roster's verdicts as JSON Lines (`rung eval --format json`)
//   ROSTER   the roster itself (for each person's 岗位)
//   SHOTS    the folder for the screenshots
"use strict";

const { test } = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const { chromium } = require("playwright-core");

const env = (name) => {
  const v = process.env[name];
  assert.ok(v, `${name} is not set: run this test through \`cargo test --test browser\``);
  return v;
};

const lines = (file) =>
  fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));

// A value of a verdict as the report shows it.
const shown = (v) => (v === true ? "是" : v === false ? "否" : String(v));

async function open() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const requests = [];
  page.on("request", (r) => {
    if (!r.url().startsWith("file:")) requests.push(r.url());
  });
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("file://" + path.resolve(env("REPORT")));
  return { browser, page, requests, errors };
}

test("the report shows the verdicts' counts, opens a row, searches, sorts", async () => {
  const verdicts = lines(env("VERDICTS")).filter((v) => v.decisions);
  const posts = new Map(lines(env("ROSTER")).map((r) => [r["工号"], r["岗位"]]));
  const { browser, page, requests, errors } = await open();
  try {
    // The totals.
    const people = await page.locator("#totals").getAttribute("data-people");
    assert.equal(Number(people), verdicts.length);

    // Every count of the summary, in all and by post, is the verdicts' count.
    const cells = await page.$$eval("table.summary td", (tds) =>
      tds.map((td) => ({
        decision: td.closest("table").dataset.decision,
        field: td.dataset.field,
        value: td.dataset.value,
        post: td.dataset.post || null,
        n: Number(td.textContent),
        visible: td.getBoundingClientRect().width > 0,
      })),
    );
    assert.ok(cells.length > 50, `only ${cells.length} counts shown`);
    const decisions = new Set();
    for (const c of cells) {
      decisions.add(c.decision);
      const expected = verdicts.filter((v) => {
        const d = v.decisions[c.decision];
        let value = c.field === "状态" ? d.status : d.outcome[c.field];
        // A pending decision's open fields show 待定.
        if (value === null && d.status === "待定") value = "待定";
        if (value === null || value === undefined || shown(value) !== c.value) return false;
        return c.post === null || posts.get(v.id) === c.post;
      }).length;
      assert.equal(c.n, expected, `${c.decision} ${c.field} = ${c.value} (${c.post || "合计"})`);
      assert.ok(c.visible, "the counts are on screen");
    }
    assert.deepEqual([...decisions], Object.keys(verdicts[0].decisions), "a summary per decision");
    // Each decision's statuses add up to everyone.
    for (const d of decisions) {
      const total = cells
        .filter((c) => c.decision === d && c.field === "状态" && c.post === null)
        .reduce((a, c) => a + c.n, 0);
      assert.equal(total, verdicts.length, `${d}: the statuses add up`);
    }

    // A row opens onto the person's notice, and closes again.
    const first = page.locator("#roster tr.row").first();
    const detail = page.locator("#roster tr.detail").first();
    assert.equal(await detail.isVisible(), false, "reasons start folded");
    await first.click();
    assert.equal(await detail.isVisible(), true, "a click opens the row");
    assert.equal(await first.getAttribute("aria-expanded"), "true");
    const notice = await detail.innerText();
    assert.match(notice, new RegExp(verdicts[0].id), "the notice names the person");
    assert.match(notice, /根据《.+》/);
    assert.match(notice, /依据第 .+ 条/, "the notice quotes a clause");
    await page.screenshot({ path: path.join(env("SHOTS"), "report-row-open.png"), fullPage: false });
    await first.click();
    assert.equal(await detail.isVisible(), false, "a second click closes it");

    // The search box keeps the rows that match.
    const who = verdicts[3].id;
    await page.fill("#search", who);
    const visible = await page.locator("#roster tbody.person:visible tr.row").allInnerTexts();
    assert.equal(visible.length, 1, `one row for ${who}`);
    assert.match(visible[0], new RegExp(who));
    assert.match(await page.locator("#shown").innerText(), new RegExp(`^1 / ${verdicts.length}$`));
    await page.fill("#search", "");
    assert.equal(await page.locator("#roster tbody.person:visible").count(), verdicts.length);

    // A header sorts the rows, and sorts them back the other way.
    const ids = async () => page.$$eval("#roster tr.row", (rs) => rs.map((r) => r.cells[0].textContent));
    const header = page.locator("#roster thead th.sort", { hasText: "工号" });
    await header.click();
    const up = await ids();
    assert.deepEqual(up, [...up].sort(), "ascending");
    assert.equal(await header.getAttribute("aria-sort"), "ascending");
    await header.click();
    const down = await ids();
    assert.deepEqual(down, [...up].reverse(), "descending");
    // A column of numbers sorts as numbers.
    const steps = page.locator("#roster thead th.sort", { hasText: "小级数" }).first();
    await steps.click();
    const col = await steps.evaluate((th) => {
      const heads = [...document.querySelectorAll("#roster thead th.sort")];
      return heads.indexOf(th);
    });
    const nums = await page.$$eval(
      "#roster tr.row",
      (rs, c) => rs.map((r) => r.querySelectorAll("td")[c].getAttribute("data-sort")),
      col,
    );
    const given = nums.filter((n) => n !== null).map(Number);
    assert.ok(given.length > 10, `numbers in the column: ${nums}`);
    assert.deepEqual(given, [...given].sort((a, b) => a - b), "numbers in order");

    await page.screenshot({ path: path.join(env("SHOTS"), "report.png"), fullPage: true });
    // Printed: one notice per page, nothing else.
    await page.emulateMedia({ media: "print" });
    const printed = await page.$$eval(".notice", (ns) =>
      ns.filter((n) => n.getBoundingClientRect().height > 0 && getComputedStyle(n).breakAfter === "page").length,
    );
    assert.equal(printed, verdicts.length, "every notice prints on a page of its own");
    assert.equal(await page.locator("#summary").isVisible(), false, "the summary is not printed");
    await page.pdf({ path: path.join(env("SHOTS"), "report.pdf"), format: "A4" });

    assert.deepEqual(requests, [], "nothing fetched from the network");
    assert.deepEqual(errors, [], "no script error");
  } finally {
    await browser.close();
  }
});
