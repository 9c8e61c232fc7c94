//! A TCP proxy in front of the test PostgreSQL that can be cut and restored: cutting drops
//! every open connection and refuses new ones, which is, from the portal's side, the database
//! going away (without stopping the server other tests use).

use std::{
    net::SocketAddr,
    sync::{
        atomic::{AtomicBool, Ordering},
        Arc,
    },
};
use tokio::{
    net::{TcpListener, TcpStream},
    sync::watch,
};

/// A running proxy.
pub struct Proxy {
    /// Where it listens.
    pub addr: SocketAddr,
    up: Arc<AtomicBool>,
    cut: watch::Sender<u64>,
    task: tokio::task::JoinHandle<()>,
}

impl Proxy {
    /// A proxy forwarding to `target` (`host:port`).
    pub async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let up = Arc::new(AtomicBool::new(true));
        let (cut, _) = watch::channel(0u64);
        let (flag, cuts) = (up.clone(), cut.clone());
        let task = tokio::spawn(async move {
            loop {
                let Ok((mut client, _)) = listener.accept().await else {
                    return;
                };
                if !flag.load(Ordering::Acquire) {
                    drop(client); // refused: closed at once
                    continue;
                }
                let target = target.clone();
                let mut cut_rx = cuts.subscribe();
                tokio::spawn(async move {
                    let Ok(mut server) = TcpStream::connect(&target).await else {
                        return;
                    };
                    tokio::select! {
                        _ = tokio::io::copy_bidirectional(&mut client, &mut server) => {}
                        _ = cut_rx.changed() => {}
                    }
                    // Dropped here: both sides see the connection end.
                });
            }
        });
        Proxy {
            addr,
            up,
            cut,
            task,
        }
    }

    /// A proxy in front of the database of `url` and the same URL pointed at the proxy.
    pub async fn for_url(url: &str) -> (Proxy, String) {
        let (scheme_auth, rest) = url.split_once('@').expect("postgres URL with credentials");
        let (hostport, path) = rest.split_once('/').expect("URL with a database");
        let target = if hostport.contains(':') {
            hostport.to_string()
        } else {
            format!("{hostport}:5432")
        };
        let proxy = Proxy::start(target).await;
        let proxied = format!("{scheme_auth}@{}/{path}", proxy.addr);
        (proxy, proxied)
    }

    /// The database goes away: open connections are dropped, new ones refused.
    pub fn cut(&self) {
        self.up.store(false, Ordering::Release);
        self.cut.send_modify(|n| *n += 1);
    }

    /// The database is back.
    pub fn restore(&self) {
        self.up.store(true, Ordering::Release);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A fresh test PostgreSQL database reached through a [`Proxy`], and a one-worker portal on it
/// with `jobs` (`None` when no PostgreSQL is configured outside CI). The database's URL (direct,
/// for checks beside the portal) is `.2`.
pub async fn portal_behind_proxy(
    jobs: rotasim::jobs::JobsConfig,
) -> Option<(Proxy, super::Server, super::TestDb)> {
    let t = super::TestDb::postgres().await?;
    t.db.close().await;
    let (proxy, proxied) = Proxy::for_url(&t.url).await;
    let db = rotasim::db::connect_and_migrate(&proxied).await.unwrap();
    let server = super::Server::builder(db).jobs(jobs).start().await;
    Some((proxy, server, t))
}
