import CXQCore

/// Asks CloserX for one campaign's day: builds the request, retries what is worth retrying,
/// validates the answer as `spec/api.md` says, and checks the date.
public struct CloserXClient: Sendable {
    public let credentials: Credentials
    public let transport: any Transport
    public var retry = RetryPolicy()
    /// The request timeout in seconds (the connect timeout belongs to the transport).
    public var requestTimeout = 30.0
    /// Waits between retries; injected so that unit tests need not sleep.
    public var sleep: @Sendable (Double) -> Void = { s in CXQClient.sleep(seconds: s) }
    public var random: @Sendable () -> Double = { Double.random(in: 0..<1) }
    public var monotonic: @Sendable () -> Double = { CXQClient.monotonic() }
    /// Receives one line per request when `--verbose` is on.
    public var log: (@Sendable (RequestLogEntry) -> Void)?

    public init(credentials: Credentials, transport: any Transport) {
        self.credentials = credentials
        self.transport = transport
    }

    /// Fetches and validates one day; nil `date` takes the server's latest day.
    public func fetch(campaign: String, date: CivilDate?, now: Int64,
                      isCancelled: @escaping @Sendable () -> Bool = { false }) throws(ClientError) -> Day {
        let url = try Endpoint.url(base: credentials.baseURL, campaign: campaign, date: date)
        let answer = try fetchWithRetries(url: url, campaign: campaign, isCancelled: isCancelled)
        return try decode(answer, campaign: campaign, asked: date, now: now)
    }

    func headers() -> [(String, String)] {
        [("Company-Name", credentials.company), ("api_key", credentials.apiKey.reveal()), ("Accept", "application/json"),
         ("User-Agent", "cxq/1")]
    }

    func fetchWithRetries(url: String, campaign: String, isCancelled: @escaping @Sendable () -> Bool) throws(ClientError) -> HTTPAnswer {
        let start = monotonic()
        var attempt = 0
        var target = url
        var redirects = 0
        while true {
            if isCancelled() { throw ClientError.cancelled }
            let t0 = monotonic()
            var failure = ClientError.cancelled
            var retryAfter: Double?
            let sent: HTTPAnswer
            do throws(ClientError) {
                sent = try transport.send(HTTPRequestSpec(url: target, headers: headers()),
                                          timeout: requestTimeout, isCancelled: isCancelled)
                log?(RequestLogEntry(url: target, status: sent.status, milliseconds: (monotonic() - t0) * 1000, retries: attempt))
            } catch {
                if error == .cancelled { throw error }
                log?(RequestLogEntry(url: target, status: nil, milliseconds: (monotonic() - t0) * 1000, retries: attempt))
                sent = HTTPAnswer(status: 0, body: [])
                failure = error
            }
            if sent.status != 0 {
                let answer = sent
                if [301, 302, 307, 308].contains(answer.status), let location = answer.header("Location") {
                    let next = location.hasPrefix("/") ? credentials.baseURL.prefixOrigin + location : location
                    guard Endpoint.origin(next) == Endpoint.origin(credentials.baseURL) else {
                        throw ClientError.redirectElsewhere(Endpoint.origin(next))
                    }
                    redirects += 1
                    guard redirects <= 3 else { throw ClientError.tooManyRedirects }
                    target = next
                    continue
                }
                if answer.status == 200 { return answer }
                failure = classify(answer, campaign: campaign)
                if answer.status == 429 { retryAfter = RetryPolicy.parseRetryAfter(answer.header("Retry-After")) }
            }
            guard failure.isRetryable, attempt < retry.maxRetries else { throw failure.with(retries: attempt) }
            attempt += 1
            let wait = retry.delay(attempt: attempt, retryAfter: retryAfter, random: random)
            if monotonic() - start + wait > retry.totalCap {
                throw ClientError.totalTimeExceeded(seconds: Int(retry.totalCap), last: failure.with(retries: attempt - 1).sentence)
            }
            // Sleep in slices so that a cancellation is seen quickly.
            var left = wait
            while left > 0 {
                if isCancelled() { throw ClientError.cancelled }
                let step = min(left, 0.1)
                sleep(step)
                left -= step
            }
        }
    }

    /// A non-200 answer as a failure; HTML pages (proxies, error pages) are told apart.
    func classify(_ answer: HTTPAnswer, campaign: String) -> ClientError {
        if looksLikeHTML(answer) && ![401, 403, 404, 429].contains(answer.status) { return .htmlPage(status: answer.status) }
        if answer.status == 404 {
            var detail: String?
            if !looksLikeHTML(answer), case .success(let json) = JSONParser.parse(answer.body), case .string(let d)? = json["detail"] {
                detail = ClientError.quotable(d)
            }
            return .notFound(detail: detail, company: credentials.company, campaign: campaign)
        }
        return .status(answer.status, reason: answer.reason.isEmpty ? "" : answer.reason, retries: 0,
                       company: credentials.company, campaign: campaign)
    }

    func looksLikeHTML(_ a: HTTPAnswer) -> Bool {
        if let t = a.header("Content-Type")?.lowercased(), t.contains("text/html") { return true }
        let head = a.body.prefix(64).drop(while: { $0 == ASCII.space || $0 == ASCII.newline || $0 == ASCII.carriageReturn || $0 == ASCII.tab })
        return head.first == ASCII.lessThan
    }

    /// Validates a 200 answer and builds the day.
    func decode(_ answer: HTTPAnswer, campaign: String, asked: CivilDate?, now: Int64) throws(ClientError) -> Day {
        if looksLikeHTML(answer) { throw ClientError.htmlPage(status: answer.status) }
        guard String(validating: answer.body, as: UTF8.self) != nil else {
            throw ClientError.invalidJSON("the body is not valid UTF-8")
        }
        let json: JSONValue
        switch JSONParser.parse(answer.body) {
        case .failure(let e): throw ClientError.invalidJSON(e.message)
        case .success(let v): json = v
        }
        let detail = "\(credentials.baseURL) (\(credentials.company))"
        switch DayRecord.decode(json, campaign: campaign, origin: .api, sourceDetail: detail, fetchedAt: now) {
        case .failure(let e): throw ClientError.invalidAnswer(e.message)
        case .success(let day):
            if let asked, day.date != asked { throw ClientError.wrongDate(asked: asked.description, answered: day.date.description) }
            return day
        }
    }
}

/// What `--verbose` logs of one request. The key is never part of it.
public struct RequestLogEntry: Sendable, Equatable, CustomStringConvertible {
    public var url: String
    public var status: Int?
    public var milliseconds: Double
    public var retries: Int

    public init(url: String, status: Int?, milliseconds: Double, retries: Int) {
        self.url = url
        self.status = status
        self.milliseconds = milliseconds
        self.retries = retries
    }

    public var description: String {
        let ms = Int(milliseconds.rounded())
        return "GET \(url) -> \(status.map(String.init) ?? "no answer") in \(ms) ms (retry \(retries); api_key: ***)"
    }
}

extension String {
    /// `scheme://host[:port]` of a base URL, without any path prefix.
    var prefixOrigin: String {
        let bytes = Array(utf8)
        var i = 0
        while i + 2 < bytes.count, !(bytes[i] == ASCII.colon && bytes[i + 1] == ASCII.slash && bytes[i + 2] == ASCII.slash) { i += 1 }
        var j = min(i + 3, bytes.count)
        while j < bytes.count, bytes[j] != ASCII.slash { j += 1 }
        return String(decoding: bytes[0..<j], as: UTF8.self)
    }
}
