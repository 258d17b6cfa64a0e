import CXQCore

/// Number text without Foundation formatters (they are slow and locale-bound).
///
/// Two forms: the human one (`table`, `markdown`, titles, charts) rounds to `set precision` but
/// shows a non-zero decimal below 1 with at least 3 significant digits; the exact one (`csv`,
/// `tsv`, `json`) is the shortest text that reads back as the same double. Neither ever uses an
/// exponent.
public enum NumberFormat {
    static let powers: [UInt64] = (0...17).map { p in (0..<p).reduce(UInt64(1)) { a, _ in a * 10 } }

    /// A decimal with exactly `places` digits after the point, rounded half away from zero.
    public static func fixed(_ x: Double, places: Int) -> String {
        guard x.isFinite else { return x.isNaN ? "null" : (x < 0 ? "-inf" : "inf") }
        let p = max(0, min(places, 17))
        let scaled = (x.magnitude * Double(powers[p])).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e18 else {
            // So large that a double holds no digit after the point: the exact digits, padded.
            let whole = exact(x.rounded(.toNearestOrAwayFromZero))
            let intPart = whole.split(separator: ".")[0]
            return p == 0 ? String(intPart) : intPart + "." + String(repeating: "0", count: p)
        }
        let n = UInt64(scaled)
        let intPart = n / powers[p]
        var s = (x < 0 && n != 0 ? "-" : "") + String(intPart)
        if p > 0 {
            let frac = String(n % powers[p])
            s += "." + String(repeating: "0", count: p - frac.count) + frac
        }
        return s
    }

    /// A decimal as the human formats show it: `precision` places, and at least 3 significant
    /// digits when it is not 0 and below 1 in magnitude (`0.0125`, `0.000412`).
    public static func human(_ x: Double, precision: Int) -> String {
        fixed(x, places: max(precision, significantPlaces(x)))
    }

    /// The places that give a non-zero |x| < 1 three significant digits; 0 otherwise.
    static func significantPlaces(_ x: Double) -> Int {
        let m = x.magnitude
        guard m > 0, m < 1, x.isFinite else { return 0 }
        var places = 3
        var scaled = m
        // One more place for each leading zero after the point (0.0125: one zero, 4 places).
        while scaled < 0.1, places < 17 { scaled *= 10; places += 1 }
        return places
    }

    /// The shortest text that reads back as the same double, without an exponent
    /// (`0.0125`, `71.0`, `192000000000000000.0`); `null` for what is not a number.
    public static func exact(_ x: Double) -> String {
        guard x.isFinite else { return "null" }
        let s = x.description
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return s }
        // Expand `d.ddde±x`: the digits and where the point goes.
        var mantissa = s[..<e]
        let exponent = Int(s[s.index(after: e)...].drop { $0 == "+" }) ?? 0
        var sign = ""
        if mantissa.first == "-" { sign = "-"; mantissa = mantissa.dropFirst() }
        let point = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
        var digits = mantissa.filter { $0 != "." }
        while digits.count > 1, digits.last == "0", digits.count > point { digits.removeLast() }
        let at = point + exponent
        if at <= 0 { return sign + "0." + String(repeating: "0", count: -at) + digits }
        if at >= digits.count { return sign + digits + String(repeating: "0", count: at - digits.count) + ".0" }
        let cut = digits.index(digits.startIndex, offsetBy: at)
        return sign + digits[..<cut] + "." + digits[cut...]
    }

    /// A cell as text in the human formats; `null` is what stands for a value that does not exist.
    public static func text(_ cell: Cell, precision: Int, null: String = "-") -> String {
        switch cell {
        case .int(let v): return String(v)
        case .double(let d): return human(d, precision: precision)
        case .text(let s): return s
        case .null: return null
        }
    }

    public static func text(_ n: Number, precision: Int, null: String = "-") -> String { text(Cell(n), precision: precision, null: null) }

    /// A cell as text in csv and tsv: every digit kept; null is the empty field's caller's to write.
    public static func exactText(_ cell: Cell) -> String {
        switch cell {
        case .int(let v): return String(v)
        case .double(let d): return exact(d)
        case .text(let s): return s
        case .null: return ""
        }
    }

    /// A JSON number, unrounded (the shortest text that reads back as the same double).
    public static func json(_ cell: Cell, into out: inout [UInt8]) {
        switch cell {
        case .int(let v): appendInteger(v, to: &out)
        case .double(let d): out.append(contentsOf: exact(d).utf8)
        case .text(let s): appendJSONString(s, to: &out)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }
}
