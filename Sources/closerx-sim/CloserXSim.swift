import ArgumentParser
import CXQCore
import HTTPTypes
import Hummingbird
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// closerx-sim: a local stand-in for the CloserX daily-campaign-results endpoint.
///
/// Serves `GET /api/v2/graph/daily-campaign-results/{campaign_id}/?date=YYYY-MM-DD` from the
/// demo generator, checks `api_key` and `Company-Name`, redirects a path without its trailing
/// slash as Django does, and injects faults on request. Deterministic faults are chosen by the
/// campaign id (see `Fault`); random ones (latency, a 5xx rate) by flags.
@main
struct CloserXSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "closerx-sim",
        abstract: "A local stand-in for the CloserX daily campaign results API, with faults on request.",
        discussion: """
        Campaign ids that start with a fault name answer with that fault: fault-401, fault-403, \
        fault-404, fault-429 (Retry-After: 1), fault-429-bare (no Retry-After), fault-500, fault-502, \
        fault-503, fault-flaky (two 503s, then the day), fault-html, fault-html502, fault-badjson, \
        fault-short (23 values), fault-hours, fault-wrongdate, fault-overflow, fault-nodate, fault-huge, \
        fault-drop (connection dropped mid-answer), fault-slow (waits --slow-ms), fault-redirect-away; \
        campaigns that start with gappy have no data (404) for days before 2025-08-01. \
        Campaigns starting with 'unknown' are 404.
        """)

    @Option(help: "Address to listen on (loopback only).") var host = "127.0.0.1"
    @Option(help: "Port (0 picks a free one; the chosen port is printed).") var port = 0
    @Option(help: "The api_key the server accepts.") var apiKey = "sim-key"
    @Option(help: "The Company-Name values the server accepts (comma-separated).") var company = "demo"
    @Option(help: "Latency added to every answer, in milliseconds.") var latencyMs = 0
    @Option(help: "How long fault-slow waits, in milliseconds.") var slowMs = 10_000
    @Option(help: "Fraction of requests (0-1) answered 503 at random.") var errorRate = 0.0
    @Option(help: "Seed for the random faults.") var seed: UInt64 = 1
    @Flag(help: "Log every request on standard error.") var verbose = false
    @Flag(help: "Exit when standard input closes (so a test's server dies with the test).") var exitOnStdinEOF = false

    func validate() throws {
        guard host == "127.0.0.1" || host == "localhost" || host == "::1" else {
            throw ValidationError("closerx-sim listens on loopback only (127.0.0.1, localhost or ::1)")
        }
        guard (0...1).contains(errorRate) else { throw ValidationError("--error-rate is a fraction from 0 to 1") }
    }

    func run() async throws {
        if exitOnStdinEOF {
            // A plain thread: it blocks in read(2) until the parent goes away.
            var tid = pthread_t()
            pthread_create(&tid, nil, { _ in
                var b: UInt8 = 0
                while read(0, &b, 1) > 0 {}
                Glibc.exit(0)
            }, nil)
        }
        let state = SimState(seed: seed)
        let companies = company.split(separator: ",").map(String.init)
        let settings = SimSettings(apiKey: apiKey, companies: Set(companies), firstCompany: companies.first ?? "",
                                   latencyMs: latencyMs, slowMs: slowMs, errorRate: errorRate, verbose: verbose)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await Simulator.respond(to: request, settings: settings, state: state)
        }
        var logger = Logger(label: "closerx-sim")
        logger.logLevel = .error
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname(host, port: port), serverName: "closerx-sim"),
            onServerRunning: { channel in
                let p = channel.localAddress?.port ?? 0
                FileHandleErr.write("closerx-sim listening on http://\(host):\(p)\n", fd: 1)
            },
            logger: logger)
        try await app.runService()
    }
}

struct SimSettings: Sendable {
    var apiKey: String
    var companies: Set<String>
    /// The first company named: its numbers are the demo generator's own.
    var firstCompany: String
    var latencyMs: Int
    var slowMs: Int
    var errorRate: Double
    var verbose: Bool
}

