//! The mail-in listener (`steward serve --mail-in-bind`): SMTP, for the agency's mail server to
//! relay the service desk's mail to. It takes mail for the desk's address only (550 for any other
//! recipient) and hands each message to the service (`Service::receive_mail`); a message the
//! service refuses — an unknown sender, at `MAIL FROM` already — is answered 550 with the reason,
//! so that the sending server bounces it, and logged. Plain SMTP on a private address: TLS and relaying belong to
//! the agency's mail server in front of it.

use mailin_embedded::{response, Handler, Response, Server, SslConfig};
use std::io;
use steward_service::Service;

/// The largest message taken.
const MAX_MESSAGE_BYTES: usize = 10 * 1024 * 1024;

#[derive(Clone)]
struct Desk {
    service: Service,
    runtime: tokio::runtime::Handle,
    to: Vec<String>,
    data: Vec<u8>,
    too_big: bool,
}

impl Handler for Desk {
    /// A sender Steward does not know is refused at once, before the message is sent.
    fn mail(&mut self, _ip: std::net::IpAddr, _domain: &str, from: &str) -> Response {
        let service = self.service.clone();
        let from = from.to_string();
        match self
            .runtime
            .block_on(async move { service.mail_sender_of(&from).await })
        {
            Ok(()) => response::OK,
            Err(steward_service::Error::Domain(e)) => {
                tracing::info!(reason = %e, "mail in: refused a sender");
                Response::custom(550, format!("5.7.1 {e}"))
            }
            Err(e) => {
                tracing::warn!(error = %e, "mail in: could not check a sender now");
                response::INTERNAL_ERROR
            }
        }
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if self.service.takes_mail_for(to) {
            response::OK
        } else {
            tracing::info!(recipient = %to, "mail in: refused a recipient that is not the desk");
            response::NO_MAILBOX
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        self.too_big = false;
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> io::Result<()> {
        if self.data.len() + buf.len() > MAX_MESSAGE_BYTES {
            self.too_big = true;
        } else {
            self.data.extend_from_slice(buf);
        }
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        if self.too_big {
            return response::NO_STORAGE;
        }
        let service = self.service.clone();
        let (data, to) = (std::mem::take(&mut self.data), self.to.clone());
        match self
            .runtime
            .block_on(async move { service.receive_mail(&data, &to).await })
        {
            Ok(done) => {
                tracing::info!(?done, "mail in: taken");
                response::OK
            }
            Err(steward_service::Error::Domain(e)) => {
                tracing::info!(reason = %e, "mail in: refused");
                Response::custom(550, format!("5.7.1 {e}"))
            }
            Err(e) => {
                tracing::warn!(error = %e, "mail in: could not be taken now");
                response::INTERNAL_ERROR
            }
        }
    }
}

/// Serve SMTP on `listener` in threads of its own, until the process ends.
pub fn listen(service: Service, listener: std::net::TcpListener) -> io::Result<()> {
    let desk = Desk {
        service,
        runtime: tokio::runtime::Handle::current(),
        to: Vec::new(),
        data: Vec::new(),
        too_big: false,
    };
    let mut server = Server::new(desk);
    server
        .with_name("steward")
        .with_num_threads(4)
        .with_tcp_listener(listener);
    server
        .with_ssl(SslConfig::None)
        .map_err(|e| io::Error::other(e.to_string()))?;
    std::thread::Builder::new()
        .name("mail-in".into())
        .spawn(move || {
            if let Err(e) = server.serve() {
                tracing::error!(error = %e, "the mail-in listener stopped");
            }
        })?;
    Ok(())
}
