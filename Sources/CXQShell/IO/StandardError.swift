#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `print(…, to: &stderr)` without Foundation.
public struct StandardError: TextOutputStream {
    public init() {}
    public mutating func write(_ string: String) {
        var s = string
        _ = s.withUTF8 { buf in Platform.writeAll(2, UnsafeRawBufferPointer(buf)) }
    }
}
