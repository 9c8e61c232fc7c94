import { chromium } from "@playwright/test";
const base = "http://127.0.0.1:3900";
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu"] });
const page = await browser.newPage();
const errors = [];
page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") errors.push(m.type() + ": " + m.text()); });
page.on("pageerror", (e) => errors.push("pageerror: " + String(e)));
await page.goto(base + "/simulate");
await page.waitForSelector("body[data-hydrated=true]");
await page.screenshot({ path: "/tmp/e2e/sim.png", fullPage: true });
await page.fill("#iterations", "30000");
await page.fill("#duration", "600");
await page.check("#stat-weights");
await page.click("button[type=submit]");
await page.waitForURL(/results/);
for (let i = 0; i < 6; i++) {
  await page.waitForTimeout(700);
  const v = await page.getAttribute("[role=progressbar]", "aria-valuenow").catch(() => "none");
  const phase = await page.textContent("[data-testid=phase]").catch(() => "none");
  const partial = await page.textContent("[data-testid=partial]").catch(() => "none");
  console.log(i, v, phase, partial.slice(0, 80));
  if (i == 2) await page.screenshot({ path: "/tmp/e2e/running.png", fullPage: true });
}
await page.waitForSelector("[role=tablist]", { timeout: 30000 });
await page.waitForTimeout(1000);
await page.screenshot({ path: "/tmp/e2e/complete.png", fullPage: true });
for (const t of ["Abilities", "Timeline", "Buffs", "Stat Weights"]) {
  await page.click(`[role=tab]:has-text("${t}")`);
  await page.waitForTimeout(600);
  await page.screenshot({ path: `/tmp/e2e/tab-${t}.png`, fullPage: true });
}
console.log("canvases", await page.locator("canvas").count());
await page.goto(base + "/simulate/history");
await page.waitForTimeout(1000);
await page.screenshot({ path: "/tmp/e2e/history.png", fullPage: true });
console.log(errors.join("\n"));
await browser.close();
