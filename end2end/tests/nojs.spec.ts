import { test, expect, Page } from "@playwright/test";
import { hydrated, shot, watchConsole } from "./helpers";

// What you see is what runs (issue 21): the quick-sim form without JavaScript and before the
// WebAssembly arrives, the cancel confirmation as a page, and the first response's content.

const FIRE = "Fire — Fire Mage — Default";

/** Values a player types: none of them the defaults. */
const typed = {
  fight: "aoe",
  targets: "3",
  duration: "137",
  iterations: "1234",
  stats: { primary: "1111", crit: "222", haste: "333", mastery: "444", versatility: "555" } as Record<string, string>,
  // Bloodlust off (it is on by default), Power Infusion on every 90 s, a 3 % aura, slower hands.
  powerInfusionEvery: "90",
  aura: "3",
  reaction: "0.25",
};

/** Fills the quick-sim form with `typed` (Fire Mage), as a player would, JavaScript or not. */
async function fillForm(page: Page) {
  await page.getByLabel("Rotation", { exact: true }).selectOption({ label: FIRE });
  await page.getByLabel("Fight", { exact: true }).selectOption(typed.fight);
  // Shown by the stylesheet once AoE is chosen (no script needed).
  await expect(page.getByLabel("Targets", { exact: true })).toBeVisible();
  await page.getByLabel("Targets", { exact: true }).fill(typed.targets);
  await page.getByLabel("Duration (seconds)", { exact: true }).fill(typed.duration);
  await page.getByLabel("Iterations", { exact: true }).fill(typed.iterations);
  for (const [stat, v] of Object.entries(typed.stats)) await page.locator(`[name="character.${stat}"]`).fill(v);
  await page.getByLabel("Bloodlust / Heroism", { exact: true }).uncheck();
  await expect(page.getByLabel("Bloodlust at (seconds into the fight)")).toBeHidden();
  await page.getByLabel("Power Infusion", { exact: true }).check();
  await page.getByLabel("Power Infusion every (seconds)").fill(typed.powerInfusionEvery);
  await page.getByLabel("Raid damage aura (%)").fill(typed.aura);
  await page.getByLabel("Reaction time (seconds)").fill(typed.reaction);
}

/** The caller's newest job, read back through the REST API's history. */
async function newestJob(page: Page) {
  const list = await (await page.request.get("/api/simulations?limit=1")).json();
  const id = list.results[0].jobId;
  return (await page.request.get(`/api/simulations/${id}`)).json();
}

