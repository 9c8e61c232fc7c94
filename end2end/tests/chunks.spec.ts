import { test, expect, Page } from "@playwright/test";

// Every page is its own WASM chunk (`cargo leptos build --split`, `src/ui/pages/lazy.rs`).

async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

const historyChunk = "**/pkg/split___history_route_view_*";

function nav(page: Page) {
  return page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "History" });
}

test("a page's code is fetched when the player goes there, not before", async ({ page }) => {
  const fetched: string[] = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto("/simulate");
  await hydrated(page);
  const split = (name: string) => fetched.filter((p) => p.includes(`/split___${name}_route_view_`));
  expect(split("simulate")).toHaveLength(1);
  expect(split("history")).toHaveLength(0);
  expect(split("results")).toHaveLength(0);
  await nav(page).click();
  await expect(page).toHaveURL(/\/simulate\/history$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Simulation History");
  expect(split("history")).toHaveLength(1);
  // Back: the form's chunk is not fetched again.
  await page.goBack();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quick Sim");
  expect(split("simulate")).toHaveLength(1);
});

test("a page chunk gone after a deployment: the page is loaded afresh from the server", async ({ page }) => {
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto("/simulate");
  await hydrated(page);
  // The first request for the history page's chunk fails, as an old name would after a deploy.
  let refused = 0;
  await page.route(
    historyChunk,
    async (route) => {
      refused++;
      await route.abort();
    },
    { times: 1 },
  );
  await nav(page).click();
  await expect(page).toHaveURL(/\/simulate\/history$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Simulation History");
  await hydrated(page);
  expect(refused).toBe(1);
  expect(loads).toBe(2);
  // The reloaded page is a working app: client-side navigation goes on.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Simulate" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quick Sim");
});

test("a page chunk that never loads: one reload, then the server's page, which works without the app", async ({ page }) => {
  let loads = 0;
  page.on("load", () => loads++);
  await page.goto("/simulate");
  await hydrated(page);
  await page.route(historyChunk, (route) => route.abort());
  await nav(page).click();
  await expect(page).toHaveURL(/\/simulate\/history$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Simulation History");
  // No reload loop: the reloaded page stays as the server rendered it.
  await page.waitForTimeout(3000);
  expect(loads).toBe(2);
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  // Its links are plain links: the form is one click away.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Simulate" }).click();
  await expect(page).toHaveURL(/\/simulate$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quick Sim");
});

test("Back pressed while the page's chunk is still loading shows the page of the new address", async ({ page }) => {
  await page.goto("/simulate");
  await hydrated(page);
  await nav(page).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Simulation History");
  // Reloaded on a slow line: the history page's chunk takes two seconds, so the app is not
  // running yet when the player goes Back to the form (an entry of the same document).
  await page.route(historyChunk, async (route) => {
    await new Promise((r) => setTimeout(r, 2000));
    await route.continue();
  });
  await page.reload();
  // The main module is running (its listeners are in) well before the chunk arrives.
  await page.waitForTimeout(700);
  await expect(page.locator("body")).not.toHaveAttribute("data-hydrated", "true");
  await page.goBack();
  await expect(page).toHaveURL(/\/simulate$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Quick Sim");
  await hydrated(page);
});
