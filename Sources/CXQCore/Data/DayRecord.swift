/// Reads and writes days in the API's JSON shape, validating as strictly as an API answer.
///
/// Shared by day files (`save`, `open`, `export jsonl`: one day per line with a
/// `"campaign"` field) and, in the client, by answers from the CloserX endpoint.
public enum DayRecord {
    /// Why a JSON text is not an acceptable day. `message` names the field, and the hour
    /// where one value is wrong.
    public struct Invalid: Error, Sendable, Equatable {
        public var message: String
        public init(_ message: String) { self.message = message }
    }

    /// Validates a parsed answer and builds a day. `campaign` is taken from the record's
    /// `"campaign"` field when nil (day files) and required then.
    public static func decode(_ json: JSONValue, campaign: String?, origin: DayOrigin,
                              sourceDetail: String = "", fetchedAt: Int64? = nil) -> Result<Day, Invalid> {
        guard case .object = json else { return .failure(Invalid("the record is not a JSON object")) }
        let camp: String
        if let c = campaign {
            camp = c
        } else {
            guard let v = json["campaign"] else { return .failure(Invalid("field 'campaign' is missing")) }
            guard case .string(let s) = v else { return .failure(Invalid("field 'campaign' is not a string")) }
            guard CampaignID(s) != nil else { return .failure(Invalid("field 'campaign' is '\(s.prefix(80))', not a campaign id (\(CampaignID.rule))")) }
            camp = s
        }
        guard let dv = json["date"] else { return .failure(Invalid("field 'date' is missing")) }
        guard case .string(let ds) = dv else { return .failure(Invalid("field 'date' is not a string")) }
        guard case .success(let date) = CivilDate.parse(ds) else {
            return .failure(Invalid("field 'date' is '\(ds.prefix(40))', not a valid YYYY-MM-DD date"))
        }
        switch integers(json, "hours") {
        case .failure(let e): return .failure(e)
        case .success(let hours):
            for (i, h) in hours.enumerated() where h != Int64(i) {
                return .failure(Invalid("field 'hours' must be 0 to 23 in order, but position \(i) holds \(h)"))
            }
        }
        var series: [[Int64]] = []
        for s in Day.Series.allCases {
            switch integers(json, s.fieldName) {
            case .failure(let e): return .failure(e)
            case .success(let v): series.append(v)
            }
        }
        if let problem = Day.overflowProblem(series[0] + series[1] + series[2] + series[3]) {
            return .failure(Invalid(problem))
        }
        return .success(Day(campaign: camp, date: date, credits: series[0], creditsChange: series[1],
                            results: series[2], resultsChange: series[3],
                            origin: origin, sourceDetail: sourceDetail, fetchedAt: fetchedAt))
    }

    static func integers(_ json: JSONValue, _ field: String) -> Result<[Int64], Invalid> {
        guard let v = json[field] else { return .failure(Invalid("field '\(field)' is missing")) }
        guard case .array(let items) = v else { return .failure(Invalid("field '\(field)' is not an array")) }
        guard items.count == 24 else {
            return .failure(Invalid("field '\(field)' has \(items.count) values; expected 24"))
        }
        var out = [Int64](); out.reserveCapacity(24)
        for (h, item) in items.enumerated() {
            guard case .number(let text) = item else {
                return .failure(Invalid("field '\(field)' at hour \(h) is not a number"))
            }
            guard let n = Int64(text) else {
                let isInteger = !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" })
                return .failure(Invalid(isInteger
                    ? "field '\(field)' at hour \(h) is \(text.prefix(40)), beyond 64 bits"
                    : "field '\(field)' at hour \(h) is \(text.prefix(40)), not an integer"))
            }
            out.append(n)
        }
        return .success(out)
    }

    /// Parses and validates one JSON text (a day-file line or an API body).
    public static func decode(bytes: [UInt8], campaign: String?, origin: DayOrigin,
                              sourceDetail: String = "", fetchedAt: Int64? = nil) -> Result<Day, Invalid> {
        guard String(validating: bytes, as: UTF8.self) != nil else {
            return .failure(Invalid("the text is not valid UTF-8"))
        }
        switch JSONParser.parse(bytes) {
        case .failure(let e): return .failure(Invalid(e.message))
        case .success(let json):
            return decode(json, campaign: campaign, origin: origin, sourceDetail: sourceDetail, fetchedAt: fetchedAt)
        }
    }

