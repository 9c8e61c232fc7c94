import { expect, Page, test } from "@playwright/test";
import * as fs from "fs";
import { completedRun } from "../tests/runs";

// The page budget of issue 16 on a throttled device (Chrome DevTools Protocol: CPU ×4, 150 ms
// latency, 1.6 Mbit/s down, 750 kbit/s up): bytes transferred (encoded, as on the wire) and
// times from navigation start for
// - a first visit to /simulate (empty cache) until the app has hydrated,
// - a repeat visit to /simulate (warm cache),
// - a completed result page until its first chart is drawn (ECharts fetched on demand).
// Figures, never assertions on time. Results: bench-results/page-budget.json.
// Run: cd end2end && ROTASIM_BASE_URL=http://127.0.0.1:PORT npx playwright test -c bench page-budget

type Visit = { path: string; transferredBytes: number; requests: number; ms: number };

/** Throttles `page` and returns a counter of encoded bytes received since the last reset. */
async function throttle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  let bytes = 0;
  let requests = 0;
  cdp.on("Network.loadingFinished", (e: any) => {
    bytes += e.encodedDataLength;
    requests += 1;
  });
  return {
    reset: () => {
      bytes = 0;
      requests = 0;
    },
    read: () => ({ transferredBytes: bytes, requests }),
  };
}

/** Navigates to `path` and waits for `ready`; the time is from navigation start. */
async function visit(page: Page, counter: Awaited<ReturnType<typeof throttle>>, path: string, ready: () => Promise<void>): Promise<Visit> {
  counter.reset();
  await page.goto(path, { waitUntil: "commit" });
  await ready();
  const ms = await page.evaluate(() => performance.now());
  // Let requests the page started settle before reading the bytes.
  await page.waitForLoadState("networkidle");
  return { path, ...counter.read(), ms: Math.round(ms) };
}

test("page budget on a throttled device", async ({ browser }) => {
  const setup = await browser.newContext();
  const setupPage = await setup.newPage();
  const id = await completedRun(setupPage, { rotationId: "fire_mage", duration: 300, iterations: 2000, fightType: "patchwerk", seed: 5 });
  const shared = await (await setupPage.request.post(`/api/simulations/${id}/share`)).json();
  await setup.close();

  const context = await browser.newContext();
  const page = await context.newPage();
  const counter = await throttle(page);
  const hydrated = () => expect(page.locator("body")).toHaveAttribute("data-hydrated", "true", { timeout: 60_000 });
  const first = await visit(page, counter, "/simulate", hydrated);
  const repeat = await visit(page, counter, "/simulate", hydrated);
  await context.close();

  // The result page in a fresh browser (empty cache), through its share link.
  const context2 = await browser.newContext();
  const page2 = await context2.newPage();
  const counter2 = await throttle(page2);
  const path = shared.url.replace(/^https?:\/\/[^/]+/, "");
  const chart = await visit(page2, counter2, path, () => expect(page2.locator(".chart canvas").first()).toBeVisible({ timeout: 60_000 }));
  await context2.close();

  const results = { date: new Date().toISOString(), firstVisit: first, repeatVisit: repeat, resultFirstChart: chart };
  console.log(JSON.stringify(results, null, 2));
  fs.mkdirSync("bench-results", { recursive: true });
  fs.writeFileSync("bench-results/page-budget.json", JSON.stringify(results, null, 2));
});
