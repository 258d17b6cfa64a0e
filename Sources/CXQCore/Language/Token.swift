/// A lexical token: its kind and where it stands in the line.
public struct Token: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A run of letters, digits, `_` and `-`: commands, keywords, metrics, campaign ids,
        /// numbers, dates, relative days (`-3`).
        case word
        /// `#N`, a day number.
        case dayNumber
        /// `$name`.
        case name
        /// A quoted string (`"…"` or `'…'`); its range covers the quotes.
        case string
        case at, dotDot, dot, comma, semicolon
        /// `+`, `*`, `/`, `(`, `)` (a `-` is part of a word: `-3` is a date, `-` alone a minus).
        case plus, star, slash, openParen, closeParen
        /// `=`, `!=`, `<`, `<=`, `>`, `>=`.
        case comparison
        case end
        /// A byte that starts no token.
        case invalid
        /// A quoted string with no closing quote.
        case unterminated
    }

    public var kind: Kind
    public var range: SourceRange
}
