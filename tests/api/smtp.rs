//! A real SMTP server for the tests: it listens on a random local port, speaks enough of
//! RFC 5321 for a client (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), keeps every
//! message it accepts, and can be told to refuse the next messages with a given reply code.
//! It runs on its own thread with blocking sockets, one thread per connection.

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::Engine;

/// One accepted message, decoded: its recipients, subject and the text of each part.
#[derive(Debug, Clone)]
pub struct Captured {
    pub to: Vec<String>,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// Everything as it came over the wire.
    pub raw: String,
}

impl Captured {
    /// The subject and both parts, decoded: what a search for a value must look through.
    pub fn everything(&self) -> String {
        format!(
            "{}\n{}\n{}\n{}",
            self.subject, self.text, self.html, self.raw
        )
    }
}

#[derive(Default)]
struct State {
    accepted: Vec<Captured>,
    /// Replies for the next messages' end of DATA, instead of 250.
    refusals: VecDeque<&'static str>,
}

#[derive(Clone)]
pub struct SmtpSink {
    pub port: u16,
    state: Arc<Mutex<State>>,
}

impl SmtpSink {
    pub fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(Mutex::new(State::default()));
        let shared = state.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = shared.clone();
                std::thread::spawn(move || serve(stream, &state));
            }
        });
        Self { port, state }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Refuse the next message with each of these replies in turn (e.g. "451 4.3.0 busy").
    pub fn refuse_next(&self, replies: &[&'static str]) {
        self.state.lock().unwrap().refusals.extend(replies);
    }

    pub fn accepted(&self) -> Vec<Captured> {
        self.state.lock().unwrap().accepted.clone()
    }

    /// The accepted messages to `address`.
    pub fn to(&self, address: &str) -> Vec<Captured> {
        self.accepted()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t.eq_ignore_ascii_case(address)))
            .collect()
    }
}

fn serve(stream: TcpStream, state: &Mutex<State>) {
    let mut out = stream.try_clone().unwrap();
    let mut lines = BufReader::new(stream);
    let mut reply = |text: &str| {
        let _ = out.write_all(format!("{text}\r\n").as_bytes());
    };
    reply("220 sink ESMTP ready");
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if lines.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let command = line.trim_end().to_owned();
        let verb = command
            .split([' ', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_uppercase();
        match verb.as_str() {
            "EHLO" => reply("250-sink\r\n250-8BITMIME\r\n250 SMTPUTF8"),
            "HELO" | "NOOP" => reply("250 ok"),
            "MAIL" => {
                to.clear();
                reply("250 ok");
            }
            "RSET" => {
                to.clear();
                reply("250 ok");
            }
            "RCPT" => {
                let address = command
                    .split_once('<')
                    .and_then(|(_, rest)| rest.split_once('>'))
                    .map(|(a, _)| a.to_owned())
                    .unwrap_or_default();
                to.push(address);
                reply("250 ok");
            }
            "DATA" => {
                reply("354 end with <CRLF>.<CRLF>");
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let l = line.trim_end_matches(['\r', '\n']);
                    if l == "." {
                        break;
                    }
                    data.push_str(l.strip_prefix('.').unwrap_or(l));
                    data.push('\n');
                }
                let mut state = state.lock().unwrap();
                match state.refusals.pop_front() {
                    Some(refusal) => {
                        drop(state);
                        reply(refusal);
                    }
                    None => {
                        state.accepted.push(decode(std::mem::take(&mut to), data));
                        drop(state);
                        reply("250 ok: queued");
                    }
                }
            }
            "QUIT" => {
                reply("221 bye");
                return;
            }
            _ => reply("502 not implemented"),
        }
    }
}

/// Reads a message as lettre writes one: headers (the subject possibly RFC 2047 encoded),
/// and a multipart/alternative body whose parts are 7bit, quoted-printable or base64.
fn decode(to: Vec<String>, raw: String) -> Captured {
    let (head, body) = raw.split_once("\n\n").unwrap_or((&raw, ""));
    let head = head.replace("\n ", " ").replace("\n\t", " ");
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let subject = decode_words(&header("Subject"));
    let boundary = header("Content-Type")
        .split_once("boundary=")
        .map(|(_, b)| b.trim_matches('"').to_owned())
        .unwrap_or_default();
    let (mut text, mut html) = (String::new(), String::new());
    for part in body.split(&format!("--{boundary}")) {
        let Some((part_head, part_body)) = part.trim_start_matches('\n').split_once("\n\n") else {
            continue;
        };
        let lower = part_head.to_ascii_lowercase();
        let decoded = if lower.contains("content-transfer-encoding: base64") {
            let joined: String = part_body.split_whitespace().collect();
            String::from_utf8(
                base64::engine::general_purpose::STANDARD
                    .decode(joined)
                    .unwrap_or_default(),
            )
            .unwrap_or_default()
        } else if lower.contains("content-transfer-encoding: quoted-printable") {
            quoted_printable(part_body)
        } else {
            part_body.to_owned()
        };
        if lower.contains("text/plain") {
            text = decoded;
        } else if lower.contains("text/html") {
            html = decoded;
        }
    }
    Captured {
        to,
        subject,
        text,
        html,
        raw,
    }
}

fn quoted_printable(text: &str) -> String {
    let mut bytes = Vec::new();
    let mut lines = text.split('\n').peekable();
    while let Some(line) = lines.next() {
        let (line, soft) = match line.strip_suffix('=') {
            Some(l) => (l, true),
            None => (line, false),
        };
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                if let Ok(v) = u8::from_str_radix(&line[i + 1..i + 3], 16) {
                    bytes.push(v);
                    i += 3;
                    continue;
                }
            }
            bytes.push(b[i]);
            i += 1;
        }
        if !soft && lines.peek().is_some() {
            bytes.push(b'\n');
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// RFC 2047 encoded words (`=?utf-8?b?…?=`, `=?utf-8?q?…?=`), as in a subject.
fn decode_words(value: &str) -> String {
    let mut out = String::new();
    for word in value.split_whitespace() {
        let inner = word
            .strip_prefix("=?")
            .and_then(|w| w.strip_suffix("?="))
            .and_then(|w| {
                let mut parts = w.splitn(3, '?');
                Some((parts.next()?, parts.next()?, parts.next()?))
            });
        match inner {
            Some((_, enc, data)) if enc.eq_ignore_ascii_case("b") => {
                out.push_str(&String::from_utf8_lossy(
                    &base64::engine::general_purpose::STANDARD
                        .decode(data)
                        .unwrap_or_default(),
                ))
            }
            Some((_, enc, data)) if enc.eq_ignore_ascii_case("q") => {
                out.push_str(&quoted_printable(&data.replace('_', " ")));
            }
            _ => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(word);
            }
        }
    }
    out
}
