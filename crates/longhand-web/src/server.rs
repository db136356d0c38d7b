//! The HTTP server: bind first, then serve, then shut down gracefully.
//!
//! Binding is separate from serving so tests (and `--listen 127.0.0.1:0`) learn the real port
//! before the first request, instead of sleeping until a server might be up.

use crate::WebConfig;
use longhand_core::ops::App;
use std::future::Future;
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// A server whose socket is bound and ready to accept.
#[derive(Debug)]
pub struct BoundServer {
    listener: TcpListener,
    app: App,
    config: WebConfig,
    run_jobs: bool,
}

/// A name for this process\'s job worker, unique across replicas.
fn worker_name() -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "longhand".to_owned());
    let nonce = longhand_core::ops::auth::random_hex(4).unwrap_or_default();
    format!("{host}-{}-{nonce}", std::process::id())
}

/// Binds the listening socket.
pub async fn bind(app: App, listen: SocketAddr, config: WebConfig) -> anyhow::Result<BoundServer> {
    let listener = TcpListener::bind(listen)
        .await
        .map_err(|err| anyhow::anyhow!("cannot listen on {listen}: {err}"))?;
    Ok(BoundServer {
        listener,
        app,
        config,
        run_jobs: true,
    })
}

impl BoundServer {
    /// The address actually bound (the real port when asked for port 0).
    pub fn local_addr(&self) -> anyhow::Result<SocketAddr> {
        Ok(self.listener.local_addr()?)
    }

    /// Serves until `shutdown` resolves, then lets in-flight requests and the job being run
    /// finish. The search index's tailer runs beside it, catching up with the event log
    /// every half second. The job worker runs beside the server unless it was turned off with
    /// [`BoundServer::without_job_worker`] (tests drain the queue themselves on a fake clock).
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let tailer = tokio::spawn(longhand_core::ops::search::tail(
            self.app.clone(),
            stopped.clone(),
        ));
        let worker = self.run_jobs.then(|| {
            tokio::spawn(longhand_core::worker::work(
                self.app.clone(),
                worker_name(),
                stopped,
            ))
        });
        let router = crate::routes::router(self.app.clone(), self.config);
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown)
            .await?;
        let _ = stop.send(true);
        if let Some(worker) = worker {
            let _ = worker.await;
        }
        let _ = tailer.await;
        self.app.store().close().await;
        Ok(())
    }

    /// Leaves the job queue to the caller.
    pub fn without_job_worker(mut self) -> BoundServer {
        self.run_jobs = false;
        self
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
