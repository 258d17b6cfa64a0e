#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Environment variables: the process's own (read with `getenv` when asked, so start-up builds
/// no dictionary of them), or fixed values for tests.
public struct Environment: Sendable, ExpressibleByDictionaryLiteral {
    let fixed: [String: String]?

    /// The process's environment.
    public static let process = Environment(fixed: nil)

    init(fixed: [String: String]?) { self.fixed = fixed }

    public init(_ values: [String: String]) { fixed = values }

    public init(dictionaryLiteral elements: (String, String)...) {
        var d: [String: String] = [:]
        for (k, v) in elements { d[k] = v }
        fixed = d
    }

    public subscript(key: String) -> String? {
        if let fixed { return fixed[key] }
        return getenv(key).map { String(cString: $0) }
    }

    public subscript(key: String, default value: String) -> String { self[key] ?? value }
}
