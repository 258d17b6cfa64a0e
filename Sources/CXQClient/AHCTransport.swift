import AsyncHTTPClient
import Dispatch
import NIOCore
import NIOHTTP1

/// The transport over async-http-client. The HTTP client is created on the first request,
/// so start-up never pays for its event-loop threads.
public final class AHCTransport: Transport, @unchecked Sendable {
    public let connectTimeout: Double
    public let maxBodySize: Int
    private let lock = DispatchSemaphore(value: 1)
    // Guarded by `lock`.
    private var client: HTTPClient?

    public init(connectTimeout: Double = 5, maxBodySize: Int = 1 << 20) {
        self.connectTimeout = connectTimeout
        self.maxBodySize = maxBodySize
    }

    /// The shared client, made on first use.
    func httpClient() -> HTTPClient {
        lock.wait()
        defer { lock.signal() }
        if let client { return client }
        var config = HTTPClient.Configuration()
        config.timeout = .init(connect: .milliseconds(Int64(connectTimeout * 1000)), read: nil)
        // Redirects are handled by the client, which follows them only on the same server.
        config.redirectConfiguration = .disallow
        config.decompression = .disabled
        let c = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        client = c
        return c
    }

    /// Shuts the client down, if one was made.
    public func shutdown() {
        lock.wait()
        let c = client
        client = nil
        lock.signal()
        try? c?.syncShutdown()
    }

    public func send(_ spec: HTTPRequestSpec, timeout: Double,
                     isCancelled: @escaping @Sendable () -> Bool) throws(ClientError) -> HTTPAnswer {
        let host = Endpoint.origin(spec.url)
        let request: HTTPClient.Request
        do {
            var headers = HTTPHeaders()
            for (k, v) in spec.headers { headers.add(name: k, value: v) }
            request = try HTTPClient.Request(url: spec.url, method: .GET, headers: headers)
        } catch {
            throw ClientError.configuration("the URL for \(host) could not be built")
        }
        let client = httpClient()
        let task = client.execute(request: request,
                                  delegate: ResponseAccumulator(request: request, maxBodySize: maxBodySize),
                                  deadline: .now() + .milliseconds(Int64(timeout * 1000)))
        let done = DispatchSemaphore(value: 0)
        task.futureResult.whenComplete { _ in done.signal() }
        // Wait in slices so that a cancellation (Ctrl-C) takes effect within a tenth of a second.
        while done.wait(timeout: .now() + .milliseconds(100)) == .timedOut {
            if isCancelled() { task.cancel() }
        }
        let response: HTTPClient.Response
        do {
            response = try task.futureResult.wait()
        } catch {
            throw AHCTransport.classify(error, host: host, timeout: timeout, connectTimeout: connectTimeout,
                                        limit: maxBodySize, cancelled: isCancelled())
        }
        var body: [UInt8] = []
        if var buffer = response.body { body = buffer.readBytes(length: buffer.readableBytes) ?? [] }
        return HTTPAnswer(status: Int(response.status.code), reason: response.status.reasonPhrase,
                          headers: response.headers.map { ($0.name, $0.value) }, body: body)
    }

    /// Maps transport errors to one of the client's failures.
    static func classify(_ error: Error, host: String, timeout: Double, connectTimeout: Double, limit: Int,
                         cancelled: Bool) -> ClientError {
        if cancelled { return .cancelled }
        if error is ResponseAccumulator.ResponseTooBigError { return .tooLarge(limit: limit) }
        if let e = error as? HTTPClientError {
            switch e {
            case .cancelled: return .cancelled
            case .deadlineExceeded, .readTimeout: return .timeout(seconds: Int(timeout.rounded()))
            case .connectTimeout: return .connectTimeout(host: host, seconds: Int(connectTimeout.rounded()))
            case .remoteConnectionClosed, .bodyLengthMismatch: return .dropped(retries: 0)
            default: break
            }
            let text = "\(e)"
            if text.contains("connectTimeout") { return .connectTimeout(host: host, seconds: Int(connectTimeout.rounded())) }
            if text.contains("closed") || text.contains("EOF") { return .dropped(retries: 0) }
        }
        if let e = error as? ChannelError {
            switch e {
            case .connectTimeout: return .connectTimeout(host: host, seconds: Int(connectTimeout.rounded()))
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return .dropped(retries: 0)
            default: break
            }
        }
        if let e = error as? IOError {
            if e.errnoCode == 104 || e.errnoCode == 32 { return .dropped(retries: 0) } // ECONNRESET, EPIPE
            return .connectionFailed(host: host, detail: describe(errno: e.errnoCode), retries: 0)
        }
        let text = String(describing: error) + " " + String(describing: type(of: error))
        if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("connect(descriptor") {
            return .connectionFailed(host: host, detail: "connection refused", retries: 0)
        }
        if text.contains("NIOConnectionError") || text.contains("resolve") {
            return .connectionFailed(host: host, detail: "the host could not be reached", retries: 0)
        }
        if text.contains("HTTPParserError") || text.contains("invalidEOF") || text.contains("unclean") {
            return .dropped(retries: 0)
        }
        return .connectionFailed(host: host, detail: "the connection failed (\(type(of: error)))", retries: 0)
    }

    static func describe(errno code: Int32) -> String {
        switch code {
        case 111: return "connection refused"
        case 113, 101: return "the host is unreachable"
        case 110: return "the connection timed out"
        default: return "system error \(code)"
        }
    }
}
