import { test, expect, Page } from "@playwright/test";
import { hydrated, shot, watchConsole } from "./helpers";

// Every action form works before and without the WebAssembly (issue 21): save a rotation, fork
// one, retry, sim again, share. And a refused one-button form says why on the page it returns to.

const editor = (page: Page) => page.getByLabel("Priority list (APL)", { exact: true });

/** Starts a short Fire Mage job through the REST API (the page's own session) and returns its id. */
async function startJob(page: Page, iterations = 200, duration = 60): Promise<string> {
  const rotations = await (await page.request.get("/api/rotations?spec=fire_mage")).json();
  const fire = rotations.find((r: any) => r.builtin);
  const res = await page.request.post("/api/simulations", {
    data: { rotationId: fire.id, fightType: "patchwerk", duration, iterations },
  });
  expect(res.status()).toBe(202);
  return (await res.json()).jobId;
}

async function waitFor(page: Page, id: string, status: string) {
  await expect
    .poll(async () => (await (await page.request.get(`/api/simulations/${id}`)).json()).status, { timeout: 60_000 })
    .toBe(status);
}

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("a rotation is written, refused with its text kept, fixed, saved and edited", async ({ page }) => {
    await page.goto("/rotations/new");
    await page.getByLabel("Spec", { exact: true }).selectOption("fire_mage");
    await page.getByLabel("Name", { exact: true }).fill("Typed without scripts");
    const bad = "actions=fireball\nactions+=/fire_blsat";
    await editor(page).fill(bad);
    const posted = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/rotations/new");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    expect((await posted).status()).toBe(400);
    // The form again: the text, the name and the spec as typed, the error at the text.
    await expect(page.locator("#err-apl")).toContainText("fire_blsat");
    await expect(editor(page)).toHaveValue(bad);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Typed without scripts");
    await expect(page.getByLabel("Spec", { exact: true })).toHaveValue("fire_mage");
    await shot(page, "nojs-rotation-refused");
    expect((await (await page.request.get("/api/rotations")).json()).filter((r: any) => r.name === "Typed without scripts")).toHaveLength(0);
    // Fixed: saved, and the rotation's own page.
    await editor(page).fill("actions=fireball\nactions+=/fire_blast,if=buff.hot_streak.up");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page).toHaveURL(/\/rotations\/[0-9a-f-]{36}$/);
    await expect(page.getByRole("heading", { name: "Typed without scripts" })).toBeVisible();
    await expect(page.locator(".subtitle")).toContainText("version 1");
    // Edited in place: version 2, with the text as typed (line breaks as the editor writes them).
    await editor(page).fill("actions=fire_blast,if=buff.hot_streak.up\nactions+=/fireball");
    await page.getByLabel("Description (optional)", { exact: true }).fill("second take");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await expect(page.locator(".subtitle")).toContainText("version 2");
    const id = page.url().split("/").pop();
    const stored = await (await page.request.get(`/api/rotations/${id}`)).json();
    expect(stored).toMatchObject({ version: 2, description: "second take", apl: "actions=fire_blast,if=buff.hot_streak.up\nactions+=/fireball" });
  });

  test("a built-in forks into an editable copy, from the library and from its page", async ({ page }) => {
    await page.goto("/rotations");
    const fire = page.locator(".rotation-item").filter({ hasText: "Built-in" }).filter({ hasText: "Fire" }).first();
    await fire.getByRole("button", { name: /^Fork/ }).click();
    await expect(page).toHaveURL(/\/rotations\/[0-9a-f-]{36}$/);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(/\(copy\)$/);
    // A copy of the copy, through "Fork" inside its own save form.
    const first = page.url();
    await page.getByRole("button", { name: "Fork", exact: true }).click();
    await expect(page).toHaveURL(/\/rotations\/[0-9a-f-]{36}$/);
    expect(page.url()).not.toBe(first);
    await expect(page.getByLabel("Name", { exact: true })).toHaveValue(/\(copy\) \(copy\)$/);
    // Delete needs the app (it asks in a dialog): it is not offered without it.
    await expect(page.getByRole("button", { name: "Delete" })).toBeHidden();
  });

  test("a finished job runs again and is shared; a cancelled one is retried", async ({ page, browser }) => {
    test.setTimeout(120_000);
    await page.goto("/simulate");
    const done = await startJob(page);
    await waitFor(page, done, "completed");
    await page.goto(`/simulate/results/${done}`);
    await page.getByRole("button", { name: "Sim again" }).click();
    await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
    const again = page.url().split("/").pop()!;
    expect(again).not.toBe(done);
    const job = await (await page.request.get(`/api/simulations/${again}`)).json();
    const original = await (await page.request.get(`/api/simulations/${done}`)).json();
    expect(job.snapshot.seed).toBe(original.snapshot.seed);

    // Share: the new link's page, which says so; the link opens for someone else.
    await page.goto(`/simulate/results/${done}`);
    await page.getByRole("button", { name: "Share" }).click();
    await expect(page).toHaveURL(/\/s\/[A-Za-z0-9_-]{43}\?new=1$/);
    await expect(page.getByTestId("share-made")).toBeVisible();
    await shot(page, "nojs-share-made");
    const link = new URL(page.url());
    link.search = "";
    await expect(page.getByLabel("Share link")).toHaveValue(link.toString());
    const stranger = await browser.newContext({ javaScriptEnabled: false });
    const other = await stranger.newPage();
    await other.goto(link.toString());
    await expect(other.getByTestId("share-dps")).toContainText("DPS");
    await expect(other.getByTestId("share-made")).toHaveCount(0);
    await stranger.close();

    // A cancelled job: Retry starts a new one.
    const long = await startJob(page, 50_000, 900);
    expect((await page.request.delete(`/api/simulations/${long}`)).status()).toBeLessThan(300);
    await page.goto(`/simulate/results/${long}`);
    await expect(page.getByTestId("status-badge")).toHaveText("cancelled");
    await page.getByRole("button", { name: "Retry" }).click();
    await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
    const retried = page.url().split("/").pop()!;
    expect(retried).not.toBe(long);
    expect((await page.request.delete(`/api/simulations/${retried}`)).status()).toBeLessThan(300);
  });
});