    /// One day as a JSON object on one line: `"campaign"` plus the API's fields, and `"names"`
    /// when the workspace names the day (`save` keeps `$NAME`s).
    public static func encode(_ day: Day, names: [String] = [], into out: inout [UInt8]) {
        func key(_ k: String) { appendJSONString(k, to: &out); out.append(ASCII.colon) }
        func ints<S: Sequence>(_ s: S) where S.Element == Int64 {
            out.append(ASCII.openBracket)
            var first = true
            for v in s {
                if !first { out.append(ASCII.comma) }
                first = false
                appendInteger(v, to: &out)
            }
            out.append(ASCII.closeBracket)
        }
        out.append(ASCII.openBrace)
        key("campaign"); appendJSONString(day.campaign, to: &out); out.append(ASCII.comma)
        key("date"); appendJSONString(day.date.description, to: &out); out.append(ASCII.comma)
        key("hours"); ints((0..<24).map { Int64($0) })
        for s in Day.Series.allCases {
            out.append(ASCII.comma)
            key(s.fieldName)
            ints(day.series(s))
        }
        if !names.isEmpty {
            out.append(ASCII.comma)
            key("names")
            out.append(ASCII.openBracket)
            for (i, n) in names.enumerated() {
                if i > 0 { out.append(ASCII.comma) }
                appendJSONString(n, to: &out)
            }
            out.append(ASCII.closeBracket)
        }
        out.append(ASCII.closeBrace)
    }

    /// Days as JSON Lines (the day-file format); `names[i]` are the names of `days[i]`.
    public static func encodeLines(_ days: [Day], names: [[String]] = []) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(days.count * 700)
        for (i, d) in days.enumerated() {
            encode(d, names: i < names.count ? names[i] : [], into: &out)
            out.append(ASCII.newline)
        }
        return out
    }

    /// The names of a `"names"` field: strings a `$NAME` can be; nil for anything else.
    static func names(_ items: [JSONValue]) -> [String]? {
        var out: [String] = []
        for item in items {
            guard case .string(let s) = item, !s.isEmpty, s.utf8.count <= 64,
                  s.utf8.allSatisfy({ Lexer.isWordByte($0) && $0 < 0x80 }) else { return nil }
            out.append(s)
        }
        return out
    }

    /// What reading a day file found: the good days and, by line number, the bad lines.
    /// What a day file held: its days, column by column, and its bad lines.
    public struct FileContents: Sendable {
        public var batch: DayBatch
        public var problems: [(line: Int, message: String)]
        /// The `$NAME`s a saved workspace kept, each with the positions of its days in `batch`.
        public var names: [String: [Int]] = [:]
        /// The days as values (allocates each one; for tests and small files).
        public var days: [Day] { batch.days }
    }

    /// Longest line a day file may have (a day is well under 2 KiB).
    public static let maximumLineLength = 64 * 1024

    /// Reads a whole day file. Blank lines are skipped; every other line must be a valid day,
    /// and a day may appear once.
    public static func decodeFile(_ bytes: [UInt8], sourceDetail: String, fetchedAt: Int64?) -> FileContents {
        var decoder = DayFileDecoder(sourceDetail: sourceDetail, fetchedAt: fetchedAt, expectedBytes: bytes.count)
        bytes.withUnsafeBufferPointer { decoder.feed($0) }
        return decoder.finish()
    }
}

/// Reads a day file as a stream of chunks of any size (a line may span chunks), keeping only the
/// days' values, column by column, and the problems: `open` of a large file never holds the
/// file, nor a per-day object for each of its days.
public struct DayFileDecoder {
    private var batch: DayBatch
    private var problems: [(line: Int, message: String)] = []
    private var lineNo = 0
    /// The start of a line whose end has not arrived yet.
    private var pending: [UInt8] = []
    /// Bytes of an over-long line being skipped (0 when none).
    private var skipping = 0
    /// First line of each (campaign, date), to report a day named twice.
    private var firstLine: [Int64: Int] = [:]
    /// The names lines carry (`"names":["week"]`), with their days' positions in the batch.
    private var names: [String: [Int]] = [:]

