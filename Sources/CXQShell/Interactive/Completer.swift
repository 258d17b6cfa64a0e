#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CXQCore

/// What the shell knows that completion can offer.
public struct CompletionContext {
    public var campaigns: [String] = []
    /// Dates known for a campaign (the workspace's and the store's).
    public var dates: (String) -> [String] = { _ in [] }
    public var dayNumbers: [Int] = []
    public var names: [String] = []
    public var profiles: [String] = []
    public init() {}
}

/// TAB completion by context: the words that may stand where the cursor is.
public enum Completer {
    /// The candidates for the word before the cursor, and how many bytes of it are typed.
    public struct Result: Equatable {
        public var candidates: [String]
        /// The typed part of the word being completed.
        public var typed: String
        /// True when the candidates are paths (a directory gets `/`, not a space).
        public var paths: Bool = false
        /// Candidates after which no blank is added: a directory (its `/` is there already) and a
        /// campaign id, so that `@DATE` can follow.
        public var openEnded: Set<String> = []

        /// True when completing to `word` should add a blank after it.
        public func blankAfter(_ word: String) -> Bool { !openEnded.contains(word) && !(paths && word.hasSuffix("/")) }
    }

    public static func complete(_ before: String, context: CompletionContext) -> Result {
        // Only the statement the cursor is in counts.
        let statement = before.split(separator: ";", omittingEmptySubsequences: false).last.map(String.init) ?? before
        let endsWithSpace = statement.last == " " || statement.last == "\t"
        var words = statement.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        let current = endsWithSpace ? "" : (words.popLast() ?? "")
        let result = candidates(words: words, current: current, context: context)
        let filtered = result.0.filter { matches($0, current) }
        var seen = Set<String>()
        let unique = filtered.filter { seen.insert($0).inserted }
        let words0 = words.first?.lowercased()
        // After `load` a campaign list or dates follow, not `@`: a blank is right there.
        let openEnded = words0 == "load" || words0 == nil ? [] : Set(unique.filter { context.campaigns.contains($0) })
        return Result(candidates: unique, typed: current, paths: result.1, openEnded: openEnded)
    }

    static func matches(_ candidate: String, _ typed: String) -> Bool {
        candidate.hasPrefix(typed) || candidate.lowercased().hasPrefix(typed.lowercased()) && candidate.allSatisfy { !$0.isUppercase }
    }

