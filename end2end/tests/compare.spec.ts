import { test, expect } from "@playwright/test";
import { hydrated, shot, watchConsole } from "./helpers";
import { completedRun } from "./runs";

test("two completed runs picked in the history are compared: both runs, the difference with a verdict and the method", async ({ page }) => {
  // The deliberately bad URLs at the end are answered 400 (the page explains them).
  const errors = watchConsole(page, [/status of 400/]);
  const base = await completedRun(page, { rotationId: "fire_mage", duration: 60, iterations: 200, fightType: "patchwerk", seed: 1 });
  const other = await completedRun(page, { specId: "fire_mage", apl: "actions=fireball", duration: 60, iterations: 200, fightType: "patchwerk", seed: 2 });

  await page.goto("/simulate/history");
  await hydrated(page);
  const compare = page.getByTestId("compare-selected");
  await expect(compare).toBeDisabled();
  // The first ticked is the baseline.
  await page.locator(`tr[data-job="${base}"] input[type="checkbox"]`).check();
  await expect(compare).toHaveText("Compare (1)");
  await expect(compare).toBeDisabled();
  await page.locator(`tr[data-job="${other}"] input[type="checkbox"]`).check();
  await expect(compare).toHaveText("Compare (2)");
  await expect(compare).toBeEnabled();
  await compare.click();
  await expect(page).toHaveURL(new RegExp(`/simulate/compare\\?ids=${base},${other}$`));

  const dps = page.getByTestId("compare-dps");
  await expect(dps.locator("tbody tr")).toHaveCount(2);
  await expect(dps.locator(`tr[data-job="${base}"]`)).toContainText("#1 Fire Mage");
  await expect(dps.locator(`tr[data-job="${base}"]`)).toContainText("baseline");
  await expect(dps.locator(`tr[data-job="${other}"]`)).toContainText("#2 Inline APL");
  await expect(page.getByTestId("verdict")).toHaveText(/^[+-]\d+\.\d % ± \d+\.\d % — (better|worse|no significant difference)$/);
  await expect(page.getByTestId("compare-method")).toContainText("Welch's t-interval (independent runs)");
  // Settings: the APL differs (with its diff), the fight does not.
  const settings = page.getByTestId("compare-settings");
  await expect(settings.locator('tr[data-setting="apl"]')).toHaveClass(/differs/);
  await expect(settings.locator('tr[data-setting="apl"]')).toContainText("differs");
  await expect(settings.locator('tr[data-setting="fight"]')).not.toHaveClass(/differs/);
  await settings.getByTestId("apl-diff").locator("summary").click();
  await expect(settings.getByTestId("apl-diff").locator(".diff-added")).toContainText("actions=fireball");
  await expect(page.locator("#chart-distributions canvas").first()).toBeVisible();
  await expect(page.getByTestId("compare-abilities").locator("tbody tr").first()).toBeVisible();
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, "compare-1280");
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.locator(".scroll-hint").first()).toBeVisible();
  await shot(page, "compare-390");
  await page.setViewportSize({ width: 1280, height: 900 });

  // "Compare with…" on a result: this one becomes the baseline.
  await page.goto(`/simulate/results/${other}`);
  await hydrated(page);
  await page.getByTestId("compare-with").click();
  const picker = page.getByRole("dialog", { name: "Compare with…" });
  await expect(picker).toBeVisible();
  await picker.getByTestId("compare-picker").getByRole("link").first().click();
  await expect(page).toHaveURL(new RegExp(`/simulate/compare\\?ids=${other},${base}$`));
  await expect(page.getByTestId("compare-dps").locator(`tr[data-job="${other}"]`)).toContainText("baseline");

  // A bad link is explained, not an error page.
  await page.goto(`/simulate/compare?ids=${base}`);
  await expect(page.getByTestId("compare-error")).toContainText("Pick 2 to 6 simulations to compare");
  expect(errors).toEqual([]);
});
