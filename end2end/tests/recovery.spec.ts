import { test, expect } from "@playwright/test";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { freePort, hydrated, progressNow, shot, startServer } from "./helpers";

// A server of our own (ROTASIM_BIN), killed with SIGKILL mid-run: the page shows
// "Reconnecting…", and after the restart the truth — with ROTASIM_MAX_ATTEMPTS=1 the job
// failed — and its Retry runs it again.
const start = (port: number, db: string, log: string) => startServer(port, db, log, { ROTASIM_MAX_ATTEMPTS: "1" });

test("a crash mid-run: Reconnecting…, then the failure, then Retry", async ({ page }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotasim-e2e-"));
  const db = path.join(dir, "crash.db");
  const log = path.join(dir, "server.log");
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let server = await start(port, db, log);
  try {
    await page.goto(`${base}/simulate`);
    await hydrated(page);
    await page.getByLabel("Duration (seconds)", { exact: true }).fill("900");
    await page.getByLabel("Iterations", { exact: true }).fill("50000");
    await page.getByRole("button", { name: "Run Simulation" }).click();
    await expect(page).toHaveURL(/\/simulate\/results\//);
    const url = page.url();
    await expect(page.getByTestId("phase")).toHaveText("Running");

    server.kill("SIGKILL");
    await expect(page.getByTestId("phase")).toHaveText("Reconnecting…", { timeout: 15_000 });
    await shot(page, "results-reconnecting");

    // The next process fails the interrupted job (no attempts left) and the open page hears it.
    server = await start(port, db, log);
    const failure = page.getByTestId("failure");
    await expect(failure).toBeVisible({ timeout: 30_000 });
    await expect(failure).toContainText("Server restarted during execution");
    await expect(page.getByTestId("status-badge")).toHaveText("failed");
    await shot(page, "results-failed");
    // A reload says the same, from the database.
    await page.goto(url);
    await expect(page.getByTestId("failure")).toContainText("Server restarted during execution");
    await hydrated(page);

    // Retry runs the same settings as a new job.
    await page.getByTestId("failure").getByRole("button", { name: "Retry" }).click();
    await expect(page.getByTestId("toast").filter({ hasText: "Simulation submitted" })).toBeVisible();
    await expect(page).not.toHaveURL(url);
    await expect(page).toHaveURL(/\/simulate\/results\/[0-9a-z]{16}$/);
    const newId = page.url().split("/").pop();
    const job = await (await page.request.get(`${base}/api/simulations/${newId}`)).json();
    expect(job.retryOf).toBe(url.split("/").pop());
    expect(job).toMatchObject({ duration: 900, iterations: 50000 });
    await expect.poll(async () => Number(await page.getByRole("progressbar").getAttribute("aria-valuenow"))).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Cancel", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: "Cancel Simulation" }).click();
    await expect(page.getByTestId("status-badge")).toHaveText("cancelled");
  } finally {
    server.kill("SIGKILL");
  }
});

// A server whose streams end every 2 s (ROTASIM_SSE_MAX_SECS, as a proxy's timeout would): the
// page says "Reconnecting…" while the browser reconnects (resending Last-Event-ID, so nothing is
// replayed), goes on counting, and ends on the report.
test("the server ends the stream mid-run: Reconnecting…, then live again, then the report", async ({ page }) => {
  test.setTimeout(120_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "rotasim-e2e-"));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServer(port, path.join(dir, "drop.db"), path.join(dir, "server.log"), {
    ROTASIM_SSE_MAX_SECS: "2",
  });
  // The headers as sent (the browser adds Last-Event-ID itself, below Playwright's view of the
  // request until it is on the wire).
  const sent: Promise<Record<string, string>>[] = [];
  page.on("request", (r) => {
    if (r.url().endsWith("/stream")) sent.push(r.allHeaders());
  });
  try {
    await page.goto(`${base}/simulate`);
    await hydrated(page);
    await page.getByLabel("Duration (seconds)", { exact: true }).fill("900");
    await page.getByLabel("Iterations", { exact: true }).fill("50000");
    await page.getByRole("button", { name: "Run Simulation" }).click();
    await expect(page).toHaveURL(/\/simulate\/results\//);
    await expect(page.getByTestId("phase")).toHaveText("Running");
    const before = await progressNow(page);

    await expect(page.getByTestId("phase")).toHaveText("Reconnecting…", { timeout: 15_000 });
    await shot(page, "results-stream-reconnecting");
    // Back on the stream, still counting from where it was.
    await expect(page.getByTestId("phase")).toHaveText("Running", { timeout: 15_000 });
    expect(await progressNow(page)).toBeGreaterThanOrEqual(before);

    await expect(page.getByTestId("status-badge")).toHaveText("completed", { timeout: 90_000 });
    await expect(page.getByRole("tab", { name: "Overview" })).toBeVisible();
    // The browser reconnected by itself, saying what it had seen.
    const lastIds = (await Promise.all(sent)).map((h) => h["last-event-id"] ?? "");
    expect(lastIds.length).toBeGreaterThanOrEqual(2);
    expect(lastIds[0]).toBe("");
    for (const id of lastIds.slice(1)) expect(Number(id)).toBeGreaterThan(0);
  } finally {
    server.kill("SIGKILL");
  }
});
