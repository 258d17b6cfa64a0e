import CXQClient
import CXQCore
import Foundation

/// A scripted transport for unit tests: answers in turn, records every request.
final class FakeTransport: Transport, @unchecked Sendable {
    enum Step { case answer(HTTPAnswer), fail(ClientError) }
    private let lock = NSLock()
    private var steps: [Step]
    private(set) var requests: [HTTPRequestSpec] = []

    init(_ steps: [Step]) { self.steps = steps }

    func send(_ request: HTTPRequestSpec, timeout: Double, isCancelled: @escaping @Sendable () -> Bool) throws(ClientError) -> HTTPAnswer {
        lock.lock()
        requests.append(request)
        let step = steps.isEmpty ? nil : steps.removeFirst()
        lock.unlock()
        switch step {
        case .answer(let a)?: return a
        case .fail(let e)?: throw e
        case nil: throw ClientError.connectionFailed(host: "fake", detail: "no more scripted answers", retries: 0)
        }
    }

    var count: Int { lock.lock(); defer { lock.unlock() }; return requests.count }
}

enum Fixtures {
    static let date = CivilDate(year: 2025, month: 8, day: 23)!
    static let creds = Credentials(baseURL: "http://127.0.0.1:9999", company: "acme", apiKey: Secret("sk_live_TESTKEY_do_not_print"))

    /// The API's JSON for a demo day, written by hand here.
    static func body(_ campaign: String = "c1", date: CivilDate = date) -> [UInt8] {
        let d = DemoGenerator.day(campaign: campaign, date: date)
        func list<S: Sequence>(_ s: S) -> String where S.Element == Int64 { "[" + s.map(String.init).joined(separator: ",") + "]" }
        let text = "{\"date\":\"\(d.date)\",\"hours\":[\((0..<24).map(String.init).joined(separator: ","))],"
            + "\"credit_deductions\":\(list(d.series(.credits))),\"credit_deductions_change\":\(list(d.series(.creditsChange))),"
            + "\"campaign_results\":\(list(d.series(.results))),\"campaign_results_change\":\(list(d.series(.resultsChange)))}"
        return Array(text.utf8)
    }

    static func ok(_ campaign: String = "c1", date: CivilDate = date) -> FakeTransport.Step {
        .answer(HTTPAnswer(status: 200, reason: "OK", headers: [("Content-Type", "application/json")], body: body(campaign, date: date)))
    }

    static func status(_ code: Int, _ reason: String, headers: [(String, String)] = []) -> FakeTransport.Step {
        .answer(HTTPAnswer(status: code, reason: reason, headers: headers + [("Content-Type", "application/json")], body: Array("{}".utf8)))
    }

    /// A client on a fake transport that records its sleeps instead of sleeping.
    static func client(_ transport: FakeTransport, sleeps: SleepLog = SleepLog()) -> CloserXClient {
        var c = CloserXClient(credentials: creds, transport: transport)
        c.sleep = { sleeps.add($0) }
        c.random = { 0.5 }
        c.monotonic = { sleeps.total }
        return c
    }
}

/// Sleeps recorded by a fake clock (which the sleeps advance).
final class SleepLog: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Double] = []
    func add(_ s: Double) { lock.lock(); items.append(s); lock.unlock() }
    var total: Double { lock.lock(); defer { lock.unlock() }; return items.reduce(0, +) }
    var count: Int { lock.lock(); defer { lock.unlock() }; return items.count }
}
