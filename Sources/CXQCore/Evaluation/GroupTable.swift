/// The groups of a query: each a tuple of key codes (integers that sort in the key's own
/// order), found through the day-level part once per day and, for `hour`, a row of 24.
struct GroupTable {
    let keys: [GroupKey]
    let hasHour: Bool
    let dayKeys: [GroupKey]
    /// Key codes of every group, `keys.count` a group, in the order of `keys`.
    private var flatCodes: [Int64] = []
    private(set) var count = 0
    private var partIndex: [PartKey: Int] = [:]
    private var partCodes: [PartKey] = []
    /// Group of each day part (no hour key), or of each (day part, hour); -1 until seen.
    private var groupOf: [Int32] = []
    /// The hours of each day part whose groups exist.
    private var hoursMade: [UInt32] = []
    /// Each campaign index's rank in byte order, and the campaign ids by rank.
    private let rankOf: [Int]
    private let campaigns: [String]

    init(keys: [GroupKey], ws: Workspace) {
        self.keys = keys
        hasHour = keys.contains(.hour)
        dayKeys = keys.filter(\.isDayLevel)
        let needsRanks = keys.contains(.campaign) || keys.contains(.day)
        rankOf = needsRanks ? ws.campaignRankByIndex : []
        var c = Array(repeating: "", count: rankOf.count)
        for (i, r) in rankOf.enumerated() { c[r] = ws.campaignNames[i] }
        campaigns = c
    }

    /// The index of a day's day-level key part (created on first sight).
    mutating func reserve(_ n: Int) {
        partIndex.reserveCapacity(n)
        partCodes.reserveCapacity(n)
        groupOf.reserveCapacity(hasHour ? n * 24 : n)
        flatCodes.reserveCapacity(n * keys.count)
    }

    /// Dense part numbers without hashing, when the day-level keys' values fit a small table:
    /// each key's value becomes an offset (weekday 0-6, campaign index, days/weeks/months from the
    /// first, the entry itself for `day`), and a part is the pair's place in the table.
    private var dense = false
    /// True when day parts are found by offset, without hashing (`prepareDense`).
    var isDense: Bool { dense }
    private var denseSize: [Int] = []
    private var denseBase: [Int64] = []
    private var partOfDense: [Int32] = []

    mutating func prepareDense(_ ws: Workspace, _ ix: [Int]) {
        guard !dayKeys.isEmpty, !ix.isEmpty else { return }
        var lo = Int32.max, hi = Int32.min
        for i in ix { lo = Swift.min(lo, ws.entryDate[i]); hi = Swift.max(hi, ws.entryDate[i]) }
        var sizes: [Int] = [], bases: [Int64] = []
        for k in dayKeys {
            switch k {
            case .weekday: sizes.append(7); bases.append(0)
            case .campaign: sizes.append(ws.campaignNames.count); bases.append(0)
            case .date: sizes.append(Int(hi - lo) + 1); bases.append(Int64(lo))
            case .week: sizes.append(Int(hi - lo) / 7 + 2); bases.append(Int64(Self.mondayWeek(lo)))
            case .month:
                let a = CivilDate(dayNumber: lo).parts, b = CivilDate(dayNumber: hi).parts
                sizes.append((b.year * 12 + b.month) - (a.year * 12 + a.month) + 1); bases.append(Int64(a.year * 12 + a.month - 1))
            case .day: sizes.append(ws.count); bases.append(0)
            case .hour: break
            }
        }
        let total = sizes.reduce(1, *)
        guard total <= 4 * ix.count + 4096 else { return }
        dense = true
        denseSize = sizes
        denseBase = bases
        partOfDense = Array(repeating: -1, count: total)
    }

    static func mondayWeek(_ dayNumber: Int32) -> Int32 {
        let d = CivilDate(dayNumber: dayNumber)
        return (dayNumber - Int32((d.weekday + 6) % 7) + 3) / 7 // weeks counted from a Thursday epoch
    }

    @inline(__always)
    func denseOffset(_ k: GroupKey, _ day: DayView, entry: Int, _ n: Int) -> Int {
        switch k {
        case .weekday: return (day.date.weekday + 6) % 7
        case .campaign: return Int(day.campaign)
        case .date: return Int(Int64(day.date.dayNumber) - denseBase[n])
        case .week: return Int(Int64(Self.mondayWeek(day.date.dayNumber)) - denseBase[n])
        case .month:
            let p = day.date.parts
            return Int(Int64(p.year * 12 + p.month - 1) - denseBase[n])
        case .day: return entry
        case .hour: return 0
        }
    }

    mutating func dayPart(_ day: DayView, entry: Int) -> Int {
        if partCodes.isEmpty { addPart(PartKey(a: 0, b: 0)) }
        if dayKeys.isEmpty { return 0 }
        if dense {
            var at = denseOffset(dayKeys[0], day, entry: entry, 0)
            if dayKeys.count > 1 { at = at * denseSize[1] + denseOffset(dayKeys[1], day, entry: entry, 1) }
            let known = partOfDense[at]
            if known >= 0 { return Int(known) }
            let part = PartKey(a: code(dayKeys[0], day), b: dayKeys.count > 1 ? code(dayKeys[1], day) : 0)
            let i = addPart(part)
            partOfDense[at] = Int32(i)
            return i
        }
        let part = PartKey(a: code(dayKeys[0], day), b: dayKeys.count > 1 ? code(dayKeys[1], day) : 0)
        if let i = partIndex[part] { return i }
        return addPart(part)
    }

