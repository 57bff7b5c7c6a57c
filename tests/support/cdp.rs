//! A small client of the Chrome DevTools protocol: headless Chromium
//! started with `--remote-debugging-port=0`, one WebSocket to the browser
//! (`tungstenite`, no TLS), a page target attached in flattened mode, and
//! the commands and events the web app's browser test needs.
//!
//! Every event is kept, so that a test can check afterwards that the page
//! logged nothing and threw nothing.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use tungstenite::{Message, WebSocket};

/// A headless Chromium with one page, closed when dropped.
pub(crate) struct Browser {
    child: Child,
    ws: WebSocket<TcpStream>,
    session: String,
    next: u64,
    /// Every event received, in order.
    pub(crate) events: Vec<Value>,
}

impl Browser {
    /// Starts Chromium with a fresh profile in `profile`, a window of
    /// `width` × `height`, and attaches to a blank page.
    pub(crate) fn start(profile: &Path, width: u32, height: u32) -> Browser {
        let mut child = Command::new(super::chromium())
            .args(super::FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(format!("--window-size={width},{height}"))
            .args(["--remote-debugging-port=0", "--remote-allow-origins=*", "about:blank"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("Chromium starts");
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on stderr.
        let mut stderr = BufReader::new(child.stderr.take().unwrap());
        let mut said = String::new();
        let url = loop {
            let mut line = String::new();
            if stderr.read_line(&mut line).unwrap_or(0) == 0 {
                let _ = child.kill();
                panic!("Chromium ended without a DevTools address; it said:\n{said}");
            }
            if let Some(url) = line.trim().strip_prefix("DevTools listening on ") {
                break url.to_owned();
            }
            said.push_str(&line);
        };
        // Keep reading its stderr so that it never blocks on a full pipe.
        std::thread::spawn(move || std::io::copy(&mut stderr, &mut std::io::sink()));
        let host = url.trim_start_matches("ws://").split('/').next().unwrap().to_owned();
        let stream = TcpStream::connect(&host).unwrap();
        // The handshake may take a while on a loaded machine: give it the
        // patience of the rest of the test, then poll in short reads.
        stream.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let (ws, _) = tungstenite::client(url.as_str(), stream).expect("the DevTools WebSocket opens");
        ws.get_ref().set_read_timeout(Some(Duration::from_secs(1))).unwrap();
        let mut b = Browser { child, ws, session: String::new(), next: 0, events: Vec::new() };
        let targets = b.browser_call("Target.getTargets", json!({}));
        let page = targets["targetInfos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "page")
            .unwrap_or_else(|| panic!("no page: {targets}"))["targetId"]
            .clone();
        let attached = b.browser_call("Target.attachToTarget", json!({"targetId": page, "flatten": true}));
        b.session = attached["sessionId"].as_str().unwrap().to_owned();
        for domain in ["Page.enable", "Runtime.enable", "Log.enable", "DOM.enable"] {
            b.call(domain, json!({}));
        }
        // The page's own size, whatever the window's frame takes.
        b.call(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": false}),
        );
        b
    }

    /// A command to the page; its result (panics on a protocol error).
    pub(crate) fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(method, params, Some(&session))
    }

    /// A command to the browser itself.
    pub(crate) fn browser_call(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, None)
    }

    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        self.next += 1;
        let id = self.next;
        let mut msg = json!({"id": id, "method": method, "params": params});
        if let Some(s) = session {
            msg["sessionId"] = json!(s);
        }
        self.ws.send(Message::Text(msg.to_string().into())).expect("a DevTools command is sent");
        let start = Instant::now();
        loop {
            assert!(start.elapsed() < Duration::from_secs(120), "no answer to {method} in two minutes");
            let Some(v) = self.receive() else { continue };
            if v["id"] == id {
                if let Some(e) = v.get("error") {
                    panic!("{method}: {e}");
                }
                return v["result"].clone();
            }
        }
    }

    /// The next message, or `None` after a second without one.
    fn receive(&mut self) -> Option<Value> {
        match self.ws.read() {
            Ok(Message::Text(t)) => {
                let v: Value = serde_json::from_str(t.as_str()).expect("DevTools sends JSON");
                if v.get("method").is_some() {
                    self.events.push(v.clone());
                }
                Some(v)
            }
            Ok(_) => None,
            Err(tungstenite::Error::Io(e))
                if matches!(e.kind(), std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut) =>
            {
                None
            }
            Err(e) => panic!("the DevTools connection failed: {e}"),
        }
    }

    /// Waits up to `secs` seconds for an event `method` whose parameters
    /// satisfy `wanted` (events already received count).
    pub(crate) fn wait_event(&mut self, method: &str, secs: u64, wanted: impl Fn(&Value) -> bool) -> Value {
        let start = Instant::now();
        let mut seen = 0;
        loop {
            while seen < self.events.len() {
                let e = &self.events[seen];
                seen += 1;
                if e["method"] == method && wanted(&e["params"]) {
                    return e["params"].clone();
                }
            }
            assert!(start.elapsed() < Duration::from_secs(secs), "no {method} in {secs} s");
            self.receive();
        }
    }

    /// The value of a JavaScript expression in the page (awaited if a promise).
    pub(crate) fn eval(&mut self, expression: &str) -> Value {
        let r = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        if let Some(e) = r.get("exceptionDetails") {
            panic!("{expression}: {e}");
        }
        r["result"]["value"].clone()
    }

    /// Waits up to `secs` seconds for a JavaScript expression to be true.
    pub(crate) fn wait_for(&mut self, expression: &str, secs: u64) {
        let start = Instant::now();
        while self.eval(expression) != json!(true) {
            assert!(start.elapsed() < Duration::from_secs(secs), "still not {expression} after {secs} s");
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    /// Opens `url` and waits for its `load` event.
    pub(crate) fn navigate(&mut self, url: &str) {
        let before = self.events.len();
        self.call("Page.navigate", json!({ "url": url }));
        let start = Instant::now();
        while !self.events[before..].iter().any(|e| e["method"] == "Page.loadEventFired") {
            assert!(start.elapsed() < Duration::from_secs(60), "{url} did not load in a minute");
            self.receive();
        }
    }

    /// Clicks the middle of the element `selector` with the mouse.
    pub(crate) fn click(&mut self, selector: &str) {
        let js = format!(
            "(function(){{var e=document.querySelector({selector:?});e.scrollIntoView({{block:'center'}});\
             var r=e.getBoundingClientRect();return [r.left+r.width/2,r.top+r.height/2];}})()"
        );
        let at = self.eval(&js);
        let (x, y) = (at[0].as_f64().unwrap(), at[1].as_f64().unwrap());
        for kind in ["mouseMoved", "mousePressed", "mouseReleased"] {
            self.call(
                "Input.dispatchMouseEvent",
                json!({"type": kind, "x": x, "y": y, "button": "left", "buttons": 1, "clickCount": 1}),
            );
        }
    }

    /// Gives the file input `selector` these files, as choosing them does.
    pub(crate) fn set_files(&mut self, selector: &str, files: &[&Path]) {
        let root = self.call("DOM.getDocument", json!({}))["root"]["nodeId"].clone();
        let node =
            self.call("DOM.querySelector", json!({"nodeId": root, "selector": selector}))["nodeId"].clone();
        let files: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
        self.call("DOM.setFileInputFiles", json!({"nodeId": node, "files": files}));
    }

    /// A PNG of the page as shown.
    pub(crate) fn screenshot(&mut self) -> Vec<u8> {
        let shot = self.call("Page.captureScreenshot", json!({"format": "png"}));
        base64(shot["data"].as_str().unwrap())
    }

    /// What the page said on its console or in the browser's log, and what
    /// it threw.
    pub(crate) fn complaints(&self) -> Vec<String> {
        self.events
            .iter()
            .filter(|e| {
                matches!(e["method"].as_str(), Some("Runtime.consoleAPICalled" | "Runtime.exceptionThrown"))
                    || (e["method"] == "Log.entryAdded"
                        && matches!(e["params"]["entry"]["level"].as_str(), Some("error" | "warning")))
            })
            .map(|e| e.to_string())
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Standard base64 (as DevTools sends binary data) decoded.
pub(crate) fn base64(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("not base64: {c}"),
    };
    let digits: Vec<u8> =
        text.bytes().filter(|c| *c != b'=' && !c.is_ascii_whitespace()).map(value).collect();
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let mut n = 0u32;
        for (i, d) in chunk.iter().enumerate() {
            n |= u32::from(*d) << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

#[test]
fn base64_decodes() {
    assert_eq!(base64("aGVsbG8="), b"hello");
    assert_eq!(base64("aGVsbA=="), b"hell");
    assert_eq!(base64("aGVs"), b"hel");
    assert_eq!(base64(""), b"");
}
