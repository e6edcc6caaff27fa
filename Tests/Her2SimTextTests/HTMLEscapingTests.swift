import Her2SimText
import Testing

@Suite("HTML escaping")
struct HTMLEscapingTests {
    @Test(
        "the five characters become references under either policy",
        arguments: [
            HTMLEscaping.Controls.dropUnlessXML, .replace,
        ])
    func five(_ controls: HTMLEscaping.Controls) {
        #expect(
            HTMLEscaping.escape(#"<a href="x">Tom & 'Jerry'</a>"#, controls: controls)
                == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;")
        #expect(HTMLEscaping.escape("é µ ≥ 🙂", controls: controls) == "é µ ≥ 🙂")
    }

    @Test("exported documents keep newlines and drop what XML cannot hold")
    func exportPolicy() {
        #expect(HTMLEscaping.escape("a\nb\tc\u{1}d\u{FFFE}e", controls: .dropUnlessXML) == "a\nb\tcde")
    }

    @Test("report text turns newlines into spaces and control characters into U+FFFD")
    func reportPolicy() {
        #expect(HTMLEscaping.escape("a\nb\tc\u{1}d\u{85}e", controls: .replace) == "a b c\u{FFFD}d\u{FFFD}e")
    }
}
