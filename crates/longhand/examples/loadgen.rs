//! A small HTTP load generator for Longhand's API benchmarks (`scripts/bench-api.sh`).
//!
//! Opens N keep-alive connections, each sending requests back to back for a fixed time, and
//! prints requests per second and latency percentiles. Only for loopback targets.

use std::time::{Duration, Instant};

struct Args {
    url: String,
    token: String,
    method: String,
    body: Option<String>,
    connections: usize,
    seconds: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        url: String::new(),
        token: String::new(),
        method: "GET".into(),
        body: None,
        connections: 200,
        seconds: 10,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or_else(|| format!("{flag} needs a value"))?;
        match flag.as_str() {
            "--url" => args.url = value,
            "--token" => args.token = value,
            "--method" => args.method = value,
            "--body" => args.body = Some(value),
            "--connections" => args.connections = value.parse().map_err(|_| "bad --connections")?,
            "--seconds" => args.seconds = value.parse().map_err(|_| "bad --seconds")?,
            other => return Err(format!("unknown flag {other}")),
        }
    }
    let host = args.url.split("://").nth(1).unwrap_or_default();
    if !(host.starts_with("127.") || host.starts_with("localhost") || host.starts_with("[::1]")) {
        return Err("the load generator only targets loopback addresses".into());
    }
    Ok(args)
}

async fn worker(args: std::sync::Arc<Args>, id: usize, deadline: Instant) -> (Vec<u32>, u64) {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap_or_default();
    let method =
        reqwest::Method::from_bytes(args.method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let (mut latencies, mut errors, mut n) = (Vec::new(), 0u64, 0u64);
    while Instant::now() < deadline {
        let mut request = client
            .request(method.clone(), &args.url)
            .bearer_auth(&args.token);
        if let Some(body) = &args.body {
            // `{n}` in the body becomes a unique number, so writes do not collide.
            let unique = body.replace("{n}", &format!("{id}-{n}"));
            request = request
                .header("content-type", "application/json")
                .body(unique);
        }
        n += 1;
        let started = Instant::now();
        match request.send().await {
            Ok(response) if response.status().is_success() => {
                let _ = response.bytes().await;
                latencies.push(started.elapsed().as_micros().min(u128::from(u32::MAX)) as u32);
            }
            _ => errors += 1,
        }
    }
    (latencies, errors)
}

fn percentile(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[index]) / 1000.0
}

#[tokio::main]
async fn main() {
    let args = match parse_args() {
        Ok(args) => std::sync::Arc::new(args),
        Err(message) => {
            eprintln!("loadgen: {message}");
            std::process::exit(2);
        }
    };
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.seconds);
    let tasks: Vec<_> = (0..args.connections)
        .map(|id| tokio::spawn(worker(args.clone(), id, deadline)))
        .collect();
    let (mut all, mut errors) = (Vec::new(), 0);
    for task in tasks {
        if let Ok((latencies, failed)) = task.await {
            all.extend(latencies);
            errors += failed;
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    all.sort_unstable();
    println!(
        "{} {}: {} connections, {:.0} requests/s, p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {} errors",
        args.method,
        args.url,
        args.connections,
        all.len() as f64 / elapsed,
        percentile(&all, 0.50),
        percentile(&all, 0.99),
        percentile(&all, 1.0),
        errors
    );
}
