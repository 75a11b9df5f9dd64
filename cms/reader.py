"""Reader controls (text size, high contrast): the script that applies them
before the first paint.

The choice lives in the browser (localStorage), never on the server, so the
page cache keeps one copy of each page whatever readers choose. The script
runs inline in <head>, before the body is drawn, so a remembered choice
causes no layout shift; the site's policy admits it by its hash, which is
computed here from the very text the template prints (docs/design.md).
"""

import base64
import hashlib

TEXT_SIZES = ("s", "l", "xl")

HEAD_SCRIPT = (
    "(function(){var h=document.documentElement;"
    'h.className=h.className.replace("no-js","js");'
    'try{var t=localStorage.getItem("reader-text");'
    "if(/^(" + "|".join(TEXT_SIZES) + ')$/.test(t))h.classList.add("text-"+t);'
    'if(localStorage.getItem("reader-contrast")==="high")'
    'h.classList.add("contrast")}catch(e){}})();'
)

HEAD_SCRIPT_HASH = "sha256-" + base64.b64encode(
    hashlib.sha256(HEAD_SCRIPT.encode()).digest()
).decode("ascii")
