import { expect, Page } from "@playwright/test";
import * as fs from "fs";

export const shots = "screenshots";
fs.mkdirSync(shots, { recursive: true });

/** Collects console errors so a page that logs errors fails its test. */
export function watchConsole(page: Page, allow: RegExp[] = []): string[] {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error" && !allow.some((r) => r.test(m.text()))) errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  return errors;
}

/** Waits until the WASM app has hydrated the page. */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/** Saves a full-page screenshot of the current state. */
export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${shots}/${name}.png`, fullPage: true });
}

/** The progress bar's value now. */
export async function progressNow(page: Page): Promise<number> {
  const v = await page.getByRole("progressbar").getAttribute("aria-valuenow").catch(() => null);
  return v === null ? -1 : Number(v);
}
