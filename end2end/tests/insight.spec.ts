import { test, expect, Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { hydrated, shot, watchConsole } from "./helpers";
import { completedRun } from "./runs";

/** The page fits its width: nothing sticks out sideways (tables and the strip scroll inside). */
async function fitsWidth(page: Page) {
  const [scroll, client] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(scroll).toBeLessThanOrEqual(client + 1);
}

for (const width of [1280, 390]) {
  test(`the APL tab at ${width} px: line counts as run, the time accounting, and why a higher line was skipped`, async ({ page }) => {
    const errors = watchConsole(page);
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    const id = await completedRun(page, { rotationId: "fire_mage", duration: 120, iterations: 300, fightType: "movement", seed: 5 });
    const job = await (await page.request.get(`/api/simulations/${id}`)).json();
    const lines = job.result.aplLines as Array<{ line: number; text: string; executions: number; neverExecuted: boolean }>;
    const fireball = lines.find((l) => l.text === "fireball" && !l.neverExecuted)!;
    expect(fireball.executions).toBeGreaterThan(0);

    await page.goto(`/simulate/results/${id}`);
    await hydrated(page);
    await page.getByRole("tab", { name: "APL" }).click();
    const table = page.getByTestId("apl-lines");
    await expect(table.getByTestId("apl-line")).toHaveCount(lines.length);
    // A line's count is the report's, to one decimal; a line never used says so.
    const row = table.locator(`tr[data-line="${fireball.line}"]`);
    await expect(row).toContainText(fireball.executions.toFixed(1));
    const never = lines.find((l) => l.neverExecuted)!;
    await expect(table.locator(`tr[data-line="${never.line}"]`)).toContainText("never executed");
    const accounting = page.getByTestId("apl-accounting");
    await expect(accounting).toContainText("APM");
    await expect(accounting).toContainText("Waiting");
    await expect(accounting).toContainText("Combustion ready, unused");

    // The sample fight: pick the second decision in the table; the panel says why the lines
    // above it were skipped, in words and with the values read.
    const strip = page.getByTestId("sequence-strip");
    await expect(strip.locator(".mark").first()).toBeAttached();
    await page.locator(".seq-table summary").click();
    const seqRows = page.getByTestId("sequence-table").locator("tbody tr");
    await seqRows.nth(1).getByRole("button", { name: "Why?" }).click();
    const why = page.getByTestId("why-panel");
    await expect(why).toContainText("Lines above it, and why each was skipped:");
    await expect(why.locator(".why-list li").first()).toContainText(/condition false: .+ \(.+ = .+\)|on cooldown for \d+\.\d s/);
    // The keyboard moves along the strip.
    const before = await why.innerText();
    await strip.focus();
    await page.keyboard.press("ArrowRight");
    await expect(why).not.toHaveText(before);
    // Selecting a line dims the other lines' marks.
    await row.getByRole("button").click();
    await expect(row.getByRole("button")).toHaveAttribute("aria-pressed", "true");
    await expect(strip.locator(".mark.dim").first()).toBeAttached();
    await expect(strip.locator(".mark:not(.dim)").first()).toBeAttached();
    await fitsWidth(page);
    await shot(page, `insight-apl-tab-${width}`);
    // The tab, with a decision explained, passes axe's WCAG 2 A/AA rules.
    const axe = await new AxeBuilder({ page }).include("#panel-apl").withTags(["wcag2a", "wcag2aa"]).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test("after simulating a saved rotation the editor shows each line's count beside it, and an edit clears them", async ({ page }) => {
  const errors = watchConsole(page);
  const apl = "actions=combustion,if=time>1\nactions+=/pyroblast,if=buff.hot_streak.up\nactions+=/flamestrike,if=active_enemies>=3\nactions+=/fireball";
  const created = await page.request.post("/api/rotations", { data: { specId: "fire_mage", name: "Counted", apl } });
  expect(created.status()).toBe(201);
  const rotation = await created.json();
  const id = await completedRun(page, { rotationId: rotation.id, duration: 60, iterations: 200, fightType: "patchwerk", seed: 3 });
  const job = await (await page.request.get(`/api/simulations/${id}`)).json();
  const fireball = job.result.aplLines.find((l: { text: string }) => l.text === "fireball");

  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
    await page.goto(`/rotations/${rotation.id}`);
    await hydrated(page);
    const counts = page.getByTestId("apl-counts");
    await expect(counts).toBeVisible();
    const cells = (await counts.locator("pre").innerText()).split("\n");
    expect(cells).toHaveLength(4);
    expect(cells[2]).toBe("never");
    expect(cells[3]).toContain(fireball.executions.toFixed(1));
    await expect(page.getByTestId("counts-note")).toContainText("in your last simulation of this version");
    await shot(page, `insight-editor-counts-${width}`);
  }
  // Any edit makes them stale: they go, and the note says why.
  const editor = page.getByLabel("Priority list (APL)", { exact: true });
  await editor.press("End");
  await editor.pressSequentially(",if=time>0");
  await expect(page.getByTestId("apl-counts")).toHaveCount(0);
  await expect(page.getByTestId("counts-note")).toContainText("Edited since the last simulation");
  expect(errors).toEqual([]);
});
