/// A `where` condition flattened once per query into postfix steps, so that each day's mask is
/// computed without walking (and retaining) the condition's boxed nodes: `metric CMP integer`
/// leaves run as one loop over the series; other leaves fall back to `conditionMask`.
struct MaskProgram {
    enum Step {
        case compare(Day.Series, Comparison, Int64)
        case leaf(Condition)
        case and, or, not
    }
    var steps: [Step] = []
    var stack: [UInt32] = []

    init(_ c: Condition) {
        add(c)
        stack.reserveCapacity(steps.count)
    }

    mutating func add(_ c: Condition) {
        switch c {
        case .and(let a, let b): add(a); add(b); steps.append(.and)
        case .or(let a, let b): add(a); add(b); steps.append(.or)
        case .not(let x): add(x); steps.append(.not)
        case .metrics(.metric(let m), let op, .number(.int(let k))) where m.series != nil:
            steps.append(.compare(m.series!, op, k))
        default: steps.append(.leaf(c))
        }
    }

    /// The hours of one day's 24 values `p` that compare with `k` as `op` says, as a mask.
    /// Branch-free: the data decides each bit, so a branch per hour would mispredict.
    @inline(__always)
    static func hours(_ p: UnsafePointer<Int64>, _ op: Comparison, _ k: Int64) -> UInt32 {
        var m: UInt32 = 0
        switch op {
        case .equal: for h in 0..<24 { m |= UInt32(p[h] == k ? 1 : 0) << UInt32(h) }
        case .notEqual: for h in 0..<24 { m |= UInt32(p[h] != k ? 1 : 0) << UInt32(h) }
        case .less: for h in 0..<24 { m |= UInt32(p[h] < k ? 1 : 0) << UInt32(h) }
        case .lessOrEqual: for h in 0..<24 { m |= UInt32(p[h] <= k ? 1 : 0) << UInt32(h) }
        case .greater: for h in 0..<24 { m |= UInt32(p[h] > k ? 1 : 0) << UInt32(h) }
        case .greaterOrEqual: for h in 0..<24 { m |= UInt32(p[h] >= k ? 1 : 0) << UInt32(h) }
        }
        return m
    }

    mutating func run(_ day: DayView, leaf: (Condition) -> UInt32) -> UInt32 {
        stack.removeAll(keepingCapacity: true)
        for step in steps {
            switch step {
            case .compare(let s, let op, let k):
                stack.append(Self.hours(day.v.series(s), op, k))
            case .leaf(let c): stack.append(leaf(c))
            case .and: let b = stack.removeLast(); stack[stack.count - 1] &= b
            case .or: let b = stack.removeLast(); stack[stack.count - 1] |= b
            case .not: stack[stack.count - 1] = ~stack[stack.count - 1] & HourSet.all.mask
            }
        }
        return stack[0]
    }
}