/// Counters the faults need (fault-flaky) and the random stream.
actor SimState {
    var attempts: [String: Int] = [:]
    var rng: UInt64

    init(seed: UInt64) { rng = seed }

    func attempt(_ key: String) -> Int {
        attempts[key, default: 0] += 1
        return attempts[key]!
    }

    func unit() -> Double {
        rng = rng &* 6364136223846793005 &+ 1442695040888963407
        return Double(rng >> 11) / Double(1 << 53)
    }
}

enum SimError: Error { case dropped }

enum Simulator {
    static let prefix = "/api/v2/graph/daily-campaign-results/"

    static func respond(to request: Request, settings: SimSettings, state: SimState) async throws -> Response {
        let path = request.uri.path
        let query = request.uri.query
        if settings.verbose {
            FileHandleErr.write("closerx-sim: \(request.method) \(path)\(query.map { "?" + $0 } ?? "")\n")
        }
        if settings.latencyMs > 0 { try await Task.sleep(for: .milliseconds(settings.latencyMs)) }
        guard request.method == .get else {
            var r = text(.methodNotAllowed, "only GET is served")
            r.headers[.allow] = "GET"
            return r
        }
        guard path.hasPrefix(prefix) else { return text(.notFound, "no such path") }
        var rest = String(path.dropFirst(prefix.count))
        // Django's APPEND_SLASH: the path without its trailing slash is redirected.
        guard rest.hasSuffix("/") else {
            var location = path + "/"
            if let query { location += "?" + query }
            return Response(status: .movedPermanently, headers: [.location: location])
        }
        rest.removeLast()
        // The path is matched as Django matches it: percent-decoded, then against the documented
        // pattern; anything else (non-ASCII bytes, '/', '..') is a path the service does not have.
        guard let campaign = percentDecoded(rest), CampaignID(campaign) != nil else {
            return json(.notFound, #"{"detail":"Not found."}"#)
        }

        // Authentication first, as the real service does.
        let key = request.headers[HTTPField.Name("api_key")!]
        guard key == settings.apiKey, !campaign.hasPrefix("fault-401") else {
            return json(.unauthorized, #"{"detail":"Invalid API key."}"#)
        }
        let company = request.headers[HTTPField.Name("Company-Name")!] ?? ""
        guard settings.companies.contains(company), !campaign.hasPrefix("fault-403") else {
            return json(.forbidden, #"{"detail":"You do not have permission for this company."}"#)
        }
        if campaign.hasPrefix("unknown") || campaign.hasPrefix("fault-404") {
            return json(.notFound, #"{"detail":"Campaign not found."}"#)
        }

        var date = todayUTC()
        if let q = request.uri.queryParameters["date"] {
            guard case .success(let d) = CivilDate.parse(String(q)) else {
                return json(.badRequest, #"{"detail":"date must be YYYY-MM-DD"}"#)
            }
            date = d
        }

        // Campaigns that start with "gappy" have no data before 2025-08-01 (a 404 for those days).
        if campaign.hasPrefix("gappy"), date < CivilDate(year: 2025, month: 8, day: 1)! {
            return json(.notFound, #"{"detail":"No data for this day."}"#)
        }

        if settings.errorRate > 0, await state.unit() < settings.errorRate {
            return json(.serviceUnavailable, #"{"detail":"Service temporarily unavailable."}"#)
        }

        // Each company after the first has numbers of its own, so that a client mixing companies
        // up is caught by the numbers it shows.
        var day = DemoGenerator.day(campaign: company == settings.firstCompany ? campaign : "\(company).\(campaign)", date: date)
        day.campaign = campaign
        switch Fault(campaign: campaign) {
        case .none: return json(.ok, body(day))
        case .tooMany:
            var r = json(.tooManyRequests, #"{"detail":"Request was throttled."}"#)
            r.headers[HTTPField.Name("Retry-After")!] = "1"
            return r
        case .tooManyBare: return json(.tooManyRequests, #"{"detail":"Request was throttled."}"#)
        case .status(let code): return json(HTTPResponse.Status(code: code), #"{"detail":"Server error."}"#)
        case .flaky:
            let n = await state.attempt("\(campaign)@\(date)")
            return n <= 2 ? json(.serviceUnavailable, #"{"detail":"Service temporarily unavailable."}"#) : json(.ok, body(day))
        case .html:
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(string: "<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>")))
        case .html502:
            return Response(status: .badGateway, headers: [.contentType: "text/html"],
                            body: .init(byteBuffer: ByteBuffer(string: "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")))
        case .badJSON: return json(.ok, String(body(day).dropLast(30)))
        case .short: return json(.ok, body(day, credits: Array(day.series(.credits).dropLast())))
        case .hours: return json(.ok, body(day, hours: [1, 0] + Array(2..<24)))
        case .wrongDate:
            var d = day
            d.date = date.adding(days: -1)
            return json(.ok, body(d))
        case .overflow:
            let rest = day.series(.results).dropFirst().map { "\($0)" }.joined(separator: ",")
            return json(.ok, body(day, resultsText: "[123456789012345678901234,\(rest)]"))
        case .noDate: return json(.ok, body(day).replacingFirst("\"date\":", with: "\"day\":"))
        case .huge: return json(.ok, "{\"padding\":\"" + String(repeating: "x", count: 2 << 20) + "\"}")
        case .drop:
            let full = body(day)
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: ResponseBody(contentLength: full.utf8.count) { writer in
                                try await writer.write(ByteBuffer(string: String(full.prefix(100))))
                                throw SimError.dropped
                            })
        case .slow:
            try await Task.sleep(for: .milliseconds(settings.slowMs))
            return json(.ok, body(day))
        case .redirectAway:
            return Response(status: .found, headers: [.location: "http://127.0.0.2:9/elsewhere/"])
        }
    }

    /// The answer's JSON, written here independently of the client's own code.
    static func body(_ day: Day, credits: [Int64]? = nil, hours: [Int]? = nil, resultsText: String? = nil) -> String {
        func list<S: Sequence>(_ s: S) -> String where S.Element: BinaryInteger { "[" + s.map { "\($0)" }.joined(separator: ",") + "]" }
        return "{\"date\":\"\(day.date)\",\"hours\":\(list(hours ?? Array(0..<24))),"
            + "\"credit_deductions\":\(list(credits ?? Array(day.series(.credits)))),"
            + "\"credit_deductions_change\":\(list(day.series(.creditsChange))),"
            + "\"campaign_results\":\(resultsText ?? list(day.series(.results))),"
            + "\"campaign_results_change\":\(list(day.series(.resultsChange)))}"
    }

    static func json(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func text(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// `%41` → `A`; nil when an escape is malformed or the result is not UTF-8.
    static func percentDecoded(_ s: String) -> String? {
        var out: [UInt8] = []
        var bytes = Array(s.utf8)[...]
        while let b = bytes.popFirst() {
            guard b == UInt8(ascii: "%") else { out.append(b); continue }
            guard bytes.count >= 2, let v = UInt8(String(decoding: bytes.prefix(2), as: UTF8.self), radix: 16) else { return nil }
            out.append(v)
            bytes = bytes.dropFirst(2)
        }
        return String(validating: out, as: UTF8.self)
    }

    static func todayUTC() -> CivilDate { CivilDate(dayNumber: Int32(time(nil) / 86_400)) }
}

/// The faults a campaign id can ask for.
enum Fault: Equatable {
    case none, tooMany, tooManyBare, status(Int), flaky, html, html502, badJSON, short, hours, wrongDate
    case overflow, noDate, huge, drop, slow, redirectAway

    init(campaign c: String) {
        guard c.hasPrefix("fault-") else { self = .none; return }
        let name = c.dropFirst(6)
        let table: [(String, Fault)] = [
            ("429-bare", .tooManyBare), ("429", .tooMany), ("500", .status(500)), ("502", .status(502)),
            ("503", .status(503)), ("flaky", .flaky), ("html502", .html502), ("html", .html), ("badjson", .badJSON),
            ("short", .short), ("hours", .hours), ("wrongdate", .wrongDate), ("overflow", .overflow),
            ("nodate", .noDate), ("huge", .huge), ("drop", .drop), ("slow", .slow), ("redirect-away", .redirectAway),
        ]
        self = table.first { name.hasPrefix($0.0) }?.1 ?? .none
    }
}

enum FileHandleErr {
    static func write(_ s: String, fd: Int32 = 2) {
        var s = s
        s.withUTF8 { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let r = firstRange(of: target) else { return self }
        return String(self[..<r.lowerBound]) + replacement + String(self[r.upperBound...])
    }
}