    static func candidates(words: [String], current: String, context c: CompletionContext) -> ([String], Bool) {
        guard let first = words.first?.lowercased() else { return (Vocabulary.commandWords, false) }
        let last = words.last!.lowercased()
        if current.hasPrefix("#") { return (c.dayNumbers.map { "#\($0)" }, false) }
        if current.hasPrefix("$") { return (c.names.map { "$" + $0 }, false) }
        if let at = current.firstIndex(of: "@") {
            let campaign = String(current[..<at])
            return ((["today", "yesterday"] + c.dates(campaign)).map { "\(campaign)@\($0)" }, false)
        }
        let command = Vocabulary.command(named: first)?.name
        let takesPath = command == .read || command == .open || command == .save
        if last == Keyword.to.rawValue || (takesPath && words.count == 1) {
            return (paths(current), true)
        }
        let dayWords = c.campaigns + [Keyword.all.rawValue, "."]
        func kw(_ ks: [Keyword]) -> [String] { ks.map(\.rawValue) }
        guard let command else { return ([], false) }
        switch command {
        case .load:
            if words.count == 1 { return (c.campaigns, false) }
            if words.count == 2 { return (["today", "yesterday"] + c.dates(words[1]), false) }
            if last == Keyword.as.rawValue { return ([], false) }
            return (kw([.as, .refresh]), false)
        case .set:
            if words.count == 1 { return (Vocabulary.settingNames, false) }
            if words.count == 2 { return (Vocabulary.setting(named: words[1])?.choices ?? [], false) }
            return ([], false)
        case .profile: return (words.count == 1 ? c.profiles : [], false)
        case .cache: return (words.count == 1 ? kw([.clear]) : [], false)
        case .help: return (words.count == 1 ? Vocabulary.commandWords : [], false)
        case .watch: return (words.count == 2 ? Vocabulary.commandWords : [], false)
        case .export:
            if words.count == 1 { return (ExportFormat.allCases.map(\.rawValue), false) }
            return (dayWords + kw([.to]), false)
        case .use, .drop: return (words.count == 1 ? dayWords : [], false)
        case .top, .bottom:
            if last == Keyword.by.rawValue { return (Vocabulary.metricNames, false) }
            if words.count == 2 { return (Vocabulary.grains.filter { command == .top || $0.key != nil }.map(\.word), false) }
            if words.count == 3 { return (kw([.by]), false) }
            if last == Keyword.of.rawValue { return (dayWords, false) }
            return (kw([.of, .hours, .where]), false)
        case .compare:
            if last == Keyword.hours.rawValue || last == Keyword.offset.rawValue { return (last == Keyword.offset.rawValue ? ["1d", "1w", "4w"] : [], false) }
            if last == Keyword.baseline.rawValue { return (["4w", "8w"], false) }
            if last == Keyword.by.rawValue { return (["hour", "day"], false) }
            return (Vocabulary.metricNames + kw([.hours, .by, .prev, .offset, .baseline]) + (words.count <= 2 ? dayWords : []), false)
        case .explain:
            if last == Keyword.offset.rawValue { return (["1d", "1w", "4w"], false) }
            if last == Keyword.baseline.rawValue { return (["4w", "8w"], false) }
            if last == Keyword.hours.rawValue { return ([], false) }
            return (["credits", "results"] + kw([.hours, .prev, .offset, .baseline]) + (words.count <= 2 ? dayWords : []), false)
        case .anomalies:
            if last == Keyword.of.rawValue { return (dayWords, false) }
            if last == Keyword.baseline.rawValue { return (["4w", "8w"], false) }
            if last == Keyword.sigma.rawValue { return (["2", "3", "4"], false) }
            if last == Keyword.hours.rawValue { return ([], false) }
            return (["credits", "results", "credits_prev", "results_prev"] + kw([.of, .hours, .baseline, .sigma, .to]), false)
        case .brief:
            return (words.count == 1 ? c.campaigns + ["."] : kw([.to]), false)
        case .show:
            if last == Keyword.hours.rawValue { return ([], false) }
            return (Vocabulary.metricNames + kw([.hours]) + (words.count == 1 ? dayWords : []), false)
        case .sum, .avg, .min, .max, .median, .count, .peak, .chart:
            if words.count == 1 && command == .chart { return (Vocabulary.metricNames + Aggregate.allCases.map(\.rawValue) + ["count"], false) }
            if words.count == 1 && command != .count { return (Vocabulary.metricNames, false) }
            if last == Keyword.per.rawValue { return (kw([.day]), false) }
            if last == "in" && words.count >= 2 && words[words.count - 2].lowercased() == "campaign" { return (c.campaigns, false) }
            let lastClause = words.last { w in Keyword.queryClauses.contains { $0.rawValue == w.lowercased() } }?.lowercased()
            if last == Keyword.by.rawValue || (last.hasSuffix(",") && lastClause == Keyword.by.rawValue) { return (Vocabulary.groupKeys, false) }
            if last == Keyword.of.rawValue { return (dayWords, false) }
            if last == Keyword.hours.rawValue || last == Keyword.limit.rawValue { return ([], false) }
            if last == Keyword.where.rawValue || last == Keyword.and.rawValue || last == Keyword.or.rawValue || last == Keyword.not.rawValue {
                return (Vocabulary.attributes + Vocabulary.metricNames, false)
            }
            if last == "weekday" || (words.count >= 2 && words[words.count - 2].lowercased() == "weekday") { return (Vocabulary.weekdays, false) }
            if Aggregate(rawValue: last) != nil { return (Vocabulary.metricNames, false) }
            let chartsQuery = command == .chart && words.count >= 2 && Aggregate(rawValue: words[1].lowercased()) != nil
            let isQuery = command != .peak && (command != .chart || chartsQuery)
            return (kw(isQuery ? Keyword.queryClauses + [.to] : [.of, .hours]), false)
        case .days, .clear, .history, .quit, .save, .open, .read:
            return ([], false)
        }
    }

    /// Entries of the directory named by the typed path, as completions of it.
    static func paths(_ typed: String) -> [String] {
        let slash = typed.lastIndex(of: "/")
        let dirPart = slash.map { String(typed[...$0]) } ?? ""
        var dirPath = dirPart.isEmpty ? "." : dirPart
        if dirPath.hasPrefix("~/"), let home = getenv("HOME") { dirPath = String(cString: home) + dirPath.dropFirst() }
        guard let dir = opendir(dirPath) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) } }
            if name == "." || name == ".." { continue }
            var st = stat()
            let isDir = stat(dirPath + "/" + name, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
            out.append(dirPart + name + (isDir ? "/" : ""))
        }
        return out.sorted()
    }

    /// The longest prefix all candidates share.
    public static func commonPrefix(_ words: [String]) -> String {
        guard var prefix = words.first else { return "" }
        for w in words.dropFirst() {
            while !w.hasPrefix(prefix) { prefix.removeLast() }
        }
        return prefix
    }
}
