import { test, expect, Page, BrowserContext } from "@playwright/test";
import { hydrated, progressNow, shot, watchConsole } from "./helpers";

// One player (one cookie jar) goes through the portal in order: run a simulation, read every
// tab, reload the finished page, cancel another, and find both in the history.
test.describe.configure({ mode: "serial" });

let context: BrowserContext;
let page: Page;
let errors: string[];
let finishedUrl = "";

test.beforeAll(async ({ browser }) => {
  context = await browser.newContext();
  page = await context.newPage();
  errors = watchConsole(page);
});

test.afterAll(async () => {
  await context.close();
});

test("run a simulation and watch the bar and the running statistics move", async () => {
  test.setTimeout(120_000);
  await page.goto("/simulate");
  await hydrated(page);
  await expect(page.getByLabel("Rotation", { exact: true })).toBeVisible();
  await page.getByLabel("Rotation", { exact: true }).selectOption({ label: "Fire — Fire Mage — Default" });
  // The character follows the spec.
  await expect(page.getByLabel("Primary stat", { exact: true })).toHaveValue("42000");
  await page.getByLabel("Duration (seconds)", { exact: true }).fill("600");
  await page.getByLabel("Iterations", { exact: true }).fill("30000");
  await page.getByLabel("Compute stat weights", { exact: true }).check();
  await shot(page, "simulate-form");
  await page.getByRole("button", { name: "Run Simulation" }).click();

  await expect(page.getByTestId("toast").filter({ hasText: "Simulation submitted" })).toBeVisible();
  await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
  finishedUrl = page.url();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Fire Mage — Default");

  // Sample the live state until the report arrives.
  const values = new Set<number>();
  const iterationsSoFar = new Set<string>();
  const deadline = Date.now() + 90_000;
  let tookRunningShot = false;
  while (Date.now() < deadline) {
    if (await page.getByRole("tablist").isVisible()) break;
    const v = await progressNow(page);
    if (v >= 0 && v < 100) values.add(v);
    const partial = page.getByTestId("partial").locator(".stat-card").filter({ hasText: "Iterations in these figures" });
    if (await partial.count()) {
      // The cards are replaced by the report at completion: read with a short timeout.
      const text = await partial.locator(".stat-value").textContent({ timeout: 500 }).catch(() => null);
      if (text) iterationsSoFar.add(text);
      if (!tookRunningShot && values.size >= 3) {
        await expect(page.getByTestId("partial")).toContainText("Mean DPS");
        await expect(page.getByTestId("iterations")).toContainText(/[\d,]+ \/ 180,000 iterations/);
        await shot(page, "results-running");
        tookRunningShot = true;
      }
    }
    await page.waitForTimeout(150);
  }
  expect(values.size, `progress values seen: ${[...values]}`).toBeGreaterThanOrEqual(3);
  expect(iterationsSoFar.size, `partials seen: ${[...iterationsSoFar]}`).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole("tablist")).toBeVisible();
  await expect(page.getByTestId("status-badge")).toHaveText("completed");
  expect(errors).toEqual([]);
});

