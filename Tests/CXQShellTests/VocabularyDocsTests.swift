import Foundation
import Testing
import CXQCore
@testable import CXQShell

/// The vocabulary is the one declaration of the language's words: the docs must agree with it.
@Suite struct VocabularyDocsTests {
    /// The first column of each row of the markdown table under `heading` in docs/language.md.
    static func firstColumn(under heading: String) throws -> [String] {
        let text = try String(contentsOf: packageRoot.appendingPathComponent("docs/language.md"), encoding: .utf8)
        guard let start = text.range(of: "\n" + heading + "\n") else { return [] }
        var cells: [String] = []
        var inTable = false
        for line in text[start.upperBound...].split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("|") {
                inTable = true
                let cell = line.dropFirst().prefix(while: { $0 != "|" })
                cells.append(String(cell))
            } else if inTable { break }
        }
        return Array(cells.dropFirst(2)) // the header and the rule
    }

    /// The leading word of every code span in a cell: `sum/avg METRIC` gives sum and avg.
    static func words(in cell: String) -> [String] {
        cell.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.flatMap { span in
            span.element.split(separator: " ").first.map { $0.split(separator: "/").map(String.init) } ?? []
        }
    }

    @Test func theDocsCommandTableNamesEveryCommandAndNoOther() throws {
        let documented = Set(try Self.firstColumn(under: "## Commands").flatMap(Self.words))
        #expect(!documented.isEmpty)
        #expect(documented == Set(Vocabulary.commandWords),
                "in the docs only: \(documented.subtracting(Vocabulary.commandWords)); in the vocabulary only: \(Set(Vocabulary.commandWords).subtracting(documented))")
    }

    @Test func theDocsSettingsTableNamesEverySetting() throws {
        let documented = try Self.firstColumn(under: "## Settings").flatMap(Self.words)
        #expect(documented == Vocabulary.settingNames)
    }

    @Test func everyHelpExampleParses() throws {
        for spec in Vocabulary.commands {
            #expect(!spec.examples.isEmpty, "\(spec.name)")
            for example in spec.examples {
                let statements = try Parser.parseAll(example)
                #expect(statements.count == 1, "\(example)")
                #expect(Vocabulary.command(named: String(example.prefix(while: { $0 != " " })))?.name == spec.name, "\(example)")
            }
        }
    }

    /// Help, did-you-mean and completion all come from the same table.
    @Test func helpSuggestionsAndCompletionReadTheVocabulary() throws {
        for spec in Vocabulary.commands {
            #expect(Help.text(for: spec.words[0])?.hasPrefix(spec.synopsis) == true)
        }
        #expect(Completer.complete("", context: CompletionContext()).candidates == Vocabulary.commandWords)
        #expect(Completer.complete("set ", context: CompletionContext()).candidates == Vocabulary.settingNames)
        do {
            _ = try Parser.parseAll("compair")
            Issue.record("parsed")
        } catch {
            #expect(error.message.contains("did you mean 'compare'"))
        }
    }
}
