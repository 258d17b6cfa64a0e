import CXQClient
import CXQCore
import Foundation
import Testing

/// cxq against closerx-sim on 127.0.0.1: real HTTP, a real SQLite store, real processes.
@Suite struct IntegrationTests {
    static let day = CivilDate(year: 2025, month: 8, day: 23)!

    func run(_ args: [String], sim: SimServer = .shared, home: URL, key: String? = nil, company: String = "acme",
             extra: [String: String] = [:]) throws -> CommandLineTests.Run {
        var env = sim.environment(home: home, key: key, company: company)
        for (k, v) in extra { env[k] = v }
        return try CommandLineTests.cxq(["--no-rc"] + args, home: home, env: env)
    }

    /// A config file under `home` with a profile for each company (named after it) on `sim`, the key
    /// in `keyVariable`, mode 0600; its URL.
    @discardableResult
    static func writeConfig(home: URL, sim: SimServer, companies: [String], keyVariable: String) throws -> URL {
        let config = home.appendingPathComponent("config/cxq")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        let file = config.appendingPathComponent("config.toml")
        try companies.map { "[profiles.\($0)]\nbase_url = \"\(sim.baseURL)\"\ncompany = \"\($0)\"\napi_key_env = \"\(keyVariable)\"\n" }
            .joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return file
    }

    /// Lines of `--verbose` output that asked for a campaign.
    func requests(_ err: String, campaign: String) -> Int {
        err.split(separator: "\n").filter { $0.contains("GET ") && $0.contains("/\(campaign)/") }.count
    }

    static let failures: [(String, String, Int)] = [
        ("fault-401", "the server answered 401 Unauthorized: the API key was not accepted", 1),
        ("fault-403", "the server answered 403 Forbidden: the key may not read company 'acme'", 1),
        ("unknown-campaign", "company 'acme' has no campaign 'unknown-campaign' (the server said: \"Campaign not found.\"); check the campaign id", 1),
        ("fault-429", "the server answered 429 Too Many Requests after 3 retries", 4),
        ("fault-500", "the server answered 500 Internal Server Error after 3 retries", 4),
        ("fault-503", "the server answered 503 Service Unavailable after 3 retries", 4),
        ("fault-html", "the server answered 200 with an HTML page instead of JSON", 1),
        ("fault-html502", "the server answered 502 with an HTML page instead of JSON", 4),
        ("fault-badjson", "the answer is not valid JSON: the JSON is truncated", 1),
        ("fault-short", "the answer was rejected: field 'credit_deductions' has 23 values; expected 24", 1),
        ("fault-hours", "the answer was rejected: field 'hours' must be 0 to 23 in order", 1),
        ("fault-nodate", "the answer was rejected: field 'date' is missing", 1),
        ("fault-overflow", "the answer was rejected: field 'campaign_results' at hour 0 is 123456789012345678901234, beyond 64 bits", 1),
        ("fault-wrongdate", "the server answered with 2025-08-22 when 2025-08-23 was asked for", 1),
        ("fault-huge", "the answer is larger than 1024 KiB", 1),
        ("fault-drop", "the connection was dropped before the answer was complete after 3 retries", 4),
        ("fault-slow", "no answer within 1 s", 1),
        ("fault-redirect-away", "the server redirected to http://127.0.0.2:9, another server; the key is not sent there", 1),
    ]

    @Test(arguments: 0..<failures.count)
    func everyFailureIsOneSentenceAndKeepsTheWorkspace(_ i: Int) throws {
        let (campaign, message, attempts) = Self.failures[i]
        let home = temporaryDirectory()
        let r = try run(["--keep-going", "--verbose", "--format", "csv", "-c",
                         "load c1 2025-08-23; load \(campaign) 2025-08-23; sum credits; days"],
                        home: home, extra: ["CXQ_REQUEST_TIMEOUT": "1"])
        // Refused credentials exit 4, every other fetch failure 3 (`--keep-going` keeps the first).
        #expect(r.status == (["fault-401", "fault-403"].contains(campaign) ? 4 : 3))
        #expect(r.err.contains("<command>:1:21: error: 1 day failed: \(campaign)@2025-08-23: \(message)"), "\(r.err)")
        #expect(requests(r.err, campaign: campaign) == attempts)
        let expected = try DemoGenerator.day(campaign: "c1", date: Self.day).total(.credits)
        #expect(("\n" + r.out).contains("\n\(expected)\n"), "the workspace kept c1 and it stayed current")
        #expect(!r.out.contains(campaign), "the failed day is not in the workspace")
    }

