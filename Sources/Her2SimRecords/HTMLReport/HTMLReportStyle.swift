/// The cohort report's style sheet: system fonts only (nothing fetched), dark text on white
/// (contrast ≥ 7:1 for text, ≥ 4.5:1 for the muted notes), and print rules for A4 and Letter:
/// no page size is forced, margins fit both, and a figure or table is not split where it fits
/// on one page (a longer table breaks between rows, with its header on every page).
enum HTMLReportStyle {
    static let css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0 auto; padding: 1.5rem 1.25rem 3rem; max-width: 60rem; background: #ffffff; color: #1a1a1a;
          font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Arial, sans-serif; }
        header { border-bottom: 3px solid #1f4e79; margin-bottom: 1.25rem; }
        h1 { font-size: 1.6rem; margin: 0 0 0.5rem; color: #1f4e79; }
        h2 { font-size: 1.25rem; margin: 2rem 0 0.5rem; color: #1f4e79; border-bottom: 1px solid #b8b8b8; }
        h3 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
        .facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.15rem 1rem; margin: 0 0 1rem; }
        .facts div { display: contents; }
        .facts dt { font-weight: 600; }
        .facts dd { margin: 0; }
        code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9em; white-space: nowrap; }
        .hash { font-size: 0.8em; white-space: normal; overflow-wrap: anywhere; }
        .lead, .note, figcaption, caption { color: #444444; }
        .note, figcaption { font-size: 0.88rem; }
        .empty { font-style: italic; }
        figure { margin: 0.5rem 0 1rem; }
        svg { max-width: 100%; height: auto; font-family: inherit; }
        svg .axis { font-size: 11px; fill: #444444; }
        svg .label { font-size: 12px; fill: #1a1a1a; }
        svg .note { font-size: 12px; fill: #444444; font-style: italic; }
        table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
        caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
        th, td { border-bottom: 1px solid #d0d0d0; padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; }
        thead th { border-bottom: 2px solid #1a1a1a; font-weight: 600; }
        tbody th { font-weight: 600; }
        #objectives tbody th, #missed-rules td { font-weight: normal; }
        .n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.spark { padding: 0.1rem 0.45rem; }
        td.spark svg { display: block; width: 180px; }
        .tier { white-space: nowrap; }
        .sources { color: #444444; font-size: 0.85em; }
        .brier { font-size: 1.05rem; }
        .brier strong { font-size: 1.35rem; color: #1f4e79; }
        .pair { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        .pair figure { flex: 0 1 440px; }
        .pair table { flex: 1 1 16rem; width: auto; }
        footer { margin-top: 2.5rem; border-top: 1px solid #b8b8b8; color: #444444; font-size: 0.85rem; }
        @page { margin: 14mm 12mm; }
        @media print {
          body { max-width: none; padding: 0; font-size: 10pt; }
          h2 { break-after: avoid; page-break-after: avoid; margin-top: 1.25rem; }
          h3 { break-after: avoid; page-break-after: avoid; }
          figure, .pair, .keep, tr { break-inside: avoid; page-break-inside: avoid; }
          .lead, .brier { break-after: avoid; page-break-after: avoid; }
          /* A table longer than a page still breaks (between rows, its header repeated). */
          table { break-inside: avoid; page-break-inside: avoid; }
          thead { display: table-header-group; }
          caption { break-after: avoid; }
          svg { max-width: 100%; }
          #score-distribution { width: 100%; }
          a { color: inherit; text-decoration: none; }
        }
        """
}
