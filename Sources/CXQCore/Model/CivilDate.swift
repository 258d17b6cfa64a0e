/// A calendar day (proleptic Gregorian), stored as days since 1970-01-01.
///
/// Pure arithmetic only: no clock and no time zones. The shell tells the core
/// which day "today" is.
public struct CivilDate: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before it).
    public let dayNumber: Int32

    public init(dayNumber: Int32) { self.dayNumber = dayNumber }

    /// Creates a date from its parts, or nil when the day does not exist (2025-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
              day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        // Howard Hinnant's days_from_civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.dayNumber = Int32(era * 146_097 + doe - 719_468)
    }

    /// Year, month and day of this date.
    public var parts: (year: Int, month: Int, day: Int) {
        let z = Int(dayNumber) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// 0 = Sunday … 6 = Saturday.
    public var weekday: Int {
        let w = (Int(dayNumber) + 4) % 7
        return w < 0 ? w + 7 : w
    }

    public var isWeekend: Bool { weekday == 0 || weekday == 6 }

    /// The date `n` days later (earlier for negative `n`).
    public func adding(days n: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + Int32(n)) }

    public static func < (a: CivilDate, b: CivilDate) -> Bool { a.dayNumber < b.dayNumber }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        let (y, m, d) = parts
        var bytes = [UInt8](repeating: 48, count: 10)
        bytes[0] = UInt8(48 + (y / 1000) % 10); bytes[1] = UInt8(48 + (y / 100) % 10)
        bytes[2] = UInt8(48 + (y / 10) % 10); bytes[3] = UInt8(48 + y % 10)
        bytes[4] = 45
        bytes[5] = UInt8(48 + m / 10); bytes[6] = UInt8(48 + m % 10)
        bytes[7] = 45
        bytes[8] = UInt8(48 + d / 10); bytes[9] = UInt8(48 + d % 10)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Why a `YYYY-MM-DD` text is not a date.
    public enum ParseFailure: Error, Equatable, Sendable {
        /// Not of the form `YYYY-MM-DD`.
        case malformed
        /// Of the right form but naming a day that does not exist.
        case impossible
    }

    /// Parses exactly `YYYY-MM-DD` from UTF-8 bytes.
    public static func parse<C: Collection>(_ bytes: C) -> Result<CivilDate, ParseFailure> where C.Element == UInt8 {
        guard bytes.count == 10 else { return .failure(.malformed) }
        var digits = [Int](); digits.reserveCapacity(8)
        for (i, b) in bytes.enumerated() {
            if i == 4 || i == 7 {
                if b != ASCII.minus { return .failure(.malformed) }
            } else {
                guard ASCII.isDigit(b) else { return .failure(.malformed) }
                digits.append(Int(b - ASCII.zero))
            }
        }
        let y = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let m = digits[4] * 10 + digits[5]
        let d = digits[6] * 10 + digits[7]
        guard let date = CivilDate(year: y, month: m, day: d) else { return .failure(.impossible) }
        return .success(date)
    }

    /// Parses `YYYY-MM-DD` from a string.
    public static func parse(_ text: String) -> Result<CivilDate, ParseFailure> { parse(Array(text.utf8)) }
}

extension CivilDate {
    /// The ISO 8601 week: the week-numbering year and the week (Monday start; week 1 holds the
    /// year's first Thursday).
    public var isoWeek: (year: Int, week: Int) {
        let monday0 = (weekday + 6) % 7
        let thursday = adding(days: 3 - monday0)
        let y = thursday.parts.year
        let jan1 = CivilDate(year: y, month: 1, day: 1)!
        let week = Int(thursday.dayNumber - jan1.dayNumber) / 7 + 1
        return (y, week)
    }
}
