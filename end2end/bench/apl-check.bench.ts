import { expect, Page, test } from "@playwright/test";
import * as fs from "fs";
import { hydrated } from "../tests/helpers";

// How long the engine's check takes in the browser (WASM, release build) per edit: p50/p99 over
// EDITS keystrokes, for the largest built-in rotation and for a rotation of just under 64 KiB
// (rotasim_engine::apl::MAX_APL_BYTES). Each edit types "0" at the end or deletes it again, so
// the text stays valid; the editor exposes each check's duration (performance.now()) as
// data-check-ms and its number as data-check-seq; the page also times each keystroke until its
// check's result is in the DOM. Results: bench-results/apl-check.json.

const EDITS = Number(process.env.ROTASIM_BENCH_EDITS ?? 100);
const MAX_APL_BYTES = 64 * 1024;

function pct(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function seq(page: Page): Promise<number> {
  return Number(await page.locator(".apl-editor").getAttribute("data-check-seq"));
}

/** Opens the editor on `specId` with `apl`, then times EDITS edits at the end of the text. */
async function measure(page: Page, specId: string, apl: string) {
  await page.goto(`/rotations/new?spec=${specId}`);
  await hydrated(page);
  const editor = page.locator(".apl-editor");
  await expect(editor).toHaveAttribute("data-check-source", "local");
  const area = page.getByRole("textbox", { name: "Priority list (APL)" });
  await area.fill(apl);
  await expect(editor).toHaveAttribute("data-errors", "0");
  await area.press("Control+End");
  // In the page: when each key went down, and when each check's result reached the DOM.
  await page.evaluate(() => {
    const w = window as any;
    w.__keyAt = 0;
    w.__latencies = [];
    document.addEventListener("keydown", () => (w.__keyAt = performance.now()), true);
    new MutationObserver(() => w.__latencies.push(performance.now() - w.__keyAt)).observe(
      document.querySelector(".apl-editor")!,
      { attributes: true, attributeFilter: ["data-check-seq"] },
    );
  });
  const times: number[] = [];
  for (let i = 0; i < EDITS; i++) {
    const before = await seq(page);
    await page.keyboard.press(i % 2 === 0 ? "0" : "Backspace");
    await page.waitForFunction(
      (b) => Number(document.querySelector(".apl-editor")!.getAttribute("data-check-seq")) > b,
      before,
    );
    times.push(Number(await editor.getAttribute("data-check-ms")));
  }
  const latencies: number[] = (await page.evaluate(() => (window as any).__latencies)).sort((a: number, b: number) => a - b);
  await expect(editor).toHaveAttribute("data-errors", "0");
  const sorted = [...times].sort((a, b) => a - b);
  return {
    specId,
    bytes: Buffer.byteLength(apl),
    lines: apl.split("\n").length,
    edits: times.length,
    p50Ms: pct(sorted, 50),
    p99Ms: pct(sorted, 99),
    maxMs: sorted[sorted.length - 1],
    meanMs: times.reduce((a, b) => a + b, 0) / times.length,
    // Keystroke → errors in the DOM: debounce + check + render.
    keyToMarksP50Ms: pct(latencies, 50),
    keyToMarksP99Ms: pct(latencies, 99),
  };
}

/** Valid fire_mage lines repeated to just under MAX_APL_BYTES, ending in a number. */
function bigApl(): string {
  const terms = ["buff.hot_streak.up", "mana.pct>10", "cooldown.combustion.remains>5", "target.health.pct<90", "!moving", "active_enemies<3", "time>1"];
  const line = "actions+=/fireball,if=" + [...terms, ...terms, ...terms].join("&");
  let text = "actions=pyroblast,if=buff.hot_streak.up";
  while (Buffer.byteLength(text) + 1 + line.length < MAX_APL_BYTES - 64) text += "\n" + line;
  // The last line takes the rest, a short term at a time.
  text += "\nactions+=/fireball,if=time>1";
  while (Buffer.byteLength(text) + "&time>1".length < MAX_APL_BYTES - 2) text += "&time>1";
  return text;
}

test("in-browser APL check: largest built-in rotation and 64 KiB", async ({ page, request }) => {
  const specs: { id: string; defaultApl: string }[] = await (await request.get("/api/specs")).json();
  const largest = specs.reduce((a, b) => (Buffer.byteLength(b.defaultApl) > Buffer.byteLength(a.defaultApl) ? b : a));
  // The built-in text must end in a number for the 0/Backspace edits to keep it valid: add a
  // harmless condition term when it does not.
  let builtin = largest.defaultApl.replace(/\s+$/, "");
  if (!/\d$/.test(builtin)) builtin += "\nactions+=/wait,sec=1";
  const results = [await measure(page, largest.id, builtin), await measure(page, "fire_mage", bigApl())];
  for (const r of results) console.log(JSON.stringify(r));
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync("bench-results/apl-check.json", JSON.stringify(results, null, 2));
  expect(results[1].bytes).toBeLessThan(MAX_APL_BYTES);
  expect(results[1].bytes).toBeGreaterThan(MAX_APL_BYTES - 16);
});
