/// A query: columns of aggregate expressions over the selected cells, with clauses.
///
/// ```
/// query    -> column { ',' column } { clause }
/// clause   -> 'hours' hourset | 'of' dayset | 'where' cond | 'by' key [',' key] | 'having' cond
///           | 'pivot' | 'order' 'by' (NAME | N) ['asc' | 'desc'] | 'limit' N
/// ```
public struct Query: Sendable, Equatable {
    public var columns: [Column]
    public var hours: HourSet?
    public var of: DaySet?
    public var filter: Condition?
    /// The `where` condition as written (blanks collapsed), for titles: an answer says what it
    /// selected.
    public var filterText: String?
    public var by: [GroupKey]
    public var having: Condition?
    public var pivot: Bool
    public var order: OrderBy?
    public var limit: Int?
    /// Rows whose last column is null are left out (`top N GRAIN by cpr`: groups without results).
    public var dropNullRows: Bool

    public init(columns: [Column], hours: HourSet? = nil, of: DaySet? = nil, filter: Condition? = nil,
                filterText: String? = nil, by: [GroupKey] = [], having: Condition? = nil, pivot: Bool = false, order: OrderBy? = nil,
                limit: Int? = nil, dropNullRows: Bool = false) {
        self.columns = columns
        self.hours = hours
        self.of = of
        self.filter = filter
        self.filterText = filterText
        self.by = by
        self.having = having
        self.pivot = pivot
        self.order = order
        self.limit = limit
        self.dropNullRows = dropNullRows
    }
}

/// What `by` groups on; also the grains of `top`/`bottom`.
public enum GroupKey: String, Sendable, CaseIterable {
    case day, date, campaign, week, month, weekday, hour

    /// True for keys that are the same for every hour of a day.
    public var isDayLevel: Bool { self != .hour }
}

/// One column: an expression and its name (its `as` alias, or derived from its text).
public struct Column: Sendable, Equatable {
    public var expr: Expr
    public var name: String
    public init(expr: Expr, name: String) { self.expr = expr; self.name = name }
}

/// An arithmetic expression over aggregates.
///
/// ```
/// expr   -> term { ('+' | '-') term }
/// term   -> factor { ('*' | '/') factor }
/// factor -> NUMBER | '(' expr ')' | '-' factor | agg
/// ```
public indirect enum Expr: Sendable, Equatable {
    case number(Number)
    case negate(Expr)
    case binary(ArithmeticOperator, Expr, Expr)
    case aggregate(AggregateCall)

    /// The single aggregate this expression is, when it is nothing else.
    public var plainAggregate: AggregateCall? {
        if case .aggregate(let a) = self { return a }
        return nil
    }

    /// Every aggregate the expression needs, in order of appearance.
    public var aggregates: [AggregateCall] {
        switch self {
        case .number: return []
        case .negate(let e): return e.aggregates
        case .binary(_, let l, let r): return l.aggregates + r.aggregates
        case .aggregate(let a): return [a]
        }
    }
}

public enum ArithmeticOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

/// `sum credits`, `avg(credits) per day`, `count`, `count days`.
public enum AggregateCall: Sendable, Hashable {
    case of(Aggregate, Metric, perDay: Bool)
    case count
    case countDays

    /// The column name the spec gives a column that is only this aggregate.
    public var name: String {
        switch self {
        case .of(let a, let m, let perDay): return "\(a.rawValue)(\(m.rawValue))" + (perDay ? " per day" : "")
        case .count: return "count"
        case .countDays: return "count(days)"
        }
    }
}

/// A comparison operator.
public enum Comparison: String, Sendable, Equatable, CaseIterable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// Applies the comparison to an ordering result (-1, 0, 1).
    @inline(__always)
    public func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }
}

/// The attributes a cell has besides its metrics, usable in `where`.
public enum Attribute: String, Sendable, Equatable, CaseIterable {
    case hour, weekday, date, campaign

    /// What a literal compared with this attribute must be.
    var literalKind: String {
        switch self {
        case .hour: return "an hour (0-23)"
        case .weekday: return "a weekday (mon … sun)"
        case .date: return "a date"
        case .campaign: return "a campaign id"
        }
    }
}

/// A literal compared with an attribute.
public enum AttributeValue: Sendable, Equatable {
    case hour(Int)
    /// 0 = Monday … 6 = Sunday.
    case weekday(Int)
    case date(DateSpec)
    case campaign(String)
}

/// One side of a comparison of metrics: a metric of the cell or a number.
public enum MetricOperand: Sendable, Equatable {
    case metric(Metric)
    case number(Number)
}

/// A condition on cells (`where`) or on groups (`having`).
///
/// ```
/// cond  -> conj { 'or' conj }
/// conj  -> neg { 'and' neg }
/// neg   -> 'not' neg | '(' cond ')' | test
/// test  -> operand CMP operand | ATTR 'in' list
/// ```
public indirect enum Condition: Sendable, Equatable {
    case or(Condition, Condition)
    case and(Condition, Condition)
    case not(Condition)
    /// `credits > 0`, `results = results_prev` (where).
    case metrics(MetricOperand, Comparison, MetricOperand)
    /// `weekday = sat` (where: the cell's attribute; having: the group's key).
    case attribute(Attribute, Comparison, AttributeValue)
    /// `hour in 9..17, 20`, `weekday in mon..fri`.
    case member(Attribute, [ClosedRange<AttributeOrder>])
    /// `sum results < 55` (having).
    case aggregates(Expr, Comparison, Expr)

    /// Every aggregate the condition needs.
    public var aggregates: [AggregateCall] {
        switch self {
        case .or(let a, let b), .and(let a, let b): return a.aggregates + b.aggregates
        case .not(let c): return c.aggregates
        case .aggregates(let l, _, let r): return l.aggregates + r.aggregates
        case .metrics, .attribute, .member: return []
        }
    }
}

/// An attribute literal reduced to something ordered: hours and weekdays as numbers, dates as
/// day numbers or relative specs (resolved at evaluation), campaigns as text.
public enum AttributeOrder: Sendable, Equatable, Comparable {
    case number(Int)
    case date(DateSpec)
    case text(String)

    public static func < (a: AttributeOrder, b: AttributeOrder) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x < y
        case (.text(let x), .text(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
        default: return false // dates are checked once resolved
        }
    }
}

/// `order by NAME | N | "column name" [asc | desc]`.
public struct OrderBy: Sendable, Equatable {
    public enum Target: Sendable, Equatable {
        /// 1-based column number.
        case position(Int)
        case name(String)
    }
    public var target: Target
    public var descending: Bool
    public var range: SourceRange
    public init(target: Target, descending: Bool, range: SourceRange) {
        self.target = target
        self.descending = descending
        self.range = range
    }
}
