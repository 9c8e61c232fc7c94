import { test, expect } from "@playwright/test";
import { hydrated, shot, watchConsole } from "./helpers";

test("a player runs a 3-variant batch and watches the ranking fill in live", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/simulate?rotationId=fire_mage");
  await hydrated(page);
  await page.getByLabel("Duration (seconds)", { exact: true }).fill("300");
  await page.getByLabel("Iterations", { exact: true }).fill("30000");
  await page.getByLabel("Compare variants (batch)").check();
  // Stat weights and a target error do not apply to a batch.
  await expect(page.getByLabel("Compute stat weights")).toHaveCount(0);
  await page.getByLabel("Baseline label").fill("Default");
  const rows = page.getByTestId("variant-row");
  await expect(rows).toHaveCount(1);
  await page.getByLabel("Variant 2 label").fill("Control");
  await page.getByRole("button", { name: "Add variant" }).click();
  await expect(rows).toHaveCount(2);
  await page.getByLabel("Variant 3 label").fill("Hunter");
  await page.getByLabel("Variant 3 rotation").selectOption({ label: "Beast Mastery — Beast Mastery Hunter — Default" });
  await shot(page, "batch-form");
  // A duplicate label is caught before anything is sent.
  await page.getByLabel("Variant 3 label").fill("default");
  await page.getByRole("button", { name: "Run Simulation" }).click();
  await expect(rows.nth(1)).toContainText("duplicate label");
  await expect(page).toHaveURL(/\/simulate\?/);
  await page.getByLabel("Variant 3 label").fill("Hunter");

  await page.getByRole("button", { name: "Run Simulation" }).click();
  await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
  const ranking = page.getByTestId("rank-row");
  await expect(ranking).toHaveCount(3);
  // Live: every variant shows a running mean before the batch has finished.
  await expect
    .poll(
      async () => {
        const its = await ranking.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-iterations"))));
        return its.every((n) => n > 0 && n < 30000);
      },
      { timeout: 30_000, intervals: [50] },
    )
    .toBe(true);
  await expect(page.getByTestId("batch-state")).toContainText("live");
  await shot(page, "batch-live");

  await expect(page.getByTestId("status-badge")).toHaveText("completed", { timeout: 90_000 });
  await expect(page.getByTestId("batch-state")).toHaveText("final");
  const table = page.getByTestId("batch-row");
  await expect(table).toHaveCount(3);
  // The same rotation again differs by exactly nothing; the method is said.
  await expect(page.locator('[data-testid="batch-row"][data-label="Control"] [data-testid="verdict"]')).toHaveText(
    "+0.0 % ± 0.0 % — no significant difference",
  );
  await expect(page.locator('[data-testid="batch-row"][data-label="Hunter"] [data-testid="verdict"]')).toHaveText(/— (better|worse)$/);
  await expect(page.getByTestId("batch-method")).toContainText("paired differences (common random numbers)");
  // Sorted: the first bar has the highest mean.
  const means = await ranking.evaluateAll((els) =>
    els.map((e) => Number((e.querySelector('[data-testid="rank-value"]')!.textContent || "").split("±")[0].replace(/,/g, ""))),
  );
  expect([...means].sort((a, b) => b - a)).toEqual(means);
  // The baseline's full report follows.
  await expect(page.getByRole("tab", { name: "Overview" })).toBeVisible();
  await shot(page, "batch-final-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "batch-final-390");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // A reload renders the finished batch from the database.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId("batch-row")).toHaveCount(3);
  expect(errors).toEqual([]);
});
