import CXQClient
import CXQCore
import Testing

@Suite struct CloserXClientTests {
    let date = Fixtures.date

    @Test func buildsTheDocumentedRequest() throws {
        let t = FakeTransport([Fixtures.ok()])
        let day = try Fixtures.client(t).fetch(campaign: "c1", date: date, now: 0)
        #expect(day == { var d = DemoGenerator.day(campaign: "c1", date: date); d.origin = .api; d.sourceDetail = "http://127.0.0.1:9999 (acme)"; d.fetchedAt = 0; return d }())
        #expect(t.requests.count == 1)
        let r = t.requests[0]
        #expect(r.url == "http://127.0.0.1:9999/api/v2/graph/daily-campaign-results/c1/?date=2025-08-23")
        #expect(r.headers.contains { $0.0 == "Company-Name" && $0.1 == "acme" })
        #expect(r.headers.contains { $0.0 == "api_key" && $0.1 == "sk_live_TESTKEY_do_not_print" })
    }

    @Test func withoutADateTakesTheServersDay() throws {
        let t = FakeTransport([Fixtures.ok()])
        let day = try Fixtures.client(t).fetch(campaign: "c1", date: nil, now: 0)
        #expect(day.date == date)
        #expect(t.requests[0].url.hasSuffix("/c1/"))
    }

