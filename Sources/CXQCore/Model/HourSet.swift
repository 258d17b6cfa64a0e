/// A set of hours 0…23, kept as a bit mask.
public struct HourSet: Hashable, Sendable, Sequence {
    /// Bit `h` is set when hour `h` is in the set.
    public let mask: UInt32

    public static let all = HourSet(mask: 0x00FF_FFFF)
    public static let empty = HourSet(mask: 0)

    public init(mask: UInt32) { self.mask = mask & 0x00FF_FFFF }

    /// The hours `lo…hi`, both included.
    public init(range lo: Int, _ hi: Int) {
        var m: UInt32 = 0
        if lo <= hi { for h in lo...hi where (0..<24).contains(h) { m |= 1 << UInt32(h) } }
        self.init(mask: m)
    }

    public init<S: Sequence>(_ hours: S) where S.Element == Int {
        var m: UInt32 = 0
        for h in hours where (0..<24).contains(h) { m |= 1 << UInt32(h) }
        self.init(mask: m)
    }

    public func contains(_ hour: Int) -> Bool { hour >= 0 && hour < 24 && mask & (1 << UInt32(hour)) != 0 }
    public func union(_ other: HourSet) -> HourSet { HourSet(mask: mask | other.mask) }
    public var count: Int { mask.nonzeroBitCount }
    public var isEmpty: Bool { mask == 0 }
    public var hours: [Int] { Array(self) }

    public func makeIterator() -> Iterator { Iterator(rest: mask) }

    /// Yields the hours in ascending order.
    public struct Iterator: IteratorProtocol {
        var rest: UInt32
        public mutating func next() -> Int? {
            guard rest != 0 else { return nil }
            let h = rest.trailingZeroBitCount
            rest &= rest - 1
            return h
        }
    }

    /// Runs of consecutive hours, e.g. `[(8,8), (12,14)]`.
    public var runs: [(Int, Int)] {
        var out: [(Int, Int)] = []
        for h in self {
            if let last = out.last, last.1 == h - 1 { out[out.count - 1].1 = h } else { out.append((h, h)) }
        }
        return out
    }

    /// A label nobody can misread: clock times with the end of each run's last hour.
    /// `9..17` reads `09:00-17:59`; all 24 read `all hours`.
    public var label: String {
        if self == .all { return "all hours" }
        if isEmpty { return "no hours" }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return runs.map { "\(two($0.0)):00-\(two($0.1)):59" }.joined(separator: ",")
    }

    /// What a table's title says was selected: the hours (`all hours` only when nothing
    /// restricted the cells), then the `where` condition as written.
    public func selection(where filter: String?) -> String {
        guard let filter else { return label }
        return self == .all ? "where \(filter)" : "\(label), where \(filter)"
    }

    /// The compact input form, e.g. `8,12..14,20`.
    public var source: String {
        runs.map { $0.0 == $0.1 ? "\($0.0)" : "\($0.0)..\($0.1)" }.joined(separator: ",")
    }
}