test("every result tab renders its tables and charts", async () => {
  const panel = page.getByRole("tabpanel");
  const chartSized = async (n: number) => {
    const canvases = panel.locator(".chart canvas");
    await expect(canvases).toHaveCount(n);
    for (let i = 0; i < n; i++) {
      const box = await canvases.nth(i).boundingBox();
      expect(box!.width).toBeGreaterThan(200);
      expect(box!.height).toBeGreaterThan(150);
    }
  };
  // Overview: the big number and the distribution.
  await expect(panel.locator(".stat-big .stat-value")).toHaveText(/^\d{1,3}(,\d{3})+$/);
  await chartSized(1);
  await shot(page, "results-overview");

  await page.getByRole("tab", { name: "Abilities" }).click();
  const rows = page.getByTestId("abilities-table").locator("tbody tr");
  expect(await rows.count()).toBeGreaterThanOrEqual(3);
  await chartSized(1);
  // Sorting by a column changes the order and says so.
  const casts = page.getByRole("columnheader", { name: /Casts/ });
  await casts.getByRole("button").click();
  await expect(casts).toHaveAttribute("aria-sort", "descending");
  const castValues = await rows.locator("td:nth-child(5)").allTextContents();
  const nums = castValues.map(Number);
  expect([...nums].sort((a, b) => b - a)).toEqual(nums);
  await casts.getByRole("button").click();
  await expect(casts).toHaveAttribute("aria-sort", "ascending");
  await shot(page, "results-abilities");

  await page.getByRole("tab", { name: "Timeline" }).click();
  await chartSized(2);
  // The sample event log is not in the `complete` event; the tab fetches it when first shown.
  await expect(page.getByTestId("event-log").locator("tbody tr").nth(50)).toBeAttached();
  await shot(page, "results-timeline");

  await page.getByRole("tab", { name: "Buffs" }).click();
  expect(await page.getByTestId("buffs-table").locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
  await shot(page, "results-buffs");

  await page.getByRole("tab", { name: "Stat Weights" }).click();
  await chartSized(1);
  await expect(page.getByTestId("weights-table").locator("tbody tr")).toHaveCount(5);
  await expect(page.getByTestId("weights-table")).toContainText(/1\.000 ± /);
  await shot(page, "results-stat-weights");

  // Tabs follow the arrow keys.
  await page.getByRole("tab", { name: "Stat Weights" }).focus();
  await page.keyboard.press("ArrowRight");
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("tab", { name: "Overview" })).toBeFocused();
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByRole("tab", { name: "Stat Weights" })).toHaveAttribute("aria-selected", "true");

  // Charts follow the window size.
  await page.getByRole("tab", { name: "Overview" }).click();
  const before = (await panel.locator(".chart canvas").boundingBox())!.width;
  await page.setViewportSize({ width: 900, height: 800 });
  await expect.poll(async () => (await panel.locator(".chart canvas").boundingBox())!.width).toBeLessThan(before - 100);
  await page.setViewportSize({ width: 1280, height: 720 });
  expect(errors).toEqual([]);
});

