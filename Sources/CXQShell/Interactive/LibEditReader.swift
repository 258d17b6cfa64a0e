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

    /// Sets up libedit on standard input and output; `historyPath` nil keeps no file.
    public init(historyPath: String?, historySize: Int, out: ByteSink) {
        cxq_set_utf8_locale()
        cxq_save_terminal()
        cxq_install_terminal_restore()
        self.out = out
        self.historyPath = historyPath
        promptBuffer = strdup("cxq> ")
        el = cxq_el_init("cxq")
        history = cxq_history_init()
        cxq_history_setsize(history, Int32(max(1, historySize)))
        cxq_history_setunique(history, 1)
        if let historyPath {
            // A file in readline's plain format (no libedit header) is taken line by line, and
            // written back in libedit's format with the first new entry: nothing is lost.
            if case .plain(let lines) = LibEditReader.historyFile(historyPath) {
                for line in lines { cxq_history_enter(history, line) }
            } else {
                cxq_history_load(history, historyPath)
            }
        }
        cxq_el_set_history(el, history)
        cxq_el_set_editor(el, "emacs")
        cxq_el_set_clientdata(el, Unmanaged.passUnretained(self).toOpaque())
        cxq_el_set_prompt(el) { el in
            guard let el, let data = cxq_el_clientdata(el) else { return nil }
            return Unmanaged<LibEditReader>.fromOpaque(data).takeUnretainedValue().promptBuffer
        }
        cxq_el_addfn(el, "cxq-complete", "complete the word before the cursor") { el, _ in
            guard let el, let data = cxq_el_clientdata(el) else { return UInt8(CC_ERROR) }
            return Unmanaged<LibEditReader>.fromOpaque(data).takeUnretainedValue().complete()
        }
        cxq_el_bind(el, "^I", "cxq-complete")
        cxq_el_bind(el, "^R", "em-inc-search-prev")
        cxq_el_source(el) // ~/.editrc, as every libedit program reads it
    }

    deinit {
        cxq_el_end(el)
        cxq_history_end(history)
        free(promptBuffer)
        cxq_restore_terminal()
    }

    public func readLine(prompt: String?) -> LineInput {
        free(promptBuffer)
        promptBuffer = strdup(prompt ?? "")
        out.flush()
        var count: Int32 = 0
        guard let line = cxq_el_gets(el, &count) else {
            if count < 0, cxq_errno() == EINTR {
                // Ctrl-C: the line is dropped and a fresh prompt follows.
                out.write("\n")
                out.flush()
                cxq_el_reset(el)
                return .interrupted
            }
            out.write("\n")
            out.flush()
            return .end
        }
        if count == 0 { return .end }
        var bytes = Array(UnsafeBufferPointer(start: UnsafeRawPointer(line).assumingMemoryBound(to: UInt8.self), count: Int(count)))
        while let last = bytes.last, last == ASCII.newline || last == ASCII.carriageReturn { bytes.removeLast() }
        return .line(bytes)
    }

    /// Adds a line to the history and writes the file at once (mode 0600).
    public func record(_ line: String) {
        guard HistoryPolicy.shouldRecord(line, secrets: secrets()) else { return }
        cxq_history_enter(history, line)
        guard let historyPath else { return }
        let old = umask(0o077)
        cxq_history_save(history, historyPath)
        umask(old)
        chmod(historyPath, 0o600)
    }

    /// TAB: a unique match is completed with a space after it; several are listed.
    func complete() -> UInt8 {
        guard let info = cxq_el_line(el)?.pointee else { return UInt8(CC_ERROR) }
        let start = UnsafeRawPointer(info.buffer).assumingMemoryBound(to: UInt8.self)
        let cursorOffset = UnsafeRawPointer(info.cursor) - UnsafeRawPointer(info.buffer)
        let before = String(decoding: UnsafeBufferPointer(start: start, count: cursorOffset), as: UTF8.self)
        let r = completion(before)
        guard !r.candidates.isEmpty else { return UInt8(CC_ERROR) }
        if r.candidates.count == 1 {
            let word = r.candidates[0]
            var suffix = String(word.dropFirst(r.typed.count))
            if !(r.paths && word.hasSuffix("/")) { suffix += " " }
            cxq_el_insertstr(el, suffix)
            return UInt8(CC_REFRESH)
        }
        let common = Completer.commonPrefix(r.candidates)
        if common.count > r.typed.count {
            cxq_el_insertstr(el, String(common.dropFirst(r.typed.count)))
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