    /// `expectedBytes` (the file's size, when known) reserves room for its days up front.
    public init(sourceDetail: String, fetchedAt: Int64?, expectedBytes: Int = 0) {
        batch = DayBatch(origin: .file, sourceDetail: sourceDetail, fetchedAt: fetchedAt)
        // A day's line is about 450 bytes; room a little beyond that is never touched.
        batch.reserve(expectedBytes / 400 + 1)
    }

    public mutating func feed(_ chunk: UnsafeBufferPointer<UInt8>) {
        var start = 0
        while start < chunk.count {
            var end = start
            while end < chunk.count, chunk[end] != ASCII.newline { end += 1 }
            let piece = UnsafeBufferPointer(rebasing: chunk[start..<end])
            if end == chunk.count {
                // No newline yet: keep the piece for the next chunk (or skip an over-long line).
                if skipping > 0 || pending.count + piece.count > DayRecord.maximumLineLength {
                    skipping += pending.count + piece.count
                    pending = []
                } else {
                    pending.append(contentsOf: piece)
                }
                return
            }
            if skipping > 0 {
                line(length: skipping + piece.count, nil)
                skipping = 0
            } else if pending.isEmpty {
                line(length: piece.count, piece)
            } else {
                pending.append(contentsOf: piece)
                let whole = pending
                pending = []
                whole.withUnsafeBufferPointer { line(length: $0.count, $0) }
            }
            start = end + 1
        }
    }

    /// The file's days and problems; a last line without a newline counts.
    public mutating func finish() -> DayRecord.FileContents {
        if skipping > 0 {
            line(length: skipping, nil)
        } else if !pending.isEmpty {
            let whole = pending
            pending = []
            whole.withUnsafeBufferPointer { line(length: $0.count, $0) }
        }
        return DayRecord.FileContents(batch: batch, problems: problems, names: names)
    }

    /// One line (`bytes` nil when it was too long to keep).
    private mutating func line(length: Int, _ bytes: UnsafeBufferPointer<UInt8>?) {
        lineNo += 1
        guard let bytes else {
            problems.append((lineNo, "the line is \(length) bytes long; a day needs under \(DayRecord.maximumLineLength)"))
            return
        }
        var hi = bytes.count
        if hi > 0, bytes[hi - 1] == ASCII.carriageReturn { hi -= 1 }
        let text = UnsafeBufferPointer(rebasing: bytes[0..<hi])
        guard text.contains(where: { $0 != ASCII.space && $0 != ASCII.tab }) else { return }
        if text.count > DayRecord.maximumLineLength {
            problems.append((lineNo, "the line is \(text.count) bytes long; a day needs under \(DayRecord.maximumLineLength)"))
            return
        }
        let day: Day
        var dayNames: [String] = []
        if let d = DayLineScanner.scan(text, origin: .file, sourceDetail: batch.sourceDetail, fetchedAt: batch.fetchedAt) {
            day = d
        } else {
            let bytes = Array(text)
            guard String(validating: bytes, as: UTF8.self) != nil else {
                problems.append((lineNo, "the text is not valid UTF-8"))
                return
            }
            let json: JSONValue
            switch JSONParser.parse(bytes) {
            case .failure(let e):
                problems.append((lineNo, e.message))
                return
            case .success(let j): json = j
            }
            switch DayRecord.decode(json, campaign: nil, origin: .file, sourceDetail: batch.sourceDetail, fetchedAt: batch.fetchedAt) {
            case .success(let d): day = d
            case .failure(let e):
                problems.append((lineNo, e.message))
                return
            }
            if let field = json["names"] {
                guard case .array(let items) = field, let list = DayRecord.names(items) else {
                    problems.append((lineNo, "field 'names' must be a list of names such as [\"week\"]"))
                    return
                }
                dayNames = list
            }
        }
        // A day named twice is a bad line: the first is kept, never silently replaced.
        let c = batch.campaignID(day.campaign)
        let key = Int64(c) << 32 | Int64(UInt32(bitPattern: day.date.dayNumber))
        if let first = firstLine[key] {
            problems.append((lineNo, "\(day.label) is already on line \(first); that line is kept"))
            return
        }
        firstLine[key] = lineNo
        for n in dayNames { names[n, default: []].append(batch.count) }
        batch.append(day)
    }
}
