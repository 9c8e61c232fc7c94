import { test, expect, Page } from "@playwright/test";
import { hydrated, shot, watchConsole } from "./helpers";

const TYPOS = "actions=fireball\nactions+=/fire_blsat,if=buff.hot_streek.up";

const editor = (page: Page) => page.getByLabel("Priority list (APL)", { exact: true });
const problems = (page: Page) => page.locator(".apl-problems");

/** Runs the quick-sim form as it stands with a short fight and few iterations; returns the job id
 * once it has completed. */
async function runShort(page: Page): Promise<string> {
  await hydrated(page);
  await page.getByLabel("Duration (seconds)", { exact: true }).fill("60");
  await page.getByLabel("Iterations", { exact: true }).fill("200");
  await page.getByRole("button", { name: "Run Simulation" }).click();
  await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
  await expect(page.getByTestId("status-badge")).toHaveText("completed", { timeout: 30_000 });
  return page.url().split("/").pop()!;
}

test("a player writes a rotation, fixes it from the hints, saves, simulates, edits and simulates again", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/");
  await hydrated(page);
  await page.getByRole("link", { name: "Write a rotation" }).click();
  await expect(page).toHaveURL(/\/rotations$/);
  await page.getByRole("link", { name: "New rotation", exact: true }).click();
  await expect(page).toHaveURL(/\/rotations\/new$/);
  await hydrated(page);

  await page.getByLabel("Spec", { exact: true }).selectOption("fire_mage");
  await page.getByLabel("an empty list").check();
  await page.getByLabel("Name", { exact: true }).fill("Pooling test");
  await editor(page).fill(TYPOS);
  // Before saving: both errors, in text order, at their line and column, with their hints.
  await expect(problems(page)).toHaveAttribute("data-state", "errors");
  const items = problems(page).locator(".apl-problem");
  await expect(items).toHaveCount(2);
  await expect(items.nth(0)).toContainText("2:11 unknown spell 'fire_blsat' — did you mean 'fire_blast'?");
  await expect(items.nth(1)).toContainText("2:25 unknown buff 'hot_streek' — did you mean 'hot_streak'?");
  await expect(page.getByTestId("save-state")).toHaveText("Unsaved changes · 2 problems");
  await shot(page, "workshop-errors");
  // Fixed from the hints.
  await page.getByRole("button", { name: "Replace with fire_blast" }).click();
  await expect(items).toHaveCount(1);
  await page.getByRole("button", { name: "Replace with buff.hot_streak.up" }).click();
  await expect(problems(page)).toHaveAttribute("data-state", "clean");
  await expect(editor(page)).toHaveValue("actions=fireball\nactions+=/fire_blast,if=buff.hot_streak.up");

  // Ctrl+S in the editor saves and opens the rotation's own page.
  await editor(page).press("ControlOrMeta+s");
  await expect(page).toHaveURL(/\/rotations\/[0-9a-f-]{36}$/);
  const rotationUrl = page.url();
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  await expect(page.locator(".rotation-title")).toHaveText("Pooling test");
  await expect(page.getByTestId("rotation-runs")).toContainText("No simulations yet");

  // Simulate: the form opens with this rotation chosen.
  await page.locator("#main").getByRole("link", { name: "Simulate", exact: true }).click();
  await expect(page).toHaveURL(/\/simulate\?rotationId=/);
  await hydrated(page);
  const rotationId = rotationUrl.split("/").pop()!;
  await expect(page.getByLabel("Rotation", { exact: true })).toHaveValue(rotationId);
  const first = await runShort(page);
  // The result shows the APL it ran.
  await expect(page.getByTestId("ran-with")).toBeVisible();
  await page.getByTestId("ran-with").locator("summary").click();
  await expect(page.getByTestId("ran-apl")).toHaveText("actions=fireball\nactions+=/fire_blast,if=buff.hot_streak.up");
  await expect(page.getByTestId("edited-since")).toHaveCount(0);

  // Edit: a new version.
  await page.goto(rotationUrl);
  await hydrated(page);
  await expect(page.getByTestId("rotation-runs").locator("tbody tr")).toHaveCount(1);
  await editor(page).fill("actions=fire_blast,if=buff.hot_streak.up\nactions+=/scorch");
  await expect(problems(page)).toHaveAttribute("data-state", "clean");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  await expect(page.locator(".subtitle")).toContainText("version 2");
  await page.locator("#main").getByRole("link", { name: "Simulate", exact: true }).click();
  await runShort(page);

  // Both versions on the rotation's page, newest first, with the trend.
  await page.goto(rotationUrl);
  await hydrated(page);
  const rows = page.getByTestId("rotation-runs").locator("tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toHaveAttribute("data-version", "2");
  await expect(rows.nth(1)).toHaveAttribute("data-version", "1");
  await expect(rows.nth(0)).toContainText("current");
  await expect(page.locator(".dps-trend svg circle")).toHaveCount(2);
  await shot(page, "workshop-rotation-page");

  // The first result still shows what it ran, and says the rotation changed since.
  await page.goto(`/simulate/results/${first}`);
  await expect(page.getByTestId("edited-since")).toBeVisible();
  await expect(page.getByTestId("ran-apl")).toContainText("actions+=/fire_blast,if=buff.hot_streak.up");
  await expect(page.getByTestId("ran-apl")).not.toContainText("scorch");
  expect(errors).toEqual([]);
});

