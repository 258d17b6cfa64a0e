#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sleeps the calling thread.
public func sleep(seconds: Double) {
    guard seconds > 0 else { return }
    var want = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
    var left = timespec()
    while nanosleep(&want, &left) != 0 && errno == EINTR { want = left }
}

/// Monotonic seconds.
public func monotonic() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Unix seconds.
public func unixNow() -> Int64 { Int64(time(nil)) }
