#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQClient

/// A bounded set of POSIX threads working through indices: the concurrency of range loads.
///
/// Plain threads rather than Swift's cooperative pool, so that waiting for them from any
/// thread (the main thread, a test's task) can never starve the pool.
enum Workers {
    final class Job<T>: @unchecked Sendable {
        let count: Int
        let body: @Sendable (Int) -> T
        /// The next index to hand out, and the results so far.
        let state: Locked<(next: Int, results: [T?])>

        init(count: Int, body: @escaping @Sendable (Int) -> T) {
            self.count = count
            self.body = body
            state = Locked((0, Array(repeating: nil, count: count)))
        }

        func take() -> Int? {
            state.withLock { s in
                guard s.next < count else { return nil }
                s.next += 1
                return s.next - 1
            }
        }

        func put(_ i: Int, _ value: T) {
            state.withLock { $0.results[i] = value }
        }

        var results: [T?] { state.withLock { $0.results } }

        func work() {
            while let i = take() { put(i, body(i)) }
        }
    }

    /// `body(0) … body(count - 1)` on at most `limit` threads; the results in index order.
    static func map<T>(_ count: Int, limit: Int, _ body: @escaping @Sendable (Int) -> T) -> [T] {
        let job = Job(count: count, body: body)
        let threads = min(count, limit)
        if threads <= 1 {
            job.work()
            return job.results.map { $0! }
        }
        var ids: [pthread_t] = []
        for _ in 0..<(threads - 1) {
            let context = Unmanaged.passRetained(WorkBox(job.work)).toOpaque()
            var tid = pthread_t()
            let rc = pthread_create(&tid, nil, { raw in
                let box = Unmanaged<WorkBox>.fromOpaque(raw!).takeRetainedValue()
                box.run()
                return nil
            }, context)
            if rc == 0 { ids.append(tid) } else { Unmanaged<WorkBox>.fromOpaque(context).release() }
        }
        job.work() // the calling thread helps too (and carries on alone if no thread started)
        for tid in ids { pthread_join(tid, nil) }
        return job.results.map { $0! }
    }

    final class WorkBox: @unchecked Sendable {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }
}

