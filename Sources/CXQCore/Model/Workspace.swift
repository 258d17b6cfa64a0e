/// The days a session holds, numbered as `days` shows them, with names and a current day.
///
/// Days are looked up by a compact key (campaign index, day number), not by formatted strings.
public struct Workspace: Sendable {
    /// One day held in the workspace: its number and what it is; its values are in `columns`
    /// (`day(at:)` gives the whole day). Made on access from the workspace's compact arrays.
    public struct Entry: Sendable, Equatable {
        /// The stable number shown by `days` and used by `#N`.
        public var number: Int
        public var info: DayInfo
    }

    /// The entries, in order, as a collection (nothing per entry is stored but four integers).
    public struct Entries: RandomAccessCollection, Sendable {
        let ws: Workspace
        public var startIndex: Int { 0 }
        public var endIndex: Int { ws.entryNumber.count }
        public subscript(i: Int) -> Entry { Entry(number: Int(ws.entryNumber[i]), info: ws.info(at: i)) }
    }

    struct Key: Hashable, Sendable {
        var campaign: Int32
        var date: Int32
    }

    /// Where days came from: an origin, a source detail and a fetch time, shared by the days of
    /// one load or one file.
    struct Source: Hashable, Sendable {
        var origin: DayOrigin
        var detail: String
        var fetchedAt: Int64?
    }

    public var entries: Entries { Entries(ws: self) }
    /// Each name and the numbers of the days it names, in load order.
    public private(set) var names: [String: [Int]] = [:]
    /// The number of the current day.
    public private(set) var currentNumber: Int?
    /// The hourly values of every day, one contiguous column per series (`columns[series][i * 24 +
    /// hour]`, entry order): what queries scan, so that a scan reads only the series it needs and
    /// touches no per-day object.
    public private(set) var columns: [[Int64]] = [[], [], [], []]
    /// Per series and entry, the hours whose value is 0 and those whose value is above 0: a
    /// bitmap index, so that `where credits > 0 and results = 0` is answered from 8 bytes a day
    /// instead of 384.
    public private(set) var zeroHours: [[UInt32]] = [[], [], [], []]
    public private(set) var positiveHours: [[UInt32]] = [[], [], [], []]
    /// Per series, an upper bound of |value| over every value held (a drop does not lower it): a
    /// scan adding at most N values can prove it cannot overflow, and add without checks.
    public private(set) var magnitude: [UInt64] = [0, 0, 0, 0]
    /// Each entry's campaign (an index into `campaignNames`) and date, in entry order.
    public private(set) var entryCampaign: [Int32] = []
    public private(set) var entryDate: [Int32] = []
    /// Each entry's number and source (an index into `sources`), in entry order.
    private var entryNumber: [Int32] = []
    private var entrySource: [Int32] = []
    private var sources = Interner<Source>()
    /// Campaign ids by their index.
    public var campaignNames: [String] { campaignIDs.values }
    private var nextNumber = 1
    private var campaignIDs = Interner<String>()
    private var byKey: [Key: Int32] = [:]
    /// Each number's position (-1 once dropped); numbers only grow, so an array is enough.
    private var byNumber: [Int32] = [-1]

    public init() {}

    public var isEmpty: Bool { entryNumber.isEmpty }
    public var count: Int { entryNumber.count }

    /// What the day at position `i` is.
    public func info(at i: Int) -> DayInfo {
        let src = sources[entrySource[i]]
        return DayInfo(campaign: campaignNames[Int(entryCampaign[i])], date: CivilDate(dayNumber: entryDate[i]),
                       origin: src.origin, sourceDetail: src.detail, fetchedAt: src.fetchedAt)
    }

    /// The campaign ids present, in order of first appearance.
    public var campaigns: [String] {
        var seen = Set<String>()
        return entryCampaign.compactMap { seen.insert(campaignNames[Int($0)]).inserted ? campaignNames[Int($0)] : nil }
    }

    /// The current day's position in `entries`.
    public var currentIndex: Int? { currentNumber.flatMap { index(number: $0) } }

