/**
 * The report page's one stylesheet, inlined in the page: one column, system fonts, large tap targets,
 * a visible focus ring, and "Missing" marked by more than its colour.
 */
export const REPORT_PAGE_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;font-size:1.0625rem;line-height:1.55;color:#1a1a1a;background:#ffffff}
header,main,nav,footer{max-width:40rem;margin:0 auto;padding:1rem}
header{border-bottom:1px solid #d0d0d0}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;margin:2rem 0 .75rem;padding-top:.5rem;border-top:2px solid #1a1a1a}
h3{font-size:1.0625rem;margin:1.25rem 0 .5rem}
p,ul,ol,dl{margin:.5rem 0}
a{color:#0b4f9c;text-decoration:underline}
a:focus-visible{outline:3px solid #0b4f9c;outline-offset:2px}
dl.facts{display:grid;grid-template-columns:minmax(6rem,40%) minmax(0,1fr);gap:.25rem 1rem}
dl.facts dt{font-weight:600;overflow-wrap:anywhere}
dl.facts dd{margin:0;overflow-wrap:anywhere}
@media (max-width:30rem){dl.facts{grid-template-columns:minmax(0,1fr);gap:0}dl.facts dd{margin-bottom:.6rem}}
.muted{color:#4a4a4a}
.card{border:1px solid #d0d0d0;border-radius:.5rem;padding:.75rem;margin:.75rem 0}
.card dl{display:block}
.card dt{font-weight:600;margin-top:.5rem}
.card dd{margin:0;overflow-wrap:anywhere}
.field-type{color:#4a4a4a;font-size:1rem}
.missing{display:inline-block;font-weight:700;color:#8a1111;background:#fdeeee;border:1px solid #8a1111;border-radius:.25rem;padding:0 .4rem}
.missing::before{content:"\\26A0\\FE0E  "}
ol.timeline{list-style:none;padding:0}
ol.timeline li{border-left:3px solid #d0d0d0;padding:.25rem 0 .75rem .75rem}
ol.timeline li.human{border-left-color:#0b4f9c}
.who{font-weight:600}
.note{font-style:italic;color:#4a4a4a}
.long{white-space:pre-line}
.callback{display:block;text-align:center;font-size:1.125rem;font-weight:700;padding:.85rem 1rem;border-radius:.5rem;background:#0b4f9c;color:#ffffff;text-decoration:none;margin:1rem 0}
.callback:focus-visible{outline:3px solid #1a1a1a}
nav ul{padding-left:1.25rem}
.plain{list-style:none;padding:0}
footer{border-top:1px solid #d0d0d0;color:#4a4a4a}
`;
