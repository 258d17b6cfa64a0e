#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQCore

/// The machine's clock and time-zone database, through libc (no Foundation at start-up).
public struct SystemClock: CalendarClock {
    /// The `TZ` the process started with, restored after each look-up.
    let originalTZ: String?

    public init() {
        originalTZ = getenv("TZ").map { String(cString: $0) }
    }

    /// Seconds since 1970.
    public static func now() -> Int64 { Int64(time(nil)) }

    /// Monotonic seconds, for timings.
    public static func monotonic() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    public func today(in tz: String?) -> CivilDate {
        var t = time(nil)
        var parts = tm()
        if let tz {
            setenv("TZ", tz, 1); tzset()
            localtime_r(&t, &parts)
            if let o = originalTZ { setenv("TZ", o, 1) } else { unsetenv("TZ") }
            tzset()
        } else {
            localtime_r(&t, &parts)
        }
        return CivilDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
            ?? CivilDate(dayNumber: Int32(t / 86_400))
    }

    public func isKnownZone(_ tz: String) -> Bool {
        if tz == "UTC" || tz == "GMT" { return true }
        guard !tz.isEmpty, !tz.hasPrefix("/"), !tz.contains(".."), tz.utf8.allSatisfy({ $0 > 32 && $0 < 127 }) else { return false }
        for dir in ["/usr/share/zoneinfo/", "/usr/lib/zoneinfo/", "/usr/share/lib/zoneinfo/"] {
            var st = stat()
            if stat(dir + tz, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG { return true }
        }
        return false
    }
}
