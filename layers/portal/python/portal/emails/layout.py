"""One template = subject, plain text and HTML, built from the same blocks so they cannot drift.

Blocks hold `string.Template` placeholders (`$centre_name`). The HTML is made from escaped static
text with the placeholders intact; `render` then substitutes escaped values into it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from string import Template

HTML_STYLE = (
    "font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1d1d1b;"
    "max-width:600px;margin:0 auto;padding:24px"
)


@dataclass(frozen=True, slots=True)
class P:
    """A paragraph."""

    text: str


@dataclass(frozen=True, slots=True)
class Facts:
    """Label and value lines: what to type in, set apart so it is easy to find."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Link:
    """A call to action: the link text and its target (a placeholder, e.g. `$portal_url`)."""

    text: str
    href: str


Block = P | Facts | Link


@dataclass(frozen=True, slots=True)
class EmailTemplate:
    subject: Template
    text: Template
    html: Template


def _text(block: Block) -> str:
    if isinstance(block, P):
        return block.text
    if isinstance(block, Facts):
        return "\n".join(f"{label}: {value}" for label, value in block.rows)
    return f"{block.text}: {block.href}"


def _e(text: str) -> str:
    """Static text in an element: quotes need no escaping there (and Welsh is full of them)."""
    return html.escape(text, quote=False)


def _html(block: Block) -> str:
    e = _e
    if isinstance(block, P):
        return f"<p>{e(block.text)}</p>"
    if isinstance(block, Facts):
        rows = "".join(
            f'<tr><td style="padding:4px 16px 4px 0">{e(label)}</td>'
            f'<td style="padding:4px 0;font-family:monospace;font-size:18px">'
            f"<strong>{e(value)}</strong></td></tr>"
            for label, value in block.rows
        )
        return f'<table role="presentation" style="border-collapse:collapse;margin:16px 0">{rows}</table>'
    return (
        f'<p><a href="{html.escape(block.href)}" style="display:inline-block;padding:10px 20px;'
        f'background:#00558c;color:#ffffff;text-decoration:none;border-radius:4px">{e(block.text)}</a></p>'
    )


def template(
    lang: str, header: str, subject: str, body: tuple[Block, ...], signature: str, footer: str
) -> EmailTemplate:
    """Text and HTML of one message from its blocks; every email ends with the signature and footer."""
    text = "\n\n".join([*(_text(b) for b in body), signature, "--", footer]) + "\n"
    html_body = "".join(_html(b) for b in body)
    page = (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_e(subject)}</title></head>"
        f'<body style="margin:0;background:#f4f4f4"><div style="{HTML_STYLE};background:#ffffff">'
        f'<p style="font-weight:bold;font-size:20px">{_e(header)}</p>'
        f"{html_body}<p>{_e(signature)}</p>"
        f'<hr style="border:none;border-top:1px solid #dddddd">'
        f'<p style="font-size:13px;color:#555555">{_e(footer)}</p></div></body></html>'
    )
    return EmailTemplate(Template(subject), Template(text), Template(page))
