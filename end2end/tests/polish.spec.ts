import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { hydrated, shot } from "./helpers";

// The report and pages, polished (issue 18): axe-clean page states at both sizes, every report
// tab in reach on a phone, the history's page in its address, focus where the player is, and
// no control twice.

/** Starts a short Fire Mage job through the REST API and returns its id. */
async function startJob(page: Page, body: Record<string, unknown> = {}): Promise<string> {
  const rotations = await (await page.request.get("/api/rotations?spec=fire_mage")).json();
  const fire = rotations.find((r: any) => r.builtin);
  const data = { rotationId: fire.id, fightType: "patchwerk", duration: 60, iterations: 100, ...body };
  // At five queued jobs a player is asked to wait (429): wait, as a player would.
  let res = await page.request.post("/api/simulations", { data });
  for (let i = 0; res.status() === 429 && i < 120; i++) {
    await page.waitForTimeout(500);
    res = await page.request.post("/api/simulations", { data });
  }
  expect(res.status()).toBe(202);
  return (await res.json()).jobId;
}

async function completed(page: Page, id: string) {
  await expect
    .poll(async () => (await (await page.request.get(`/api/simulations/${id}`)).json()).status, { timeout: 60_000 })
    .toBe("completed");
}

/** axe's violations of any impact (every rule), as readable lines. */
async function axe(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

for (const width of [1280, 390]) {
  test(`every page state is axe-clean at ${width} px`, async ({ page }) => {
    test.setTimeout(180_000);
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/");
    const id = await startJob(page, { statWeights: true, iterations: 60 });
    await completed(page, id);
    const failures: string[] = [];
    const check = async (state: string) => {
      for (const v of await axe(page)) failures.push(`${state}: ${v}`);
    };
    for (const path of ["/", "/simulate", "/simulate/history", "/rotations", "/rotations/new"]) {
      await page.goto(path);
      await hydrated(page);
      await check(path);
    }
    await page.goto(`/simulate/results/${id}`);
    await hydrated(page);
    const tabs = page.getByRole("tab");
    const n = await tabs.count();
    expect(n).toBeGreaterThan(5);
    for (let i = 0; i < n; i++) {
      await tabs.nth(i).click();
      await check(`results tab ${await tabs.nth(i).innerText()}`);
    }
    // The other states a player meets: a built-in's and an own rotation's page, a running job,
    // its cancel confirmation, a cancelled job, a shared link, a comparison, a batch, a 404.
    const rotations = await (await page.request.get("/api/rotations?spec=fire_mage")).json();
    const builtin = rotations.find((r: any) => r.builtin);
    const own = await (
      await page.request.post("/api/rotations", {
        data: { specId: "fire_mage", name: `axe ${width}`, apl: builtin.apl },
      })
    ).json();
    // A long job, seen while it runs (the engine is fast: look at once), then cancelled.
    const running = await startJob(page, { iterations: 50000, duration: 900 });
    for (const path of [`/simulate/results/${running}`, `/simulate/results/${running}/cancel`]) {
      await page.goto(path);
      await hydrated(page);
      await check(path.replace(/[0-9a-z]{16}/, ":id"));
    }
    const cancel = await page.request.delete(`/api/simulations/${running}`);
    const other = await startJob(page, { iterations: 60 });
    const batch = (
      await (
        await page.request.post("/api/simulations", {
          data: {
            fightType: "patchwerk",
            duration: 60,
            iterations: 60,
            variants: [
              { label: "Built-in", rotationId: builtin.id },
              { label: "Mine", rotationId: own.id },
            ],
          },
        })
      ).json()
    ).jobId;
    const share = await (await page.request.post(`/api/simulations/${id}/share`)).json();
    await completed(page, other);
    for (const path of [
      `/rotations/${builtin.id}`,
      `/rotations/${own.id}`,
      share.url,
      `/simulate/compare?ids=${id},${other}`,
      "/no/such/page",
    ]) {
      await page.goto(path);
      await hydrated(page);
      await check(path.replace(/[0-9a-f-]{36}|\/s\/[\w-]+/g, ":id"));
    }
    if (cancel.status() < 300) {
      await page.goto(`/simulate/results/${running}`);
      await hydrated(page);
      await expect(page.getByTestId("cancelled")).toBeVisible();
      await check("cancelled result");
    }
    await completed(page, batch);
    await page.goto(`/simulate/results/${batch}`);
    await hydrated(page);
    await expect(page.locator("#batch-title")).toBeVisible();
    await check("batch result");
    expect(failures).toEqual([]);
  });
}

test("the DPS-over-time chart says its units and draws a band over iterations", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  const id = await startJob(page, { iterations: 200, duration: 120 });
  await completed(page, id);
  await page.goto(`/simulate/results/${id}`);
  await hydrated(page);
  await page.getByRole("tab", { name: "Timeline" }).click();
  await expect(page.getByText(/band spans one standard deviation/)).toBeVisible();
  const chart = page.locator("#chart-dps-timeline");
  await expect(chart.locator("canvas").first()).toBeVisible({ timeout: 20_000 });
  const option = await chart.evaluate((el) => {
    const o = (window as any).echarts.getInstanceByDom(el).getOption();
    return {
      xName: o.xAxis[0].name,
      xLabels: o.xAxis[0].axisLabel.formatter,
      seconds: o.xAxis[0].data.length,
      yName: o.yAxis[0].name,
      tooltip: o.tooltip[0].formatter,
      series: o.series.map((s: any) => ({ name: s.name, stack: s.stack ?? null, data: s.data })),
    };
  });
  expect(option.xName).toBe("Time into the fight");
  expect(option.xLabels).toBe("{value} s");
  // A 120 s fight (each iteration's length varies ±20 %): one point a second up to the longest
  // iteration, no axis running past it.
  expect(option.seconds).toBeGreaterThanOrEqual(120);
  expect(option.seconds).toBeLessThanOrEqual(145);
  expect(option.yName).toBe("DPS");
  expect(option.series[0].name).toBe("Mean DPS (5 s average)");
  expect(option.tooltip).toContain("±1 SD over iterations");
  const [mean, floor, band, top] = option.series;
  expect(floor.stack).toBe("band");
  expect(band.stack).toBe("band");
  // The band is real spread: it encloses the mean, and is not zero everywhere.
  let widths = 0;
  for (let t = 0; t < mean.data.length; t++) {
    expect(floor.data[t]).toBeLessThanOrEqual(mean.data[t]);
    expect(top.data[t]).toBeGreaterThanOrEqual(mean.data[t]);
    expect(floor.data[t] + band.data[t]).toBeCloseTo(top.data[t], 0);
    widths += band.data[t];
  }
  expect(widths / mean.data.length).toBeGreaterThan(0);
  await shot(page, "polish-dps-over-time");
});

