/// The days a session holds, numbered as `days` shows them, with names and a current day.
///
/// Days are looked up by a compact key (campaign index, day number), not by formatted strings.
public struct Workspace: Sendable {
    /// One day held in the workspace: its number and what it is; its values are in `columns`
    /// (`day(at:)` gives the whole day).
    public struct Entry: Sendable, Equatable {
        /// The stable number shown by `days` and used by `#N`.
        public var number: Int
        public var info: DayInfo
    }

    struct Key: Hashable, Sendable {
        var campaign: Int32
        var date: Int32
    }

    public private(set) var entries: [Entry] = []
    /// Each name and the numbers of the days it names, in load order.
    public private(set) var names: [String: [Int]] = [:]
    /// The number of the current day.
    public private(set) var currentNumber: Int?
    /// The hourly values of every day, one contiguous column per series (`columns[series][i * 24 +
    /// hour]`, entry order): what queries scan, so that a scan reads only the series it needs and
    /// touches no per-day object.
    public private(set) var columns: [[Int64]] = [[], [], [], []]
    /// Each entry's campaign (an index into `campaignNames`) and date, in entry order.
    public private(set) var entryCampaign: [Int32] = []
    public private(set) var entryDate: [Int32] = []
    /// Campaign ids by their index.
    public private(set) var campaignNames: [String] = []
    private var nextNumber = 1
    private var campaignIDs: [String: Int32] = [:]
    private var byKey: [Key: Int] = [:]
    private var byNumber: [Int: Int] = [:]

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }

    /// The campaign ids present, in order of first appearance.
    public var campaigns: [String] {
        var seen = Set<String>()
        return entries.compactMap { seen.insert($0.info.campaign).inserted ? $0.info.campaign : nil }
    }

    /// The current day's position in `entries`.
    public var currentIndex: Int? { currentNumber.flatMap { byNumber[$0] } }

    /// Adds a day, or replaces the one with the same campaign and date (keeping its number).
    /// Returns the day's number.
    @discardableResult
    public mutating func insert(_ day: Day) -> Int {
        day.values.withUnsafeBufferPointer { v in
            insert(day.info) { s in UnsafeBufferPointer(rebasing: v[(s * 24)..<(s * 24 + 24)]) }
        }
    }

    /// Adds a batch of days (a day file's), each as `insert` would; returns the last one's
    /// number. An empty workspace takes the batch's columns over as they are, without a copy.
    @discardableResult
    public mutating func append(_ batch: DayBatch) -> Int? {
        guard !batch.isEmpty else { return nil }
        // A batch names each day once (the decoder reports repeats), so it can be taken whole.
        if entries.isEmpty {
            columns = batch.columns
            entries.reserveCapacity(batch.count)
            entryCampaign.reserveCapacity(batch.count)
            entryDate.reserveCapacity(batch.count)
            for i in 0..<batch.count {
                let info = DayInfo(campaign: batch.campaigns[i], date: batch.dates[i], origin: batch.origin,
                                   sourceDetail: batch.sourceDetail, fetchedAt: batch.fetchedAt)
                let key = self.key(info.campaign, info.date, creating: true)!
                let n = nextNumber
                nextNumber += 1
                byKey[key] = entries.count
                byNumber[n] = entries.count
                entries.append(Entry(number: n, info: info))
                entryCampaign.append(key.campaign)
                entryDate.append(key.date)
            }
            return nextNumber - 1
        }
        reserve(batch.count)
        var last = 0
        for i in 0..<batch.count {
            let info = DayInfo(campaign: batch.campaigns[i], date: batch.dates[i], origin: batch.origin,
                               sourceDetail: batch.sourceDetail, fetchedAt: batch.fetchedAt)
            last = insert(info) { s in batch.columns[s].withUnsafeBufferPointer { UnsafeBufferPointer(rebasing: $0[(i * 24)..<(i * 24 + 24)]) } }
        }
        return last
    }

    private mutating func insert(_ info: DayInfo, values: (Int) -> UnsafeBufferPointer<Int64>) -> Int {
        let key = self.key(info.campaign, info.date, creating: true)!
        if let i = byKey[key] {
            entries[i].info = info
            for s in 0..<4 { columns[s].replaceSubrange((i * 24)..<(i * 24 + 24), with: values(s)) }
            return entries[i].number
        }
        let n = nextNumber
        nextNumber += 1
        byKey[key] = entries.count
        byNumber[n] = entries.count
        entries.append(Entry(number: n, info: info))
        for s in 0..<4 { columns[s].append(contentsOf: values(s)) }
        entryCampaign.append(key.campaign)
        entryDate.append(key.date)
        return n
    }

    /// The whole day at position `i`, as a value.
    public func day(at i: Int) -> Day {
        var values: [Int64] = []
        values.reserveCapacity(96)
        for s in 0..<4 { values.append(contentsOf: columns[s][(i * 24)..<(i * 24 + 24)]) }
        let info = entries[i].info
        return Day(campaign: info.campaign, date: info.date, values: values, origin: info.origin,
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
    public var days: [Day] { entries.indices.map(day(at:)) }

    public mutating func setCurrent(_ number: Int) { currentNumber = number }

    /// Names these days (replacing what the name named before).
    public mutating func name(_ name: String, numbers: [Int]) { names[name] = numbers }

    /// The position in `entries` of a campaign's day.
    @inline(__always)
    public func index(campaign: String, date: CivilDate) -> Int? {
        guard let k = lookupKey(campaign, date) else { return nil }
        return byKey[k]
    }

    public func index(number: Int) -> Int? { byNumber[number] }

    /// Positions of the days a name names (nil for an unknown name).
    public func indices(name: String) -> [Int]? { names[name].map { $0.compactMap { byNumber[$0] } } }

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
        entries.indices.filter { entries[$0].info.campaign == campaign }
    }

    /// Removes the days at these positions; names and the current day pointing at them go too.
    public mutating func remove(indices: Set<Int>) {
        let removedNumbers = Set(indices.map { entries[$0].number })
        let kept = entries.indices.filter { !indices.contains($0) }
        entries = kept.map { entries[$0] }
        for s in 0..<4 {
            var column: [Int64] = []
            column.reserveCapacity(kept.count * 24)
            for i in kept { column.append(contentsOf: columns[s][(i * 24)..<(i * 24 + 24)]) }
            columns[s] = column
        }
        names = names.compactMapValues { ns in
            let kept = ns.filter { !removedNumbers.contains($0) }
            return kept.isEmpty ? nil : kept
        }
        if let c = currentNumber, removedNumbers.contains(c) { currentNumber = entries.last?.number }
        reindex()
    }

    public mutating func removeAll() {
        entries = []; names = [:]; currentNumber = nil
        columns = [[], [], [], []]
        reindex()
    }

    /// The look-ups, from `entries` (the columns are already in entry order).
    private mutating func reindex() {
        byKey = [:]; byNumber = [:]
        entryCampaign = []; entryDate = []
        for (i, e) in entries.enumerated() {
            let k = key(e.info.campaign, e.info.date, creating: true)!
            byKey[k] = i
            byNumber[e.number] = i
            entryCampaign.append(k.campaign)
            entryDate.append(k.date)
        }
    }

    /// The campaign and date of the entry at `i`, from the columns (no copy of the entry).
    @inline(__always)
    public func key(at i: Int) -> DayKey {
        DayKey(campaignNames[Int(entryCampaign[i])], CivilDate(dayNumber: entryDate[i]))
    }

    /// Makes room for `n` more days (a large file or range about to be added).
    public mutating func reserve(_ n: Int) {
        entries.reserveCapacity(entries.count + n)
        for s in 0..<4 { columns[s].reserveCapacity(columns[s].count + n * 24) }
        entryCampaign.reserveCapacity(entryCampaign.count + n)
        entryDate.reserveCapacity(entryDate.count + n)
    }

    @inline(__always)
    private func lookupKey(_ campaign: String, _ date: CivilDate) -> Key? {
        guard let c = campaignIDs[campaign] else { return nil }
        return Key(campaign: c, date: date.dayNumber)
    }

    private mutating func key(_ campaign: String, _ date: CivilDate, creating: Bool) -> Key? {
        if let c = campaignIDs[campaign] { return Key(campaign: c, date: date.dayNumber) }
        guard creating else { return nil }
        let c = Int32(campaignIDs.count)
        campaignIDs[campaign] = c
        campaignNames.append(campaign)
        return Key(campaign: c, date: date.dayNumber)
    }

}
