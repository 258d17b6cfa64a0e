import Foundation
import Testing

/// The real `cxq` binary, as scripts run it: exit codes, -c, -f, stdin, ~/.cxqrc.
@Suite struct CommandLineTests {
    /// The built `cxq` next to the test bundle.
    static let binary: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("cxq")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/cxq")
    }()

    struct Run: Sendable { var out: String; var err: String; var status: Int32 }

    /// Runs cxq (or, with `executable`, another program such as a shell script that calls it).
    /// cxq started with pipes on its three streams: what a test that talks to it while it runs
    /// (a co-process, a watch, an interrupted load) holds.
    struct Running {
        let process: Process
        let out: Pipe, err: Pipe, input: Pipe
        /// Closes cxq's input, reads both outputs to their end, waits for it.
        func finish() throws -> Run {
            try input.fileHandleForWriting.close()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return Run(out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self), status: process.terminationStatus)
        }
    }

    /// Starts cxq with a plain environment (PATH, HOME, TZ=UTC) plus `extra`.
    static func launch(_ args: [String], home: URL? = nil, env extra: [String: String] = [:], directory: URL? = nil,
                       executable: String? = nil) throws -> Running {
        let p = Process()
        if let directory { p.currentDirectoryURL = directory }
        p.executableURL = executable.map { URL(fileURLWithPath: $0) } ?? binary
        p.arguments = args
        var env = ["PATH": "/usr/bin:/bin", "HOME": (home ?? temporaryDirectory()).path, "TZ": "UTC"]
        for (k, v) in extra { env[k] = v }
        p.environment = env
        let running = Running(process: p, out: Pipe(), err: Pipe(), input: Pipe())
        p.standardOutput = running.out
        p.standardError = running.err
        p.standardInput = running.input
        try p.run()
        return running
    }

    static func cxq(_ args: [String], stdin: String? = nil, home: URL? = nil, env extra: [String: String] = [:],
                    directory: URL? = nil, executable: String? = nil) throws -> Run {
        let running = try launch(args, home: home, env: extra, directory: directory, executable: executable)
        if let stdin { running.input.fileHandleForWriting.write(Data(stdin.utf8)) }
        return try running.finish()
    }

    @Test func commandsSucceedWithStatusZero() throws {
        let r = try Self.cxq(["--demo", "--format", "csv", "-c", "load c1 2025-08-23; sum credits hours 9..17"])
        #expect(r.status == 0)
        #expect(r.out.hasSuffix("\n"))
        #expect(r.err == "cxq: demo data was asked for: every number is made up by cxq's built-in generator\nloaded 1 day of c1 (2025-08-23): 1 from demo data\n")
        #expect(!r.out.contains("loaded"), "in csv, standard output holds only data")
    }

    @Test func versionAndHelpNameEveryOptionOnce() throws {
        let v = try Self.cxq(["--version"])
        #expect(v.status == 0 && v.out.hasPrefix("cxq ") && v.out.contains("language v3"), "\(v.out)")
        let h = try Self.cxq(["--help"])
        #expect(h.out.components(separatedBy: "--version").count - 1 == 1)
        #expect(h.out.components(separatedBy: "-h, --help").count - 1 == 1)
    }

    @Test func anErrorStopsTheRunWithStatusOne() throws {
        let r = try Self.cxq(["--demo", "-c", "load c1 2025-08-23; sum credit; days"])
        #expect(r.status == 1)
        #expect(r.err.contains("<command>:1:25: error: unknown metric 'credit' (did you mean 'credits'?)"))
        #expect(!r.out.contains("current"), "days must not run after the error")
    }

    @Test func keepGoingRunsTheRestAndStillFails() throws {
        let r = try Self.cxq(["--demo", "--keep-going", "--format", "csv", "-c", "load c1 2025-08-23; sum credit; sum results hours 0"])
        #expect(r.status == 1)
        #expect(r.out == "0\n")
    }

    @Test func badCommandLineIsStatusTwo() throws {
        #expect(try Self.cxq(["--bogus"]).status == 2)
        #expect(try Self.cxq(["--format", "yaml", "-c", "days"]).status == 2)
        #expect(try Self.cxq(["-f", "a.cxq", "b.cxq"]).status == 2)
        #expect(try Self.cxq(["--help"]).status == 0)
    }

    @Test func scriptsFromFileArgumentAndStdin() throws {
        let dir = temporaryDirectory()
        let script = dir.appendingPathComponent("s.cxq")
        try "load c1 2025-08-23\nset format csv\nsum results\n\nsum resluts\n".write(to: script, atomically: true, encoding: .utf8)
        for args in [["-f", script.path], [script.path]] {
            let r = try Self.cxq(["--demo"] + args)
            #expect(r.status == 1)
            #expect(r.err.contains("\(script.path):5:5: error: unknown metric 'resluts' (did you mean 'results'?)"))
            #expect(r.err.contains("  sum resluts\n      ^~~~~~~\n"))
        }
        let piped = try Self.cxq(["--demo"], stdin: "load c1 2025-08-23\r\nset format csv\nsum results hours 9\n")
        #expect(piped.status == 0)
        #expect(!piped.out.contains("cxq>"), "no prompt in batch mode")
        #expect(piped.out.hasPrefix("loaded 1 day of c1"), "table format before 'set format csv'")
        #expect(piped.err.hasSuffix("format is csv\n"), "in csv, the message goes to standard error")
        #expect(piped.out.split(separator: "\n").count == 2, "the load's message, then the number alone")
        let missing = try Self.cxq(["-f", dir.appendingPathComponent("nope.cxq").path])
        #expect(missing.status == 2, "a script that cannot be read is a command-line problem")
        #expect(missing.err.contains("No such file or directory"))
    }

    @Test func startupFileRunsFirstUnlessNoRC() throws {
        let home = temporaryDirectory()
        try "set format json\n".write(to: home.appendingPathComponent(".cxqrc"), atomically: true, encoding: .utf8)
        let withRC = try Self.cxq(["-c", "help quit"], home: home)
        #expect(withRC.out.contains("{\"kind\":\"message\",\"command\":\"help quit\""))
        let without = try Self.cxq(["--no-rc", "-c", "help quit"], home: home)
        #expect(without.out.hasPrefix("quit | exit"))
    }

    @Test func jsonErrorObjectsAndStderr() throws {
        let r = try Self.cxq(["--demo", "--format", "json", "-c", "load c1 2025-08-23; use #9"])
        #expect(r.status == 1)
        let last = r.out.split(separator: "\n").last.map(String.init) ?? ""
        let obj = try JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]
        #expect(obj?["kind"] as? String == "error")
        #expect(obj?["command"] as? String == "use #9")
        #expect(obj?["line"] as? Int == 1)
        #expect(obj?["column"] as? Int == 25)
        #expect(r.err.contains("error: there is no day #9 in the workspace"))
    }

    @Test func aTenMegabyteLineIsOneErrorNotACrash() throws {
        let huge = String(repeating: "x", count: 10 * 1024 * 1024)
        let r = try Self.cxq(["--demo", "--keep-going", "--format", "csv"], stdin: "load c1 2025-08-23\n\(huge)\nsum results hours 0\n")
        #expect(r.status == 1)
        #expect(r.err.contains("<stdin>:2:1: error: the line is 10485760 bytes long; the limit is 1048576"))
        #expect(r.out == "0\n", "the workspace survived and the next command ran")
    }

    @Test(arguments: ["business-hours", "weekly-report", "day-check", "from-day-file", "weekday-hour-profile", "support-check", "weekday-heatmap"])
    func examplesRun(_ name: String) throws {
        // A picture an example writes goes to a temporary folder, not into the package.
        let svg = temporaryDirectory().appendingPathComponent("out.svg").path
        let r = try Self.cxq(["--demo", "--no-rc", "-D", "out=\(svg)", "-f", "examples/\(name).cxq"], directory: packageRoot)
        #expect(r.status == 0, "\(r.err)")
        #expect(!r.out.isEmpty)
        if name == "weekday-heatmap" { #expect(FileManager.default.fileExists(atPath: svg)) }
    }

    /// Every line of the README's "What v2 adds" block runs, on demo data, from a cold start.
    @Test func theReadmeV2TourRuns() throws {
        let readme = try String(contentsOf: packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        func block(after heading: String) throws -> [String] {
            let text = try #require(readme.components(separatedBy: heading).dropFirst().first?.components(separatedBy: "```").dropFirst().first)
            return text.split(separator: "\n").map { $0.components(separatedBy: "  #")[0].trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let v2 = try block(after: "What v2 adds"), insight = try block(after: "what no other shell tells you")
        #expect(v2.count >= 10 && insight.count >= 5)
        let dir = temporaryDirectory()
        let r = try Self.cxq(["--demo", "--no-rc"], stdin: (v2 + insight).joined(separator: "\n") + "\n", directory: dir)
        #expect(r.status == 0, "\(r.err)")
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("byday.csv").path))
        #expect(r.out.contains("camp1 Wed 2025-08-20: credits "), "the brief line")
        #expect(try String(contentsOf: dir.appendingPathComponent("profile.svg"), encoding: .utf8).contains("<svg"))
    }

    @Test func watchRepeatsUntilInterrupted() throws {
        let running = try Self.launch(["--no-rc", "--demo", "--format", "csv", "-c", "load c1 2025-08-23; watch 1 sum results hours 0; help quit"])
        let (p, out, err) = (running.process, running.out, running.err)
        // Each round is flushed: interrupt once two rounds have arrived.
        var seen = Data()
        while ("\n" + String(decoding: seen, as: UTF8.self)).components(separatedBy: "\n0\n").count < 3 {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        p.interrupt()
        let data = seen + out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(p.terminationStatus == 0)
        #expect(("\n" + text).components(separatedBy: "\n0\n").count >= 3, "ran at least twice: \(text)")
        // In csv the messages go to standard error, after the watch's own lines.
        #expect(String(decoding: errData, as: UTF8.self).contains("watch stopped\nquit | exit"), "the run goes on after the watch")
    }

    @Test func quitStopsTheRun() throws {
        let r = try Self.cxq(["--demo", "--format", "csv"], stdin: "load c1 2025-08-23\nquit\nsum credit\n")
        #expect(r.status == 0)
    }
}
