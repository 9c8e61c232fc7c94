import { test, expect, Page, Response } from "@playwright/test";
import { hydrated, watchConsole } from "./helpers";
import { completedRun } from "./runs";

// Every kind of page under the portal's Content-Security-Policy: the page hydrates, its charts
// draw, and the browser reports no violation (a `securitypolicyviolation` event or a console
// error). ECharts is fetched only where a chart is drawn.

/** Records every CSP violation the pages of `page` report, across navigations. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction("__cspViolation", (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as any).__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber}) ${e.sample}`);
    });
  });
  return violations;
}

/** Opens `path` and checks that it came with a nonce policy and hydrated. */
async function visit(page: Page, path: string, status = 200): Promise<Response> {
  const res = (await page.goto(path))!;
  expect(res.status(), path).toBe(status);
  const csp = res.headers()["content-security-policy"] ?? "";
  expect(csp, `${path}: policy`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9_-]{16,}'/);
  expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  expect(res.headers()["x-frame-options"]).toBe("DENY");
  await hydrated(page);
  return res;
}

test("every page type hydrates and draws its charts under the policy without a violation", async ({ page }) => {
  test.setTimeout(120_000);
  const violations = await watchViolations(page);
  // The unknown page is a deliberate 404.
  const errors = watchConsole(page, [/status of 404/]);
  const echarts: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/echarts")) echarts.push(new URL(page.url()).pathname);
  });

  const id = await completedRun(page, { rotationId: "fire_mage", duration: 60, iterations: 300, fightType: "patchwerk", statWeights: true, seed: 3 });
  const other = await completedRun(page, { rotationId: "fire_mage", duration: 60, iterations: 300, fightType: "patchwerk", seed: 4 });
  const rotations = await (await page.request.get("/api/rotations")).json();
  const share = await (await page.request.post(`/api/simulations/${id}/share`)).json();

  // Pages without a chart: no ECharts.
  for (const path of ["/", "/simulate", "/simulate/history", "/rotations", "/rotations/new", `/rotations/${rotations[0].id}`]) {
    await visit(page, path);
  }
  await visit(page, "/no/such/page", 404);
  expect(echarts, "ECharts fetched by a page without charts").toEqual([]);

  // A completed result: every tab's charts draw.
  await visit(page, `/simulate/results/${id}`);
  const panel = page.getByRole("tabpanel");
  await expect(panel.locator(".chart canvas")).toHaveCount(1);
  for (const [tab, charts] of [["Abilities", 1], ["Timeline", 2], ["Stat Weights", 1]] as const) {
    await page.getByRole("tab", { name: tab }).click();
    await expect(panel.locator(".chart canvas")).toHaveCount(charts);
  }
  expect(echarts).toEqual([`/simulate/results/${id}`]);

  // Client-side navigation from a page without charts to one with them still draws.
  await visit(page, "/simulate/history");
  await page.locator(`tr[data-job="${id}"]`).getByRole("link", { name: "View" }).click();
  await expect(page).toHaveURL(new RegExp(`/simulate/results/${id}$`));
  await expect(page.getByRole("tabpanel").locator(".chart canvas")).toHaveCount(1);

  await visit(page, `/simulate/compare?ids=${id},${other}`);
  await expect(page.locator("#chart-distributions canvas").first()).toBeVisible();
  await visit(page, share.url.replace(/^https?:\/\/[^/]+/, ""));
  await expect(page.getByRole("tabpanel").locator(".chart canvas")).toHaveCount(1);

  // A running job's cancel page.
  const running = await (await page.request.post("/api/simulations", {
    data: { rotationId: "affliction_warlock", duration: 900, iterations: 50000, fightType: "aoe" },
  })).json();
  await visit(page, `/simulate/results/${running.jobId}/cancel`);
  await page.request.delete(`/api/simulations/${running.jobId}`);

  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
});
