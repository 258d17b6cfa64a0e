#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQCore

/// Output taller than the screen, shown through a pager as psql does: `$PAGER` (default
/// `less -FRX`: quit when it fits, keep colours, leave the text on the screen when done).
enum Pager {
    static let defaultCommand = "less -FRX"

    /// Rows of the terminal on standard output, or nil when it is not one.
    static func rows() -> Int? {
        var ws = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_row > 0 else { return nil }
        return Int(ws.ws_row)
    }

    /// True when `bytes` should go through the pager: a terminal, the setting, and (for `auto`)
    /// more lines than the screen has room for under the prompt.
    static func wanted(_ bytes: [UInt8], mode: PagerMode, terminal: Bool, rows: Int?, command: String?) -> Bool {
        guard terminal, mode != .off, let command, !command.isEmpty else { return false }
        if mode == .on { return true }
        guard let rows else { return false }
        var lines = 0
        for b in bytes where b == ASCII.newline { lines += 1 }
        return lines > rows - 1
    }

    /// Runs `command` through `/bin/sh` with `bytes` on its standard input and waits for it.
    /// Returns false when it could not be started or the program was not found (the caller then
    /// writes the bytes itself).
    static func show(_ bytes: [UInt8], command: String) -> Bool {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
        posix_spawn_file_actions_addclose(&actions, fds[1])
        posix_spawn_file_actions_addclose(&actions, fds[0])
        var pid: pid_t = 0
        let args = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = args.map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        let started = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(fds[0])
        guard started == 0 else { close(fds[1]); return false }
        // A pager quit before the end closes the pipe: the write fails (EPIPE; SIGPIPE is
        // ignored for the write) and the rest is dropped, as intended.
        let previous = signal(SIGPIPE, SIG_IGN)
        bytes.withUnsafeBytes { _ = Platform.writeAll(fds[1], $0) }
        close(fds[1])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        signal(SIGPIPE, previous)
        // 127: the shell found no such program (no `less` installed): show the text without one.
        let exited = status & 0x7f == 0
        return !(exited && (status >> 8) & 0xff == 127)
    }
}
