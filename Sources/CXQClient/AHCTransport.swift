import AsyncHTTPClient
import Dispatch
import NIOCore
import NIOHTTP1
import NIOPosix
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        // A refused connection fails at once instead of being retried for the whole connect
        // timeout; the client's own retry policy tries other connection failures again.
        config.connectionPool.retryConnectionEstablishment = false
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

    /// Maps transport errors to one of the client's failures, by their types and codes.
    static func classify(_ error: Error, host: String, timeout: Double, connectTimeout: Double, limit: Int,
                         cancelled: Bool) -> ClientError {
        if cancelled { return .cancelled }
        let connectFailure = ClientError.connectTimeout(host: host, seconds: Int(connectTimeout.rounded()))
        switch error {
        case is ResponseAccumulator.ResponseTooBigError:
            return .tooLarge(limit: limit)
        case let e as HTTPClientError:
            switch e {
            case .cancelled: return .cancelled
            case .deadlineExceeded, .readTimeout: return .timeout(seconds: Int(timeout.rounded()))
            case .connectTimeout: return connectFailure
            case .remoteConnectionClosed, .bodyLengthMismatch: return .dropped(retries: 0)
            default: return .connectionFailed(host: host, detail: "the HTTP exchange failed", retries: 0)
            }
        case let e as ChannelError:
            switch e {
            case .connectTimeout: return connectFailure
            case .eof, .ioOnClosedChannel, .alreadyClosed, .outputClosed, .inputClosed: return .dropped(retries: 0)
            default: return .connectionFailed(host: host, detail: "the connection failed", retries: 0)
            }
        case let e as IOError:
            return classify(errno: e.errnoCode, host: host)
        case let e as NIOConnectionError:
            // Every address failed: report the first address's reason, or the name look-up.
            if let first = e.connectionErrors.first?.error as? IOError { return classify(errno: first.errnoCode, host: host) }
            if e.connectionErrors.isEmpty, e.dnsAError != nil || e.dnsAAAAError != nil {
                return .unreachable(host: host, .unresolved)
            }
            return .connectionFailed(host: host, detail: "the host could not be reached", retries: 0)
        case is HTTPParserError:
            return .dropped(retries: 0)
        default:
            return .connectionFailed(host: host, detail: "the connection failed (\(type(of: error)))", retries: 0)
        }
    }

    /// A system error on the connection: a reset or broken pipe is a dropped answer (worth a
    /// retry); anything else means the server could not be reached.
    static func classify(errno code: Int32, host: String) -> ClientError {
        switch code {
        case ECONNRESET, EPIPE: return .dropped(retries: 0)
        case ECONNREFUSED: return .unreachable(host: host, .refused)
        case EHOSTUNREACH, ENETUNREACH: return .connectionFailed(host: host, detail: "the host is unreachable", retries: 0)
        case ETIMEDOUT: return .connectionFailed(host: host, detail: "the connection timed out", retries: 0)
        default: return .connectionFailed(host: host, detail: "system error \(code)", retries: 0)
        }
    }
}