    @Test func flakyAnswersAreRetriedUntilTheyArrive() throws {
        let home = temporaryDirectory()
        let r = try run(["--verbose", "-c", "load fault-flaky-1 2025-08-23"], home: home)
        #expect(r.status == 0)
        #expect(requests(r.err, campaign: "fault-flaky-1") == 3)
        #expect(r.err.contains("retry 2; api_key: ***"))
    }

    @Test func connectionRefused() throws {
        let home = temporaryDirectory()
        let r = try run(["-c", "load c1 2025-08-23"], home: home, extra: ["CLOSERX_BASE_URL": "http://127.0.0.1:1"])
        #expect(r.status == 3, "a fetch failure")
        #expect(r.err.contains("could not connect to http://127.0.0.1:1: connection refused"), "\(r.err)")
    }

    @Test func theStoreServesPastDaysWithoutRequests() throws {
        let home = temporaryDirectory()
        let first = try run(["--verbose", "-c", "load c5 2025-06-01..2025-06-30"], home: home)
        #expect(first.status == 0)
        #expect(requests(first.err, campaign: "c5") == 30)
        let second = try run(["--verbose", "--format", "csv", "-c", "load c5 2025-06-01..2025-06-30; days"], home: home)
        #expect(second.status == 0)
        #expect(requests(second.err, campaign: "c5") == 0)
        let june30 = DemoGenerator.day(campaign: "c5", date: CivilDate(year: 2025, month: 6, day: 30)!)
        let row = ",c5,2025-06-30,\(try june30.total(.credits)),\(try june30.total(.results)),cache,"
        #expect(second.out.split(separator: "\n").filter { $0.contains(row) }.count == 1)
        #expect(second.err.contains("loaded 30 days of c5 (2025-06-01..2025-06-30): 30 from the store"))
        let refreshed = try run(["--verbose", "-c", "load c5 2025-06-01 refresh"], home: home)
        #expect(requests(refreshed.err, campaign: "c5") == 1)
        let cache = try run(["--format", "csv", "-c", "cache"], home: home)
        #expect(cache.out.contains("days,30\n"))
        #expect(cache.out.contains("oldest day,2025-06-01\n"))
        let cleared = try run(["-c", "cache clear; cache"], home: home)
        #expect(cleared.out.contains("removed 30 days from the local store"))
    }

    /// `profile default` goes back to the source cxq started with (here the environment's), and
    /// completion offers only the current company's campaigns from the store.
    @Test func theStartingSourceCanBeChosenAgainAndCompletionStaysWithTheCompany() throws {
        let sim = try SimServer(apiKey: "k-77", company: "acme,beta")
        let home = temporaryDirectory()
        try Self.writeConfig(home: home, sim: sim, companies: ["beta"], keyVariable: "CLOSERX_API_KEY")
        let env = sim.environment(home: home)
        let r = try CommandLineTests.cxq(["--no-rc", "--coprocess"], stdin: """
            load acmeonly 2025-08-01
            profile beta
            load betaonly 2025-08-01
            .complete load 
            profile default
            days
            .complete load 
            """ + "\n", home: home, env: env)
        #expect(r.status == 0, "\(r.err)")
        let objects = r.out.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let completions = objects.filter { $0["kind"] as? String == "completion" }.map { $0["candidates"] as? [String] ?? [] }
        #expect(completions.count == 2)
        #expect(completions[0].contains("betaonly ") && !completions[0].contains("acmeonly "), "\(completions)")
        #expect(completions[1].contains("acmeonly ") && !completions[1].contains("betaonly "), "\(completions)")
        let messages = objects.compactMap { $0["text"] as? String }
        #expect(messages.contains { $0.contains("acme's 1 day wait until you switch back ('profile default')") }, "\(messages)")
        #expect(messages.contains { $0.hasPrefix("using profile default (company acme): its own workspace, 1 day") }, "\(messages)")
    }

