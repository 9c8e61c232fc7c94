import { test, expect } from "@playwright/test";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { freePort, hydrated, shot, startServer } from "./helpers";

// A server of its own with a limit of 2 submissions a minute: the third "Run Simulation"
// stays on the form with a "Rate limit reached" toast saying when to come back.
test("the rate limit: a toast says when to try again, and nothing is submitted", async ({ page }) => {
  test.setTimeout(60_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotasim-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(port, path.join(dir, "limit.db"), path.join(dir, "server.log"), { ROTASIM_RATE_LIMIT: "2" });
  try {
    const run = async () => {
      await page.goto(`${base}/simulate`);
      await hydrated(page);
      await page.getByLabel("Iterations", { exact: true }).fill("100");
      await page.getByRole("button", { name: "Run Simulation" }).click();
    };
    for (let i = 0; i < 2; i++) {
      await run();
      await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
    }
    await run();
    const toast = page.getByTestId("toast").filter({ hasText: "Rate limit reached" });
    await expect(toast).toBeVisible();
    await expect(toast).toContainText(/at most 2 simulations per 60 s; try again in \d+ s/);
    await expect(page).toHaveURL(`${base}/simulate`);
    await expect(page.getByRole("button", { name: "Run Simulation" })).toBeEnabled();
    await shot(page, "simulate-rate-limited");
    // The history holds the two admitted runs only.
    const history = await (await page.request.get(`${base}/api/simulations`)).json();
    expect(history.results).toHaveLength(2);
  } finally {
    server.kill("SIGKILL");
  }
});
