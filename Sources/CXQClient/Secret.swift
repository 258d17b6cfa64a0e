/// An API key. Its description is always `***`, so it cannot leak into a message, a log line
/// or a dump by accident; `reveal()` is called in one place only: the request header.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) { self.value = value }

    public var description: String { "***" }
    public var debugDescription: String { "***" }
    public var isEmpty: Bool { value.isEmpty }

    /// The key itself, for the `api_key` header and for tests that look for leaks.
    public func reveal() -> String { value }
}
