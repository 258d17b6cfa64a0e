import CXQClient
/// The progress line of a multi-day load at a terminal: done / total, failures, rate. It is
/// redrawn in place on standard error and erased when the load ends. Thread-safe.
final class Progress: Sendable {
    let total: Int
    let sink: ByteSink?
    let started = SystemClock.monotonic()
    private let counts = Locked((done: 0, failed: 0, lastDraw: 0.0))

    init(total: Int, sink: ByteSink?) {
        self.total = total
        self.sink = sink
    }

    func step(failed isFailure: Bool) {
        guard let sink else { return }
        counts.withLock { c in
            c.done += 1
            if isFailure { c.failed += 1 }
            let now = SystemClock.monotonic()
            guard now - c.lastDraw > 0.05 || c.done == total else { return }
            c.lastDraw = now
            let rate = Double(c.done) / max(now - started, 0.001)
            sink.write("\r\u{1B}[2Kloading \(c.done)/\(total)" + (c.failed > 0 ? ", \(c.failed) failed" : "")
                       + ", \(NumberFormat.fixed(rate, places: 1)) days/s")
            sink.flush()
        }
    }

    func finish() {
        guard let sink else { return }
        counts.withLock { _ in
            sink.write("\r\u{1B}[2K")
            sink.flush()
        }
    }
}
