import { test, expect, Page } from "@playwright/test";
import * as fs from "fs";

const shots = "screenshots";
fs.mkdirSync(shots, { recursive: true });

/** Collects console errors so a page that logs errors fails its test. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

test("home sells the product: the specs, a start button and the player's recent runs", async ({ page }) => {
  const errors = watchConsole(page);
  const res = await page.goto("/");
  expect(res?.status()).toBe(200);
  // Server-rendered HTML already holds the heading and the specs before any script runs.
  const html = await res!.text();
  expect(html).toContain("Simulate your rotation");
  expect(html).toContain("Fire Mage");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Simulate your rotation");
  await expect(page.getByTestId("spec-cards").locator("li")).toHaveCount(4);
  await expect(page.getByText("Check database")).toHaveCount(0);
  await hydrated(page);
  // A spec's card opens the form on its built-in rotation.
  await page.getByRole("link", { name: "Simulate Fire Mage" }).click();
  await expect(page).toHaveURL(/\/simulate\?rotationId=/);
  await expect(page.getByLabel("Rotation", { exact: true }).locator("option:checked")).toContainText("Fire Mage");
  await page.getByLabel("Iterations", { exact: true }).fill("50");
  await page.getByRole("button", { name: "Run Simulation" }).click();
  await expect(page).toHaveURL(/\/simulate\/results\//);
  // Back home: the run is listed.
  await page.goto("/");
  await expect(page.getByTestId("recent-runs").getByRole("link").first()).toContainText("Fire");
  await page.screenshot({ path: `${shots}/home.png`, fullPage: true });
  expect(errors).toEqual([]);
});

for (const [path, heading] of [
  ["/simulate", "Quick Sim"],
  ["/simulate/history", "Simulation History"],
  ["/simulate/results/abc123", "Simulation not found"],
] as const) {
  test(`${path} renders and hydrates`, async ({ page }) => {
    const errors = watchConsole(page);
    // The unknown job's page is a real 404, which Chromium reports in the console.
    const notFound = path.includes("abc123");
    const res = await page.goto(path);
    expect(res?.status()).toBe(path.includes("abc123") ? 404 : 200);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await hydrated(page);
    await page.screenshot({ path: `${shots}/page${path.replaceAll("/", "_")}.png`, fullPage: true });
    expect(errors.filter((e) => !(notFound && e.includes("status of 404")))).toEqual([]);
  });
}

test("client-side navigation works after hydration", async ({ page }) => {
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(/\/simulate\/history$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Simulation History");
  await expect(page.getByRole("link", { name: "History" })).toHaveAttribute("aria-current", "page");
});

test("the mobile menu opens on a 390 px phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/");
  await hydrated(page);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  await page.getByRole("button", { name: "Menu" }).click();
  await expect(nav).toBeVisible();
  await page.screenshot({ path: `${shots}/home-390.png`, fullPage: true });
});

test("an unknown path is a 404 page", async ({ page }) => {
  const res = await page.goto("/no/such/page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page not found");
  await hydrated(page);
  await page.screenshot({ path: `${shots}/404.png` });
});

test("health and readiness probes answer", async ({ request }) => {
  const health = await request.get("/healthz");
  expect(health.status()).toBe(200);
  expect((await health.json()).status).toBe("ok");
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toMatchObject({ status: "ready", database: "sqlite" });
});
