#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQClient
import CXQCore

/// A buffered writer to a file descriptor (or, for tests, to memory).
///
/// Batch output goes through one buffer flushed when it grows large, at the end of a
/// batch, or whenever the terminal needs it. A sink made `shared` (standard error, which
/// fetch worker threads write warnings and progress to) takes a lock around every call, so
/// it is the one place those threads write through.
public final class ByteSink: @unchecked Sendable {
    // Guarded by `lock` when the sink is shared.
    private var buffer: [UInt8] = []
    private var captured: [UInt8] = []
    let fd: Int32?
    public let isTerminal: Bool
    private let lock: Locked<Void>?

    /// A sink writing to `fd`; `shared` when other threads may write to it too.
    public init(fd: Int32, shared: Bool = false) {
        self.fd = fd
        self.isTerminal = isatty(fd) == 1
        self.lock = shared ? Locked(()) : nil
        buffer.reserveCapacity(1 << 16)
    }

    /// A sink that keeps what it is given.
    public init(capturing: Void = (), shared: Bool = true) {
        fd = nil
        isTerminal = false
        lock = shared ? Locked(()) : nil
    }

    @inline(__always)
    private func guarded<T>(_ body: () -> T) -> T {
        guard let lock else { return body() }
        return lock.withLock { _ in body() }
    }

    @inline(__always)
    public func write(_ bytes: [UInt8]) {
        guarded {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 16 { flushLocked() }
        }
    }

    public func write(_ s: String) {
        guarded {
            buffer.append(contentsOf: s.utf8)
            if buffer.count >= 1 << 16 { flushLocked() }
        }
    }

    /// Writes a line and flushes it at once (warnings from any thread).
    public func writeLine(_ s: String) {
        guarded {
            buffer.append(contentsOf: s.utf8)
            buffer.append(ASCII.newline)
            flushLocked()
        }
    }

    public func flush() { guarded { flushLocked() } }

    private func flushLocked() {
        guard !buffer.isEmpty else { return }
        if let fd {
            // A closed pipe: nothing more can be said there, so a failure is dropped.
            buffer.withUnsafeBytes { _ = Platform.writeAll(fd, $0) }
        } else {
            captured.append(contentsOf: buffer)
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// What a capturing sink holds, as text (flushes first).
    public var text: String {
        guarded {
            flushLocked()
            return String(decoding: captured, as: UTF8.self)
        }
    }

    /// What a capturing sink holds, as text, emptying it.
    public func take() -> String {
        guarded {
            flushLocked()
            defer { captured.removeAll() }
            return String(decoding: captured, as: UTF8.self)
        }
    }
}