/** The job has exactly the values `typed` holds. */
async function expectTyped(page: Page, job: any) {
  const rotations = await (await page.request.get("/api/rotations?spec=fire_mage")).json();
  const fire = rotations.find((r: any) => r.builtin);
  expect(job).toMatchObject({
    rotationId: fire.id,
    fightType: typed.fight,
    duration: Number(typed.duration),
    iterations: Number(typed.iterations),
  });
  expect(job.snapshot.targets).toBe(Number(typed.targets));
  for (const [stat, v] of Object.entries(typed.stats)) expect(job.snapshot.character[stat], stat).toBe(Number(v));
  expect(job.snapshot.raid).toMatchObject({
    bloodlust: false,
    powerInfusion: true,
    powerInfusionEvery: Number(typed.powerInfusionEvery),
  });
  expect(job.snapshot.raid.damageAura).toBeCloseTo(Number(typed.aura) / 100, 10);
  expect(job.snapshot.reaction).toEqual({ mean: Number(typed.reaction), sd: 0.05 });
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("the form is in the first response and a submission runs exactly its values", async ({ page }) => {
    await page.goto("/simulate");
    // The form itself, not a loading skeleton, with the spec's default stats filled in.
    await expect(page.getByRole("button", { name: "Run Simulation" })).toBeVisible();
    await expect(page.locator('[name="character.primary"]')).not.toHaveValue("");
    await expect(page.getByLabel("Targets", { exact: true })).toBeHidden();
    await fillForm(page);
    await shot(page, "nojs-simulate-filled");
    const posted = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/simulate");
    await page.getByRole("button", { name: "Run Simulation" }).click();
    expect((await posted).status()).toBe(303);
    await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
    // The page reloads itself until the job ends, then shows the report's first tab.
    await expect(page.getByTestId("status-badge")).toHaveText("completed", { timeout: 60_000 });
    await expect(page.getByText("Mean DPS").first()).toBeVisible();
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(0);
    await shot(page, "nojs-results");
    await expectTyped(page, await newestJob(page));
  });

  test("bad values come back in the form, kept, with each error at its field", async ({ page }) => {
    await page.goto("/simulate");
    await fillForm(page);
    await page.getByLabel("Duration (seconds)", { exact: true }).fill("5");
    await page.getByLabel("Iterations", { exact: true }).fill("12.5");
    await page.locator('[name="character.crit"]').fill("");
    await page.getByLabel("Raid damage aura (%)").fill("80");
    const before = (await (await page.request.get("/api/simulations")).json()).results.length;
    const posted = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/simulate");
    await page.getByRole("button", { name: "Run Simulation" }).click();
    expect((await posted).status()).toBe(400);
    await expect(page).toHaveURL(/\/simulate$/);
    await expect(page.locator("#err-duration")).toHaveText("must be between 30 and 900 seconds");
    await expect(page.locator("#err-iterations")).toHaveText("enter a whole number");
    await expect(page.locator('[id="err-character.crit"]')).toHaveText("enter a number");
    await expect(page.locator('[id="err-raid.damageAura"]')).toHaveText("must be between 0 and 50 %");
    await expect(page.getByLabel("Duration (seconds)", { exact: true })).toHaveAttribute("aria-invalid", "true");
    await expect(page.getByRole("alert").filter({ hasText: "Please fix the 4 fields marked above." })).toBeVisible();
    // Every value as it was typed.
    await expect(page.getByLabel("Rotation", { exact: true }).locator("option:checked")).toHaveText(FIRE);
    await expect(page.getByLabel("Fight", { exact: true })).toHaveValue("aoe");
    await expect(page.getByLabel("Targets", { exact: true })).toHaveValue(typed.targets);
    await expect(page.getByLabel("Duration (seconds)", { exact: true })).toHaveValue("5");
    await expect(page.getByLabel("Iterations", { exact: true })).toHaveValue("12.5");
    await expect(page.locator('[name="character.primary"]')).toHaveValue(typed.stats.primary);
    await expect(page.locator('[name="character.versatility"]')).toHaveValue(typed.stats.versatility);
    await expect(page.getByLabel("Bloodlust / Heroism", { exact: true })).not.toBeChecked();
    await expect(page.getByLabel("Power Infusion", { exact: true })).toBeChecked();
    await expect(page.getByLabel("Power Infusion every (seconds)")).toHaveValue(typed.powerInfusionEvery);
    await expect(page.getByLabel("Reaction time (seconds)")).toHaveValue(typed.reaction);
    await shot(page, "nojs-simulate-invalid");
    // Nothing was started.
    expect((await (await page.request.get("/api/simulations")).json()).results.length).toBe(before);
    // Fixed, it runs.
    await page.getByLabel("Duration (seconds)", { exact: true }).fill(typed.duration);
    await page.getByLabel("Iterations", { exact: true }).fill(typed.iterations);
    await page.locator('[name="character.crit"]').fill(typed.stats.crit);
    await page.getByLabel("Raid damage aura (%)").fill(typed.aura);
    await page.getByRole("button", { name: "Run Simulation" }).click();
    await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
    await expectTyped(page, await newestJob(page));
  });

  test("a running job refreshes itself, and Cancel asks on a page of its own", async ({ page }) => {
    await page.goto("/simulate");
    await page.getByLabel("Rotation", { exact: true }).selectOption({ label: FIRE });
    await page.getByLabel("Duration (seconds)", { exact: true }).fill("900");
    await page.getByLabel("Iterations", { exact: true }).fill("50000");
    await page.getByLabel("Compute stat weights", { exact: true }).check();
    await page.getByRole("button", { name: "Run Simulation" }).click();
    await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
    const page_url = page.url();
    await expect(page.getByTestId("status-badge")).toHaveText(/queued|running/);
    await expect(page.locator('meta[http-equiv="refresh"]')).toHaveCount(1);
    await shot(page, "nojs-running");
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await expect(page).toHaveURL(/\/cancel$/);
    await expect(page.getByRole("heading", { name: "Cancel simulation?" })).toBeVisible();
    await shot(page, "nojs-cancel-confirm");
    // "Keep Running" goes back and changes nothing.
    await page.getByRole("link", { name: "Keep Running" }).click();
    await expect(page).toHaveURL(page_url);
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await page.getByRole("button", { name: "Cancel Simulation" }).click();
    await expect(page).toHaveURL(page_url);
    await expect(page.getByTestId("status-badge")).toHaveText("cancelled");
    await expect(page.getByTestId("cancelled")).toBeVisible();
    const id = page_url.split("/").pop();
    expect((await (await page.request.get(`/api/simulations/${id}`)).json()).status).toBe("cancelled");
  });

  test("a form posted from another site is refused", async ({ page }) => {
    const res = await page.request.post("/simulate", {
      form: { rotationId: "fire_mage", fightType: "patchwerk", duration: "60", iterations: "10" },
      headers: { Origin: "https://elsewhere.example", "Sec-Fetch-Site": "cross-site" },
    });
    expect(res.status()).toBe(403);
  });

  test("at 390 px the menu is a row of links", async ({ page }) => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto("/simulate/history");
    await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
    for (const name of ["Simulate", "Rotations", "History"]) {
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true })).toBeVisible();
    }
    // The history is in the first response too (no skeleton).
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(page.locator(".skeleton")).toHaveCount(0);
    await shot(page, "nojs-history-390");
  });
});

