//! Sending e-mail over SMTP (`lettre`'s client): a plain text and an HTML part, to one
//! person. The outbox worker is the only sender; it decides what a failure means.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{SmtpTransport, Transport};
use secrecy::{ExposeSecret, SecretString};

/// How long one SMTP conversation may take before it counts as failed.
const TIMEOUT: Duration = Duration::from_secs(20);

/// Where `mail.smtp_url` points: `smtp://[user:password@]host[:port]`.
#[derive(Debug, Clone)]
pub struct SmtpTarget {
    host: String,
    port: u16,
    credentials: Option<(String, SecretString)>,
}

impl SmtpTarget {
    /// The configured server, `None` when the setting is empty (e-mail off). The error says
    /// what is wrong without repeating the URL (it may hold a password).
    pub fn parse(url: &str) -> Result<Option<Self>, &'static str> {
        let url = url.trim();
        if url.is_empty() {
            return Ok(None);
        }
        if url.starts_with("smtps://") {
            return Err(
                "smtps:// needs TLS, which this build leaves out; relay through an smtp:// server on the same host or network",
            );
        }
        let rest = url
            .strip_prefix("smtp://")
            .ok_or("must start with smtp:// (or be empty: e-mail off)")?;
        let rest = rest.trim_end_matches('/');
        let (userinfo, server) = match rest.rsplit_once('@') {
            Some((u, s)) => (Some(u), s),
            None => (None, rest),
        };
        let (host, port) = match server.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || server.starts_with('[') => (
                h,
                p.parse::<u16>().map_err(|_| "the port must be a number")?,
            ),
            _ => (server, 25),
        };
        let host = host.trim_start_matches('[').trim_end_matches(']');
        if host.is_empty() || host.contains(['/', '?', '#']) {
            return Err("must name a host: smtp://host:port");
        }
        let credentials = match userinfo {
            Some(info) => {
                let (user, password) = info
                    .split_once(':')
                    .ok_or("credentials must be user:password")?;
                Some((user.to_owned(), SecretString::from(password.to_owned())))
            }
            None => None,
        };
        Ok(Some(Self {
            host: host.to_owned(),
            port,
            credentials,
        }))
    }
}

/// One e-mail to one person.
#[derive(Debug, Clone)]
pub struct OutgoingMail {
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Why the server did not take an e-mail, in words that hold no address or content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The address or the message cannot be sent as it is (retrying will not help).
    Unsendable(String),
    /// The server refused or could not be reached: retry later.
    Failed(String),
}

impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unsendable(why) | Self::Failed(why) => f.write_str(why),
        }
    }
}

#[derive(Clone)]
pub struct Mailer {
    transport: SmtpTransport,
    from: Mailbox,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer").finish_non_exhaustive()
    }
}

impl Mailer {
    /// A mailer for `mail.smtp_url` and `mail.from`; `None` when e-mail is off.
    pub fn new(smtp_url: &str, from: &str) -> Result<Option<Self>, String> {
        let Some(target) =
            SmtpTarget::parse(smtp_url).map_err(|why| format!("mail.smtp_url: {why}"))?
        else {
            return Ok(None);
        };
        let from: Mailbox = from
            .parse()
            .map_err(|_| "mail.from: not an e-mail address".to_owned())?;
        let mut builder = SmtpTransport::builder_dangerous(target.host)
            .port(target.port)
            .timeout(Some(TIMEOUT));
        if let Some((user, password)) = target.credentials {
            builder =
                builder.credentials(Credentials::new(user, password.expose_secret().to_owned()));
        }
        Ok(Some(Self {
            transport: builder.build(),
            from,
        }))
    }

    /// Send one e-mail; `Ok` once the server accepted it.
    pub fn send(&self, mail: &OutgoingMail) -> Result<(), SendError> {
        let address = mail
            .to_address
            .parse()
            .map_err(|_| SendError::Unsendable("the recipient's address is not valid".into()))?;
        let message = lettre::Message::builder()
            .from(self.from.clone())
            .to(Mailbox::new(Some(mail.to_name.clone()), address))
            .subject(mail.subject.clone())
            .multipart(MultiPart::alternative_plain_html(
                mail.text.clone(),
                mail.html.clone(),
            ))
            .map_err(|_| SendError::Unsendable("the message could not be built".into()))?;
        self.transport.send(&message).map(|_| ()).map_err(|e| {
            // The status code and kind only: lettre's messages can quote the server's reply,
            // which may repeat the address.
            SendError::Failed(match e.status() {
                Some(code) => format!("smtp {code}"),
                None if e.is_timeout() => "smtp timeout".to_owned(),
                None if e.is_client() => "smtp client error".to_owned(),
                None => "smtp connection failed".to_owned(),
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_name_a_host_and_port_or_turn_mail_off() {
        assert!(SmtpTarget::parse("").unwrap().is_none());
        let t = SmtpTarget::parse("smtp://127.0.0.1:2525").unwrap().unwrap();
        assert_eq!((t.host.as_str(), t.port), ("127.0.0.1", 2525));
        assert!(t.credentials.is_none());
        let t = SmtpTarget::parse("smtp://mail.example.nl")
            .unwrap()
            .unwrap();
        assert_eq!((t.host.as_str(), t.port), ("mail.example.nl", 25));
        let t = SmtpTarget::parse("smtp://u:p@w@relay:587/")
            .unwrap()
            .unwrap();
        assert_eq!((t.host.as_str(), t.port), ("relay", 587));
        let (user, password) = t.credentials.unwrap();
        assert_eq!((user.as_str(), password.expose_secret()), ("u", "p@w"));
        let t = SmtpTarget::parse("smtp://[::1]:2525").unwrap().unwrap();
        assert_eq!((t.host.as_str(), t.port), ("::1", 2525));
        for bad in [
            "http://x",
            "smtp://",
            "smtp://host:port",
            "smtps://host",
            "smtp://u@host",
        ] {
            assert!(SmtpTarget::parse(bad).is_err(), "{bad}");
        }
    }
}
