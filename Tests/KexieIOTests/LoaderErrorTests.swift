import Testing
import KexieIO
import KexieModel
import KexieTestSupport

/// The single error of a load that should fail with a data error, checked for place and words.
private func expectDataError(
    _ replacing: [String: String], file: String, line: Int?, column: Int? = nil, _ words: [String],
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let ds = try TemporaryDataset(replacing: replacing)
    let outcome = LoadOutcome(ds.path)
    #expect(outcome.failure == .dataError, sourceLocation: sourceLocation)
    let errors = outcome.diagnostics(.error)
    #expect(errors.count == 1, "\(errors)", sourceLocation: sourceLocation)
    guard let e = errors.first else { return }
    #expect(e.file == ds.file(file), sourceLocation: sourceLocation)
    #expect(e.line == line, "\(e)", sourceLocation: sourceLocation)
    #expect(e.column == column, "\(e)", sourceLocation: sourceLocation)
    for w in words { #expect(e.message.contains(w), "\(e.message) lacks \(w)", sourceLocation: sourceLocation) }
}

let orgHeader = "id,name,type,region,parent,institution,discipline,founded,dissolved\n"
let regionsOK = TemporaryDataset.minimalTables["regions.csv"]!

@Suite struct LoaderErrorTests {
    @Test func theMinimalDatasetLoads() throws {
        let ds = try TemporaryDataset()
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == nil)
        #expect(outcome.dataset?.organizations.count == 3)
        #expect(outcome.log.errorCount == 0 && outcome.log.warningCount == 0)
    }

    @Test func duplicateIDsNameTheFirstLine() throws {
        try expectDataError(["organizations.csv": orgHeader + "A,a,association,D1,,,,,\nB,b,association,T1,A,,,,\nA,c,society,D1,A,,,,\n"],
                            file: "organizations.csv", line: 4, column: 1, ["duplicate id \"A\"", "line 2"])
        try expectDataError(["regions.csv": regionsOK + "T1,again,township,D1,\n"],
                            file: "regions.csv", line: 6, column: 1, ["duplicate id \"T1\"", "line 3"])
    }

    @Test func misspeltTypeSuggestsTheNearestValue() throws {
        try expectDataError(["organizations.csv": orgHeader + "A,a,assocation,D1,,,,,\n"],
                            file: "organizations.csv", line: 2, column: 3,
                            ["unknown organization type \"assocation\"", "did you mean \"association\"?", "allowed: association, society"])
    }

    @Test func unknownEnumsInEveryTable() throws {
        try expectDataError(["regions.csv": regionsOK + "V9,x,vilage,T1,\n"], file: "regions.csv", line: 6, column: 3,
                            ["unknown level \"vilage\"", "did you mean \"village\"?"])
        try expectDataError(["regions.csv": regionsOK + "T9,x,township,D1,twon\n"], file: "regions.csv", line: 6, column: 5,
                            ["unknown kind \"twon\"", "did you mean \"town\"?"])
        try expectDataError(["positions.csv": "person,organization,role\nP1,A-D1,chairman\n", "persons.csv": "id,name,category\nP1,张三,official\n"],
                            file: "positions.csv", line: 2, column: 3, ["unknown role \"chairman\"", "did you mean \"chair\"?"])
        try expectDataError(["links.csv": "from,to,kind\nA-T1,A-T2,pair_with\n"], file: "links.csv", line: 2, column: 3,
                            ["unknown link kind \"pair_with\"", "did you mean \"pairs_with\"?"])
        try expectDataError(["institutions.csv": "id,name,kind\nU1,南开大学,univercity\n"], file: "institutions.csv", line: 2, column: 3,
                            ["unknown institution kind \"univercity\"", "did you mean \"university\"?"])
        try expectDataError(["persons.csv": "id,name,category,sector\nP1,张三,teacher,educaton\n"], file: "persons.csv", line: 2, column: 4,
                            ["unknown sector \"educaton\"", "did you mean \"education\"?"])
    }

    @Test func badDates() throws {
        try expectDataError(["organizations.csv": orgHeader + "A,a,association,D1,,,,2020-02-30,\n"],
                            file: "organizations.csv", line: 2, column: 8, ["bad date \"2020-02-30\"", "YYYY-MM-DD, YYYY-MM or YYYY"])
        // 2020/1/1 is a date (contract version 2); a slash date without a day is not.
        try expectDataError(["organizations.csv": orgHeader + "A,a,association,D1,,,,,2020/1\n"],
                            file: "organizations.csv", line: 2, column: 9, ["bad date \"2020/1\""])
    }

    @Test func wrongCellCount() throws {
        try expectDataError(["organizations.csv": orgHeader + "A,a,association,D1,,,,,\nB,b,association,T1,A,,,\n"],
                            file: "organizations.csv", line: 3, ["8 cells", "header has 9 columns"])
    }

    @Test func unterminatedQuote() throws {
        try expectDataError(["organizations.csv": orgHeader + "A,\"a,association,D1,,,,,\nB,b,association,T1,A,,,,\n"],
                            file: "organizations.csv", line: 2, column: 2, ["unterminated quoted cell", "column \"name\""])
    }

    @Test func missingRequiredColumnSuggestsTheMisspeltOne() throws {
        try expectDataError(["organizations.csv": "id,name,tpye,region,parent\nA,a,association,D1,\n"],
                            file: "organizations.csv", line: 1, ["missing required column \"type\"", "\"tpye\""])
    }

    @Test func emptyFile() throws {
        try expectDataError(["links.csv": ""], file: "links.csv", line: 1, ["the file is empty", "from, to, kind"])
    }

    @Test func bytesThatAreNeitherUTF8NorGB18030() throws {
        let ds = try TemporaryDataset()
        try ds.write("organizations.csv", bytes: Array(orgHeader.utf8) + Array("A,".utf8) + [0xFF, 0xFF] + Array(",association,D1,,,,,\n".utf8))
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .dataError)
        let e = try #require(outcome.diagnostics(.error).first)
        #expect(e.file == ds.file("organizations.csv"))
        #expect(e.message.contains("byte offset \(orgHeader.utf8.count + 2)"))
        #expect(e.message.contains("neither UTF-8"))
    }

    @Test func controlCharacterInACell() throws {
        try expectDataError(["organizations.csv": orgHeader + "A,a\u{1B}b,association,D1,,,,,\n"],
                            file: "organizations.csv", line: 2, column: 2, ["control character U+001B", "column \"name\""])
    }

    @Test func frameErrors() throws {
        try expectDataError(["regions.csv": regionsOK + "V9,x,village,T7,\n"], file: "regions.csv", line: 6, column: 4,
                            ["unknown parent \"T7\""])
        try expectDataError(["regions.csv": regionsOK + "T9,x,township,T1,\n"], file: "regions.csv", line: 6, column: 4,
                            ["parent \"T1\" is a township, at the same level as this township"])
        try expectDataError(["regions.csv": regionsOK + "D9,x,district,V1,\n"], file: "regions.csv", line: 6, column: 4,
                            ["parent \"V1\" is a village, below this district"])
    }

    @Test func parentLoopsAreReportedOnce() throws {
        let ds = try TemporaryDataset(replacing: ["regions.csv": regionsOK + "X1,x,township,X2,\nX2,y,township,X1,\nX3,z,district,X3,\n"])
        let errors = LoadOutcome(ds.path).diagnostics(.error)
        let loops = errors.filter { $0.message.contains("loops") }
        #expect(loops.map(\.line) == [6, 8])
        #expect(loops.first?.message.contains("X1 → X2 → X1") == true)
        #expect(loops.last?.message.contains("X3 → X3") == true)
        #expect(errors.count == 5)  // + two same-level parents and one self-parent
    }

    @Test func linkWeights() throws {
        try expectDataError(["links.csv": "from,to,kind,weight\nA-T1,A-T2,cooperates,0\n"], file: "links.csv", line: 2, column: 4,
                            ["must be greater than 0"])
        try expectDataError(["links.csv": "from,to,kind,weight\nA-T1,A-T2,cooperates,-1\n"], file: "links.csv", line: 2, column: 4,
                            ["must be greater than 0"])
        try expectDataError(["links.csv": "from,to,kind,weight\nA-T1,A-T2,cooperates,heavy\n"], file: "links.csv", line: 2, column: 4,
                            ["\"heavy\", not a number"])
        try expectDataError(["links.csv": "from,to,kind,weight\nA-T1,A-T2,cooperates,0x10\n"], file: "links.csv", line: 2, column: 4,
                            ["\"0x10\", not a number"])
        try expectDataError(["links.csv": "from,to,kind,weight\nA-T1,A-T2,cooperates,inf\n"], file: "links.csv", line: 2, column: 4,
                            ["\"inf\", not a number"])
    }

    @Test func duplicateHeaderColumn() throws {
        try expectDataError(["links.csv": "from,to,kind,to\nA-T1,A-T2,cooperates,x\n"], file: "links.csv", line: 1, column: 4,
                            ["column \"to\" appears twice"])
    }

    @Test func bothPlainAndGzippedTable() throws {
        let ds = try TemporaryDataset()
        try ds.write("links.csv", "from,to,kind\n")
        try ds.write("links.csv.gz", bytes: gzipFixture)
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .dataError)
        #expect(outcome.diagnostics(.error).first?.message.contains("both links.csv and links.csv.gz") == true)
    }

    @Test func collectsErrorsUpToTheLimitAndCountsTheRest() throws {
        var text = orgHeader
        for i in 0..<70 { text += "A\(i),a,assocation,D1,,,,,\n" }
        let ds = try TemporaryDataset(replacing: ["organizations.csv": text])
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.log.errorCount == 70)
        #expect(outcome.diagnostics(.error).count == 50)
        #expect(outcome.log.omittedErrors == 20)
        #expect(outcome.diagnostics(.error).last?.line == 51)
    }

    @Test func missingInputs() throws {
        #expect(LoadOutcome("/nonexistent/kexie-dataset").failure == .inputMissing)
        let ds = try TemporaryDataset()
        try ds.remove("organizations.csv")
        let outcome = LoadOutcome(ds.path)
        #expect(outcome.failure == .inputMissing)
        #expect(outcome.diagnostics(.error).first?.message.contains("missing required table organizations.csv") == true)
        let ds2 = try TemporaryDataset()
        #expect(LoadOutcome(ds2.path, rules: ["/nonexistent/rules.yaml"]).failure == .inputMissing)
        #expect(LoadOutcome(ds2.file("regions.csv")).failure == .inputMissing)  // a file, not a folder
    }
}

/// `from,to,kind\nA-T1,A-T2,pairs_with\n` compressed with gzip.
let gzipFixture: [UInt8] = [
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0x4b, 0x2b, 0xca, 0xcf, 0xd5, 0x29,
    0xc9, 0xd7, 0xc9, 0xce, 0xcc, 0x4b, 0xe1, 0x72, 0xd4, 0x0d, 0x31, 0xd4, 0x01, 0x12, 0x46, 0x3a,
    0x05, 0x89, 0x99, 0x45, 0xc5, 0xf1, 0xe5, 0x99, 0x25, 0x19, 0x5c, 0x00, 0xbc, 0x1f, 0x97, 0x4e,
    0x22, 0x00, 0x00, 0x00,
]
