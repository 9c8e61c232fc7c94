import { expect, Page } from "@playwright/test";

/** Submits a simulation through the page's own session (its cookies) and waits for it to
 * complete; returns the job id. */
export async function completedRun(page: Page, body: Record<string, unknown>): Promise<string> {
  const res = await page.request.post("/api/simulations", { data: body });
  expect(res.status()).toBe(202);
  const { jobId } = await res.json();
  await expect
    .poll(async () => (await (await page.request.get(`/api/simulations/${jobId}`)).json()).status, { timeout: 30_000 })
    .toBe("completed");
  return jobId;
}
