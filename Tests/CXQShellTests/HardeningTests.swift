import Foundation
import Testing
import CXQClient
import CXQCore
@testable import CXQShell

/// What the outside attack on cxq broke (issue 11), each fixed and kept fixed here.
@Suite struct HardeningTests {
    /// A day-file line with `credits` at every hour and the other series zero (or as given).
    static func line(_ campaign: String, _ date: String, credits: [Int64], results: [Int64]? = nil,
                     creditsChange: [Int64]? = nil) -> String {
        let zeros = [Int64](repeating: 0, count: 24)
        func list(_ v: [Int64]) -> String { "[" + v.map(String.init).joined(separator: ",") + "]" }
        return "{\"campaign\":\"\(campaign)\",\"date\":\"\(date)\",\"hours\":\(list((0..<24).map(Int64.init))),"
            + "\"credit_deductions\":\(list(credits)),\"credit_deductions_change\":\(list(creditsChange ?? zeros)),"
            + "\"campaign_results\":\(list(results ?? zeros)),\"campaign_results_change\":\(list(zeros))}"
    }

    static func file(_ lines: [String]) throws -> String {
        let path = temporaryDirectory().appendingPathComponent("days.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // MARK: 2. No wrapped totals

    @Test func aDayWhoseOwnTotalsOverflowIsRejectedWithTheReason() throws {
        var big = [Int64](repeating: 0, count: 24)
        big[9] = Int64.max
        big[10] = 1
        var prev = [Int64](repeating: 0, count: 24)
        prev[3] = Int64.min + 5
        let path = try Self.file([Self.line("big", "2025-08-01", credits: big),
                                  Self.line("prev", "2025-08-01", credits: [Int64](repeating: 10, count: 24), creditsChange: prev),
                                  Self.line("ok", "2025-08-01", credits: [Int64](repeating: 1, count: 24))])
        let s = makeSession()
        let (out, err, ok) = runScript("open \(path)\n", session: s)
        #expect(!ok)
        #expect(err.contains("line 1: field 'credit_deductions' adds up to more than 64 bits over the day"), "\(err)")
        #expect(err.contains("line 2: field 'credit_deductions' minus 'credit_deductions_change' at hour 3"), "\(err)")
        #expect(out.contains("1 day added"))
        #expect(s.state.workspace.entries.map(\.info.campaign) == ["ok"])
    }

    @Test func totalsOverSeveralDaysAreCheckedEverywhere() throws {
        // Each day fits (2^62 at one hour); three of them do not.
        var hour9 = [Int64](repeating: 0, count: 24)
        hour9[9] = 1 << 62
        let ones = [Int64](repeating: 1, count: 24)
        let path = try Self.file((1...3).map { Self.line("c", "2025-08-0\($0)", credits: hour9, results: ones) }
                                 + (1...3).map { Self.line("d", "2025-08-0\($0)", credits: ones, results: hour9) })
        for (command, what) in [
            ("sum credits of c", "does not fit"),
            ("avg cpr of c", "the credits summed for cpr does not fit"),
            ("sum cpr of d", "the results summed for cpr does not fit"),
            ("sum credits by campaign of all", "does not fit"),
            ("compare c@2025-08-01,c@2025-08-02,c@2025-08-03 d@2025-08-01", "the total of credits does not fit"),
            ("compare c@2025-08-01 d@2025-08-01,d@2025-08-02,d@2025-08-03 results", "the total of results does not fit"),
            ("compare c@2025-08-01,c@2025-08-02 d@2025-08-01 cpr", "the totals behind cpr does not fit"),
        ] {
            let s = makeSession()
            _ = runScript("open \(path)\n", session: s)
            let (out, err, ok) = runScript("\(command)\n", session: s)
            #expect(!ok, "\(command): \(out)")
            #expect(err.contains(what), "\(command): \(err)")
            #expect(!out.contains("-"), "no negative number from non-negative inputs: \(out)")
        }
        // One day's totals are exact: `days` shows them.
        let s = makeSession(format: .csv)
        _ = runScript("open \(path)\n", session: s)
        let (out, _, ok) = runScript("days\n", session: s)
        #expect(ok)
        #expect(out.contains(",c,2025-08-01,\(1 << 62),24,"))
    }

    // MARK: 5. Writes

    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func saveKeepsModesFollowsLinksAndLeavesNoTemporaryFile() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("w.jsonl").path
        let s = makeSession()
        _ = runScript("load c1 2025-08-23\nsave \(path)\n", session: s)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let (_, err, ok) = runScript("load c2 2025-08-23\nsave \(path)\n", session: s)
        #expect(ok, "\(err)")
        #expect(try Self.mode(path) == 0o600, "save over a 0600 file keeps it 0600")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["w.jsonl"], "no temporary file is left")
        // A symbolic link is followed: the file it names is replaced, the link stays.
        let link = dir.appendingPathComponent("link.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        let (_, err2, ok2) = runScript("load c3 2025-08-23\nsave \(link)\n", session: s)
        #expect(ok2, "\(err2)")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == path)
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 3)
        #expect(try Self.mode(path) == 0o600)
        let dangling = dir.appendingPathComponent("dangling.jsonl").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: dir.appendingPathComponent("nowhere").path)
        let (_, err3, ok3) = runScript("save \(dangling)\n", session: s)
        #expect(!ok3)
        #expect(err3.contains("it is a symbolic link to a file that does not exist"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("nowhere").path))
    }

