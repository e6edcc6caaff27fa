/// The metastatic sites a state or a case may name, and what authors write instead of their ids:
/// vocabulary, so Core holds it (the decoders check against it, the did-you-mean reads it).
public enum MetastaticSites {
    /// Site ids (the brain also has its own field, `brain-metastases`).
    public static let ids = [
        "bone", "brain", "liver", "lung", "nodes", "pleura", "skin", "chest-wall", "soft-tissue", "peritoneum",
        "adrenal", "contralateral-breast", "pericardium", "leptomeninges", "ovary", "bone-marrow",
    ]

    /// Common name → site id; only for the did-you-mean.
    public static let commonNames = [
        "lymph-nodes": "nodes", "lymph-node": "nodes", "node": "nodes", "axilla": "nodes", "bones": "bone",
        "lungs": "lung", "pulmonary": "lung", "hepatic": "liver", "pleural": "pleura", "pleural-effusion": "pleura",
        "cns": "brain", "meninges": "leptomeninges", "marrow": "bone-marrow", "breast": "contralateral-breast",
        "ascites": "peritoneum", "adrenals": "adrenal",
    ]
}
