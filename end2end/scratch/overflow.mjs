import { chromium } from "@playwright/test";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
const page = await ctx.newPage();
await page.goto("http://127.0.0.1:3900/simulate");
await page.waitForSelector("body[data-hydrated=true]");
await page.fill("#iterations", "1000");
await page.click("button[type=submit]");
await page.waitForSelector("[role=tablist]");
for (const url of [page.url(), "http://127.0.0.1:3900/simulate/history"]) {
  await page.goto(url); await page.waitForTimeout(800);
  console.log(url, await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.right > 392 && out.length < 8) out.push(el.tagName + "." + el.className + " " + Math.round(r.right));
    }
    return document.documentElement.scrollWidth + " " + out.join(" | ");
  }));
}
await browser.close();
