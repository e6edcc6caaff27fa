import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Building XML with FoundationXML: elements, attributes and text nodes, never strings.
enum XML {
    static func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], _ children: [XMLNode] = [])
        -> XMLElement
    {
        let element = XMLElement(name: name)
        for (key, value) in attributes {
            element.addAttribute(XMLNode.attribute(withName: key, stringValue: Text.xmlSafe(value)) as! XMLNode)
        }
        for child in children {
            precondition(
                !(child.kind == .text && element.children?.last?.kind == .text),
                "two adjacent text nodes: libxml2 would merge and free one that FoundationXML still owns")
            element.addChild(child)
        }
        return element
    }

    static func element(_ name: String, _ attributes: KeyValuePairs<String, String> = [:], text: String) -> XMLElement {
        element(name, attributes, [self.text(text)])
    }

    static func text(_ value: String) -> XMLNode {
        XMLNode.text(withStringValue: Text.xmlSafe(value)) as! XMLNode
    }

    static func namespace(_ prefix: String, _ uri: String) -> XMLNode {
        XMLNode.namespace(withName: prefix, stringValue: uri) as! XMLNode
    }

    /// The UTF-8 document: an XML declaration, then the tree, indented where no text is mixed in.
    ///
    /// The tree is serialized on its own, never attached to an `XMLDocument`: on Linux,
    /// FoundationXML frees a document's libxml2 node before the nodes of a tree attached to it,
    /// which then read the freed document (a crash seen here). The declaration comes from an
    /// empty `XMLDocument`, so both parts are still written by the XML library.
    static func data(namespaces: [(prefix: String, uri: String)] = [], _ build: () -> XMLElement) -> Data {
        let root = build()
        for (prefix, uri) in namespaces { root.addNamespace(namespace(prefix, uri)) }
        let declaration = XMLDocument()
        declaration.version = "1.0"
        declaration.characterEncoding = "UTF-8"
        var data = Data(declaration.xmlString(options: []).utf8)
        if data.last != UInt8(ascii: "\n") { data.append(UInt8(ascii: "\n")) }
        data.append(Data(root.xmlString(options: [.nodePrettyPrint]).utf8))
        data.append(UInt8(ascii: "\n"))
        return data
    }
}

extension XMLElement {
    /// Appends children and returns self, for building trees in one expression.
    @discardableResult
    func adding(_ children: [XMLNode]) -> XMLElement {
        for child in children {
            precondition(
                !(child.kind == .text && self.children?.last?.kind == .text),
                "two adjacent text nodes: libxml2 would merge and free one that FoundationXML still owns")
            addChild(child)
        }
        return self
    }
}
