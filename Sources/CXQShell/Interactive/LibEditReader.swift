#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQCore
import CLibEdit

/// Line input at a terminal through libedit: editing, history (file-backed, written after every
/// command), Ctrl-R search, TAB completion, and Ctrl-C that clears the line.
public final class LibEditReader: LineReader {
    let el: OpaquePointer
    let history: OpaquePointer
    let historyPath: String?
    /// The prompt as a C string that outlives each call (libedit keeps the pointer).
    private var promptBuffer: UnsafeMutablePointer<CChar>
    /// Offers completions for the text before the cursor.
    public var completion: (String) -> Completer.Result = { _ in Completer.Result(candidates: [], typed: "") }
    /// Secrets that must never reach the history file.
    public var secrets: () -> [String] = { [] }
    let out: ByteSink

    /// True when libedit could be loaded (it is loaded on first use, not at start-up).
    public static var available: Bool { cxq_libedit_load(library) == 1 }

    /// libedit's functions, filled by `cxq_libedit_load` (shim.h); allocated here, in Swift, so
    /// that there is exactly one table in the program.
    nonisolated(unsafe) static let library: UnsafeMutablePointer<cxq_libedit> = {
        let p = UnsafeMutablePointer<cxq_libedit>.allocate(capacity: 1)
        p.initialize(to: cxq_libedit())
        return p
    }()

