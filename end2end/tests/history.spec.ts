import { test, expect } from "@playwright/test";
import { hydrated, shot, watchConsole } from "./helpers";
import { completedRun } from "./runs";

test("the history is filtered, the filters stay in the URL and survive a reload", async ({ page }) => {
  // The deliberately bad URLs at the end are answered 400 (the page explains them).
  const errors = watchConsole(page, [/status of 400/]);
  const short = { duration: 30, iterations: 20 };
  const fireSingle = await completedRun(page, { rotationId: "fire_mage", fightType: "patchwerk", ...short });
  const fireAoe = await completedRun(page, { rotationId: "fire_mage", fightType: "aoe", targets: 3, ...short });
  const fury = await completedRun(page, { rotationId: "fury_warrior", fightType: "aoe", targets: 3, ...short });

  await page.goto("/simulate/history");
  await hydrated(page);
  const rows = page.getByTestId("history-table").locator("tbody tr");
  await expect(rows).toHaveCount(3);

  // Spec and fight: one run left, and the URL says so.
  await page.getByLabel("Spec", { exact: true }).selectOption("fire_mage");
  await page.getByLabel("Fight", { exact: true }).selectOption("aoe");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/simulate\/history\?spec=fire_mage&fight=aoe$/);
  await expect(rows).toHaveCount(1);
  await expect(page.locator(`tr[data-job="${fireAoe}"]`)).toBeVisible();

  // A reload keeps the filter: the same rows and the same form.
  await page.reload();
  await hydrated(page);
  await expect(page).toHaveURL(/\?spec=fire_mage&fight=aoe$/);
  await expect(rows).toHaveCount(1);
  await expect(page.locator(`tr[data-job="${fireAoe}"]`)).toBeVisible();
  await expect(page.getByLabel("Spec", { exact: true })).toHaveValue("fire_mage");
  await expect(page.getByLabel("Fight", { exact: true })).toHaveValue("aoe");
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, "history-filtered-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, "history-filtered-390");
  await page.setViewportSize({ width: 1280, height: 900 });

  // The name search, case-insensitive, instead.
  await page.getByLabel("Spec", { exact: true }).selectOption("");
  await page.getByLabel("Fight", { exact: true }).selectOption("");
  await page.getByLabel("Search rotation", { exact: true }).fill("FURY");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/\/simulate\/history\?q=FURY$/);
  await expect(rows).toHaveCount(1);
  await expect(page.locator(`tr[data-job="${fury}"]`)).toBeVisible();
  await page.reload();
  await expect(rows).toHaveCount(1);
  await expect(page.getByLabel("Search rotation", { exact: true })).toHaveValue("FURY");

  // `%` is a character, not a wildcard: nothing matches.
  await page.goto("/simulate/history?q=%25");
  await expect(page.getByTestId("no-matches")).toContainText("No simulations match these filters.");
  // A bad value in the URL names the filter.
  await page.goto("/simulate/history?from=2026-02-30");
  await expect(page.getByTestId("history-error")).toContainText("Some filters are not valid");
  await expect(page.getByTestId("history-error")).toContainText("from");
  // Clearing shows every run again.
  await page.getByTestId("history-error").getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/simulate\/history$/);
  await expect(rows).toHaveCount(3);
  await expect(page.locator(`tr[data-job="${fireSingle}"]`)).toBeVisible();
  expect(errors).toEqual([]);
});