test("reloading a finished result renders it on the server from the database", async () => {
  // The HTML itself carries the report (no script needed).
  const res = await page.request.get(finishedUrl);
  expect(res.status()).toBe(200);
  const html = await res.text();
  expect(html).toContain("Mean DPS");
  expect(html).toContain("Fire Mage — Default");
  expect(html).toContain('role="tablist"');
  await page.reload();
  await expect(page.getByTestId("status-badge")).toHaveText("completed");
  await expect(page.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
  await hydrated(page);
  await expect(page.getByRole("tabpanel").locator(".chart canvas")).toHaveCount(1);
  // Downloads of the finished job.
  const csv = await page.request.get(await page.getByRole("link", { name: "Export CSV" }).getAttribute("href") ?? "");
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain("mean_dps,");
  expect(errors).toEqual([]);
});

test("cancel asks first: Keep Running keeps it running, Cancel Simulation stops it", async () => {
  test.setTimeout(90_000);
  await page.goto("/simulate");
  await hydrated(page);
  await page.getByLabel("Rotation", { exact: true }).selectOption({ label: "Affliction — Affliction Warlock — Default" });
  await page.getByLabel("Fight", { exact: true }).selectOption("aoe");
  await page.getByLabel("Targets", { exact: true }).fill("5");
  await page.getByLabel("Duration (seconds)", { exact: true }).fill("900");
  await page.getByLabel("Iterations", { exact: true }).fill("50000");
  await page.getByLabel("Compute stat weights", { exact: true }).check();
  await page.getByRole("button", { name: "Run Simulation" }).click();
  await expect(page).toHaveURL(/\/simulate\/results\//);
  await expect.poll(() => progressNow(page)).toBeGreaterThan(0);

  const cancel = page.getByRole("button", { name: "Cancel", exact: true });
  const dialog = page.getByRole("alertdialog");
  // Esc closes without cancelling; focus stays inside while open and returns afterwards.
  await cancel.click();
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("heading")).toHaveText("Cancel simulation?");
  await expect(dialog).toContainText("This will stop the simulation and discard partial results.");
  await expect(dialog.getByRole("button", { name: "Keep Running" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Cancel Simulation" })).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Keep Running" })).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(dialog.getByRole("button", { name: "Cancel Simulation" })).toBeFocused();
  await shot(page, "results-cancel-dialog");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(cancel).toBeFocused();

  // Keep Running: nothing changes, the bar keeps moving.
  await cancel.click();
  await dialog.getByRole("button", { name: "Keep Running" }).click();
  await expect(dialog).toBeHidden();
  const at = await progressNow(page);
  await expect.poll(() => progressNow(page), { timeout: 20_000 }).toBeGreaterThan(at);
  await expect(page.getByTestId("status-badge")).toHaveText("running");

  // Cancel Simulation: stopped, said so, and it can be run again.
  await cancel.click();
  await dialog.getByRole("button", { name: "Cancel Simulation" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Simulation cancelled" })).toBeVisible();
  await expect(page.getByTestId("status-badge")).toHaveText("cancelled");
  await expect(page.getByTestId("cancelled")).toBeVisible();
  await expect(page.getByRole("progressbar")).toHaveCount(0);
  await shot(page, "results-cancelled");
  expect(errors).toEqual([]);
});

test("the history lists both runs with their badges, newest first", async () => {
  await page.goto("/simulate/history");
  await hydrated(page);
  const rows = page.getByTestId("history-table").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("Affliction Warlock — Default");
  await expect(rows.nth(0).getByTestId("status-badge")).toHaveText("cancelled");
  await expect(rows.nth(1)).toContainText("Fire Mage — Default");
  await expect(rows.nth(1).getByTestId("status-badge")).toHaveText("completed");
  await expect(rows.nth(1).locator("td.dps")).toHaveText(/^\d{1,3}(,\d{3})+$/);
  await expect(rows.nth(1)).toContainText("10:00");
  await expect(rows.nth(1)).toContainText("30,000");
  await expect(rows.nth(1)).toContainText(/just now|minute/);
  await shot(page, "history");
  await rows.nth(1).getByRole("link", { name: "View" }).click();
  await expect(page).toHaveURL(finishedUrl);
  await expect(page.getByRole("tablist")).toBeVisible();
  expect(errors).toEqual([]);
});

test("another browser has an empty history and cannot open the first one's result", async ({ browser }) => {
  const other = await browser.newContext();
  const p = await other.newPage();
  await p.goto("/simulate/history");
  await hydrated(p);
  await expect(p.getByTestId("empty-history")).toContainText("No simulations yet.");
  await expect(p.getByTestId("empty-history").getByRole("link")).toHaveAttribute("href", "/simulate");
  await shot(p, "history-empty");
  const res = await p.goto(finishedUrl);
  expect(res?.status()).toBe(404);
  await expect(p.getByRole("heading", { level: 1 })).toHaveText("Simulation not found");
  await other.close();
});

test("the history pages through more than one page of runs", async ({ browser }) => {
  test.setTimeout(90_000);
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  // 23 quick runs through the REST API, with this browser's session.
  for (let i = 0; i < 23; i++) {
    const res = await p.request.post("/api/simulations", {
      data: { rotationId: "fury_warrior", duration: 30 + i, iterations: 1, fightType: "patchwerk" },
    });
    expect(res.status()).toBe(202);
    const { jobId } = await res.json();
    await expect.poll(async () => (await (await p.request.get(`/api/simulations/${jobId}`)).json()).status).toBe("completed");
  }
  await p.goto("/simulate/history");
  await hydrated(p);
  const rows = p.getByTestId("history-table").locator("tbody tr");
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText("0:52"); // the newest: 52 s
  // The pager is links (each page has its own address); at either end its word is inert.
  const pager = p.getByRole("navigation", { name: "History pages" });
  await expect(pager.getByText("← Newer")).toHaveAttribute("aria-disabled", "true");
  await pager.getByRole("link", { name: "Older →" }).click();
  await expect(rows).toHaveCount(3);
  await expect(rows.last()).toContainText("0:30"); // the oldest
  await expect(pager.getByText("Older →")).toHaveAttribute("aria-disabled", "true");
  await shot(p, "history-page-2");
  await pager.getByRole("link", { name: "← Newer" }).click();
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText("0:52");
  await ctx.close();
});
