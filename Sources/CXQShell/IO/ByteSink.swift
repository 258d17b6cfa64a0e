#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A buffered writer to a file descriptor (or, for tests, to memory).
///
/// Batch output goes through one buffer flushed when it grows large, at the end of a
/// batch, or whenever the terminal needs it.
public final class ByteSink: @unchecked Sendable {
    public private(set) var buffer: [UInt8] = []
    let fd: Int32?
    /// Everything written, when the sink keeps it in memory (tests).
    public private(set) var captured: [UInt8] = []
    public let isTerminal: Bool

    /// A sink writing to `fd`.
    public init(fd: Int32) {
        self.fd = fd
        self.isTerminal = isatty(fd) == 1
        buffer.reserveCapacity(1 << 16)
    }

    /// A sink that keeps what it is given.
    public init(capturing: Void = ()) {
        fd = nil
        isTerminal = false
    }

    @inline(__always)
    public func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func flush() {
        guard !buffer.isEmpty else { return }
        guard let fd else {
            captured.append(contentsOf: buffer)
            buffer.removeAll(keepingCapacity: true)
            return
        }
        buffer.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + off, raw.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    break // A closed pipe: nothing more can be said there.
                }
                off += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// What a capturing sink holds, as text (flushes first).
    public var text: String {
        flush()
        return String(decoding: captured, as: UTF8.self)
    }

    /// What a capturing sink holds, as text, emptying it.
    public func take() -> String {
        defer { captured.removeAll() }
        return text
    }
}