    /// Adds a day, or replaces the one with the same campaign and date (keeping its number).
    /// Returns the day's number.
    @discardableResult
    public mutating func insert(_ day: Day) -> Int {
        let src = source(Source(origin: day.origin, detail: day.sourceDetail, fetchedAt: day.fetchedAt))
        return day.values.withUnsafeBufferPointer { v in
            insert(day.campaign, day.date, source: src) { s in UnsafeBufferPointer(rebasing: v[(s * 24)..<(s * 24 + 24)]) }
        }
    }

    /// Adds a batch of days (a day file's), each as `insert` would; returns the last one's
    /// number. An empty workspace takes the batch's columns over as they are, without a copy.
    @discardableResult
    public mutating func append(_ batch: DayBatch) -> Int? {
        guard !batch.isEmpty else { return nil }
        // A batch names each day once (the decoder reports repeats), so it can be taken whole.
        if isEmpty {
            columns = batch.columns
            for s in 0..<4 { zeroHours[s].reserveCapacity(batch.count); positiveHours[s].reserveCapacity(batch.count) }
            for i in 0..<batch.count { index(entry: i, replacing: false) }
            let src = source(Source(origin: batch.origin, detail: batch.sourceDetail, fetchedAt: batch.fetchedAt))
            reserve(batch.count, columns: false)
            let ids = batch.campaignNames.map { self.key($0, batch.dates[0], creating: true)!.campaign }
            for i in 0..<batch.count {
                append(Key(campaign: ids[Int(batch.campaignOf[i])], date: batch.dates[i].dayNumber), source: src)
            }
            return nextNumber - 1
        }
        reserve(batch.count)
        var last = 0
        let src = source(Source(origin: batch.origin, detail: batch.sourceDetail, fetchedAt: batch.fetchedAt))
        for i in 0..<batch.count {
            last = insert(batch.campaign(i), batch.dates[i], source: src) { s in
                batch.columns[s].withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[(i * 24)..<(i * 24 + 24)]) }
            }
        }
        return last
    }

    private mutating func insert(_ campaign: String, _ date: CivilDate, source src: Int32,
                                 values: (Int) -> UnsafeBufferPointer<Int64>) -> Int {
        let key = self.key(campaign, date, creating: true)!
        if let i = byKey[key].map(Int.init) {
            entrySource[i] = src
            for s in 0..<4 { columns[s].replaceSubrange((i * 24)..<(i * 24 + 24), with: values(s)) }
            index(entry: i, replacing: true)
            return Int(entryNumber[i])
        }
        growColumns(forDays: 1)
        for s in 0..<4 { columns[s].append(contentsOf: values(s)) }
        index(entry: count, replacing: false)
        return append(key, source: src)
    }

    /// A new entry at the end (its values already appended); returns its number.
    @discardableResult
    private mutating func append(_ key: Key, source src: Int32) -> Int {
        let n = nextNumber
        nextNumber += 1
        let i = Int32(entryNumber.count)
        byKey[key] = i
        byNumber.append(i)
        entryNumber.append(Int32(n))
        entrySource.append(src)
        entryCampaign.append(key.campaign)
        entryDate.append(key.date)
        return n
    }

    /// Room in the columns for `n` more days, growing by a quarter rather than doubling: with
    /// 100,000 days (77 MB of values) an array's own doubling would leave up to half of it unused
    /// and hold the old and the new buffer at once.
    private mutating func growColumns(forDays n: Int) {
        let need = (count + n) * 24
        for s in 0..<4 where columns[s].capacity < need {
            columns[s].reserveCapacity(Swift.max(need, columns[s].count + columns[s].count / 4))
        }
    }

    /// The bitmap index and the magnitude bound of the entry at `i`, from its values in `columns`.
    private mutating func index(entry i: Int, replacing: Bool) {
        for s in 0..<4 {
            var zero: UInt32 = 0, positive: UInt32 = 0, top: UInt64 = magnitude[s]
            columns[s].withUnsafeBufferPointer { c in
                let p = c.baseAddress! + i * 24
                for h in 0..<24 {
                    let v = p[h]
                    zero |= UInt32(v == 0 ? 1 : 0) << UInt32(h)
                    positive |= UInt32(v > 0 ? 1 : 0) << UInt32(h)
                    top = Swift.max(top, v.magnitude)
                }
            }
            magnitude[s] = top
            if replacing { zeroHours[s][i] = zero; positiveHours[s][i] = positive } else {
                zeroHours[s].append(zero); positiveHours[s].append(positive)
            }
        }
    }

    /// The index of a source, added when new.
    private mutating func source(_ src: Source) -> Int32 {
        sources.id(src)
    }

    /// Runs `body` with the four series' first values (credits, credits_change, results,
    /// results_change; entry `i`'s hour `h` at `i * 24 + h`), read in place.
    public func withSeries<R, E: Error>(_ body: ([UnsafePointer<Int64>]) throws(E) -> R) throws(E) -> R {
        try columns[0].withUnsafeBufferPointer { c0 throws(E) in
            try columns[1].withUnsafeBufferPointer { c1 throws(E) in
                try columns[2].withUnsafeBufferPointer { c2 throws(E) in
                    try columns[3].withUnsafeBufferPointer { c3 throws(E) in
                        // An empty column has no base address; nothing is read from it then.
                        let none = UnsafePointer<Int64>(bitPattern: 8)!
                        return try body([c0.baseAddress ?? none, c1.baseAddress ?? none, c2.baseAddress ?? none, c3.baseAddress ?? none])
                    }
                }
            }
        }
    }

    /// A day's values read in place from the columns (no copy): for aggregates over many days.
    public struct ColumnDay: HourlyValues {
        let columns: [[Int64]]
        let base: Int
        @inline(__always)
        public func value(_ series: Day.Series, _ hour: Int) -> Int64 { columns[series.rawValue][base + hour] }
    }

    @inline(__always)
    public func columnDay(at i: Int) -> ColumnDay { ColumnDay(columns: columns, base: i * 24) }

    /// The whole day at position `i`, as a value.
    public func day(at i: Int) -> Day {
        let info = self.info(at: i)
        return Day(campaign: info.campaign, date: info.date, values: Day.values(fromColumns: columns, at: i), origin: info.origin,
                   sourceDetail: info.sourceDetail, fetchedAt: info.fetchedAt)
    }

    /// Σ of one series over the day at position `i`, checked.
    public func total(_ s: Day.Series, at i: Int) throws(QueryError) -> Int64 {
        var t: Int64 = 0
        for h in 0..<24 {
            let (x, o) = t.addingReportingOverflow(columns[s.rawValue][i * 24 + h])
            if o { throw QueryError(.overflow("the total of \(s.fieldName) of \(entries[i].info.label)"), nil) }
            t = x
        }
        return t
    }

    /// Every day, in entry order, as values.
    public var days: [Day] { (0..<count).map(day(at:)) }

    public mutating func setCurrent(_ number: Int) { currentNumber = number }

    /// Names these days (replacing what the name named before).
    public mutating func name(_ name: String, numbers: [Int]) { names[name] = numbers }

    /// The position in `entries` of a campaign's day.
    @inline(__always)
    public func index(campaign: String, date: CivilDate) -> Int? {
        guard let k = lookupKey(campaign, date), let i = byKey[k] else { return nil }
        return Int(i)
    }

    public func index(number: Int) -> Int? {
        guard number > 0, number < byNumber.count, byNumber[number] >= 0 else { return nil }
        return Int(byNumber[number])
    }

    /// Positions of the days a name names (nil for an unknown name).
    public func indices(name: String) -> [Int]? { names[name].map { $0.compactMap { index(number: $0) } } }

    /// The names that name a day, sorted.
    public func names(of number: Int) -> [String] { names.filter { $0.value.contains(number) }.map(\.key).sorted() }

    /// Each campaign index's rank among the campaign ids in byte order.
    public var campaignRankByIndex: [Int] {
        let order = campaignNames.indices.sorted { Array(campaignNames[$0].utf8).lexicographicallyPrecedes(Array(campaignNames[$1].utf8)) }
        var rank = Array(repeating: 0, count: campaignNames.count)
        for (r, i) in order.enumerated() { rank[i] = r }
        return rank
    }

    /// Positions of every day of a campaign.
    public func indices(campaign: String) -> [Int] {
        guard let c = campaignIDs.existing(campaign) else { return [] }
        return entryCampaign.indices.filter { entryCampaign[$0] == c }
    }

    /// Removes the days at these positions; names and the current day pointing at them go too.
    public mutating func remove(indices: Set<Int>) {
        let removedNumbers = Set(indices.map { Int(entryNumber[$0]) })
        let kept = (0..<count).filter { !indices.contains($0) }
        for s in 0..<4 {
            var column: [Int64] = []
            column.reserveCapacity(kept.count * 24)
            for i in kept { column.append(contentsOf: columns[s][(i * 24)..<(i * 24 + 24)]) }
            columns[s] = column
            zeroHours[s] = kept.map { zeroHours[s][$0] }
            positiveHours[s] = kept.map { positiveHours[s][$0] }
        }
        entryNumber = kept.map { entryNumber[$0] }
        entrySource = kept.map { entrySource[$0] }
        entryCampaign = kept.map { entryCampaign[$0] }
        entryDate = kept.map { entryDate[$0] }
        names = names.compactMapValues { ns in
            let kept = ns.filter { !removedNumbers.contains($0) }
            return kept.isEmpty ? nil : kept
        }
        if let c = currentNumber, removedNumbers.contains(c) { currentNumber = entryNumber.last.map(Int.init) }
        reindex()
    }

    public mutating func removeAll() {
        names = [:]; currentNumber = nil
        columns = [[], [], [], []]
        zeroHours = [[], [], [], []]; positiveHours = [[], [], [], []]; magnitude = [0, 0, 0, 0]
        entryNumber = []; entrySource = []; entryCampaign = []; entryDate = []
        reindex()
    }

    /// The look-ups, from the entry arrays (the columns are already in entry order).
    private mutating func reindex() {
        byKey = [:]
        byNumber = Array(repeating: -1, count: nextNumber)
        for i in 0..<count {
            byKey[Key(campaign: entryCampaign[i], date: entryDate[i])] = Int32(i)
            byNumber[Int(entryNumber[i])] = Int32(i)
        }
    }

    /// The campaign and date of the entry at `i`, from the columns (no copy of the entry).
    @inline(__always)
    public func key(at i: Int) -> DayKey {
        DayKey(campaignNames[Int(entryCampaign[i])], CivilDate(dayNumber: entryDate[i]))
    }

    /// Makes room for `n` more days (a large file or range about to be added).
    public mutating func reserve(_ n: Int, columns alsoColumns: Bool = true) {
        if alsoColumns { for s in 0..<4 { columns[s].reserveCapacity(columns[s].count + n * 24) } }
        entryNumber.reserveCapacity(count + n)
        entrySource.reserveCapacity(count + n)
        entryCampaign.reserveCapacity(count + n)
        entryDate.reserveCapacity(count + n)
        byNumber.reserveCapacity(nextNumber + n)
        byKey.reserveCapacity(byKey.count + n)
    }

    @inline(__always)
    private func lookupKey(_ campaign: String, _ date: CivilDate) -> Key? {
        guard let c = campaignIDs.existing(campaign) else { return nil }
        return Key(campaign: c, date: date.dayNumber)
    }

    private mutating func key(_ campaign: String, _ date: CivilDate, creating: Bool) -> Key? {
        if let c = campaignIDs.existing(campaign) { return Key(campaign: c, date: date.dayNumber) }
        guard creating else { return nil }
        return Key(campaign: campaignIDs.id(campaign), date: date.dayNumber)
    }


}
