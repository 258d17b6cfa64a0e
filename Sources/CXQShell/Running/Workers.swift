#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded set of POSIX threads working through indices: the concurrency of range loads.
///
/// Plain threads rather than Swift's cooperative pool, so that waiting for them from any
/// thread (the main thread, a test's task) can never starve the pool.
enum Workers {
    final class Job<T>: @unchecked Sendable {
        let count: Int
        let body: @Sendable (Int) -> T
        // Guarded by `lock`.
        var next = 0
        var results: [T?]
        let lock: UnsafeMutablePointer<pthread_mutex_t>

        init(count: Int, body: @escaping @Sendable (Int) -> T) {
            self.count = count
            self.body = body
            results = Array(repeating: nil, count: count)
            lock = .allocate(capacity: 1)
            pthread_mutex_init(lock, nil)
        }

        deinit {
            pthread_mutex_destroy(lock)
            lock.deallocate()
        }

        func take() -> Int? {
            pthread_mutex_lock(lock)
            defer { pthread_mutex_unlock(lock) }
            guard next < count else { return nil }
            next += 1
            return next - 1
        }

        func put(_ i: Int, _ value: T) {
            pthread_mutex_lock(lock)
            results[i] = value
            pthread_mutex_unlock(lock)
        }

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

/// A small mutex for the shell's few shared counters.
final class PthreadLock: @unchecked Sendable {
    private let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    init() { pthread_mutex_init(m, nil) }
    deinit { pthread_mutex_destroy(m); m.deallocate() }
    func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(m)
        defer { pthread_mutex_unlock(m) }
        return body()
    }
}