    @Test func savingAnEmptyWorkspaceLeavesTheFileAlone() throws {
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("w.jsonl").path
        try "precious\n".write(toFile: path, atomically: true, encoding: .utf8)
        let (_, err, ok) = runScript("save \(path)\n")
        #expect(!ok)
        #expect(err.contains("the workspace is empty, so there is nothing to save; \(path) is left as it is"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "precious\n")
    }

    @Test func aTemporaryFileLeftByAKilledSaveIsNeverTakenForData() throws {
        let dir = temporaryDirectory()
        let stale = dir.appendingPathComponent(".w.jsonl.cxq-tmp-3kx9q2").path
        try (Self.line("c1", "2025-08-01", credits: [Int64](repeating: 1, count: 24)) + "\n{\"campaign\":\"c1\",\"da")
            .write(toFile: stale, atomically: true, encoding: .utf8)
        let s = makeSession()
        let (_, err, ok) = runScript("open \(stale)\n", session: s)
        #expect(!ok)
        #expect(err.contains("is a temporary file left by an interrupted save or export, not a day file"))
        #expect(s.state.workspace.isEmpty)
    }

    @Test func aSaveKilledMidWriteLeavesTheTargetWhole() throws {
        // A real process, killed with SIGKILL while it saves 60,000 days over an existing file.
        let dir = temporaryDirectory()
        let path = dir.appendingPathComponent("w.jsonl").path
        let before = Self.line("c1", "2025-08-01", credits: [Int64](repeating: 1, count: 24)) + "\n"
        try before.write(toFile: path, atomically: true, encoding: .utf8)
        let loads = (0..<165).map { "load k\($0) 2024-01-01..2024-12-31" }.joined(separator: "; ")
        for delay in [0.6, 0.9, 1.2] {
            let p = Process()
            p.executableURL = CommandLineTests.binary
            p.arguments = ["--demo", "--no-rc", "-c", "\(loads); save \(path)"]
            p.environment = ["HOME": dir.path, "PATH": "/usr/bin:/bin"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            Thread.sleep(forTimeInterval: delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let s = makeSession()
            let (_, err, ok) = runScript("open \(path)\n", session: s)
            #expect(ok, "the target is the old file or the whole new one, never half: \(err)")
            #expect(text == before || text.hasSuffix("\n"))
        }
    }

    // MARK: 8. Odds and ends

    @Test func openingAFIFOFailsAtOnce() throws {
        let fifo = temporaryDirectory().appendingPathComponent("pipe.jsonl").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let (_, err, ok) = runScript("open \(fifo)\n")
        #expect(!ok)
        #expect(err.contains("it is a FIFO, not a regular file"))
    }

    @Test func aDayFileNamingADayTwiceSaysSo() throws {
        let ones = [Int64](repeating: 1, count: 24), twos = [Int64](repeating: 2, count: 24)
        let path = try Self.file([Self.line("c1", "2025-08-01", credits: ones), Self.line("c2", "2025-08-01", credits: ones),
                                  Self.line("c1", "2025-08-01", credits: twos)])
        let s = makeSession(format: .csv)
        let (out, err, ok) = runScript("open \(path)\n", session: s)
        #expect(!ok)
        #expect(err.contains("1 bad line, 2 days kept: line 3: c1@2025-08-01 is already on line 1; that line is kept"), "\(err)")
        #expect(out.isEmpty && err.contains("2 days added"))
        #expect(s.state.workspace.days.first?.values.first == 1)
    }

    // MARK: 6. No credentials from a URL

    @Test func credentialsInTheBaseURLAreNeverPrinted() throws {
        #expect(Endpoint.redacted("http://user:K3Y@host:8/p?key=K3Y#frag") == "http://***@host:8/p?***")
        #expect(Endpoint.redacted("https://host/x#K3Y") == "https://host/x#***")
        #expect(Endpoint.redacted("https://app.closerx.ai") == "https://app.closerx.ai")
        #expect(Endpoint.origin("http://evil:K3Y@host/x") == "http://host:80")
        for url in ["http://user:SECRETKEY@127.0.0.1:1", "http://127.0.0.1:1/?key=SECRETKEY", "ftp://u:SECRETKEY@x",
                    "http://127.0.0.1:1/#SECRETKEY"] {
            let r = try CommandLineTests.cxq(["--no-rc", "--keep-going", "--format", "json", "-c", "load c1 2025-08-01; profile; days"],
                                             env: ["CLOSERX_BASE_URL": url, "CLOSERX_API_KEY": "k", "CLOSERX_COMPANY": "acme"])
            #expect(r.status == 2)
            #expect(!r.out.contains("SECRETKEY") && !r.err.contains("SECRETKEY"), "\(url): \(r.err)")
            #expect(r.err.contains("the base URL"))
        }
    }

    // MARK: 8. Odds and ends, continued

    @Test func controlCharactersFromInputAreNeverEchoedRaw() throws {
        let (_, err, ok) = runScript("sum cre\u{1B}[31mdits\u{07} \u{9B}2J\n")
        #expect(!ok)
        #expect(!err.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x9B }, "\(err.debugDescription)")
        #expect(err.contains("  sum cre\u{FFFD}[31mdits\u{FFFD} \u{FFFD}2J\n      ^~~\n"), "one for one, so the caret stays in place")
        let (_, err2, _) = runScript("load c\u{1B}]0;pwned\u{07}1 today\n")
        #expect(!err2.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test func cacheSaysWhyTheStoreCannotBeUsed() throws {
        let home = temporaryDirectory()
        let blocker = home.appendingPathComponent("cache")
        try "not a directory".write(to: blocker, atomically: true, encoding: .utf8)
        var env = SimServer.shared.environment(home: home)
        env["XDG_CACHE_HOME"] = blocker.path
        let r = try CommandLineTests.cxq(["--no-rc", "-c", "cache"], home: home, env: env)
        #expect(r.status == 1)
        #expect(r.err.contains("the local store at \(blocker.path)/cxq/days.sqlite cannot be used ("), "\(r.err)")
        #expect(!r.err.contains("neither XDG_CACHE_HOME nor HOME is set"))
        let unset = try CommandLineTests.cxq(["--no-rc", "-c", "cache"], env: ["HOME": "relative/home"].merging(SimServer.shared.environment(home: home).filter { $0.key.hasPrefix("CLOSERX") }) { a, _ in a })
        #expect(unset.err.contains("neither XDG_CACHE_HOME nor HOME is set"), "a relative HOME counts as unset: \(unset.err)")
    }
}
