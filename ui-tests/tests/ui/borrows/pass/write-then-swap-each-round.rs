// Two threads each write into the buffer they hold, then swap, for two
// rounds; a fresh `let buf` names the buffer every swap returns. After the
// second swap each side holds its own first buffer again, with the partner's
// line added to it.
// Rust accepts it: each `buf` is last used before the next swap, and a
// shadowing `let` does not keep the old borrow alive: its last use ends it.
use rendezvous_lockstep::RendezvousData;
fn main() {
    let (mut ping, mut pong) = RendezvousData::new(Vec::new(), Vec::new());
    let pong_thread = std::thread::spawn(move || {
        let buf = pong.get_mut();
        buf.push("pong 1");
        let buf = pong.swap();
        assert_eq!(*buf, ["ping 1"]);
        buf.push("pong 2");
        let buf = pong.swap();
        buf.clone()
    });
    let buf = ping.get_mut();
    buf.push("ping 1");
    let buf = ping.swap();
    assert_eq!(*buf, ["pong 1"]);
    buf.push("ping 2");
    let buf = ping.swap();
    assert_eq!(*buf, ["ping 1", "pong 2"]);
    assert_eq!(pong_thread.join().unwrap(), ["pong 1", "ping 2"]);
}