    /// `watch` fetches today's days afresh every round (the store's 5-minute rule for today does not
    /// hold it back), days before today come from the store, and outside a terminal each round is
    /// printed once after a separator.
    @Test func watchRefetchesTodayEveryRound() throws {
        let home = temporaryDirectory()
        let log = home.appendingPathComponent("requests.log")
        let sim = try SimServer(requestLog: log)
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        let todayText = formatter.string(from: Date())
        let running = try CommandLineTests.launch(["--no-rc", "--format", "csv", "-c", "load w1 yesterday",
                                                   "-c", "watch 1 \"sum credits of w1@today; sum credits of w1@yesterday\""],
                                                  home: home, env: sim.environment(home: home))
        let (p, out, err) = (running.process, running.out, running.err)
        // Three rounds on standard output (two numbers each), then Ctrl-C.
        var seen = Data()
        while String(decoding: seen, as: UTF8.self).split(separator: "\n").count < 6 {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen.append(chunk)
        }
        p.interrupt()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        _ = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let requests = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        let today = requests.filter { $0.contains("/w1/") && $0.contains("date=\(todayText)") }.count
        #expect(today >= 3, "today fetched every round: \(requests)")
        #expect(requests.filter { $0.contains("/w1/") }.count - today == 1, "yesterday once, then from the store")
        #expect(e.contains("--- watch, round 1 at ") && e.contains("--- watch, round 3 at "), "a separator a round, on standard error in csv: \(e)")
        #expect(e.contains("watch stopped"))
    }

    /// `set fetch_limit` counts the days a command must fetch; days in the store never count, so two
    /// years load in one command from a warm store.
    @Test func theFetchLimitCountsOnlyDaysTheStoreLacks() throws {
        let home = temporaryDirectory()
        let over = try run(["--verbose", "-c", "set fetch_limit 20; load c6 2025-01-01..2025-01-31"], home: home)
        #expect(over.status == 1)
        #expect(over.err.contains("this command would fetch 31 days from the server (0 are in the store); the limit is 20 — raise it with 'set fetch_limit 31'"), "\(over.err)")
        #expect(requests(over.err, campaign: "c6") == 0, "refused before any request")
        let some = try run(["-c", "load c6 2025-01-01..2025-01-15"], home: home)
        #expect(some.status == 0)
        let rest = try run(["--verbose", "-c", "set fetch_limit 20; load c6 2025-01-01..2025-01-31"], home: home)
        #expect(rest.status == 0, "16 to fetch, 15 in the store: \(rest.err)")
        #expect(requests(rest.err, campaign: "c6") == 16)
        // 609 days, all in the store after the first load: no limit applies to them.
        let cold = try run(["-c", "load c7 2024-01-01..2025-08-31"], home: home)
        #expect(cold.status == 0, "\(cold.err)")
        let warm = try run(["--verbose", "-c", "set fetch_limit 1; load c7 2024-01-01..2025-08-31; count days of all"], home: home)
        #expect(warm.status == 0, "\(warm.err)")
        #expect(requests(warm.err, campaign: "c7") == 0)
        #expect(warm.out.contains(": 609\n"), "\(warm.out)")
    }

