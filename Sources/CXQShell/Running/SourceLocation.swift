/// Where a line came from: a file name (or `<stdin>`, `<command>`) and a 1-based line number.
public struct SourceLocation: Sendable, Equatable {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) { self.file = file; self.line = line }
}
