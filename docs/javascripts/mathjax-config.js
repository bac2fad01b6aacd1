// MathJax 3, served from this site (assets/mathjax/), typesets:
//  - the maths of the Markdown pages and docstrings, which pymdownx.arithmatex wraps in
//    elements of class "arithmatex" as \( … \) and \[ … \];
//  - the maths of the notebook pages, which nbconvert leaves as $ … $ and $$ … $$ inside
//    rendered Markdown cells (and LaTeX outputs);
//  - headings with maths in the navigation and the table of contents (class "md-ellipsis").
// Nothing else on a page is touched (code blocks keep their dollar signs).
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  options: {
    // An element with any class is skipped unless its class is listed below; elements without
    // a class inherit from their parent (so the paragraphs inside a notebook's Markdown cell
    // are typeset; code and pre elements never are).
    ignoreHtmlClass: ".+",
    processHtmlClass: "arithmatex|jp-RenderedMarkdown|jp-RenderedLatex|md-ellipsis",
  },
};