test("a built-in is read-only and forks into an editable copy", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/rotations");
  await hydrated(page);
  await page.getByRole("link", { name: "Fire Mage — Default", exact: true }).click();
  await hydrated(page);
  await expect(page.getByText("Built-in · read-only")).toBeVisible();
  await expect(editor(page)).toHaveCount(0);
  await page.getByRole("button", { name: "Fork to edit" }).click();
  await expect(page).toHaveURL(/\/rotations\/[0-9a-f-]{36}$/);
  await expect(page.locator(".rotation-title")).toHaveText("Fire Mage — Default (copy)");
  await expect(page.locator(".subtitle")).toContainText("forked from");
  await expect(editor(page)).toHaveValue(/actions=combustion/);
  await expect(problems(page)).toHaveAttribute("data-state", "clean");
  expect(errors).toEqual([]);
});

test("unsaved changes are guarded, and a rotation can be written and saved by keyboard alone", async ({ page }) => {
  await page.goto("/rotations/new");
  await hydrated(page);
  await page.getByLabel("Name", { exact: true }).focus();
  await page.keyboard.type("Keyboard only");
  // Tab through to the editor, type at its end, insert a spell from the vocabulary by keyboard.
  await editor(page).focus();
  await page.keyboard.press("ControlOrMeta+End");
  await page.keyboard.type("\nactions+=/");
  const spell = page.locator(".apl-vocab").getByRole("button", { name: "scorch", exact: true });
  await spell.focus();
  await page.keyboard.press("Enter");
  await expect(editor(page)).toHaveValue(/actions\+=\/scorch$/);
  await expect(problems(page)).toHaveAttribute("data-state", "clean");

  // Leaving with unsaved changes asks first; "stay" keeps everything.
  page.once("dialog", (d) => d.dismiss());
  await page.getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(/\/rotations\/new$/);
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Keyboard only");

  await editor(page).focus();
  await page.keyboard.press("ControlOrMeta+s");
  await expect(page).toHaveURL(/\/rotations\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId("save-state")).toHaveText("All changes saved");
  // Saved: leaving asks nothing.
  let asked = false;
  page.once("dialog", (d) => { asked = true; d.dismiss(); });
  await page.getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(/\/simulate\/history$/);
  expect(asked).toBe(false);
});

test("markup in names and rotation text is shown as text", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/");
  const name = `<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">`;
  const res = await page.request.post("/api/rotations", {
    data: { specId: "fire_mage", name, description: "<b>bold?</b>", apl: "# <script>window.__pwned = 3</script>\nactions=fireball" },
  });
  expect(res.status()).toBe(201);
  const rotation = await res.json();
  await page.goto("/rotations");
  await hydrated(page);
  await expect(page.getByRole("link", { name, exact: true })).toBeVisible();
  await expect(page.getByText("<b>bold?</b>")).toBeVisible();
  await page.goto(`/rotations/${rotation.id}`);
  await hydrated(page);
  await expect(page.locator(".rotation-title")).toHaveText(name);
  await expect(editor(page)).toHaveValue(/# <script>window.__pwned = 3<\/script>/);
  expect(await page.evaluate(() => (window as any).__pwned)).toBeUndefined();
  expect(await page.locator("img[src='x']").count()).toBe(0);
  expect(errors).toEqual([]);
});

test("the library, a new rotation and a rotation page fit a 390 px phone", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const path of ["/rotations", "/rotations/new", "/rotations/fire_mage"]) {
    await page.goto(path);
    await hydrated(page);
    const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
    expect(width, `${path} scrolls sideways`).toBeLessThanOrEqual(390);
    await shot(page, `workshop-390${path.replaceAll("/", "-")}`);
  }
});

test("stats saved as a character come back in the form for their spec only", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/simulate?rotationId=fire_mage");
  await hydrated(page);
  await page.getByLabel("Critical strike", { exact: true }).fill("4321");
  await page.getByLabel("Save these stats as", { exact: true }).fill("Crit build");
  await page.getByRole("button", { name: "Save character" }).click();
  await expect(page.getByLabel("Saved character", { exact: true })).toHaveValue(/[0-9a-f-]{36}/);

  await page.reload();
  await hydrated(page);
  const picker = page.getByLabel("Saved character", { exact: true });
  await expect(picker.locator("option")).toHaveText(["Spec default", "Crit build"]);
  await expect(page.getByLabel("Critical strike", { exact: true })).not.toHaveValue("4321");
  await picker.selectOption({ label: "Crit build" });
  await expect(page.getByLabel("Critical strike", { exact: true })).toHaveValue("4321");
  await picker.selectOption({ label: "Spec default" });
  await expect(page.getByLabel("Critical strike", { exact: true })).not.toHaveValue("4321");
  // Another spec's rotation does not offer it.
  await page.getByLabel("Rotation", { exact: true }).selectOption({ label: "Fury — Fury Warrior — Default" });
  await expect(picker.locator("option")).toHaveText(["Spec default"]);
  expect(errors).toEqual([]);
});

test("an untouched new rotation is not an unsaved change", async ({ page }) => {
  await page.goto("/rotations/new");
  await hydrated(page);
  await page.getByLabel("an empty list").check();
  await page.getByLabel("Spec", { exact: true }).selectOption("fury_warrior");
  await expect(page.getByTestId("save-state")).toHaveText("");
  let asked = false;
  page.once("dialog", (d) => { asked = true; d.dismiss(); });
  await page.getByRole("link", { name: "History" }).click();
  await expect(page).toHaveURL(/\/simulate\/history$/);
  expect(asked).toBe(false);
});