/** Holds the WebAssembly back until `release()` is called: the page is server-rendered HTML
 * until then, as on a slow phone. The CPU is slowed ×6 as well. */
async function slowPhone(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(/\.wasm$/, async (route) => {
    await released;
    await route.continue().catch(() => {}); // the page may have moved on
  });
  return { release, cdp };
}

test.describe("on a slow phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("Run pressed before the page is interactive runs what was typed", async ({ page }) => {
    // The held-back WebAssembly of the page left behind may be reported as aborted.
    const errors = watchConsole(page, [/ERR_ABORTED|Failed to fetch|WebAssembly/]);
    const { release, cdp } = await slowPhone(page);
    await page.goto("/simulate", { waitUntil: "domcontentloaded" });
    await fillForm(page);
    expect(await page.locator("body").getAttribute("data-hydrated")).toBeNull();
    await page.getByRole("button", { name: "Run Simulation" }).click();
    await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
    release();
    await expectTyped(page, await newestJob(page));
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    await hydrated(page);
    expect(errors).toEqual([]);
  });

  test("typed before, Run pressed after the page became interactive runs what is on screen", async ({ page }) => {
    test.setTimeout(120_000);
    const errors = watchConsole(page);
    const { release, cdp } = await slowPhone(page);
    await page.goto("/simulate", { waitUntil: "domcontentloaded" });
    await fillForm(page);
    release();
    await hydrated(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 1 });
    // The app took the values on screen as its own: nothing was put back.
    await expect(page.getByLabel("Rotation", { exact: true }).locator("option:checked")).toHaveText(FIRE);
    await expect(page.getByLabel("Fight", { exact: true })).toHaveValue("aoe");
    await expect(page.getByLabel("Targets", { exact: true })).toHaveValue(typed.targets);
    await expect(page.getByLabel("Duration (seconds)", { exact: true })).toHaveValue(typed.duration);
    await expect(page.getByLabel("Iterations", { exact: true })).toHaveValue(typed.iterations);
    await expect(page.locator('[name="character.haste"]')).toHaveValue(typed.stats.haste);
    // The spec's help follows the rotation on screen.
    await expect(page.locator("#rotation-help")).toContainText("resource: mana");
    // Submitted in place, through the server function: no page load.
    const viaServerFn = page.waitForRequest((r) => r.url().includes("/api/simulations/submit"));
    await page.getByRole("button", { name: "Run Simulation" }).click();
    await viaServerFn;
    await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
    await expectTyped(page, await newestJob(page));
    expect(errors).toEqual([]);
  });
});

