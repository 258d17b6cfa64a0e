/// A half-open range of UTF-8 byte offsets into the line a statement came from.
public struct SourceRange: Hashable, Sendable {
    public var lower: Int
    public var upper: Int
    public init(_ lower: Int, _ upper: Int) { self.lower = lower; self.upper = upper }

    /// The smallest range holding both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(Swift.min(lower, other.lower), Swift.max(upper, other.upper))
    }
}
