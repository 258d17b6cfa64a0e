#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few system calls the shell makes on file descriptors, named once so that nothing
/// Linux-only is spelled outside this file.
enum Platform {
    /// `read(2)`, retried on EINTR; the byte count, or -1 with `errno` set.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        while true {
            #if canImport(Glibc)
            let n = Glibc.read(fd, buffer.baseAddress, buffer.count)
            #else
            let n = Darwin.read(fd, buffer.baseAddress, buffer.count)
            #endif
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    /// Writes all the bytes, retrying short writes and EINTR; 0, or the `errno` of the failure.
    @discardableResult
    static func writeAll(_ fd: Int32, _ buffer: UnsafeRawBufferPointer) -> Int32 {
        var off = 0
        while off < buffer.count {
            #if canImport(Glibc)
            let n = Glibc.write(fd, buffer.baseAddress! + off, buffer.count - off)
            #else
            let n = Darwin.write(fd, buffer.baseAddress! + off, buffer.count - off)
            #endif
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            off += n
        }
        return 0
    }
}