    @discardableResult
    private mutating func addPart(_ part: PartKey) -> Int {
        let i = partCodes.count
        if !dense && (!dayKeys.isEmpty || i == 0) { partIndex[part] = i }
        partCodes.append(part)
        for _ in 0..<(hasHour ? 24 : 1) { groupOf.append(-1) }
        return i
    }

    /// The group of a day part (and hour), created on first sight.
    mutating func group(dayPart p: Int, hour: Int?) -> Int {
        if partCodes.isEmpty { addPart(PartKey(a: 0, b: 0)) }
        let slot = hasHour ? p * 24 + (hour ?? 0) : p
        if groupOf[slot] >= 0 { return Int(groupOf[slot]) }
        let g = count
        count += 1
        groupOf[slot] = Int32(g)
        var used = 0
        for k in keys {
            if k == .hour { flatCodes.append(Int64(hour ?? 0)); continue }
            flatCodes.append(used == 0 ? partCodes[p].a : partCodes[p].b)
            used += 1
        }
        return g
    }

    /// Runs `body` with the groups of a day part's 24 hours (those in `mask` created first).
    mutating func withHourRow(_ p: Int, mask: UInt32, _ body: (UnsafeBufferPointer<Int32>, Int) throws(QueryError) -> Void) throws(QueryError) {
        if p >= hoursMade.count { hoursMade += Array(repeating: 0, count: p + 1 - hoursMade.count) }
        if hoursMade[p] & mask != mask {
            var rest = mask & ~hoursMade[p]
            while rest != 0 {
                let h = rest.trailingZeroBitCount
                rest &= rest - 1
                if groupOf[p * 24 + h] < 0 { _ = group(dayPart: p, hour: h) }
            }
            hoursMade[p] |= mask
        }
        let n = count
        try groupOf.withUnsafeBufferPointer { all throws(QueryError) in
            try body(UnsafeBufferPointer(start: all.baseAddress! + p * 24, count: 24), n)
        }
    }

    func code(of g: Int, key k: Int) -> Int64 { flatCodes[g * keys.count + k] }

    func codes(of g: Int) -> [Int64] { (0..<keys.count).map { code(of: g, key: $0) } }

    /// Key order between two groups.
    func keyLess(_ x: Int, _ y: Int) -> Bool {
        for k in 0..<keys.count {
            let a = code(of: x, key: k), b = code(of: y, key: k)
            if a != b { return a < b }
        }
        return false
    }

    func code(_ k: GroupKey, _ day: DayView) -> Int64 {
        switch k {
        case .hour: return 0
        case .date: return Int64(day.date.dayNumber)
        case .weekday: return Int64((day.date.weekday + 6) % 7)
        case .month:
            let p = day.date.parts
            return Int64(p.year * 12 + p.month - 1)
        case .week:
            let (y, w) = day.date.isoWeek
            return Int64(y * 100 + w)
        case .campaign: return Int64(rankOf[Int(day.campaign)])
        case .day: return Int64(rankOf[Int(day.campaign)]) << 32 | Int64(Int64(day.date.dayNumber) + Int64(Int32.max))
        }
    }

    /// A key's code as the cell shown.
    func cell(_ k: GroupKey, _ code: Int64) -> Cell {
        switch k {
        case .hour: return .int(code)
        case .date: return .text(CivilDate(dayNumber: Int32(code)).description)
        case .weekday: return .text(Vocabulary.weekdays[Int(code)])
        case .month:
            let y = code / 12, m = code % 12 + 1
            return .text("\(y)-\(m < 10 ? "0" : "")\(m)")
        case .week:
            let y = code / 100, w = code % 100
            return .text("\(y)-W\(w < 10 ? "0" : "")\(w)")
        case .campaign: return .text(campaigns[Int(code)])
        case .day:
            let date = CivilDate(dayNumber: Int32(truncatingIfNeeded: (code & 0xFFFF_FFFF) - Int64(Int32.max)))
            return .text("\(campaigns[Int(code >> 32)])@\(date)")
        }
    }

    /// A group's key against a `having` literal: -1, 0 or 1 (2 when they cannot be compared).
    func compare(_ a: Attribute, _ code: Int64, _ v: AttributeOrder, _ today: CivilDate) -> Int {
        switch (a, v) {
        case (.hour, .number(let x)), (.weekday, .number(let x)):
            return code < x ? -1 : (code == Int64(x) ? 0 : 1)
        case (.date, .date(let spec)):
            let d = Int64(spec.resolve(today: today).dayNumber)
            return code < d ? -1 : (code == d ? 0 : 1)
        case (.campaign, .text(let c)):
            let mine = campaigns[Int(code)]
            if mine == c { return 0 }
            return Array(mine.utf8).lexicographicallyPrecedes(Array(c.utf8)) ? -1 : 1
        default:
            return 2
        }
    }
}

/// The day-level key codes of a group (one or two keys), as a hashable pair.
struct PartKey: Hashable {
    var a: Int64
    var b: Int64
}
