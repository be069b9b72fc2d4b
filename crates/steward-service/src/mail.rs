//! Mail out: the outbox's `mail` runs, delivered over SMTP (lettre: STARTTLS or TLS, with
//! authentication, from an `smtp://` or `smtps://` URL). A message is built from its queued row
//! alone — what it says was decided in the transaction that enqueued it — and is marked delivered
//! as soon as the SMTP server accepts it: a delivered row is never sent again, even after a
//! restart. A refused connection or a 4xx is retried with backoff; a 5xx (the server will never
//! take it) fails the row at once, shown to the administrator with the server's answer.

use crate::scheduler::{now_ms, SchedulerConfig};
use crate::{Result, Service};
use lettre::message::{header::ContentType, Mailbox};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use steward_store::{Finish, QueuedRun};

/// How Steward sends mail (`steward serve --smtp-url ... --mail-from ...`).
#[derive(Clone)]
pub struct MailConfig {
    /// Where people reach Steward: the links in mails start with it.
    pub public_url: String,
    /// The sender of every mail.
    pub from: Mailbox,
    /// The service desk's address: replies go to it with the record's token
    /// (`desk+TOKEN@domain`), and new mail to it opens a request (mail in).
    pub desk: Option<lettre::Address>,
    pub transport: AsyncSmtpTransport<Tokio1Executor>,
}

impl MailConfig {
    /// A configuration from an SMTP URL (`smtp://user:pass@host:587?tls=required`,
    /// `smtps://host`, `smtp://127.0.0.1:2525` without TLS for a local relay).
    pub fn from_url(
        url: &str,
        from: &str,
        public_url: &str,
        desk: Option<&str>,
    ) -> std::result::Result<MailConfig, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("--smtp-url: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        let from: Mailbox = from
            .parse()
            .map_err(|e| format!("--mail-from '{from}': {e}"))?;
        let desk = desk
            .map(|d| {
                d.parse::<lettre::Address>()
                    .map_err(|e| format!("--mail-desk '{d}': {e}"))
            })
            .transpose()?;
        Ok(MailConfig {
            public_url: public_url.trim_end_matches('/').to_string(),
            from,
            desk,
            transport,
        })
    }

    /// The reply address of a record's mails: the desk's, plus the record's token.
    pub(crate) fn reply_to(&self, token: &str) -> Option<String> {
        let desk = self.desk.as_ref()?;
        Some(format!("{}+{token}@{}", desk.user(), desk.domain()))
    }
}

/// A mail as the outbox holds it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Letter {
    pub to: String,
    pub to_name: String,
    pub subject: String,
    pub body: String,
    /// The kind a person may turn off (`mail_kind`), or none for the mails always sent.
    pub kind: Option<String>,
    pub reply_to: Option<String>,
}

impl Service {
    /// Deliver one claimed mail, and end its run.
    pub(crate) async fn deliver_mail(
        &self,
        config: &SchedulerConfig,
        run: &QueuedRun,
    ) -> Result<()> {
        let Some(mail) = self.mail.clone() else {
            // Only servers with mail configured claim mail; a row here is a change of mind.
            let how = Finish::Retry {
                at: now_ms() + config.retry_base.as_millis() as i64,
                error: "this server sends no mail".into(),
            };
            self.db
                .finish_run(run.seq, &config.owner, &how, now_ms())
                .await?;
            return Ok(());
        };
        let how = match build(&mail, run) {
            Err(e) => Finish::Failed { error: e },
            Ok(message) => {
                let sent = self
                    .with_lease(config, run.seq, mail.transport.send(message))
                    .await;
                match sent {
                    Ok(_) => Finish::Done,
                    Err(e) if e.is_permanent() => Finish::Failed {
                        error: format!("the mail server refused it: {e}"),
                    },
                    Err(e) if run.attempts < config.max_attempts => Finish::Retry {
                        at: now_ms() + config.backoff(run.attempts).as_millis() as i64,
                        error: e.to_string(),
                    },
                    Err(e) => Finish::Failed {
                        error: format!("given up after {} attempts: {e}", run.attempts),
                    },
                }
            }
        };
        if let Finish::Retry { error, .. } | Finish::Failed { error } = &how {
            tracing::warn!(run = %run.key, attempts = run.attempts, %error, "a mail was not delivered");
        }
        if !self
            .db
            .finish_run(run.seq, &config.owner, &how, now_ms())
            .await?
        {
            tracing::warn!(run = %run.key, "a mail's lease was lost after sending: it may be sent twice");
        }
        Ok(())
    }
}

/// The message of a queued mail; its Message-ID is the run's own, so a receiver can tell a copy.
fn build(mail: &MailConfig, run: &QueuedRun) -> std::result::Result<Message, String> {
    let letter: Letter =
        serde_json::from_str(&run.payload).map_err(|e| format!("a malformed mail row: {e}"))?;
    let to = Mailbox::new(
        (!letter.to_name.is_empty()).then(|| letter.to_name.clone()),
        letter
            .to
            .parse()
            .map_err(|e| format!("the address '{}': {e}", letter.to))?,
    );
    let domain = mail.from.email.domain().to_string();
    let id = run.key.trim_start_matches("mail:");
    let mut b = Message::builder()
        .from(mail.from.clone())
        .to(to)
        .subject(letter.subject)
        .message_id(Some(format!("<{id}@{domain}>")))
        .header(ContentType::TEXT_PLAIN);
    if let Some(r) = &letter.reply_to {
        b = b.reply_to(
            r.parse()
                .map_err(|e| format!("the reply address '{r}': {e}"))?,
        );
    }
    b.body(letter.body).map_err(|e| e.to_string())
}
