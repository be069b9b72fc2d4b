//! Demo data (being written).
use steward_service::Service;
pub async fn load_if_empty(_s: &Service) -> anyhow::Result<()> {
    Ok(())
}
pub async fn load(_s: &Service) -> anyhow::Result<()> {
    anyhow::bail!("the demo loader is not written yet")
}
