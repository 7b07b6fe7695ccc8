import Testing
import KexieModel

@Suite struct TerminalTextTests {
    @Test func controlsLineBreaksAndBidiBecomeVisibleEscapes() {
        #expect(TerminalText.neutralized("a\u{1B}[31m\n\t\r\u{202E}b\u{7F}\u{85}\u{2066}\u{0}") == #"a\u{1B}[31m\n\t\r\u{202E}b\u{7F}\u{85}\u{2066}\u{0}"#)
    }

    @Test func ordinaryTextIsUnchanged() {
        for s in ["", "南开区科协", "a|b*c_d <script>", #"\N\G\l"#, "ﬁ é 👩‍🔬", "\u{200B}zero-width"] {
            #expect(TerminalText.neutralized(s) == s)
        }
    }
}