    /// A 404 says what the server said; a day the command needs is a fetch failure (exit 3).
    @Test func aDayWithNoDataQuotesTheServer() throws {
        let home = temporaryDirectory()
        let r = try run(["-c", "load gappy3 2025-07-30..2025-08-01"], home: home)
        #expect(r.status == 3)
        #expect(r.out.contains("gappy3@2025-07-30: no data at the source (the server said: \"No data for this day.\")"), "\(r.out)")
        #expect(!r.out.contains("check the campaign id") && !r.err.contains("check the campaign id"))
        // Many days failing for one reason: one line, not one a day.
        let many = try run(["-c", "load gappy3 2025-07-01..2025-08-02"], home: home)
        #expect(many.status == 3)
        #expect(many.out.contains("  31 days: no data at the source (the server said: \"No data for this day.\") — gappy3@2025-07-01 … gappy3@2025-07-31\n"), "\(many.out)")
        #expect(many.out.split(separator: "\n").count == 2, "the message and one line for the reason: \(many.out)")
        // A bare 404 (a wrong base URL answers so) is not taken for a day without data.
        let wrong = try run(["-c", "load c1 2025-08-01"], home: home, extra: ["CLOSERX_BASE_URL": SimServer.shared.baseURL + "/v1"])
        #expect(wrong.status == 3)
        #expect(wrong.out.contains("the server answered 404 Not Found without saying why, as a wrong base URL does"), "\(wrong.out)")
        let u = try run(["-c", "sum credits of unknown9@2025-08-01"], home: home)
        #expect(u.status == 3)
        #expect(u.err.contains("company 'acme' has no campaign 'unknown9' (the server said: \"Campaign not found.\"); check the campaign id"), "\(u.err)")
    }

