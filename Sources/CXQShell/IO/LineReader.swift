#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQCore

/// What reading a line gave.
public enum LineInput: Equatable {
    case line([UInt8])
    /// A line longer than the reader keeps; its bytes were skipped.
    case tooLong(Int)
    /// Ctrl-C while reading.
    case interrupted
    case end
}

/// A source of input lines: libedit at a terminal, a plain reader elsewhere.
public protocol LineReader: AnyObject {
    /// Reads one line (without its newline), showing `prompt` first when there is one.
    func readLine(prompt: String?) -> LineInput
    /// Keeps a command in the history (interactive readers only).
    func record(_ line: String)
}

extension LineReader {
    public func record(_ line: String) {}
}

/// Reads lines from a file descriptor in large blocks, without stdio's read-ahead buffers.
public final class FDLineReader: LineReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var start = 0
    var eof = false
    var first = true
    /// Lines longer than this are skipped and reported.
    public let maximumLength: Int
    let promptSink: ByteSink?

    public init(fd: Int32, maximumLength: Int = 1 << 20, promptSink: ByteSink? = nil) {
        self.fd = fd
        self.maximumLength = maximumLength
        self.promptSink = promptSink
    }

    /// A reader over bytes already in memory (a file's contents, a `-c` argument).
    public init(bytes: [UInt8], maximumLength: Int = 1 << 20) {
        fd = -1
        buffer = bytes
        eof = true
        self.maximumLength = maximumLength
        promptSink = nil
    }

    var chunk = [UInt8](repeating: 0, count: 1 << 16)

    /// Reads the next block; false at end of input.
    func fill() -> Bool {
        guard !eof, fd >= 0 else { eof = true; return false }
        let n = chunk.withUnsafeMutableBytes { Platform.read(fd, into: $0) }
        if n <= 0 { eof = true; return false }
        buffer.append(contentsOf: chunk[0..<n])
        return true
    }

    /// The index of the next newline at or after `from`, using memchr.
    func newline(from: Int) -> Int? {
        guard from < buffer.count else { return nil }
        return buffer.withUnsafeBufferPointer { p -> Int? in
            guard let hit = memchr(p.baseAddress! + from, 10, p.count - from) else { return nil }
            return p.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }

    public func readLine(prompt: String?) -> LineInput {
        if let prompt, let promptSink { promptSink.write(prompt); promptSink.flush() }
        var skipped = 0
        var scan = start
        while true {
            if let nl = newline(from: scan) {
                if skipped > 0 {
                    let total = skipped + nl - start
                    start = nl + 1
                    return .tooLong(total)
                }
                var line = Array(buffer[start..<nl])
                start = nl + 1
                return .line(clean(&line))
            }
            if buffer.count - start > maximumLength {
                skipped += buffer.count - start
                buffer.removeAll(keepingCapacity: true)
                start = 0
            } else if start > 1 << 16 {
                buffer.removeFirst(start)
                start = 0
            }
            scan = buffer.count
            if !fill() {
                if skipped > 0 {
                    let total = skipped + buffer.count - start
                    start = buffer.count
                    return .tooLong(total)
                }
                if start < buffer.count {
                    var line = Array(buffer[start...])
                    start = buffer.count
                    return .line(clean(&line))
                }
                return .end
            }
        }
    }

    /// Drops a trailing CR (CRLF input) and a UTF-8 byte-order mark on the first line.
    func clean(_ line: inout [UInt8]) -> [UInt8] {
        if line.last == ASCII.carriageReturn { line.removeLast() }
        if first {
            first = false
            if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { line.removeFirst(3) }
        }
        return line
    }
}