    @Test func fiveHundredsAreRetriedThreeTimesWithBackoff() {
        let t = FakeTransport(Array(repeating: Fixtures.status(503, "Service Unavailable"), count: 5))
        let sleeps = SleepLog()
        #expect(throws: ClientError.status(503, reason: "Service Unavailable", retries: 3, company: "acme", campaign: "c1")) {
            try Fixtures.client(t, sleeps: sleeps).fetch(campaign: "c1", date: date, now: 0)
        }
        #expect(t.count == 4)
        // Full jitter with random() = 0.5: half of 0.25, 0.5, 1.0 seconds.
        #expect(abs(sleeps.total - (0.125 + 0.25 + 0.5)) < 1e-9)
    }

    @Test func recoversWhenARetrySucceeds() throws {
        let t = FakeTransport([Fixtures.status(502, "Bad Gateway"), .fail(.dropped(retries: 0)), Fixtures.ok()])
        _ = try Fixtures.client(t).fetch(campaign: "c1", date: date, now: 0)
        #expect(t.count == 3)
    }

    @Test func refusedConnectionsFailAtOnceOtherConnectionFailuresAreRetried() throws {
        let refused = FakeTransport([.fail(.unreachable(host: "h", .refused)), Fixtures.ok()])
        #expect(throws: ClientError.unreachable(host: "h", .refused)) {
            try Fixtures.client(refused).fetch(campaign: "c1", date: date, now: 0)
        }
        #expect(refused.count == 1)
        #expect(ClientError.unreachable(host: "h", .unresolved).failsTheRest)
        let flaky = FakeTransport([.fail(.connectionFailed(host: "h", detail: "the host is unreachable", retries: 0)), Fixtures.ok()])
        _ = try Fixtures.client(flaky).fetch(campaign: "c1", date: date, now: 0)
        #expect(flaky.count == 2)
    }

    @Test func tooManyRequestsHonoursRetryAfterCapped() {
        let t = FakeTransport([Fixtures.status(429, "Too Many Requests", headers: [("Retry-After", "2")]),
                               Fixtures.status(429, "Too Many Requests", headers: [("Retry-After", "3600")]),
                               Fixtures.status(429, "Too Many Requests"), Fixtures.status(429, "Too Many Requests")])
        let sleeps = SleepLog()
        #expect(throws: ClientError.self) { try Fixtures.client(t, sleeps: sleeps).fetch(campaign: "c1", date: date, now: 0) }
        #expect(t.count == 4)
        #expect(abs(sleeps.total - (2 + 10 + 0.5)) < 1e-9) // 2 s, capped 10 s, then backoff 1.0 × 0.5
    }

    @Test(arguments: [(401, "Unauthorized"), (403, "Forbidden"), (404, "Not Found"), (400, "Bad Request")])
    func clientErrorsAreNotRetried(_ code: Int, _ reason: String) {
        let t = FakeTransport([Fixtures.status(code, reason), Fixtures.ok()])
        #expect(throws: ClientError.self) { try Fixtures.client(t).fetch(campaign: "c1", date: date, now: 0) }
        #expect(t.count == 1)
    }

    @Test func totalTimeIsCapped() {
        let t = FakeTransport(Array(repeating: Fixtures.status(429, "Too Many Requests", headers: [("Retry-After", "10")]), count: 5))
        var c = Fixtures.client(t)
        c.retry.totalCap = 15
        do {
            _ = try c.fetch(campaign: "c1", date: date, now: 0)
            Issue.record("no error")
        } catch {
            #expect(error.sentence.hasPrefix("gave up after 15 s of retrying"))
        }
        #expect(t.count == 2)
    }

    @Test func answersAreValidated() {
        func fails(_ body: String, status: Int = 200, type: String = "application/json") -> String {
            let t = FakeTransport([.answer(HTTPAnswer(status: status, headers: [("Content-Type", type)], body: Array(body.utf8)))])
            do { _ = try Fixtures.client(t).fetch(campaign: "c1", date: date, now: 0); return "accepted" } catch { return error.sentence }
        }
        let good = String(decoding: Fixtures.body(), as: UTF8.self)
        #expect(fails("<html><body>Login</body></html>", type: "text/html") == "the server answered 200 with an HTML page instead of JSON; a proxy may be in the way, or the base URL is not the API")
        #expect(fails(String(good.dropLast(10))) == "the answer is not valid JSON: the JSON is truncated (it ends in the middle of a value)")
        #expect(fails(good.replacingOccurrences(of: "\"credit_deductions\":[", with: "\"credit_deductions\":[1,")) == "the answer was rejected: field 'credit_deductions' has 25 values; expected 24")
        #expect(fails(good.replacingOccurrences(of: "2025-08-23", with: "2025-08-22")) == "the server answered with 2025-08-22 when 2025-08-23 was asked for; the day was not stored")
        #expect(fails(good.replacingOccurrences(of: "\"campaign_results\":[", with: "\"campaign_results\":[99999999999999999999,").replacingOccurrences(of: ",\"campaign_results_change\"", with: ",\"x\":0,\"campaign_results_change\"")).contains("campaign_results"))
        #expect(fails("[1,2]") == "the answer was rejected: the record is not a JSON object")
    }

    @Test func redirectsAreFollowedOnlyOnTheSameServer() throws {
        let same = FakeTransport([.answer(HTTPAnswer(status: 301, headers: [("Location", "/api/v2/graph/daily-campaign-results/c1/?date=2025-08-23")], body: [])), Fixtures.ok()])
        _ = try Fixtures.client(same).fetch(campaign: "c1", date: date, now: 0)
        #expect(same.count == 2)
        let away = FakeTransport([.answer(HTTPAnswer(status: 302, headers: [("Location", "https://evil.example/steal")], body: [])), Fixtures.ok()])
        #expect(throws: ClientError.redirectElsewhere("https://evil.example:443")) {
            try Fixtures.client(away).fetch(campaign: "c1", date: date, now: 0)
        }
        #expect(away.count == 1, "the key never goes to another server")
    }

    @Test func cancellationStopsRetrying() {
        let t = FakeTransport(Array(repeating: Fixtures.status(503, "Service Unavailable"), count: 5))
        #expect(throws: ClientError.cancelled) {
            try Fixtures.client(t).fetch(campaign: "c1", date: date, now: 0, isCancelled: { t.count >= 1 })
        }
        #expect(t.count == 1)
    }

    @Test(arguments: ["a/b", "..", "c1\r\nX-Evil: 1", "", String(repeating: "a", count: 65), "c 1", "é"])
    func unsafeCampaignIdsNeverReachTheURL(_ id: String) {
        let t = FakeTransport([Fixtures.ok()])
        #expect(throws: ClientError.self) { try Fixtures.client(t).fetch(campaign: id, date: date, now: 0) }
        #expect(t.count == 0)
    }

    @Test(arguments: ["acme\r\nX-Evil: 1", "../etc", "a/b", "", "a b", "acme\u{0}"])
    func unsafeCompanyNamesAreRejected(_ company: String) {
        #expect(throws: ClientError.self) {
            try Credentials(baseURL: "https://app.closerx.ai", company: company, apiKey: Secret("k")).validated()
        }
    }

    @Test(arguments: [("https://app.closerx.ai/", "https://app.closerx.ai"), ("http://127.0.0.1:8080", "http://127.0.0.1:8080")])
    func baseURLsAreNormalised(_ raw: String, _ expected: String) throws {
        #expect(try Endpoint.normalizedBaseURL(raw) == expected)
    }

    @Test(arguments: ["ftp://x", "https://user:pw@host", "https://host/?a=1", "app.closerx.ai", "https://ho st"])
    func badBaseURLsAreRejected(_ raw: String) {
        #expect(throws: ClientError.self) { try Endpoint.normalizedBaseURL(raw) }
    }

    @Test func theKeyNeverPrints() {
        let k = Secret("sk_live_TESTKEY_do_not_print")
        #expect("\(k)" == "***")
        #expect(String(reflecting: k) == "***")
        #expect(!"\(Fixtures.creds)".contains("TESTKEY"))
        let entry = RequestLogEntry(url: "http://h/x/", status: 200, milliseconds: 12.4, retries: 1)
        #expect(entry.description == "GET http://h/x/ -> 200 in 12 ms (retry 1; api_key: ***)")
    }

    @Test func retryDelaysStayWithinBounds() {
        let p = RetryPolicy()
        for attempt in 1...10 {
            let d = p.delay(attempt: attempt, retryAfter: nil, random: { 0.999 })
            #expect(d <= p.maxDelay && d >= 0)
        }
        #expect(p.delay(attempt: 1, retryAfter: 99, random: { 0 }) == p.retryAfterCap)
        #expect(RetryPolicy.parseRetryAfter(" 7 ") == 7)
        #expect(RetryPolicy.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
    }
}