    @Test func twoProcessesShareOneStore() throws {
        let home = temporaryDirectory()
        let env = SimServer.shared.environment(home: home)
        let results = try inParallel([
            { @Sendable in try CommandLineTests.cxq(["--no-rc", "-c", "set concurrency 4; load c7 2025-01-01..2025-03-01"], home: home, env: env) },
            { @Sendable in try CommandLineTests.cxq(["--no-rc", "-c", "set concurrency 4; load c8 2025-02-01..2025-04-01"], home: home, env: env) },
        ])
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map { $0.err })")
        let cache = try run(["--format", "csv", "-c", "cache"], home: home)
        #expect(cache.out.contains("days,\(60 + 60)\n"), "\(results.map { $0.err })")
        #expect(cache.out.contains("campaigns,2\n"))
    }

    @Test func aCorruptStoreGivesAWarningAndTheShellGoesOn() throws {
        let home = temporaryDirectory()
        let dir = home.appendingPathComponent("cache/cxq")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try Data(repeating: 0x5A, count: 8192).write(to: dir.appendingPathComponent("days.sqlite"))
        let r = try run(["--format", "csv", "-c", "load c1 2025-08-23; sum results hours 0"], home: home)
        #expect(r.status == 0)
        #expect(r.err.contains("cxq: warning: the local store at \(dir.path)/days.sqlite cannot be used (it is not a database); going on without it"))
        #expect(r.out == "0\n", "csv output holds only data; the load's message went to standard error")
    }

    @Test func profilesSwitchCompaniesEachWithItsOwnWorkspace() throws {
        let sim = try SimServer(apiKey: "profile-key-9", company: "acme,beta")
        let home = temporaryDirectory()
        func writeConfig(_ companies: [String]) throws { try Self.writeConfig(home: home, sim: sim, companies: companies, keyVariable: "ACME_KEY") }
        let file = try Self.writeConfig(home: home, sim: sim, companies: ["acme", "beta", "gamma"], keyVariable: "ACME_KEY")
        var env = sim.environment(home: home)
        env["CLOSERX_API_KEY"] = nil
        env["ACME_KEY"] = "profile-key-9"
        // One company per workspace: after `profile beta` nothing of acme's answers, not even a
        // question naming acme's day; a company the server refuses (gamma) fails instead of
        // answering with anyone's numbers; switching back brings acme's workspace back.
        let r = try CommandLineTests.cxq(["--no-rc", "--keep-going", "--profile", "acme", "--format", "csv", "-c",
                                          "load c1 2025-08-23; sum credits of c1@2025-08-23", "-c", "profile beta; days; sum credits of c1@2025-08-23; load c2 2025-08-23",
                                          "-c", "profile gamma; sum credits of c1@2025-08-23", "-c", "brief c1@2025-08-23", "-c", "profile acme; days; profile"],
                                         home: home, env: env)
        #expect(r.status == 4, "the refused company: \(r.err)")
        let acme = try DemoGenerator.day(campaign: "c1", date: Self.day).total(.credits)
        let beta = try DemoGenerator.day(campaign: "beta.c1", date: Self.day).total(.credits)
        #expect(acme != beta)
        #expect(r.err.contains("using profile beta (company beta): its own workspace, 0 days; acme's 1 day wait until you switch back"), "\(r.err)")
        #expect(r.err.contains("using profile acme (company acme): its own workspace, 1 day"), "\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0 == "\(acme)" }.count == 1, "acme's number once, before the switch: \(r.out)")
        #expect(lines.filter { $0 == "\(beta)" }.count == 1, "beta's own day fetched for it: \(r.out)")
        #expect(r.err.contains("error: 1 day failed: c1@2025-08-23: the server answered 403 Forbidden: the key may not read company 'gamma'"), "\(r.err)")
        #expect(r.err.contains("brief c1@2025-08-23"), "brief of a refused company fails too: \(r.err)")
        // After switching back: acme's day only, from acme.
        let tail = r.out.components(separatedBy: "using profile acme").last ?? r.out
        let days = r.out.components(separatedBy: "#,current,").last ?? ""
        #expect(days.contains(",c1,2025-08-23,") && days.contains("\(sim.baseURL) (acme)") && !days.contains(",c2,"), "\(tail)")
        #expect(r.out.contains("*,acme,acme,"))
        #expect(!r.out.contains("profile-key-9") && !r.err.contains("profile-key-9"))
        // A profile added while cxq runs is found: `profile` reads the config file again.
        let running = try CommandLineTests.launch(["--no-rc", "--profile", "acme"], home: home, env: env)
        let (p, out, err, inp) = (running.process, running.out, running.err, running.input)
        // cxq answers each command at once when they come through a pipe: once the first answer is
        // there, the file was read at start; then it grows.
        inp.fileHandleForWriting.write(Data("profile\n".utf8))
        var first = Data()
        while !first.contains(UInt8(ascii: "\n")) {
            let chunk = out.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            first.append(chunk)
        }
        #expect(!String(decoding: first, as: UTF8.self).contains("late"), "not there yet")
        let handle = try FileHandle(forWritingTo: file)
        handle.seekToEndOfFile()
        handle.write(Data("\n[profiles.late]\nbase_url = \"\(sim.baseURL)\"\ncompany = \"beta\"\napi_key_env = \"ACME_KEY\"\n".utf8))
        try handle.close()
        inp.fileHandleForWriting.write(Data("profile late\nprofile\n".utf8))
        try inp.fileHandleForWriting.close()
        let added = String(decoding: first + out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let addedErr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 0, "\(addedErr)")
        #expect(added.contains("using profile late (company beta)"), "\(added)")
        // A file that became invalid: an error naming its line, and the current profile stays.
        try "[profiles.acme]\nbogus = 1\n".write(to: file, atomically: true, encoding: .utf8)
        let broken = try CommandLineTests.cxq(["--no-rc", "-c", "profile beta"], home: home, env: env)
        #expect(broken.status == 2, "\(broken.err)")
        #expect(broken.err.contains("config.toml:2: unknown key 'bogus'"), "\(broken.err)")
        try writeConfig(["acme", "beta"])
        let missing = try CommandLineTests.cxq(["--no-rc", "--profile", "nope", "-c", "days"], home: home, env: env)
        #expect(missing.status == 2)
        #expect(missing.err.contains("there is no profile 'nope'; the profiles are acme, beta"))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let loose = try CommandLineTests.cxq(["--no-rc", "--profile", "acme", "-c", "days"], home: home, env: env)
        #expect(loose.err.contains("can be read by other users; it may hold API keys, so run: chmod 600"))
    }

    @Test func aKeyWithoutACompanyFailsLoadsInsteadOfUsingDemoData() throws {
        let home = temporaryDirectory()
        var env = SimServer.shared.environment(home: home)
        env["CLOSERX_COMPANY"] = nil
        let r = try CommandLineTests.cxq(["--no-rc", "-c", "load c1 2025-08-23"], home: home, env: env)
        #expect(r.status == 2, "a configuration problem")
        #expect(r.err.contains("CLOSERX_API_KEY is set but CLOSERX_COMPANY is not"))
    }

    @Test func theKeyAppearsNowhere() throws {
        let key = "sk_live_LEAKCHECK_93c1f00d"
        let sim = try SimServer(apiKey: key, company: "acme")
        let home = temporaryDirectory()
        let out = home.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let script = """
        load c1 2025-08-01..2025-08-05 as week
        load fault-401 2025-08-01
        load fault-503 2025-08-01
        days
        export csv to \(out.path)/a.csv
        export json to \(out.path)/a.json
        export jsonl to \(out.path)/a.jsonl
        save \(out.path)/w.jsonl
        cache
        profile
        history
        set format json
        days
        sum credits of all
        """
        let r = try run(["--keep-going", "--verbose", "-c", script], sim: sim, home: home, key: key)
        #expect(r.status == 4, "the first failure: refused credentials")
        #expect(!r.out.contains(key))
        #expect(!r.err.contains(key))
        #expect(r.err.contains("api_key: ***"))
        var files = 0
        let walker = FileManager.default.enumerator(at: home, includingPropertiesForKeys: nil)!
        for case let url as URL in walker {
            guard let data = try? Data(contentsOf: url), !data.isEmpty else { continue }
            files += 1
            #expect(data.range(of: Data(key.utf8)) == nil, "the key is in \(url.path)")
        }
        #expect(files >= 5, "exports, the day file and the store were searched")
    }

    @Test func ctrlCCancelsALoadWithinASecondAndKeepsWhatArrived() throws {
        let home = temporaryDirectory()
        let log = home.appendingPathComponent("requests.log")
        let sim = try SimServer(extra: ["--slow-ms", "5000"], requestLog: log)
        let running = try CommandLineTests.launch(["--no-rc", "--keep-going", "--format", "csv", "-c",
                                                   "load c1 2025-08-23; load fault-slow 2025-08-01..2025-08-16; sum results hours 0"],
                                                  home: home, env: sim.environment(home: home))
        let (p, out, err) = (running.process, running.out, running.err)
        // Interrupt once the slow requests are at the server (its request log says so).
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline, !((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("/fault-slow/") {
            Thread.sleep(forTimeInterval: 0.01)
        }
        let sent = Date()
        p.interrupt()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let elapsed = Date().timeIntervalSince(sent)
        #expect(elapsed < 1.5, "cancelled in \(elapsed) s")
        #expect(p.terminationStatus == 3, "a cancelled fetch is a failed fetch")
        #expect(String(decoding: e, as: UTF8.self).contains("16 days failed: cancelled — fault-slow@2025-08-01 … fault-slow@2025-08-16"), "one line for the one reason")
        #expect(String(decoding: e, as: UTF8.self).contains("cancelled"))
        #expect(("\n" + String(decoding: o, as: UTF8.self)).hasSuffix("\n0\n"), "the shell went on with the workspace")
    }

    @Test func theSimRedirectsAPathWithoutItsSlash() throws {
        let transport = AHCTransport()
        defer { transport.shutdown() }
        let url = "\(SimServer.shared.baseURL)/api/v2/graph/daily-campaign-results/c1?date=2025-08-23"
        let answer = try transport.send(HTTPRequestSpec(url: url, headers: []), timeout: 5, isCancelled: { false })
        #expect(answer.status == 301)
        #expect(answer.header("Location") == "/api/v2/graph/daily-campaign-results/c1/?date=2025-08-23")
    }
}

/// Runs the closures at once, one thread each, and returns their results in order.
func inParallel<T: Sendable>(_ jobs: [@Sendable () throws -> T]) throws -> [T] {
    let box = ResultsBox<T>(jobs.count)
    let lock = NSLock()
    let group = DispatchGroup()
    for (i, job) in jobs.enumerated() {
        group.enter()
        Thread {
            let r = Result { try job() }
            lock.lock(); box.results[i] = r; lock.unlock()
            group.leave()
        }.start()
    }
    group.wait()
    return try box.results.map { try $0!.get() }
}

final class ResultsBox<T>: @unchecked Sendable {
    var results: [Result<T, Error>?]
    init(_ n: Int) { results = Array(repeating: nil, count: n) }
}
