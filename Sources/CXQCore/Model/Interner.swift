/// Values kept once each and named by a small index (campaign ids, sources): what lets a day
/// carry four integers instead of strings.
struct Interner<Value: Hashable & Sendable>: Sendable {
    private(set) var values: [Value] = []
    private var ids: [Value: Int32] = [:]

    /// The index of a value, added when new.
    mutating func id(_ value: Value) -> Int32 {
        if let i = ids[value] { return i }
        let i = Int32(values.count)
        values.append(value)
        ids[value] = i
        return i
    }

    /// The index of a value already held.
    func existing(_ value: Value) -> Int32? { ids[value] }

    subscript(i: Int32) -> Value { values[Int(i)] }
}
