//! Benchmark (being written).
#[derive(clap::Args)]
pub struct BenchArgs {}
pub async fn run(_db: &str, _a: BenchArgs) -> anyhow::Result<()> {
    anyhow::bail!("the benchmark is not written yet")
}