    /// Sets up libedit on standard input and output; `historyPath` nil keeps no file. Call only
    /// when `available`.
    public init(historyPath: String?, historySize: Int, out: ByteSink) {
        cxq_set_utf8_locale()
        TerminalState.save()
        TerminalState.restoreOnFatalSignals()
        self.out = out
        self.historyPath = historyPath
        promptBuffer = strdup("cxq> ")
        el = cxq_el_init(LibEditReader.library, "cxq")
        history = cxq_history_init(LibEditReader.library)
        cxq_history_setsize(LibEditReader.library, history, Int32(max(1, historySize)))
        cxq_history_setunique(LibEditReader.library, history, 1)
        if let historyPath {
            // A file in readline's plain format (no libedit header) is taken line by line, and
            // written back in libedit's format with the first new entry: nothing is lost.
            if case .plain(let lines) = LibEditReader.historyFile(historyPath) {
                for line in lines { cxq_history_enter(LibEditReader.library, history, line) }
            } else {
                cxq_history_load(LibEditReader.library, history, historyPath)
            }
        }
        cxq_el_set_history(LibEditReader.library, el, history)
        cxq_el_set_editor(LibEditReader.library, el, "emacs")
        cxq_el_set_clientdata(LibEditReader.library, el, Unmanaged.passUnretained(self).toOpaque())
        cxq_el_set_prompt(LibEditReader.library, el) { el in
            guard let el, let data = cxq_el_clientdata(LibEditReader.library, el) else { return nil }
            return Unmanaged<LibEditReader>.fromOpaque(data).takeUnretainedValue().promptBuffer
        }
        cxq_el_addfn(LibEditReader.library, el, "cxq-complete", "complete the word before the cursor") { el, _ in
            guard let el, let data = cxq_el_clientdata(LibEditReader.library, el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LibEditReader>.fromOpaque(data).takeUnretainedValue().complete()
        }
        cxq_el_bind(LibEditReader.library, el, "^I", "cxq-complete")
        cxq_el_bind(LibEditReader.library, el, "^R", "em-inc-search-prev")
        cxq_el_source(LibEditReader.library, el) // ~/.editrc, as every libedit program reads it
    }

    deinit {
        cxq_el_end(LibEditReader.library, el)
        cxq_history_end(LibEditReader.library, history)
        free(promptBuffer)
        TerminalState.restore()
    }

    public func readLine(prompt: String?) -> LineInput {
        free(promptBuffer)
        promptBuffer = strdup(prompt ?? "")
        out.flush()
        var count: Int32 = 0
        Interrupt.reset()
        let got = cxq_el_gets(LibEditReader.library, el, &count)
        // Ctrl-C: the line is dropped and a fresh prompt follows. In states where libedit reads
        // keys itself (Ctrl-R search, vi command mode) the read ends as if input had ended, or
        // gives back the search's line: the flag tells Ctrl-C apart, so it never ends the shell.
        if Interrupt.requested || (got == nil && count < 0 && cxq_errno() == EINTR) {
            Interrupt.reset()
            out.write("\n")
            out.flush()
            cxq_el_reset(LibEditReader.library, el)
            return .interrupted
        }
        guard let line = got, count > 0 else {
            if got == nil {
                out.write("\n")
                out.flush()
            }
            return .end
        }
        var bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(line).assumingMemoryBound(to: UInt8.self), count: Int(count)))
        while let last = bytes.last, last == ASCII.newline || last == ASCII.carriageReturn { bytes.removeLast() }
        return .line(bytes)
    }

    /// Adds a line to the history and writes the file at once (mode 0600).
    public func record(_ line: String) {
        guard HistoryPolicy.shouldRecord(line, secrets: secrets()) else { return }
        cxq_history_enter(LibEditReader.library, history, line)
        guard let historyPath else { return }
        let old = umask(0o077)
        cxq_history_save(LibEditReader.library, history, historyPath)
        umask(old)
        chmod(historyPath, 0o600)
    }

    /// TAB: a unique match is completed with a space after it; several are listed.
    func complete() -> UInt8 {
        guard let info = cxq_el_line(LibEditReader.library, el)?.pointee else { return UInt8(CC_ERROR) }
        let start = UnsafeRawPointer(info.buffer).assumingMemoryBound(to: UInt8.self)
        let cursorOffset = UnsafeRawPointer(info.cursor) - UnsafeRawPointer(info.buffer)
        let before = String(decoding: UnsafeBufferPointer(start: start, count: cursorOffset), as: UTF8.self)
        let r = completion(before)
        guard !r.candidates.isEmpty else { return UInt8(CC_ERROR) }
        if r.candidates.count == 1 {
            let word = r.candidates[0]
            var suffix = String(word.dropFirst(r.typed.count))
            if r.blankAfter(word) { suffix += " " }
            cxq_el_insertstr(LibEditReader.library, el, suffix)
            return UInt8(CC_REFRESH)
        }
        let common = Completer.commonPrefix(r.candidates)
        if common.count > r.typed.count {
            cxq_el_insertstr(LibEditReader.library, el, String(common.dropFirst(r.typed.count)))
            return UInt8(CC_REFRESH)
        }
        out.write("\n" + Self.columns(r.candidates, width: Terminal.width() ?? 80) + "\n")
        out.flush()
        return UInt8(CC_REDISPLAY)
    }

    /// Candidates laid out in columns, like a shell's completion list.
    static func columns(_ words: [String], width: Int) -> String {
        let w = (words.map(\.count).max() ?? 0) + 2
        let perLine = max(1, width / w)
        var lines: [String] = []
        var i = 0
        while i < words.count {
            let row = words[i..<min(i + perLine, words.count)]
            lines.append(row.map { $0 + String(repeating: " ", count: w - $0.count) }.joined().trimmingBlanks)
            i += perLine
        }
        return lines.joined(separator: "\n")
    }

    /// What a history file holds: libedit's format (`_HiStOrY_V2_`, then one entry a line
    /// with octal escapes such as `\040` for a space), or plain lines as readline writes them.
    enum HistoryFile {
        case missing
        case libedit([String])
        case plain([String])
    }

    static func historyFile(_ path: String) -> HistoryFile {
        guard let bytes = try? Files.read(path, limit: 16 << 20, regularOnly: true) else { return .missing }
        let lines = bytes.split(separator: 10).map { String(decoding: $0, as: UTF8.self) }
        guard lines.first == "_HiStOrY_V2_" else { return .plain(lines) }
        return .libedit(lines.dropFirst().map(unescape))
    }

    /// The history file's entries, oldest first, in either format.
    public static func readHistoryFile(_ path: String) -> [String] {
        switch historyFile(path) {
        case .missing: return []
        case .libedit(let lines), .plain(let lines): return lines
        }
    }

    static func unescape(_ s: String) -> String {
        var out: [UInt8] = []
        let b = Array(s.utf8)
        func octal(_ x: UInt8) -> Bool { x >= ASCII.zero && x <= UInt8(ascii: "7") }
        var i = 0
        while i < b.count {
            if b[i] == 92, i + 3 < b.count, octal(b[i + 1]), octal(b[i + 2]), octal(b[i + 3]) {
                out.append(UInt8(truncatingIfNeeded: (Int(b[i + 1]) - 48) * 64 + (Int(b[i + 2]) - 48) * 8 + (Int(b[i + 3]) - 48)))
                i += 4
                continue
            }
            if b[i] == 92, i + 1 < b.count, b[i + 1] == 92 { out.append(92); i += 2; continue }
            out.append(b[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The terminal's settings at start, restored on every way out — a normal end, and SIGTERM,
/// SIGHUP or SIGQUIT, after which the process ends as the signal would have ended it.
enum TerminalState {
    nonisolated(unsafe) static var mode = termios()
    nonisolated(unsafe) static var saved: Int32 = 0

    static func save() {
        if tcgetattr(STDIN_FILENO, &mode) == 0 { saved = 1 }
    }

    static func restore() {
        if saved != 0 { tcsetattr(STDIN_FILENO, TCSADRAIN, &mode) }
    }

    static func restoreOnFatalSignals() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { sig in
            TerminalState.restore()
            signal(sig, SIG_DFL)
            raise(sig)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        for sig in [SIGTERM, SIGHUP, SIGQUIT] { sigaction(sig, &action, nil) }
    }
}
