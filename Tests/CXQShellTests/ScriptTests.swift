import Foundation
import Testing

/// What a script author relies on: parameters, `--check`, exit statuses by cause, no silent
/// demo data, fail fast, data-only standard output. The real binary, against closerx-sim.
@Suite struct ScriptTests {
    let i = IntegrationTests()

    // MARK: Parameters

    @Test func parametersDefinedDefaultedAndUndefined() throws {
        let dir = temporaryDirectory()
        let script = dir.appendingPathComponent("daily.cxq")
        try "load ${camp} ${day:-2025-08-23}\nsum credits hours ${from:-9}..${to:-17}\n".write(to: script, atomically: true, encoding: .utf8)
        let expected = try CommandLineTests.cxq(["--demo", "--no-rc", "--format", "csv", "-c", "load camp9 2025-08-20; sum credits hours 13..17"])
        let r = try CommandLineTests.cxq(["--demo", "--no-rc", "--format", "csv", "-D", "camp=camp9", "-D", "day=2025-08-20",
                                          "-D", "from=13", script.path])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == expected.out && !r.out.isEmpty)
        let defaulted = try CommandLineTests.cxq(["--demo", "--no-rc", "--format", "csv", "-D", "camp=camp9", script.path])
        let direct = try CommandLineTests.cxq(["--demo", "--no-rc", "--format", "csv", "-c", "load camp9 2025-08-23; sum credits hours 9..17"])
        #expect(defaulted.out == direct.out)
        let undefined = try CommandLineTests.cxq(["--demo", "--no-rc", "-D", "day=2025-08-20", script.path])
        #expect(undefined.status == 1)
        #expect(undefined.err.contains("\(script.path):1:6: error: the parameter 'camp' is not defined; pass -D camp=VALUE or write ${camp:-DEFAULT}"),
                "the column is that of the '$': \(undefined.err)")
        #expect(try CommandLineTests.cxq(["-D", "1camp=x", "-c", "help"]).status == 2)
        #expect(try CommandLineTests.cxq(["-D", "camp", "-c", "help"]).status == 2)
    }

    @Test func everyDashCRunsFirstThenTheFile() throws {
        let script = temporaryDirectory().appendingPathComponent("s.cxq")
        try "sum results hours 0\n".write(to: script, atomically: true, encoding: .utf8)
        let r = try CommandLineTests.cxq(["--demo", "--no-rc", "--format", "csv", "-f", script.path,
                                          "-c", "load c1 2025-08-23", "-c", "set precision 0"])
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "0\n")
    }

    // MARK: --check

    @Test func checkReportsEverySyntaxErrorAndSendsNoRequest() throws {
        let log = temporaryDirectory().appendingPathComponent("requests.log")
        let sim = try SimServer(requestLog: log)
        let home = temporaryDirectory()
        let script = home.appendingPathComponent("bad.cxq")
        try """
        load c1 2025-08-01..2025-08-31
        sum credit
        sum results hours 25; days
        load ${nope} ${day} # ${in_a_comment} is text
        sum credits where weekday > 5
        top 3 days by results hours ${h}
        """.write(to: script, atomically: true, encoding: .utf8)
        let r = try i.run(["--check", script.path], sim: sim, home: home)
        #expect(r.status == 1)
        for (line, column) in [(2, 5), (3, 19), (5, 29)] {
            #expect(r.err.contains("\(script.path):\(line):\(column): error:"), "line \(line): \(r.err)")
        }
        #expect(r.err.components(separatedBy: ": error: ").count - 1 == 3, "three errors, each once: \(r.err)")
        // Undefined parameters are placeholders of the kind the grammar wants there, each warned about once.
        for name in ["nope", "day", "h"] {
            #expect(r.err.components(separatedBy: "warning: ${\(name)} is not defined").count - 1 == 1, "\(r.err)")
        }
        #expect(!r.err.contains("in_a_comment"), "a parameter in a comment is text")
        // A placeholder of whatever kind the place needs: a weekday, a format, a metric, a key.
        let kinds = home.appendingPathComponent("kinds.cxq")
        try "sum credits where weekday = ${wd}\nset format ${fmt}\nsum ${metric} by ${key}\ncount where weekday in ${wds}\nload ${camp} ${day}\n"
            .write(to: kinds, atomically: true, encoding: .utf8)
        let k = try i.run(["--check", kinds.path], sim: sim, home: home)
        #expect(k.status == 0 && !k.err.contains("error:"), "\(k.err)")
        #expect(r.out.isEmpty)
        let good = try i.run(["--check", "-c", "load c1 2025-08-01..2025-08-31; sum credits by weekday"], sim: sim, home: home)
        #expect(good.status == 0, "\(good.err)")
        Thread.sleep(forTimeInterval: 0.2)
        #expect(try String(contentsOf: log, encoding: .utf8).isEmpty, "no request reached the server")
        #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("cache/cxq/days.sqlite").path))
    }

    // MARK: Exit statuses

    @Test func exitStatusByCause() throws {
        let home = temporaryDirectory()
        #expect(try i.run(["-c", "load c1 2025-08-23; sum credits"], home: home).status == 0)
        #expect(try i.run(["-c", "load c1 2025-08-23; sum credit"], home: home).status == 1, "a syntax error")
        #expect(try i.run(["-c", "use #4"], home: home).status == 1, "a query error")
        #expect(try i.run(["-c", "open /nonexistent/days.jsonl"], home: home).status == 1, "a file error")
        #expect(try CommandLineTests.cxq(["--no-rc", "-c", "load c1 2025-08-23"]).status == 2, "no credentials")
        #expect(try i.run(["-c", "load fault-500 2025-08-23"], home: home, extra: ["CXQ_REQUEST_TIMEOUT": "1"]).status == 3)
        #expect(try i.run(["-c", "load c1 2025-08-23"], home: home, extra: ["CLOSERX_BASE_URL": "http://127.0.0.1:1"]).status == 3)
        let wrongKey = try i.run(["-c", "load c2 2025-08-23"], home: home, key: "not-the-key")
        #expect(wrongKey.status == 4)
        #expect(wrongKey.err.contains("401 Unauthorized"))
        #expect(!wrongKey.err.contains("not-the-key"))
        // --keep-going: the status of the first failure, not the last.
        let first = try i.run(["--keep-going", "-c", "load c1 2025-08-23; load fault-401 2025-08-23; sum credit; load fault-500 2025-08-23"],
                              home: home, extra: ["CXQ_REQUEST_TIMEOUT": "1"])
        #expect(first.status == 4)
        let syntaxFirst = try i.run(["--keep-going", "-c", "sum credit; load fault-401 2025-08-23"], home: home)
        #expect(syntaxFirst.status == 1)
    }

    @Test func jsonErrorObjectsCarryCategoryAndFailedDays() throws {
        let home = temporaryDirectory()
        let r = try i.run(["--keep-going", "--format", "json", "-c",
                           "load c1,fault-403 2025-08-23; sum credit"], home: home)
        #expect(r.status == 4)
        let objects = try r.out.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        #expect(objects.count == 2, "one object per command: \(r.out)")
        #expect(objects[0]["kind"] as? String == "error")
        #expect(objects[0]["category"] as? String == "auth")
        let failed = try #require(objects[0]["failed"] as? [[String: Any]])
        #expect(failed.count == 1)
        #expect(failed[0]["campaign"] as? String == "fault-403")
        #expect(failed[0]["date"] as? String == "2025-08-23")
        #expect(failed[0]["category"] as? String == "auth")
        #expect((failed[0]["reason"] as? String)?.contains("403 Forbidden") == true)
        #expect((objects[0]["loaded"] as? [[String: Any]])?.count == 1, "the day that arrived is named and kept")
        #expect(objects[1]["category"] as? String == "syntax")
    }

    // MARK: No silent demo data

    @Test func noCredentialsInAScriptIsAnErrorNotDemoData() throws {
        let r = try CommandLineTests.cxq(["--no-rc", "--format", "csv", "-c", "load camp123 2025-08-20; sum credits"])
        #expect(r.status == 2)
        #expect(r.out.isEmpty, "no number at all: \(r.out)")
        #expect(r.err.contains("error: no CloserX credentials (set CLOSERX_API_KEY and CLOSERX_COMPANY, or pass --demo)"), "\(r.err)")
        let piped = try CommandLineTests.cxq(["--no-rc"], stdin: "load camp123 2025-08-20\n")
        #expect(piped.status == 2)
        let json = try CommandLineTests.cxq(["--no-rc", "--format", "json", "-c", "load camp123 2025-08-20"])
        #expect(json.out.contains("\"category\":\"config\""))
        // A script that needs no source is not stopped.
        #expect(try CommandLineTests.cxq(["--no-rc", "-c", "help load"]).status == 0)
        for (args, env) in [(["--demo"], [String: String]()), ([], ["CXQ_DEMO": "1"])] {
            let demo = try CommandLineTests.cxq(args + ["--no-rc", "--format", "csv", "-c", "load camp123 2025-08-20; sum credits"], env: env)
            #expect(demo.status == 0, "\(demo.err)")
            #expect(demo.err.contains("demo data was asked for"))
            #expect(Int(demo.out.trimmingCharacters(in: .newlines)) != nil)
        }
    }

    @Test func aBrokenConfigFileIsAnErrorNeverDemoData() throws {
        for (text, message) in [("defualt = \"acme\"\n", "unknown key 'defualt'"),
                                ("default = \"nope\"\n", "the default profile 'nope' is not defined")] {
            let home = temporaryDirectory()
            let config = home.appendingPathComponent("config/cxq")
            try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
            try text.write(to: config.appendingPathComponent("config.toml"), atomically: true, encoding: .utf8)
            let env = ["XDG_CONFIG_HOME": home.appendingPathComponent("config").path]
            let r = try CommandLineTests.cxq(["--no-rc", "--format", "csv", "-c", "load camp123 2025-08-20; sum credits"], home: home, env: env)
            #expect(r.status == 2)
            #expect(r.out.isEmpty)
            #expect(r.err.contains("config.toml:1: \(message)"), "\(r.err)")
            // Even with a key in the environment: the file that should hold the profiles is wrong.
            var keyed = SimServer.shared.environment(home: home)
            keyed["XDG_CONFIG_HOME"] = env["XDG_CONFIG_HOME"]
            #expect(try CommandLineTests.cxq(["--no-rc", "-c", "load c1 2025-08-20"], home: home, env: keyed).status == 2)
        }
    }

    // MARK: Fail fast, standard output

    @Test func aClosedPortFailsEveryDayAtOnceWithOneReason() throws {
        let home = temporaryDirectory()
        let started = Date()
        let r = try i.run(["--format", "json", "-c", "load c1 2025-08-01..2025-08-31"], home: home,
                          extra: ["CLOSERX_BASE_URL": "http://127.0.0.1:1"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(r.status == 3)
        let object = try #require(JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let failed = try #require(object["failed"] as? [[String: Any]])
        #expect(failed.count == 31)
        #expect(Set(failed.compactMap { $0["reason"] as? String }).count == 1, "the same reason for every day")
        #expect((failed[0]["reason"] as? String)?.contains("connection refused") == true)
        // Not a timing assertion: far above the measured 50 ms, far below one connect timeout per day.
        #expect(elapsed < 60)
    }

    @Test func inCSVStandardOutputIsTheNumberAlone() throws {
        let r = try CommandLineTests.cxq(["--demo", "--no-rc", "--format", "csv", "-c", "load camp123 2025-08-20", "-c", "sum credits hours 13..17"])
        #expect(r.status == 0)
        #expect(r.out.range(of: "^[0-9]+\n$", options: .regularExpression) != nil, "stdout: \(r.out)")
        #expect(r.err.contains("loaded 1 day of camp123"))
        for format in ["tsv", "markdown"] {
            let m = try CommandLineTests.cxq(["--demo", "--no-rc", "--format", format, "-c", "load camp123 2025-08-20; set precision 1; use #1"])
            #expect(m.out.isEmpty, "\(format): \(m.out)")
        }
    }

    // MARK: The start-up file

    @Test func quitInTheStartupFileEndsOnlyTheStartupFile() throws {
        let home = temporaryDirectory()
        try "set format csv\nquit\nset format json\n".write(to: home.appendingPathComponent(".cxqrc"), atomically: true, encoding: .utf8)
        let r = try CommandLineTests.cxq(["--demo", "-c", "load c1 2025-08-23; sum results hours 0"], home: home)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out == "0\n", "the rest of ~/.cxqrc did not run, the commands did")
        let piped = try CommandLineTests.cxq(["--demo", "--format", "csv"], stdin: "load c1 2025-08-23\nsum results hours 0\n", home: home)
        #expect(piped.out == "0\n")
    }

    // MARK: The scripting examples

    @Test func theDailyReportAndTheSpreadsheetFeedRun() throws {
        let report = try CommandLineTests.cxq(["--demo", "--no-rc", "-D", "camp=camp123", "-D", "day=2025-08-23", "examples/daily-report.cxq"],
                                              directory: packageRoot)
        #expect(report.status == 0, "\(report.err)")
        #expect(report.out.contains("in the 4 weeks before") && report.out.contains("top 3 hours by results"))
        let feed = try CommandLineTests.cxq(["--demo", "--no-rc", "-D", "camp=camp123", "-D", "from=2025-08-01", "-D", "to=2025-08-31",
                                             "examples/spreadsheet-feed.cxq"], directory: packageRoot)
        #expect(feed.status == 0, "\(feed.err)")
        let rows = feed.out.split(separator: "\n")
        #expect(rows.first == "day,sum(credits),sum(results),cpr")
        #expect(rows.count == 32, "a header and 31 days, nothing else on standard output")
    }

    @Test func theDeadAfternoonCheckFailsOnlyForADeadAfternoon() throws {
        let dir = temporaryDirectory()
        let camp123 = try String(contentsOf: packageRoot.appendingPathComponent("examples/days.jsonl"), encoding: .utf8)
            .split(separator: "\n").first { $0.contains("\"2025-08-20\"") }.map(String.init)
        let live = try #require(camp123)
        var results = Array(repeating: 1, count: 24)
        for h in 13...17 { results[h] = 0 }
        let zeros = Array(repeating: 0, count: 24)
        let quiet = "{\"campaign\":\"quiet\",\"date\":\"2025-08-20\",\"hours\":\(Array(0..<24)),\"credit_deductions\":\(Array(repeating: 10, count: 24)),"
            + "\"credit_deductions_change\":\(zeros),\"campaign_results\":\(results),\"campaign_results_change\":\(zeros)}"
        let file = dir.appendingPathComponent("days.jsonl")
        try (live + "\n" + quiet.replacingOccurrences(of: " ", with: "") + "\n").write(to: file, atomically: true, encoding: .utf8)
        func check(_ campaigns: String) throws -> CommandLineTests.Run {
            try CommandLineTests.cxq(["examples/dead-afternoon-check.sh", campaigns, "2025-08-20", "-c", "open \(file.path)"],
                                     env: ["CXQ": CommandLineTests.binary.path], directory: packageRoot, executable: "/bin/sh")
        }
        let fine = try check("camp123")
        #expect(fine.status == 0, "\(fine.err)")
        #expect(fine.out.contains("every afternoon had results on 2025-08-20"))
        let dead = try check("camp123,quiet")
        #expect(dead.status == 1)
        #expect(dead.err.contains("dead afternoon on 2025-08-20: quiet"), "\(dead.err)")
        // A day the file does not hold needs the source: without credentials, status 2 passes through.
        let missing = try check("camp123,elsewhere")
        #expect(missing.status == 2, "\(missing.err)")
        #expect(missing.err.contains("no CloserX credentials"))
    }
}