test("a refused one-button form returns to its page with the reason; made-up reasons say nothing", async ({ page, baseURL }) => {
  await page.goto("/simulate");
  const done = await startJob(page);
  await waitFor(page, done, "completed");
  // A completed job cannot be retried: the browser posts, the server says why.
  const res = await page.request.post(`/simulate/results/${done}/retry`, {
    headers: { origin: new URL(baseURL!).origin },
    maxRedirects: 0,
  });
  expect(res.status()).toBe(303);
  const back = res.headers()["location"];
  expect(back).toBe(`/simulate/results/${done}?refused=retry.CONFLICT`);
  await page.goto(back);
  await hydrated(page);
  await expect(page.getByTestId("refusal")).toHaveText("Only a failed or cancelled simulation can be retried.");
  await page.goto(`/simulate/results/${done}?refused=${encodeURIComponent("<b>you have been hacked</b>")}`);
  await expect(page.getByTestId("refusal")).toHaveCount(0);
  await expect(page.getByText("hacked")).toHaveCount(0);
});

test("a rotation typed before the page is interactive is what the app saves", async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  await page.route(/\.wasm$/, async (route) => {
    await released;
    await route.continue().catch(() => {});
  });
  await page.goto("/rotations/new", { waitUntil: "domcontentloaded" });
  await page.getByLabel("Spec", { exact: true }).selectOption("fire_mage");
  await page.getByLabel("Name", { exact: true }).fill("Typed while loading");
  const text = "actions=fireball\nactions+=/scorch";
  await editor(page).fill(text);
  expect(await page.locator("body").getAttribute("data-hydrated")).toBeNull();
  release();
  await hydrated(page);
  // Nothing was put back when the app took over.
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue("Typed while loading");
  await expect(editor(page)).toHaveValue(text);
  await expect(page.getByLabel("Spec", { exact: true })).toHaveValue("fire_mage");
  await expect(page.getByTestId("save-state")).toContainText("Unsaved changes");
  const viaServerFn = page.waitForRequest((r) => r.method() === "POST" && r.url().includes("/api/rotations/create"));
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await viaServerFn;
  await expect(page).toHaveURL(/\/rotations\/[0-9a-f-]{36}$/);
  const id = page.url().split("/").pop();
  const stored = await (await page.request.get(`/api/rotations/${id}`)).json();
  expect(stored).toMatchObject({ name: "Typed while loading", specId: "fire_mage", apl: text });
  expect(errors).toEqual([]);
});
