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

    /// True when `fd` is a regular file (not a pipe, a socket or a terminal).
    public static func isRegularFile(fd: Int32) -> Bool {
        var st = stat()
        return fstat(fd, &st) == 0 && st.st_mode & S_IFMT == S_IFREG
    }

    /// Reads a whole file (at most `limit` bytes). With `regularOnly`, anything but a regular
    /// file (a FIFO, a device, a socket) is refused instead of read — it could block forever or
    /// never end; script files may be FIFOs (`cxq -f <(…)`), day files may not.
    public static func read(_ path: String, limit: Int = 1 << 30, regularOnly: Bool = false) throws(Failure) -> [UInt8] {
        var out: [UInt8] = []
        try stream(path, regularOnly: regularOnly, sized: { out.reserveCapacity(min($0, limit) + 1) }) { chunk throws(Failure) in
            out.append(contentsOf: chunk)
            if out.count > limit { throw Failure(sentence: "cannot read \(path): it is larger than \(limit >> 20) MiB") }
        }
        return out
    }

    /// Reads a file in chunks of 1 MiB, handing each to `body`, so that a large file is never
    /// held whole; `sized` first learns the file's size (0 when unknown).
    public static func stream(_ path: String, regularOnly: Bool = false, sized: (Int) -> Void = { _ in },
                              _ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Void) throws(Failure) {
        // Non-blocking, so that opening a FIFO with no writer cannot hang before it is checked.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(sentence: "cannot read \(path): \(describeErrno(errno))") }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0 {
            let kind = st.st_mode & S_IFMT
            if kind == S_IFDIR { throw Failure(sentence: "cannot read \(path): it is a directory") }
            if regularOnly && kind != S_IFREG {
                let what = kind == S_IFIFO ? "a FIFO" : kind == S_IFSOCK ? "a socket" : "a device"
                throw Failure(sentence: "cannot read \(path): it is \(what), not a regular file")
            }
            sized(kind == S_IFREG ? Int(st.st_size) : 0)
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = chunk.withUnsafeMutableBytes { Platform.read(fd, into: $0) }
            if n < 0 { throw Failure(sentence: "cannot read \(path): \(describeErrno(errno))") }
            if n == 0 { break }
            try chunk.withUnsafeBufferPointer { (p) throws(Failure) in try body(UnsafeBufferPointer(rebasing: p[0..<n])) }
        }
    }

    /// The part of a temporary file's name that marks it: `.NAME.cxq-tmp-RANDOM`.
    public static let temporaryMarker = ".cxq-tmp-"

    /// True for a name `write` gives its temporary files (left behind only by a killed run).
    public static func isTemporary(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return name.hasPrefix(".") && name.contains(temporaryMarker)
    }

    /// Writes a whole file atomically: the bytes go to a new temporary file beside the target
    /// (an unpredictable name, created with `O_CREAT|O_EXCL|O_NOFOLLOW`), are flushed with
    /// `fsync`, and the temporary file is renamed over the target; the directory is synced too.
    /// Every failure removes the temporary file. An existing target keeps its permission bits
    /// (and, when allowed, its owner); a new one gets 0666 less the umask, like any new file.
    /// A target that is a symbolic link is followed: the file it points to is replaced and the
    /// link stays a link.
    public static func write(_ path: String, _ bytes: [UInt8]) throws(Failure) {
        func fail(_ code: Int32) -> Failure { Failure(sentence: "cannot write \(path): \(describeErrno(code))") }
        var target = path
        var existing = stat()
        if lstat(path, &existing) == 0, (existing.st_mode & S_IFMT) == S_IFLNK {
            guard let resolved = realpath(path, nil) else {
                throw Failure(sentence: "cannot write \(path): it is a symbolic link to a file that does not exist")
            }
            target = String(cString: resolved)
            free(resolved)
        }
        let exists = stat(target, &existing) == 0
        if exists && (existing.st_mode & S_IFMT) == S_IFDIR { throw Failure(sentence: "cannot write \(path): it is a directory") }
        if exists && (existing.st_mode & S_IFMT) != S_IFREG { throw Failure(sentence: "cannot write \(path): it is not a regular file") }
        let slash = target.lastIndex(of: "/")
        // `prefix` ends with the slash ("" for a bare name); `directory` is what to fsync.
        let prefix = slash.map { String(target[...$0]) } ?? ""
        let directory = prefix.isEmpty ? "." : prefix
        let name = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var tmp = ""
        var fd: Int32 = -1
        for _ in 0..<16 {
            tmp = prefix + "." + name + temporaryMarker + String(UInt64.random(in: 0...UInt64.max), radix: 36)
            fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
            if fd >= 0 || errno != EEXIST { break }
        }
        guard fd >= 0 else { throw fail(errno) }
        var failed: Int32 = 0
        if exists {
            if fchmod(fd, existing.st_mode & 0o7777) != 0 { failed = errno }
            _ = fchown(fd, existing.st_uid, existing.st_gid) // keeps the owner when allowed; harmless otherwise
        } else {
            let mask = umask(0)
            umask(mask)
            if fchmod(fd, 0o666 & ~mask) != 0 { failed = errno }
        }
        if failed == 0 { failed = bytes.withUnsafeBytes { Platform.writeAll(fd, $0) } }
        if failed == 0, fsync(fd) != 0 { failed = errno }
        if close(fd) != 0, failed == 0 { failed = errno }
        if failed == 0, rename(tmp, target) != 0 { failed = errno }
        if failed != 0 {
            unlink(tmp)
            throw fail(failed)
        }
        let dirfd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dirfd >= 0 {
            _ = fsync(dirfd)
            close(dirfd)
        }
    }

    /// `mkdir -p` with the usual mode (0777 less the umask); an existing folder is fine.
    public static func makeDirectories(_ path: String) throws(Failure) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + part
            if mkdir(current, 0o777) != 0 && errno != EEXIST {
                throw Failure(sentence: "cannot make the folder \(current): \(describeErrno(errno))")
            }
            var st = stat()
            guard stat(current, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else {
                throw Failure(sentence: "cannot make the folder \(current): a file of that name is in the way")
            }
        }
    }

    /// Removes the files of a folder whose names satisfy `remove` (not recursing).
    public static func removeEntries(in directory: String, where remove: (String) -> Bool) throws(Failure) {
        guard let dir = opendir(directory) else { throw Failure(sentence: "cannot list \(directory): \(describeErrno(errno))") }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != ".", name != "..", remove(name) { names.append(name) }
        }
        closedir(dir)
        for name in names where unlink(directory + "/" + name) != 0 {
            throw Failure(sentence: "cannot remove \(directory)/\(name): \(describeErrno(errno))")
        }
    }
}