test("at 390 px the menu closes on navigation and on Escape", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/simulate");
  await hydrated(page);
  const toggle = page.getByRole("button", { name: "Menu" });
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toBeHidden();
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(nav).toBeVisible();
  await shot(page, "menu-open-390");
  await nav.getByRole("link", { name: "History", exact: true }).click();
  await expect(page).toHaveURL(/\/simulate\/history$/);
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await toggle.click();
  await expect(nav).toBeVisible();
  await nav.getByRole("link", { name: "Rotations", exact: true }).focus();
  await page.keyboard.press("Escape");
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
  await expect(toggle).toBeFocused();
  // Open, then the browser's Back: the previous page, menu closed.
  await toggle.click();
  await expect(nav).toBeVisible();
  await page.goBack();
  await expect(page).toHaveURL(/\/simulate$/);
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await expect(nav).toBeHidden();
});

/** Contrast ratio of two CSS colours (WCAG relative luminance). */
function contrast(a: number[], b: number[]): number {
  const lum = (c: number[]) => {
    const [r, g, bl] = c.map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

/** A control's boundary colour and the opaque background behind it, from computed styles. */
async function boundary(page: Page, selector: string, prop: "borderTopColor" | "outlineColor") {
  return page.locator(selector).first().evaluate((el, prop) => {
    const rgb = (s: string) => (s.match(/[\d.]+/g) ?? []).map(Number);
    const own = rgb(getComputedStyle(el)[prop]);
    let bg: number[] = [];
    for (let p = el.parentElement; p; p = p.parentElement) {
      const c = rgb(getComputedStyle(p).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] >= 0.8)) {
        bg = c.slice(0, 3);
        break;
      }
    }
    if (bg.length === 0) bg = rgb(getComputedStyle(document.documentElement).backgroundColor).slice(0, 3);
    const style = getComputedStyle(el);
    return { own: own.slice(0, 3), bg, width: parseFloat(prop === "outlineColor" ? style.outlineWidth : style.borderTopWidth), outline: style.outlineStyle };
  }, prop);
}

for (const width of [1280, 390]) {
  test(`control boundaries and focus rings are 3:1 or more at ${width} px`, async ({ page }) => {
    await page.setViewportSize({ width, height: 900 });
    await page.goto("/simulate");
    await hydrated(page);
    const controls = ["#duration", "#fightType", "#rotationId", "#stat-weights", ".page-head a.btn", ".card-head button.btn"];
    if (width === 390) controls.push(".menu-toggle");
    for (const sel of controls) {
      const b = await boundary(page, sel, "borderTopColor");
      expect(b.width, `${sel} has a border`).toBeGreaterThanOrEqual(1);
      expect(contrast(b.own, b.bg), `${sel} border ${b.own} on ${b.bg}`).toBeGreaterThanOrEqual(3);
    }
    // Focus rings, reached by keyboard.
    for (const sel of ["#duration", "#fightType", "#stat-weights", ".form-actions button[type=submit]", ".page-head a.btn"]) {
      await page.locator(sel).first().focus();
      await page.keyboard.press("Shift+Tab");
      await page.keyboard.press("Tab");
      await expect(page.locator(sel).first()).toBeFocused();
      const f = await boundary(page, sel, "outlineColor");
      expect(f.outline, `${sel} focus ring`).not.toBe("none");
      expect(f.width, `${sel} focus ring width`).toBeGreaterThanOrEqual(2);
      expect(contrast(f.own, f.bg), `${sel} focus ring ${f.own} on ${f.bg}`).toBeGreaterThanOrEqual(3);
    }
  });
}
