import CXQCore
import Testing

@Suite struct ParametersTests {
    func sub(_ line: String, _ values: [String: String] = ["camp": "camp123", "d": ""]) throws(QueryError) -> String {
        String(decoding: try Parameters(values).substitute(Array(line.utf8)), as: UTF8.self)
    }

    @Test func replacesDefinedNamesAndDefaults() throws {
        #expect(try sub("load ${camp} ${day:-yesterday}") == "load camp123 yesterday")
        #expect(try sub("x${camp}y${camp}") == "xcamp123ycamp123")
        #expect(try sub("load ${camp:-other}") == "load camp123", "a defined value wins over the default")
        #expect(try sub("a${d}b${d:-x}") == "ab", "an empty value is a value")
        #expect(try sub("from ${from:--30}") == "from -30")
        #expect(try sub("$aug $ {camp} $") == "$aug $ {camp} $", "only '${' starts a parameter")
    }

    @Test func errorsAreAtTheDollar() {
        #expect(throws: QueryError(.undefinedParameter("day"), SourceRange(5, 11))) { try sub("load ${day}") }
        #expect(throws: QueryError.self) { try sub("load ${camp") }
        #expect(throws: QueryError.self) { try sub("load ${}") }
        #expect(throws: QueryError.self) { try sub("load ${1x}") }
        #expect(QueryError(.undefinedParameter("x"), nil).category == .syntax)
    }

    @Test func definitions() {
        #expect(Parameters.definition("camp=camp123")! == ("camp", "camp123"))
        #expect(Parameters.definition("q=a=b")! == ("q", "a=b"))
        #expect(Parameters.definition("e=")! == ("e", ""))
        #expect(Parameters.definition("camp") == nil)
        #expect(Parameters.definition("1x=2") == nil)
        #expect(Parameters.definition("=2") == nil)
    }

    @Test func exitStatusesByCategory() {
        let statuses = ErrorCategory.allCases.map { ($0.rawValue, $0.exitStatus) }
        #expect(statuses.map(\.1) == [1, 1, 1, 3, 4, 2])
    }
}
