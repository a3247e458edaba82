"""The bulletin's HTML5 page: UTF-8, bilingual labels, one small inline style sheet, no script
and no external resource (it opens offline from the cycle folder; images are relative)."""
from html import escape

STYLE = """
body{font-family:sans-serif;margin:1.2em auto;max-width:78em;color:#222;line-height:1.4}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;border-bottom:2px solid #468;margin-top:1.6em}
h3{font-size:1.05em}
table{border-collapse:collapse;margin:.5em 0;font-size:.92em}
th,td{border:1px solid #999;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#e8eef4}td.num{text-align:right}
.note{background:#fff6d6;border:1px solid #d9b300;padding:.4em .7em}
.alert{background:#ffe0e0;border:1px solid #c00;padding:.4em .7em}
.ok{color:#060}.failed{color:#b00;font-weight:bold}.skipped{color:#777}
figure{display:inline-block;margin:.3em;vertical-align:top}figure img{max-width:100%;height:auto;border:1px solid #ccc}
figcaption{font-size:.85em;color:#444}
code{background:#f2f2f2;padding:0 .2em}nav a{margin-right:1em}footer{margin-top:2em;font-size:.85em;color:#555}
"""


def esc(text):
    return escape("" if text is None else str(text), quote=True)


def rgb_css(rgb):
    return "rgb(%d,%d,%d)" % tuple(rgb)


def text_colour(rgb):
    """Black on light backgrounds, white on dark (relative luminance, WCAG)."""
    def lin(c):
        c = c / 255.0
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    lum = 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2])
    return "#000" if lum > 0.25 else "#fff"


def coloured_cell(text, rgb, cls, extra_attrs=""):
    return '<td class="%s" style="background-color:%s;color:%s"%s>%s</td>' % (
        cls, rgb_css(rgb), text_colour(rgb), extra_attrs, esc(text))


def table(headers, rows, table_id=None, cls=None):
    """HEADERS: label strings (escaped); ROWS: lists of ready '<td>' strings or plain values."""
    out = ['<table%s%s>' % (' id="%s"' % esc(table_id) if table_id else "",
                            ' class="%s"' % esc(cls) if cls else "")]
    out.append("<thead><tr>%s</tr></thead><tbody>" % "".join("<th>%s</th>" % esc(h) for h in headers))
    for row in rows:
        attrs = ""
        if isinstance(row, tuple):  # (attrs, cells)
            attrs, row = row
        cells = [c if isinstance(c, str) and c.startswith("<td") else "<td>%s</td>" % esc(c) for c in row]
        out.append("<tr%s>%s</tr>" % (attrs, "".join(cells)))
    out.append("</tbody></table>")
    return "\n".join(out)


def section(sid, title, body):
    return '<section id="%s">\n<h2>%s</h2>\n%s\n</section>' % (esc(sid), esc(title), body)


def figure(src, alt, caption, img_id=None):
    return ('<figure><img src="%s" alt="%s"%s loading="eager"><figcaption>%s</figcaption></figure>'
            % (esc(src), esc(alt), ' id="%s"' % esc(img_id) if img_id else "", esc(caption)))


def document(title, header_html, nav, sections, footer_html):
    links = " ".join('<a href="#%s">%s</a>' % (esc(sid), esc(label)) for sid, label in nav)
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>%s</title>" % esc(title),
        "<style>%s</style>" % STYLE.strip(),
        "</head>",
        "<body>",
        "<header>%s</header>" % header_html,
        "<nav>%s</nav>" % links,
        "<main>",
        "\n".join(sections),
        "</main>",
        "<footer>%s</footer>" % footer_html,
        "</body>",
        "</html>",
        "",
    ])
