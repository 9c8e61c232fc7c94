import { test, expect } from "@playwright/test";
import { hydrated, shot, watchConsole } from "./helpers";

test("the whole form works by keyboard alone", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/simulate");
  await hydrated(page);
  // From the top of the page, Tab reaches every control in order.
  const order: string[] = [];
  for (let i = 0; i < 50 && !order.includes("Run Simulation"); i++) {
    await page.keyboard.press("Tab");
    const label = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return "";
      const id = el.id;
      const lab = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
      return (lab?.textContent ?? el.textContent ?? "").trim();
    });
    order.push(label);
  }
  for (const name of ["Rotation", "Fight", "Duration (seconds)", "Iterations", "Stop early at a target error", "Compute stat weights", "Primary stat", "Versatility", "Bloodlust / Heroism", "Reaction time (seconds)", "Run Simulation"]) {
    expect(order, `Tab order: ${order.join(" → ")}`).toContain(name);
  }

  // Choose a rotation with the arrow keys, type the numbers, tick a box with Space.
  await page.getByLabel("Rotation", { exact: true }).focus();
  await page.keyboard.press("ArrowDown");
  const rotation = await page.getByLabel("Rotation", { exact: true }).inputValue();
  await page.getByLabel("Fight", { exact: true }).focus();
  await page.keyboard.press("ArrowDown"); // movement
  await expect(page.getByLabel("Fight", { exact: true })).toHaveValue("movement");
  await page.getByLabel("Duration (seconds)", { exact: true }).focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("5");
  await page.getByLabel("Iterations", { exact: true }).focus();
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("2000");
  await page.getByLabel("Stop early at a target error", { exact: true }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByLabel("Target error (% of mean DPS)", { exact: true })).toBeVisible();

  // Enter submits; the browser-side check names the field and moves focus to it.
  await page.keyboard.press("Enter");
  await expect(page.locator("#err-duration")).toHaveText("must be between 30 and 900 seconds");
  await expect(page.getByLabel("Duration (seconds)", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Duration (seconds)", { exact: true })).toBeFocused();
  await expect(page.getByRole("alert").filter({ hasText: "Please fix the field marked above." })).toBeVisible();
  await shot(page, "simulate-invalid");
  // Fixing it clears the message as you type.
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("120");
  await expect(page.locator("#err-duration")).toBeEmpty();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
  await expect(page.getByTestId("status-badge")).toHaveText("completed", { timeout: 30_000 });
  // The job is the one asked for.
  const id = page.url().split("/").pop();
  const job = await (await page.request.get(`/api/simulations/${id}`)).json();
  expect(job).toMatchObject({ rotationId: rotation, fightType: "movement", duration: 120, iterations: 2000 });
  expect(errors).toEqual([]);
});

test("server-side field errors appear at their field", async ({ page }) => {
  const errors = watchConsole(page, [/status of 400/]);
  await page.goto("/simulate");
  await hydrated(page);
  // A rotation the server does not know (as a stale page would send).
  await page.getByLabel("Rotation", { exact: true }).evaluate((s: HTMLSelectElement) => {
    const o = document.createElement("option");
    o.value = "retired_rotation";
    o.textContent = "Retired rotation";
    s.appendChild(o);
  });
  await page.getByLabel("Rotation", { exact: true }).selectOption("retired_rotation");
  await page.getByRole("button", { name: "Run Simulation" }).click();
  await expect(page.getByTestId("toast").filter({ hasText: "Failed to start simulation" })).toBeVisible();
  await expect(page.locator("#err-rotationId")).toHaveText("unknown rotation 'retired_rotation'");
  await expect(page).toHaveURL(/\/simulate$/);
  await shot(page, "simulate-server-error");
  expect(errors).toEqual([]);
});

test("a 390 px phone can run a simulation and read the report", async ({ page }) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/simulate");
  await hydrated(page);
  await shot(page, "simulate-390");
  await page.getByLabel("Iterations", { exact: true }).fill("3000");
  await page.getByRole("button", { name: "Run Simulation" }).click();
  await expect(page).toHaveURL(/\/simulate\/results\//);
  await expect(page.getByTestId("status-badge")).toHaveText("completed", { timeout: 30_000 });
  await expect(page.getByRole("tabpanel").locator(".chart canvas")).toHaveCount(1);
  const box = await page.getByRole("tabpanel").locator(".chart canvas").boundingBox();
  expect(box!.width).toBeGreaterThan(250);
  expect(box!.width).toBeLessThanOrEqual(390);
  // Nothing overflows the screen sideways.
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(wide).toBeLessThanOrEqual(390);
  await shot(page, "results-390");
  await page.getByRole("tab", { name: "Abilities" }).click();
  await expect(page.getByTestId("abilities-table")).toBeVisible();
  await shot(page, "results-abilities-390");
  await page.goto("/simulate/history");
  await expect(page.getByTestId("history-table")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, "history-390");
  expect(errors).toEqual([]);
});

test("every fight style is offered with what it is; a dungeon slice kills its packs, then the boss", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/simulate");
  await hydrated(page);
  const fight = page.getByLabel("Fight", { exact: true });
  const values = await fight.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(values).toEqual(["patchwerk", "movement", "aoe", "hectic_add_cleave", "dungeon_slice", "cleave_add"]);
  // Only the chosen fight's description shows, and Targets only where it means something.
  await expect(page.locator('.fight-help[data-fight="patchwerk"]')).toBeVisible();
  await expect(page.getByLabel("Targets", { exact: true })).toBeHidden();
  await fight.selectOption("cleave_add");
  await expect(page.locator('.fight-help[data-fight="cleave_add"]')).toHaveText(/one add every 30 s/);
  await expect(page.getByLabel("Targets", { exact: true })).toBeHidden();
  await fight.selectOption("dungeon_slice");
  await expect(page.locator('.fight-help[data-fight="dungeon_slice"]')).toBeVisible();
  await expect(page.locator('.fight-help[data-fight="patchwerk"]')).toBeHidden();
  await page.getByLabel("Targets", { exact: true }).fill("3");
  await page.getByLabel("Duration (seconds)", { exact: true }).fill("120");
  await page.getByLabel("Iterations", { exact: true }).fill("300");
  await shot(page, "simulate-dungeon-slice");
  await page.getByRole("button", { name: "Run Simulation" }).click();
  await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
  await expect(page.getByTestId("status-badge")).toHaveText("completed", { timeout: 60_000 });
  const id = page.url().split("/").pop();
  const job = await (await page.request.get(`/api/simulations/${id}`)).json();
  expect(job).toMatchObject({ fightType: "dungeon_slice", duration: 120 });
  expect(job.snapshot.targets).toBe(3);
  // Three packs of three, then the boss: every one dies, and the fight lasts about as asked.
  const stats = job.result.stats;
  expect(stats.estimatedHealth).toBe(true);
  expect(stats.targetsSeen).toBeCloseTo(10, 5);
  expect(stats.targetsKilled).toBeCloseTo(10, 5);
  expect(stats.duration).toBeGreaterThan(96);
  expect(stats.duration).toBeLessThan(144);
  await expect(page.getByText(/Dungeon slice · 10 targets, 10 killed \(health estimated\)/)).toBeVisible();
  await shot(page, "results-dungeon-slice");
  expect(errors).toEqual([]);
});
