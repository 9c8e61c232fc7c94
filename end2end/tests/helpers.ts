import { expect, Page } from "@playwright/test";
import { spawn, ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";

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

/** The progress bar's value now, -1 when there is none (a short timeout: the bar disappears
 * when the job completes, and a read without one would wait for it forever). */
export async function progressNow(page: Page): Promise<number> {
  const v = await page.getByRole("progressbar").getAttribute("aria-valuenow", { timeout: 500 }).catch(() => null);
  return v === null ? -1 : Number(v);
}

const bin = process.env.ROTASIM_BIN ?? path.resolve("../target/release/rotasim");
const siteRoot = path.resolve("../target/site");

/** A free TCP port on loopback. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Starts a server of the spec's own (ROTASIM_BIN) on `port` over the SQLite file `db`, with
 * `env` overrides, logging to `log`; resolves once /readyz answers. */
export async function startServer(port: number, db: string, log: string, env: Record<string, string> = {}): Promise<ChildProcess> {
  const child = spawn(bin, [], {
    env: {
      ...process.env,
      ROTASIM_CONFIG: "/nonexistent/Leptos.toml",
      DATABASE_URL: `sqlite://${db}`,
      LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: siteRoot,
      LEPTOS_OUTPUT_NAME: "rotasim",
      LEPTOS_ENV: "PROD",
      // The site's files carry fingerprints (cargo-leptos hash-files, hash.txt beside the binary).
      LEPTOS_HASH_FILES: "true",
      ROTASIM_JOB_THREADS: "1",
      RUST_LOG: "info",
      ...env,
    },
    stdio: ["ignore", fs.openSync(log, "a"), fs.openSync(log, "a")],
  });
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return child;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`server did not start:\n${fs.readFileSync(log, "utf8")}`);
}
