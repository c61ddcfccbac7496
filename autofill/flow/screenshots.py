"""One PNG per step, each filled field outlined and tagged with its type.

Secret fields are covered by their tag while the picture is taken, and every other place the page
shows a secret by an opaque cover (`covers.py`), so a screenshot never shows a card number or CVC;
file names carry only the step number and page kind.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Sequence

from ..types import SECRET_TYPES
from .covers import REMOVE, draw_secret_covers
from .result import Step

_OVERLAY = r"""
const marks = arguments[0], frames = arguments[1] || [];
const host = document.createElement('div');
host.id = '__autofill_marks';
host.style.cssText = 'position:absolute;left:0;top:0;width:0;height:0;z-index:2147483647;pointer-events:none';
for (const m of marks) {
  const el = (window.__autofillFields || [])[m.key];
  if (!el || !el.isConnected) continue;
  const r = el.getBoundingClientRect();
  const box = document.createElement('div');
  box.style.cssText = `position:absolute;left:${r.left + scrollX - 2}px;top:${r.top + scrollY - 2}px;` +
    `width:${r.width + 4}px;height:${r.height + 4}px;outline:2px solid #e0218a;box-sizing:border-box;` +
    (m.secret ? 'background:#fde7f3;' : '');
  const tag = document.createElement('span');
  tag.textContent = m.label;
  tag.style.cssText = 'position:absolute;left:0;top:-15px;font:11px/13px sans-serif;background:#e0218a;color:#fff;padding:0 3px;white-space:nowrap';
  box.appendChild(tag);
  if (m.secret) {
    const cover = document.createElement('span');
    cover.textContent = m.display;
    cover.style.cssText = 'position:absolute;left:4px;top:50%;transform:translateY(-50%);font:12px sans-serif;color:#333';
    box.appendChild(cover);
  }
  host.appendChild(box);
}
const iframes = document.querySelectorAll('iframe,frame');
for (const f of frames) {
  // Card fields inside a frame: the whole frame is covered, whatever the page wrote into it.
  const el = iframes[f.index];
  if (!el) continue;
  const r = el.getBoundingClientRect();
  const box = document.createElement('div');
  box.style.cssText = `position:absolute;left:${r.left + scrollX}px;top:${r.top + scrollY}px;width:${r.width}px;` +
    `height:${r.height}px;background:#fde7f3;outline:2px solid #e0218a;font:12px sans-serif;color:#333;padding:4px;box-sizing:border-box`;
  box.textContent = f.label;
  host.appendChild(box);
}
document.body.appendChild(host);
"""


def save_step_screenshot(driver: Any, directory: Path, n: int, step: Step, pairs: Sequence) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    filled = {(f.name, f.prediction) for f in step.filled}
    display = {f.name: f.value for f in step.filled}
    marks = []
    secret_frames: dict[int, set[str]] = {}
    for desc, field in pairs:
        secret = field.prediction in SECRET_TYPES
        if desc.frame:
            if secret or field.prediction.startswith("cc-"):
                secret_frames.setdefault(desc.frame[0], set()).add(field.prediction)
            continue
        if desc.key is None:
            continue
        name = desc.name or f"#{desc.index}"
        # Every secret-typed field is covered, filled this step or not: a page may write a
        # rejected card number back into its box.
        if (name, field.prediction) in filled or secret:
            marks.append({"key": int(desc.key), "label": field.prediction + (f" {field.part}" if field.part else ""),
                          "secret": secret, "display": display.get(name, "•••" if secret else "")})
    frames = [{"index": i, "label": "card fields: " + ", ".join(sorted(t))} for i, t in sorted(secret_frames.items())]
    kind = re.sub(r"[^a-z]", "", step.kind) or "page"
    path = directory / f"step-{n:02d}-{kind}.png"
    driver.switch_to.default_content()
    try:
        driver.execute_script(_OVERLAY, marks, frames)
        # Then whatever else shows a secret: text the page echoes, values it set, in shadow roots
        # and same-origin frames (covers.py); the secrets themselves never go to the page.
        draw_secret_covers(driver, skip_keys=[m["key"] for m in marks if m["secret"]])
        driver.save_screenshot(str(path))
    finally:
        driver.execute_script(REMOVE)
    return path