test("at 390 px every report tab is in sight, and tables say they scroll", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  const id = await startJob(page, { statWeights: true, iterations: 60 });
  await completed(page, id);
  await page.goto(`/simulate/results/${id}`);
  await hydrated(page);
  const tabs = page.getByRole("tab");
  for (let i = 0; i < (await tabs.count()); i++) {
    const box = (await tabs.nth(i).boundingBox())!;
    expect(box.x, await tabs.nth(i).innerText()).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, await tabs.nth(i).innerText()).toBeLessThanOrEqual(390);
  }
  await page.getByRole("tab", { name: "Stat Weights" }).click();
  // A table wider than the phone scrolls inside its region, which the keyboard reaches.
  const region = page.getByRole("region", { name: "Stat weights (table)" });
  await expect(region).toBeVisible();
  await region.focus();
  await expect(region).toBeFocused();
  await shot(page, "polish-390-stat-weights");
});

test("the history's page is in its address: reload and Back keep it, and focus follows the rows", async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto("/");
  const ids: string[] = [];
  for (let i = 0; i < 22; i++) ids.push(await startJob(page, { iterations: 10, duration: 30 }));
  await completed(page, ids[ids.length - 1]);
  await page.goto("/simulate/history");
  await hydrated(page);
  const rows = page.locator("#history-results tbody tr");
  await expect(rows).toHaveCount(20);
  await page.getByRole("link", { name: "Older →" }).click();
  await expect(page).toHaveURL(/[?&]pages=[0-9a-f]+$/);
  await expect(rows).toHaveCount(2);
  await expect(page.locator("#history-results")).toBeFocused();
  const second = page.url();
  await page.reload();
  await expect(rows).toHaveCount(2);
  await page.goBack();
  await expect(page).toHaveURL(/\/simulate\/history$/);
  await expect(rows).toHaveCount(20);
  await page.goForward();
  await expect(page).toHaveURL(second);
  // Moving the focus to the rows is the app's doing: wait until it runs (before, the pager is a
  // plain link and the browser loads the page).
  await hydrated(page);
  await page.getByRole("link", { name: "← Newer" }).click();
  await expect(rows).toHaveCount(20);
  await expect(page.locator("#history-results")).toBeFocused();
  // Without the app the pager is plain links too.
  const html = await (await page.request.get("/simulate/history")).text();
  expect(html).toMatch(/href="\/simulate\/history\?pages=[0-9a-f]+"/);
});

test("the skip link moves the focus to the content", async ({ page }) => {
  await page.goto("/simulate");
  await hydrated(page);
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Skip to content" })).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();
});

test("no control appears twice: one View Previous, one Retry", async ({ page }) => {
  await page.goto("/simulate");
  await hydrated(page);
  await expect(page.getByRole("link", { name: "View Previous" })).toHaveCount(1);
  const long = await startJob(page, { iterations: 50000, duration: 900 });
  expect((await page.request.delete(`/api/simulations/${long}`)).status()).toBeLessThan(300);
  await page.goto(`/simulate/results/${long}`);
  await hydrated(page);
  await expect(page.getByTestId("cancelled")).toBeVisible();
  await expect(page.getByRole("button", { name: "Retry" })).toHaveCount(1);
});
