/// One HTTP request as the client means it.
public struct HTTPRequestSpec: Sendable, Equatable {
    public var url: String
    public var headers: [(String, String)]

    public init(url: String, headers: [(String, String)]) {
        self.url = url
        self.headers = headers
    }

    public static func == (a: HTTPRequestSpec, b: HTTPRequestSpec) -> Bool {
        a.url == b.url && a.headers.map { $0.0 + ":" + $0.1 } == b.headers.map { $0.0 + ":" + $0.1 }
    }
}

/// One HTTP answer.
public struct HTTPAnswer: Sendable, Equatable {
    public var status: Int
    public var reason: String
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, reason: String = "", headers: [(String, String)] = [], body: [UInt8]) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }

    /// The first header of that name (case-insensitive).
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.0.lowercased() == n }?.1
    }

    public static func == (a: HTTPAnswer, b: HTTPAnswer) -> Bool {
        a.status == b.status && a.body == b.body
    }
}

/// Sends a request and waits for the answer, blocking the calling thread. Implementations
/// throw `ClientError` for transport failures (timeouts, refused or dropped connections).
public protocol Transport: Sendable {
    func send(_ request: HTTPRequestSpec, timeout: Double, isCancelled: @escaping @Sendable () -> Bool) throws(ClientError) -> HTTPAnswer
}
