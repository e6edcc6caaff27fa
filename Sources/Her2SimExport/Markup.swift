import Foundation
import Her2SimText

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A small tree of (X)HTML: rendered as HTML text with exact escaping (Moodle, Canvas, the
/// handout), or turned into FoundationXML nodes (QTI 2.1 item bodies). Never built from strings.
public indirect enum Markup: Hashable, Sendable {
    case element(String, attributes: [Attribute], children: [Markup])
    case text(String)

    public struct Attribute: Hashable, Sendable {
        public var name: String
        public var value: String

        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public static func el(_ name: String, _ attributes: [Attribute], _ children: [Markup]) -> Markup {
        .element(name, attributes: attributes, children: children)
    }

    public static func el(_ name: String, _ children: [Markup]) -> Markup {
        .element(name, attributes: [], children: children)
    }

    public static func el(_ name: String, _ attributes: [Attribute] = [], text: String) -> Markup {
        .element(name, attributes: attributes, children: [.text(text)])
    }

    public static func cls(_ value: String) -> [Attribute] { [Attribute("class", value)] }

    /// Elements HTML writes without an end tag (as `<br />`, which XML parsers read too).
    static let voidElements: Set<String> = ["br", "hr", "meta", "img", "col", "link"]

    // MARK: - HTML text

    /// The HTML text of this tree; every text and attribute value goes through `HTML.escape`.
    public var html: String {
        var output = ""
        write(to: &output)
        return output
    }

    public static func html(_ nodes: [Markup]) -> String { nodes.map(\.html).joined() }

    private func write(to output: inout String) {
        switch self {
        case .text(let text):
            output += HTML.escape(text)
        case .element(let name, let attributes, let children):
            output += "<" + name
            for attribute in attributes {
                output += " " + attribute.name + "=\"" + HTML.escape(attribute.value) + "\""
            }
            if Self.voidElements.contains(name), children.isEmpty {
                output += " />"
                return
            }
            output += ">"
            for child in children { child.write(to: &output) }
            output += "</" + name + ">"
        }
    }

    // MARK: - XML nodes

    /// This tree as FoundationXML nodes (escaping is the XML library's).
    public var xmlNode: XMLNode {
        switch self {
        case .text(let text):
            return XMLNode.text(withStringValue: Text.xmlSafe(text)) as! XMLNode
        case .element(let name, let attributes, let children):
            let element = XMLElement(name: name)
            for attribute in attributes {
                element.addAttribute(
                    XMLNode.attribute(withName: attribute.name, stringValue: Text.xmlSafe(attribute.value)) as! XMLNode)
            }
            for child in Self.mergingText(children) { element.addChild(child.xmlNode) }
            return element
        }
    }

    /// Adjacent text children as one, empty ones dropped. libxml2 merges a text node added next
    /// to another into it and frees the added node, which FoundationXML still owns — freeing
    /// it twice later. So no tree we build ever has two adjacent text nodes.
    static func mergingText(_ children: [Markup]) -> [Markup] {
        var merged: [Markup] = []
        for child in children {
            if case .text(let text) = child {
                if text.isEmpty { continue }
                if case .text(let previous)? = merged.last {
                    merged[merged.count - 1] = .text(previous + text)
                    continue
                }
            }
            merged.append(child)
        }
        return merged
    }

    /// All text of the tree, in document order.
    public var plainText: String {
        switch self {
        case .text(let text): text
        case .element(_, _, let children): children.map(\.plainText).joined()
        }
    }
}

/// Escaping for HTML text and attribute values.
public enum HTML {
    /// `&`, `<`, `>`, `"` and `'` as character references; everything else (é, µ, ≥, emoji) as is,
    /// since the documents are UTF-8. Characters XML and HTML cannot hold are dropped.
    public static func escape(_ text: String) -> String {
        HTMLEscaping.escape(text, controls: .dropUnlessXML)
    }
}
