import CXQCore
import Foundation
import Testing

/// Every example in `README.md`, `docs/*.md` and the header comments of `examples/*` runs exactly
/// as written: command lines through `/bin/sh` (cxq on the PATH, credentials pointing at
/// closerx-sim on 127.0.0.1), lines of the language in one cxq session per block, a prompt line
/// against the output printed under it, and a `$ cxq …` transcript against its output.
///
/// Not run here, and why: `make …` (the build, tests and install themselves — CI runs them),
/// `swift run …` (the newcomer's two-terminal demo, which builds), `.build-fuzz/…` (a fuzzer), and
/// synopses (lines with placeholders such as FILE or DAYSET, or `[optional]` parts).
@Suite struct DocsExamplesTests {
    struct Block {
        var file: String
        var lang: String
        var lines: [String]
    }

    static let documents: [String] = {
        let docs = (try? FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("docs").path)) ?? []
        return ["README.md"] + docs.filter { $0.hasSuffix(".md") }.sorted().map { "docs/" + $0 }
    }()

    static func blocks(of file: String) throws -> [Block] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent(file), encoding: .utf8)
        var out: [Block] = []
        var current: Block?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("```") {
                if let c = current { out.append(c); current = nil } else { current = Block(file: file, lang: String(line.dropFirst(3)), lines: []) }
            } else {
                current?.lines.append(line)
            }
        }
        return out
    }

    /// A line that describes a form rather than being one: placeholders or optional parts.
    static func isSynopsis(_ line: String) -> Bool {
        if line.contains("[") && !line.contains("'[") { return true }
        let words = line.split(whereSeparator: { !$0.isLetter && $0 != "/" && $0 != "_" })
        return words.contains { w in w.count >= 3 && w.allSatisfy { $0.isUppercase || $0 == "/" } && !w.hasPrefix("CLOSERX") && !w.hasPrefix("CXQ") && w != "UTC" }
    }

    static func isSkippedCommand(_ line: String) -> Bool {
        ["make ", "make\t", "swift run", "CLOSERX_BASE_URL=", ".build"].contains { line.hasPrefix($0) } || line == "make"
    }

    /// The text of a line without its trailing `# comment` (a shell or cxq comment after blanks).
    static func code(_ line: String) -> String {
        var s = line
        if let r = s.range(of: "  #") ?? s.range(of: "\t#") { s = String(s[..<r.lowerBound]) }
        return s.trimmingCharacters(in: .whitespaces)
    }

    static func isLanguageLine(_ line: String) -> Bool {
        let first = line.split(separator: " ").first.map { String($0).lowercased() } ?? ""
        return Vocabulary.commandWords.contains(first)
    }

    /// A folder with what the examples name: the examples, a day file, scripts they run.
    static func fixtures() throws -> URL {
        let dir = temporaryDirectory()
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples"), to: dir.appendingPathComponent("examples"))
        try FileManager.default.copyItem(at: packageRoot.appendingPathComponent("examples/days.jsonl"), to: dir.appendingPathComponent("days.jsonl"))
        try "load camp123 2025-08-20\nsum credits\n".write(to: dir.appendingPathComponent("report.cxq"), atomically: true, encoding: .utf8)
        try "load camp123 2025-08-20\nsum credits hours 9..17\ntop 3 hours by results\n".write(to: dir.appendingPathComponent("queries.cxq"), atomically: true, encoding: .utf8)
        // The file docs/scripting.md checks: its transcript lists these errors and this warning.
        try "load c1 2025-08-01..2025-08-31\nsum credit\nsum results hours 25; days\nload ${camp} yesterday\nsum credits where weekday > 5\n"
            .write(to: dir.appendingPathComponent("bad.cxq"), atomically: true, encoding: .utf8)
        return dir
    }

    struct Outcome { var out: String; var err: String; var status: Int32 }

    static func shell(_ command: String, in dir: URL, env: [String: String]) throws -> Outcome {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", command]
        p.currentDirectoryURL = dir
        var e = env
        // cxq first; then the PATH the tests run with (the Python that has Jupyter's packages).
        e["PATH"] = CommandLineTests.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "") + ":/usr/bin:/bin"
        e["HOME"] = dir.path
        e["TZ"] = "UTC"
        p.environment = e
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Outcome(out: String(decoding: o, as: UTF8.self), err: String(decoding: r, as: UTF8.self), status: p.terminationStatus)
    }

    @Test func everyExampleInTheDocsRuns() throws {
        let sim = SimServer.shared
        let dir = try Self.fixtures()
        var env = sim.environment(home: dir)
        // docs/notebooks.md runs the tour notebook: the kernel is installed where Jupyter looks.
        let install = try Self.shell("python3 '\(packageRoot.path)/kernel/install.py' --cxq '\(CommandLineTests.binary.path)' --dir jupyter",
                                     in: dir, env: env)
        #expect(install.status == 0, "\(install.err)")
        for (k, v) in ["JUPYTER_PATH": "jupyter", "JUPYTER_RUNTIME_DIR": "jupyter-runtime", "JUPYTER_DATA_DIR": "jupyter-data",
                       "JUPYTER_CONFIG_DIR": "jupyter-config"] { env[k] = dir.appendingPathComponent(v).path }
        var ran = 0
        for file in Self.documents {
            // A document's lines of the language run in one session, in order: a tour builds on itself.
            var language: [String] = []
            for block in try Self.blocks(of: file) where ["", "sh"].contains(block.lang) {
                var i = 0
                while i < block.lines.count {
                    let raw = block.lines[i]
                    i += 1
                    let line = Self.code(raw)
                    if line.isEmpty || line.hasPrefix("#") || Self.isSkippedCommand(line) || line.contains("->") { continue }
                    // A prompt line and the output under it.
                    if let prompt = line.range(of: "> "), line.hasPrefix("cxq "), line[..<prompt.lowerBound].contains("@") {
                        let day = String(line[line.index(line.startIndex, offsetBy: 4)..<prompt.lowerBound])
                        let parts = day.split(separator: "@")
                        let command = String(line[prompt.upperBound...])
                        let expected = i < block.lines.count ? block.lines[i] : ""
                        i += 1
                        let r = try Self.shell("cxq --no-rc -c 'load \(parts[0]) \(parts[1])' -c '\(command)'", in: dir, env: env)
                        #expect(r.status == 0 && r.out.contains(expected + "\n"), "\(file): '\(line)' should print '\(expected)': \(r.out) \(r.err)")
                        ran += 1
                        continue
                    }
                    if Self.isSynopsis(line) { continue }
                    if block.lang == "" && Self.isLanguageLine(line) {
                        language.append(line)
                        continue
                    }
                    let isTranscript = line.hasPrefix("$ ")
                    let command = isTranscript ? String(line.dropFirst(2)) : line
                    guard block.lang == "sh" || isTranscript else { continue } // output shown in a plain block
                    var expectedOutput: [String] = []
                    if isTranscript {
                        while i < block.lines.count, !block.lines[i].hasPrefix("$ "), !block.lines[i].isEmpty {
                            expectedOutput.append(block.lines[i])
                            i += 1
                        }
                    }
                    // `X=$(cxq …)   # "1896"`: the value the comment promises.
                    var script = command
                    var promised: String?
                    if let eq = command.firstIndex(of: "="), command[command.index(after: eq)...].hasPrefix("$("),
                       let q = raw.range(of: "# \""), let end = raw[q.upperBound...].firstIndex(of: "\"") {
                        promised = String(raw[q.upperBound..<end])
                        script += "; printf '%s\\n' \"$\(command[..<eq])\""
                    }
                    let r = try Self.shell(script, in: dir, env: env)
                    ran += 1
                    let wantsFailure = expectedOutput.contains { $0.contains(": error:") }
                    #expect(r.status == (wantsFailure ? 1 : 0), "\(file): '\(command)' exited \(r.status): \(r.err)")
                    if !wantsFailure { #expect(!r.err.contains("error:"), "\(file): '\(command)': \(r.err)") }
                    if let promised { #expect(r.out == promised + "\n", "\(file): '\(command)' promises \(promised), printed \(r.out)") }
                    let printed = (r.err + r.out).split(separator: "\n").map(String.init)
                    for e in expectedOutput {
                        let head = e.components(separatedBy: "…")[0]
                        #expect(printed.contains { $0.hasPrefix(head) }, "\(file): '\(command)' should print '\(e)': \(r.err)")
                    }
                }
            }
            if !language.isEmpty {
                let text = language.joined(separator: "\n") + "\n"
                try text.write(to: dir.appendingPathComponent("tour.cxq"), atomically: true, encoding: .utf8)
                let r = try Self.shell("cxq --demo --no-rc tour.cxq", in: dir, env: env)
                #expect(r.status == 0 && !r.err.contains("error:"), "\(file): its examples failed:\n\(text)\n\(r.err)")
                ran += language.count
            }
        }
        #expect(ran >= 45, "examples run: \(ran)")
    }

    /// The command lines in the header comments of `examples/*`, run from the project's root.
    @Test func everyExampleFileRunsAsItsCommentSays() throws {
        let sim = SimServer.shared
        let dir = try Self.fixtures()
        let env = sim.environment(home: dir)
        let names = try FileManager.default.contentsOfDirectory(atPath: packageRoot.appendingPathComponent("examples").path).sorted()
        var ran = 0
        for name in names where name.hasSuffix(".cxq") || name.hasSuffix(".sh") {
            let text = try String(contentsOf: packageRoot.appendingPathComponent("examples/" + name), encoding: .utf8)
            // Command lines stand indented in the comment (`#   cxq -D camp=camp123 …`).
            for raw in text.split(separator: "\n").prefix(while: { $0.hasPrefix("#") }) where raw.hasPrefix("#  ") {
                let line = Self.code(String(raw.drop(while: { $0 == "#" || $0 == "!" })))
                guard line.hasPrefix("cxq ") || line.hasPrefix("examples/"), !Self.isSynopsis(line) else { continue }
                let r = try Self.shell(line, in: dir, env: env)
                ran += 1
                // The dead-afternoon check exits 1 when it finds a dead afternoon: that is its answer.
                let allowed: Set<Int32> = name.hasPrefix("dead-afternoon") ? [0, 1] : [0]
                #expect(allowed.contains(r.status) && !r.err.contains("error:"), "examples/\(name): '\(line)' exited \(r.status): \(r.err)")
            }
        }
        #expect(ran >= 6, "example command lines run: \(ran)")
    }
}
