#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQClient

/// The progress line of a load at a terminal, for any load not finished within half a second, one
/// day included: done / total, failures, rate, and what is being waited for
/// (`waiting for camp7@2026-12-06 … 3 s`). A thread of its own redraws it in place on standard
/// error every tenth of a second, so it shows from the first request, not the first answer; it is
/// erased when the load ends.
final class Progress: Sendable {
    let total: Int
    let sink: ByteSink?
    let started = SystemClock.monotonic()
    private let state = Locked(State())
    private let ticker: Locked<pthread_t?> = Locked(nil)

    struct State {
        var done = 0
        var failed = 0
        /// Requests in flight: their label and when they were sent.
        var inFlight: [Int: (label: String, since: Double)] = [:]
        var finished = false
        var drawn = false
    }

    /// How long a load runs before its progress shows.
    static let delay = 0.5

    init(total: Int, sink: ByteSink?) {
        self.total = total
        self.sink = sink
        guard sink != nil else { return }
        let box = Unmanaged.passRetained(self).toOpaque()
        var tid = pthread_t()
        if pthread_create(&tid, nil, { raw in
            let progress = Unmanaged<Progress>.fromOpaque(raw!).takeRetainedValue()
            progress.tick()
            return nil
        }, box) == 0 {
            ticker.withLock { $0 = tid }
        } else {
            Unmanaged<Progress>.fromOpaque(box).release()
        }
    }

    /// A request is sent.
    func begin(_ i: Int, label: String) {
        guard sink != nil else { return }
        state.withLock { $0.inFlight[i] = (label, SystemClock.monotonic()) }
    }

    /// A request is answered (or failed).
    func step(_ i: Int, failed isFailure: Bool) {
        guard sink != nil else { return }
        state.withLock { s in
            s.inFlight[i] = nil
            s.done += 1
            if isFailure { s.failed += 1 }
        }
    }

    /// The ticker's loop: redraw every tenth of a second once the load has run half a second.
    private func tick() {
        var slept = 0
        while true {
            // Wakes every 20 ms, so that the end of a load never waits for the ticker.
            usleep(20_000)
            slept += 1
            let line: String? = state.withLock { s in
                if s.finished { return nil }
                if slept % 5 != 0 { return "" }
                let now = SystemClock.monotonic()
                guard now - started >= Progress.delay else { return "" }
                s.drawn = true
                var text = "loading \(s.done)/\(total)"
                if s.failed > 0 { text += ", \(s.failed) failed" }
                if s.done > 0 { text += ", \(NumberFormat.fixed(Double(s.done) / max(now - started, 0.001), places: 1)) days/s" }
                if let oldest = s.inFlight.values.min(by: { $0.since < $1.since }) {
                    text += " · waiting for \(oldest.label) … \(Int(now - oldest.since)) s"
                }
                return text
            }
            guard let line else { return }
            guard !line.isEmpty, let sink else { continue }
            let width = (Terminal.width() ?? 80) - 1
            let shown = line.count > width ? String(line.prefix(max(10, width - 1))) + "…" : line
            sink.write("\r\u{1B}[2K" + shown)
            sink.flush()
        }
    }

    /// The load ended: the ticker stops and the line is erased.
    func finish() {
        guard let sink else { return }
        let drawn = state.withLock { s -> Bool in
            s.finished = true
            return s.drawn
        }
        if let tid = ticker.withLock({ $0 }) { pthread_join(tid, nil) }
        if drawn || state.withLock({ $0.drawn }) {
            sink.write("\r\u{1B}[2K")
            sink.flush()
        }
    }
}
