import { test, expect, Page } from "@playwright/test";
import { hydrated, shot, watchConsole } from "./helpers";

const MY_APL = "actions=fire_blast,if=buff.hot_streak.up\nactions+=/fireball";

/** Saves the page at phone and desktop widths. */
async function shots(page: Page, name: string) {
  await page.setViewportSize({ width: 390, height: 844 });
  await shot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await shot(page, `${name}-1280`);
}

test("a player shares a result; a fresh browser opens it read-only until the link is revoked", async ({ page, browser }) => {
  const errors = watchConsole(page);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  // The owner: a rotation of their own, simulated briefly.
  await page.goto("/");
  const created = await page.request.post("/api/rotations", { data: { specId: "fire_mage", name: "My APL", apl: MY_APL } });
  expect(created.status()).toBe(201);
  const rotationId = (await created.json()).id;
  await page.goto(`/simulate?rotationId=${rotationId}`);
  await hydrated(page);
  await page.getByLabel("Duration (seconds)", { exact: true }).fill("60");
  await page.getByLabel("Iterations", { exact: true }).fill("200");
  await page.getByRole("button", { name: "Run Simulation" }).click();
  await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
  const jobId = page.url().split("/").pop()!;
  await expect(page.getByTestId("status-badge")).toHaveText("completed", { timeout: 30_000 });

  // Share: a new link in a dialog, focused so it can be copied at once.
  await page.getByRole("button", { name: "Share", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Share this result" });
  await expect(dialog).toBeVisible();
  const field = dialog.getByTestId("share-url");
  await expect(field).toHaveValue(/\/s\/[A-Za-z0-9_-]{43}$/);
  await expect(field).toBeFocused();
  const link = await field.inputValue();
  expect(link.startsWith("http://127.0.0.1:")).toBeTruthy();
  await dialog.getByRole("button", { name: "Copy link" }).click();
  await expect(dialog.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await shots(page, "share-owner-dialog");

  // Anyone: a new browser context without cookies.
  const stranger = await browser.newContext();
  const other = await stranger.newPage();
  const otherErrors = watchConsole(other);
  // The first HTML response carries the preview meta and the report.
  const first = await other.request.get(link);
  expect(first.status()).toBe(200);
  const html = await first.text();
  expect(html).toMatch(/<meta property="og:title" content="Fire Mage — My APL: \d{1,3}(,\d{3})* DPS"/);
  expect(html).toContain('<meta name="twitter:card" content="summary"');
  expect(html).toContain("Rotation as simulated");
  expect(html).not.toContain(jobId);

  const res = await other.goto(link);
  expect(res!.status()).toBe(200);
  await hydrated(other);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Fire Mage — My APL");
  await expect(other.locator('meta[property="og:title"]')).toHaveAttribute("content", /^Fire Mage — My APL: [\d,]+ DPS$/);
  await expect(other).toHaveTitle(/^Fire Mage — My APL: [\d,]+ DPS · Rotasim$/);
  await expect(other.getByRole("tab", { name: "Overview" })).toHaveAttribute("aria-selected", "true");
  await expect(other.locator(".stat-big .stat-value")).toHaveText(/^\d{1,3}(,\d{3})*$/);
  await expect(other.getByTestId("share-settings")).toContainText("Patchwerk · 1 target");
  await other.getByTestId("ran-with").locator("summary").click();
  await expect(other.getByTestId("ran-apl")).toHaveText(MY_APL);
  // Read-only: nothing that acts on the owner's job, no way to it.
  for (const name of ["Cancel", "Retry", "Sim again", "Share", "Export JSON", "Export CSV"]) {
    await expect(other.getByRole("button", { name, exact: true })).toHaveCount(0);
    await expect(other.getByRole("link", { name, exact: true })).toHaveCount(0);
  }
  await expect(other.locator('a[href*="/simulate/results/"], a[href*="/api/"]')).toHaveCount(0);
  await other.getByRole("tab", { name: "Abilities" }).click();
  expect(await other.getByTestId("abilities-table").locator("tbody tr").count()).toBeGreaterThanOrEqual(2);
  await other.getByRole("tab", { name: "Timeline" }).click();
  await expect(other.getByTestId("event-log").locator("tbody tr").nth(20)).toBeAttached();
  await other.getByRole("tab", { name: "Overview" }).click();
  await shots(other, "share-page");
  expect(await stranger.cookies()).toEqual([]);

  // The owner revokes it; the next load in the fresh browser is the 404 page.
  await dialog.getByRole("button", { name: "Revoke", exact: true }).click();
  await expect(dialog.getByTestId("share-revoked")).toHaveText(/Link revoked/);
  await shots(page, "share-owner-revoked");
  await dialog.getByRole("button", { name: "Close" }).click();
  await expect(dialog).toBeHidden();

  const gone = await other.reload();
  expect(gone!.status()).toBe(404);
  await expect(other.getByRole("heading", { level: 1 })).toHaveText("Shared result not found");
  await expect(other.locator('meta[property="og:title"]')).toHaveCount(0);
  await shots(other, "share-revoked-404");

  expect(errors).toEqual([]);
  // The 404 document is the one console error a revoked link is allowed.
  expect(otherErrors.filter((e) => !/status of 404/.test(e))).toEqual([]);
  await stranger.close();
});
