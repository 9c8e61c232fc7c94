//! The real server binary as a child process: start it on a free port, wait until it is ready,
//! kill it with SIGKILL or stop it with SIGTERM.

use std::{
    path::PathBuf,
    process::{Child, Command, ExitStatus, Stdio},
    time::{Duration, Instant},
};

/// A running `rotasim` process.
pub struct Process {
    child: Child,
    /// Base URL.
    pub url: String,
    log: PathBuf,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Process {
    /// Starts the server on `database_url` with `env` overrides and waits for `/readyz`.
    pub async fn start(dir: &std::path::Path, database_url: &str, env: &[(&str, &str)]) -> Process {
        Process::start_with_args(dir, database_url, &[], env).await
    }

    /// Starts `rotasim ARGS…` (e.g. `serve --role web`, `worker`) on a free port — the site's
    /// address, or a worker's probe address — and waits for `/readyz`.
    pub async fn start_with_args(
        dir: &std::path::Path,
        database_url: &str,
        args: &[&str],
        env: &[(&str, &str)],
    ) -> Process {
        let port = free_port();
        let log = dir.join(format!("server-{port}.log"));
        let file = std::fs::File::create(&log).unwrap();
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_rotasim"));
        cmd.current_dir(dir)
            .env("ROTASIM_CONFIG", dir.join("absent.toml"))
            .env("DATABASE_URL", database_url)
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
            .env("ROTASIM_WORKER_ADDR", format!("127.0.0.1:{port}"))
            .args(args)
            .env("LEPTOS_SITE_ROOT", dir.join("site"))
            .env("LOG_FORMAT", "json")
            .env("RUST_LOG", "info")
            .env("ROTASIM_JOB_THREADS", "1")
            .stdin(Stdio::null())
            .stdout(file.try_clone().unwrap())
            .stderr(file);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd.spawn().expect("start the rotasim binary");
        let mut p = Process {
            child,
            url: format!("http://127.0.0.1:{port}"),
            log,
        };
        p.wait_ready().await;
        p
    }

    async fn wait_ready(&mut self) {
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("server exited during start-up ({status}):\n{}", self.log());
            }
            if let Ok(res) = client.get(format!("{}/readyz", self.url)).send().await {
                if res.status() == 200 {
                    return;
                }
            }
            assert!(
                Instant::now() < deadline,
                "server not ready:\n{}",
                self.log()
            );
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// The operating system's id of the process.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// The process's log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: no cleanup of any kind.
    pub fn kill9(mut self) {
        self.child.kill().expect("SIGKILL");
        self.child.wait().unwrap();
    }

    /// Sends SIGTERM and returns without waiting.
    pub fn sigterm(&self) {
        let ok = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -TERM failed");
    }

    /// Waits up to `limit` for the process to exit; its status and how long it took.
    pub async fn wait_exit(mut self, limit: Duration) -> (ExitStatus, Duration, String) {
        let t0 = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let log = self.log();
                return (status, t0.elapsed(), log);
            }
            if t0.elapsed() > limit {
                let _ = self.child.kill();
                panic!("server still running after {limit:?}:\n{}", self.log());
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
