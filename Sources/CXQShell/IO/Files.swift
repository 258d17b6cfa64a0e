#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQCore

/// Reading and writing whole files with POSIX calls; failures become one sentence.
public enum Files {
    /// Why a file could not be read or written.
    public struct Failure: Error, Sendable, UserFacingError {
        public var sentence: String
        public var category: ErrorCategory { .file }
    }

    static func describeErrno(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Reads a whole file (at most `limit` bytes).
    public static func read(_ path: String, limit: Int = 1 << 30) throws(Failure) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Failure(sentence: "cannot read \(path): \(describeErrno(errno))") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw Failure(sentence: "cannot read \(path): it is a directory")
        }
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Platform.read(fd, into: $0) }
            if n < 0 { throw Failure(sentence: "cannot read \(path): \(describeErrno(errno))") }
            if n == 0 { break }
            out.append(contentsOf: chunk[0..<n])
            if out.count > limit { throw Failure(sentence: "cannot read \(path): it is larger than \(limit >> 20) MiB") }
        }
        return out
    }

    /// Writes a whole file through a temporary file and a rename, so a failure never leaves
    /// half a file behind.
    public static func write(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(Failure) {
        let tmp = path + ".cxq-tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode)
        guard fd >= 0 else { throw Failure(sentence: "cannot write \(path): \(describeErrno(errno))") }
        var failed = bytes.withUnsafeBytes { Platform.writeAll(fd, $0) }
        if close(fd) != 0, failed == 0 { failed = errno }
        if failed == 0, rename(tmp, path) != 0 { failed = errno }
        if failed != 0 {
            unlink(tmp)
            throw Failure(sentence: "cannot write \(path): \(describeErrno(failed))")
        }
    }
}
