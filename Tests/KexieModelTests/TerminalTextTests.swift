import Testing
import KexieModel

@Suite struct TerminalTextTests {
    @Test func controlsLineBreaksAndBidiBecomeVisibleEscapes() {
        #expect(TerminalText.neutralized("a\u{1B}[31m\n\t\r\u{202E}b\u{7F}\u{85}\u{2066}\u{0}") == #"a\u{1B}[31m\n\t\r\u{202E}b\u{7F}\u{85}\u{2066}\u{0}"#)
    }

    @Test func ordinaryTextIsUnchanged() {
        for s in ["", "南开区科协", "a|b*c_d <script>", #"\N\G\l"#, "ﬁ é 👩‍🔬", "क्‍ष \u{200C}"] {
            #expect(TerminalText.neutralized(s) == s)
        }
    }

    @Test func invisibleCharactersAndLineSeparatorsBecomeVisibleEscapes() {
        // Two names that look alike on a terminal must not be alike in a table.
        #expect(TerminalText.neutralized("\u{FEFF}A\u{200B}B\u{2028}C\u{2029}D\u{2060}E\u{2063}") == #"\u{FEFF}A\u{200B}B\u{2028}C\u{2029}D\u{2060}E\u{2063}"#)
    }
}
