import { expect, Page, test } from "@playwright/test";
import { hydrated, shot, watchConsole } from "./helpers";

// The rotation editor (on /rotations/new): errors at line:column as the player types (checked by
// the engine in the browser), one-click fixes, the vocabulary, Ctrl+S, and a phone-width layout.

const TYPO_LINE = "actions+=/fire_blsat,if=buff.hot_streek.up";

async function open(page: Page) {
  await page.goto("/rotations/new");
  await hydrated(page);
  await page.getByLabel("Spec", { exact: true }).selectOption("fire_mage");
  const editor = page.locator(".apl-editor");
  // The spec has arrived: checks run in the browser.
  await expect(editor).toHaveAttribute("data-check-source", "local");
  return { editor, area: page.getByRole("textbox", { name: "Priority list (APL)" }) };
}

/** Replaces the text with a first line, then types the second one key by key. */
async function typeTypos(page: Page) {
  const area = page.getByRole("textbox", { name: "Priority list (APL)" });
  await area.fill("actions=fireball");
  await area.press("Control+End");
  await page.keyboard.type("\n" + TYPO_LINE);
}

test("errors are marked as the player types, fixed in one click, and names insert from the vocabulary", async ({ page }) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  const { editor, area } = await open(page);
  // The spec's default rotation is there and clean.
  await expect(area).toHaveValue(/actions=/);
  await expect(page.locator(".apl-problems")).toContainText(/No problems · \d+ actions/);

  await typeTypos(page);
  const problems = page.locator(".apl-problem");
  await expect(problems).toHaveCount(2);
  await expect(problems.nth(0)).toContainText("2:11 unknown spell 'fire_blsat' — did you mean 'fire_blast'?");
  await expect(problems.nth(1)).toContainText("2:25 unknown buff 'hot_streek' — did you mean 'hot_streak'?");
  await expect(page.locator(".apl-problems-head")).toHaveText("2 problems");
  await expect(editor).toHaveAttribute("data-errors", "2");
  // Marked in the text and in the gutter.
  await expect(page.locator(".apl-highlight mark")).toHaveText(["fire_blsat", "buff.hot_streek.up"]);
  await expect(page.locator(".apl-gutter .apl-ln-error")).toHaveText(["2"]);
  await shot(page, "apl-editor-errors-1280");

  // A click on a problem selects its span.
  await problems.nth(0).locator(".apl-problem-go").click();
  await expect(area).toBeFocused();
  const sel = await area.evaluate((el: HTMLTextAreaElement) => [el.selectionStart, el.selectionEnd]);
  expect(sel).toEqual([27, 37]);

  // Replace applies the suggestion and checks again.
  await page.getByRole("button", { name: "Replace with fire_blast" }).click();
  await expect(problems).toHaveCount(1);
  await expect(area).toHaveValue("actions=fireball\nactions+=/fire_blast,if=buff.hot_streek.up");
  await expect(problems.nth(0)).toContainText("2:25 unknown buff 'hot_streek'");

  // The other one by hand: select it from the list, type over it.
  await problems.nth(0).locator(".apl-problem-go").click();
  await page.keyboard.type("buff.hot_streak.up");
  await expect(page.locator(".apl-problems-head")).toHaveText("No problems · 2 actions");
  await expect(problems).toHaveCount(0);
  await expect(page.locator(".apl-gutter .apl-ln-error")).toHaveCount(0);

  // Tab leaves the textarea (no trap); a vocabulary name inserts with the keyboard.
  await area.press("Control+End");
  await page.keyboard.type("\nactions+=/");
  await page.keyboard.press("Tab");
  await expect(area).not.toBeFocused();
  const pyroblast = page.locator(".apl-vocab").getByRole("button", { name: "pyroblast", exact: true });
  await pyroblast.focus();
  await page.keyboard.press("Enter");
  await expect(area).toHaveValue("actions=fireball\nactions+=/fire_blast,if=buff.hot_streak.up\nactions+=/pyroblast");
  await expect(area).toBeFocused();
  await expect(page.locator(".apl-problems-head")).toHaveText("No problems · 3 actions");

  // Ctrl+S inside the editor reaches the page's save (which asks for a name first).
  await area.press("Control+s");
  await expect(page.getByText("Give the rotation a name.")).toBeVisible();

  // Markup in the text stays text.
  await area.fill("actions=<b>x</b><script>window.pwned=1</script>");
  await expect(page.locator(".apl-problem").first()).toBeVisible();
  await expect(page.locator(".apl-highlight")).toContainText("<b>x</b><script>");
  await expect(page.locator(".apl-problems b, .apl-highlight b, .apl-editor script")).toHaveCount(0);
  expect(await page.evaluate(() => (window as any).pwned)).toBeUndefined();

  const seq = Number(await editor.getAttribute("data-check-seq"));
  expect(seq).toBeGreaterThan(3);
  expect(Number(await editor.getAttribute("data-check-ms"))).toBeLessThan(100);
  expect(errors).toEqual([]);
});

test("the editor fits a 390 px phone, the vocabulary below it", async ({ page }) => {
  const errors = watchConsole(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await open(page);
  await typeTypos(page);
  await expect(page.locator(".apl-problem")).toHaveCount(2);
  await shot(page, "apl-editor-errors-390");
  const width = await page.evaluate(() => document.scrollingElement!.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  // The vocabulary is below the editor, not beside it.
  const box = (await page.locator(".apl-box").boundingBox())!;
  const vocab = (await page.locator(".apl-vocab").boundingBox())!;
  expect(vocab.y).toBeGreaterThan(box.y + box.height);
  expect(errors).toEqual([]);
});

test("without the WASM the textarea is in the page with the spec's rotation", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/rotations/new?spec=fire_mage");
  const area = page.locator("textarea[name=apl]");
  await expect(area).toHaveValue(/actions=/);
  await expect(page.getByLabel("Priority list (APL)")).toBeVisible();
  await expect(page.locator("#specId")).toHaveValue("fire_mage");
  await context.close();
});
