/// The progress line of a multi-day load at a terminal: done / total, failures, rate. It is
/// redrawn in place on standard error and erased when the load ends. Thread-safe.
final class Progress: @unchecked Sendable {
    let total: Int
    let sink: ByteSink?
    let started = SystemClock.monotonic()
    private let lock = PthreadLock()
    private var done = 0
    private var failed = 0
    private var lastDraw = 0.0

    init(total: Int, sink: ByteSink?) {
        self.total = total
        self.sink = sink
    }

    func step(failed isFailure: Bool) {
        guard let sink else { return }
        lock.locked {
            done += 1
            if isFailure { failed += 1 }
            let now = SystemClock.monotonic()
            guard now - lastDraw > 0.05 || done == total else { return }
            lastDraw = now
            let rate = Double(done) / max(now - started, 0.001)
            sink.write("\r\u{1B}[2Kloading \(done)/\(total)" + (failed > 0 ? ", \(failed) failed" : "")
                       + ", \(NumberFormat.fixed(rate, places: 1)) days/s")
            sink.flush()
        }
    }

    func finish() {
        guard let sink else { return }
        lock.locked {
            sink.write("\r\u{1B}[2K")
            sink.flush()
        }
    }
}
